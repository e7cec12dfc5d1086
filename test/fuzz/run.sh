#!/usr/bin/env bash
# Build the libFuzzer harnesses (test/fuzz/Makefile) and run each one over
# its seed corpus, then fuzz each for FUZZ_SECONDS (default 20; all harnesses
# at once) from a scratch copy of the corpus.  Any crash, sanitizer report,
# timeout (-timeout=10 s per input) or out-of-memory fails the run; the
# input is kept under $FUZZ_OUT (default a temporary directory) and named in
# the output.  Prints TAP-style lines and "N passed, M failed".
#   PG_BIN=... bash test/fuzz/run.sh
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$REPO/test/fuzz"

FUZZ_SECONDS=${FUZZ_SECONDS:-20}
HARNESSES=(fuzz_model fuzz_pipeline fuzz_options fuzz_state fuzz_fit fuzz_stats)
OUT=${FUZZ_OUT:-$(mktemp -d /tmp/pg_learn_fuzz.XXXXXX)}
passed=0
failed=0

check() {  # check <description> <status>
  if [ "$2" -eq 0 ]; then echo "ok - $1"; passed=$((passed + 1));
  else echo "not ok - $1"; failed=$((failed + 1)); fi
}

if ! command -v clang >/dev/null || [ -z "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null | grep /)" ]; then
  learn_install_packages clang libclang-rt-14-dev || { echo "not ok - clang and libclang-rt-14-dev are needed"; echo "0 passed, 1 failed"; exit 1; }
fi
say "building the fuzz harnesses"
if ! make -s -j2 PG_CONFIG="$PG_BIN/pg_config" >"$OUT/build.log" 2>&1; then
  cat "$OUT/build.log"; check "fuzz harnesses build" 1; echo "$passed passed, $failed failed"; exit 1
fi
check "fuzz harnesses build" 0

# 1. every seed (and every earlier crash, kept as regress-*) runs clean
for h in "${HARNESSES[@]}"; do
  mkdir -p "$OUT/$h.art"
  n=$(ls corpus/$h | wc -l)
  ./build/$h -runs=0 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$OUT/$h.art/" \
    corpus/$h >"$OUT/$h.corpus.log" 2>&1
  status=$?
  [ $status -ne 0 ] && tail -40 "$OUT/$h.corpus.log"
  check "$h runs its $n corpus inputs" $status
done

# 2. FUZZ_SECONDS of fuzzing each, all harnesses in parallel
pids=()
for h in "${HARNESSES[@]}"; do
  mkdir -p "$OUT/$h.corpus"
  cp corpus/$h/* "$OUT/$h.corpus/" 2>/dev/null
  nice ./build/$h -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$OUT/$h.art/" "$OUT/$h.corpus" >"$OUT/$h.fuzz.log" 2>&1 &
  pids+=($!)
done
for i in "${!HARNESSES[@]}"; do
  h=${HARNESSES[$i]}
  wait "${pids[$i]}"
  status=$?
  runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$OUT/$h.fuzz.log" | awk '{print $2}')
  if [ $status -ne 0 ]; then
    grep -E 'ERROR|runtime error|SUMMARY|fuzz runtime|does not load|re-encodes' "$OUT/$h.fuzz.log" | head -10
    ls "$OUT/$h.art/"
  fi
  check "$h: ${FUZZ_SECONDS} s of fuzzing, ${runs:-?} executions, no crash" $status
done

[ -z "${FUZZ_OUT:-}" ] && [ "$failed" -eq 0 ] && rm -rf "$OUT"
[ "$failed" -gt 0 ] && say "fuzz logs and crashing inputs: $OUT"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
