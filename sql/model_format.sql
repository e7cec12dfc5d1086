-- The model binary format: decoding trusts nothing.
SET extra_float_digits = 0;

CREATE TABLE mf AS SELECT learn.linreg_fit(g::float8 * 2 + 1, ARRAY[g::float8, (g % 3)::float8]) AS m
FROM generate_series(1, 50) g;

-- A good model: magic, format version 1, algorithm id 1, 2 features.
SELECT encode(substring(m FROM 1 FOR 16), 'hex') AS header, length(m) AS bytes FROM mf;
SELECT learn.describe(m)->>'algorithm' AS algorithm, learn.describe(m)->'features'->0->>'name' AS first FROM mf;

-- Every truncation is an error, never a crash.
DO $$
DECLARE
  model bytea := (SELECT m FROM mf);
  errors int := 0;
  codes text[] := '{}';
BEGIN
  FOR n IN 0 .. length(model) - 1 LOOP
    BEGIN
      PERFORM learn.describe(substring(model FROM 1 FOR n));
    EXCEPTION WHEN OTHERS THEN
      errors := errors + 1;
      IF NOT SQLSTATE = ANY (codes) THEN codes := codes || SQLSTATE; END IF;
    END;
  END LOOP;
  RAISE NOTICE 'truncated: % of % prefixes rejected, SQLSTATEs %', errors, length(model), codes;
END $$;

-- Every single-byte corruption is caught (the CRC-32C covers every byte).
DO $$
DECLARE
  model bytea := (SELECT m FROM mf);
  errors int := 0;
  codes text[] := '{}';
BEGIN
  FOR n IN 0 .. length(model) - 1 LOOP
    BEGIN
      PERFORM learn.predict(set_byte(model, n, (get_byte(model, n) + 1) % 256), ARRAY[1.0, 2.0]);
    EXCEPTION WHEN OTHERS THEN
      errors := errors + 1;
      IF NOT SQLSTATE = ANY (codes) THEN codes := codes || SQLSTATE; END IF;
    END;
  END LOOP;
  RAISE NOTICE 'corrupted: % of % flipped bytes rejected, SQLSTATEs %', errors, length(model), codes;
END $$;

-- Foreign and empty bytes.
SELECT learn.describe('\x'::bytea);
SELECT learn.describe('hello world, this is not a model'::bytea);
SELECT learn.predict('\x50474c4d'::bytea, ARRAY[1.0]);
-- Extra bytes after a valid model.
SELECT learn.describe(m || '\x00'::bytea) FROM mf;

-- A structurally valid model whose checksum was recomputed after tampering is
-- still checked field by field: here the algorithm id is set to 999.
CREATE FUNCTION pg_temp.crc32c(data bytea) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  crc bigint := 4294967295;
BEGIN
  FOR i IN 0 .. length(data) - 1 LOOP
    crc := crc # get_byte(data, i);
    FOR k IN 1 .. 8 LOOP
      IF crc & 1 = 1 THEN crc := (crc >> 1) # 2197175160; ELSE crc := crc >> 1; END IF;
    END LOOP;
  END LOOP;
  RETURN crc # 4294967295;
