#!/usr/bin/env python3
"""Builds Cổng for testing and runs every test: the cmocka unit tests, the HTTP tests that
drive the real `cong` binary over loopback (tests/http), and the end-to-end tests in headless
Chromium (tests/e2e). Ends with one line `N passed, N failed` (", N skipped" may follow) and
exits non-zero if anything failed.

The tests are jobs run side by side, a few at a time (--jobs): each unit test program, each
HTTP test module (every module starts its own servers on port 0 with temporary databases),
each end-to-end test file, at most two at a time because each drives a browser, and each
libFuzzer target of fuzz/ replayed on its seeds (BUILD/tests/replay_NAME). The PostgreSQL pass runs the HTTP modules of
PG_MODULES a second time, each portal a database of one throwaway cluster made for the run
(tests/http/pgcluster.py, itself a job, which also makes the demo template database) and
stopped at its end. The
longest jobs start first, by the times of the previous run (BUILD/test-times.json). A job's
output goes to BUILD/test-logs/NAME.log; the output of a failed job is printed in full."""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HTTP_DIR = os.path.join(ROOT, "tests", "http")
sys.path.insert(0, HTTP_DIR)
import pgcluster  # noqa: E402  (the PostgreSQL pass's throwaway cluster)
E2E_DIR = os.path.join(ROOT, "tests", "e2e")

# Seconds a job may take before it is stopped and counted as failed: a hung server or
# browser must not hold the whole run.
LIMITS = {"build": 900, "unit": 600, "http": 900, "e2e": 600, "fuzz": 60, "setup": 600}
# Expected seconds of a job never timed here, to order the first run.
GUESSES = {"build": 120, "unit": 10, "http": 60, "e2e": 120, "fuzz": 5, "setup": 60}
# How many jobs of one exclusive group may run at once: two browser files, each with its own
# Chromium and server, fit two cores beside the rest; more would starve their time limits.
GROUP_WIDTH = {"browser": 2}
# The HTTP modules the PostgreSQL pass runs again on PostgreSQL (the store, search and web
# paths the portal uses most), chosen so that the whole run stays within its time; and the
# modules that run only there, on the run's cluster. test_auth and test_media pass there too
# (`CONG_TEST_PG=... python3 -m unittest`), but spend their minutes hashing passwords and
# resizing pictures, which the engine does not change; sessions, tokens and login locks are
# covered by test_lockout and test_multinode, stored media by test_conditional and
# test_documents.
PG_MODULES = ["test_search", "test_portal", "test_api_articles", "test_editorial_api",
              "test_sites", "test_stats", "test_cache", "test_documents", "test_questions",
              "test_schedule", "test_feeds", "test_site", "test_admin_articles",
              "test_conditional", "test_lockout", "test_content_lang"]
# unit test programs that run on PostgreSQL too
PG_UNIT = ["test_search"]
PG_ONLY = ["test_multinode"]


def build(build_dir):
    """The test build: debug, with the sanitizers, and --werror, so that a warning in any of
    its programs (the unit tests' too) fails the run before a test starts."""
    if not os.path.exists(os.path.join(ROOT, build_dir, "build.ninja")):
        subprocess.run(["meson", "setup", build_dir, "--buildtype=debug", "--werror",
                        "-Db_sanitize=address,undefined", "-Db_lundef=false"],
                       cwd=ROOT, check=True)
    else:
        opts = subprocess.run(["meson", "introspect", "--buildoptions", build_dir], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True, check=True).stdout
        if any(o["name"] == "werror" and not o["value"] for o in json.loads(opts)):
            subprocess.run(["meson", "configure", build_dir, "-Dwerror=true"], cwd=ROOT,
                           check=True)
    subprocess.run(["ninja", "-C", build_dir], cwd=ROOT, check=True)


class Job:
    """One program to run, and how to read its results from its output."""

    def __init__(self, kind, name, argv, cwd, env, count, needs=None, exclusive=None,
                 after=None):
        self.kind = kind              # "build", "unit", "http", "e2e", "fuzz" or "setup"
        self.name = name              # "http test_auth": unique, names its log
        self.argv = argv
        self.cwd = cwd
        self.env = env
        self.count = count            # (job, output) -> (passed, failed, skipped)
        self.needs = needs            # waits for this setup: "demo" (the shared demo
                                      # database) or "pg" (the cluster and its demo)
        self.exclusive = exclusive    # jobs of one such group run at most GROUP_WIDTH at once
        self.after = after            # a job that must end well before this one starts
        self.tap = None               # e2e: the TAP file node writes
        self.proc = None
        self.log = None
        self.started = 0.0
        self.timed_out = False


