"""Helpers for tests that log in: users made with the real `cong user add`, and a client that
keeps cookies the way a browser does (enough of it for these tests: every cookie it was given
goes back on every request; Max-Age=0 deletes). Built on harness.py; standard library only."""

import http.client
import re
import urllib.parse

from harness import Response, run_cong

# Hashing at the interactive cost takes a quarter of a second per password under the
# sanitizers; tests make many, so they use the weak cost (see docs/development.md).
FAST = {"CONG_TEST_WEAK_HASH": "1"}


def create_user(db, name, role, password, env=None):
    """Runs `cong user add NAME --role ROLE --password-stdin`; returns (status, out, err)."""
    e = dict(FAST)
    e.update(env or {})
    return run_cong("user", "add", name, "--role", role, "--password-stdin", "--db", db,
                    env=e, input=(password + "\n").encode())


def must_create_user(db, name, role, password):
    st, out, err = create_user(db, name, role, password)
    if st != 0:
        raise RuntimeError(f"cong user add {name} failed: {err}")


def password_of(name):
    """The password the helpers below give user name."""
    return "mat-khau-" + name + "-123"


def must_create_token(db, name):
    """Runs `cong token create NAME`; returns the token."""
    st, out, err = run_cong("token", "create", name, "--db", db, env=FAST)
    if st != 0:
        raise RuntimeError(f"cong token create {name} failed: {err}")
    return out.strip()


def server_with_users(users, **server_args):
    """A demo Server whose database has users {name: role} (password_of(name) each) made
    before it starts, and an API token for each; returns (server, {name: token})."""
    from harness import Server

    def add_users(db):
        for name, role in users.items():
            must_create_user(db, name, role, password_of(name))

    env = dict(FAST)
    env.update(server_args.pop("env", None) or {})
    srv = Server(demo=True, env=env, prepare=add_users, **server_args)
    return srv, {name: must_create_token(srv.db, name) for name in users}


def csrf_of(html):
    """The value of the first hidden field named csrf in a page."""
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1) if m else None


def parse_set_cookie(line):
    """('name', 'value', {attribute lower-case: value or True})."""
    parts = [p.strip() for p in line.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, eq, v = p.partition("=")
        attrs[k.lower()] = v if eq else True
    return name, value, attrs


class Client:
    """A browser-like client of one Server: keeps cookies, never follows redirects. With
    source (a loopback address such as "127.0.0.2") its connections come from that address,
    as another client's would."""

    def __init__(self, srv, source=None):
        self.srv = srv
        self.cookies = {}
        self.source = source

    def connection(self):
        if not self.source:
            return self.srv.connection()
        return http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30,
                                          source_address=(self.source, 0))

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies and "Cookie" not in h:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        c = self.connection()
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            set_cookies = r.msg.get_all("Set-Cookie") or []
            hdrs = {k.lower(): v for k, v in r.getheaders()}
        finally:
            c.close()
        for line in set_cookies:
            name, value, attrs = parse_set_cookie(line)
            if attrs.get("max-age") == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        resp = Response(r.status, hdrs, data)
        resp.set_cookies = set_cookies
        return resp

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=urllib.parse.urlencode(fields), headers=h)

    def login(self, name, password, tiep=None):
        """GETs the login form, then POSTs it; returns the POST's response."""
        page = self.get("/dang-nhap" + ("?tiep=" + urllib.parse.quote(tiep, safe="")
                                        if tiep else ""))
        fields = {"csrf": csrf_of(page.text), "name": name, "password": password}
        if tiep:
            fields["tiep"] = tiep
        return self.post("/dang-nhap", fields)

    def csrf(self, path="/quan-tri"):
        """The session's CSRF token, read from an admin page's forms."""
        return csrf_of(self.get(path).text)

    def session(self):
        return self.cookies.get("cong_session")


def cookie_line(resp, name):
    """The Set-Cookie line of resp for cookie name, or None."""
    for line in getattr(resp, "set_cookies", []):
        if line.startswith(name + "="):
            return line
    return None


def login_error(html):
    """The message of the login page's error box, or None."""
    m = re.search(r'class="form-error" role="alert">([^<]*)<', html)
    return m.group(1) if m else None
