"""The editorial JSON API against the real server: who may write, move and delete articles
(authors, editors, publishers; members refused), drafts hidden from those who may not see
them, rejection with a note, approval, scheduled publishing seen through a second server whose
clock runs ahead, revisions and restore, stale saves (409), categories (create, rename, nest,
delete refused while they hold articles), the audit trail of every transition, and bad JSON."""

import json
import time
import unittest

from accounts import Client, password_of, server_with_users
from harness import connect, Server

USERS = {"tacgia": "author", "tacgia2": "author", "bientap": "editor", "duyetdang": "publisher",
         "quantri": "admin", "thanhvien": "member"}

srv = None
tokens = {}
password = password_of


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)
    st, body = api("POST", "/api/v1/categories", {"name": "Thử nghiệm biên tập",
                                                   "slug": "thu-nghiem"}, who="bientap")
    assert st == 201, body


def tearDownModule():
    srv.close()


def api(method, path, body=None, who=None, headers=None, server=None):
    """Calls the API as who (None: no credentials); returns (status, parsed JSON or None)."""
    h = dict(headers or {})
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = None
    if body is not None:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        h["Content-Type"] = "application/json"
    r = (server or srv).request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def new_article(who="tacgia", **fields):
    body = {"title": "Bài thử " + str(time.monotonic_ns()), "summary": "Tóm tắt",
            "body": "Đoạn một.\n\nĐoạn hai.", "category": "thu-nghiem", "tags": ["thử", "Thử"]}
    body.update(fields)
    st, art = api("POST", "/api/v1/articles", body, who=who)
    assert st == 201, (st, art)
    return art


def audit_actions(article_id):
    """The audit log's action codes for one article, oldest first (read from the store)."""
    with connect(srv.db) as c:
        rows = c.execute("select action from audit_log where target like ? order by id",
                         (f"#{article_id} %",)).fetchall()
    return [r[0] for r in rows]


def transition(aid, action, who, note=None, server=None):
    body = {"action": action}
    if note is not None:
        body["note"] = note
    return api("POST", f"/api/v1/articles/{aid}/transitions", body, who=who, server=server)


