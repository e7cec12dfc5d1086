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

DROP TABLE fz_rows, fz_states;
