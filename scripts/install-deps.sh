#!/bin/sh
# Installs the Debian packages Cổng needs to build (and, with --test, to test).
# Runs apt-get only for packages that are missing; as root directly, otherwise through sudo.
set -eu

build_pkgs="gcc make meson ninja-build pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev
libsodium-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libutf8proc-dev libjansson-dev
libxml2-dev zlib1g-dev libbrotli-dev libvips-dev libinih-dev tzdata"
test_pkgs="libcmocka-dev python3 curl libxml2-utils sqlite3 tzdata"
bench_pkgs="wrk"

pkgs=$build_pkgs
[ "${1:-}" = "--test" ] && pkgs="$pkgs $test_pkgs"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs $test_pkgs $bench_pkgs"

missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

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
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
