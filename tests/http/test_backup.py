"""cong backup and cong restore against a portal being served and written to: a backup taken
while articles are being created holds every article acknowledged before it began and passes
SQLite's integrity check; restore refuses what is not a Cổng backup, a newer schema, and a
portal with content unless --force."""

import json
import os
import sqlite3
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(__file__))

from accounts import server_with_users
from harness import run_cong


class Backup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv, tokens = server_with_users({"qt": "admin"})
        cls.token = tokens["qt"]
        cls.dir = tempfile.mkdtemp(prefix="cong-backup-")

    @classmethod
    def tearDownClass(cls):
        cls.srv.close()

    def create(self, conn, n):
        body = json.dumps({"title": f"Bài viết số {n} trong lúc sao lưu", "category": "thong-bao",
                           "status": "published", "body": "Nội dung " * 50})
        r = self.srv.request("POST", "/api/v1/articles", body=body, conn=conn,
                             headers={"Authorization": "Bearer " + self.token,
                                      "Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.text)
        return json.loads(r.text)["id"]

    def test_a_backup_during_writes_holds_every_acknowledged_article(self):
        acked, stop, started = [], threading.Event(), threading.Event()

        def writer():
            conn = self.srv.connection()
            n = 0
            while not stop.is_set() and n < 150:
                acked.append(self.create(conn, n))
                n += 1
                if n == 10:
                    started.set()
            started.set()
            conn.close()

        t = threading.Thread(target=writer)
        t.start()
        self.assertTrue(started.wait(60))
        before = list(acked)  # acknowledged before the backup began
        path = os.path.join(self.dir, "sao-luu.db")
        st, out, err = run_cong("backup", path, "--db", self.srv.db)
        stop.set()
        t.join(60)
        self.assertEqual(st, 0, err)
        self.assertIn("articles", out)
        with sqlite3.connect(path) as c:
            self.assertEqual(c.execute("pragma integrity_check").fetchone()[0], "ok")
            have = {r[0] for r in c.execute("select id from articles")}
        self.assertTrue(set(before) <= have, set(before) - have)
        self.assertEqual(oct(os.stat(path).st_mode & 0o777), "0o600")
        # never over a file
        st, out, err = run_cong("backup", path, "--db", self.srv.db)
        self.assertEqual(st, 1)
        self.assertEqual(len(err.strip().splitlines()), 1)

        # restore into a new place, then over it only with --force
        target = os.path.join(self.dir, "moi.db")
        st, out, err = run_cong("restore", path, "--db", target)
        self.assertEqual(st, 0, err)
        with sqlite3.connect(target) as c:
            self.assertEqual({r[0] for r in c.execute("select id from articles")}, have)
        st, out, err = run_cong("restore", path, "--db", target)
        self.assertEqual(st, 1)
        self.assertIn("--force", err)
        st, out, err = run_cong("restore", path, "--db", target, "--force")
        self.assertEqual(st, 0, err)

    def test_restore_refuses_what_is_not_a_cong_backup(self):
        target = os.path.join(self.dir, "dich.db")
        text = os.path.join(self.dir, "khong-phai.db")
        with open(text, "w") as f:
            f.write("<html>không phải cơ sở dữ liệu</html>\n" * 100)
        foreign = os.path.join(self.dir, "ngoai.db")
        with sqlite3.connect(foreign) as c:
            c.execute("create table x (y)")
        newer = os.path.join(self.dir, "moi-hon.db")
        st, out, err = run_cong("backup", newer, "--db", self.srv.db)
        self.assertEqual(st, 0, err)
        with sqlite3.connect(newer) as c:
            c.execute("pragma user_version = 999")
        for bad, says in ((text, "not a Cổng backup"), (foreign, "not a Cổng backup"),
                          (newer, "newer"), (os.path.join(self.dir, "khong-co.db"), "no backup")):
            st, out, err = run_cong("restore", bad, "--db", target)
            self.assertEqual(st, 1, bad)
            self.assertIn(says, err)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertFalse(os.path.exists(target))


if __name__ == "__main__":
    unittest.main()