class Writing(unittest.TestCase):
    def test_create_answers_201_with_the_article(self):
        art = new_article()
        self.assertEqual(art["status"], "draft")
        self.assertTrue(art["url"].startswith(f"/bai-viet/{art['id']}-bai-thu-"))
        self.assertEqual(art["tags"], ["thử"])
        self.assertEqual(art["owner"], "tacgia")
        self.assertEqual(art["category"], "thu-nghiem")
        self.assertIn("<p>Đoạn một.</p>", art["body_html"])
        self.assertIsInstance(art["revision"], int)
        self.assertEqual(audit_actions(art["id"]), ["article_created"])

    def test_published_article_shows_its_tags_as_links_to_search(self):
        art = new_article(who="duyetdang", status="published",
                          tags=["Chuyển đổi số", "học viên & giảng viên"])
        page = srv.request("GET", art["url"]).text
        self.assertIn('<a href="/tim-kiem?q=Chuy%E1%BB%83n%20%C4%91%E1%BB%95i%20s%E1%BB%91"'
                      ' rel="tag">Chuyển đổi số</a>', page)
        self.assertIn('rel="tag">học viên &amp; giảng viên</a>', page)
        # an article without tags has no empty tag line
        bare = new_article(who="duyetdang", status="published", tags=[])
        self.assertNotIn('class="tags"', srv.request("GET", bare["url"]).text)

    def test_author_cannot_publish_by_any_road(self):
        st, body = api("POST", "/api/v1/articles", {"title": "Tự đăng", "category": "thu-nghiem",
                                                    "status": "published"}, who="tacgia")
        self.assertEqual(st, 403, body)
        self.assertIn("message", body["error"])
        art = new_article()
        st, body = api("PATCH", f"/api/v1/articles/{art['id']}", {"status": "published"},
                       who="tacgia")
        self.assertEqual(st, 403, body)
        st, body = transition(art["id"], "publish", "tacgia")
        self.assertEqual(st, 403, body)
        st, body = transition(art["id"], "approve", "tacgia")
        self.assertEqual(st, 403, body)
        st, got = api("GET", f"/api/v1/articles/{art['id']}", who="tacgia")
        self.assertEqual(got["status"], "draft")
        # the public never saw it
        self.assertEqual(api("GET", f"/api/v1/articles/{art['id']}")[0], 404)

    def test_member_writes_nothing(self):
        st, body = api("POST", "/api/v1/articles", {"title": "X", "category": "thu-nghiem"},
                       who="thanhvien")
        self.assertEqual(st, 403, body)
        st, body = api("POST", "/api/v1/articles", {"title": "X", "category": "thu-nghiem"})
        self.assertEqual(st, 401, body)

    def test_author_cannot_touch_another_authors_draft(self):
        art = new_article(who="tacgia")
        aid = art["id"]
        # not visible to the other author: as if it did not exist
        self.assertEqual(api("GET", f"/api/v1/articles/{aid}", who="tacgia2")[0], 404)
        self.assertEqual(api("PATCH", f"/api/v1/articles/{aid}", {"title": "Của tôi"},
                             who="tacgia2")[0], 404)
        self.assertEqual(transition(aid, "submit", "tacgia2")[0], 404)
        self.assertEqual(api("DELETE", f"/api/v1/articles/{aid}", who="tacgia2")[0], 404)
        self.assertEqual(api("GET", f"/api/v1/articles/{aid}/revisions", who="tacgia2")[0], 404)
        st, got = api("GET", f"/api/v1/articles/{aid}", who="tacgia")
        self.assertEqual(got["title"], art["title"])
        # an author's list of drafts holds only their own
        st, mine = api("GET", "/api/v1/articles?status=draft&per_page=100", who="tacgia2")
        self.assertEqual(st, 200)
        self.assertNotIn(aid, [a["id"] for a in mine["items"]])
        st, theirs = api("GET", "/api/v1/articles?status=draft&per_page=100", who="tacgia")
        self.assertIn(aid, [a["id"] for a in theirs["items"]])
        st, ed = api("GET", "/api/v1/articles?status=draft&per_page=100", who="bientap")
        self.assertIn(aid, [a["id"] for a in ed["items"]])

    def test_review_round_trip_with_note_and_audit(self):
        aid = new_article()["id"]
        st, art = transition(aid, "submit", "tacgia")
        self.assertEqual((st, art["status"]), (200, "pending"))
        # out of the author's hands now
        self.assertEqual(api("PATCH", f"/api/v1/articles/{aid}", {"title": "Sửa muộn"},
                             who="tacgia")[0], 403)
        # a rejection needs its note; the editor cannot approve
        self.assertEqual(transition(aid, "reject", "bientap")[0], 400)
        self.assertEqual(transition(aid, "approve", "bientap")[0], 403)
        st, art = transition(aid, "reject", "bientap", note="Thiếu nguồn tin")
        self.assertEqual((st, art["status"]), (200, "draft"))
        st, art = api("GET", f"/api/v1/articles/{aid}", who="tacgia")
        self.assertEqual(art["review_note"], "Thiếu nguồn tin")
        self.assertEqual(transition(aid, "submit", "tacgia")[0], 200)
        # approving a draft is the wrong state, not the wrong role
        st, art = transition(aid, "approve", "duyetdang")
        self.assertEqual((st, art["status"]), (200, "published"))
        st, body = transition(aid, "approve", "duyetdang")
        self.assertEqual(st, 422, body)
        self.assertEqual(body["error"]["code"], "invalid_state")
        st, pub = api("GET", f"/api/v1/articles/{aid}")
        self.assertEqual(st, 200)
        self.assertNotIn("review_note", pub)  # only those who may edit see it
        self.assertEqual(transition(aid, "unpublish", "duyetdang")[0], 200)
        self.assertEqual(api("GET", f"/api/v1/articles/{aid}")[0], 404)
        self.assertEqual(audit_actions(aid),
                         ["article_created", "article_submitted", "article_rejected",
                          "article_submitted", "article_approved", "article_unpublished"])
        st, revs = api("GET", f"/api/v1/articles/{aid}/revisions", who="bientap")
        self.assertEqual(st, 200)
        self.assertEqual([r["action"] for r in revs["items"]],
                         ["unpublish", "approve", "submit", "reject", "submit", "create"])
        self.assertEqual(revs["items"][3]["note"], "Thiếu nguồn tin")
        self.assertEqual(revs["items"][3]["user"], "bientap")

    def test_admin_audit_page_names_each_transition(self):
        aid = new_article(title="Bài cho nhật ký")["id"]
        self.assertEqual(transition(aid, "submit", "tacgia")[0], 200)
        self.assertEqual(transition(aid, "reject", "bientap", note="Viết lại mở bài")[0], 200)
        admin = Client(srv)
        self.assertEqual(admin.login("quantri", password("quantri")).status, 303)
        page = admin.get("/quan-tri/nhat-ky").text
        self.assertIn(f"#{aid} Bài cho nhật ký", page)
        for label in ("Tạo bài viết", "Gửi duyệt bài", "Trả lại bài", "Viết lại mở bài"):
            self.assertIn(label, page)

    def test_unknown_action_and_wrong_types_are_400(self):
        aid = new_article()["id"]
        for body in ({"action": "burn"}, {"action": 3}, {}, {"action": "submit", "note": 5}):
            st, got = api("POST", f"/api/v1/articles/{aid}/transitions", body, who="tacgia")
            self.assertEqual(st, 400, (body, got))
            self.assertTrue(got["error"]["message"])
        for body in ({"title": 5}, {"tags": "a,b"}, {"tags": [1]}, {"cover": "x"},
                     {"status": "scheduled"}, {"published_at": "hôm qua"}, {"revision": "1"}):
            st, got = api("PATCH", f"/api/v1/articles/{aid}", body, who="tacgia")
            self.assertEqual(st, 400, (body, got))

    def test_bad_json_is_400(self):
        aid = new_article()["id"]
        for raw in ("{", "[1, 2]", "\"x\"", "", "{\"title\": \"a\", \"title\": \"b\"}"):
            st, got = api("POST", "/api/v1/articles", raw, who="bientap")
            self.assertEqual(st, 400, raw)
            self.assertEqual(got["error"]["code"], "bad_request")
            st, got = api("PATCH", f"/api/v1/articles/{aid}", raw, who="bientap")
            self.assertEqual(st, 400, raw)
        st, got = api("POST", "/api/v1/articles", {"title": "", "category": "thu-nghiem"},
                      who="bientap")
        self.assertEqual(st, 400)
        self.assertIn("tiêu đề", got["error"]["message"])
        st, got = api("POST", "/api/v1/articles", {"title": "X", "category": "khong-co"},
                      who="bientap")
        self.assertEqual(st, 400)

    def test_stale_patch_is_409_and_changes_nothing(self):
        art = new_article(who="bientap")
        aid, rev = art["id"], art["revision"]
        st, a1 = api("PATCH", f"/api/v1/articles/{aid}", {"title": "Bản một", "revision": rev},
                     who="bientap")
        self.assertEqual(st, 200, a1)
        self.assertGreater(a1["revision"], rev)
        st, body = api("PATCH", f"/api/v1/articles/{aid}", {"title": "Bản hai"},
                       who="duyetdang", headers={"If-Match": f'"{rev}"'})
        self.assertEqual(st, 409, body)
        self.assertEqual(body["error"]["code"], "conflict")
        st, now = api("GET", f"/api/v1/articles/{aid}", who="bientap")
        self.assertEqual(now["title"], "Bản một")
        self.assertEqual(now["revision"], a1["revision"])
        st, a2 = api("PATCH", f"/api/v1/articles/{aid}", {"title": "Bản hai"},
                     who="duyetdang", headers={"If-Match": f'"{a1["revision"]}"'})
        self.assertEqual((st, a2["title"]), (200, "Bản hai"))

    def test_revisions_and_restore(self):
        art = new_article(title="Tiêu đề đầu", body="Nội dung đầu")
        aid, first = art["id"], art["revision"]
        st, _ = api("PATCH", f"/api/v1/articles/{aid}",
                    {"title": "Tiêu đề sau", "body": "Nội dung sau", "tags": ["mới"]}, who="tacgia")
        self.assertEqual(st, 200)
        st, art = api("POST", f"/api/v1/articles/{aid}/revisions/{first}/restore", who="tacgia")
        self.assertEqual(st, 200, art)
        self.assertEqual(art["title"], "Tiêu đề đầu")
        self.assertEqual(art["body"], "Nội dung đầu")
        self.assertEqual(art["tags"], ["thử"])
        self.assertEqual(art["status"], "draft")
        st, revs = api("GET", f"/api/v1/articles/{aid}/revisions", who="tacgia")
        self.assertEqual([r["action"] for r in revs["items"]], ["restore", "save", "create"])
        self.assertEqual(revs["total"], 3)
        # a revision of another article is not this one's
        other = new_article()
        st, _ = api("POST", f"/api/v1/articles/{other['id']}/revisions/{first}/restore",
                    who="tacgia")
        self.assertEqual(st, 404)
        # restoring a published article's text leaves it published
        self.assertEqual(transition(aid, "publish", "duyetdang")[0], 200)
        st, art = api("POST", f"/api/v1/articles/{aid}/revisions/{first}/restore",
                      who="bientap")
        self.assertEqual((st, art["status"]), (200, "published"))
        self.assertIn("article_restored", audit_actions(aid))

    def test_delete_rules(self):
        mine = new_article()["id"]
        pub = new_article(who="duyetdang", status="published")["id"]
        self.assertEqual(api("GET", f"/api/v1/articles/{pub}")[0], 200)
        self.assertEqual(api("DELETE", f"/api/v1/articles/{pub}", who="tacgia")[0], 403)
        self.assertEqual(api("DELETE", f"/api/v1/articles/{pub}", who="bientap")[0], 403)
        self.assertEqual(api("DELETE", f"/api/v1/articles/{pub}", who="thanhvien")[0], 403)
        st, body = api("DELETE", f"/api/v1/articles/{mine}", who="tacgia")
        self.assertEqual((st, body["deleted"]), (200, True))
        self.assertEqual(api("GET", f"/api/v1/articles/{mine}", who="tacgia")[0], 404)
        self.assertEqual(api("DELETE", f"/api/v1/articles/{pub}", who="duyetdang")[0], 200)
        self.assertEqual(api("GET", f"/api/v1/articles/{pub}")[0], 404)
        self.assertEqual(audit_actions(pub)[-1], "article_deleted")

    def test_scheduled_article_appears_when_its_time_comes(self):
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
        art = new_article(who="duyetdang", title="Tin hẹn giờ đăng", published_at=when,
                          status="published")
        aid, url = art["id"], art["url"]
        self.assertEqual(art["status"], "published")
        self.assertTrue(art["scheduled"])
        self.assertEqual(api("GET", f"/api/v1/articles/{aid}")[0], 404)
        self.assertEqual(srv.get(url).status, 404)
        st, listed = api("GET", "/api/v1/articles?per_page=100")
        self.assertNotIn(aid, [a["id"] for a in listed["items"]])
        st, sched = api("GET", "/api/v1/articles?status=scheduled", who="bientap")
        self.assertIn(aid, [a["id"] for a in sched["items"]])
        self.assertNotIn("Tin hẹn giờ đăng", srv.get("/").text)
        # two hours later, on another node of the same database
        later = Server(db=srv.db, env={"CONG_TEST_CLOCK_OFFSET": "7200"})
        try:
            st, got = api("GET", f"/api/v1/articles/{aid}", server=later)
            self.assertEqual((st, got["title"]), (200, "Tin hẹn giờ đăng"))
            st, listed = api("GET", "/api/v1/articles?per_page=100", server=later)
            self.assertIn(aid, [a["id"] for a in listed["items"]])
            self.assertEqual(later.get(url).status, 200)
            self.assertIn("Tin hẹn giờ đăng", later.get("/").text)
        finally:
            later.close()


