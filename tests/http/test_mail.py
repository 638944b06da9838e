"""`cong mail test` against the local SMTP sink, and against a closed port."""

import os
import shutil
import socket
import tempfile
import unittest

from harness import mail_config, run_cong
from smtp_sink import SmtpSink


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class MailTestCommand(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cong-mail-")
        self.sink = SmtpSink()

    def tearDown(self):
        self.sink.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_sends_a_well_formed_message_to_the_sink(self):
        cfg = mail_config(self.dir, self.sink)
        st, out, err = run_cong("mail", "test", "lan@example.org", "--config", cfg)
        self.assertEqual(st, 0, err)
        self.assertIn("lan@example.org", out)
        m = self.sink.wait_for()
        self.assertIsNotNone(m)
        self.assertEqual(m.mail_from, "noreply@cong.example.org")
        self.assertEqual(m.rcpt_to, ["lan@example.org"])
        self.assertEqual(m.subject, "Cổng: thư thử / test message")
        self.assertEqual(m.message["To"], "lan@example.org")
        self.assertTrue(m.message["Date"])
        self.assertTrue(m.message["Message-ID"].endswith("@cong.example.org>"))
        self.assertEqual(m.message.get_content_type(), "text/plain")
        self.assertEqual(m.message.get_content_charset(), "utf-8")
        self.assertIn("cấu hình [mail] của Cổng đã hoạt động", m.body)
        self.assertNotIn(b"\n", m.data.replace(b"\r\n", b""))

    def test_closed_port_fails_in_one_line(self):
        cfg = mail_config(self.dir, f"smtp://127.0.0.1:{closed_port()}")
        st, out, err = run_cong("mail", "test", "lan@example.org", "--config", cfg)
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("cannot send to 'lan@example.org'", err)
        self.assertIn("onnect", err)

    def test_without_mail_settings_says_so(self):
        st, out, err = run_cong("mail", "test", "lan@example.org",
                                env={"CONG_CONFIG": ""})
        self.assertNotEqual(st, 0)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("no [mail] smtp_url", err)

    def test_bad_address_and_usage_refused(self):
        cfg = mail_config(self.dir, self.sink)
        st, out, err = run_cong("mail", "test", "lan@example.org\r\nBcc: x@y.org",
                                "--config", cfg)
        self.assertEqual(st, 2)
        self.assertIn("invalid address", err)
        st, out, err = run_cong("mail", "send", "lan@example.org")
        self.assertEqual(st, 2)
        self.assertEqual(self.sink.messages, [])


if __name__ == "__main__":
    unittest.main()