def count_cmocka(job, out):
    p = sum(int(m) for m in re.findall(r"^\[  PASSED  \] (\d+) test", out, re.M))
    f = sum(int(m) for m in re.findall(r"^\[  FAILED  \] (\d+) test", out, re.M))
    if job.proc.returncode != 0 and f == 0:
        f = 1  # crashed, or a sanitizer stopped it, before cmocka could count
    return p, f, 0


def count_unittest(job, out):
    """From the end of `python3 -m unittest` output: 'Ran N tests', then 'OK (skipped=S)' or
    'FAILED (failures=F, errors=E, skipped=S, ...)'."""
    # the last of each, in case a test's own output has such a line
    ran = re.findall(r"^Ran (\d+) tests? in ", out, re.M)
    last = re.findall(r"^(?:OK|FAILED)(?: \((.*)\))?$", out, re.M)
    if not ran or not last:
        return 0, 1, 0  # stopped before unittest could count
    n = {k.strip(): int(v) for k, v in re.findall(r"([a-z ]+)=(\d+)", last[-1])}
    failed = n.get("failures", 0) + n.get("errors", 0) + n.get("unexpected successes", 0)
    skipped = n.get("skipped", 0)
    if job.proc.returncode != 0 and failed == 0:
        failed = 1
    return max(0, int(ran[-1]) - failed - skipped), failed, skipped


def count_tap(job, out):
    """From the TAP file node's test runner wrote (its path is the job's tap)."""
    tap = open(job.tap, encoding="utf-8").read() if os.path.exists(job.tap) else ""
    num = lambda key: sum(int(m) for m in re.findall(rf"^# {key} (\d+)$", tap, re.M))
    passed, failed = num("pass"), num("fail") + num("cancelled")
    if job.proc.returncode != 0 and failed == 0:
        failed = 1  # node stopped before it could count
    return passed, failed, num("skipped")


def count_exit(job, out):
    """A job that is one check: it passed if it exited 0."""
    return (1, 0, 0) if job.proc.returncode == 0 else (0, 1, 0)


def werror_job(build_dir):
    """The release build of `cong` as CI configures it: warning level 2, the project's flags
    and -Werror at -O2, so a warning only the optimizer finds (the sanitized debug build,
    itself built with --werror, lets it by) still fails the run. Only the server (the library
    and main): the unit test programs' warnings are the test build's to find, and compiling
    and linking them a second time at -O2 is work the run does not need. Kept in its own
    folder beside the test build, so later runs rebuild only what changed."""
    rel = build_dir.rstrip("/") + "-werror"
    script = (f'[ -f "{rel}/build.ninja" ] || meson setup "{rel}" --buildtype=release --werror; '
              f'ninja -C "{rel}" cong')
    return Job("build", "build release --werror", ["sh", "-c", script], ROOT, dict(os.environ),
               count_exit)


def unit_jobs(build_dir):
    """Each tests/test_* program of the build."""
    tdir = os.path.join(ROOT, build_dir, "tests")
    env = dict(os.environ)
    env["CMOCKA_MESSAGE_OUTPUT"] = "STDOUT"
    env["MUSTACHE_SPEC_DIR"] = os.path.join(os.path.dirname(ROOT), "shared", "spec", "mustache")
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    progs = sorted(p for p in os.listdir(tdir) if p.startswith("test_")
                   and os.path.isfile(os.path.join(tdir, p))
                   and os.access(os.path.join(tdir, p), os.X_OK)) if os.path.isdir(tdir) else []
    jobs = [Job("unit", f"unit {p}", [os.path.join(tdir, p)], os.path.join(ROOT, "tests"), env,
                count_cmocka) for p in progs]
    # a test file that tests/meson.build leaves out (or that cmocka's absence leaves unbuilt)
    # would otherwise never run, and nobody would notice
    sources = sorted(f[:-2] for f in os.listdir(os.path.join(ROOT, "tests", "unit"))
                     if f.startswith("test_") and f.endswith(".c"))
    unbuilt = [f"tests/unit/{s}.c" for s in sources if s not in progs]
    return jobs, unbuilt


def fuzz_jobs(build_dir):
    """One job per libFuzzer target of fuzz/: its seed corpus (fuzz/corpus/NAME, which keeps
    every input that once crashed it) replayed once by BUILD/tests/replay_NAME under the test
    build's sanitizers. A crash or sanitizer report fails the job. Searching for new inputs
    is `make fuzz` (scripts/fuzz.sh, the clang build), which takes minutes, not seconds."""
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    names = re.findall(r"'(\w+)'", re.search(r"fuzz_targets = \[(.*?)\]",
                       open(os.path.join(ROOT, "meson.build")).read()).group(1))
    tdir = os.path.join(ROOT, build_dir, "tests")
    return [Job("fuzz", f"fuzz {n}", [os.path.join(tdir, "replay_" + n),
                                      os.path.join(ROOT, "fuzz", "corpus", n)],
                ROOT, env, count_exit) for n in names], None


