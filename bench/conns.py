#!/usr/bin/env python3
"""Memory per idle connection of a release `cong`.

Starts `cong serve` on 127.0.0.1 (a new empty portal in a temporary folder), reads its
resident memory (VmRSS), opens N connections from 127.0.0.2 and up (50 to an address, under
the per-address limit of 64) that send nothing, reads it again, makes one keep-alive request on
each so that they are idle keep-alive connections, and reads it a third time. Prints the
memory per connection at each step. Traffic stays on loopback and is bounded by N.

usage: bench/conns.py [--bin PATH] [-n N]     (default: build-bench/cong, 4000 connections)
"""

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def settle(pid):
    """RSS once it stops moving (the server's threads accept and read asynchronously)."""
    last = -1
    for _ in range(50):
        time.sleep(0.2)
        now = rss_kib(pid)
        if now == last:
            return now
        last = now
    return last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build-bench", "cong"))
    ap.add_argument("-n", type=int, default=4000)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    tmp = tempfile.mkdtemp(prefix="cong-conns-")
    db = os.path.join(tmp, "cong.db")
    subprocess.run([args.bin, "init", "--db", db], check=True, stdout=subprocess.DEVNULL)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cfg = os.path.join(tmp, "cong.ini")
    with open(cfg, "w") as f:
        f.write("[server]\naccess_log = off\n")
    srv = subprocess.Popen([args.bin, "serve", "--db", db, "--config", cfg, "--listen",
                            f"127.0.0.1:{port}", "--theme",
                            os.path.join(ROOT, "themes", "default")],
                           stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "log"), "w"))
    socks = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        base = settle(srv.pid)
        for i in range(args.n):
            s = socket.socket()
            s.bind((f"127.0.0.{2 + i // 50}", 0))
            s.connect(("127.0.0.1", port))
            socks.append(s)
            if i % 500 == 499:
                time.sleep(0.5)  # let the server accept: a full backlog drops handshakes
        bare = settle(srv.pid)
        for s in socks:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        for s in socks:
            s.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                b = s.recv(65536)
                if not b:
                    raise RuntimeError("a connection was closed")
                data += b
        kept = settle(srv.pid)
        n = args.n
        print(f"rss before: {base} KiB")
        print(f"{n} connections that sent nothing: +{bare - base} KiB, "
              f"{(bare - base) * 1024 / n:.0f} bytes each")
        print(f"{n} idle keep-alive connections after one request: +{kept - base} KiB, "
              f"{(kept - base) * 1024 / n:.0f} bytes each")
    except Exception:
        with open(os.path.join(tmp, "log")) as f:
            sys.stderr.write(f.read()[-2000:])
        raise
    finally:
        for s in socks:
            s.close()
        srv.terminate()
        srv.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
