"""cong copy --to-pg: the demo portal (two sites, files, users, revisions), after a few
visits and an article made through the API, copied from its SQLite file into an empty
PostgreSQL database; then `cong serve` on the copy answers as the SQLite portal did (pages,
files byte for byte, sites, search, visitor counts, a login, and a new article's id after the
copied ones). A second copy into the same database, a database of something else and a
missing SQLite file are refused in one line, the target left as it was."""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))

import pgcluster
from accounts import FAST, Client, must_create_token, must_create_user, password_of
from harness import DEMO_DB, Server, run_cong

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"

cluster = None
PG_URL = None
tmp = None
SRC = None  # the SQLite portal
TOKEN = None
before = {}  # what the SQLite portal answered before the copy
copy_result = None  # (status, stdout, stderr) of the copy
target = None


def psql(url, sql):
    r = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url,
                        "-c", sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"psql: {r.stderr.strip()}")
    return r.stdout.strip()


def home_titles(srv, host=None):
    headers = {"User-Agent": "Googlebot/2.1"}  # a crawler: not a visit
    if host:
        headers["Host"] = host
    body = srv.get("/", headers=headers).text
    return re.findall(r'<a href="[^"]*/bai-viet/\d+-[^"]*">([^<]+)</a>', body)


def footer(body):
    nums = {}
    for label, key in (("Đang online", "online"), ("Hôm nay", "today"),
                       ("Đã truy cập", "total")):
        m = re.search(label + r": <strong>(\d+)</strong>", body)
        nums[key] = int(m.group(1)) if m else None
    return nums


def counts(srv):
    """The visitor counter's numbers, every visit so far handed over to the store."""
    r = srv.get("/api/v1/stats")
    assert r.status == 200, r.status
    stats = json.loads(r.text)
    return {"api_total": stats.get("total"),
            "footer_total": footer(srv.get("/", headers={"User-Agent": "Googlebot/2.1"}).text)[
                "total"]}


def auth():
    return {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}


def media_files(db):
    """(id, sha256, host of its site, the document it is a file of or None) of every file."""
    with sqlite3.connect(db) as c:
        return c.execute("select m.id, m.sha256, s.host, (select min(f.document_id) from"
                         " document_files f where f.media_id = m.id) from media m join sites s"
                         " on s.id = m.site_id order by m.id").fetchall()


def media_sha(srv, mid, host, doc):
    """The sha256 of file mid as its public address serves it (a document's own for a
    document's file), and {url: sha256} of its resized copies."""
    headers = {"Host": host}
    headers.update(auth())
    info = json.loads(srv.get(f"/api/v1/media/{mid}", headers=headers).text)
    url = f"/van-ban/{doc}/tep/{mid}" if doc else info["url"]
    shas = {}
    for u in [url] + [v["url"] for v in info["variants"]]:
        r = srv.get(u, headers={"Host": host})
        assert r.status == 200, (mid, host, u, r.status)
        shas[u] = hashlib.sha256(r.body).hexdigest()
    return shas[url], shas


def snapshot(srv):
    """What the tests compare between the two portals."""
    snap = {"home": home_titles(srv), "home_khoa": home_titles(srv, "khoa.localhost"),
            "sites": json.loads(srv.get("/api/v1/sites", headers=auth()).text),
            "counts": counts(srv)}
    with sqlite3.connect(SRC) as c:
        art = c.execute("select id, slug, title from articles where status = 2 and site_id = 1"
                        " order by id limit 1").fetchone()
    page = srv.get(f"/bai-viet/{art[0]}-{art[1]}")
    snap["article"] = (page.status, re.search(r"<h1[^>]*>([^<]*)</h1>", page.text).group(1))
    snap["article_path"] = f"/bai-viet/{art[0]}-{art[1]}"
    r = srv.get("/tim-kiem?" + urllib.parse.urlencode({"q": "ha noi"}))
    snap["search"] = re.findall(r'<h2><a href="[^"]*/bai-viet/(\d+)-', r.text)
    snap["media"] = {m[0]: media_sha(srv, *m[0:1], *m[2:]) for m in media_files(SRC)}
    return snap


def make_source():
    global SRC, TOKEN
    SRC = os.path.join(tmp, "cong.db")
    if DEMO_DB:
        shutil.copyfile(DEMO_DB, SRC)
    else:
        st, out, err = run_cong("init", "--db", SRC, "--demo")
        assert st == 0, err
    must_create_user(SRC, "quantri", "admin", password_of("quantri"))
    must_create_user(SRC, "bientap", "editor", password_of("bientap"))
    TOKEN = must_create_token(SRC, "quantri")


