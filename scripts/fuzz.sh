#!/bin/sh
# Builds and runs the libFuzzer targets of fuzz/ (Debian's clang, ASan, UBSan), one at a time.
#
#   scripts/fuzz.sh build                  configure and build them in $FUZZ_BUILD (build-fuzz)
#   scripts/fuzz.sh run NAME SECONDS       fuzz target NAME for SECONDS from its seeds
#   scripts/fuzz.sh all SECONDS            every target in turn (make fuzz)
#   scripts/fuzz.sh check NAME SECONDS     as run, but from the seeds alone (make test)
#
# The seeds are fuzz/corpus/NAME/ and are only read: the inputs a run finds go to
# $FUZZ_BUILD/corpus/NAME/ (kept between runs, never committed), and a crash is written as
# $FUZZ_BUILD/crashes/NAME-crash-HASH; a crash input, once fixed, belongs in fuzz/corpus/NAME/.
# Exits non-zero if a target crashed or a sanitizer reported anything.
set -eu

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD:-build-fuzz}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
targets="template markdown url form multipart cookie search allow"

do_build() {
    command -v clang >/dev/null 2>&1 ||
        { echo "clang is not installed: run scripts/install-deps.sh --test" >&2; exit 1; }
    if [ ! -f "$build/build.ninja" ]; then
        (cd "$root" && CC=clang meson setup "$build" --buildtype=debugoptimized -Dfuzz=true \
            -Db_sanitize=address,undefined -Db_lundef=false >/dev/null)
    fi
    ninja -C "$build" >/dev/null
}

# run NAME SECONDS [CORPUS]: libFuzzer stops at the first crash and exits non-zero; what it
# finds goes to CORPUS ($build/corpus/NAME), the seeds are only read
do_run() {
    name=$1 secs=$2 found=${3:-$build/corpus/$1}
    mkdir -p "$found" "$build/crashes"
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
        "$build/fuzz/fuzz_$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
        -max_len=8192 -print_final_stats=1 -artifact_prefix="$build/crashes/$name-" \
        "$found" "$root/fuzz/corpus/$name"
}

case "${1:-}" in
build) do_build ;;
run) [ $# -eq 3 ] || { echo "usage: $0 run NAME SECONDS" >&2; exit 2; }
     do_run "$2" "$3" ;;
check) [ $# -eq 3 ] || { echo "usage: $0 check NAME SECONDS" >&2; exit 2; }
     # a test run starts from the seeds every time, so it takes the same few seconds
     rm -rf "$build/check/$2"
     do_run "$2" "$3" "$build/check/$2" ;;
all) [ $# -eq 2 ] || { echo "usage: $0 all SECONDS" >&2; exit 2; }
     do_build
     failed=""
     for t in $targets; do
         echo "== fuzz_$t, $2 s"
         do_run "$t" "$2" || failed="$failed $t"
     done
     if [ -n "$failed" ]; then
         echo "crashed:$failed (inputs in $build/crashes/)" >&2
         exit 1
     fi ;;
*) echo "usage: $0 build | run NAME SECONDS | check NAME SECONDS | all SECONDS" >&2; exit 2 ;;
esac
