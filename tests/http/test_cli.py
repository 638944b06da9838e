"""The command line: clear one-line errors, nothing half-written, template rendering."""

import json
import os
import sqlite3
import stat
import tempfile
import unittest

from harness import make_demo, run_cong


class Init(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="cong-cli-")
        self.db = os.path.join(self.dir.name, "cong.db")

    def tearDown(self):
        self.dir.cleanup()

    def test_init_creates_a_portal_and_is_idempotent(self):
        st, out, err = run_cong("init", "--db", self.db, "--site-name", "Cổng thử nghiệm")
        self.assertEqual(st, 0, err)
        st, out, err = run_cong("init", "--db", self.db)
        self.assertEqual(st, 0, err)
        self.assertIn("up to date", out)
        with sqlite3.connect(self.db) as c:
            name = c.execute("select value from settings where key='site_name'").fetchone()[0]
        self.assertEqual(name, "Cổng thử nghiệm")

    def test_db_from_environment(self):
        st, _, err = run_cong("init", env={"CONG_DB": self.db})
        self.assertEqual(st, 0, err)
        self.assertTrue(os.path.exists(self.db))

    def test_unwritable_folder_fails_with_one_line_and_leaves_nothing(self):
        ro = os.path.join(self.dir.name, "ro")
        os.mkdir(ro)
        os.chmod(ro, stat.S_IRUSR | stat.S_IXUSR)
        try:
            if os.access(ro, os.W_OK):
                self.skipTest("running as a user who can write anywhere")
            st, out, err = run_cong("init", "--db", os.path.join(ro, "x.db"))
            self.assertNotEqual(st, 0)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertEqual(os.listdir(ro), [])
        finally:
            os.chmod(ro, stat.S_IRWXU)

    def test_unwritable_location_fails_with_one_line(self):
        # /proc refuses new files even to root, who can write anywhere else
        st, out, err = run_cong("init", "--db", "/proc/cong-test.db")
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("/proc/cong-test.db", err)

    def test_missing_folder_fails_with_one_line(self):
        st, out, err = run_cong("init", "--db", "/nonexistent-dir/x/cong.db")
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("/nonexistent-dir/x/cong.db", err)

    def test_newer_schema_is_refused(self):
        self.assertEqual(run_cong("init", "--db", self.db)[0], 0)
        with sqlite3.connect(self.db) as c:
            c.execute("pragma user_version = 999")
        for cmd in (("init",), ("serve", "--listen", "127.0.0.1:0")):
            st, out, err = run_cong(*cmd, "--db", self.db)
            self.assertNotEqual(st, 0, cmd)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertIn("newer", err)

    def test_not_a_database_is_refused(self):
        with open(self.db, "w") as f:
            f.write("this is not a database\n" * 100)
        st, out, err = run_cong("serve", "--db", self.db, "--listen", "127.0.0.1:0")
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_serve_without_portal_says_run_init(self):
        st, out, err = run_cong("serve", "--db", self.db, "--listen", "127.0.0.1:0")
        self.assertNotEqual(st, 0)
        self.assertIn("cong init", err)
        self.assertFalse(os.path.exists(self.db))

    def test_demo_twice_is_refused_without_change(self):
        make_demo(self.db)
        with sqlite3.connect(self.db) as c:
            before = c.execute("select count(*) from articles").fetchone()[0]
        st, out, err = run_cong("init", "--db", self.db, "--demo")
        self.assertNotEqual(st, 0)
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("select count(*) from articles").fetchone()[0], before)
        self.assertGreaterEqual(before, 30)

    def test_unknown_flag_and_command_exit_2(self):
        st, out, err = run_cong("init", "--bogus")
        self.assertEqual(st, 2)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("--bogus", err)
        self.assertEqual(run_cong("frobnicate")[0], 2)
        st, out, err = run_cong("serve", "--threads", "many")
        self.assertEqual(st, 2)
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_bad_config_file_is_one_line(self):
        cfg = os.path.join(self.dir.name, "cong.ini")
        with open(cfg, "w") as f:
            f.write("[server]\nthreads = lots\n")
        st, out, err = run_cong("serve", "--config", cfg)
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("line 2", err)
        st, out, err = run_cong("serve", "--config", os.path.join(self.dir.name, "missing.ini"))
        self.assertNotEqual(st, 0)

    def test_version_and_help(self):
        st, out, _ = run_cong("--version")
        self.assertEqual(st, 0)
        self.assertTrue(out.startswith("cong "))
        self.assertEqual(run_cong("help")[0], 0)