def setUpModule():
    global cluster, PG_URL, tmp, copy_result, target
    if not os.environ.get("CONG_TEST_PG") and not pgcluster.bindir():
        raise unittest.SkipTest("PostgreSQL is not installed (scripts/install-deps.sh --test)")
    tmp = tempfile.mkdtemp(prefix="cong-copy-")
    PG_URL = os.environ.get("CONG_TEST_PG")
    if not PG_URL:
        cluster = pgcluster.Cluster().start()
        PG_URL = cluster.url
    make_source()
    srv = Server(db=SRC, env=FAST)
    try:
        for i in range(5):  # five first-time visitors
            srv.get("/", headers={"User-Agent": f"{BROWSER} {i}"})
        body = json.dumps({"title": "Bài viết trước khi chuyển sang PostgreSQL",
                           "category": "thong-bao", "status": "published",
                           "body": "Nội dung của bài viết, có dấu \\ và\ttab."})
        r = srv.request("POST", "/api/v1/articles", body=body, headers=auth())
        assert r.status == 201, r.text
        before["api_article"] = json.loads(r.text)["id"]
        before.update(snapshot(srv))
    finally:
        srv.close()
    target = pgcluster.new_database(PG_URL)
    copy_result = run_cong("copy", "--to-pg", target, "--db", SRC, timeout=600)


def tearDownModule():
    if cluster:
        cluster.stop()
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


def table_counts(url):
    out = psql(url, "select string_agg(table_name, ' ' order by table_name)"
                    " from information_schema.tables where table_schema = current_schema()"
                    " and table_type = 'BASE TABLE'")
    return {t: int(psql(url, f'select count(*) from "{t}"')) for t in out.split()} if out else {}


class Copy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        st, out, err = copy_result
        if st != 0:
            raise AssertionError(f"cong copy failed ({st}): {err}")
        cls.srv = Server(db=target, env=FAST)
        # taken before any test writes (one makes an article)
        cls.rows = table_counts(target)
        cls.after = snapshot(cls.srv)

    @classmethod
    def tearDownClass(cls):
        cls.srv.close()

    def test_the_summary_names_every_table_with_its_rows_and_the_check(self):
        out = copy_result[1]
        rows = dict((m.group(1), int(m.group(2)))
                    for m in re.finditer(r"^  (\w+) +(\d+) rows$", out, re.M))
        with sqlite3.connect(SRC) as c:
            for table in ("sites", "users", "articles", "article_revisions", "media",
                          "media_variants", "stats_daily", "settings", "site_roles"):
                n = c.execute(f"select count(*) from {table}").fetchone()[0]
                self.assertEqual(rows.get(table), n, table)
                self.assertEqual(self.rows[table], n, table)
            search = c.execute("select count(*) from article_search").fetchone()[0]
        self.assertEqual(rows.get("article_search"), search)
        self.assertGreaterEqual(rows["sites"], 2)
        self.assertGreater(rows["media"], 0)
        self.assertGreater(rows["stats_daily"], 0)
        self.assertNotIn("article_search_data", rows)
        self.assertNotIn("sqlite_sequence", rows)
        m = re.search(r"^copied (\d+) rows of (\d+) tables \(.* MB\) in [\d.]+ s: \d+ rows/s$",
                      out, re.M)
        self.assertIsNotNone(m, out)
        self.assertEqual(int(m.group(1)), sum(rows.values()))
        self.assertEqual(int(m.group(2)), len(rows))
        self.assertRegex(out, r"(?m)^checked: every table has as many rows in PostgreSQL as in")

    def test_pages_sites_and_search_answer_as_on_sqlite(self):
        for key in ("home", "home_khoa", "article", "sites", "search"):
            self.assertEqual(self.after[key], before[key], key)
        self.assertTrue(before["home_khoa"])
        self.assertNotEqual(before["home"], before["home_khoa"])
        self.assertEqual(before["article"][0], 200)
        self.assertIn("khoa.localhost", json.dumps(before["sites"]))
        self.assertTrue(before["search"])

    def test_the_article_made_through_the_api_came_with_its_text(self):
        r = self.srv.get(f"/api/v1/articles/{before['api_article']}", headers=auth())
        self.assertEqual(r.status, 200, r.text)
        a = json.loads(r.text)
        self.assertEqual(a["title"], "Bài viết trước khi chuyển sang PostgreSQL")
        self.assertIn("có dấu \\ và\ttab.", a["body"])
        revs = self.srv.get(f"/api/v1/articles/{before['api_article']}/revisions",
                            headers=auth())
        self.assertEqual(revs.status, 200, revs.text)
        self.assertIn("Bài viết trước khi chuyển sang PostgreSQL", revs.text)

    def test_every_file_comes_back_byte_for_byte(self):
        files = media_files(SRC)
        self.assertTrue(any(doc for mid, sha, host, doc in files))  # documents' files too
        for mid, sha, host, doc in files:
            self.assertEqual(before["media"][mid][0], sha, mid)
            self.assertEqual(self.after["media"][mid], before["media"][mid], mid)
        self.assertTrue(any(len(before["media"][mid][1]) > 1 for mid in before["media"]))

    def test_the_visitor_counts_carry_over(self):
        self.assertEqual(before["counts"]["api_total"], before["counts"]["footer_total"])
        self.assertGreaterEqual(before["counts"]["api_total"], 5)
        self.assertEqual(self.after["counts"], before["counts"])

    def test_a_user_logs_in_on_the_copy_with_the_same_password(self):
        c = Client(self.srv)
        r = c.login("quantri", password_of("quantri"))
        self.assertEqual(r.status, 303, r.text)
        self.assertTrue(c.session())
        self.assertEqual(c.get("/quan-tri").status, 200)
        self.assertEqual(Client(self.srv).login("quantri", "sai-mat-khau").status, 200)

    def test_a_new_article_takes_an_id_after_the_copied_ones(self):
        with sqlite3.connect(SRC) as c:
            top = c.execute("select max(id) from articles").fetchone()[0]
            top_rev = c.execute("select max(id) from article_revisions").fetchone()[0]
        body = json.dumps({"title": "Bài viết đầu tiên trên PostgreSQL", "category": "thong-bao",
                           "status": "published", "body": "Nội dung."})
        r = self.srv.request("POST", "/api/v1/articles", body=body, headers=auth())
        self.assertEqual(r.status, 201, r.text)
        new = json.loads(r.text)["id"]
        self.assertGreater(new, top)
        self.assertGreater(int(psql(target, "select max(id) from article_revisions")), top_rev)
        self.assertIn("Bài viết đầu tiên trên PostgreSQL", home_titles(self.srv))


