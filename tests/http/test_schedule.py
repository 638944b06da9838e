"""The work schedule against the real server: the week view puts an entry on its day and
half-day in the site's time zone (not UTC's), ?tuan= moves between ISO weeks (53-week years
included) and refuses weeks that do not exist, the print view, the API's roles and checks, a
change showing at once on a cached page, the admin's form, and an entry of one site not found
on another site's host."""

import json
import re
import unittest

from accounts import Client, password_of, server_with_users
from harness import connect

USERS = {"lich_bientap": "editor", "lich_thanhvien": "member"}

srv = None
tokens = {}


def setUpModule():
    global srv
    srv, made = server_with_users(USERS)
    tokens.update(made)
    with connect(srv.db) as c:
        c.execute("INSERT INTO sites (host, created_at) VALUES ('khoa.localhost', 0)"
                  " ON CONFLICT (host) DO NOTHING")  # the demo's own sub-portal


def tearDownModule():
    srv.close()


def api(method, path, body=None, who=None, headers=None):
    h = dict(headers or {})
    if who:
        h["Authorization"] = "Bearer " + tokens[who]
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    r = srv.request(method, path, body=data, headers=h)
    return r.status, (json.loads(r.body) if r.body else None)


def add(title, starts, ends=None, **more):
    body = {"title": title, "starts_at": starts, "location": "Phòng họp 1",
            "chair": "Hiệu trưởng", "people": "Các khoa", "host_unit": "Văn phòng"}
    if ends:
        body["ends_at"] = ends
    body.update(more)
    st, e = api("POST", "/api/v1/schedule", body, who="lich_bientap")
    assert st == 201, (st, e)
    return e


def placement(html, entry_id):
    """(day, half) of the row of entry_id on a week page, or None."""
    m = re.search(r'data-day="([0-9-]+)" data-half="(sang|chieu)" data-id="%d"' % entry_id, html)
    return (m.group(1), m.group(2)) if m else None


class WeekView(unittest.TestCase):
    def test_entry_lands_on_its_local_day_and_half_day(self):
        # 06:30 UTC is 13:30 in Asia/Ho_Chi_Minh: Tuesday afternoon
        afternoon = add("Họp chiều thứ Ba", "2027-01-05T06:30:00Z", "2027-01-05T08:00:00Z")
        # 18:00 UTC on Wednesday is 01:00 on Thursday there: Thursday morning, not Wednesday
        night = add("Trực ban rạng sáng", "2027-01-06T18:00:00Z", "2027-01-06T19:00:00Z")
        # typed without an offset: the site's own time
        local = add("Giao ban sáng thứ Hai", "2027-01-04T07:30", "2027-01-04T09:00")
        r = srv.get("/lich-cong-tac?tuan=2027-W01")
        self.assertEqual(r.status, 200)
        html = r.text
        self.assertEqual(placement(html, afternoon["id"]), ("2027-01-05", "chieu"))
        self.assertEqual(placement(html, night["id"]), ("2027-01-07", "sang"))
        self.assertEqual(placement(html, local["id"]), ("2027-01-04", "sang"))
        self.assertIn("13:30 – 15:00", html)
        self.assertIn("Thứ Năm", html)
        self.assertEqual(local["starts_at"], "2027-01-04T07:30:00+07:00")
        # the week before does not hold them
        self.assertIsNone(placement(srv.get("/lich-cong-tac?tuan=2026-W53").text,
                                    afternoon["id"]))

    def test_entry_over_several_days_shows_on_each(self):
        e = add("Hội nghị ba ngày", "2027-02-01T08:00", "2027-02-03T11:00")
        html = srv.get("/lich-cong-tac?tuan=2027-W05").text
        days = re.findall(r'data-day="([0-9-]+)" data-half="(?:sang|chieu)" data-id="%d"' % e["id"],
                          html)
        self.assertEqual(days, ["2027-02-01", "2027-02-02", "2027-02-03"])
        self.assertIn("(tiếp theo)", html)

    def test_week_links_and_bad_weeks(self):
        html = srv.get("/lich-cong-tac?tuan=2027-W01").text
        self.assertIn('href="/lich-cong-tac?tuan=2026-W53"', html)  # 2026 has 53 weeks
        self.assertIn('href="/lich-cong-tac?tuan=2027-W02"', html)
        self.assertIn("Từ 04-01-2027 đến 10-01-2027", html)
        html = srv.get("/lich-cong-tac?tuan=2026-W53").text
        self.assertIn('href="/lich-cong-tac?tuan=2027-W01"', html)
        for bad in ("2025-W53", "2027-W00", "2027-W54", "2027-1", "tuan", "2027-W1x"):
            self.assertEqual(srv.get("/lich-cong-tac?tuan=" + bad).status, 400, bad)
        r = srv.get("/lich-cong-tac")
        self.assertEqual(r.status, 200)
        self.assertIn("(tuần này)", r.text)
        self.assertIn("today-badge", r.text)

    def test_print_view(self):
        e = add("Tiếp công dân định kỳ", "2027-03-02T08:00", "2027-03-02T11:00")
        r = srv.get("/lich-cong-tac?tuan=2027-W09&in=1")
        self.assertEqual(r.status, 200)
        self.assertIn('class="print-view"', r.text)
        self.assertEqual(placement(r.text, e["id"]), ("2027-03-02", "sang"))
        self.assertNotIn("site-nav", r.text)

    def test_a_change_shows_at_once(self):
        e = add("Bản cũ của lịch", "2027-04-06T14:00")
        path = "/lich-cong-tac?tuan=2027-W14"
        self.assertIn("Bản cũ của lịch", srv.get(path).text)
        self.assertEqual(srv.get(path).header("X-Cache"), "hit")
        st, _ = api("PATCH", "/api/v1/schedule/%d" % e["id"], {"title": "Bản mới của lịch"},
                    who="lich_bientap")
        self.assertEqual(st, 200)
        html = srv.get(path).text
        self.assertIn("Bản mới của lịch", html)
        self.assertNotIn("Bản cũ của lịch", html)
        st, _ = api("DELETE", "/api/v1/schedule/%d" % e["id"], who="lich_bientap")
        self.assertEqual(st, 200)
        self.assertIsNone(placement(srv.get(path).text, e["id"]))


