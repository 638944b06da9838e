"""Every kind of page the portal serves is valid HTML: the real `cong` with a demo portal
answers each public page (home, category, article and its print view, portal page, search
with and without results, documents, a document, a draft's comment page, the schedule and its
print view, questions, a question, the question form and its error state, login, forgotten
password, 404; a few in English too) and the admin pages an administrator sees; each is
written to a file, and the Nu HTML Checker (npm vnu-jar in tests/e2e/node_modules, on Debian's
Java) checks them all in one run (one JVM start). A failure names each error's page, line and
message. Feeds and the sitemap are XML and are left out."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

from accounts import Client, csrf_of, password_of, server_with_users
from harness import ROOT

VNU_JAR = os.path.join(ROOT, "tests", "e2e", "node_modules", "vnu-jar", "build", "dist",
                       "vnu.jar")

srv = None
admin = None


def setUpModule():
    global srv, admin
    srv, _ = server_with_users({"quantri": "admin"})
    admin = Client(srv)
    r = admin.login("quantri", password_of("quantri"))
    if r.status != 303:
        raise RuntimeError(f"login failed: {r.status}")


def tearDownModule():
    if srv:
        srv.close()


def first_link(html, pattern):
    """The first href of html that matches pattern (a regular expression), unescaped."""
    for href in re.findall(r'href="([^"#]+)"', html):
        if re.fullmatch(pattern, href):
            return href.replace("&amp;", "&")
    return None


class HtmlValid(unittest.TestCase):
    def fetch(self, client, path, status=200):
        r = client.get(path)
        self.assertEqual(r.status, status, path)
        self.assertIn("text/html", r.header("Content-Type") or "", path)
        return r.text

    def public_pages(self, pages):
        """Fills pages {name: (path, html)} with the public pages, found as a visitor would
        follow links from the home page."""
        guest = Client(srv)

        def add(name, path, status=200, client=guest):
            pages[name] = (path, self.fetch(client, path, status))
            return pages[name][1]

        home = add("home", "/")
        cat = add("category", first_link(home, r"/chuyen-muc/[^/?]+"))
        page2 = first_link(cat, r"/chuyen-muc/[^/?]+\?trang=2")
        if page2:
            add("category-page-2", page2)
        article = first_link(home, r"/bai-viet/\d+-[^/?]+")
        add("article", article)
        add("article-print", article + "?in=1")
        add("portal-page", first_link(home, r"/trang/[^/?]+"))
        add("search", "/tim-kiem?q=" + urllib.parse.quote("hội nghị"))
        self.assertIn("/bai-viet/", pages["search"][1], "the search has results")
        add("search-empty", "/tim-kiem?q=zzzkhongcoket")
        add("search-form", "/tim-kiem")
        docs = add("documents", "/van-ban")
        add("documents-filtered", "/van-ban?q=" + urllib.parse.quote("kế hoạch") + "&nam=2026")
        add("document", first_link(docs, r"/van-ban/\d+-[^/?]+"))
        draft = first_link(docs, r"/van-ban/\d+-du-thao[^/?]*")
        self.assertIsNotNone(draft, "the demo has a draft document")
        add("document-comments", "/van-ban/" + draft.split("/")[2].split("-")[0] + "/gop-y")
        sched = add("schedule", "/lich-cong-tac")
        add("schedule-print", first_link(sched, r"/lich-cong-tac\?[^\"]*in=1"))
        qs = add("questions", "/hoi-dap")
        add("question", first_link(qs, r"/hoi-dap/\d+"))
        form = add("question-form", "/hoi-dap/gui")
        fields = {k: v for k, v in re.findall(r'name="(csrf|t|stamp)" value="([^"]*)"', form)}
        fields.update({"name": "", "email": "khong-phai-thu", "title": "", "body": "",
                       "website": ""})
        r = guest.post("/hoi-dap/gui", fields)
        self.assertGreaterEqual(r.status, 400, "an empty question is refused")
        self.assertIn('class="form-error"', r.text)
        pages["question-form-error"] = ("POST /hoi-dap/gui", r.text)
        login = add("login", "/dang-nhap")
        r = guest.post("/dang-nhap", {"csrf": csrf_of(login), "name": "khong-co",
                                      "password": "sai-mat-khau"})
        self.assertIn('class="form-error"', r.text, "a wrong password is refused")
        pages["login-error"] = ("POST /dang-nhap", r.text)
        add("forgot", "/quen-mat-khau")
        # the English interface: its own client, as the choice stays in a cookie
        english = Client(srv)
        add("home-en", "/?lang=en", client=english)
        add("article-en", article, client=english)
        add("search-en", "/tim-kiem?q=zzzkhongcoket", client=english)
        add("not-found-en", "/khong-co-trang-nay", status=404, client=english)
        add("not-found", "/khong-co-trang-nay", status=404)
        add("not-found-article", "/bai-viet/999999-khong-co", status=404)

    def admin_pages(self, pages):
        """The admin pages, found from the admin's own links."""
        def add(name, path):
            pages["admin-" + name] = (path, self.fetch(admin, path))
            return pages["admin-" + name][1]

        dash = add("dashboard", "/quan-tri")
        for path in sorted(set(re.findall(r'href="(/quan-tri/[a-z-]+)"', dash))):
            add(path[len("/quan-tri/"):], path)
        add("account", "/tai-khoan")
        add("article-new", "/quan-tri/bai-viet/moi")
        arts = pages["admin-bai-viet"][1]
        one = first_link(arts, r"/quan-tri/bai-viet/\d+")
        add("article-edit", one)
        add("article-history", one + "/lich-su")
        add("article-preview", one + "/xem-truoc")
        for section in ("trang", "van-ban", "hoi-dap", "lich-cong-tac"):
            listing = pages.get("admin-" + section, (None, None))[1] or add(
                section, "/quan-tri/" + section)
            one = first_link(listing, rf"/quan-tri/{section}/\d+")
            if one:
                add(section + "-one", one)
        add("document-new", "/quan-tri/van-ban/moi")
        portal = pages["admin-trang-one"][1]
        portlet = first_link(portal, r"/quan-tri/portlet/\d+")
        if portlet:
            add("portlet", portlet)

    def test_every_page_is_valid_html(self):
        if not os.path.exists(VNU_JAR):
            self.fail(f"{VNU_JAR} is missing: run scripts/install-deps.sh --test (npm ci)")
        java = shutil.which("java")
        if not java:
            self.fail("java is missing: run scripts/install-deps.sh --test "
                      "(default-jre-headless)")
        pages = {}
        self.public_pages(pages)
        self.admin_pages(pages)
        out = tempfile.mkdtemp(prefix="cong-html-")
        self.addCleanup(shutil.rmtree, out, True)
        files = {}
        for name, (path, html) in pages.items():
            f = os.path.join(out, name + ".html")
            with open(f, "w", encoding="utf-8") as fh:
                fh.write(html)
            files[f] = (name, path)
        # one JVM for every page: starting it is most of the checker's time
        r = subprocess.run([java, "-jar", VNU_JAR, "--errors-only", "--format",
                            "json", "--exit-zero-always", *sorted(files)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        try:
            report = json.loads(r.stderr or r.stdout)
        except ValueError:
            self.fail(f"vnu said no JSON (exit {r.returncode}): {r.stderr[:2000]!r}")
        errors = []
        for m in report.get("messages", []):
            f = urllib.parse.unquote(urllib.parse.urlparse(m.get("url", "")).path)
            name, path = files.get(f, (f, "?"))
            errors.append(f"{name}.html ({path}) line {m.get('lastLine', '?')}: "
                          f"{m.get('message')} [{' '.join((m.get('extract') or '').split())}]")
        if errors:
            self.fail(f"{len(errors)} HTML errors in {len(files)} pages:\n" + "\n".join(errors))
        self.assertGreaterEqual(len(files), 35)


if __name__ == "__main__":
    unittest.main()