def http_jobs(build_dir, demo_db):
    """One `python3 -m unittest` per tests/http/test_*.py. A module's classes share the
    servers its setUpModule starts, so a module is the smallest part that runs alone."""
    env = dict(os.environ)
    env["CONG_BIN"] = os.path.join(ROOT, build_dir, "cong")
    env["CONG_ROOT"] = ROOT
    env["CONG_TEST_DEMO_DB"] = demo_db
    env.pop("CONG_TEST_PG", None)
    env.pop("CONG_TEST_PG_DEMO", None)
    mods = sorted(f[:-3] for f in os.listdir(HTTP_DIR)
                  if f.startswith("test_") and f.endswith(".py") and f[:-3] not in PG_ONLY)
    return [Job("http", f"http {m}", [sys.executable, "-m", "unittest", "-v", m], HTTP_DIR,
                env, count_unittest, needs="demo") for m in mods]


def pg_jobs(build_dir, cluster):
    """The PostgreSQL pass: the job that starts the run's cluster (chosen, not yet made, in
    `cluster`) and makes its template database cong_demo, then one `python3 -m unittest`
    per module of PG_MODULES and PG_ONLY with CONG_TEST_PG naming the cluster, so that each
    portal of the tests is a database of its own on it."""
    cong = os.path.join(ROOT, build_dir, "cong")
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    setup = Job("setup", "pg cluster", [sys.executable, os.path.join(HTTP_DIR, "pgcluster.py"),
                                        "demo", cluster.dir, str(cluster.port), cong],
                HTTP_DIR, env, None)
    env = dict(os.environ)
    env["CONG_BIN"] = cong
    env["CONG_ROOT"] = ROOT
    env.pop("CONG_TEST_DEMO_DB", None)
    env["CONG_TEST_PG"] = cluster.url
    env["CONG_TEST_PG_DEMO"] = "cong_demo"
    jobs = [Job("http", f"http-pg {m}", [sys.executable, "-m", "unittest", "-v", m],
                HTTP_DIR, env, count_unittest, needs="pg") for m in PG_MODULES + PG_ONLY]
    # the unit tests whose fixture makes its store where CONG_TEST_PG says
    # (tests/unit/test_location.h)
    uenv = dict(env)
    uenv["CMOCKA_MESSAGE_OUTPUT"] = "STDOUT"
    uenv.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    for p in PG_UNIT:
        jobs.append(Job("unit", f"unit-pg {p}", [os.path.join(ROOT, build_dir, "tests", p)],
                        os.path.join(ROOT, "tests"), uenv, count_cmocka, needs="pg"))
    return setup, jobs


def e2e_jobs(build_dir, demo_db, artifacts):
    """One `node --test FILE` per tests/e2e/*.test.mjs, at most two at once (GROUP_WIDTH): each
    file drives its own Chromium and sanitized server, and more would starve each other past
    the tests' time limits. Only flags node 18 has (Debian 12): the time limits are in
    the tests themselves (harness.mjs), and one file per run needs no concurrency flag."""
    env = dict(os.environ)
    env["CONG_BIN"] = os.path.join(ROOT, build_dir, "cong")
    env["CONG_ROOT"] = ROOT
    env["E2E_ARTIFACTS"] = artifacts
    env["E2E_DEMO_DB"] = demo_db
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    jobs = []
    for f in sorted(f for f in os.listdir(E2E_DIR) if f.endswith(".test.mjs")):
        tap = os.path.join(artifacts, f[:-len(".test.mjs")] + ".tap")
        job = Job("e2e", f"e2e {f}",
                  ["node", "--test", "--test-reporter=spec", "--test-reporter-destination=stdout",
                   "--test-reporter=tap", f"--test-reporter-destination={tap}", f],
                  E2E_DIR, env, count_tap, needs="demo", exclusive="browser")
        job.tap = tap
        jobs.append(job)
    return jobs


