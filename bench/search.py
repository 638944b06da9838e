#!/usr/bin/env python3
"""Search latency on a portal of 100,000 synthetic Vietnamese articles.

Builds a release `cong` and bench/bench_fill (in build-bench/), fills a new portal (or reuses
--db PATH if it exists), serves it on 127.0.0.1 only, and times ~200 varied searches (common
and rare words, compounds, with and without accents, Telex, filters, later pages, hostile
input) over one keep-alive connection, one request at a time. Prints p50/p95/p99 as the client
and as the server (its access log) saw them, and the slowest queries. Every request has a
10-second timeout and the whole run sends a bounded number of requests.

usage: bench/search.py [--articles N] [--db PATH] [--queries N] [--clients N]
"""

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build-bench")


def sh(*args, **kw):
    subprocess.run(args, check=True, cwd=ROOT, **kw)


def build():
    if not os.path.exists(os.path.join(BUILD, "build.ninja")):
        sh("meson", "setup", BUILD, "--buildtype=release", stdout=subprocess.DEVNULL)
    sh("ninja", "-C", BUILD, "cong", "bench/bench_fill", stdout=subprocess.DEVNULL)


def strip_accents(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


TELEX_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
TELEX_MARKS = {"\u0302": None, "\u0306": "w", "\u031b": "w"}  # circumflex doubles the vowel


def telex(word):
    """How a word is typed in Telex before the accents are applied ("đảng" -> "ddangr")."""
    out, tone = [], ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TELEX_TONES:
            tone = TELEX_TONES[ch]
        elif ch == "\u0302" and out:
            out.append(out[-1])
        elif ch in TELEX_MARKS and out:
            out.append("w")
        elif ch == "đ":
            out.append("dd")
        else:
            out.append(ch)
    return "".join(out) + tone


def make_queries(vocab, categories, n, rng):
    """A varied set: each entry is (label, query params)."""
    common, rare = vocab[:40], vocab[40:]
    compounds = [w for w in vocab if " " in w]
    out = []

    def add(label, **params):
        out.append((label, params))

    for w in rng.sample(common, 20):
        add("common word", q=w)
    for w in rng.sample(rare, 40):
        add("rarer word", q=w)
    for w in rng.sample(compounds, 40):
        form = rng.choice([w, strip_accents(w), w.upper(), strip_accents(w).lower()])
        add("compound", q=form)
    for _ in range(30):
        k = rng.randint(2, 4)
        add("several words", q=" ".join(rng.sample(vocab, k)))
    for w in rng.sample(compounds, 15):
        add("telex", q=" ".join(telex(x) for x in w.split()))
    for w in rng.sample(vocab, 20):
        cat = rng.choice(categories)
        add("category filter", q=w, **{"chuyen-muc": cat})
    for w in rng.sample(vocab, 15):
        y = rng.randint(2022, 2025)
        add("date filter", q=w, tu=f"{y}-01-01", den=f"{y}-06-30")
    for w in rng.sample(common, 10):
        add("later page", q=w, trang=rng.randint(2, 8))
    for q in ('"', "AND", "NEAR(", "*", "-x", "(((", "title:x", "của và các là",
              "đảng viên " * 30, "xyzzy không có"):
        add("hostile/edge", q=q)
    rng.shuffle(out)
    return out[:n]


def percentile(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def run_queries(port, queries, clients):
    """Sends the queries over `clients` keep-alive connections; returns [(ms, label, path)]."""
    results = []
    lock = threading.Lock()
    work = list(queries)

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while True:
            with lock:
                if not work:
                    break
                label, params = work.pop()
            path = "/tim-kiem?" + urllib.parse.urlencode(params)
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"User-Agent": "cong-bench"})
            r = conn.getresponse()
            r.read()
            ms = (time.perf_counter() - t0) * 1000
            if r.status != 200:
                raise SystemExit(f"{path}: HTTP {r.status}")
            with lock:
                results.append((ms, label, path))
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100000)
    ap.add_argument("--db", help="portal to reuse (filled first if missing)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--clients", type=int, default=1)
    args = ap.parse_args()

    build()
    tmp = tempfile.mkdtemp(prefix="cong-bench-")
    db = args.db or os.path.join(tmp, "bench.db")
    vocab_file = os.path.join(tmp, "vocab.txt")
    proc = None
    try:
        if not os.path.exists(db):
            sh(os.path.join(BUILD, "cong"), "init", "--db", db, stdout=subprocess.DEVNULL)
            t0 = time.time()
            sh(os.path.join(BUILD, "bench", "bench_fill"), "--db", db, "--articles",
               str(args.articles), "--vocab-out", vocab_file)
            print(f"filled {args.articles} articles in {time.time() - t0:.0f} s, "
                  f"database {os.path.getsize(db) / 2**20:.0f} MiB")
        else:
            sh(os.path.join(BUILD, "bench", "bench_fill"), "--vocab-out", vocab_file)
        vocab = [l.strip() for l in open(vocab_file, encoding="utf-8") if l.strip()]

        log = open(os.path.join(tmp, "access.log"), "w+")
        proc = subprocess.Popen([os.path.join(BUILD, "cong"), "serve", "--db", db, "--listen",
                                 "127.0.0.1:0", "--theme", os.path.join(ROOT, "themes",
                                                                         "default")],
                                cwd=ROOT, stdout=log, stderr=subprocess.PIPE)
        port = None
        for raw in proc.stderr:
            m = re.search(rb"\(port (\d+)\)", raw)
            if m:
                port = int(m.group(1))
                break
        if not port:
            raise SystemExit("cong serve did not start")
        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()

        home = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        home.request("GET", "/")
        cats = sorted(set(re.findall(r'href="/chuyen-muc/([a-z0-9-]+)"',
                                     home.getresponse().read().decode())))
        home.close()
        rng = random.Random(7)
        queries = make_queries(vocab, cats, args.queries, rng)
        run_queries(port, rng.sample(queries, min(20, len(queries))), 1)  # warm-up
        log.flush()
        start = log.tell()
        results = run_queries(port, queries, args.clients)

        ms = [r[0] for r in results]
        print(f"{len(ms)} searches, {args.clients} client(s), one at a time per client")
        print(f"client  p50 {percentile(ms, 50):6.2f} ms   p95 {percentile(ms, 95):6.2f} ms"
              f"   p99 {percentile(ms, 99):6.2f} ms   mean {statistics.mean(ms):6.2f} ms")
        time.sleep(0.2)
        log.flush()
        log.seek(start)
        server = [float(m.group(1)) for line in log
                  for m in [re.search(r'"GET /tim-kiem\S* HTTP/1\.1" 200 \d+ ([0-9.]+)ms', line)]
                  if m]
        if server:
            print(f"server  p50 {percentile(server, 50):6.2f} ms   p95 "
                  f"{percentile(server, 95):6.2f} ms   p99 {percentile(server, 99):6.2f} ms")
        by = {}
        for t, label, _ in results:
            by.setdefault(label, []).append(t)
        for label, ts in sorted(by.items()):
            print(f"  {label:16s} n={len(ts):3d}  p50 {percentile(ts, 50):6.2f}  "
                  f"max {max(ts):6.2f} ms")
        print("slowest:")
        for t, label, path in sorted(results, reverse=True)[:5]:
            print(f"  {t:7.2f} ms  {label:16s} {urllib.parse.unquote_plus(path)[:90]}")
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