class Refusal(unittest.TestCase):
    def refused(self, st, out, err):
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        return err.strip()

    def test_a_second_copy_into_the_same_database_is_refused_and_changes_nothing(self):
        self.assertEqual(copy_result[0], 0, copy_result[2])
        was = table_counts(target)
        top = psql(target, "select max(id) from articles")
        st, out, err = run_cong("copy", "--to-pg", target, "--db", SRC, timeout=600)
        line = self.refused(st, out, err)
        self.assertIn("not empty", line)
        self.assertIn("cong copy fills a new, empty database", line)
        self.assertEqual(table_counts(target), was)
        self.assertEqual(psql(target, "select max(id) from articles"), top)

    def test_a_database_of_something_else_is_refused_untouched(self):
        url = pgcluster.new_database(PG_URL)
        psql(url, "create table khac (id int); insert into khac values (1)")
        line = self.refused(*run_cong("copy", "--to-pg", url, "--db", SRC, timeout=600))
        self.assertIn("not empty", line)
        self.assertEqual(table_counts(url), {"khac": 1})

    def test_a_copy_that_fails_half_way_leaves_no_rows_and_can_be_run_again(self):
        bad = os.path.join(tmp, "hong.db")
        shutil.copyfile(SRC, bad)
        with sqlite3.connect(bad) as c:  # an article whose category is gone
            c.execute("pragma foreign_keys = off")
            c.execute("update articles set category_id = 9999 where id = (select max(id)"
                      " from articles)")
        url = pgcluster.new_database(PG_URL)
        line = self.refused(*run_cong("copy", "--to-pg", url, "--db", bad, timeout=600))
        self.assertIn("table 'articles'", line)
        self.assertIn("nothing was copied", line)
        rows = table_counts(url)
        self.assertEqual(rows["articles"], 0)
        self.assertEqual(rows["sites"], 1)  # the schema's own default site
        self.assertEqual(sum(rows.values()), 3)  # and its version and page generation
        st, out, err = run_cong("copy", "--to-pg", url, "--db", SRC, timeout=600)
        self.assertEqual(st, 0, err)
        with sqlite3.connect(SRC) as c:
            n = c.execute("select count(*) from articles").fetchone()[0]
        self.assertEqual(table_counts(url)["articles"], n)

    def test_a_missing_sqlite_file_is_refused_before_the_target_is_touched(self):
        url = pgcluster.new_database(PG_URL)
        missing = os.path.join(tmp, "khong-co.db")
        line = self.refused(*run_cong("copy", "--to-pg", url, "--db", missing))
        self.assertIn(missing, line)
        self.assertFalse(os.path.exists(missing))
        self.assertEqual(table_counts(url), {})

    def test_the_target_is_required_and_the_source_must_be_sqlite(self):
        st, out, err = run_cong("copy", "--db", SRC)
        self.assertEqual(st, 2)
        st, out, err = run_cong("copy", "--to-pg", PG_URL + "x", "--db", PG_URL + "y")
        line = self.refused(st, out, err)
        self.assertIn("source must be a SQLite file", line)


if __name__ == "__main__":
    unittest.main()
