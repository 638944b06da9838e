"""Bulk actions on the admin's article list, against the real server: ticked articles and one
action (submit, publish, unpublish, move to a category, delete) go one by one through the same
checks as their own buttons; the answer sums up what was done and, article by article, what
was refused and why. An author's bulk publish is refused for each article while an editor's
submit and a publisher's publish go through; another author's draft is "no such article";
deleting asks first on a page of its own; a form without its CSRF token changes nothing; and
the whole works without JavaScript (plain checkboxes and a select)."""

import json
import re
import time
import unittest

from accounts import Client, password_of, server_with_users

USERS = {"tacgia": "author", "tacgia2": "author", "bientap": "editor", "duyetdang": "publisher"}
BULK = "/quan-tri/bai-viet/hang-loat"

srv = None
tokens = {}


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)


def tearDownModule():
    srv.close()


def api(method, path, body=None, who="duyetdang"):
    h = {"Authorization": "Bearer " + tokens[who]}
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def draft(who, **fields):
    body = {"title": "Bài hàng loạt " + str(time.monotonic_ns())[-9:],
            "category": "tin-tuc-su-kien", "body": "Nội dung."}
    body.update(fields)
    st, art = api("POST", "/api/v1/articles", body, who=who)
    assert st == 201, (st, art)
    return art


def status_of(aid):
    st, art = api("GET", f"/api/v1/articles/{aid}")
    return art["status"] if st == 200 else st


def login(name):
    c = Client(srv)
    r = c.login(name, password_of(name))
    assert r.status == 303, (name, r.status)
    return c


def bulk(c, action, ids, **extra):
    csrf = c.csrf("/quan-tri/bai-viet")
    fields = [("csrf", csrf), ("thao_tac", action)] + [("id", str(i)) for i in ids]
    fields += list(extra.items())
    import urllib.parse
    return c.request("POST", BULK, body=urllib.parse.urlencode(fields),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})


def section(html, cls):
    m = re.search(r'<ul class="bulk-list %s">(.*?)</ul>' % cls, html, re.S)
    return m.group(1) if m else ""


