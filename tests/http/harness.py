"""Starts the real `cong` binary on a free loopback port with a temporary database, and
speaks raw HTTP to it. Tests use only this module and the standard library."""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

CONG = os.environ.get("CONG_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build-test", "cong")
ROOT = os.environ.get("CONG_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
THEME = os.path.join(ROOT, "themes", "default")


def make_schema(path, version):
    """Creates a portal database of an older schema at path: (exit status, stderr)."""
    tool = os.path.join(os.path.dirname(CONG), "tests", "make_schema")
    r = subprocess.run([tool, path, str(version)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stderr.decode("utf-8", "replace")


def run_cong(*args, env=None, input=None, timeout=120):
    """Runs `cong ARGS`; returns (exit status, stdout, stderr) as text."""
    e = dict(os.environ)
    e.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    if env:
        e.update(env)
    r = subprocess.run([CONG, *args], env=e, input=input, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case name -> value (last one wins)
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        return self.headers.get(name.lower())


# A demo portal made once by tests/run.py for the whole run (CONG_TEST_DEMO_DB): `cong init
# --demo` takes seconds of CPU under the sanitizers, and a dozen classes want a fresh demo.
# Each Server copies it, so every portal is still its own. Without it (a module run alone),
# each Server makes its own demo.
DEMO_DB = os.environ.get("CONG_TEST_DEMO_DB")
# The tests run against PostgreSQL when this names a cluster (tests/run.py --pg, or the PG
# pass of a whole run): each portal is then a new database on it, the demo one copied from
# the template database CONG_TEST_PG_DEMO, and `db` is its URL.
PG = os.environ.get("CONG_TEST_PG")
PG_DEMO = os.environ.get("CONG_TEST_PG_DEMO")


def make_demo(db):
    """A demo portal in the SQLite file db: a copy of the run's (DEMO_DB), else one made by
    `cong init --demo` (a module run alone). The run's own `demo init` job is what tests that
    the demo is made."""
    if DEMO_DB:
        shutil.copyfile(DEMO_DB, db)
        return
    st, out, err = run_cong("init", "--db", db, "--demo")
    if st != 0:
        raise RuntimeError(f"cong init --demo failed: {err}")


def sqlite_only(why):
    """Skips a test (or a class) when the portals are PostgreSQL databases: for what only a
    SQLite file has (its bytes, its dump, an older schema made by tools/make_schema)."""
    return unittest.skipIf(bool(PG), f"SQLite only: {why}")


def connect(db):
    """A connection to a portal's database, whichever engine holds it: sqlite3's for a file,
    and for a postgresql:// URL one that speaks through psql with the same calls the tests
    use (execute with ? parameters, fetchone, fetchall, iteration, `with`). Rows are tuples
    of int, float, str or None on both."""
    if db.startswith(("postgresql://", "postgres://")):
        return PgConnection(db)
    return sqlite3.connect(db)


def db_rows(db, sql, params=()):
    """The rows of one statement on a portal's database (either engine), as a list of
    tuples."""
    with connect(db) as c:
        return list(c.execute(sql, params).fetchall())


def db_dump(db):
    """Everything a portal's database holds, as SQL text: sqlite3's dump of a file, pg_dump's
    of a PostgreSQL database."""
    if db.startswith(("postgresql://", "postgres://")):
        r = subprocess.run(["pg_dump", "--no-owner", "-d", db], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=120)
        if r.returncode != 0:
            raise RuntimeError(f"pg_dump: {r.stderr.strip()}")
        return r.stdout
    with sqlite3.connect(db) as c:
        return "\n".join(c.iterdump())


def table_columns(db, table):
    """The names of a table's columns, in their order, on either engine."""
    if db.startswith(("postgresql://", "postgres://")):
        return [r[0] for r in db_rows(
            db, "select column_name from information_schema.columns where table_name = ?"
            " order by ordinal_position", (table,))]
    return [r[1] for r in db_rows(db, f"pragma table_info({table})")]


def _pg_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "'\\x" + bytes(v).hex() + "'::bytea"
    return "'" + str(v).replace("'", "''") + "'"


def _pg_bind(sql, params):
    """The statement with each ? (outside quotes) replaced by its parameter as a literal."""
    out, it, quote = [], iter(params), None
    for ch in sql:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append(_pg_literal(next(it)))
            continue
        out.append(ch)
    return "".join(out)


class _PgCursor:
    def __init__(self, rows):
        self.rows = rows
        self.at = 0

    def fetchone(self):
        if self.at >= len(self.rows):
            return None
        self.at += 1
        return self.rows[self.at - 1]

    def fetchall(self):
        rest = self.rows[self.at:]
        self.at = len(self.rows)
        return rest

    def __iter__(self):
        return iter(self.fetchall())


class PgConnection:
    """Each statement is one `psql` run, committed at once. A query's rows come back as JSON,
    which keeps their types and their columns' order (duplicate names included)."""

    def __init__(self, url):
        self.url = url

    def psql(self, sql):
        r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.url,
                            "-c", sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"psql: {r.stderr.strip()}\n{sql}")
        return r.stdout

    def execute(self, sql, params=()):
        sql = _pg_bind(sql, params).strip().rstrip(";")
        if not re.match(r"(?is)\s*(select|with)\b", sql):
            self.psql(sql)
            return _PgCursor([])
        out = self.psql(f"select coalesce(json_agg(cong_t), '[]') from ({sql}) cong_t").strip()
        rows = json.loads(out, object_pairs_hook=lambda pairs: tuple(v for _, v in pairs))
        return _PgCursor(list(rows))

    def commit(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Server:
    """One portal: `cong init` (with the demo unless demo=False) then `cong serve`."""

    def __init__(self, demo=True, env=None, db=None, extra_args=(), prepare=None):
        self.dir = tempfile.mkdtemp(prefix="cong-test-")
        self.db = db or os.path.join(self.dir, "cong.db")
        self.env = env or {}
        if db is None and PG:
            import pgcluster
            self.db = pgcluster.new_database(PG, PG_DEMO if demo and PG_DEMO else None)
        if db is None and PG and demo and PG_DEMO:
            pass
        elif db is None and demo and DEMO_DB and not PG:
            shutil.copyfile(DEMO_DB, self.db)
        elif db is None:
            st, out, err = run_cong("init", "--db", self.db, *(["--demo"] if demo else []))
            if st != 0:
                raise RuntimeError(f"cong init failed: {err}")
        if prepare:
            prepare(self.db)
        self.stderr_lines = []
        self.stdout_lines = []
        self.proc = None
        self.drains = []
        self.port = None
        self.extra_args = extra_args
        self.start()

    def start(self):
        e = dict(os.environ)
        e.setdefault("ASAN_OPTIONS", "detect_leaks=0")
        e.update(self.env)
        self.proc = subprocess.Popen(
            [CONG, "serve", "--db", self.db, "--listen", "127.0.0.1:0", "--theme", THEME,
             *self.extra_args],
            env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        got_port = threading.Event()

        # CONG_TEST_SERVER_LOG names a file every server's stderr is added to, for debugging
        log_path = os.environ.get("CONG_TEST_SERVER_LOG")

        def drain(stream, lines, watch):
            for raw in stream:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                lines.append(line)
                if watch and log_path:
                    with open(log_path, "a") as f:
                        f.write(line + "\n")
                if watch:
                    m = re.search(r"\(port (\d+)\)", line)
                    if m:
                        self.port = int(m.group(1))
                        got_port.set()
            got_port.set()

        self.drains = [
            threading.Thread(target=drain, args=(self.proc.stderr, self.stderr_lines, True),
                             daemon=True),
            threading.Thread(target=drain, args=(self.proc.stdout, self.stdout_lines, False),
                             daemon=True)]
        for t in self.drains:
            t.start()
        if not got_port.wait(60) or self.port is None:
            self.proc.kill()
            raise RuntimeError("cong serve did not start: " + "\n".join(self.stderr_lines))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("cong serve never became healthy")

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        own = conn is None
        c = conn or self.connection()
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            return Response(r.status, hdrs, data)
        finally:
            if own:
                c.close()

    def get(self, path, headers=None, conn=None):
        return self.request("GET", path, headers=headers, conn=conn)

    def raw(self, data, timeout=10):
        """Sends raw bytes on a new connection; returns everything the server answers."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        try:
            s.sendall(data)
            chunks = []
            while True:
                try:
                    b = s.recv(65536)
                except socket.timeout:
                    break
                if not b:
                    break
                chunks.append(b)
                if b"\r\n\r\n" in b"".join(chunks) and len(chunks) > 0 and \
                        b"content-length: 0" in b"".join(chunks).lower():
                    break
            return b"".join(chunks)
        finally:
            s.close()

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Stops the server; returns its exit status. Its last log lines are in stdout_lines
        and stderr_lines when this returns."""
        if not self.proc:
            return 0
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        # the readers end at the pipes' end of file, which follows the exit: joining them
        # is what makes the log complete, where a sleep would only make it likely
        for t in self.drains:
            t.join(timeout)
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.proc = None
        return rc

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def status_of(raw):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return int(m.group(1)) if m else None


def mail_config(directory, sink, sender="noreply@cong.example.org"):
    """Writes a config file in directory whose [mail] points at sink (an SmtpSink, or a URL);
    returns its path, for Server(extra_args=("--config", path)) and `cong mail test`."""
    url = sink if isinstance(sink, str) else sink.url
    path = os.path.join(directory, "mail.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"[mail]\nsmtp_url = {url}\nfrom = {sender}\n")
    return path


class MailServer(Server):
    """A portal served with [mail] pointing at its own SMTP sink (self.sink), both stopped by
    close()."""

    def __init__(self, **kw):
        from smtp_sink import SmtpSink
        self.sink = SmtpSink()
        self.config_dir = tempfile.mkdtemp(prefix="cong-mail-")
        cfg = mail_config(self.config_dir, self.sink)
        kw["extra_args"] = tuple(kw.get("extra_args", ())) + ("--config", cfg)
        try:
            super().__init__(**kw)
        except Exception:
            self.sink.close()
            raise

    def close(self):
        super().close()
        self.sink.close()
        shutil.rmtree(self.config_dir, ignore_errors=True)
