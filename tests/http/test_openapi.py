"""GET /api/v1/openapi.json: the API described from the tables the router is built from.
Every described method is one its handler takes (never a 405), every other method is a 405,
and every route of DESIGN.md's API that the server has is described."""

import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))

from accounts import server_with_users

DESIGN = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "DESIGN.md")
METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")
NOT_HERE = "Không có địa chỉ API này."


def setUpModule():
    global srv, token, doc
    srv, tokens = server_with_users({"qt": "admin"})
    token = tokens["qt"]
    r = srv.get("/api/v1/openapi.json")
    assert r.status == 200, r.status
    doc = json.loads(r.text)


def tearDownModule():
    srv.close()


def call(method, path):
    body = "{}" if method in ("POST", "PATCH", "PUT") else None
    return srv.request(method, path, body=body,
                       headers={"Authorization": "Bearer " + token,
                                "Content-Type": "application/json"})


def concrete(template):
    """A path of the template with a value for each parameter."""
    return re.sub(r"\{[a-z_]+\}", "1", template)


class Description(unittest.TestCase):
    def test_it_is_openapi_with_a_summary_for_every_operation(self):
        self.assertEqual(doc["openapi"], "3.1.0")
        self.assertIn("bearer", doc["components"]["securitySchemes"])
        self.assertGreater(len(doc["paths"]), 10)
        for path, item in doc["paths"].items():
            self.assertTrue(path.startswith("/api/v1/"), path)
            self.assertTrue(item, path)
            for method, op in item.items():
                self.assertIn(method.upper(), METHODS, path)
                self.assertTrue(op["summary"].strip(), f"{method} {path}")
                self.assertIn(op["x-role"], ("guest", "member", "author", "editor", "publisher",
                                             "admin"))
                params = {p["name"] for p in op["parameters"]}
                self.assertEqual(params, set(re.findall(r"\{([a-z_]+)\}", path)), path)
        body = doc["paths"]["/api/v1/articles"]["post"]["requestBody"]
        props = body["content"]["application/json"]["schema"]["properties"]
        self.assertEqual(props["tags"], {"type": ["array", "null"], "items": {"type": "string"}})
        self.assertEqual(props["title"]["type"], "string")

    def test_described_methods_are_taken_and_the_others_are_405(self):
        for path, item in doc["paths"].items():
            p = concrete(path)
            for method in METHODS:
                r = call(method, p)
                if method.lower() in item:
                    self.assertNotEqual(r.status, 405, f"{method} {path} is described")
                    self.assertNotIn(NOT_HERE, r.text, f"{method} {path}")
                else:
                    self.assertEqual(r.status, 405, f"{method} {path} is not described: "
                                                    f"{r.status} {r.text[:200]}")
                    allow = {m.strip() for m in (r.header("allow") or "").split(",")}
                    want = {m.upper() for m in item} | ({"HEAD"} if "get" in item else set())
                    self.assertEqual(allow, want, f"Allow of {path}")

    def test_every_route_of_the_design_the_server_has_is_described(self):
        if not os.path.exists(DESIGN):
            self.skipTest("no DESIGN.md beside the project")
        with open(DESIGN, encoding="utf-8") as f:
            text = f.read()
        api = text[text.index("## JSON API"):]
        api = api[:api.index("\n## ", 10)]
        described = {re.sub(r"\{[a-z_]+\}", "X", p) for p in doc["paths"]}
        checked = 0
        for raw in set(re.findall(r"/api/v1/[A-Za-z0-9_./\[\]]+", api)):
            raw = raw.split("?")[0].rstrip(".;,")
            for path in {raw.replace("[", "").replace("]", ""), re.sub(r"\[.*?\]", "", raw)}:
                generic = re.sub(r"/[A-Z]+(?=/|$)", "/X", path)
                r = call("GET", generic.replace("/X", "/1"))
                if NOT_HERE in r.text:
                    continue  # not built yet
                checked += 1
                self.assertIn(generic, described, f"{path} answers but is not described")
        self.assertGreater(checked, 10)


if __name__ == "__main__":
    unittest.main()
