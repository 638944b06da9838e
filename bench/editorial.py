#!/usr/bin/env python3
"""What editorial work costs on a release build: uploads, saves, workflow steps, admin pages.

Builds a release `cong` (in build-bench/), makes a demo portal in a temporary folder, serves
it on 127.0.0.1 only, and measures, one request at a time over loopback:
- uploading pictures through POST /api/v1/media (each decoded, turned upright, stripped of
  metadata and copied at 320/640/1280 px in WebP and its own format), per picture size;
- creating an article, saving it again and moving it through submit and approve (the API);
- the admin's article list (filters), the editor, the history and a diff page;
and the server's peak resident memory (VmHWM) after all of it. The pictures are made by the
vips command (libvips-tools). Every request has a 60-second timeout; the run sends a bounded
number of requests.

usage: bench/editorial.py [--uploads N] [--articles N]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from urllib.parse import urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build-bench")
PW = "mat-khau-do-hieu-nang-1"


def sh(*args, **kw):
    subprocess.run(args, check=True, cwd=ROOT, **kw)


def build():
    if not os.path.exists(os.path.join(BUILD, "build.ninja")):
        sh("meson", "setup", BUILD, "--buildtype=release", stdout=subprocess.DEVNULL)
    sh("ninja", "-C", BUILD, "cong", stdout=subprocess.DEVNULL)


def cong(*args, stdin=None, env=None):
    r = subprocess.run([os.path.join(BUILD, "cong"), *args], input=stdin, capture_output=True,
                       text=True, env=env, check=False)
    if r.returncode != 0:
        sys.exit(f"cong {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def picture(tmp, width, height, suffix):
    """A width x height photo-like gradient, as suffix says, made by the vips command."""
    base = os.path.join(tmp, uuid.uuid4().hex)
    subprocess.run(["vips", "xyz", base + ".v", str(width), str(height)], check=True)
    subprocess.run(["vips", "extract_band", base + ".v", base + "-x.v", "0"], check=True)
    subprocess.run(["vips", "bandjoin_const", base + "-x.v", base + "-c.v", "90 200"], check=True)
    subprocess.run(["vips", "cast", base + "-c.v", base + suffix, "uchar"], check=True)
    with open(base + suffix, "rb") as f:
        return f.read()


class Client:
    def __init__(self, port, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.token = token

    def request(self, method, path, body=None, headers=None):
        h = {"Authorization": "Bearer " + self.token}
        h.update(headers or {})
        t0 = time.perf_counter()
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, data, (time.perf_counter() - t0) * 1000


def report(name, times):
    times = sorted(times)
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    print(f"{name:<44} {len(times):>5} {statistics.median(times):>9.1f} {p90:>9.1f} "
          f"{times[-1]:>9.1f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uploads", type=int, default=5, help="pictures per size (default 5)")
    ap.add_argument("--articles", type=int, default=50, help="articles to write (default 50)")
    args = ap.parse_args()
    if not shutil.which("vips"):
        sys.exit("needs the vips command: sh scripts/install-deps.sh --bench")
    build()
    tmp = tempfile.mkdtemp(prefix="cong-bench-editorial-")
    db = os.path.join(tmp, "cong.db")
    env = dict(os.environ)
    proc = None
    try:
        cong("init", "--demo", "--db", db)
        cong("user", "add", "xuatban", "--role", "publisher", "--password-stdin", "--db", db,
             stdin=PW + "\n", env=env)
        token = cong("token", "create", "xuatban", "--db", db).strip()
        proc = subprocess.Popen([os.path.join(BUILD, "cong"), "serve", "--db", db,
                                 "--listen", "127.0.0.1:0"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        port = None
        for line in proc.stderr:
            m = re.search(r"\(port (\d+)\)", line)
            if m:
                port = int(m.group(1))
                break
        if not port:
            sys.exit("the server did not say where it listens")
        # keep reading its log, so a full pipe never stalls it
        threading.Thread(target=lambda: proc.stderr.read(), daemon=True).start()
        c = Client(port, token)
        print(f"{'what (ms, one request at a time)':<44} {'n':>5} {'p50':>9} {'p90':>9} "
              f"{'max':>9}")

        media = []
        for w, h, suffix, label in ((1600, 1200, ".jpg", "JPEG 1600x1200 (2 MP)"),
                                    (4000, 3000, ".jpg", "JPEG 4000x3000 (12 MP)"),
                                    (1600, 1200, ".png", "PNG 1600x1200")):
            times = []
            for _ in range(args.uploads):
                data = picture(tmp, w, h, suffix)
                st, body, ms = c.request("POST", "/api/v1/media", data,
                                         {"Content-Type": "application/octet-stream"})
                if st != 201:
                    sys.exit(f"upload: {st} {body[:300]!r}")
                media.append(json.loads(body)["id"])
                times.append(ms)
            report(f"upload {label}", times)

        created, saved, submitted, approved, ids = [], [], [], [], []
        body_md = "\n\n".join(f"Đoạn {i}: học viên và giảng viên trao đổi về chuyển đổi số."
                              for i in range(30))
        for i in range(args.articles):
            art = {"title": f"Bài đo hiệu năng số {i}", "summary": "Tóm tắt ngắn.",
                   "body": body_md, "category": "tin-tuc-su-kien", "tags": ["đo", "thử"],
                   "cover": media[i % len(media)]}
            st, body, ms = c.request("POST", "/api/v1/articles", json.dumps(art),
                                     {"Content-Type": "application/json"})
            if st != 201:
                sys.exit(f"create: {st} {body[:300]!r}")
            created.append(ms)
            aid = json.loads(body)["id"]
            ids.append(aid)
            st, body, ms = c.request("PATCH", f"/api/v1/articles/{aid}",
                                     json.dumps({"summary": "Tóm tắt đã sửa."}),
                                     {"Content-Type": "application/json"})
            saved.append(ms)
            for action, into in (("submit", submitted), ("approve", approved)):
                st, body, ms = c.request("POST", f"/api/v1/articles/{aid}/transitions",
                                         json.dumps({"action": action}),
                                         {"Content-Type": "application/json"})
                if st != 200:
                    sys.exit(f"{action}: {st} {body[:300]!r}")
                into.append(ms)
        report("create an article (API)", created)
        report("save an article (PATCH)", saved)
        report("submit (transition)", submitted)
        report("approve (transition)", approved)

        # the admin's pages, read with the session of a logged-in publisher
        login = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        login.request("GET", "/dang-nhap")
        r = login.getresponse()
        page = r.read().decode()
        cookies = "; ".join(v.split(";", 1)[0] for k, v in r.getheaders()
                            if k.lower() == "set-cookie")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        login.request("POST", "/dang-nhap", urlencode({"csrf": csrf, "name": "xuatban",
                                                        "password": PW}),
                      {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})
        r = login.getresponse()
        r.read()
        session = "; ".join(v.split(";", 1)[0] for k, v in r.getheaders()
                            if k.lower() == "set-cookie")
        if r.status != 303 or not session:
            sys.exit(f"login: {r.status}")
        revs = c.request("GET", f"/api/v1/articles/{ids[0]}/revisions")[1]
        rev = json.loads(revs)["items"][0]["id"]
        for label, path in (("admin list, all", "/quan-tri/bai-viet"),
                            ("admin list, published, page 2",
                             "/quan-tri/bai-viet?trang_thai=published&trang=2"),
                            ("admin list, search 'chuyen doi so'",
                             "/quan-tri/bai-viet?q=chuyen+doi+so"),
                            ("editor", f"/quan-tri/bai-viet/{ids[0]}"),
                            ("history", f"/quan-tri/bai-viet/{ids[0]}/lich-su"),
                            ("diff of a revision", f"/quan-tri/bai-viet/{ids[0]}/lich-su/{rev}")):
            times = []
            for _ in range(30):
                t0 = time.perf_counter()
                login.request("GET", path, headers={"Cookie": session})
                r = login.getresponse()
                r.read()
                if r.status != 200:
                    sys.exit(f"{path}: {r.status}")
                times.append((time.perf_counter() - t0) * 1000)
            report(label, times)
        with open(f"/proc/{proc.pid}/status") as f:
            hwm = re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)
        print(f"server peak resident memory (VmHWM): {int(hwm) / 1024:.0f} MiB")
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
