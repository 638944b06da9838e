"""The public pages and a few admin pages in English (?lang=en) on the real binary: English
interface text and none of the Vietnamese interface left over, dates and numbers written the
English way (4 Dec 2026, 1,234,567), the page's head (lang, og:locale) and the feeds in the
language; and the same pages in Vietnamese as before (04-12-2026, 1.234.567)."""

import re
import unittest
from html.parser import HTMLParser

from accounts import Client, must_create_user, password_of, FAST
from harness import Server, connect, run_cong

srv = None

# Vietnamese interface text of the chrome and the pages' own frames; none of it is in the
# demo's content, so an English page that shows any of it has text left untranslated.
VI_UI = [
    "Bỏ qua điều hướng", "Điều hướng chính", "Tìm bài viết", "Bảo lưu mọi quyền",
    "Đang online", "Đã truy cập", "Hôm nay:", "Trang sau", "Trang trước", "Xem thêm",
    "Xem tất cả", "Đăng nhập", "Đăng xuất", "Mật khẩu", "Quên mật khẩu", "Kết quả tìm kiếm",
    "Cách tìm", "Lọc kết quả", "Mọi chuyên mục", "Lọc văn bản", "Năm ban hành",
    "Danh sách văn bản", "Tuần này", "Bản in", "Buổi", "Thứ Hai", "Chủ Nhật",
    "Gửi câu hỏi", "Đặt câu hỏi", "Người hỏi", "Về trang chủ", "Mã lỗi", "Không tìm thấy trang",
    "In bài viết", "Nguồn:", "Lượt xem", "Từ khóa", "Điện thoại", "Thư điện tử",
    "Bạn chưa có đủ quyền", "trang ngoài", "mở cửa sổ mới", "bài viết khớp với",
    "Quản trị viên", "Tổng quan", "Nhật ký", "Người dùng", "Cài đặt", "Trạng thái",
    "Đã đăng", "Bản nháp", "Chờ duyệt", "Tạo bài viết",
]

EN_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d\b")
VI_DATE = re.compile(r"\b\d\d-\d\d-20\d\d\b")


