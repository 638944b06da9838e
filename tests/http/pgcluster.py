"""A throwaway PostgreSQL cluster for the tests: Debian's postgresql binaries, initdb and
pg_ctl in a temporary folder, a free loopback port, run as the unprivileged user `postgres`
when the tests run as root (PostgreSQL refuses root). tests/run.py starts one for the whole
run and hands its URL to the HTTP tests as CONG_TEST_PG; each portal gets a database of its
own, copied from a template that holds the demo."""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid


def bindir():
    """The folder of initdb and pg_ctl, or None when PostgreSQL is not installed."""
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return d
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """dir and port: those of a cluster chosen before (tests/run.py chooses them, and a job
    of its run makes the cluster there); by default a new folder and a free port."""

    def __init__(self, dir=None, port=None):
        self.bin = bindir()
        if not self.bin:
            raise RuntimeError("PostgreSQL is not installed (scripts/install-deps.sh --test)")
        self.dir = dir or tempfile.mkdtemp(prefix="cong-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = int(port) if port else free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            os.chmod(self.dir, 0o755)
        self.url = f"postgresql://cong@127.0.0.1:{self.port}/"

    def _run(self, *argv, check=True):
        cmd = list(argv)
        if self.user:
            cmd = ["runuser", "-u", self.user, "--"] + cmd
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=check,
                              text=True)

    def start(self):
        self._run(os.path.join(self.bin, "initdb"), "-D", self.data, "--no-locale", "-E", "UTF8",
                  "-A", "trust", "-U", "cong")
        self.pg_ctl("start")
        return self

    def pg_ctl(self, action, mode="fast"):
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
                " -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
                " -c shared_buffers=64MB")
        argv = [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-l",
                os.path.join(self.dir, "log"), "-w", "-t", "60"]
        if action in ("start", "restart"):
            argv += ["-o", opts]
        if action in ("stop", "restart"):
            argv += ["-m", mode]
        self._run(*argv, action)

    def psql(self, sql, db="postgres"):
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                            str(self.port), "-U", "cong", "-d", db, "-c", sql],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"psql: {r.stderr.strip()}")
        return r.stdout

    def stop(self):
        try:
            if os.path.exists(os.path.join(self.data, "postmaster.pid")):
                self.pg_ctl("stop", "immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def make_demo(self, cong, name="cong_demo"):
        """The template database `name` holding the demo portal, made by `cong init --demo`."""
        self.psql(f"CREATE DATABASE {name}")
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
        r = subprocess.run([cong, "init", "--demo", "--db", self.url + name], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(r.stdout, end="")
        if r.returncode != 0:
            raise RuntimeError(f"cong init --demo failed (exit {r.returncode})")


def new_database(url, template=None):
    """Creates an empty database (or a copy of template) on the cluster at url; its URL."""
    name = "t_" + uuid.uuid4().hex[:16]
    host_port = url.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.rsplit(":", 1)
    sql = f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")
    for attempt in range(20):
        r = subprocess.run(["psql", "-X", "-q", "-h", host, "-p", port, "-U", "cong", "-d",
                            "postgres", "-c", sql], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode == 0:
            return url + name
        # a template being copied by another test at the same moment: try again
        if "being accessed by other users" not in r.stderr:
            raise RuntimeError(f"cannot create a database: {r.stderr.strip()}")
        time.sleep(0.2)
    raise RuntimeError("cannot create a database: the template stays busy")


if __name__ == "__main__":
    # tests/run.py: `pgcluster.py demo DIR PORT CONG` starts the cluster the run chose and makes
    # its template database of the demo portal; the run stops the cluster at its end
    import sys
    if len(sys.argv) != 5 or sys.argv[1] != "demo":
        sys.exit("usage: pgcluster.py demo DIR PORT CONG")
    cluster = Cluster(sys.argv[2], sys.argv[3]).start()
    print(f"PostgreSQL at {cluster.url} (folder {cluster.dir})", flush=True)
    cluster.make_demo(sys.argv[4])
