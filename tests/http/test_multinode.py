"""Several `cong serve` nodes on one PostgreSQL database behind HAProxy, all on loopback: an
article published through node 1 shows on nodes 2 and 3 within a second, pages they had
cached included (LISTEN/NOTIFY); a session made on node 1 is good on node 2; 3 x 200
first-time visitors spread over the nodes raise the total by exactly 600; with one node
killed (SIGKILL) under a stream of writes, HAProxy keeps answering through the others and
every acknowledged article is there; and with PostgreSQL stopped (long enough to be seen)
and started again under load, then restarted with `pg_ctl restart`, the nodes answer 503
(never 500, never a hang) and come back by themselves, the session still good and writes
working.

The database is one of the run's cluster (CONG_TEST_PG) when there is one, else of a
cluster made here; the restart test always makes its own cluster, as it stops it. Skipped
when PostgreSQL or HAProxy is not installed (scripts/install-deps.sh --test)."""

import concurrent.futures
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

import pgcluster
from accounts import FAST, Client, must_create_token, must_create_user, password_of
from harness import PG, PG_DEMO, Server, db_rows, run_cong

HAPROXY = shutil.which("haproxy") or ("/usr/sbin/haproxy"
                                      if os.path.exists("/usr/sbin/haproxy") else None)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
USERS = {"nut_xuatban": "publisher", "nut_quantri": "admin"}
NODES = 3

missing = None
if not pgcluster.bindir():
    missing = "PostgreSQL is not installed (scripts/install-deps.sh --test)"
elif not HAPROXY:
    missing = "HAProxy is not installed (scripts/install-deps.sh --test)"


def haproxy_config(port, nodes):
    """The configuration docs/deployment.md shows, on loopback ports and with short checks."""
    servers = "\n".join(f"    server node{i + 1} 127.0.0.1:{n.port} check"
                        for i, n in enumerate(nodes))
    return f"""global
    maxconn 4096

defaults
    mode http
    option redispatch
    retries 3
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s

frontend portal
    bind 127.0.0.1:{port}
    option forwardfor
    default_backend cong

backend cong
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 200ms fastinter 100ms downinter 200ms fall 2 rise 2
{servers}
"""


