"""The domain and the portlets in the request's language, against the real server: a refused
article through the API answers in the language of Accept-Language; the home page with
?lang=en shows the portlets' default titles, the documents' dates, the counter's numbers and
the schedule's day names in English, and the denial message in English in place of a portlet
a guest may not see (and in Vietnamese without ?lang=en)."""

import datetime
import json
import re
import time
import unittest

from accounts import FAST, Client, must_create_user
from harness import Server, connect, run_cong

PW = {"quantri": "quan-tri-vien-1", "thanhvien": "thanh-vien-doc"}
DENIED_VI = "Bạn chưa có đủ quyền truy nhập portlet này."
DENIED_EN = "You do not have permission to view this portlet."

srv = None
tokens = {}


def add_users(db):
    must_create_user(db, "quantri", "admin", PW["quantri"])
    must_create_user(db, "thanhvien", "member", PW["thanhvien"])


def setUpModule():
    global srv
    srv = Server(demo=True, env=dict(FAST), prepare=add_users)
    st, out, err = run_cong("token", "create", "quantri", "--db", srv.db, env=FAST)
    assert st == 0, err
    tokens["quantri"] = out.strip()


def tearDownModule():
    srv.close()


def api(method, path, body=None, lang=None):
    """Calls the API as the admin; returns (status, parsed JSON or None)."""
    h = {"Authorization": "Bearer " + tokens["quantri"]}
    if lang:
        h["Accept-Language"] = lang
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def section(html, kind):
    """The HTML of the first portlet of type kind on a page, or ''."""
    m = re.search(r'<section class="portlet portlet-%s[ "].*?</section>' % kind, html, re.S)
    return m.group(0) if m else ""


def home_page_id():
    st, pages = api("GET", "/api/v1/pages")
    assert st == 200, pages
    return next(p["id"] for p in pages["pages"] if p["slug"] == "trang-chu")


class ApiMessages(unittest.TestCase):
    def test_a_refused_article_is_explained_in_the_requests_language(self):
        body = {"title": "Bài thử ngôn ngữ", "category": "khong-co-chuyen-muc-nay"}
        st, en = api("POST", "/api/v1/articles", body, lang="en")
        self.assertEqual(st, 400, en)
        self.assertEqual(en["error"]["field"], "category")
        self.assertEqual(en["error"]["message"],
                         "there is no category 'khong-co-chuyen-muc-nay'")
        st, vi = api("POST", "/api/v1/articles", body, lang="vi")
        self.assertEqual(st, 400, vi)
        self.assertEqual(vi["error"]["message"], "không có chuyên mục 'khong-co-chuyen-muc-nay'")
        # nothing was written either way
        st, found = api("GET", "/api/v1/articles?q=" + "B%C3%A0i%20th%E1%BB%AD")
        self.assertEqual(st, 200)
        self.assertNotIn("Bài thử ngôn ngữ", json.dumps(found, ensure_ascii=False))

    def test_a_refused_portlet_configuration_names_its_field_in_english(self):
        st, p = api("POST", f"/api/v1/pages/{home_page_id()}/portlets",
                    {"type": "news_list", "config": {"count": 99}}, lang="en")
        self.assertEqual(st, 400, p)
        self.assertEqual(p["error"]["field"], "config")
        self.assertEqual(p["error"]["message"],
                         'The field "Number of articles" must be a whole number from 1 to 50.')


class HomePage(unittest.TestCase):
    def test_portlet_titles_and_documents_dates_in_english(self):
        r = srv.get("/?lang=en")
        self.assertEqual(r.status, 200)
        self.assertIn(">Latest news<", r.text)
        self.assertIn(">Latest documents<", r.text)
        self.assertNotIn(">Tin mới<", r.text)
        docs = section(r.text, "documents")
        dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">([^<]*)</time>', docs)
        self.assertTrue(dates, docs)
        for iso, shown in dates:
            d = datetime.date.fromisoformat(iso)
            self.assertEqual(shown, f"{d.day} {d.strftime('%b')} {d.year}")
        # and in Vietnamese, as before
        vi = srv.get("/?lang=vi").text
        self.assertIn(">Tin mới<", vi)
        for iso, shown in re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">([^<]*)</time>',
                                     section(vi, "documents")):
            d = datetime.date.fromisoformat(iso)
            self.assertEqual(shown, d.strftime("%d-%m-%Y"))

    def test_the_denial_message_in_english_where_a_guest_may_not_look(self):
        st, p = api("POST", f"/api/v1/pages/{home_page_id()}/portlets",
                    {"type": "html", "region": "right", "title": "Khối nội bộ 8123",
                     "view_roles": ["member"], "unauthorized": "message",
                     "config": {"html": "<p>Tài liệu 8124</p>"}})
        self.assertEqual(st, 201, p)
        self.addCleanup(api, "DELETE", f"/api/v1/portlets/{p['id']}")
        r = srv.get("/?lang=en")
        self.assertIn(DENIED_EN, r.text)
        self.assertNotIn(DENIED_VI, r.text)
        self.assertNotIn("8123", r.text)
        self.assertNotIn("8124", r.text)
        vi = srv.get("/?lang=vi").text
        self.assertIn(DENIED_VI, vi)
        self.assertNotIn(DENIED_EN, vi)
        # the demo's own members-only block, on an article's page
        path = re.search(r'href="(/bai-viet/\d+-[a-z0-9-]+)"', vi).group(1)
        article = srv.get(path + "?lang=en").text
        self.assertIn(DENIED_EN, article)
        self.assertIn(">More in this category<", article)

    def test_the_counter_has_english_digit_groups(self):
        with connect(srv.db) as c:
            c.execute("insert into settings (site_id, key, value) values (1, ?, ?) on conflict"
                      " (site_id, key) do update set value = excluded.value",
                      ("stats_total_offset", "1234567"))
        self.addCleanup(self.reset_offset)
        member = Client(srv)
        self.assertEqual(member.login("thanhvien", PW["thanhvien"]).status, 303)
        # the counter is handed over about once a second
        for _ in range(50):
            stats = section(member.get("/?lang=en").text, "visitor_stats")
            if "1,234," in stats:
                break
            time.sleep(0.2)
        self.assertRegex(stats, r"<strong>1,234,5\d\d</strong>")
        self.assertRegex(section(member.get("/?lang=vi").text, "visitor_stats"),
                         r"<strong>1\.234\.5\d\d</strong>")

    def reset_offset(self):
        with connect(srv.db) as c:
            c.execute("delete from settings where site_id = 1 and key = 'stats_total_offset'")

    def test_the_schedule_box_names_the_days_in_english(self):
        vn = datetime.timezone(datetime.timedelta(hours=7))
        today = datetime.datetime.now(vn).date()
        if today.isoweekday() == 7:
            self.skipTest("Sunday: no later day in this week for the box to show")
        day = today + datetime.timedelta(days=1)
        st, e = api("POST", "/api/v1/schedule",
                    {"title": "Họp giao ban 7741", "starts_at": f"{day.isoformat()}T09:00+07:00"})
        self.assertEqual(st, 201, e)
        self.addCleanup(api, "DELETE", f"/api/v1/schedule/{e['id']}")
        box = section(srv.get("/?lang=en").text, "schedule")
        self.assertIn("Họp giao ban 7741", box)
        self.assertIn(f"{day.strftime('%A')} {day.day} {day.strftime('%b')} 09:00", box)
        vi = section(srv.get("/?lang=vi").text, "schedule")
        names = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
        self.assertIn(f"{names[day.weekday()]} {day.strftime('%d-%m')} 09:00", vi)


if __name__ == "__main__":
    unittest.main()