END $$;
CREATE FUNCTION pg_temp.reseal(body bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT body || set_byte(set_byte(set_byte(set_byte('\x00000000'::bytea,
           0, (c & 255)::int), 1, ((c >> 8) & 255)::int), 2, ((c >> 16) & 255)::int), 3, ((c >> 24) & 255)::int)
  FROM (SELECT pg_temp.crc32c(body) AS c) q
$$;
-- resealing the unmodified body reproduces the model exactly
SELECT pg_temp.reseal(substring(m FROM 1 FOR length(m) - 4)) = m AS reseal_identity FROM mf;
-- unknown algorithm id
SELECT learn.describe(pg_temp.reseal(set_byte(substring(m FROM 1 FOR length(m) - 4), 6, 231))) FROM mf;
-- future format version
SELECT learn.describe(pg_temp.reseal(set_byte(substring(m FROM 1 FOR length(m) - 4), 4, 2))) FROM mf;
-- feature count in the header disagrees with the feature section
SELECT learn.describe(pg_temp.reseal(set_byte(substring(m FROM 1 FOR length(m) - 4), 8, 3))) FROM mf;
-- feature count of zero and a huge one
SELECT learn.describe(pg_temp.reseal(set_byte(substring(m FROM 1 FOR length(m) - 4), 8, 0))) FROM mf;
SELECT learn.describe(pg_temp.reseal(set_byte(substring(m FROM 1 FOR length(m) - 4), 11, 127))) FROM mf;
-- reserved field not zero
SELECT learn.describe(pg_temp.reseal(set_byte(substring(m FROM 1 FOR length(m) - 4), 12, 1))) FROM mf;
-- section length pointing past the end
SELECT learn.describe(pg_temp.reseal(set_byte(substring(m FROM 1 FOR length(m) - 4), 23, 127))) FROM mf;

-- Aggregate states from SQL: arbitrary bytes are rejected with SQLSTATE 22P03.
SELECT learn.linreg_fit_trans('\x00'::bytea, 1.0, ARRAY[1.0]);
SELECT learn.linreg_fit_trans('hello world, this is not a state, at all, no....'::bytea, 1.0, ARRAY[1.0]);
SELECT learn.linreg_fit_combine('\x00'::bytea, NULL);
SELECT learn.linreg_fit_combine(NULL, '\x0102'::bytea);
SELECT learn.linreg_fit_final('\xdeadbeef'::bytea);
-- a real state, then corrupted in its header
CREATE TEMP TABLE st AS
SELECT learn.linreg_fit_trans(learn.linreg_fit_trans(NULL, 1.0, ARRAY[1.0, 2.0]), 2.0, ARRAY[2.0, 5.0]) AS s;
SELECT length(s) AS state_bytes FROM st;
-- (byte offsets in the bytea data: magic 0, version 4, algorithm 6, features 8,
--  options length 12, payload length 16, rows used 20, rows skipped 28,
--  fingerprint 36, payload capacity 44, class bytes 48, classes 52,
--  label kind 56, reserved 58, options 60)
SELECT learn.linreg_fit_final(set_byte(s, 0, 0)) FROM st;                 -- magic
SELECT learn.linreg_fit_final(set_byte(s, 4, 9)) FROM st;                 -- version
SELECT learn.linreg_fit_final(set_byte(s, 6, 9)) FROM st;                 -- algorithm id
SELECT learn.linreg_fit_final(set_byte(s, 8, 3)) FROM st;                 -- dimensions
SELECT learn.linreg_fit_final(set_byte(s, 12, 200)) FROM st;              -- options length
SELECT learn.linreg_fit_final(set_byte(s, 16, 1)) FROM st;                -- payload length
SELECT learn.linreg_fit_final(set_byte(s, 27, 255)) FROM st;              -- negative rows used
SELECT learn.linreg_fit_final(set_byte(s, 35, 128)) FROM st;              -- negative rows skipped
SELECT learn.linreg_fit_final(set_byte(s, 44, 1)) FROM st;                -- capacity below length
SELECT learn.linreg_fit_final(set_byte(s, 48, 3)) FROM st;                -- class bytes
SELECT learn.linreg_fit_final(set_byte(s, 52, 1)) FROM st;                -- classes without a dictionary
SELECT learn.linreg_fit_final(set_byte(s, 56, 9)) FROM st;                -- label kind
SELECT learn.linreg_fit_final(set_byte(s, 58, 1)) FROM st;                -- reserved
SELECT learn.linreg_fit_final(substring(s FROM 1 FOR length(s) - 8)) FROM st;  -- truncated
SELECT learn.linreg_fit_final(s || '\x00'::bytea) FROM st;                -- extended
-- options blob corrupted: caught when decoded
SELECT learn.linreg_fit_final(set_byte(s, 60, 7)) FROM st;
-- payload holding NaN (an IEEE NaN written over its first slot; 12 slots for 2 features)
SELECT learn.linreg_fit_final(overlay(s placing '\x000000000000f87f'::bytea from length(s) - 8 * 12 + 1)) FROM st;
-- combining states of different shapes or options
SELECT learn.linreg_fit_combine(s, learn.linreg_fit_trans(NULL, 1.0, ARRAY[1.0])) FROM st;
SELECT learn.linreg_fit_combine(s, learn.linreg_fit_trans(NULL, 1.0, ARRAY[1.0, 2.0], '{"intercept": false}')) FROM st;
-- called directly, the functions do not modify their input
SELECT learn.linreg_fit_combine(s, s) <> s AS combined, s = (SELECT s FROM st) AS input_unchanged FROM st;
SELECT (learn.describe(learn.linreg_fit_final(learn.linreg_fit_combine(s, s)))->>'rows_used')::int AS rows FROM st;

DROP TABLE mf;

-- A pipeline's checksum has no key, so crafted bytes with a valid CRC must be
-- checked field by field.  Both below were made with a CRC-32C over the
-- documented layout (docs/model-format.md): one boolean input, the second
-- with bucket bounds (which only numeric inputs use; they would size its
-- outputs past the one a boolean gives).
SELECT learn.prepare_row('\x0100010000000100780600666c6f6174380200000000000000000000000000000000000000000000000000f03f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000054c402c2'::bytea, true) AS boolean_input;
\set VERBOSITY sqlstate
SELECT learn.prepare_row('\x0100010000000100780600666c6f6174380200000000000000000000000000000000000000000000000000f03f030000000000000000000000000000000000f03f000000000000004000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000078b073c4'::bytea, true);
\set VERBOSITY default