def e2e_missing():
    """Why the end-to-end tests cannot run on this machine, or None."""
    if not shutil.which("node"):
        return "node is not installed (scripts/install-deps.sh --test installs it)"
    # Debian 12's node, the oldest the tests are written for: its test runner has every flag
    # used here, and playwright-core 1.61 runs on it
    v = subprocess.run(["node", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    m = re.match(r"v(\d+)\.(\d+)", v)
    if not m or (int(m.group(1)), int(m.group(2))) < (18, 19):
        return f"node {v or '(unknown version)'} is too old: the tests need node 18.19 or newer"
    if not os.path.isdir(os.path.join(E2E_DIR, "node_modules", "playwright-core")):
        return "tests/e2e/node_modules is missing: run scripts/install-deps.sh --test (npm ci)"
    if not os.access(os.environ.get("CHROMIUM", "/usr/bin/chromium"), os.X_OK):
        return "Chromium is not installed: run scripts/install-deps.sh --test (package chromium)"
    return None


class Run:
    """Runs jobs, at most `width` at a time, and adds up their results."""

    def __init__(self, width, logs, times):
        self.width = width
        self.logs = logs
        self.times = times  # name -> seconds, read from the last run, updated by this one
        self.passed = self.failed = self.skipped = 0

    def expected(self, job, jobs):
        """How long a job should take; a job of an exclusive group counts as its whole group,
        which runs as a chain and must start early, and a job others wait for counts with
        them."""
        own = lambda j: self.times.get(j.name, GUESSES[j.kind])
        if job.exclusive:
            return sum(own(j) for j in jobs if j.exclusive == job.exclusive) / \
                GROUP_WIDTH.get(job.exclusive, 1)
        return own(job) + sum(own(j) for j in jobs if j.after is job)

    def start(self, job):
        job.log = os.path.join(self.logs, job.name.replace(" ", "-") + ".log")
        with open(job.log, "wb") as out:
            # its own process group, so a job stopped at its limit takes its servers along
            job.proc = subprocess.Popen(job.argv, cwd=job.cwd, env=job.env, stdout=out,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        job.started = time.monotonic()

    def stop(self, job):
        job.timed_out = True
        try:
            os.killpg(job.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        job.proc.wait()

    def finish(self, job):
        took = time.monotonic() - job.started
        out = open(job.log, encoding="utf-8", errors="replace").read()
        p, f, s = job.count(job, out)
        if job.timed_out:
            f = max(f, 1)
        self.passed += p
        self.failed += f
        self.skipped += s
        self.times[job.name] = round(took, 1)
        status = "ok" if f == 0 and job.proc.returncode == 0 else "FAILED"
        line = f"{job.name}: {p} passed, {f} failed"
        if s:
            line += f", {s} skipped"
        print(f"{line} [{status}] ({took:.0f} s)", flush=True)
        if status != "ok":
            if job.timed_out:
                print(f"{job.name}: stopped after {LIMITS[job.kind]} s")
            print(f"---- output of {job.name} ({job.log}) ----")
            print(out.rstrip())
            print(f"---- end of {job.name} ----", flush=True)

    def fail_unrun(self, job, why):
        print(f"{job.name}: not run: {why} [FAILED]", flush=True)
        self.failed += 1

    def run(self, jobs, setups):
        """setups: the Jobs that make what others need ("demo": the shared demo database,
        "pg": the PostgreSQL cluster and its demo), by that name."""
        running = []
        try:
            self.schedule(jobs, setups, running)
        finally:
            # interrupted (^C): the jobs have sessions of their own, which the terminal's
            # signal does not reach, so stop them and their servers here
            for job in running:
                self.stop(job)

    def schedule(self, jobs, setups, running):
        pending = sorted(jobs, key=lambda j: -self.expected(j, jobs))
        state = {}  # setup name -> "running", "done" or "failed"
        for name, setup in setups.items():
            self.start(setup)
            running.append(setup)
            state[name] = "running"
        while pending or running:
            busy = {}
            for j in running:
                if j.exclusive:
                    busy[j.exclusive] = busy.get(j.exclusive, 0) + 1
            for job in list(pending):
                if len(running) >= self.width:
                    break
                if job.needs and state.get(job.needs) == "failed":
                    pending.remove(job)
                    self.fail_unrun(job, f"{setups[job.needs].name} failed")
                    continue
                if job.needs and state.get(job.needs) != "done":
                    continue
                if job.after and job.after.proc and job.after.proc.returncode not in (None, 0):
                    pending.remove(job)
                    self.fail_unrun(job, f"{job.after.name} failed")
                    continue
                if job.after and (job.after.proc is None or job.after in running):
                    continue
                if job.exclusive is not None and \
                        busy.get(job.exclusive, 0) >= GROUP_WIDTH.get(job.exclusive, 1):
                    continue
                pending.remove(job)
                self.start(job)
                running.append(job)
                if job.exclusive:
                    busy[job.exclusive] = busy.get(job.exclusive, 0) + 1
            time.sleep(0.05)  # the runner's own pace, not a test's
            for job in list(running):
                if job.proc.poll() is None:
                    if time.monotonic() - job.started > LIMITS.get(job.kind, 600):
                        self.stop(job)
                    else:
                        continue
                running.remove(job)
                name = next((n for n, s in setups.items() if s is job), None)
                if name:
                    took = time.monotonic() - job.started
                    self.times[job.name] = round(took, 1)
                    state[name] = "done" if job.proc.returncode == 0 else "failed"
                    if state[name] == "done":
                        print(f"{job.name}: ready ({took:.0f} s)", flush=True)
                    else:
                        print(f"{job.name} failed [FAILED]\n" +
                              open(job.log, encoding="utf-8", errors="replace").read(),
                              flush=True)
                        self.failed += 1
                    continue
                self.finish(job)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build-test")
    ap.add_argument("--only", choices=["build", "unit", "http", "e2e", "fuzz", "pg"],
                    help="one kind of job (pg: the PostgreSQL pass alone)")
    ap.add_argument("--jobs", type=int, default=(os.cpu_count() or 1) + 1,
                    help="jobs at once (default: processors + 1, as HTTP tests also wait)")
    args = ap.parse_args()
    # stopped from outside (a CI time limit), stop the jobs too: see Run.run
    signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(128 + sig))
    build(args.build)
    build_dir = os.path.join(ROOT, args.build)
    logs = os.path.join(build_dir, "test-logs")
    shutil.rmtree(logs, ignore_errors=True)
    os.makedirs(logs)
    times_file = os.path.join(build_dir, "test-times.json")
    try:
        times = json.load(open(times_file, encoding="utf-8"))
    except (OSError, ValueError):
        times = {}
    run = Run(max(1, args.jobs), logs, times)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cong-test-demo-") as tmp:
        # one demo portal for the whole run, which HTTP and e2e tests copy: under the
        # sanitizers `cong init --demo` takes many seconds of CPU
        demo_db = os.path.join(tmp, "demo.db")
        jobs = []
        if args.only in (None, "build"):
            jobs.append(werror_job(args.build))
        if args.only in (None, "unit"):
            # the catalogues: no unmarked interface text, every message translated
            jobs.append(Job("unit", "unit catalogues",
                            [sys.executable, os.path.join(ROOT, "scripts", "i18n.py"), "check"],
                            ROOT, dict(os.environ), count_exit))
            units, unbuilt = unit_jobs(args.build)
            jobs += units
            for src in unbuilt:
                print(f"unit: {src} was not built (missing from tests/meson.build, or "
                      "libcmocka-dev is not installed) [FAILED]")
                run.failed += 1
        if args.only in (None, "fuzz"):
            fuzz, why = fuzz_jobs(args.build)
            if why:
                print(f"fuzz: cannot run: {why} [FAILED]")
                run.failed += 1
            jobs += fuzz
        if args.only in (None, "http"):
            jobs += http_jobs(args.build, demo_db)
        if args.only in (None, "e2e"):
            artifacts = os.path.join(build_dir, "e2e-artifacts")
            shutil.rmtree(artifacts, ignore_errors=True)
            os.makedirs(artifacts)
            why = e2e_missing()
            if why:
                print(f"e2e: cannot run: {why} [FAILED]")
                run.failed += 1
            else:
                jobs += e2e_jobs(args.build, demo_db, artifacts)
        setups = {}
        cluster = None
        if args.only in (None, "http", "pg"):
            if pgcluster.bindir() is None:
                print("http-pg: cannot run: PostgreSQL is not installed "
                      "(scripts/install-deps.sh --test installs it) [FAILED]")
                run.failed += 1
            else:
                cluster = pgcluster.Cluster()
                setups["pg"], pg = pg_jobs(args.build, cluster)
                jobs += pg
        if any(j.needs == "demo" for j in jobs):
            env = dict(os.environ)
            env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
            setups["demo"] = Job("setup", "demo init", [os.path.join(build_dir, "cong"), "init",
                                                        "--db", demo_db, "--demo"], ROOT, env,
                                 None)
        try:
            run.run(jobs, setups)
        finally:
            if cluster:
                cluster.stop()
    with open(times_file, "w", encoding="utf-8") as f:
        json.dump(run.times, f, indent=1, sort_keys=True)
    print(f"tests took {time.monotonic() - started:.0f} s; logs in {logs}")
    line = f"{run.passed} passed, {run.failed} failed"
    if run.skipped:
        line += f", {run.skipped} skipped"
    print(line)
    return 1 if run.failed or run.passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
