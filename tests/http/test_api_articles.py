"""The public read side of the articles API: lists, filters, search, one article, and what a
visitor must never see through it."""

import json
import unittest
import urllib.parse

from harness import connect, Server

srv = None
draft_id = None


def hide_one(db):
    """Turns the newest article into a draft, before the server starts."""
    global draft_id
    with connect(db) as c:
        draft_id = c.execute("select id from articles where site_id = 1 order by published_at desc limit 1")\
            .fetchone()[0]
        c.execute("update articles set status = 0 where id = ?", (draft_id,))


def setUpModule():
    global srv
    srv = Server(demo=True, prepare=hide_one)


def tearDownModule():
    srv.close()


def get(path):
    r = srv.get(path)
    return r.status, json.loads(r.text), r


class Articles(unittest.TestCase):
    def test_list_is_paginated_newest_first_without_drafts(self):
        st, first, r = get("/api/v1/articles?per_page=5")
        self.assertEqual(st, 200)
        self.assertIn("application/json", r.header("content-type"))
        self.assertEqual(len(first["items"]), 5)
        # 34 Vietnamese and 4 English demo articles, one made a draft
        self.assertEqual(first["total"], 37)
        st, second, _ = get("/api/v1/articles?per_page=5&page=2")
        ids1 = [a["id"] for a in first["items"]]
        ids2 = [a["id"] for a in second["items"]]
        self.assertFalse(set(ids1) & set(ids2))
        dates = [a["published_at"] for a in first["items"] + second["items"]]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertNotIn(draft_id, ids1 + ids2)
        self.assertNotIn("body_html", first["items"][0])

    def test_category_filter(self):
        st, d, _ = get("/api/v1/articles?category=thong-bao&per_page=100")
        self.assertEqual(st, 200)
        self.assertTrue(d["items"])
        self.assertTrue(all(a["category"] == "thong-bao" for a in d["items"]))
        self.assertEqual(get("/api/v1/articles?category=khong-co")[0], 404)

    def test_search_forgives_accents(self):
        results = []
        for q in ("dang vien", "Đảng viên", "ĐẢNG VIÊN", "đang vien"):
            st, d, _ = get("/api/v1/articles?per_page=100&q=" + urllib.parse.quote(q))
            self.assertEqual(st, 200)
            results.append(sorted(a["id"] for a in d["items"]))
        self.assertTrue(results[0])
        self.assertTrue(all(r == results[0] for r in results))
        self.assertNotIn(draft_id, results[0])

    def test_one_article_has_its_body_and_a_draft_does_not_exist(self):
        st, d, _ = get("/api/v1/articles?per_page=1")
        one = d["items"][0]
        st, full, _ = get(f"/api/v1/articles/{one['id']}")
        self.assertEqual(st, 200)
        self.assertEqual(full["title"], one["title"])
        self.assertIn("<p>", full["body_html"])
        self.assertTrue(full["url"].startswith(f"/bai-viet/{one['id']}-"))
        self.assertEqual(get(f"/api/v1/articles/{draft_id}")[0], 404)
        self.assertEqual(get("/api/v1/articles/999999")[0], 404)
        st, err, _ = get("/api/v1/articles/abc")
        self.assertEqual((st, err["error"]["code"]), (404, "not_found"))

    def test_bad_parameters_are_json_errors(self):
        for q, status in (("page=0", 400), ("page=x", 400), ("per_page=101", 400),
                          ("status=bogus", 400), ("status=draft", 403)):
            st, d, _ = get("/api/v1/articles?" + q)
            self.assertEqual(st, status, q)
            self.assertIn("message", d["error"])


if __name__ == "__main__":
    unittest.main()
