#!/usr/bin/env python3
"""Builds Cổng for testing and runs every test: the cmocka unit tests, the HTTP tests that
drive the real `cong` binary over loopback, then the end-to-end tests in headless Chromium
(tests/e2e). Ends with one line `N passed, N failed`
and exits non-zero if anything failed."""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
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


def run_e2e(build_dir):
    """Runs tests/e2e/*.test.mjs with node's test runner in headless Chromium (see
    docs/development.md). Screenshots and failure logs go to BUILD/e2e-artifacts. A missing
    node, npm install or browser is a failure that says what to do, never a skip."""
    edir = os.path.join(ROOT, "tests", "e2e")
    artifacts = os.path.join(ROOT, build_dir, "e2e-artifacts")
    shutil.rmtree(artifacts, ignore_errors=True)
    os.makedirs(artifacts)
    why = None
    if not shutil.which("node"):
        why = "node is not installed (scripts/install-deps.sh --test installs it)"
    elif not os.path.isdir(os.path.join(edir, "node_modules", "playwright-core")):
        why = "tests/e2e/node_modules is missing: run scripts/install-deps.sh --test (npm ci)"
    elif not os.access(os.environ.get("CHROMIUM", "/usr/bin/chromium"), os.X_OK):
        why = "Chromium is not installed: run scripts/install-deps.sh --test (package chromium)"
    if why:
        print(f"e2e: cannot run: {why} [FAILED]")
        return 0, 1
    files = sorted(f for f in os.listdir(edir) if f.endswith(".test.mjs"))
    env = dict(os.environ)
    env["CONG_BIN"] = os.path.join(ROOT, build_dir, "cong")
    env["CONG_ROOT"] = ROOT
    env["E2E_ARTIFACTS"] = artifacts
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    with tempfile.TemporaryDirectory(prefix="cong-e2e-demo-") as tmp:
        # the demo takes seconds to build under the sanitizers: once for every test to copy
        demo = os.path.join(tmp, "demo.db")
        r = subprocess.run([env["CONG_BIN"], "init", "--db", demo, "--demo"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        if r.returncode != 0:
            print("e2e: cong init --demo failed [FAILED]\n" + r.stdout.decode("utf-8", "replace"))
            return 0, 1
        env["E2E_DEMO_DB"] = demo
        tap = os.path.join(artifacts, "results.tap")
        try:
            r = subprocess.run(["node", "--test", "--test-concurrency=1", "--test-timeout=90000",
                                "--test-reporter=spec", "--test-reporter-destination=stdout",
                                "--test-reporter=tap", f"--test-reporter-destination={tap}",
                                *files], cwd=edir, env=env, timeout=600)
            code = r.returncode
        except subprocess.TimeoutExpired:
            print("e2e: the stage ran past 600 s and was stopped [FAILED]")
            code = None
    out = open(tap, encoding="utf-8").read() if os.path.exists(tap) else ""
    count = lambda key: sum(int(m) for m in re.findall(rf"^# {key} (\d+)$", out, re.M))
    passed, failed = count("pass"), count("fail") + count("cancelled")
    if code != 0 and failed == 0:
        failed = 1  # node stopped before it could count
    status = "ok" if code == 0 and failed == 0 else "FAILED"
    print(f"e2e: {passed} passed, {failed} failed [{status}] (screenshots: {artifacts})")
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build-test")
    ap.add_argument("--only", choices=["unit", "http", "e2e"])
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
    if args.only in (None, "e2e"):
        p, f = run_e2e(args.build)
        passed += p
        failed += f
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
