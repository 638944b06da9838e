"""cong import wxr: a WordPress export with the tricky parts (nested categories, text in NFD,
hostile HTML, a [caption], a scheduled post, a private one, a missing file, a page, a trashed
post and a menu item, a post's language) becomes the portal's content, its old links answer
301, importing it again makes nothing twice, and broken or hostile files are refused with
nothing written."""

import os
import re
import shutil
import sqlite3
import struct
import sys
import tempfile
import unittest
import zlib

sys.path.insert(0, os.path.dirname(__file__))

from harness import Server, make_demo, run_cong

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "wordpress.xml")


def png(w=64, h=40):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    raw = b"".join(b"\x00" + bytes([200, 30, 30] * w) for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Import(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="cong-import-")
        cls.db = os.path.join(cls.dir, "cong.db")
        cls.uploads = os.path.join(cls.dir, "uploads")
        os.makedirs(os.path.join(cls.uploads, "2025", "03"))
        with open(os.path.join(cls.uploads, "2025", "03", "hoi-nghi.png"), "wb") as f:
            f.write(png())
        st, out, err = run_cong("init", "--db", cls.db)
        assert st == 0, err
        cls.first = run_cong("import", "wxr", FIXTURE, "--uploads", cls.uploads, "--db", cls.db)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def rows(self, sql, *args):
        with sqlite3.connect(self.db) as c:
            return c.execute(sql, args).fetchall()

    def test_the_summary_and_what_was_skipped(self):
        st, out, err = self.first
        self.assertEqual(st, 0, err)
        self.assertIn("3 articles, 1 pages, 5 categories, 1 files, 7 redirects", out)
        self.assertIn("2 skipped, 1 files missing", out)
        self.assertIn("khong-con.jpg not found", err)
        self.assertIn("status trash is not imported", err)
        self.assertIn("nav_menu_item", err)

    def test_categories_keep_their_nesting(self):
        cats = dict((slug, (cid, parent)) for cid, slug, parent in
                    self.rows("select id, slug, parent_id from categories"))
        self.assertEqual(cats["tin-trong-tinh"][1], cats["tin-tuc"][0])
        self.assertIn("thong-bao", cats)  # a percent-encoded nicename
        self.assertEqual(self.rows("select name from categories where slug = 'tin-trong-tinh'"),
                         [("Tin trong tỉnh",)])  # NFD in the file, NFC here

    def test_posts_keep_status_dates_byline_tags_cover_and_lose_what_is_unsafe(self):
        arts = {t: (s, p, a, tags, cover, body) for t, s, p, a, tags, cover, body in self.rows(
            "select title, status, published_at, author, tags, cover_media_id, body_html"
            " from articles")}
        post = arts["Hội nghị tổng kết công tác năm của Sở"]
        self.assertEqual(post[0], 2)
        self.assertEqual(post[1], 1741053600)  # 2025-03-04 02:00 UTC
        self.assertEqual(post[2], "Phòng Biên tập")
        self.assertEqual(post[3], "tổng kết,hội nghị")
        self.assertGreater(post[4], 0)
        body = post[5]
        self.assertRegex(body, r"<figure>.*<img[^>]*/media/\d+[^>]*>.*<figcaption>Quang cảnh hội "
                               r"nghị tổng kết</figcaption></figure>")
        for bad in ("<script", "onerror", "onclick", "javascript:", "<style", "[gallery",
                    "wp:paragraph"):
            self.assertNotIn(bad, body)
        # the old address's words, the SEO description and "sticky" carry over
        self.assertEqual(self.rows("select slug, meta_description, featured from articles"
                                   " where title = 'Hội nghị tổng kết công tác năm của Sở'"),
                         [("hoi-nghi-tong-ket",
                           "Sở tổng kết công tác năm 2024 và đề ra nhiệm vụ năm mới.", 1)])
        self.assertEqual(self.rows("select featured from articles where title ="
                                   " 'Thông báo lịch tiếp công dân tháng tới'"), [(0,)])
        self.assertEqual(arts["Thông báo lịch tiếp công dân tháng tới"][:2], (2, 4071258000))
        self.assertEqual(arts["Bản nháp riêng tư"][0], 0)
        # the language a multilingual plugin (Polylang) gave a post; none is Vietnamese
        self.assertEqual(dict(self.rows("select title, lang from articles")),
                         {"Hội nghị tổng kết công tác năm của Sở": "vi",
                          "Thông báo lịch tiếp công dân tháng tới": "en",
                          "Bản nháp riêng tư": "vi", "Giới thiệu chung": "vi"})
        self.assertIn("<p>Lãnh đạo Sở tiếp công dân", arts["Thông báo lịch tiếp công dân tháng tới"][5])
        self.assertEqual(self.rows("select c.slug from articles a join categories c on"
                                   " c.id = a.category_id where a.title = 'Giới thiệu chung'"),
                         [("trang",)])

    def test_old_links_answer_301_and_a_second_import_makes_nothing_twice(self):
        before = self.rows("select count(*) from articles")[0][0]
        st, out, err = run_cong("import", "wxr", FIXTURE, "--uploads", self.uploads, "--db",
                                self.db)
        self.assertEqual(st, 0, err)
        self.assertIn("0 articles, 0 pages, 0 categories, 0 files", out)
        self.assertEqual(self.rows("select count(*) from articles")[0][0], before)
        self.assertEqual(self.rows("select count(*) from media")[0][0], 1)
        srv = Server(db=self.db)
        try:
            for old in ("/2025/03/hoi-nghi-tong-ket/", "/?p=21", "/gioi-thieu/", "/?page_id=30"):
                r = srv.get(old)
                self.assertEqual(r.status, 301, old)
                self.assertRegex(r.header("location"), r"/bai-viet/\d+-")
            page = srv.get(srv.get("/?p=21").header("location").replace(
                f"http://127.0.0.1:{srv.port}", ""))
            self.assertEqual(page.status, 200)
            self.assertIn("<figcaption>Quang cảnh hội nghị tổng kết</figcaption>", page.text)
        finally:
            srv.close()


class Hostile(unittest.TestCase):
    def refused(self, content, says):
        d = tempfile.mkdtemp(prefix="cong-hostile-")
        try:
            db, path = os.path.join(d, "cong.db"), os.path.join(d, "xuat.xml")
            self.assertEqual(run_cong("init", "--db", db)[0], 0)
            with open(path, "wb") as f:
                f.write(content)
            st, out, err = run_cong("import", "wxr", path, "--db", db, timeout=120)
            self.assertEqual(st, 1)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertRegex(err, says)
            with sqlite3.connect(db) as c:
                self.assertEqual(c.execute("select count(*) from articles").fetchone()[0], 0)
                self.assertEqual(c.execute("select count(*) from categories").fetchone()[0], 0)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_broken_and_hostile_files_are_refused_with_nothing_written(self):
        item = (b"<wp:category><wp:category_nicename>a</wp:category_nicename>"
                b"<wp:cat_name>A</wp:cat_name></wp:category>")
        rss = b'<rss xmlns:wp="http://wordpress.org/export/1.2/">'
        self.refused(b"this is not XML at all", "not a readable WordPress export")
        self.refused(b'<html xmlns:wp="http://wordpress.org/export/1.2/"><body>' + item +
                     b"</body></html>", "not a WordPress export")
        laughs = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                  b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                  + rss + b'<channel>' + item + b'<title>&c;</title></channel></rss>')
        # refused either way: by libxml2's own guard, or by the reader at the <!DOCTYPE>
        self.refused(laughs, "document type|entity")
        external = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    + rss + b'<channel>' + item + b'<title>&x;</title></channel></rss>')
        self.refused(external, "document type|entity")
        big = (b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>' +
               item + b"<item><title>" + b"a" * (12 << 20) + b"</title></item></channel></rss>")
        self.refused(big, "not a readable WordPress export")
        broken = open(FIXTURE, "rb").read()[:-200]  # cut: valid to begin with, broken at the end
        self.refused(broken, "not a readable WordPress export")


