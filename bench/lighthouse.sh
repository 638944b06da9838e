#!/bin/sh
# Lighthouse scores of the public pages of a demo portal, as a phone sees them on a first visit.
# Usage: bench/lighthouse.sh [OUT_DIR]   (OUT_DIR keeps each page's report as NAME.json)
#
# Builds the release `cong` (make build), installs npm lighthouse (pinned in
# bench/lighthouse/package.json; npm ci there on the first run, never by `make test`), makes a
# demo portal in a temporary folder, serves it on a free loopback port, and runs Lighthouse
# (mobile, its default simulated throttling) in Debian's Chromium on the home page, a
# category, an article, a search, the documents and the schedule. Prints one table:
# performance, accessibility, best practices and SEO scores, the largest contentful paint, and
# the kilobytes and requests of the load as Lighthouse sees it: Chromium fetches lazy pictures
# within some 1,250 px below the fold ahead of any scrolling, and those count there. Then,
# when the browser tests' packages are installed (tests/e2e/node_modules), the same six pages
# as tests/e2e/weight.test.mjs weighs them on this release build: requests and kilobytes
# before scrolling, lazy pictures below the fold left out. Targets: 100 accessibility, best practices and SEO (the
# search page is noindex: its SEO is the exception), performance 95 or more with LCP at most
# 1.5 s, and each visit at most 100 KB in at most 8 requests. Traffic goes only to 127.0.0.1.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
lh="$root/bench/lighthouse"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH: scripts/install-deps.sh --test installs it" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "npm is missing: scripts/install-deps.sh --test installs it" >&2; exit 1; }
if [ ! -f "$lh/node_modules/.package-lock.json" ] ||
   [ "$lh/package-lock.json" -nt "$lh/node_modules/.package-lock.json" ]; then
    echo "npm ci in bench/lighthouse" >&2
    (cd "$lh" && npm ci --no-audit --no-fund --loglevel=error)
fi
make -s build >/dev/null

tmp=$(mktemp -d)
out=${1:-$tmp/reports}
mkdir -p "$out"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
./build/cong init --demo --db "$tmp/cong.db" >/dev/null
./build/cong serve --db "$tmp/cong.db" --listen 127.0.0.1:0 --theme themes/default \
    >/dev/null 2>"$tmp/serve.log" &
pid=$!
port=""
i=0
while [ -z "$port" ]; do
    i=$((i + 1)); [ $i -gt 100 ] && { cat "$tmp/serve.log" >&2; exit 1; }
    sleep 0.1
    port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$tmp/serve.log" | head -n 1)
done
base="http://127.0.0.1:$port"
until curl -sf "$base/healthz" >/dev/null; do sleep 0.1; done
home=$(curl -s "$base/")
article=$(printf '%s' "$home" | grep -o '/bai-viet/[0-9]*-[a-z0-9-]*' | head -n 1)
category=$(printf '%s' "$home" | grep -o '/chuyen-muc/[a-z0-9-]*' | head -n 1)

for entry in "home|/" "category|$category" "article|$article" \
             "search|/tim-kiem?q=h%E1%BB%99i+ngh%E1%BB%8B" "documents|/van-ban" \
             "schedule|/lich-cong-tac"; do
    name=${entry%%|*}
    path=${entry#*|}
    profile="$tmp/profile-$name"
    mkdir -p "$profile"
    echo "lighthouse $path" >&2
    node "$lh/node_modules/lighthouse/cli/index.js" "$base$path" --quiet \
        --form-factor=mobile \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$profile" \
        --output=json --output-path="$out/$name.json" >/dev/null 2>"$tmp/lh-$name.log" || {
        echo "lighthouse failed on $path:" >&2; cat "$tmp/lh-$name.log" >&2; exit 1; }
done

python3 - "$out" <<'EOF'
import json, os, sys
out = sys.argv[1]
print(f"{'page':10} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5} {'LCP s':>6} {'KB':>6} {'req':>4}  url")
for name in ("home", "category", "article", "search", "documents", "schedule"):
    r = json.load(open(os.path.join(out, name + ".json")))
    cat = lambda k: round((r["categories"][k]["score"] or 0) * 100)
    a = r["audits"]
    lcp = a["largest-contentful-paint"]["numericValue"] / 1000
    kb = a["total-byte-weight"]["numericValue"] / 1024
    # a data: URL (a picture written into the stylesheet) is no request on the network
    reqs = sum(1 for i in a["network-requests"]["details"]["items"]
               if not i["url"].startswith("data:"))
    path = r["finalDisplayedUrl"].split("/", 3)[3]
    print(f"{name:10} {cat('performance'):5} {cat('accessibility'):5} "
          f"{cat('best-practices'):5} {cat('seo'):5} {lcp:6.2f} {kb:6.0f} {reqs:4}  /{path}")
    for k in ("performance", "accessibility", "best-practices", "seo"):
        for ref in r["categories"][k]["auditRefs"]:
            au = a[ref["id"]]
            if ref.get("weight", 0) > 0 and au.get("score") is not None and au["score"] < 0.9:
                print(f"{'':10} {k}: {au['id']} ({au['score']:.2f}): {au['title']}"
                      + (f" — {au['displayValue']}" if au.get("displayValue") else ""))
EOF

if [ -d tests/e2e/node_modules/playwright-core ]; then
    echo
    echo "before scrolling (tests/e2e/weight.test.mjs):"
    (cd tests/e2e && CONG_BIN="$root/build/cong" CONG_ROOT="$root" \
        E2E_ARTIFACTS="$tmp/artifacts" node --test weight.test.mjs 2>&1) |
        sed -n 's/^# \(\/.*\)/  \1/p; s/^# fail [1-9].*/  over the targets: run it alone to see why/p'
fi
