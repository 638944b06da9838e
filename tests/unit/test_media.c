/*
 * Unit tests of media processing (content/media.c) and the media store: the type comes from
 * the bytes, EXIF orientation is applied and location removed, resized copies are made at the
 * right widths and formats, corrupt, unknown and oversized files are refused with nothing
 * stored, PDFs and GIFs keep their bytes, a file and its copies are stored together or not
 * at all, srcset strings are built from the copies, and a file is deleted with its copies
 * only when no article uses it, by whom the roles allow. Fixtures are made here with libvips
 * and a hand-written EXIF block.
 */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <vips/vips.h>

#include "content/content.h"
#include "i18n/i18n.h"
#include "store/store.h"

struct fixture {
    char dir[64];
    struct store *st;
    struct arena arena;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct cong_error err = {0};
    char path[128];

    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/test_media.XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(path, sizeof(path), "%s/cong.db", f->dir);
    if (store_open(path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &f->st, &err) != CONG_OK) {
        free(f);
        return -1;
    }
    arena_init(&f->arena, 0);
    *state = f;
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    int rc;

    store_free(f->st);
    arena_release(&f->arena);
    rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

/* A w×h RGB picture with some detail (a gradient), encoded as suffix says; g_free the bytes. */
static void *make_image(int w, int h, const char *suffix, size_t *len)
{
    VipsImage *xyz = NULL, *x = NULL, *rgb = NULL, *u8 = NULL;
    void *buf = NULL;

    assert_int_equal(vips_xyz(&xyz, w, h, NULL), 0);
    assert_int_equal(vips_extract_band(xyz, &x, 0, NULL), 0);
    assert_int_equal(vips_bandjoin_const1(x, &rgb, 90, NULL), 0);
    {
        VipsImage *three = NULL;
        assert_int_equal(vips_bandjoin_const1(rgb, &three, 200, NULL), 0);
        g_object_unref(rgb);
        rgb = three;
    }
    assert_int_equal(vips_cast(rgb, &u8, VIPS_FORMAT_UCHAR, "shift", FALSE, NULL), 0);
    assert_int_equal(vips_image_write_to_buffer(u8, suffix, &buf, len, "strip", TRUE, NULL), 0);
    g_object_unref(xyz);
    g_object_unref(x);
    g_object_unref(rgb);
    g_object_unref(u8);
    return buf;
}

/* Puts 16 bits big- or little-endian, 32 bits little-endian. */
static void be16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}
static void le16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static void le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
/* One 12-byte IFD entry. */
static void ifd_entry(unsigned char *p, unsigned tag, unsigned type, uint32_t count, uint32_t v)
{
    le16(p, tag);
    le16(p + 2, type);
    le32(p + 4, count);
    le32(p + 8, v);
}

/*
 * An APP1 segment with an EXIF block: IFD0 with Orientation (orientation) and a GPS IFD with
 * GPSVersionID, GPSLatitudeRef "N" and GPSLatitude 21° 1' 30". Returns its length.
 */
static size_t exif_app1(unsigned char out[128], unsigned orientation)
{
    unsigned char *t = out + 10; /* the TIFF header, after FF E1, length and "Exif\0\0" */

    memset(out, 0, 128);
    out[0] = 0xFF;
    out[1] = 0xE1;
    be16(out + 2, 2 + 6 + 104);
    memcpy(out + 4, "Exif\0\0", 6);
    memcpy(t, "II*\0", 4);
    le32(t + 4, 8);
    le16(t + 8, 2);
    ifd_entry(t + 10, 0x0112, 3, 1, orientation);
    ifd_entry(t + 22, 0x8825, 4, 1, 38);
    le32(t + 34, 0);
    le16(t + 38, 3);
    ifd_entry(t + 40, 0x0000, 1, 4, 2 | 3u << 8);
    ifd_entry(t + 52, 0x0001, 2, 2, 'N');
    ifd_entry(t + 64, 0x0002, 5, 3, 80);
    le32(t + 76, 0);
    le32(t + 80, 21);
    le32(t + 84, 1);
    le32(t + 88, 1);
    le32(t + 92, 1);
    le32(t + 96, 30);
    le32(t + 100, 1);
    return 10 + 104;
}

/* A JPEG of w×h with the EXIF block above placed after its JFIF segment; free() it. */
static unsigned char *jpeg_with_exif(int w, int h, unsigned orientation, size_t *len)
{
    unsigned char app1[128], *out;
    size_t jlen, alen = exif_app1(app1, orientation), at = 2;
    unsigned char *j = make_image(w, h, ".jpg", &jlen);

    if (j[2] == 0xFF && j[3] == 0xE0)
        at = 4 + ((size_t)j[4] << 8 | j[5]);
    out = malloc(jlen + alen);
    assert_non_null(out);
    memcpy(out, j, at);
    memcpy(out + at, app1, alen);
    memcpy(out + at + alen, j + at, jlen - at);
    *len = jlen + alen;
    g_free(j);
    return out;
}

/* True if bytes hold an EXIF block or libvips finds any EXIF or GPS field in them. */
static bool has_exif(const void *data, size_t len)
{
    VipsImage *img = vips_image_new_from_buffer(data, len, "", NULL);
    bool found = memmem(data, len, "Exif\0\0", 6) != NULL;

    assert_non_null(img);
    found = found || vips_image_get_typeof(img, VIPS_META_EXIF_NAME) != 0 ||
            vips_image_get_typeof(img, "exif-ifd3-GPSLatitude") != 0;
    g_object_unref(img);
    return found;
}

static int decoded_width(const void *data, size_t len)
{
    VipsImage *img = vips_image_new_from_buffer(data, len, "", NULL);
    int w;

    assert_non_null(img);
    w = vips_image_get_width(img);
    g_object_unref(img);
    return w;
}

static size_t media_count(struct fixture *f)
{
    struct media *m;
    size_t n, total;

    assert_int_equal(store_list_media(f->st, &f->arena, 0, 10, &m, &n, &total), CONG_OK);
    return total;
}

