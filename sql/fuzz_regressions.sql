-- Regressions found by the libFuzzer harnesses (test/fuzz/): each input that
-- crashed a harness or tripped a sanitizer, reached from SQL where it can be.
-- The crashing inputs themselves are in test/fuzz/corpus/<harness>/regress-*.

-- Runs a statement and shows its SQLSTATE, message and detail (one line per error case).
CREATE FUNCTION pg_temp.fails(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' (' || nullif(detail, '') || ')', '');
END $$;

-- The little-endian bytes of a float8 (states hold native little-endian doubles).
CREATE FUNCTION pg_temp.le8(x float8) RETURNS bytea LANGUAGE sql AS $$
    SELECT string_agg(substring(float8send(x) FROM 9 - i FOR 1), ''::bytea ORDER BY i)
    FROM generate_series(1, 8) i $$;
-- A u32 header field of a state at SQL byte offset off (the bytea's contents).
CREATE FUNCTION pg_temp.u32(s bytea, off int) RETURNS bigint LANGUAGE sql AS $$
    SELECT get_byte(s, off)::bigint + (get_byte(s, off + 1)::bigint << 8)
         + (get_byte(s, off + 2)::bigint << 16) + (get_byte(s, off + 3)::bigint << 24) $$;
-- SQL byte offset of a state's payload: 60-byte header, then options and
-- class dictionary, each padded to 8 bytes (state.h; the varlena length word
-- is not part of the bytea's contents).
CREATE FUNCTION pg_temp.payload_at(s bytea) RETURNS int LANGUAGE sql AS $$
    SELECT 60 + ((pg_temp.u32(s, 12) + 7) / 8 * 8)::int + ((pg_temp.u32(s, 48) + 7) / 8 * 8)::int $$;

CREATE AGGREGATE pg_temp.logreg_state(anyelement, float8[]) (
    SFUNC = learn.logreg_fit_trans, STYPE = bytea);
CREATE TABLE fz_rows AS
SELECT (ARRAY['red', 'green', 'blue'])[1 + i % 3] AS lab, (i % 5)::float8 AS x1, ((i * 7) % 11)::float8 AS x2
FROM generate_series(1, 12) i;
CREATE TABLE fz_states AS
SELECT (SELECT pg_temp.logreg_state(lab, ARRAY[x1, x2]) FROM fz_rows WHERE x1 < 3) AS a,
       (SELECT pg_temp.logreg_state(lab, ARRAY[x1, x2]) FROM fz_rows WHERE x1 >= 3) AS b;
SELECT length(learn.logreg_fit_combine(a, b)) > 0 AS good_states_combine FROM fz_states;

-- 1. fuzz_state: a class label that is not valid UTF-8 (here a 0xff byte in
-- "red") was accepted by the state validator; the final function then
-- returned a model that every function rejected.  Now the state is invalid.
SELECT pg_temp.fails(format($q$SELECT learn.logreg_fit_final(%L::bytea)$q$,
       overlay(a PLACING '\xff'::bytea FROM position('\x726564'::bytea IN a) + 1 FOR 1)))
FROM fz_states;
SELECT pg_temp.fails(format($q$SELECT learn.logreg_fit_combine(%L::bytea, NULL)$q$,
       overlay(a PLACING '\x00'::bytea FROM position('\x726564'::bytea IN a) + 1 FOR 1)))
FROM fz_states;

-- 2. fuzz_state (UndefinedBehaviorSanitizer): a kept row's class index that
-- is NaN or out of the int range was converted to int before its range
-- check (undefined behaviour), and 1.5 silently became class 1.  The first
-- row's class index is the first payload slot.
SELECT v AS class_index, pg_temp.fails(format($q$SELECT learn.logreg_fit_combine(%L::bytea, %L::bytea)$q$,
       a, overlay(b PLACING pg_temp.le8(v) FROM pg_temp.payload_at(b) + 1 FOR 8)))
FROM fz_states, (VALUES (1.5::float8), ('NaN'), ('1e300'), ('-1')) t(v);
-- the same bytes with a valid index still combine
SELECT length(learn.logreg_fit_combine(a, overlay(b PLACING pg_temp.le8(2) FROM pg_temp.payload_at(b) + 1 FOR 8))) > 0
       AS valid_index_combines
FROM fz_states;

-- 3. fuzz_state: naive Bayes with a large alpha (var_smoothing) on features
-- of huge variance trained "successfully" into a model that could not be
-- loaded (epsilon = alpha * variance overflowed to Infinity).  Now the
-- training fails with a clear error; the same data with the default alpha
-- still trains and describes.
SELECT pg_temp.fails($q$SELECT learn.describe(learn.nb_fit(l, ARRAY[x], '{"alpha": 1e10}'))
    FROM (VALUES ('a', 1e150::float8), ('a', -1e150), ('b', 1e150), ('b', 2)) v(l, x)$q$);
SELECT learn.describe(learn.nb_fit(l, ARRAY[x]))->>'algorithm' AS default_alpha_trains
FROM (VALUES ('a', 1e150::float8), ('a', -1e150), ('b', 1e150), ('b', 2)) v(l, x);

-- 4. fuzz_state: co-moments no data could produce (a crafted PCA state, the
-- fuzzer's bytes verbatim) decomposed into non-finite components, and
-- learn.pca_fit_final returned a model that could not be loaded.  Now the
-- final function fails with a clear error.
SELECT pg_temp.fails($q$SELECT learn.describe(learn.pca_fit_final(
    '\x50474c530100060003000000470000000c0000000a000000000000000000000000000000a0ab73607b34a1c80c00000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000f0bf0000000000000000f03f0000000000000000000000000000f43f000000000000f03f6666666666661440323333'::bytea))$q$);

-- 5. fuzz_fit: a state with classes but label kind 0 (none; the u16 at byte
-- 56 of the bytea) made learn.logreg_fit_final return a model that could
-- not be loaded ("unknown label kind").  Now the state is invalid.
SELECT pg_temp.fails(format($q$SELECT learn.logreg_fit_final(%L::bytea)$q$,
       overlay(a PLACING '\x0000'::bytea FROM 57 FOR 2)))
FROM fz_states;

-- 6. fuzz_fit (AddressSanitizer: heap-buffer-overflow): a logreg step state
-- whose embedded model has other dimensions than the state (here a running
-- 3-feature model in the state of a 2-feature pass; the fuzzer's bytes with
-- the embedded model's checksum recomputed) made learn.logreg_step_final
-- read past the state's payload and return a model built from those bytes.
SELECT pg_temp.fails($q$SELECT learn.logreg_step_final(
    '\x50474c530100670002000000d5010000230000000a000000000000000000000000000000630908c2c1fdee682300000012000000030000000000000050474c4d0100030003000000000000000100000010000000030000000200783102007832020078330200000003000000010079030000000e00000003030000000100610100620100630500000030010000010000000000000000030000000300000001000000bbbdd7d9df7cdb3d0000000100000000000000dc3202d3ab7a40c0000000000000f0ffda3202d3ab7a40c0000000000000f03f000000000000f03f000000000000f03f0000000000002440000000000000244000000000000024400000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000f87f000000000000f87f000000000000f87f000000000000f87f000000000000f87f000000000000f87f000000000000f87f000000000000f87f06000000480000001e0000000000000000000000000000008ef13ba23866d73733333333333307409b999999999928403233333333330f4082b65a0c570c0040e92b6d272421294082b65a0c570c0040ea8b6b8e0000000400626c75650500677265656e0300726564000000000000a272dff6896423c0222fe3c029b2df3fd085e6f4bf35cd3fb665aaaf9aea054003f01b796facd3bfcc9e00ee47e3e73f1fb2cc7bbdaf1c40090f4f9fbc2f02403c597e148de6114043193be2c8fe28401918c2a37074f2bfd38b4dd1139b03c018304719a99f1bc0c28593e115b02a409a0595c2dd173b40d38b4dd1139b03c0bc71721d19df1dc018d4f44129ca2fc0b3b7602211d8554018304719a99f1bc018d4f44129ca2fc084351da28f4d49c03f5b5eee035f0140dad29917463712403c4d9830acf8284000a0156014ab2b40df5b3fe5287a3c40f0573f2117625640000000000000084000000000000010400000000000000840ffffffffffffff3fffffffffffff15400000000000003440ffffffffff9f5440'::bytea)$q$);

-- 7. The same function raised an internal error (XX000, an elog) for a step
-- state holding a model of another algorithm: here a real k-means model
-- spliced into a real logreg step state as its options blob.
CREATE FUNCTION pg_temp.le4(x int) RETURNS bytea LANGUAGE sql AS $$
    SELECT string_agg(substring(int4send(x) FROM 5 - i FOR 1), ''::bytea ORDER BY i)
    FROM generate_series(1, 4) i $$;
CREATE AGGREGATE pg_temp.logreg_step_state(anyelement, float8[], bytea) (
    SFUNC = learn.logreg_step_trans, STYPE = bytea);
SET client_min_messages = error;  -- the logreg fit's separation warning
WITH s AS (
    SELECT pg_temp.logreg_step_state(lab, ARRAY[x1, x2], (SELECT learn.logreg_fit(lab, ARRAY[x1, x2]) FROM fz_rows)) AS st,
           (SELECT learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2}') FROM fz_rows) AS km
    FROM fz_rows)
SELECT pg_temp.fails(format($q$SELECT learn.logreg_step_final(%L::bytea)$q$,
       substring(st FROM 1 FOR 12) || pg_temp.le4(length(km)) || substring(st FROM 17 FOR 44)
       || km || substring('\x0000000000000000'::bytea FROM 1 FOR (8 - length(km) % 8) % 8)
       || substring(st FROM 61 + ((pg_temp.u32(st, 12) + 7) / 8 * 8)::int)))
FROM s;
RESET client_min_messages;

-- 8. fuzz_fit: k-means with a huge tol ("tol": 1e300 times a feature
-- variance of ~1e10) overflowed its absolute tolerance to Infinity and
-- trained a model the decoder rejected.  Now it trains (stopping after the
-- first pass, as the tolerance asks) into a model that loads and scores.
SELECT learn.describe(m)->>'algorithm' AS algorithm, learn.predict(m, ARRAY[1e5::float8]) IN (0, 1) AS scores
FROM (SELECT learn.kmeans_fit(ARRAY[x], '{"k": 2, "tol": 1e300}') AS m
      FROM (VALUES (1e5::float8), (-1e5), (0), (5e4)) v(x)) s;

-- 9. fuzz_state (UndefinedBehaviorSanitizer: signed integer overflow): the
-- combine functions added the two states' row counts unchecked; states
-- claiming 2^62 * 1.75 rows each (the int64 at byte 20 of the bytea)
-- overflowed bigint.  Now that is an error; the same states with a
-- plausible count still combine.
CREATE AGGREGATE pg_temp.linreg_state(float8, float8[]) (
    SFUNC = learn.linreg_fit_trans, STYPE = bytea);
WITH s AS (SELECT pg_temp.linreg_state(x1 + x2, ARRAY[x1, x2]) AS st FROM fz_rows)
SELECT pg_temp.fails(format($q$SELECT learn.linreg_fit_combine(%L::bytea, %L::bytea)$q$,
           overlay(st PLACING '\x0000000000000070'::bytea FROM 21 FOR 8),
           overlay(st PLACING '\x0000000000000070'::bytea FROM 21 FOR 8))) AS huge_counts,
       learn.describe(learn.linreg_fit_final(learn.linreg_fit_combine(st, st)))->>'rows_used' AS doubled
FROM s;

-- 10. fuzz_stats (UndefinedBehaviorSanitizer: signed integer overflow): the
-- same unchecked sum in the combine functions of the statistics states
-- (chi-square table, tests on moments and samples, co-moments).  Now an
-- error; the plausible states still combine.
CREATE AGGREGATE pg_temp.table_state(text, text) (SFUNC = learn.chisq_test_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.moments_state(float8, text) (SFUNC = learn.t_test2_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.comoments_state(float8[]) (SFUNC = learn.comoments_trans, STYPE = bytea);
WITH s AS (SELECT pg_temp.table_state(CASE WHEN x1 > 0 THEN 'u' ELSE 'v' END, CASE WHEN x2 > 0 THEN 'p' ELSE 'q' END) AS t,
                  pg_temp.moments_state(x1, CASE WHEN x2 > 0 THEN 'a' ELSE 'b' END) AS m,
                  pg_temp.comoments_state(ARRAY[x1, x2]) AS c
           FROM fz_rows)
SELECT pg_temp.fails(format($q$SELECT learn.stat_table_combine(%L::bytea, %L::bytea)$q$,
           overlay(t PLACING '\x0000000000000070'::bytea FROM 21 FOR 8),
           overlay(t PLACING '\x0000000000000070'::bytea FROM 21 FOR 8))) AS table_counts,
       pg_temp.fails(format($q$SELECT learn.stat_moments_combine(%L::bytea, %L::bytea)$q$,
           overlay(m PLACING '\x0000000000000070'::bytea FROM 21 FOR 8),
           overlay(m PLACING '\x0000000000000070'::bytea FROM 21 FOR 8))) AS moments_counts,
       pg_temp.fails(format($q$SELECT learn.comoments_combine(%L::bytea, %L::bytea)$q$,
           overlay(c PLACING '\x0000000000000070'::bytea FROM 21 FOR 8),
           overlay(c PLACING '\x0000000000000070'::bytea FROM 21 FOR 8))) AS comoments_counts,
       length(learn.stat_table_combine(t, t)) > 0 AND length(learn.stat_moments_combine(m, m)) > 0
         AND length(learn.comoments_combine(c, c)) > 0 AS plausible_combine
FROM s;

DROP TABLE fz_rows, fz_states;