class Bulk(unittest.TestCase):
    def test_the_list_has_checkboxes_and_one_action_select(self):
        mine = draft("tacgia")
        page = login("tacgia").get("/quan-tri/bai-viet").text
        self.assertIn('<form method="post" action="%s"' % BULK, page)
        self.assertIn('name="id" value="%d"' % mine["id"], page)
        self.assertIn('aria-label="Chọn bài: %s"' % mine["title"], page)
        for value, label in (("submit", "Gửi duyệt"), ("publish", "Đăng ngay"),
                             ("unpublish", "Gỡ bài"), ("move", "Chuyển chuyên mục"),
                             ("delete", "Xóa")):
            self.assertIn('<option value="%s">%s</option>' % (value, label), page)
        self.assertRegex(page, r'name="csrf" value="[^"]+"')

    def test_an_authors_bulk_publish_is_refused_article_by_article(self):
        a, b = draft("tacgia"), draft("tacgia")
        c = login("tacgia")
        r = bulk(c, "publish", [a["id"], b["id"]])
        self.assertEqual(r.status, 200, r.text[-2000:])
        self.assertIn("Đã đăng: 0 bài. Không làm được: 2 bài.", r.text)
        refused = section(r.text, "bulk-refused")
        for art in (a, b):
            self.assertIn(art["title"], refused)
            self.assertEqual(status_of(art["id"]), "draft")
        self.assertIn("Bạn không có quyền", refused)
        # the author may submit her own drafts, not another's, which she cannot even see
        other = draft("tacgia2")
        r = bulk(c, "submit", [a["id"], other["id"]])
        self.assertIn("Đã gửi duyệt: 1 bài. Không làm được: 1 bài.", r.text)
        self.assertIn(a["title"], section(r.text, "bulk-done"))
        refused = section(r.text, "bulk-refused")
        self.assertIn("Bài #%d" % other["id"], refused)
        self.assertNotIn(other["title"], r.text)
        self.assertIn("Không có bài viết này", refused)
        self.assertEqual(status_of(a["id"]), "pending")
        self.assertEqual(status_of(other["id"]), "draft")

    def test_editor_submits_and_publisher_publishes_what_they_may(self):
        a, b = draft("tacgia"), draft("tacgia2")
        done = bulk(login("bientap"), "submit", [a["id"], b["id"]])
        self.assertIn("Đã gửi duyệt: 2 bài. Không làm được: 0 bài.", done.text)
        # an editor may not publish: refused for each, with the reason
        r = bulk(login("bientap"), "publish", [a["id"], b["id"]])
        self.assertIn("Không làm được: 2 bài.", r.text)
        self.assertEqual([status_of(a["id"]), status_of(b["id"])], ["pending", "pending"])
        d = draft("duyetdang")
        pub = draft("duyetdang", status="published")
        r = bulk(login("duyetdang"), "publish", [a["id"], b["id"], d["id"], pub["id"]])
        self.assertIn("Đã đăng: 3 bài. Không làm được: 1 bài.", r.text)
        refused = section(r.text, "bulk-refused")
        self.assertIn(pub["title"], refused)
        self.assertIn("Đã đăng", refused)  # the state it was in
        for art in (a, b, d):
            self.assertEqual(status_of(art["id"]), "published")
            self.assertEqual(srv.get(art["url"]).status, 200)
        r = bulk(login("duyetdang"), "unpublish", [a["id"], b["id"]])
        self.assertIn("Đã gỡ xuống thành bản nháp: 2 bài.", r.text)
        self.assertEqual(srv.get(a["url"]).status, 404)

    def test_move_to_a_category(self):
        a, b = draft("tacgia"), draft("tacgia")
        r = bulk(login("bientap"), "move", [a["id"], b["id"]], chuyen_muc_moi="thong-bao")
        self.assertEqual(r.status, 200, r.text[-2000:])
        self.assertIn("Đã chuyển sang chuyên mục “Thông báo”: 2 bài.", r.text)
        for art in (a, b):
            self.assertEqual(api("GET", f"/api/v1/articles/{art['id']}")[1]["category"],
                             "thong-bao")
        # no category, or one that does not exist: 400 and nothing moves
        r = bulk(login("bientap"), "move", [a["id"]])
        self.assertEqual(r.status, 400)
        self.assertIn("Hãy chọn chuyên mục", r.text)
        r = bulk(login("bientap"), "move", [a["id"]], chuyen_muc_moi="khong-co")
        self.assertEqual(r.status, 400)
        self.assertEqual(api("GET", f"/api/v1/articles/{a['id']}")[1]["category"], "thong-bao")

    def test_delete_asks_first_then_deletes_what_may_be(self):
        mine, pub = draft("tacgia"), draft("duyetdang", status="published")
        c = login("bientap")
        r = bulk(c, "delete", [mine["id"], pub["id"]])
        self.assertEqual(r.status, 200)
        self.assertIn("Xóa các bài đã chọn", r.text)
        self.assertIn(mine["title"], r.text)
        self.assertIn('name="xac_nhan" value="1"', r.text)
        self.assertEqual(status_of(mine["id"]), "draft")  # nothing deleted yet
        r = bulk(c, "delete", [mine["id"], pub["id"]], xac_nhan="1")
        self.assertIn("Đã xóa: 1 bài. Không làm được: 1 bài.", r.text)
        self.assertIn(pub["title"], section(r.text, "bulk-refused"))
        self.assertIn("người duyệt đăng", section(r.text, "bulk-refused"))
        self.assertEqual(status_of(mine["id"]), 404)
        self.assertEqual(status_of(pub["id"]), "published")

    def test_refusals_of_the_form_itself(self):
        a = draft("tacgia")
        c = login("tacgia")
        r = bulk(c, "publish", [])
        self.assertEqual(r.status, 400)
        self.assertIn("Chưa chọn bài viết nào", r.text)
        r = bulk(c, "", [a["id"]])
        self.assertEqual(r.status, 400)
        r = bulk(c, "nuke", [a["id"]])
        self.assertEqual(r.status, 400)
        # without the CSRF token nothing happens
        r = c.post(BULK, {"thao_tac": "submit", "id": str(a["id"])})
        self.assertEqual(r.status, 403)
        self.assertEqual(status_of(a["id"]), "draft")
        # a guest is sent to log in
        r = Client(srv).post(BULK, {"thao_tac": "submit", "id": str(a["id"])})
        self.assertIn(r.status, (303, 403))
        self.assertEqual(status_of(a["id"]), "draft")

    def test_every_step_is_audited_as_its_own_button(self):
        a = draft("tacgia")
        bulk(login("tacgia"), "submit", [a["id"]])
        import sqlite3
        with sqlite3.connect(srv.db) as conn:
            rows = conn.execute("select action, user_name from audit_log where target like ?"
                                " order by id", (f"#{a['id']} %",)).fetchall()
        self.assertIn(("article_submitted", "tacgia"), rows)


if __name__ == "__main__":
    unittest.main()
