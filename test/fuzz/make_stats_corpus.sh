#!/usr/bin/env bash
# Regenerate corpus/fuzz_stats/ from a running server (PG* environment):
# real states of every metric and statistics aggregate, built with custom
# aggregates over their transition functions, each written as the harness
# reads it (selector byte, state A's length, A, then A again as B).
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/fuzz_stats
mkdir -p "$out"
# selector (fuzz_stats.c's pairs[] order) and the state's SQL
states=(
  "0|SELECT pg_temp.s2(a, p) FROM (VALUES ('x','x'),('x','y'),('y','y'),('z','x')) v(a, p)"
  "7|SELECT pg_temp.s3(a, p) FROM (VALUES (1.0::float8, 1.5::float8),(2, 1.5),(4, 3.9)) v(a, p)"
  "12|SELECT pg_temp.s4(a, p) FROM (VALUES (true, 0.9::float8),(false, 0.2),(true, 0.4),(false, 0.4)) v(a, p)"
  "15|SELECT pg_temp.s5(a, p) FROM (VALUES (1, 0.9::float8),(0, 0.2),(1, 0.4)) v(a, p)"
  "16|SELECT pg_temp.s6(a, p, ARRAY['a','b','c']) FROM (VALUES ('a', ARRAY[0.7,0.2,0.1]::float8[]),('c', ARRAY[0.1,0.1,0.8]::float8[])) v(a, p)"
  "17|SELECT pg_temp.s7(x, c) FROM (VALUES (ARRAY[1,2]::float8[], 1),(ARRAY[1,3]::float8[], 1),(ARRAY[8,9]::float8[], 2),(ARRAY[9,9]::float8[], 2)) v(x, c)"
  "18|SELECT pg_temp.s8(v, g) FROM (VALUES (1.0::float8, 'a'),(2, 'a'),(3, 'b'),(5, 'b'),(4, 'b')) v(v, g)"
  "19|SELECT pg_temp.s9(v, g) FROM (VALUES (1.0::float8, 'a'),(2, 'a'),(3, 'b'),(5, 'b'),(4, 'b')) v(v, g)"
  "20|SELECT pg_temp.s10(a, b) FROM (VALUES ('u','p'),('u','q'),('v','p'),('v','p')) v(a, b)"
  "21|SELECT pg_temp.s11(x) FROM (VALUES (ARRAY[1,2,3]::float8[]),(ARRAY[2,2,5]::float8[]),(ARRAY[4,1,0]::float8[])) v(x)"
  "23|SELECT pg_temp.s12(x, 2) FROM (VALUES (ARRAY[1,2]::float8[]),(ARRAY[-0.0,5]::float8[]),(ARRAY[4,1]::float8[])) v(x)"
)
psql -X -q -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
CREATE EXTENSION IF NOT EXISTS pg_learn;
SQL
for entry in "${states[@]}"; do
  sel=${entry%%|*}; sql=${entry#*|}
  hex=$(psql -X -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE AGGREGATE pg_temp.s2(text, text) (SFUNC = learn.metric_labels_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s3(float8, float8) (SFUNC = learn.metric_regression_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s4(boolean, float8) (SFUNC = learn.metric_scores_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s5(integer, float8) (SFUNC = learn.metric_logloss_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s6(text, float8[], text[]) (SFUNC = learn.metric_logloss_multi_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s7(float8[], integer) (SFUNC = learn.metric_silhouette_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s8(float8, text) (SFUNC = learn.t_test2_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s9(float8, text) (SFUNC = learn.ks_test_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s10(text, text) (SFUNC = learn.chisq_test_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s11(float8[]) (SFUNC = learn.comoments_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.s12(float8[], bigint) (SFUNC = learn.hash_sample_trans, STYPE = bytea);
SELECT encode(s, 'hex') FROM ($sql) q(s);
SQL
)
  hex=$(printf '%s' "$hex" | tail -1)
  /usr/bin/python3 - "$out/seed-$sel" "$sel" "$hex" <<'PY'
import sys, struct
path, sel, hexs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
a = bytes.fromhex(hexs)
open(path, "wb").write(bytes([sel]) + struct.pack("<I", len(a)) + a + a)
PY
done
ls "$out" | wc -l
