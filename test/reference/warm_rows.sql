-- 400,000 synthetic rows for the warm-start checks of check_logreg.sh and
-- check_linear_svm.sh: four features, a binary label yb (logistic noise on a
-- linear score) and a three-class label yc ('a', 'b', 'c': the same noise,
-- cut at -1 and 1).  Deterministic: hashes of the row number, no random().
CREATE TABLE warm AS
SELECT x1, x2, x3, x4,
       (0.5 * x1 - x2 + 0.3 * x3 + 0.1 * x4 + ln(u / (1 - u)) > 0)::int AS yb,
       CASE WHEN 0.4 * x1 + 0.8 * x2 - 0.5 * x4 + ln(u / (1 - u)) < -1 THEN 'a'
            WHEN 0.4 * x1 + 0.8 * x2 - 0.5 * x4 + ln(u / (1 - u)) < 1 THEN 'b' ELSE 'c' END AS yc
FROM (SELECT sin(i * 0.7) * 2 + ((hashint8extended(i, 1) & 65535) / 65536.0 - 0.5) AS x1,
             cos(i * 1.3) + ((hashint8extended(i, 2) & 65535) / 65536.0 - 0.5) AS x2,
             ((hashint8extended(i, 3) & 65535) / 65536.0 - 0.5) * 3 AS x3,
             (i % 7) - 3 + ((hashint8extended(i, 4) & 65535) / 65536.0) AS x4,
             ((hashint8extended(i, 5) & 1048575) + 0.5) / 1048576.0 AS u
      FROM generate_series(1, 400000) i) g;
