#!/bin/sh
# Installs the Debian packages Cổng needs to build (and, with --test, to test).
# Runs apt-get only for packages that are missing; as root directly, otherwise through sudo.
set -eu

build_pkgs="gcc make meson ninja-build pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev
libsodium-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libutf8proc-dev libjansson-dev
libxml2-dev zlib1g-dev libbrotli-dev libvips-dev libinih-dev libcurl4-openssl-dev tzdata
poppler-utils"
# clang builds the libFuzzer targets of fuzz/ (its libFuzzer comes with Debian 12's clang 14)
test_pkgs="libcmocka-dev python3 brotli curl libxml2-utils sqlite3 tzdata libvips-tools clang"
# msgfmt checks the catalogues of po/ (scripts/i18n.py check)
test_pkgs="$test_pkgs gettext"
# the PostgreSQL pass and the several-nodes test: the server (initdb, pg_ctl; tests/run.py makes
# a throwaway cluster of its own, never the package's), its client psql, and HAProxy in front
# of the nodes (started by the test with its own configuration, never as the package's service)
test_pkgs="$test_pkgs postgresql postgresql-client haproxy"
# bench/run measures pages against nginx serving the same page as a file
bench_pkgs="wrk nginx-light"

# the end-to-end tests (tests/e2e): Debian's Chromium, fonts with Vietnamese glyphs, and
# node with npm for playwright-core (node and npm only when missing: a machine's own node
# may come from elsewhere and bring its own npm)
e2e_pkgs="chromium fonts-dejavu-core"
# the Nu HTML Checker (npm vnu-jar, tests/http/test_html_valid.py) runs on Java; Debian's Java
# first, so that vnu-jar's install step finds it and downloads none of its own
e2e_pkgs="$e2e_pkgs default-jre-headless"
command -v node >/dev/null 2>&1 || e2e_pkgs="$e2e_pkgs nodejs"
command -v npm >/dev/null 2>&1 || e2e_pkgs="$e2e_pkgs npm"

pkgs=$build_pkgs
[ "${1:-}" = "--test" ] && pkgs="$pkgs $test_pkgs $e2e_pkgs"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs $test_pkgs $bench_pkgs"

missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
# npm ci in tests/e2e, after the packages, when its node_modules are missing or older than
# package-lock.json
e2e_npm() {
    [ "${1:-}" = "--test" ] || return 0
    dir="$(dirname "$0")/../tests/e2e"
    if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
       [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        echo "npm ci in tests/e2e"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

if [ -z "$missing" ]; then
    e2e_npm "${1:-}"
    exit 0
fi

echo "installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "missing packages:$missing (run as root or install sudo)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
# a package with a service (nginx for the benchmarks, PostgreSQL and HAProxy for the tests) must
# not start it on a port of every interface: a policy that refuses starts, for the time of the
# install, unless one is there
policy=/usr/sbin/policy-rc.d
own_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy"
    own_policy=1
fi
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null || {
    [ -n "$own_policy" ] && $sudo rm -f "$policy"; exit 1; }
[ -n "$own_policy" ] && $sudo rm -f "$policy"
e2e_npm "${1:-}"
