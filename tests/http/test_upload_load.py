"""Big pictures do not stall the site (issue "Hardening", item 1): three 16-bit PNGs of 25
megapixels uploaded at once through the API are decoded and resized by the picture worker, one
at a time, while every public page asked for meanwhile answers within a second; a picture whose
decoded pixels would pass the memory budget is refused from its header with 413; one user gets
one picture in hand at a time, and uploads past the worker's slots get 503 with Retry-After.

The server runs with --threads 4: three uploads may then wait for the worker, one request thread
is always left for the pages. The PNGs are written here with zlib and struct: flat colours
compress to a few hundred KB whatever their size."""

import struct
import threading
import time
import unittest
import zlib

from accounts import FAST, must_create_user
from harness import Server, run_cong

PW = "mat-khau-tai-anh-1"
srv = None
tokens = []


def setUpModule():
    global srv
    srv = Server(demo=True, env=dict(FAST), extra_args=("--threads", "4"))
    for i in range(3):
        must_create_user(srv.db, f"tacgia{i}", "author", PW)
        st, out, err = run_cong("token", "create", f"tacgia{i}", "--db", srv.db, env=FAST)
        assert st == 0, err
        tokens.append(out.strip())


def tearDownModule():
    srv.close()


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png16(width, height, rgb, rows=None):
    """A width×height RGB PNG at 16 bits a channel, all of colour rgb; only its first `rows`
    rows when rows is given (a header that promises more than the file holds)."""
    row = b"\x00" + struct.pack(">HHH", *rgb) * width
    z = zlib.compressobj(6)
    idat = b"".join(z.compress(row) for _ in range(height if rows is None else rows)) + z.flush()
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)) +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def handed_over():
    """How many pictures the server has handed to its picture worker so far (its log)."""
    return sum("handed to the picture worker" in line for line in list(srv.stderr_lines))


def wait_handed_over(n):
    deadline = time.monotonic() + 60
    while handed_over() < n:
        if time.monotonic() > deadline:
            raise AssertionError(f"{n} pictures never reached the worker")
        time.sleep(0.02)


def upload(data, token):
    t = time.monotonic()
    r = srv.request("POST", "/api/v1/media", body=data,
                    headers={"Authorization": "Bearer " + token,
                             "Content-Type": "application/octet-stream"})
    return r, time.monotonic() - t


class BigPictures(unittest.TestCase):
    def test_pages_answer_while_three_big_pictures_are_processed(self):
        pictures = [png16(5000, 5000, (0x1000 * (i + 1), 0x5678, 0x9ABC)) for i in range(3)]
        results = [None] * 3
        ended = []

        def one(i):
            results[i] = upload(pictures[i], tokens[i])
            ended.append(time.monotonic())

        before = handed_over()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        # a connection accepted along with an upload waits with it: ask for pages once the
        # uploads are in the worker's hands, as a visitor arriving meanwhile would
        wait_handed_over(before + 3)
        times = []
        started = time.monotonic()
        for _ in range(20):
            t = time.monotonic()
            r = srv.get("/")
            times.append(time.monotonic() - t)
            self.assertEqual(r.status, 200)
        pages_done = time.monotonic()
        for t in threads:
            t.join(120)
        # the pages were asked for while pictures were in hand (one worker takes them one
        # after another, so the last ends well after the pages began, even on a fast build)
        self.assertTrue(ended and max(ended) > started, "every upload ended before the pages")
        self.assertLess(max(times), 1.0, [round(x, 3) for x in times])
        for r, took in results:
            self.assertEqual(r.status, 201, r.text)
        print(f"\n  pages: slowest {max(times):.3f} s, 20 in {pages_done - started:.1f} s; "
              f"uploads: {', '.join(f'{took:.1f} s' for _, took in results)}")

    def test_a_picture_past_the_memory_budget_is_refused_from_its_header(self):
        # 7000×7000 RGB at 16 bits is 294 MB decoded: under 50 megapixels, over the 200 MB budget;
        # only one row is in the file, so refusing it fast shows nothing was decoded
        r, took = upload(png16(7000, 7000, (1, 2, 3), rows=1), tokens[0])
        self.assertEqual(r.status, 413, r.text)
        self.assertIn("bộ nhớ", r.text)
        self.assertIn("16 bit", r.text)
        self.assertLess(took, 5)

    def test_one_user_has_one_big_picture_in_hand(self):
        picture = png16(5000, 5000, (0x4321, 0x1234, 0x0101))
        results = [None] * 2

        def one(i):
            results[i] = upload(picture, tokens[2])

        before = handed_over()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
        threads[0].start()
        wait_handed_over(before + 1)
        threads[1].start()
        for t in threads:
            t.join(120)
        statuses = sorted(r.status for r, _ in results)
        self.assertEqual(statuses, [201, 503], [r.text for r, _ in results])
        busy = next(r for r, _ in results if r.status == 503)
        self.assertEqual(busy.header("retry-after"), "30")
        self.assertIn("ảnh khác đang được xử lý", busy.text)


if __name__ == "__main__":
    unittest.main()