class Text(HTMLParser):
    """What a reader sees of a page: its text and the attributes read aloud or shown."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for k, v in attrs:
            if k in ("alt", "title", "aria-label", "placeholder") and v:
                self.parts.append(v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(html):
    p = Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def prepare(db):
    must_create_user(db, "quantri", "admin", password_of("quantri"))
    st, out, err = run_cong("setting", "set", "stats_total_offset", "1234500", "--db", db,
                            env=FAST)
    if st != 0:
        raise RuntimeError(err)


def setUpModule():
    global srv
    srv = Server(demo=True, env=dict(FAST), prepare=prepare)


def tearDownModule():
    srv.close()


def get(path):
    return srv.get(path)


def first(pattern, html):
    m = re.search(pattern, html)
    if not m:
        raise AssertionError(f"no {pattern} in the page")
    return m.group(1)


class PublicPagesInEnglish(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        home = get("/").text
        cls.article = first(r'href="(/bai-viet/\d+-[^"?#]+)"', home)
        cls.category = first(r'href="(/chuyen-muc/[^"?#]+)"', home)
        docs = get("/van-ban").text
        cls.document = first(r'href="(/van-ban/\d+-[^"?#]+)"', docs)
        # an article read a great many times, to see its views with digit groups
        art_id = int(re.match(r"/bai-viet/(\d+)", cls.article).group(1))
        with connect(srv.db) as c:
            c.execute("INSERT INTO article_views (article_id, views) VALUES (?, 2345600) "
                      "ON CONFLICT (article_id) DO UPDATE SET views = 2345600", (art_id,))
            c.commit()
        cls.pages = {
            "home": ("/", 200),
            "article": (cls.article, 200),
            "category": (cls.category, 200),
            "search": ("/tim-kiem?q=khai+giang", 200),
            "documents": ("/van-ban", 200),
            "document": (cls.document, 200),
            "schedule": ("/lich-cong-tac", 200),
            "questions": ("/hoi-dap", 200),
            "question form": ("/hoi-dap/gui", 200),
            "login": ("/dang-nhap", 200),
            "not found": ("/khong-co-trang-nay", 404),
        }

    def en(self, path):
        return get(path + ("&" if "?" in path else "?") + "lang=en")

    def test_every_page_is_english_with_no_vietnamese_interface_left(self):
        for name, (path, status) in self.pages.items():
            with self.subTest(page=name):
                r = self.en(path)
                self.assertEqual(r.status, status)
                self.assertIn('<html lang="en"', r.text)
                self.assertIn('<meta property="og:locale" content="en_GB">', r.text)
                text = text_of(r.text)
                left = [w for w in VI_UI if w in text]
                self.assertEqual(left, [], f"Vietnamese interface text on {path}")
                for word in ("Skip navigation", "Search", "All rights reserved"):
                    self.assertIn(word, text)

    def test_each_page_says_its_own_things_in_english(self):
        expect = {
            "article": ["Print article", "Views:",
                        "You do not have permission to view this portlet."],
            "search": ["Search results", "Filter results", "articles match"],
            "documents": ["Search and filter documents", "Year issued", "List of documents"],
            "schedule": ["Monday", "Sunday", "Morning", "Print version"],
            "questions": ["Questions and answers", "Asked by:"],
            "question form": ["Question title", "Your question"],
            "login": ["Log in", "Password", "Forgotten your password?"],
            "not found": ["Page not found", "Error code", "Back to the home page"],
        }
        for name, words in expect.items():
            with self.subTest(page=name):
                text = text_of(self.en(self.pages[name][0]).text)
                for w in words:
                    self.assertIn(w, text)

    def test_titles_follow_the_language(self):
        self.assertRegex(self.en("/van-ban").text, r"<title>Documents - ")
        self.assertRegex(get("/van-ban").text, r"<title>Văn bản - ")
        self.assertRegex(self.en("/khong-co-trang-nay").text, r"<title>Page not found - ")
        self.assertRegex(self.en("/tim-kiem?q=khai").text, r"<title>Search: khai - ")
        self.assertRegex(self.en("/hoi-dap").text,
                         r'<meta name="description" content="Questions from the public')

    def test_dates_are_written_the_english_way(self):
        for name in ("article", "documents", "document", "schedule", "questions"):
            with self.subTest(page=name):
                text = text_of(self.en(self.pages[name][0]).text)
                self.assertRegex(text, EN_DATE)
                self.assertIsNone(VI_DATE.search(text), VI_DATE.search(text))
        # the home page's news (its documents portlet is src/portal's to write)
        self.assertRegex(text_of(self.en("/").text), EN_DATE)

    def test_numbers_have_english_digit_groups(self):
        text = text_of(self.en(self.article).text)
        self.assertRegex(text, r"Views: 2,345,6\d\d")
        self.assertRegex(text, r"1,234,5\d\d")
        self.assertNotRegex(text, r"\d\.\d\d\d\.\d\d\d")

    def test_the_feeds_speak_the_language(self):
        r = self.en("/van-ban/rss.xml")
        self.assertEqual(r.status, 200)
        self.assertIn("<language>en</language>", r.text)
        self.assertIn(" - Documents</title>", r.text)
        self.assertIn("<description>Newly issued documents and drafts for comment</description>",
                      r.text)
        self.assertIn("<language>en</language>", self.en("/rss.xml").text)
        vi = get("/van-ban/rss.xml").text
        self.assertIn("<language>vi</language>", vi)
        self.assertIn(" - Văn bản</title>", vi)
        self.assertIn("<description>Văn bản mới ban hành và dự thảo lấy ý kiến</description>", vi)


class PublicPagesInVietnamese(unittest.TestCase):
    """The same pages without ?lang: Vietnamese as before."""

    def test_vietnamese_pages_are_unchanged(self):
        home = get("/").text
        art = first(r'href="(/bai-viet/\d+-[^"?#]+)"', home)
        self.assertIn('<html lang="vi"', home)
        self.assertIn('<meta property="og:locale" content="vi_VN">', home)
        self.assertIn("Bỏ qua điều hướng", home)
        self.assertRegex(text_of(home), r"1\.234\.5\d\d")
        page = get(art).text
        self.assertIn("Bạn chưa có đủ quyền truy nhập portlet này.", page)
        self.assertRegex(text_of(page), VI_DATE)
        self.assertIsNone(EN_DATE.search(text_of(page)))
        sched = text_of(get("/lich-cong-tac").text)
        self.assertIn("Thứ Hai", sched)
        self.assertRegex(sched, VI_DATE)
        self.assertNotIn("Monday", sched)
        self.assertRegex(text_of(get("/tim-kiem?q=khai+giang").text), r"\d+ bài viết khớp với")
        nf = get("/khong-co-trang-nay")
        self.assertEqual(nf.status, 404)
        self.assertIn("Không tìm thấy trang", nf.text)
        docs = text_of(get("/van-ban").text)
        self.assertRegex(docs, VI_DATE)
        self.assertIn("Năm ban hành", docs)


class AdminPagesInEnglish(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = Client(srv)
        r = cls.c.login("quantri", password_of("quantri"))
        if r.status != 303:
            raise AssertionError(f"login: {r.status}")

    def page(self, path):
        r = self.c.get(path + ("&" if "?" in path else "?") + "lang=en")
        self.assertEqual(r.status, 200, path)
        return text_of(r.text)

    def test_the_dashboard_and_lists_are_english(self):
        for path, words in (("/quan-tri", ["Dashboard", "Articles", "Administrator"]),
                            ("/quan-tri/bai-viet", ["Published", "All"]),
                            ("/quan-tri/nguoi-dung", ["Administrator", "Editor", "Author"]),
                            ("/quan-tri/nhat-ky", ["Audit log", "Log in"])):
            with self.subTest(page=path):
                text = self.page(path)
                for w in words:
                    self.assertIn(w, text)
                self.assertEqual([w for w in ("Quản trị viên", "Biên tập viên", "Tổng quan",
                                              "Nhật ký", "Bản nháp", "Đã đăng", "Đăng nhập sai",
                                              "Đăng xuất", "Tất cả")
                                  if w in text], [])

    def test_statistics_have_english_dates_and_numbers(self):
        text = self.page("/quan-tri/thong-ke")
        self.assertIn("Visit statistics", text)
        self.assertRegex(text, r"1,234,5\d\d")
        self.assertRegex(text, EN_DATE)
        self.assertIsNone(VI_DATE.search(text))
        vi = text_of(self.c.get("/quan-tri/thong-ke?lang=vi").text)
        self.assertRegex(vi, r"1\.234\.5\d\d")
        self.assertRegex(vi, VI_DATE)

    def test_an_admin_refusal_is_english(self):
        r = self.c.get("/quan-tri/khong-co?lang=en")
        self.assertEqual(r.status, 404)
        self.assertIn("Page not found", r.text)


if __name__ == "__main__":
    unittest.main()
