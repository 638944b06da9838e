#!/usr/bin/env python3
"""Builds Cổng for testing and runs every test: the cmocka unit tests, then the HTTP tests
that drive the real `cong` binary over loopback. Ends with one line `N passed, N failed`
and exits non-zero if anything failed."""

import argparse
import os
import re
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(build_dir):
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        subprocess.run(["meson", "setup", build_dir, "--buildtype=debug",
                        "-Db_sanitize=address,undefined", "-Db_lundef=false"],
                       cwd=ROOT, check=True)
    subprocess.run(["ninja", "-C", build_dir], cwd=ROOT, check=True)


def run_unit(build_dir):
    """Runs each tests/test_* program; counts cmocka's per-test results."""
    passed = failed = 0
    tdir = os.path.join(ROOT, build_dir, "tests")
    env = dict(os.environ)
    env["CMOCKA_MESSAGE_OUTPUT"] = "STDOUT"
    env["MUSTACHE_SPEC_DIR"] = os.path.join(os.path.dirname(ROOT), "shared", "spec", "mustache")
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    progs = sorted(p for p in os.listdir(tdir) if p.startswith("test_")
                   and os.path.isfile(os.path.join(tdir, p))
                   and os.access(os.path.join(tdir, p), os.X_OK)) if os.path.isdir(tdir) else []
    for prog in progs:
        r = subprocess.run([os.path.join(tdir, prog)], cwd=os.path.join(ROOT, "tests"),
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=600)
        out = r.stdout.decode("utf-8", "replace")
        p = sum(int(m) for m in re.findall(r"^\[  PASSED  \] (\d+) test", out, re.M))
        f = sum(int(m) for m in re.findall(r"^\[  FAILED  \] (\d+) test", out, re.M))
        if r.returncode != 0 and f == 0:
            f = 1  # crashed, or a sanitizer stopped it, before cmocka could count
        passed += p
        failed += f
        status = "ok" if r.returncode == 0 and f == 0 else "FAILED"
        print(f"unit {prog}: {p} passed, {f} failed [{status}]")
        if status != "ok":
            print(out[-6000:])
    return passed, failed


def run_http(build_dir):
    os.environ["CONG_BIN"] = os.path.join(ROOT, build_dir, "cong")
    os.environ["CONG_ROOT"] = ROOT
    sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
    suite = unittest.defaultTestLoader.discover(os.path.join(ROOT, "tests", "http"),
                                                pattern="test_*.py",
                                                top_level_dir=os.path.join(ROOT, "tests", "http"))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors)
    return result.testsRun - failed - len(result.skipped), failed, len(result.skipped)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build-test")
    ap.add_argument("--only", choices=["unit", "http"])
    args = ap.parse_args()
    build(args.build)
    passed = failed = skipped = 0
    if args.only in (None, "unit"):
        p, f = run_unit(args.build)
        passed += p
        failed += f
    if args.only in (None, "http"):
        p, f, s = run_http(args.build)
        passed += p
        failed += f
        skipped += s
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