class Categories(unittest.TestCase):
    def test_create_rename_nest_and_delete(self):
        st, parent = api("POST", "/api/v1/categories", {"name": "Văn hoá Xã hội"},
                         who="bientap")
        self.assertEqual(st, 201, parent)
        self.assertEqual(parent["slug"], "van-hoa-xa-hoi")
        self.assertIsNone(parent["parent"])
        st, child = api("POST", "/api/v1/categories",
                        {"name": "Lễ hội", "slug": "le-hoi", "parent": "van-hoa-xa-hoi"},
                        who="bientap")
        self.assertEqual((st, child["parent"]), (201, "van-hoa-xa-hoi"))
        st, body = api("POST", "/api/v1/categories", {"name": "Trùng", "slug": "le-hoi"},
                       who="bientap")
        self.assertEqual(st, 409, body)
        st, body = api("POST", "/api/v1/categories", {"name": "X"}, who="tacgia")
        self.assertEqual(st, 403, body)
        st, body = api("POST", "/api/v1/categories", {"name": "X", "slug": "Có Dấu"},
                       who="bientap")
        self.assertEqual(st, 400, body)
        # no cycles
        st, body = api("PATCH", f"/api/v1/categories/{parent['id']}", {"parent": "le-hoi"},
                       who="bientap")
        self.assertEqual(st, 400, body)
        # rename, then move the child to the top level
        st, got = api("PATCH", "/api/v1/categories/le-hoi", {"name": "Lễ hội truyền thống"},
                      who="bientap")
        self.assertEqual((st, got["name"], got["slug"]), (200, "Lễ hội truyền thống", "le-hoi"))
        st, got = api("PATCH", "/api/v1/categories/le-hoi", {"parent": None}, who="bientap")
        self.assertEqual((st, got["parent"]), (200, None))
        st, got = api("PATCH", "/api/v1/categories/le-hoi", {"parent": parent["id"]},
                      who="bientap")
        self.assertEqual((st, got["parent_id"]), (200, parent["id"]))
        st, listing = api("GET", "/api/v1/categories")
        self.assertEqual(st, 200)
        self.assertIn("le-hoi", [c["slug"] for c in listing["items"]])
        # delete refused while it holds a subcategory, then articles, with the count
        st, body = api("DELETE", "/api/v1/categories/van-hoa-xa-hoi", who="bientap")
        self.assertEqual(st, 409, body)
        self.assertIn("1 chuyên mục con", body["error"]["message"])
        new_article(category="le-hoi")
        new_article(category="le-hoi", who="bientap")
        st, body = api("DELETE", "/api/v1/categories/le-hoi", who="quantri")
        self.assertEqual(st, 409, body)
        self.assertIn("2 bài viết", body["error"]["message"])
        st, empty = api("POST", "/api/v1/categories", {"name": "Tạm thời"}, who="bientap")
        self.assertEqual(api("DELETE", f"/api/v1/categories/{empty['id']}", who="tacgia")[0], 403)
        st, body = api("DELETE", f"/api/v1/categories/{empty['id']}", who="bientap")
        self.assertEqual((st, body["deleted"]), (200, True))
        self.assertEqual(api("DELETE", f"/api/v1/categories/{empty['id']}", who="bientap")[0],
                         404)
        with connect(srv.db) as c:
            actions = {r[0] for r in c.execute(
                "select action from audit_log where action like 'category_%'")}
        self.assertTrue({"category_created", "category_updated", "category_deleted"} <= actions)

    def test_bad_category_bodies_are_400(self):
        for body in ("[]", "{", {"name": 3}, {"name": "X", "parent": 1.5},
                     {"name": "X", "parent": "khong-co"}, {"name": "X", "position": -1}):
            st, got = api("POST", "/api/v1/categories", body, who="bientap")
            self.assertEqual(st, 400, (body, got))


if __name__ == "__main__":
    unittest.main()
