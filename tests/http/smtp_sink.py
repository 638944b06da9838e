"""A local SMTP sink for the tests: a small threaded SMTP server (standard library only) on a
free loopback port that takes every message and keeps it, envelope and parsed message, for
assertions. It speaks just enough of RFC 5321 for libcurl: EHLO/HELO, MAIL, RCPT, DATA (with
dot-unstuffing), RSET, NOOP, QUIT."""

import email
import email.policy
import socketserver
import threading
import time


class Received:
    def __init__(self, mail_from, rcpt_to, data):
        self.mail_from = mail_from
        self.rcpt_to = rcpt_to
        self.data = data  # the raw bytes, as sent after DATA
        self.message = email.message_from_bytes(data, policy=email.policy.default)

    @property
    def subject(self):
        return str(self.message["Subject"])

    @property
    def body(self):
        return self.message.get_content()


def _address(arg):
    start, end = arg.find("<"), arg.rfind(">")
    return arg[start + 1:end] if start >= 0 and end > start else arg.strip()


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self):
        sink = self.server.sink
        self.reply("220 sink ESMTP ready")
        mail_from, rcpt = None, []
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")
            elif verb == "MAIL":
                mail_from, rcpt = _address(line[10:]), []
                self.reply("250 ok")
            elif verb == "RCPT":
                rcpt.append(_address(line[8:]))
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go ahead")
                lines = []
                while True:
                    d = self.rfile.readline(1 << 20)
                    if not d or d in (b".\r\n", b".\n"):
                        break
                    lines.append(d[1:] if d.startswith(b".") else d)
                sink.add(Received(mail_from, rcpt, b"".join(lines)))
                self.reply("250 queued")
                mail_from, rcpt = None, []
            elif verb == "RSET":
                mail_from, rcpt = None, []
                self.reply("250 ok")
            elif verb == "NOOP":
                self.reply("250 ok")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """Start with SmtpSink(); .port is its port, .messages what it received; close() stops it."""

    def __init__(self):
        self.messages = []
        self.cond = threading.Condition()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.sink = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def add(self, msg):
        with self.cond:
            self.messages.append(msg)
            self.cond.notify_all()

    def wait_for(self, pred=lambda m: True, timeout=20):
        """The first message pred accepts, waiting for it up to timeout seconds (None if none
        came)."""
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for m in self.messages:
                    if pred(m):
                        return m
                left = deadline - time.time()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def to(self, address):
        """The messages received for address, in order."""
        with self.cond:
            return [m for m in self.messages if address in m.rcpt_to]

    def clear(self):
        with self.cond:
            self.messages.clear()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