static void orientation_applied_and_location_removed(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct media m;
    struct media_variant *v, one;
    size_t len, nv;
    int64_t id;
    unsigned char *jpeg = jpeg_with_exif(1400, 1000, 6, &len);
    VipsImage *in = vips_image_new_from_buffer(jpeg, len, "", NULL);

    /* the fixture is what it claims: turned by EXIF, with a position */
    assert_non_null(in);
    assert_int_equal(vips_image_get_orientation(in), 6);
    assert_true(vips_image_get_typeof(in, "exif-ifd3-GPSLatitude") != 0);
    g_object_unref(in);
    assert_true(has_exif(jpeg, len));

    assert_int_equal(
        content_add_media_by(f->st, 0, jpeg, len, "C:\\ảnh\\chụp.jpg", 20u << 20, &id, &err),
        CONG_OK);
    assert_int_equal(store_get_media(f->st, &f->arena, id, &m), CONG_OK);
    assert_string_equal(m.mime, "image/jpeg");
    assert_string_equal(m.filename, "chụp.jpg");
    /* width and height swapped: orientation 6 is a quarter turn */
    assert_int_equal(m.width, 1000);
    assert_int_equal(m.height, 1400);
    assert_int_equal(decoded_width(m.data, m.size), 1000);
    assert_false(has_exif(m.data, m.size));
    assert_string_equal(content_sniff_mime(m.data, m.size), "image/jpeg");

    /* copies at the widths narrower than 1000 only, WebP and JPEG, none with EXIF */
    assert_int_equal(store_list_media_variants(f->st, &f->arena, id, &v, &nv), CONG_OK);
    assert_int_equal(nv, 4);
    assert_int_equal(v[0].width, 320);
    assert_string_equal(v[0].mime, "image/jpeg");
    assert_int_equal(v[0].height, 448);
    assert_int_equal(v[1].width, 320);
    assert_string_equal(v[1].mime, "image/webp");
    assert_int_equal(v[2].width, 640);
    assert_int_equal(v[2].height, 896);
    assert_string_equal(v[3].mime, "image/webp");
    for (size_t i = 0; i < nv; i++) {
        assert_null(v[i].data);
        assert_int_equal(store_get_media_variant(f->st, &f->arena, id, v[i].width, v[i].mime, &one),
                         CONG_OK);
        assert_int_equal(one.size, v[i].size);
        assert_string_equal(content_sniff_mime(one.data, one.size), v[i].mime);
        assert_int_equal(decoded_width(one.data, one.size), v[i].width);
        assert_false(has_exif(one.data, one.size));
    }
    assert_int_equal(store_get_media_variant(f->st, &f->arena, id, 1280, "image/webp", &one),
                     CONG_ENOTFOUND);
    free(jpeg);
}

static void upright_jpeg_loses_only_its_metadata(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct media m;
    size_t len, plain_len;
    int64_t id;
    unsigned char *jpeg = jpeg_with_exif(900, 300, 1, &len);
    void *plain = make_image(900, 300, ".jpg", &plain_len);

    assert_true(has_exif(jpeg, len));
    assert_int_equal(content_add_media_by(f->st, 0, jpeg, len, "a.jpg", 0, &id, &err), CONG_OK);
    assert_int_equal(store_get_media(f->st, &f->arena, id, &m), CONG_OK);
    assert_int_equal(m.width, 900);
    assert_int_equal(m.height, 300);
    assert_false(has_exif(m.data, m.size));
    /* no new encoding: the very bytes of the picture before its EXIF block was put in */
    assert_int_equal(m.size, plain_len);
    assert_memory_equal(m.data, plain, plain_len);
    free(jpeg);
    g_free(plain);
}

static void upright_webp_loses_only_its_metadata(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct media m;
    size_t len;
    int64_t id;
    /* libvips 8.14 puts an EXIF chunk into every WebP it writes: this one has it */
    unsigned char *webp = make_image(500, 200, ".webp", &len), *vp8;

    assert_non_null(memmem(webp, len, "EXIF", 4));
    assert_int_equal(content_add_media_by(f->st, 0, webp, len, "a.webp", 0, &id, &err), CONG_OK);
    assert_int_equal(store_get_media(f->st, &f->arena, id, &m), CONG_OK);
    assert_null(memmem(m.data, m.size, "EXIF", 4));
    assert_false(has_exif(m.data, m.size));
    assert_true(m.size < len);
    /* the picture's own chunk is there byte for byte: no new encoding */
    vp8 = memmem(webp + 12 + 18, len - 30, "VP8", 3); /* past RIFF and VP8X: the bitstream */
    assert_non_null(vp8);
    assert_non_null(memmem(m.data, m.size, vp8, 64));
    assert_int_equal(decoded_width(m.data, m.size), 500);
    g_free(webp);
}

static void type_comes_from_the_bytes(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct media m;
    struct media_variant *v;
    size_t len, nv;
    int64_t id;
    void *png = make_image(700, 100, ".png", &len);

    /* a PNG called .jpg is a PNG */
    assert_int_equal(content_add_media_by(f->st, 0, png, len, "anh.jpg", 0, &id, &err), CONG_OK);
    assert_int_equal(store_get_media_info(f->st, &f->arena, id, &m), CONG_OK);
    assert_string_equal(m.mime, "image/png");
    assert_string_equal(m.filename, "anh.jpg");
    assert_int_equal(m.width, 700);
    assert_int_equal(store_list_media_variants(f->st, &f->arena, id, &v, &nv), CONG_OK);
    assert_int_equal(nv, 4); /* 320 and 640, PNG and WebP */
    assert_string_equal(v[0].mime, "image/png");
    g_free(png);

    /* text called .jpg is refused, and so is nothing at all */
    assert_int_equal(content_add_media_by(f->st, 0, "xin chào\n", 10, "a.jpg", 0, &id, &err),
                     CONG_EINVAL);
    assert_non_null(strstr(err.msg, "không được hỗ trợ"));
    assert_int_equal(id, 0);
    assert_int_equal(content_add_media_by(f->st, 0, "", 0, "a.jpg", 0, &id, &err), CONG_EINVAL);
    assert_int_equal(media_count(f), 1);
}

static void corrupt_images_are_refused(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    size_t len;
    int64_t id;
    unsigned char junk[600];
    void *jpeg = make_image(800, 600, ".jpg", &len);
    void *png = make_image(800, 600, ".png", &len);
    size_t plen = len;

    /* JPEG magic followed by garbage */
    memset(junk, 0x5a, sizeof(junk));
    memcpy(junk, "\xff\xd8\xff\xe0", 4);
    assert_int_equal(content_add_media_by(f->st, 0, junk, sizeof(junk), "x.jpg", 0, &id, &err),
                     CONG_EINVAL);
    assert_non_null(strstr(err.msg, "hỏng"));
    /* a PNG cut in half: its header reads, its pixels do not */
    assert_int_equal(content_add_media_by(f->st, 0, png, plen / 2, "x.png", 0, &id, &err),
                     CONG_EINVAL);
    assert_non_null(strstr(err.msg, "hỏng"));
    assert_int_equal(media_count(f), 0);
    g_free(jpeg);
    g_free(png);
}

