#!/bin/sh
# Page throughput and latency of a release build, measured with wrk over loopback.
# Usage: bench/pages.sh [SECONDS]   (default 10 seconds per URL; 2 threads, 32 connections)
# Prints requests per second and latency percentiles for each kind of page. Traffic goes
# only to 127.0.0.1 and stops after the given time.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-10}
port=18089
sh scripts/install-deps.sh --bench
make -s build >/dev/null
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
./build/cong init --demo --db "$tmp/cong.db" >/dev/null
./build/cong serve --db "$tmp/cong.db" --listen "127.0.0.1:$port" >/dev/null 2>"$tmp/serve.log" &
pid=$!
i=0
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { cat "$tmp/serve.log"; exit 1; }; sleep 0.1
done
home=$(curl -s "http://127.0.0.1:$port/")
article=$(printf '%s' "$home" | grep -o '/bai-viet/[0-9]*-[a-z0-9-]*' | head -n 1)
css=$(printf '%s' "$home" | grep -o '/static/[0-9a-f]*/style.css' | head -n 1)
category=$(printf '%s' "$home" | grep -o '/chuyen-muc/[a-z0-9-]*' | head -n 1)
# A browser's User-Agent is counted by the visitor statistics; a crawler's is not, so the
# article page measured both ways shows what counting costs.
browser="Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36"
printf '%-48s %10s %8s %8s %8s\n' "url" "req/s" "p50" "p90" "p99"
for entry in "/|$browser" "$article|$browser" "$article|Googlebot/2.1 (not counted)" \
             "$category|$browser" "$css|$browser" "/healthz|$browser"; do
    path=${entry%%|*}
    ua=${entry#*|}
    out=$(wrk -t2 -c32 -d"${secs}s" --latency -H "User-Agent: $ua" "http://127.0.0.1:$port$path")
    rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')
    p90=$(printf '%s\n' "$out" | awk '$1 == "90%" {print $2}')
    p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
    label=$path
    case $ua in Googlebot*) label="$path (crawler)" ;; esac
    printf '%-48s %10s %8s %8s %8s\n' "$label" "$rps" "$p50" "$p90" "$p99"
done