class Api(unittest.TestCase):
    def test_roles(self):
        body = {"title": "Không được thêm", "starts_at": "2027-05-03T08:00"}
        self.assertEqual(api("POST", "/api/v1/schedule", body)[0], 401)
        st, err = api("POST", "/api/v1/schedule", body, who="lich_thanhvien")
        self.assertEqual(st, 403)
        self.assertEqual(err["error"]["code"], "forbidden")
        e = add("Được thêm", "2027-05-03T08:00")
        self.assertEqual(api("PATCH", "/api/v1/schedule/%d" % e["id"], {"title": "x"},
                             who="lich_thanhvien")[0], 403)
        self.assertEqual(api("DELETE", "/api/v1/schedule/%d" % e["id"],
                             who="lich_thanhvien")[0], 403)
        # anyone reads it
        st, got = api("GET", "/api/v1/schedule/%d" % e["id"])
        self.assertEqual(st, 200)
        self.assertEqual(got["title"], "Được thêm")
        self.assertEqual(got["ends_at"], "2027-05-03T09:00:00+07:00")  # an hour by default

    def test_checks(self):
        cases = [
            ({"title": "Ngược", "starts_at": "2027-05-04T10:00", "ends_at": "2027-05-04T09:00"},
             "ends_at"),
            ({"title": "Không giờ"}, "starts_at"),
            ({"starts_at": "2027-05-04T10:00"}, "title"),
            ({"title": "Sai giờ", "starts_at": "4/5/2027"}, "starts_at"),
            ({"title": "Thừa", "starts_at": "2027-05-04T10:00", "color": "red"}, "color"),
        ]
        for body, field in cases:
            st, err = api("POST", "/api/v1/schedule", body, who="lich_bientap")
            self.assertEqual(st, 400, body)
            self.assertEqual(err["error"].get("field"), field, body)

    def test_list_by_week_and_range(self):
        e = add("Trong tuần 20", "2027-05-18T09:00")
        st, week = api("GET", "/api/v1/schedule?week=2027-W20")
        self.assertEqual(st, 200)
        self.assertIn(e["id"], [i["id"] for i in week["items"]])
        self.assertEqual(week["from"], "2027-05-17T00:00:00+07:00")
        st, rng = api("GET", "/api/v1/schedule?from=2027-05-19&to=2027-05-20")
        self.assertEqual(st, 200)
        self.assertNotIn(e["id"], [i["id"] for i in rng["items"]])
        self.assertEqual(api("GET", "/api/v1/schedule?week=2027-W99")[0], 400)
        self.assertEqual(api("GET", "/api/v1/schedule?from=2027-05-19")[0], 400)


class Admin(unittest.TestCase):
    def test_editor_adds_an_entry_with_the_form(self):
        c = Client(srv)
        self.assertEqual(c.login("lich_bientap", password_of("lich_bientap")).status, 303)
        page = c.get("/quan-tri/lich-cong-tac?tuan=2027-W23")
        self.assertEqual(page.status, 200)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        r = c.post("/quan-tri/lich-cong-tac?tuan=2027-W23",
                   {"csrf": csrf, "starts_at": "2027-06-08T15:00", "ends_at": "",
                    "title": "Làm việc với Sở Nội vụ", "location": "Phòng khách",
                    "chair": "Phó Hiệu trưởng", "people": "", "host_unit": ""})
        self.assertEqual(r.status, 303)
        self.assertIn("tuan=2027-W23", r.header("Location"))
        html = srv.get("/lich-cong-tac?tuan=2027-W23").text
        self.assertIn("Làm việc với Sở Nội vụ", html)
        self.assertRegex(html, r'data-day="2027-06-08" data-half="chieu"')
        r = c.post("/quan-tri/lich-cong-tac",
                   {"csrf": csrf, "starts_at": "", "title": "Thiếu giờ"})
        self.assertEqual(r.status, 400)
        # a member has no schedule to edit
        m = Client(srv)
        m.login("lich_thanhvien", password_of("lich_thanhvien"))
        self.assertEqual(m.get("/quan-tri/lich-cong-tac").status, 403)


class Sites(unittest.TestCase):
    def test_an_entry_of_one_site_is_404_on_another(self):
        e = add("Lịch riêng của cổng chính", "2027-07-06T08:00")
        other = {"Host": "khoa.localhost"}
        r = srv.request("GET", "/api/v1/schedule/%d" % e["id"], headers=other)
        self.assertEqual(r.status, 404)
        r = srv.get("/lich-cong-tac?tuan=2027-W27", headers=other)
        self.assertEqual(r.status, 200)
        self.assertNotIn("Lịch riêng của cổng chính", r.text)
        r = srv.request("GET", "/api/v1/schedule?week=2027-W27", headers=other)
        self.assertEqual(json.loads(r.body)["items"], [])
        self.assertIn("Lịch riêng của cổng chính", srv.get("/lich-cong-tac?tuan=2027-W27").text)


if __name__ == "__main__":
    unittest.main()