static void limits_refuse_before_decoding(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    VipsImage *black = NULL;
    void *buf = NULL;
    size_t len;
    int64_t id;
    void *jpeg = make_image(400, 300, ".jpg", &len);

    /* the size limit */
    assert_int_equal(content_add_media_by(f->st, 0, jpeg, len, "a.jpg", len - 1, &id, &err),
                     CONG_ETOOBIG);
    assert_non_null(strstr(err.msg, "giới hạn"));
    assert_int_equal(content_add_media_by(f->st, 0, jpeg, len, "a.jpg", len, &id, &err), CONG_OK);
    g_free(jpeg);
    /* a bomb: 8000×7000 of black compresses to little, decodes to 56 megapixels */
    assert_int_equal(vips_black(&black, 8000, 7000, NULL), 0);
    assert_int_equal(vips_pngsave_buffer(black, &buf, &len, "compression", 9, NULL), 0);
    assert_true(len < (1u << 20));
    assert_int_equal(content_add_media_by(f->st, 0, buf, len, "bom.png", 0, &id, &err),
                     CONG_ETOOBIG);
    assert_non_null(strstr(err.msg, "8000×7000"));
    assert_int_equal(media_count(f), 1);
    g_free(buf);
    g_object_unref(black);
}

static void decode_memory_is_bounded_from_the_header(void **state)
{
    struct cong_error err = {0};

    (void)state;
    /* the picture: 49 megapixels, under the pixel limit, 294 MB decoded at 16 bits */
    assert_int_equal(content_media_check_size(7000, 7000, 1, 3, 2, &err), CONG_ETOOBIG);
    assert_non_null(strstr(err.msg, "bộ nhớ"));
    assert_non_null(strstr(err.msg, "16 bit"));
    assert_non_null(strstr(err.msg, "294 MB"));
    /* the same at 8 bits, and RGBA at 8 bits up to the budget, pass */
    assert_int_equal(content_media_check_size(7000, 7000, 1, 3, 1, &err), CONG_OK);
    assert_int_equal(content_media_check_size(7000, 7000, 1, 4, 1, &err), CONG_OK);
    assert_int_equal(content_media_check_size(5000, 5000, 1, 3, 2, &err), CONG_OK);
    assert_int_equal(content_media_check_size(5000, 5000, 1, 4, 2, &err), CONG_OK);
    assert_int_equal(content_media_check_size(5000, 5001, 1, 4, 2, &err), CONG_ETOOBIG);
    /* the pixel limit still speaks of pixels; an animation counts every frame */
    assert_int_equal(content_media_check_size(8000, 7000, 1, 1, 1, &err), CONG_ETOOBIG);
    assert_non_null(strstr(err.msg, "triệu điểm ảnh"));
    assert_int_equal(content_media_check_size(1000, 1000, 60, 4, 1, &err), CONG_ETOOBIG);
    assert_int_equal(content_media_check_size(1000, 1000, 40, 4, 1, &err), CONG_OK);
    /* nothing wraps around, whatever a header says */
    assert_int_equal(content_media_check_size(INT32_MAX, INT32_MAX, INT32_MAX, 4, 8, &err),
                     CONG_ETOOBIG);
    assert_int_equal(content_media_check_size(-1, 5, 0, 0, 0, &err), CONG_OK);
}

