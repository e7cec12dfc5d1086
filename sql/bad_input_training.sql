-- Bad-input catalogue, part 2: training aggregates (and their transition,
-- combine and final functions called directly with arbitrary bytes) and the
-- option parser.  One case per line, printed by try(): the first value, or
-- the SQLSTATE and message of the error.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never
\pset tuples_only on
\pset format unaligned
SET client_min_messages = error;

CREATE FUNCTION public.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE q INTO r;
    RETURN 'ok: ' || coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
-- rows_used of a model, or what went wrong
CREATE FUNCTION public.rows_of(m bytea) RETURNS text LANGUAGE sql AS
    $$SELECT CASE WHEN m IS NULL THEN 'NULL model' ELSE 'rows_used ' || (learn.describe(m)->>'rows_used') END$$;

CREATE TABLE bt (i int, y float8, x1 float8, x2 float8, lab text);
INSERT INTO bt SELECT i, 2 * i + (i % 3), i % 7, (i * 3) % 11, CASE WHEN i % 7 > 3 THEN 'a' ELSE 'b' END
FROM generate_series(1, 60) i;
CREATE TABLE bt_states AS
SELECT learn.linreg_fit_trans(NULL, 1, ARRAY[1, 2]::float8[]) AS linreg,
       learn.logreg_fit_trans(NULL, 'a'::text, ARRAY[1, 2]::float8[]) AS logreg,
       learn.nb_fit_trans(NULL, 'a'::text, ARRAY[1, 2]::float8[]) AS nb,
       learn.svm_fit_trans(NULL, 'a'::text, ARRAY[1, 2]::float8[]) AS svm,
       learn.kmeans_fit_trans(NULL, ARRAY[1, 2]::float8[], '{"k": 1}') AS kmeans,
       learn.pca_fit_trans(NULL, ARRAY[1, 2]::float8[]) AS pca,
       learn.preprocess_fit_trans(NULL, 1, ARRAY[1, 2]::float8[], '{}') AS prep;
CREATE TABLE bt_models AS
SELECT (SELECT learn.linreg_fit(y, ARRAY[x1, x2]) FROM bt) AS linreg,
       (SELECT learn.logreg_fit(lab, ARRAY[x1, x2], '{"lambda": 1}') FROM bt) AS logreg,
       (SELECT learn.svm_fit(lab, ARRAY[x1, x2]) FROM bt) AS svm,
       (SELECT learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2}') FROM bt) AS kmeans;

-- zero rows, one row, NULL rows
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2])) FROM bt WHERE false$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2])) FROM bt WHERE i = 1$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(NULL, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, NULL)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, NULL])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, x2])) FROM bt WHERE false$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, x2])) FROM bt WHERE i = 1$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(NULL::text, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[x1, x2])) FROM bt WHERE false$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[x1, x2])) FROM bt WHERE i = 1$$);
SELECT try($$SELECT rows_of(learn.svm_fit(lab, ARRAY[x1, x2])) FROM bt WHERE false$$);
SELECT try($$SELECT rows_of(learn.svm_fit(lab, ARRAY[x1, x2])) FROM bt WHERE i = 1$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2}')) FROM bt WHERE false$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2}')) FROM bt WHERE i = 1$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[x1, x2])) FROM bt WHERE false$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[x1, x2])) FROM bt WHERE i = 1$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(y, ARRAY[x1, x2], '{}')) FROM bt WHERE false$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(y, ARRAY[x1, x2], '{}')) FROM bt WHERE i = 1$$);

