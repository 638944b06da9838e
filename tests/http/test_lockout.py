"""Login throttling that nobody can turn against an account's owner (docs/security.md): failures
count per account and address, per address, and per account, where the last only slows tries.
Clients act as other addresses by binding their connections to 127.0.0.2, 127.0.0.3, ...;
time moves with CONG_TEST_CLOCK_OFFSET. Each test has its own server."""

import re
import time
import unittest

from accounts import FAST, Client, cookie_line, login_error, must_create_user
from harness import connect, Server

PW = "mat-khau-cua-chu"
BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %s."
SLOWED = re.compile(r"Tài khoản này vừa bị đăng nhập sai nhiều lần\. "
                    r"Vui lòng thử lại sau ([1-8]) giây\.")


def add_users(db):
    must_create_user(db, "quantri", "admin", PW)
    must_create_user(db, "bientap", "editor", PW)


def at(n):
    """A client at loopback address 127.0.0.n."""
    return "127.0.0.%d" % n


class Lockout(unittest.TestCase):
    def setUp(self):
        self.s = Server(demo=False, env=dict(FAST), prepare=add_users)

    def tearDown(self):
        self.s.close()

    def restart_at(self, offset):
        self.s.stop()
        self.s.env["CONG_TEST_CLOCK_OFFSET"] = str(offset)
        self.s.start()

    def login(self, n, password, name="quantri"):
        return Client(self.s, source=at(n)).login(name, password)

    def test_five_wrong_passwords_from_one_address_do_not_stop_the_owner_elsewhere(self):
        for i in range(4):
            r = self.login(9, "sai-mat-khau-%d" % i)
            self.assertEqual((r.status, login_error(r.text)), (200, BAD_LOGIN))
        r = self.login(9, "sai-mat-khau-5")
        self.assertEqual((r.status, login_error(r.text)), (429, LOCKED % "15 phút"))
        self.assertEqual(r.header("retry-after"), "900")
        # the attacker's address is locked out, even with the right password
        r = self.login(9, PW)
        self.assertEqual((r.status, login_error(r.text)), (429, LOCKED % "15 phút"))
        self.assertIsNone(cookie_line(r, "cong_session"))
        # the owner, from a clean address, logs in at once
        r = self.login(1, PW)
        self.assertEqual(r.status, 303)
        self.assertIsNotNone(cookie_line(r, "cong_session"))
        with connect(self.s.db) as db:
            locked = db.execute("select ip, detail from audit_log where action = 'login_locked'")
            self.assertEqual(locked.fetchall(), [(at(9), "account locked for this address")])

    def test_the_attacking_address_is_locked_for_fifteen_minutes_then_thirty(self):
        for i in range(5):
            self.login(9, "sai-mat-khau-%d" % i)
        self.restart_at(10 * 60)
        r = self.login(9, PW)
        self.assertEqual((r.status, login_error(r.text)), (429, LOCKED % "5 phút"))
        self.assertLessEqual(int(r.header("retry-after")), 5 * 60)
        self.assertEqual(self.login(2, PW).status, 303)
        # once the lock is over, one more failure from there locks it twice as long
        self.restart_at(15 * 60 + 30)
        r = self.login(9, "sai-mat-khau-6")
        self.assertEqual((r.status, login_error(r.text)), (429, LOCKED % "30 phút"))
        self.assertEqual(r.header("retry-after"), "1800")
        self.assertEqual(self.login(3, PW).status, 303)

    def test_many_accounts_tried_from_one_address_lock_that_address(self):
        for i in range(19):
            self.assertEqual(self.login(9, "sai-mat-khau", "ten-%d" % i).status, 200)
        r = self.login(9, "sai-mat-khau", "ten-cuoi")
        self.assertEqual((r.status, login_error(r.text)), (429, LOCKED % "15 phút"))
        # every account, from there
        self.assertEqual(self.login(9, PW, "bientap").status, 429)
        # no account, from elsewhere
        self.assertEqual(self.login(2, PW, "bientap").status, 303)

    def attack(self, count, first):
        """Fails count times at quantri, each time from a new address from 127.0.0.first on,
        polling through the seconds the slowing asks for (7 in all for 12 failures)."""
        deadline = time.monotonic() + 60
        n = 0
        while n < count:
            r = self.login(first + n, "sai-mat-khau-%d" % n)
            if r.status == 429 and SLOWED.fullmatch(login_error(r.text) or ""):
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.2)
                continue
            self.assertEqual((r.status, login_error(r.text)), (200, BAD_LOGIN))
            n += 1

    def test_an_attack_from_many_addresses_slows_tries_but_never_locks_the_owner_out(self):
        # the owner logged in from 127.0.0.1 before the attack
        self.assertEqual(self.login(1, PW).status, 303)
        # 12 failures from as many addresses: past 10, each one doubles the wait (4 s now)
        self.attack(12, 10)
        # a try from a new address must wait a few seconds, and its password is not read
        r = self.login(2, PW)
        self.assertEqual(r.status, 429, r.text)
        self.assertRegex(login_error(r.text), SLOWED)
        self.assertIn(r.header("retry-after"), [str(n) for n in range(1, 9)])
        self.assertIsNone(cookie_line(r, "cong_session"))
        # the owner's usual address is not slowed, and the owner's login ends the slowing
        self.assertEqual(self.login(1, PW).status, 303)
        self.assertEqual(self.login(2, PW).status, 303)
        with connect(self.s.db) as db:
            keys = [r[0] for r in db.execute("select key from login_failures")]
        # the table holds no name typed, only hashes and addresses
        self.assertFalse([k for k in keys if "quantri" in k], keys)

if __name__ == "__main__":
    unittest.main()