/* The CRC-32 of PNG chunks. */
static uint32_t png_crc(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;

    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

/* Appends a PNG chunk of type kind (4 letters) to b. */
static void png_chunk(struct buf *b, const char *kind, const void *data, size_t n)
{
    unsigned char be[4], *start;
    size_t at;

    for (int i = 0; i < 4; i++)
        be[i] = (unsigned char)(n >> (24 - 8 * i));
    buf_add(b, be, 4);
    at = b->len;
    buf_add(b, kind, 4);
    buf_add(b, data, n);
    start = (unsigned char *)b->data + at;
    uint32_t crc = png_crc(start, n + 4);
    for (int i = 0; i < 4; i++)
        be[i] = (unsigned char)(crc >> (24 - 8 * i));
    buf_add(b, be, 4);
}

static void a_16_bit_png_over_the_budget_is_refused_undecoded(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct buf png;
    unsigned char ihdr[13] = {0};
    int64_t id;

    /* only a header: 7000×7000 RGB at 16 bits, and pixel data that would never decode */
    buf_init(&png, 1u << 16);
    buf_add(&png, "\x89PNG\r\n\x1a\n", 8);
    be16(ihdr + 2, 7000);
    be16(ihdr + 6, 7000);
    ihdr[8] = 16;
    ihdr[9] = 2;
    png_chunk(&png, "IHDR", ihdr, sizeof(ihdr));
    png_chunk(&png, "IDAT", "not zlib", 8);
    png_chunk(&png, "IEND", "", 0);
    assert_int_equal(buf_error(&png), CONG_OK);
    assert_int_equal(content_add_media_by(f->st, 0, png.data, png.len, "16bit.png", 0, &id, &err),
                     CONG_ETOOBIG);
    assert_non_null(strstr(err.msg, "7000×7000"));
    assert_non_null(strstr(err.msg, "bộ nhớ"));
    assert_int_equal(media_count(f), 0);
    buf_release(&png);
}

static void a_16_bit_png_is_kept_at_8_bits(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    VipsImage *black = NULL, *deep = NULL, *back;
    struct media m;
    void *buf = NULL;
    size_t len;
    int64_t id;

    assert_int_equal(vips_black(&black, 900, 600, "bands", 3, NULL), 0);
    assert_int_equal(vips_cast(black, &deep, VIPS_FORMAT_USHORT, NULL), 0);
    assert_int_equal(vips_pngsave_buffer(deep, &buf, &len, "bitdepth", 16, NULL), 0);
    assert_int_equal(((unsigned char *)buf)[24], 16); /* IHDR's bit depth */
    assert_int_equal(content_add_media_by(f->st, 0, buf, len, "sau.png", 0, &id, &err), CONG_OK);
    assert_int_equal(store_get_media(f->st, &f->arena, id, &m), CONG_OK);
    assert_int_equal(m.width, 900);
    back = vips_image_new_from_buffer(m.data, m.size, "", NULL);
    assert_non_null(back);
    assert_int_equal(vips_image_get_format(back), VIPS_FORMAT_UCHAR);
    assert_int_equal(vips_image_get_bands(back), 3);
    g_object_unref(back);
    g_object_unref(deep);
    g_object_unref(black);
    g_free(buf);
}

static void pdf_and_gif_keep_their_bytes(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
    struct media m;
    struct media_variant *v;
    size_t len, nv;
    int64_t id;
    void *gif = make_image(500, 200, ".gif", &len);

    assert_int_equal(content_add_media_by(f->st, 0, pdf, sizeof(pdf) - 1, "vb.pdf", 0, &id, &err),
                     CONG_OK);
    assert_int_equal(store_get_media(f->st, &f->arena, id, &m), CONG_OK);
    assert_string_equal(m.mime, "application/pdf");
    assert_int_equal(m.size, sizeof(pdf) - 1);
    assert_memory_equal(m.data, pdf, m.size);
    assert_int_equal(m.width, 0);
    assert_int_equal(store_list_media_variants(f->st, &f->arena, id, &v, &nv), CONG_OK);
    assert_int_equal(nv, 0);
    assert_null(v);

    assert_int_equal(content_add_media_by(f->st, 0, gif, len, "a.gif", 0, &id, &err), CONG_OK);
    assert_int_equal(store_get_media(f->st, &f->arena, id, &m), CONG_OK);
    assert_string_equal(m.mime, "image/gif");
    assert_int_equal(m.size, len);
    assert_memory_equal(m.data, gif, len);
    assert_int_equal(m.width, 500);
    assert_int_equal(m.height, 200);
    /* one still copy, in WebP only */
    assert_int_equal(store_list_media_variants(f->st, &f->arena, id, &v, &nv), CONG_OK);
    assert_int_equal(nv, 1);
    assert_int_equal(v[0].width, 320);
    assert_string_equal(v[0].mime, "image/webp");
    g_free(gif);
}

/* A three-frame GIF of w×h frames; g_free the bytes. */
static void *make_gif_animation(int w, int h, size_t *len)
{
    size_t n;
    void *png = make_image(w, h * 3, ".png", &n), *buf = NULL;
    VipsImage *tall = vips_image_new_from_buffer(png, n, "", NULL), *copy = NULL;

    assert_non_null(tall);
    assert_int_equal(vips_copy(tall, &copy, NULL), 0);
    vips_image_set_int(copy, VIPS_META_PAGE_HEIGHT, h);
    assert_int_equal(vips_gifsave_buffer(copy, &buf, len, NULL), 0);
    g_object_unref(tall);
    g_object_unref(copy);
    g_free(png);
    return buf;
}

static void le24(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 3; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Appends a RIFF chunk (fourcc, size, data, pad byte) to b. */
static void riff_chunk(struct buf *b, const char *fourcc, const void *data, size_t n)
{
    unsigned char size[4];

    le32(size, (uint32_t)n);
    buf_add(b, fourcc, 4);
    buf_add(b, size, 4);
    buf_add(b, data, n);
    if (n & 1)
        buf_putc(b, 0);
}

/*
 * A three-frame animated WebP of w×h frames with an EXIF chunk (orientation 1, a GPS
 * position), put together by hand from still frames libvips encodes (libvips 8.14 cannot write
 * animations here). buf_release it.
 */
static void make_webp_animation(int w, int h, struct buf *out)
{
    unsigned char vp8x[10] = {0x02 | 0x08}, anim[6] = {0}, app1[128], head[16];
    size_t exif_len = exif_app1(app1, 1) - 10; /* the TIFF block, without FF E1 and "Exif" */
    struct buf frames;

    buf_init(&frames, 1 << 20);
    for (int i = 0; i < 3; i++) {
        size_t n, at = 12;
        unsigned char *still = make_image(w, h, ".webp", &n);
        struct buf frame;

        buf_init(&frame, 1 << 20);
        while (at + 8 <= n) {
            uint32_t size = (uint32_t)still[at + 4] | (uint32_t)still[at + 5] << 8 |
                            (uint32_t)still[at + 6] << 16 | (uint32_t)still[at + 7] << 24;
            if (!memcmp(still + at, "VP8 ", 4) || !memcmp(still + at, "VP8L", 4) ||
                !memcmp(still + at, "ALPH", 4))
                riff_chunk(&frame, (const char *)still + at, still + at + 8, size);
            at += 8 + size + (size & 1);
        }
        memset(head, 0, sizeof(head));
        le24(head + 6, (uint32_t)w - 1);
        le24(head + 9, (uint32_t)h - 1);
        le24(head + 12, 100); /* ms */
        {
            struct buf anmf;
            buf_init(&anmf, 1 << 20);
            buf_add(&anmf, head, 16);
            buf_add(&anmf, frame.data, frame.len);
            riff_chunk(&frames, "ANMF", anmf.data, anmf.len);
            buf_release(&anmf);
        }
        buf_release(&frame);
        g_free(still);
    }
    le24(vp8x + 4, (uint32_t)w - 1);
    le24(vp8x + 7, (uint32_t)h - 1);
    buf_init(out, 1 << 20);
    buf_add(out, "RIFF\0\0\0\0WEBP", 12);
    riff_chunk(out, "VP8X", vp8x, sizeof(vp8x));
    riff_chunk(out, "ANIM", anim, sizeof(anim));
    buf_add(out, frames.data, frames.len);
    riff_chunk(out, "EXIF", app1 + 10, exif_len);
    le32((unsigned char *)out->data + 4, (uint32_t)(out->len - 8));
    assert_int_equal(buf_error(out), CONG_OK);
    buf_release(&frames);
}

static void animations_stay_animated(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct media m;
    struct media_variant *v;
    VipsImage *all;
    size_t len, nv;
    int64_t id;
    void *gif = make_gif_animation(400, 100, &len);
    struct buf webp;

    /* a GIF keeps its bytes; its size is a frame's; its copy is the first frame */
    assert_int_equal(content_add_media_by(f->st, 0, gif, len, "a.gif", 0, &id, &err), CONG_OK);
    assert_int_equal(store_get_media(f->st, &f->arena, id, &m), CONG_OK);
    assert_int_equal(m.size, len);
    assert_memory_equal(m.data, gif, len);
    assert_int_equal(m.width, 400);
    assert_int_equal(m.height, 100);
    assert_int_equal(store_list_media_variants(f->st, &f->arena, id, &v, &nv), CONG_OK);
    assert_int_equal(nv, 1);
    assert_int_equal(v[0].height, 80);
    g_free(gif);

    /* an animated WebP keeps all its frames and loses its EXIF chunk */
    make_webp_animation(400, 100, &webp);
    all = vips_image_new_from_buffer(webp.data, webp.len, "", "n", -1, NULL);
    assert_non_null(all); /* the fixture is what it claims */
    assert_int_equal(vips_image_get_n_pages(all), 3);
    assert_true(vips_image_get_typeof(all, "exif-ifd3-GPSLatitude") != 0);
    g_object_unref(all);
    assert_int_equal(content_add_media_by(f->st, 0, webp.data, webp.len, "a.webp", 0, &id, &err),
                     CONG_OK);
    assert_int_equal(store_get_media(f->st, &f->arena, id, &m), CONG_OK);
    assert_string_equal(m.mime, "image/webp");
    assert_int_equal(m.width, 400);
    assert_int_equal(m.height, 100);
    assert_false(has_exif(m.data, m.size));
    all = vips_image_new_from_buffer(m.data, m.size, "", "n", -1, NULL);
    assert_non_null(all);
    assert_int_equal(vips_image_get_n_pages(all), 3);
    assert_int_equal(vips_image_get_height(all), 300);
    g_object_unref(all);
    assert_int_equal(store_list_media_variants(f->st, &f->arena, id, &v, &nv), CONG_OK);
    assert_int_equal(nv, 1);
    assert_string_equal(v[0].mime, "image/webp");
    assert_int_equal(v[0].height, 80);
    buf_release(&webp);
}

static void srcset_lists_the_copies(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct content_image img;
    size_t len, jlen;
    int64_t id;
    void *jpeg = make_image(1000, 500, ".jpg", &jlen);
    void *small = make_image(200, 100, ".png", &len);
    void *gif = make_image(500, 200, ".gif", &len);

    assert_int_equal(content_add_media_by(f->st, 0, jpeg, jlen, "a.jpg", 0, &id, &err), CONG_OK);
    assert_int_equal(content_media_image(f->st, &f->arena, id, &img), CONG_OK);
    assert_string_equal(img.url, "/media/1.jpg");
    assert_int_equal(img.width, 1000);
    assert_int_equal(img.height, 500);
    assert_string_equal(img.srcset,
                        "/media/1-320.jpg 320w, /media/1-640.jpg 640w, /media/1.jpg 1000w");
    assert_string_equal(img.webp_srcset, "/media/1-320.webp 320w, /media/1-640.webp 640w");
    assert_string_equal(img.thumb, "/media/1-320.webp");
    g_free(jpeg);

    /* a picture smaller than every copy has none: no srcset */
    assert_int_equal(content_add_media_by(f->st, 0, small, len, "b.png", 0, &id, &err), CONG_OK);
    assert_int_equal(content_media_image(f->st, &f->arena, id, &img), CONG_OK);
    assert_string_equal(img.url, "/media/2.png");
    assert_string_equal(img.srcset, "");
    assert_string_equal(img.webp_srcset, "");
    assert_string_equal(img.thumb, "/media/2.png");
    g_free(small);

    /* a GIF is shown as it is, its still copy only as a thumbnail */
    assert_int_equal(content_add_media_by(f->st, 0, gif, len, "c.gif", 0, &id, &err), CONG_OK);
    assert_int_equal(content_media_image(f->st, &f->arena, id, &img), CONG_OK);
    assert_string_equal(img.srcset, "");
    assert_string_equal(img.webp_srcset, "");
    assert_string_equal(img.thumb, "/media/3-320.webp");
    g_free(gif);

    assert_int_equal(content_media_image(f->st, &f->arena, 99, &img), CONG_ENOTFOUND);
    assert_null(img.url);
}

static void store_reads_images_at_once(void **state)
{
    struct fixture *f = *state;
    struct media m = {.mime = "image/jpeg", .filename = "a.jpg", .width = 800, .height = 400,
                      .data = "abc", .size = 3, .sha256 = "00"};
    /* given out of order: the store lists them by width, then type */
    struct media_variant v[3] = {
        {.width = 640, .height = 320, .mime = "image/webp", .data = "d", .size = 1, .sha256 = "1"},
        {.width = 320, .height = 160, .mime = "image/webp", .data = "e", .size = 1, .sha256 = "2"},
        {.width = 320, .height = 160, .mime = "image/jpeg", .data = "f", .size = 1, .sha256 = "3"},
    };
    struct media_image out[40];
    struct content_image img[6];
    int64_t with, without, ids[40];

    assert_int_equal(store_add_media_set(f->st, &m, v, 3, &with), CONG_OK);
    m.mime = "image/png";
    m.size = 2;
    assert_int_equal(store_add_media_set(f->st, &m, NULL, 0, &without), CONG_OK);

    /* a missing id, 0, and an id asked twice, in the caller's order */
    int64_t asked[6] = {with, 999, without, 0, with, -1};
    assert_int_equal(store_get_media_images(f->st, &f->arena, asked, 6, out), CONG_OK);
    assert_int_equal(out[0].media.id, with);
    assert_string_equal(out[0].media.mime, "image/jpeg");
    assert_int_equal(out[0].media.width, 800);
    assert_int_equal(out[0].media.height, 400);
    assert_int_equal(out[0].media.size, 3);
    assert_string_equal(out[0].media.sha256, "00");
    assert_null(out[0].media.data);
    assert_int_equal(out[0].nvariants, 3);
    assert_int_equal(out[0].variants[0].width, 320);
    assert_string_equal(out[0].variants[0].mime, "image/jpeg");
    assert_int_equal(out[0].variants[1].width, 320);
    assert_string_equal(out[0].variants[1].mime, "image/webp");
    assert_int_equal(out[0].variants[2].width, 640);
    assert_int_equal(out[0].variants[2].height, 320);
    assert_int_equal(out[0].variants[2].media_id, with);
    assert_null(out[0].variants[2].data);
    assert_int_equal(out[1].media.id, 0);
    assert_null(out[1].media.mime);
    assert_int_equal(out[1].nvariants, 0);
    assert_int_equal(out[2].media.id, without);
    assert_string_equal(out[2].media.mime, "image/png");
    assert_int_equal(out[2].media.size, 2);
    assert_int_equal(out[2].nvariants, 0);
    assert_null(out[2].variants);
    assert_int_equal(out[3].media.id, 0);
    assert_int_equal(out[4].media.id, with);
    assert_int_equal(out[4].nvariants, 3);
    assert_int_equal(out[5].media.id, 0);

    /* past one query's worth of ids: the rest come from the next query */
    for (int i = 0; i < 40; i++)
        ids[i] = i == 35 ? with : i == 36 ? without : 1000 + i;
    assert_int_equal(STORE_IMAGES_PER_QUERY, 32);
    assert_int_equal(store_get_media_images(f->st, &f->arena, ids, 40, out), CONG_OK);
    for (int i = 0; i < 40; i++)
        assert_int_equal(out[i].media.id, i == 35 ? with : i == 36 ? without : 0);
    assert_int_equal(out[35].nvariants, 3);
    assert_int_equal(store_get_media_images(f->st, &f->arena, NULL, 0, NULL), CONG_OK);

    /* the content level draws each as content_media_image does */
    assert_int_equal(content_media_images(f->st, &f->arena, asked, 6, img), CONG_OK);
    assert_string_equal(img[0].url, "/media/1.jpg");
    assert_string_equal(img[0].srcset, "/media/1-320.jpg 320w, /media/1.jpg 800w");
    assert_string_equal(img[0].webp_srcset, "/media/1-320.webp 320w, /media/1-640.webp 640w");
    assert_string_equal(img[0].thumb, "/media/1-320.webp");
    assert_null(img[1].url);
    assert_string_equal(img[2].url, "/media/2.png");
    assert_string_equal(img[2].srcset, "");
    assert_string_equal(img[2].thumb, "/media/2.png");
    assert_null(img[3].url);
    assert_string_equal(img[4].srcset, img[0].srcset);
    assert_null(img[5].url);
}

static void body_images_get_their_sizes_and_copies(void **state)
{
    struct fixture *f = *state;
    struct cong_error err = {0};
    struct buf out;
    size_t len;
    int64_t id;
    void *jpeg = make_image(1000, 500, ".jpg", &len);
    static const char in[] =
        "<p>Ảnh: <img src=\"/media/1.jpg\" alt=\"a\" loading=\"lazy\" decoding=\"async\"></p>"
        "<p><img src=\"/media/1.jpg\" alt=\"b\" width=\"300\"></p>"
        "<p><img src=\"/media/1.png\" alt=\"c\"><img src=\"/media/9.jpg\" alt=\"d\">"
        "<img src=\"/media/1-320.jpg\" alt=\"e\"><img src=\"https://x/media/1.jpg\" alt=\"f\">"
        "&lt;img src=\"/media/1.jpg\"&gt;</p>";
    static const char want[] =
        "<p>Ảnh: <picture><source type=\"image/webp\" srcset=\"/media/1-320.webp 320w, "
        "/media/1-640.webp 640w\" sizes=\"(min-width: 64rem) 52rem, 100vw\"><img "
        "src=\"/media/1.jpg\" alt=\"a\" loading=\"lazy\" decoding=\"async\" width=\"1000\" "
        "height=\"500\" srcset=\"/media/1-320.jpg 320w, /media/1-640.jpg 640w, /media/1.jpg "
        "1000w\" sizes=\"(min-width: 64rem) 52rem, 100vw\"></picture></p>"
        "<p><picture><source type=\"image/webp\" srcset=\"/media/1-320.webp 320w, "
        "/media/1-640.webp 640w\" sizes=\"(min-width: 64rem) 52rem, 100vw\"><img "
        "src=\"/media/1.jpg\" alt=\"b\" width=\"300\" srcset=\"/media/1-320.jpg 320w, "
        "/media/1-640.jpg 640w, /media/1.jpg 1000w\" sizes=\"(min-width: 64rem) 52rem, "
        "100vw\"></picture></p>"
        "<p><img src=\"/media/1.png\" alt=\"c\"><img src=\"/media/9.jpg\" alt=\"d\">"
        "<img src=\"/media/1-320.jpg\" alt=\"e\"><img src=\"https://x/media/1.jpg\" alt=\"f\">"
        "&lt;img src=\"/media/1.jpg\"&gt;</p>";

    assert_int_equal(content_add_media_by(f->st, 0, jpeg, len, "a.jpg", 0, &id, &err), CONG_OK);
    assert_int_equal(id, 1);
    buf_init(&out, 1 << 20);
    assert_int_equal(content_media_enrich_html(f->st, &f->arena, in, sizeof(in) - 1, &out),
                     CONG_OK);
    assert_string_equal(out.data, want);
    /* a cut tag is copied as it is */
    buf_reset(&out);
    assert_int_equal(
        content_media_enrich_html(f->st, &f->arena, "x<img src=\"/media/1.jpg", 23, &out), CONG_OK);
    assert_string_equal(out.data, "x<img src=\"/media/1.jpg");
    buf_release(&out);
    g_free(jpeg);
}

static void media_names_parse_strictly(void **state)
{
    int64_t id;
    int w;
    const char *mime;

    (void)state;
    assert_true(content_media_parse_name("7.jpg", &id, &w, &mime));
    assert_int_equal(id, 7);
    assert_int_equal(w, 0);
    assert_string_equal(mime, "image/jpeg");
    assert_true(content_media_parse_name("12-320.webp", &id, &w, &mime));
    assert_int_equal(id, 12);
    assert_int_equal(w, 320);
    assert_string_equal(mime, "image/webp");
    assert_false(content_media_parse_name("7", &id, &w, &mime));
    assert_false(content_media_parse_name("7.exe", &id, &w, &mime));
    assert_false(content_media_parse_name("0.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("-1.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("7-.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("7-0.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("7-32x.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("a.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("+7.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("07.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("7-0320.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("7-+320.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("7-320-1.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name("7.jpg.jpg", &id, &w, &mime));
    assert_false(content_media_parse_name(".jpg", &id, &w, &mime));
    assert_null(mime);
    assert_int_equal(id, 0);
}

static void store_keeps_a_file_and_its_copies_together(void **state)
{
    struct fixture *f = *state;
    struct user u = {.name = "tacgia", .role = "author", .password_hash = "x"};
    struct media m = {.mime = "image/png",
                      .filename = "a.png",
                      .width = 800,
                      .height = 600,
                      .data = "abc",
                      .size = 3,
                      .sha256 = "00"};
    struct media_variant v[2] = {
        {.width = 320, .height = 240, .mime = "image/webp", .data = "d", .size = 1, .sha256 = "1"},
        {.width = 320, .height = 240, .mime = "image/webp", .data = "e", .size = 1, .sha256 = "2"},
    };
    struct media *list;
    struct media got;
    size_t n, total;
    int64_t id, uid, ids[3];

    /* two copies of one width and type: the whole set is refused, the file too */
    assert_int_equal(store_add_media_set(f->st, &m, v, 2, &id), CONG_EEXIST);
    assert_int_equal(id, 0);
    assert_int_equal(media_count(f), 0);

    assert_int_equal(store_add_user(f->st, &u, &uid), CONG_OK);
    for (int i = 0; i < 3; i++) {
        m.user_id = i == 1 ? uid : 0;
        assert_int_equal(store_add_media_set(f->st, &m, v, 1, &ids[i]), CONG_OK);
    }
    assert_int_equal(store_get_media_info(f->st, &f->arena, ids[1], &got), CONG_OK);
    assert_int_equal(got.user_id, uid);
    assert_null(got.data);
    assert_int_equal(got.size, 3);
    assert_int_equal(store_get_media_info(f->st, &f->arena, ids[0], &got), CONG_OK);
    assert_int_equal(got.user_id, 0);
    /* newest first, paginated, with a total */
    assert_int_equal(store_list_media(f->st, &f->arena, 0, 2, &list, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 3);
    assert_int_equal(list[0].id, ids[2]);
    assert_int_equal(list[1].id, ids[1]);
    assert_int_equal(list[1].user_id, uid);
    assert_string_equal(list[1].filename, "a.png");
    assert_null(list[1].data);
    assert_int_equal(store_list_media(f->st, &f->arena, 2, 2, &list, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, ids[0]);
    assert_int_equal(store_list_media(f->st, &f->arena, 5, 2, &list, &n, NULL), CONG_OK);
    assert_int_equal(n, 0);
    assert_null(list);
}

/* A small file with one WebP copy, uploaded by user_id (0: nobody); returns its id. */
static int64_t add_small_media(struct fixture *f, int64_t user_id)
{
    struct media m = {.mime = "image/png",
                      .filename = "nho.png",
                      .width = 800,
                      .height = 600,
                      .data = "abc",
                      .size = 3,
                      .sha256 = "00",
                      .user_id = user_id};
    struct media_variant v = {
        .width = 320, .height = 240, .mime = "image/webp", .data = "d", .size = 1, .sha256 = "1"};
    int64_t id = 0;

    assert_int_equal(store_add_media_set(f->st, &m, &v, 1, &id), CONG_OK);
    return id;
}

/* An article (a draft: any status counts) with cover (0: none) and body; returns its id. */
static int64_t add_article_using(struct fixture *f, int64_t cover, const char *body)
{
    static int n;
    struct category c = {.slug = "tin", .name = "Tin"};
    struct category got;
    struct article a = {.status = ARTICLE_DRAFT,
                        .published_at = 1700000000,
                        .title = "Bài",
                        .cover_media_id = cover,
                        .body_md = body,
                        .body_html = ""};
    int64_t cat = 0, id = 0;

    if (store_get_category_by_slug(f->st, &f->arena, "tin", &got) == CONG_OK)
        cat = got.id;
    else
        assert_int_equal(store_add_category(f->st, &c, &cat), CONG_OK);
    a.category_id = cat;
    a.slug = arena_printf(&f->arena, "bai-%d", ++n);
    assert_int_equal(store_add_article(f->st, &a, &id), CONG_OK);
    return id;
}

static void assert_usage(struct fixture *f, int64_t id, size_t covers, size_t bodies)
{
    struct media_usage u = {99, 99, 99};

    assert_int_equal(store_media_usage(f->st, id, &u), CONG_OK);
    assert_int_equal(u.covers, covers);
    assert_int_equal(u.bodies, bodies);
    assert_int_equal(u.portlets, 0);
}

static void store_deletes_unused_media_with_its_copies(void **state)
{
    struct fixture *f = *state;
    struct media got;
    struct media_variant *v, one;
    size_t n = 9;
    int64_t keep = add_small_media(f, 0), id = add_small_media(f, 0);

    assert_usage(f, id, 0, 0);
    assert_int_equal(store_delete_media(f->st, id), CONG_OK);
    assert_int_equal(store_get_media_info(f->st, &f->arena, id, &got), CONG_ENOTFOUND);
    assert_int_equal(store_list_media_variants(f->st, &f->arena, id, &v, &n), CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_get_media_variant(f->st, &f->arena, id, 320, "image/webp", &one),
                     CONG_ENOTFOUND);
    /* the other file and its copy are untouched */
    assert_int_equal(store_list_media_variants(f->st, &f->arena, keep, &v, &n), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(media_count(f), 1);
    /* twice, and an id that never was */
    assert_int_equal(store_delete_media(f->st, id), CONG_ENOTFOUND);
    assert_int_equal(store_delete_media(f->st, 9999), CONG_ENOTFOUND);
    assert_usage(f, 9999, 0, 0);
    assert_int_equal(media_count(f), 1);
}

static void store_refuses_media_in_use(void **state)
{
    struct fixture *f = *state;
    struct media got;
    struct media_variant *v;
    size_t n;
    int64_t cover = add_small_media(f, 0), body = add_small_media(f, 0),
            copy = add_small_media(f, 0);
    const char *b1 = arena_printf(&f->arena, "Ảnh: ![a](/media/%lld.png)", (long long)body);
    const char *b2 =
        arena_printf(&f->arena, "<img src=\"https://x.vn/media/%lld-320.webp\">", (long long)copy);

    add_article_using(f, cover, "");
    add_article_using(f, cover, b1);
    add_article_using(f, 0, b2);
    assert_usage(f, cover, 2, 0);
    assert_usage(f, body, 0, 1);
    assert_usage(f, copy, 0, 1);
    assert_int_equal(store_delete_media(f->st, cover), CONG_EEXIST);
    assert_int_equal(store_delete_media(f->st, body), CONG_EEXIST);
    assert_int_equal(store_delete_media(f->st, copy), CONG_EEXIST);
    /* nothing went: the files and their copies */
    assert_int_equal(media_count(f), 3);
    assert_int_equal(store_get_media_info(f->st, &f->arena, cover, &got), CONG_OK);
    assert_int_equal(store_list_media_variants(f->st, &f->arena, copy, &v, &n), CONG_OK);
    assert_int_equal(n, 1);
}

static void media_ids_in_bodies_are_not_confused(void **state)
{
    struct fixture *f = *state;
    int64_t id = 0;

    /* ids 1..123, so that 12 and 123 both exist */
    while (id < 123)
        id = add_small_media(f, 0);
    assert_int_equal(id, 123);
    add_article_using(f, 0, "![a](/media/123.jpg) và [tệp](/media/1234.pdf) và /media/12x");
    assert_usage(f, 12, 0, 0);
    assert_usage(f, 123, 0, 1);
    assert_usage(f, 1, 0, 0);
    assert_int_equal(store_delete_media(f->st, 12), CONG_OK);
    assert_int_equal(store_delete_media(f->st, 123), CONG_EEXIST);
    add_article_using(f, 0, "![b](/media/1-640.webp)");
    assert_usage(f, 1, 0, 1);
    assert_int_equal(store_delete_media(f->st, 1), CONG_EEXIST);
    assert_int_equal(store_delete_media(f->st, 2), CONG_OK);
    assert_int_equal(media_count(f), 121);
}

/* The audit log's newest action and target. */
static void assert_last_audit(struct fixture *f, const char *action, const char *target)
{
    struct audit_entry *e;
    size_t n, total;

    assert_int_equal(store_list_audit(f->st, &f->arena, 0, 1, &e, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].action, action);
    assert_string_equal(e[0].target, target);
}

static void content_delete_follows_the_roles(void **state)
{
    struct fixture *f = *state;
    struct user ua = {.name = "an", .role = "author", .password_hash = "x"};
    struct user ub = {.name = "binh", .role = "author", .password_hash = "x"};
    struct cong_error err = {0};
    struct media got;
    int64_t a = 0, b = 0, mine, theirs, used;
    size_t audits;
    struct audit_entry *e;
    size_t n;

    assert_int_equal(store_add_user(f->st, &ua, &a), CONG_OK);
    assert_int_equal(store_add_user(f->st, &ub, &b), CONG_OK);
    struct content_actor author = {.user_id = a, .name = "an", .role = AUTH_AUTHOR, .ip = ""};
    struct content_actor member = {.user_id = b, .name = "binh", .role = AUTH_MEMBER, .ip = ""};
    struct content_actor guest = {.role = AUTH_GUEST, .ip = ""};
    struct content_actor editor = {.user_id = b, .name = "binh", .role = AUTH_EDITOR, .ip = ""};
    mine = add_small_media(f, a);
    theirs = add_small_media(f, b);
    used = add_small_media(f, a);

    assert_true(content_may_delete_media(&author, &(struct media){.user_id = a}));
    assert_false(content_may_delete_media(&author, &(struct media){.user_id = b}));
    assert_false(content_may_delete_media(&author, &(struct media){.user_id = 0}));
    assert_false(content_may_delete_media(&member, &(struct media){.user_id = b}));
    assert_true(content_may_delete_media(&editor, &(struct media){.user_id = 0}));

    assert_int_equal(content_media_delete(f->st, &guest, mine, &err), CONG_EPERM);
    assert_int_equal(content_media_delete(f->st, &member, theirs, &err), CONG_EPERM);
    assert_int_equal(content_media_delete(f->st, &author, theirs, &err), CONG_EPERM);
    assert_non_null(strstr(err.msg, "chính mình"));
    assert_int_equal(store_get_media_info(f->st, &f->arena, theirs, &got), CONG_OK);
    assert_int_equal(store_list_audit(f->st, &f->arena, 0, 1, &e, &n, &audits), CONG_OK);
    assert_int_equal(audits, 0);

    assert_int_equal(content_media_delete(f->st, &author, 777, &err), CONG_ENOTFOUND);

    /* in use: refused with the counts, nothing deleted, nothing logged */
    add_article_using(f, used, "");
    add_article_using(f, used, arena_printf(&f->arena, "![](/media/%lld.png)", (long long)used));
    add_article_using(f, 0, arena_printf(&f->arena, "![](/media/%lld-320.webp)", (long long)used));
    assert_int_equal(content_media_delete(f->st, &author, used, &err), CONG_EEXIST);
    assert_string_equal(err.msg, "Tệp đang được dùng làm ảnh bìa của 2 bài viết và trong nội "
                                 "dung của 2 bài viết; hãy gỡ khỏi các bài đó trước.");
    /* a portlet's HTML that shows it counts too (and /media/ID0 is another file) */
    {
        struct page pg = {.slug = "gioi-thieu", .title = "Giới thiệu", .layout = "mot-cot"};
        struct portlet pl = {.region = "main", .type = "html", .position = -1};
        int64_t page_id = 0, pid = 0;
        struct media_usage u;

        assert_int_equal(store_add_page(f->st, &pg, &page_id), CONG_OK);
        pl.page_id = page_id;
        pl.config = arena_printf(&f->arena,
                                 "{\"html\": \"<img src=\\\"/media/%lld.png\\\" alt=\\\"\\\">"
                                 " <a href=\\\"/media/%lld0.png\\\">x</a>\"}",
                                 (long long)used, (long long)mine);
        assert_int_equal(store_add_portlet(f->st, &pl, &pid), CONG_OK);
        assert_int_equal(store_media_usage(f->st, used, &u), CONG_OK);
        assert_int_equal(u.portlets, 1);
        assert_int_equal(store_media_usage(f->st, mine, &u), CONG_OK);
        assert_int_equal(u.portlets, 0);
        assert_int_equal(content_media_delete(f->st, &author, used, &err), CONG_EEXIST);
        assert_string_equal(err.msg, "Tệp đang được dùng làm ảnh bìa của 2 bài viết, trong nội "
                                     "dung của 2 bài viết và trong 1 portlet; hãy gỡ khỏi các "
                                     "bài viết và portlet đó trước.");
        /* in English, each count with its plural */
        i18n_set_lang(I18N_EN);
        assert_int_equal(content_media_delete(f->st, &author, used, &err), CONG_EEXIST);
        i18n_set_lang(I18N_VI);
        assert_string_equal(err.msg, "The file is used as the cover image of 2 articles, in the "
                                     "body of 2 articles and in 1 portlet; remove it from those "
                                     "articles and portlets first.");
        assert_int_equal(store_delete_portlet(f->st, pid), CONG_OK);
    }
    assert_int_equal(store_get_media_info(f->st, &f->arena, used, &got), CONG_OK);
    assert_int_equal(store_list_audit(f->st, &f->arena, 0, 1, &e, &n, &audits), CONG_OK);
    assert_int_equal(audits, 0);

    assert_int_equal(content_media_delete(f->st, &author, mine, &err), CONG_OK);
    assert_int_equal(store_get_media_info(f->st, &f->arena, mine, &got), CONG_ENOTFOUND);
    assert_last_audit(f, "media_deleted",
                      arena_printf(&f->arena, "#%lld nho.png", (long long)mine));
    assert_int_equal(content_media_delete(f->st, &editor, theirs, &err), CONG_OK);
    assert_last_audit(f, "media_deleted",
                      arena_printf(&f->arena, "#%lld nho.png", (long long)theirs));
    assert_int_equal(content_media_delete(f->st, &editor, theirs, &err), CONG_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(orientation_applied_and_location_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(upright_jpeg_loses_only_its_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(upright_webp_loses_only_its_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(type_comes_from_the_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(corrupt_images_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(limits_refuse_before_decoding, setup, teardown),
        cmocka_unit_test(decode_memory_is_bounded_from_the_header),
        cmocka_unit_test_setup_teardown(a_16_bit_png_over_the_budget_is_refused_undecoded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_16_bit_png_is_kept_at_8_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(pdf_and_gif_keep_their_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(animations_stay_animated, setup, teardown),
        cmocka_unit_test_setup_teardown(srcset_lists_the_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(body_images_get_their_sizes_and_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(store_reads_images_at_once, setup, teardown),
        cmocka_unit_test(media_names_parse_strictly),
        cmocka_unit_test_setup_teardown(store_keeps_a_file_and_its_copies_together, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(store_deletes_unused_media_with_its_copies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(store_refuses_media_in_use, setup, teardown),
        cmocka_unit_test_setup_teardown(media_ids_in_bodies_are_not_confused, setup, teardown),
        cmocka_unit_test_setup_teardown(content_delete_follows_the_roles, setup, teardown),
    };

    if (VIPS_INIT("test_media"))
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