-- NaN and infinities in targets and features
SELECT try($$SELECT rows_of(learn.linreg_fit(CASE WHEN i = 5 THEN 'NaN' ELSE y END, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[CASE WHEN i = 5 THEN 'Infinity' ELSE x1 END, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, CASE WHEN i = 5 THEN '-Infinity' ELSE x2 END])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y * 1e300, ARRAY[x1 * 1e300, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1 * 1e200, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[x1 * 1e300, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[x1 * 1e300, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(y, ARRAY[x1 * 1e300, x2], '{}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1 * 1e300, x2], '{"k": 2}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1 * 1e300, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit(lab, ARRAY[x1 * 1e300, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[CASE WHEN i = 5 THEN 'NaN' ELSE x1 END, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(CASE WHEN i = 5 THEN 'NaN'::float8 ELSE i % 2 END, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(CASE WHEN i = 5 THEN 'Infinity'::numeric ELSE i % 2 END, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit(CASE WHEN i = 5 THEN '-Infinity'::float4 ELSE i % 2 END, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[CASE WHEN i = 5 THEN 'Infinity' ELSE x1 END, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit(lab, ARRAY[x1, CASE WHEN i = 5 THEN 'NaN' ELSE x2 END])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[CASE WHEN i = 5 THEN 'Infinity' ELSE x1 END, x2], '{"k": 2}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[CASE WHEN i = 5 THEN 'NaN' ELSE x1 END, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(y, ARRAY['Infinity', x2], '{}')) FROM bt$$);

-- empty, multi-dimensional and ragged feature arrays
SELECT try($$SELECT rows_of(learn.linreg_fit(y, '{}'::float8[])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[ARRAY[x1, x2]])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, CASE WHEN i = 5 THEN ARRAY[x1] ELSE ARRAY[x1, x2] END)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, '{}'::float8[])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, CASE WHEN i = 5 THEN ARRAY[x1, x2, 1] ELSE ARRAY[x1, x2] END)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[ARRAY[x1], ARRAY[x2]])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit(lab, '{}'::float8[])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit('{}'::float8[], '{"k": 1}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(CASE WHEN i = 5 THEN ARRAY[x1] ELSE ARRAY[x1, x2] END, '{"k": 2}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[ARRAY[x1, x2]])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.pca_fit(CASE WHEN i = 5 THEN ARRAY[x1] ELSE ARRAY[x1, x2] END)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(y, '{}'::float8[], '{}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, '[3:4]={1,2}'::float8[] )) FROM bt$$);

-- constant and collinear columns, a single class, separable classes
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, 1])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, 2 * x1])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(5, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[0, 0]::float8[])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, 2 * x1])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit('a'::text, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(i, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit('a'::text, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[1, 1]::float8[])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[x1, -x2], '{"distribution": "multinomial"}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit('a'::text, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit(lab, ARRAY[0, 0]::float8[])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[1, 1]::float8[], '{"k": 3}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], '{"k": 61}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[1, 1]::float8[])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[x1, 2 * x1], '{"standardize": true}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(y, ARRAY[1, 1]::float8[], '{}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(ARRAY[1]::int[], ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(NULL::unknown, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit(repeat('l', 5000) || i, ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(i, ARRAY[x1])) FROM generate_series(1, 1100) i, LATERAL (SELECT i::float8 AS x1) s$$);

-- many features: at and past each algorithm's limit (54000 past it), 10,000+
SELECT try($$SELECT rows_of(learn.linreg_fit(1, array_fill(1::float8, ARRAY[2001])))$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(1, array_fill(1::float8, ARRAY[10001])))$$);
SELECT try($$SELECT rows_of(learn.logreg_fit('a'::text, array_fill(1::float8, ARRAY[10001])))$$);
SELECT try($$SELECT rows_of(learn.svm_fit('a'::text, array_fill(1::float8, ARRAY[10001])))$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(array_fill(1::float8, ARRAY[10001]), '{"k": 1}'))$$);
SELECT try($$SELECT rows_of(learn.pca_fit(array_fill(1::float8, ARRAY[10001])))$$);
SELECT try($$SELECT rows_of(learn.nb_fit('a'::text, array_fill(1::float8, ARRAY[10001])))$$);
SELECT try($$SELECT rows_of(learn.nb_fit(i % 2, array_fill(i::float8, ARRAY[10001]))) FROM generate_series(1, 4) i$$);
SELECT try($$SELECT rows_of(learn.nb_fit('a'::text, array_fill(1::float8, ARRAY[100001])))$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(1, array_fill(1::float8, ARRAY[10001]), '{}'))$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(1, array_fill(1::float8, ARRAY[100001]), '{}'))$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(i, array_fill(i::float8, ARRAY[300]))) FROM generate_series(1, 3) i$$);

-- options: malformed JSON, not an object, unknown keys, wrong types and ranges
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"lambda": 1')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], NULL)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '[]')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '"lambda"')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"lambdaa": 1}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"lambda": -1}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"lambda": "1"}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"lambda": 1e400}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"lambda": null}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"intercept": "yes"}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"C": 1}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"x''; DROP TABLE bt; --": 1}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"feature_names": ["a"]}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"feature_names": ["a", "a"]}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"feature_names": ["", "b"]}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"feature_names": ["a", 1]}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"feature_names": ["a\u0000", "b"]}')) FROM bt$$);
SELECT try($$SELECT learn.features(learn.linreg_fit(y, ARRAY[x1, x2], '{"feature_names": ["Robert''); DROP TABLE students;--", "\"a\"\"b\""]}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], jsonb_build_object('target', repeat('t', 2000)))) FROM bt$$);
SELECT try($$SELECT rows_of(learn.linreg_fit(y, ARRAY[x1, x2], '{"lambda": 1, "lambda": 2}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, x2], '{"max_iter": 0}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, x2], '{"max_iter": 1.5}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, x2], '{"tol": -1}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, x2], '{"class_weight": {"zz": 1}}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, x2], '{"class_weight": {"a": 0}}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.logreg_fit(lab, ARRAY[x1, x2], '{"class_weight": "even"}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[x1, x2], '{"distribution": "poisson"}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.nb_fit(lab, ARRAY[x1, x2], '{"alpha": -1}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit(lab, ARRAY[x1, x2], '{"C": 0}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.svm_fit(lab, ARRAY[x1, x2], '{"C": 1e308}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2])) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], '{"k": 0}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], '{"k": 1001}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2, "seed": 1e300}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2, "n_init": 100000}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], CASE WHEN i = 5 THEN '{"k": 3}'::jsonb ELSE '{"k": 2}' END)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[x1, x2], '{"n_components": 3}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.pca_fit(ARRAY[x1, x2], '{"n_components": -1}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(y, ARRAY[x1, x2], '{"scale": "log"}')) FROM bt$$);
SELECT try($$SELECT rows_of(learn.preprocess_fit(y, ARRAY[x1, x2], NULL)) FROM bt$$);

-- transition, combine and final functions called directly with arbitrary bytes
SELECT try($$SELECT length(learn.linreg_fit_trans('\x00'::bytea, 1, ARRAY[1, 2]::float8[]))$$);
SELECT try($$SELECT length(learn.linreg_fit_trans(''::bytea, 1, ARRAY[1, 2]::float8[]))$$);
SELECT try($$SELECT length(learn.linreg_fit_trans(linreg, 1, ARRAY[1, 2, 3]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_trans(substr(linreg, 1, 40), 1, ARRAY[1, 2]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_trans(set_byte(linreg, 12, 255), 1, ARRAY[1, 2]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_trans(pca, 1, ARRAY[1, 2]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_trans(linreg, 1, ARRAY[1, 2]::float8[], '{"lambda": 5}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_trans(linreg, 1, ARRAY[1, 2]::float8[], '{"lambda": "x"}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_trans(decode(repeat('ff', 100000), 'hex'), 1, ARRAY[1, 2]::float8[]))$$);
SELECT try($$SELECT length(learn.linreg_fit_combine(linreg, pca)) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_combine(linreg, '\x0102'::bytea)) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_combine(linreg, learn.linreg_fit_trans(NULL, 1, ARRAY[1, 2, 3]::float8[]))) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_combine(NULL, linreg)) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_combine(linreg, linreg || '\x00'::bytea)) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_final('\x00'::bytea))$$);
SELECT try($$SELECT length(learn.linreg_fit_final(kmeans)) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_final(substr(linreg, 1, length(linreg) - 8))) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_final(linreg)) FROM bt_states$$);
SELECT try($$SELECT length(learn.linreg_fit_final(model)) FROM (SELECT linreg AS model FROM bt_models) m$$);
SELECT try($$SELECT length(learn.logreg_fit_trans('\x00'::bytea, 'a'::text, ARRAY[1, 2]::float8[]))$$);
SELECT try($$SELECT length(learn.logreg_fit_trans(linreg, 'a'::text, ARRAY[1, 2]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.logreg_fit_trans(logreg, 1, ARRAY[1, 2]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.logreg_fit_trans(logreg, 'b'::text, ARRAY[1, 2]::float8[], '{"lambda": 3}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.logreg_fit_combine(logreg, nb)) FROM bt_states$$);
SELECT try($$SELECT length(learn.logreg_fit_combine(logreg, substr(logreg, 1, 30))) FROM bt_states$$);
SELECT try($$SELECT length(learn.logreg_fit_final(set_byte(logreg, length(logreg) - 1, 7))) FROM bt_states$$);
SELECT try($$SELECT length(learn.logreg_fit_final(svm)) FROM bt_states$$);
SELECT try($$SELECT length(learn.nb_fit_trans('\xdeadbeef'::bytea, 'a'::text, ARRAY[1, 2]::float8[]))$$);
SELECT try($$SELECT length(learn.nb_fit_trans(nb, true, ARRAY[1, 2]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.nb_fit_trans(nb, 'b'::text, ARRAY[1, 2]::float8[], '{"distribution": "multinomial"}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.nb_fit_combine(nb, logreg)) FROM bt_states$$);
SELECT try($$SELECT length(learn.nb_fit_combine(nb, substr(nb, 1, length(nb) - 1))) FROM bt_states$$);
SELECT try($$SELECT length(learn.nb_fit_final(substr(nb, 1, 20))) FROM bt_states$$);
SELECT try($$SELECT length(learn.nb_fit_final(nb)) FROM bt_states$$);
SELECT try($$SELECT length(learn.svm_fit_trans('\x00'::bytea, 'a'::text, ARRAY[1, 2]::float8[]))$$);
SELECT try($$SELECT length(learn.svm_fit_trans(svm, 'a'::text, ARRAY[1]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.svm_fit_trans(svm, 'a'::text, ARRAY[1, 2]::float8[], '{"C": -1}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.svm_fit_combine(svm, kmeans)) FROM bt_states$$);
SELECT try($$SELECT length(learn.svm_fit_combine(svm, set_byte(svm, 20, 99))) FROM bt_states$$);
SELECT try($$SELECT length(learn.svm_fit_final(svm)) FROM bt_states$$);
SELECT try($$SELECT length(learn.svm_fit_final(logreg)) FROM bt_states$$);
SELECT try($$SELECT length(learn.kmeans_fit_trans('\x00'::bytea, ARRAY[1, 2]::float8[]))$$);
SELECT try($$SELECT length(learn.kmeans_fit_trans(kmeans, ARRAY[1, 2, 3]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.kmeans_fit_trans(kmeans, ARRAY[1, 2]::float8[], '{"k": 5}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.kmeans_fit_trans(pca, ARRAY[1, 2]::float8[], '{"k": 1}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.kmeans_fit_combine(kmeans, pca)) FROM bt_states$$);
SELECT try($$SELECT length(learn.kmeans_fit_combine(kmeans, substr(kmeans, 1, length(kmeans) - 8))) FROM bt_states$$);
SELECT try($$SELECT length(learn.kmeans_fit_final(kmeans)) FROM bt_states$$);
SELECT try($$SELECT length(learn.kmeans_fit_final(set_byte(kmeans, 30, 1))) FROM bt_states$$);
SELECT try($$SELECT length(learn.pca_fit_trans('\x00'::bytea, ARRAY[1, 2]::float8[]))$$);
SELECT try($$SELECT length(learn.pca_fit_trans(kmeans, ARRAY[1, 2]::float8[])) FROM bt_states$$);
SELECT try($$SELECT length(learn.pca_fit_trans(pca, ARRAY[1, 2]::float8[], '{"n_components": 1}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.pca_fit_combine(pca, linreg)) FROM bt_states$$);
SELECT try($$SELECT length(learn.pca_fit_combine(pca, '\x'::bytea)) FROM bt_states$$);
SELECT try($$SELECT length(learn.pca_fit_final(pca)) FROM bt_states$$);
SELECT try($$SELECT length(learn.pca_fit_final(substr(pca, 1, 10))) FROM bt_states$$);
SELECT try($$SELECT length(learn.preprocess_fit_trans('\x00'::bytea, 1, ARRAY[1, 2]::float8[], '{}'))$$);
SELECT try($$SELECT length(learn.preprocess_fit_trans(linreg, 1, ARRAY[1, 2]::float8[], '{}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.preprocess_fit_trans(prep, 1, ARRAY[1]::float8[], '{}')) FROM bt_states$$);
SELECT try($$SELECT length(learn.preprocess_fit_combine(prep, nb)) FROM bt_states$$);
SELECT try($$SELECT length(learn.preprocess_fit_combine(prep, substr(prep, 1, 33))) FROM bt_states$$);
SELECT try($$SELECT length(learn.preprocess_fit_final(prep)) FROM bt_states$$);
SELECT try($$SELECT length(learn.preprocess_fit_final('\x0000'::bytea))$$);

-- the step aggregates (one pass of an iterative fit) with bad models
SELECT try($$SELECT length(learn.logreg_step(lab, ARRAY[x1, x2], NULL)) FROM bt$$);
SELECT try($$SELECT length(learn.logreg_step(lab, ARRAY[x1, x2], '\x00'::bytea)) FROM bt$$);
SELECT try($$SELECT length(learn.logreg_step(lab, ARRAY[x1, x2], (SELECT linreg FROM bt_models))) FROM bt$$);
SELECT try($$SELECT length(learn.logreg_step(lab, ARRAY[x1], (SELECT logreg FROM bt_models))) FROM bt$$);
SELECT try($$SELECT length(learn.logreg_step(lab, ARRAY[x1, x2], (SELECT logreg FROM bt_models))) FROM bt$$);
SELECT try($$SELECT length(learn.logreg_step(lab, ARRAY[x1, 'NaN'], (SELECT logreg FROM bt_models))) FROM bt$$);
SELECT try($$SELECT length(learn.logreg_step_trans('\x00'::bytea, 'a'::text, ARRAY[1, 2]::float8[], (SELECT logreg FROM bt_models)))$$);
SELECT try($$SELECT length(learn.logreg_step_combine('\x00'::bytea, '\x00'::bytea))$$);
SELECT try($$SELECT length(learn.logreg_step_final('\x00'::bytea))$$);
SELECT try($$SELECT length(learn.kmeans_step(ARRAY[x1, x2], (SELECT svm FROM bt_models))) FROM bt$$);
SELECT try($$SELECT length(learn.kmeans_step(ARRAY[x1, x2, 1], (SELECT kmeans FROM bt_models))) FROM bt$$);
SELECT try($$SELECT length(learn.kmeans_step(ARRAY[x1, x2], (SELECT kmeans FROM bt_models))) FROM bt WHERE false$$);
SELECT try($$SELECT length(learn.kmeans_step_trans('\x00'::bytea, ARRAY[1, 2]::float8[], (SELECT kmeans FROM bt_models)))$$);
SELECT try($$SELECT length(learn.kmeans_step_combine('\x01'::bytea, '\x02'::bytea))$$);
SELECT try($$SELECT length(learn.kmeans_step_final('\x00'::bytea))$$);
SELECT try($$SELECT length(learn.svm_step(lab, ARRAY[x1, x2], (SELECT kmeans FROM bt_models))) FROM bt$$);
SELECT try($$SELECT length(learn.svm_step(i, ARRAY[x1, x2], (SELECT svm FROM bt_models))) FROM bt$$);
SELECT try($$SELECT length(learn.svm_step_trans('\x00'::bytea, 'a'::text, ARRAY[1, 2]::float8[], (SELECT svm FROM bt_models)))$$);
SELECT try($$SELECT length(learn.svm_step_combine('\x00'::bytea, NULL))$$);
SELECT try($$SELECT length(learn.svm_step_final('\xffff'::bytea))$$);

-- learn.fit_columns, learn.train's internal aggregate
SELECT try($$SELECT rows_of(learn.fit_columns(1, '{}', y, x1, x2)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.fit_columns(0, '{}', y, x1)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.fit_columns(-1, '{}', y, x1)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.fit_columns(1, '{"bogus": 1}', y, x1)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.fit_columns(1, '{}', y, x1::text)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.fit_columns(1, '{}', y, 'NaN'::float8)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.fit_columns(1, '{}', y)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.fit_columns(3, '{}', lab, x1, x2)) FROM bt$$);
SELECT try($$SELECT length(learn.fit_columns_trans('\x00'::bytea, 1, '{}', 1.0::float8, 2.0::float8))$$);
SELECT try($$SELECT length(learn.fit_columns_trans(linreg, 1, '{}', 1.0::float8, 2.0::float8)) FROM bt_states$$);
SELECT try($$SELECT length(learn.fit_columns_trans(linreg, 5, '{"k": 1}', 1.0::float8, 2.0::float8)) FROM bt_states$$);
SELECT try($$SELECT length(learn.fit_columns_trans(NULL, 1, NULL, 1.0::float8, 2.0::float8))$$);
SELECT try($$SELECT length(learn.fit_columns_combine(linreg, kmeans)) FROM bt_states$$);
SELECT try($$SELECT length(learn.fit_columns_combine('\x00'::bytea, '\x00'::bytea))$$);
SELECT try($$SELECT length(learn.fit_columns_final(nb)) FROM bt_states$$);
SELECT try($$SELECT length(learn.fit_columns_final(substr(nb, 1, 50))) FROM bt_states$$);

-- parallel plans run the combine functions on real partial states
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT try($$SELECT rows_of(learn.linreg_fit(y, CASE WHEN i = 59 THEN ARRAY[x1] ELSE ARRAY[x1, x2] END)) FROM bt$$);
SELECT try($$SELECT rows_of(learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2}')) FROM bt$$);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- learn.hash_sample (the k-means seeding sample of streamed fits) and its parts
SELECT try($$SELECT array_length(learn.hash_sample(ARRAY[x1, x2], 10), 1) FROM bt$$);
SELECT try($$SELECT array_length(learn.hash_sample(ARRAY[x1, x2], 1000), 1) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, x2], 0) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, x2], -1) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, x2], NULL) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, x2], 9223372036854775807) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(NULL::float8[], 5) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, NULL], 5) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, 'NaN'], 5) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, 'Infinity'], 5) FROM bt$$);
SELECT try($$SELECT learn.hash_sample('{}'::float8[], 5) FROM bt$$);
SELECT try($$SELECT learn.hash_sample('{{1,2},{3,4}}'::float8[], 5) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(CASE WHEN i < 30 THEN ARRAY[x1] ELSE ARRAY[x1, x2] END, 5) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, x2], CASE WHEN i < 30 THEN 5 ELSE 6 END) FROM bt$$);
SELECT try($$SELECT learn.hash_sample(ARRAY[x1, x2], 5) FROM bt WHERE false$$);
SELECT try($$SELECT learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 3) IS NOT NULL$$);
SELECT try($$SELECT learn.hash_sample_trans('\x00'::bytea, ARRAY[1, 2]::float8[], 3)$$);
SELECT try($$SELECT learn.hash_sample_trans(linreg, ARRAY[1, 2]::float8[], 3) FROM bt_states$$);
SELECT try($$SELECT learn.hash_sample_trans(substr(learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 3), 1, 20), ARRAY[1, 2]::float8[], 3)$$);
SELECT try($$SELECT learn.hash_sample_trans(learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 3), ARRAY[1, 2, 3]::float8[], 3)$$);
SELECT try($$SELECT learn.hash_sample_combine(NULL, NULL)$$);
SELECT try($$SELECT learn.hash_sample_combine('\xdeadbeef'::bytea, NULL)$$);
SELECT try($$SELECT learn.hash_sample_combine(learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 3), kmeans) FROM bt_states$$);
SELECT try($$SELECT learn.hash_sample_combine(learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 3), learn.hash_sample_trans(NULL, ARRAY[1, 2, 3]::float8[], 3))$$);
SELECT try($$SELECT learn.hash_sample_combine(learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 3), learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 4))$$);
SELECT try($$SELECT learn.hash_sample_final(NULL)$$);
SELECT try($$SELECT learn.hash_sample_final('\x0102'::bytea)$$);
SELECT try($$SELECT learn.hash_sample_final(set_byte(learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 3), 8, 99))$$);
SELECT try($$SELECT learn.hash_sample_final(pca) FROM bt_states$$);
SELECT try($$SELECT learn.hash_sample_final(learn.hash_sample_trans(NULL, ARRAY[1, 2]::float8[], 3))$$);

SELECT count(*) FROM bt;
DROP TABLE bt, bt_states, bt_models;
DROP FUNCTION public.rows_of(bytea);
DROP FUNCTION public.try(text);