class Balancer:
    """HAProxy in the foreground with its own configuration, in front of nodes."""

    def __init__(self, nodes):
        self.dir = tempfile.mkdtemp(prefix="cong-haproxy-")
        self.port = pgcluster.free_port()
        cfg = os.path.join(self.dir, "haproxy.cfg")
        with open(cfg, "w") as f:
            f.write(haproxy_config(self.port, nodes))
        self.log = open(os.path.join(self.dir, "log"), "wb")
        self.proc = subprocess.Popen([HAPROXY, "-db", "-f", cfg], stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        self.close()
        raise RuntimeError("haproxy did not start: " + open(os.path.join(self.dir, "log")).read())

    def request(self, method, path, body=None, headers=None, timeout=15):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def get(self, path):
        class R:
            pass
        r = R()
        r.status, r.body = self.request("GET", path)
        return r

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def portal(cluster_url, demo):
    """A new database on the cluster holding a portal (the demo one copied from the run's
    template when there is one) with USERS; returns (url, {name: token})."""
    template = PG_DEMO if demo and PG and cluster_url == PG and PG_DEMO else None
    url = pgcluster.new_database(cluster_url, template)
    if not template:
        st, out, err = run_cong("init", "--db", url, *(["--demo"] if demo else []),
                                timeout=600)
        if st != 0:
            raise RuntimeError(f"cong init failed: {err}")
    for name, role in USERS.items():
        must_create_user(url, name, role, password_of(name))
    return url, {name: must_create_token(url, name) for name in USERS}


def start_nodes(url, cfg):
    with concurrent.futures.ThreadPoolExecutor(NODES) as pool:
        return list(pool.map(lambda _: Server(db=url, env=dict(FAST),
                                              extra_args=("--config", cfg)), range(NODES)))


def api(target, method, path, body=None, token=None, timeout=15):
    """(status, parsed JSON or None) of an API call on a node or the balancer."""
    h = {}
    if token:
        h["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    c = http.client.HTTPConnection("127.0.0.1", target.port, timeout=timeout)
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        raw = r.read()
    finally:
        c.close()
    try:
        return r.status, json.loads(raw) if raw else None
    except ValueError:
        return r.status, None


def cached_home(node):
    """GETs the home page twice, so that the node holds it in its render cache."""
    node.get("/")
    return node.get("/")


def within(seconds, check):
    """Calls check() until it is true or seconds have passed; whether it became true."""
    deadline = time.monotonic() + seconds
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def crashes(nodes):
    """The sanitizers' reports in the nodes' logs. (A store error under load, such as a
    statistics hand-over that waited too long for the write lock, is retried by the node and
    is not a crash; the statuses and the articles are what the tests check.)"""
    return [f"node{i + 1}: {l}" for i, n in enumerate(nodes) for l in n.stderr_lines
            if re.search(r"AddressSanitizer|LeakSanitizer|runtime error:", l)][-20:]


def write_config(folder):
    cfg = os.path.join(folder, "cong.ini")
    with open(cfg, "w") as f:
        f.write("[server]\nper_ip_connections = 1000\n")
    return cfg


@unittest.skipIf(missing, missing)
class Nodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = None
        cls.nodes = []
        cls.lb = None
        cls.dir = tempfile.mkdtemp(prefix="cong-nodes-")
        try:
            url = PG
            if not url:
                cls.cluster = pgcluster.Cluster().start()
                url = cls.cluster.url
            cls.db, cls.tokens = portal(url, demo=True)
            cls.nodes = start_nodes(cls.db, write_config(cls.dir))
            cls.lb = Balancer(cls.nodes)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.lb:
            cls.lb.close()
        for n in cls.nodes:
            n.close()
        if cls.cluster:
            cls.cluster.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def publish(self, target, title):
        return api(target, "POST", "/api/v1/articles",
                   {"title": title, "summary": "Tóm tắt", "body": "Nội dung.",
                    "category": "thong-bao", "status": "published"},
                   token=self.tokens["nut_xuatban"])

    def test_1_publish_on_one_node_shows_on_the_others_within_a_second(self):
        n1, n2, n3 = self.nodes
        for n in (n2, n3):
            self.assertEqual(cached_home(n).header("x-cache"), "hit")
        title = f"Thông báo từ nút một {time.monotonic_ns()}"
        st, art = self.publish(n1, title)
        self.assertEqual(st, 201, art)
        published = time.monotonic()
        for n in (n2, n3):
            self.assertTrue(within(1.0 - (time.monotonic() - published),
                                   lambda: title in n.get("/").text),
                            f"the home page of node on port {n.port} still lacks the article "
                            f"after a second")
            page = n.get(art["url"])
            self.assertEqual(page.status, 200)
            self.assertIn(title, page.text)
        # and the page the others now cache is served from their caches again
        for n in (n2, n3):
            self.assertEqual(cached_home(n).header("x-cache"), "hit")

    def test_2_a_session_made_on_one_node_is_good_on_another(self):
        n1, n2, _ = self.nodes
        c1 = Client(n1)
        self.assertEqual(c1.login("nut_quantri", password_of("nut_quantri")).status, 303)
        self.assertTrue(c1.cookies)
        self.assertEqual(c1.get("/quan-tri").status, 200)
        c2 = Client(n2)
        self.assertNotEqual(c2.get("/quan-tri").status, 200)
        c2.cookies = dict(c1.cookies)
        r = c2.get("/quan-tri")
        self.assertEqual(r.status, 200)
        self.assertIn("nut_quantri", r.text)
        # a form of node 2 takes its own token: the CSRF token belongs to the session too
        self.assertTrue(c2.csrf())

    def test_3_first_time_visitors_over_the_nodes_count_exactly_once(self):
        def total():
            return db_rows(self.db, "select coalesce(sum(visits), 0) from stats_daily")[0][0]

        def flush_all():
            for n in self.nodes:
                self.assertEqual(n.get("/api/v1/stats").status, 200)

        flush_all()
        before = total()
        stamp = time.monotonic_ns()
        work = [(n, f"{BROWSER} nut{i}/{stamp}/{v}") for i, n in enumerate(self.nodes)
                for v in range(200)]

        def visit(job):
            n, ua = job
            return n.get("/", headers={"User-Agent": ua}).status

        with concurrent.futures.ThreadPoolExecutor(24) as pool:
            statuses = list(pool.map(visit, work))
        self.assertEqual(statuses, [200] * 600)
        flush_all()
        self.assertEqual(total() - before, 600)

    def test_4_a_node_killed_under_writes_loses_no_acknowledged_article(self):
        victim = self.nodes[2]
        acked, answered, errors = [], [], []
        stop = threading.Event()
        lock = threading.Lock()

        def writer(w):
            i = 0
            while not stop.is_set() and i < 200:
                i += 1
                try:
                    st, art = self.publish(self.lb, f"Bài ghi {w}-{i} {time.monotonic_ns()}")
                except OSError as e:
                    with lock:
                        errors.append(repr(e))
                    continue
                with lock:
                    answered.append(st)
                    if st == 201:
                        acked.append(art["id"])

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        try:
            self.assertTrue(within(30, lambda: len(acked) >= 20), "too few writes went through")
            victim.proc.kill()
            victim.proc.wait()
            killed_at = len(answered)
            # the others keep answering through HAProxy: writes go on being acknowledged
            self.assertTrue(within(30, lambda: len(acked) >= killed_at + 40),
                            f"writes stopped after the kill: {answered[killed_at:][-10:]}")
        finally:
            stop.set()
            for t in threads:
                t.join(60)
        after = answered[killed_at:]
        # a write in flight on the killed node may get HAProxy's 502, and one sent in the
        # instant before its check noticed, 503; nothing else, and never a server error
        self.assertFalse([s for s in answered if s not in (201, 502, 503)], answered)
        self.assertGreater(after.count(201), 40)
        self.assertLessEqual(len([s for s in after if s != 201]), 8, after)
        for aid in acked:
            st, got = api(self.nodes[0], "GET", f"/api/v1/articles/{aid}")
            self.assertEqual(st, 200, f"acknowledged article {aid} is gone")
        n = db_rows(self.db, "select count(*) from articles where id in (%s)"
                    % ",".join(str(a) for a in acked))[0][0]
        self.assertEqual(n, len(acked))
        self.assertFalse(crashes(self.nodes[:2]), crashes(self.nodes[:2]))


@unittest.skipIf(missing, missing)
class DatabaseRestart(unittest.TestCase):
    """Its own cluster, as it stops the database: never the run's, which other tests use."""

    @classmethod
    def setUpClass(cls):
        cls.nodes = []
        cls.cluster = pgcluster.Cluster().start()
        cls.dir = tempfile.mkdtemp(prefix="cong-nodes-")
        try:
            cls.db, cls.tokens = portal(cls.cluster.url, demo=False)
            cls.nodes = start_nodes(cls.db, write_config(cls.dir))
            st, body = api(cls.nodes[0], "POST", "/api/v1/categories",
                           {"name": "Tin nút", "slug": "tin-nut"},
                           token=cls.tokens["nut_quantri"])
            assert st == 201, (st, body)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for n in cls.nodes:
            n.close()
        cls.cluster.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def write(self, node, title, timeout=15):
        return api(node, "POST", "/api/v1/articles",
                   {"title": title, "body": "Nội dung.", "category": "tin-nut",
                    "status": "published"}, token=self.tokens["nut_xuatban"], timeout=timeout)

    def test_the_nodes_answer_503_while_the_database_is_down_and_come_back(self):
        admin = Client(self.nodes[0])
        self.assertEqual(admin.login("nut_quantri", password_of("nut_quantri")).status, 303)
        seen, problems = [], []
        stop = threading.Event()
        lock = threading.Lock()

        def load(w):
            i = 0
            while not stop.is_set() and i < 2000:
                i += 1
                node = self.nodes[i % NODES]
                t0 = time.monotonic()
                try:
                    if w == 0:
                        st, _ = self.write(node, f"Bài tải {i} {time.monotonic_ns()}", timeout=10)
                    else:
                        c = node.connection(timeout=10)
                        try:
                            st = node.get("/" if w == 1 else "/api/v1/articles?per_page=5",
                                          conn=c).status
                        finally:
                            c.close()
                except OSError as e:
                    with lock:
                        problems.append(f"{repr(e)} after {time.monotonic() - t0:.1f} s")
                    continue
                with lock:
                    seen.append(st)
                time.sleep(0.01)

        threads = [threading.Thread(target=load, args=(w,)) for w in range(3)]
        for t in threads:
            t.start()
        try:
            self.assertTrue(within(20, lambda: seen.count(200) + seen.count(201) >= 20))
            self.cluster.pg_ctl("stop", "fast")
            down = len(seen)
            # while it is down, every node says so: /healthz and a page that needs the store
            for n in self.nodes:
                self.assertTrue(within(5, lambda: n.get("/healthz").status == 503),
                                f"/healthz of port {n.port} never said 503")
                c = Client(n)
                c.cookies = dict(admin.cookies)
                r = c.get("/quan-tri")
                self.assertEqual(r.status, 503, r.text[:300])
            self.assertTrue(within(5, lambda: 503 in seen[down:]), seen[down:][-20:])
            time.sleep(0.5)
            self.cluster.pg_ctl("start")
            up = time.monotonic()
            # back by themselves within a few seconds
            for n in self.nodes:
                self.assertTrue(within(10, lambda: n.get("/healthz").status == 200),
                                f"port {n.port} did not come back")
            took = time.monotonic() - up
            after = len(seen)
            self.assertTrue(within(10, lambda: seen[after:].count(201) >= 1))
            # and the same through `pg_ctl restart`, the way an operator restarts it
            self.cluster.pg_ctl("restart", "fast")
            for n in self.nodes:
                self.assertTrue(within(10, lambda: n.get("/healthz").status == 200),
                                f"port {n.port} did not come back after pg_ctl restart")
            again = len(seen)
            self.assertTrue(within(10, lambda: seen[again:].count(201) >= 1))
        finally:
            stop.set()
            for t in threads:
                t.join(60)
        self.assertLess(took, 10)
        self.assertFalse(problems, problems[:10])
        self.assertFalse([s for s in seen if s not in (200, 201, 503)], sorted(set(seen)))
        # the session made before the restart is still good, on every node
        for n in self.nodes:
            c = Client(n)
            c.cookies = dict(admin.cookies)
            self.assertEqual(c.get("/quan-tri").status, 200)
        st, art = self.write(self.nodes[1], "Sau khi cơ sở dữ liệu trở lại")
        self.assertEqual(st, 201, art)
        st, got = api(self.nodes[2], "GET", f"/api/v1/articles/{art['id']}")
        self.assertEqual(st, 200)


if __name__ == "__main__":
    unittest.main()