class RoundTrip(unittest.TestCase):
    def test_export_then_import_gives_the_same_articles_and_categories(self):
        d = tempfile.mkdtemp(prefix="cong-export-")
        try:
            a, b = os.path.join(d, "a.db"), os.path.join(d, "b.db")
            xml = os.path.join(d, "truong.xml")
            make_demo(a)
            with sqlite3.connect(a) as c:  # every state, and a child category
                c.execute("update articles set status = 0 where id = 2")
                c.execute("update articles set status = 1 where id = 3")
                c.execute("update articles set published_at = 4102444800 where id = 4")
                c.execute("update categories set parent_id = 1 where id = 2")
                c.execute("update articles set featured = 1, meta_description = 'Mô tả riêng'"
                          " where id = 5")
            st, out, err = run_cong("export", "wxr", xml, "--db", a)
            self.assertEqual(st, 0, err)
            self.assertIn("38 articles", out)  # 4 of them in English
            self.assertEqual(run_cong("init", "--db", b)[0], 0)
            st, out, err = run_cong("import", "wxr", xml, "--uploads",
                                    os.path.join(d, "truong-uploads"), "--db", b)
            self.assertEqual(st, 0, err)
            self.assertIn("0 files missing", out)
            q = ("select a.title, a.summary, a.body_html, a.author, a.published_at, a.status,"
                 " c.slug, a.tags, a.cover_media_id > 0, a.slug, a.meta_description, a.featured,"
                 " a.lang"
                 " from articles a join categories c"
                 " on c.id = a.category_id where a.site_id = 1 order by a.published_at, a.title")
            cq = ("select c.slug, c.name, c.description, coalesce(p.slug, '') from categories c"
                  " left join categories p on p.id = c.parent_id where c.site_id = 1"
                  " order by c.slug")
            with sqlite3.connect(a) as c:
                before, cats = c.execute(q).fetchall(), c.execute(cq).fetchall()
            with sqlite3.connect(b) as c:
                after, cats2 = c.execute(q).fetchall(), c.execute(cq).fetchall()
            self.assertEqual(len(after), 38)
            self.assertEqual(cats2, cats)
            for x, y in zip(before, after):
                self.assertEqual(x, y)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