class TemplateRender(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="cong-tmpl-")
        d = self.dir.name
        with open(os.path.join(d, "page.mustache"), "w") as f:
            f.write("<h1>{{title}}</h1>\n{{#items}}{{> item}}{{/items}}")
        with open(os.path.join(d, "item.mustache"), "w") as f:
            f.write("<li>{{name}}</li>\n")
        with open(os.path.join(d, "data.json"), "w") as f:
            json.dump({"title": "Tin <mới>", "items": [{"name": "Một"}, {"name": "Hai"}]}, f)

    def tearDown(self):
        self.dir.cleanup()

    def test_renders_with_partials_from_the_files_folder(self):
        d = self.dir.name
        st, out, err = run_cong("template", "render", os.path.join(d, "page.mustache"),
                                "--data", os.path.join(d, "data.json"))
        self.assertEqual(st, 0, err)
        self.assertEqual(out, "<h1>Tin &lt;mới&gt;</h1>\n<li>Một</li>\n<li>Hai</li>\n")

    def test_bad_json_is_one_line_on_stderr(self):
        d = self.dir.name
        bad = os.path.join(d, "bad.json")
        with open(bad, "w") as f:
            f.write('{"title": ')
        st, out, err = run_cong("template", "render", os.path.join(d, "page.mustache"),
                                "--data", bad)
        self.assertNotEqual(st, 0)
        self.assertEqual(out, "")
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_unclosed_section_names_the_line(self):
        d = self.dir.name
        with open(os.path.join(d, "broken.mustache"), "w") as f:
            f.write("a\nb {{#items}}\nc\n")
        st, out, err = run_cong("template", "render", os.path.join(d, "broken.mustache"),
                                "--data", os.path.join(d, "data.json"))
        self.assertNotEqual(st, 0)
        self.assertEqual(out, "")
        self.assertIn("line 2", err)


class Settings(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="cong-set-")
        self.db = os.path.join(self.dir.name, "cong.db")
        self.assertEqual(run_cong("init", "--db", self.db)[0], 0)

    def tearDown(self):
        self.dir.cleanup()

    def test_set_get_and_list(self):
        st, out, err = run_cong("setting", "set", "stats_total_offset", "756989", "--db", self.db)
        self.assertEqual(st, 0, err)
        st, out, err = run_cong("setting", "get", "stats_total_offset", "--db", self.db)
        self.assertEqual((st, out), (0, "756989\n"))
        st, out, err = run_cong("setting", "list", "--db", self.db)
        self.assertEqual(st, 0, err)
        self.assertIn("time_zone", out)
        self.assertIn("Asia/Ho_Chi_Minh", out)
        self.assertNotIn("stats_secret", out)

    def test_bad_values_are_refused_with_one_line_and_nothing_changes(self):
        for key, value in (("time_zone", "Mars/Olympus"), ("stats_total_offset", "-5"),
                           ("stats_total_offset", "nhiều"), ("site_name", ""),
                           ("base_url", "javascript:alert(1)"),
                           ("base_url", "https://example.vn/path"),
                           ("portlet_unauthorized", "sometimes")):
            st, out, err = run_cong("setting", "set", "--db", self.db, "--", key, value)
            self.assertNotEqual(st, 0, (key, value))
            self.assertEqual(len(err.strip().splitlines()), 1, err)
        st, out, err = run_cong("setting", "get", "time_zone", "--db", self.db)
        self.assertEqual(out, "Asia/Ho_Chi_Minh\n")
        st, out, err = run_cong("setting", "set", "khong-co", "1", "--db", self.db)
        self.assertEqual(st, 2)


if __name__ == "__main__":
    unittest.main()
