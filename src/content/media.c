/*
 * Media files: what makes an upload acceptable and what is kept of it. The type is decided
 * from the bytes (never the name or the Content-Type the client sent). Images are decoded by
 * libvips once, at upload. JPEG, PNG and WebP lose their metadata (EXIF with its GPS position,
 * XMP, IPTC, comments): an upright JPEG or WebP by dropping those segments or chunks,
 * losslessly (an animated WebP keeps its frames); the others are turned upright (EXIF
 * orientation), brought to sRGB at 8 bits per channel and encoded again. That is what the portal keeps as the
 * original; resized copies (variants) are made in WebP and the original's format, and the
 * file and its variants go into the store in one transaction. GIFs keep their bytes
 * (animations), PDFs are kept as they are. Pages then read the variants' list to write srcset
 * attributes. Before anything is decoded, the header's size is checked against the pixel
 * limit and the decode memory budget; pictures over CONTENT_MEDIA_INLINE_PIXELS are then
 * processed on the picture worker (media_jobs.c), smaller ones in the caller's thread. It
 * writes through the store and never builds SQL or HTTP.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <vips/vips.h>

/* JPEG and WebP quality of the cleaned original and of the resized copies. */
#define ORIGINAL_QUALITY 90
#define VARIANT_QUALITY  80
/* A stored file name is cut (at a character's start) to this many bytes. */
#define FILENAME_MAX_BYTES 255

static const int variant_widths[] = CONTENT_MEDIA_WIDTHS;
#define NWIDTHS (sizeof(variant_widths) / sizeof(variant_widths[0]))

static pthread_once_t libs_once = PTHREAD_ONCE_INIT;

/*
 * Pictures decoded at once, server-wide. Decoding a large picture takes up to ~200 MB and all
 * of a core; more at once than there are cores is no faster and only adds up memory, so the
 * rest wait their turn here.
 */
#define DECODES_MAX 2
static pthread_mutex_t decode_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t decode_free = PTHREAD_COND_INITIALIZER;
static int decoding;

static void decode_enter(void)
{
    pthread_mutex_lock(&decode_lock);
    while (decoding >= DECODES_MAX)
        pthread_cond_wait(&decode_free, &decode_lock);
    decoding++;
    pthread_mutex_unlock(&decode_lock);
}

static void decode_leave(void)
{
    pthread_mutex_lock(&decode_lock);
    decoding--;
    pthread_cond_signal(&decode_free);
    pthread_mutex_unlock(&decode_lock);
}
static bool libs_ok;

static void libs_init(void)
{
    libs_ok = sodium_init() >= 0 && VIPS_INIT("cong") == 0;
    if (libs_ok) {
        /* uploads are decoded by libvips: keep it from growing caches in a long-lived server */
        vips_cache_set_max(0);
        vips_cache_set_max_mem(0);
        /* one core per picture: the other cores stay with the pages (the picture worker does
           one job at a time, so pictures take at most one core in all) */
        vips_concurrency_set(1);
        /* only the loaders of the accepted types should ever run, and the sniffing makes
           sure of that; refusing the loaders libvips itself calls unsafe is a second lock */
        vips_block_untrusted_set(TRUE);
    }
}

static const char *mime_ext(const char *mime)
{
    if (!strcmp(mime, "image/jpeg"))
        return "jpg";
    if (!strcmp(mime, "image/png"))
        return "png";
    if (!strcmp(mime, "image/webp"))
        return "webp";
    if (!strcmp(mime, "image/gif"))
        return "gif";
    if (!strcmp(mime, "application/pdf"))
        return "pdf";
    return "bin";
}

const char *content_media_path(struct arena *a, int64_t id, const char *mime)
{
    return arena_printf(a, "/media/%lld.%s", (long long)id, mime_ext(mime ? mime : ""));
}

const char *content_media_variant_path(struct arena *a, int64_t id, int width, const char *mime)
{
    return arena_printf(a, "/media/%lld-%d.%s", (long long)id, width, mime_ext(mime ? mime : ""));
}

/* True if s[0..n) is a number written one way only: digits, the first not 0. */
static bool is_canonical_number(const char *s, size_t n)
{
    if (n == 0 || s[0] == '0')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return true;
}

bool content_media_parse_name(const char *name, int64_t *id, int *width, const char **mime)
{
    const char *dot = strrchr(name, '.'), *dash;
    static const char *const types[] = {"image/jpeg", "image/png", "image/webp", "image/gif",
                                        "application/pdf"};
    int64_t w = 0;

    *id = 0;
    *width = 0;
    *mime = NULL;
    if (!dot || dot == name)
        return false;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (!strcmp(dot + 1, mime_ext(types[i])))
            *mime = types[i];
    }
    dash = memchr(name, '-', (size_t)(dot - name));
    /* one URL per file: "+7.jpg" or "07.jpg" are not "7.jpg" */
    if (!*mime || !is_canonical_number(name, (size_t)((dash ? dash : dot) - name)) ||
        !text_parse_i64(name, (size_t)((dash ? dash : dot) - name), id) || *id <= 0 ||
        (dash && (!is_canonical_number(dash + 1, (size_t)(dot - dash - 1)) ||
                  !text_parse_i64(dash + 1, (size_t)(dot - dash - 1), &w) || w > 100000))) {
        *id = 0;
        *mime = NULL;
        return false;
    }
    *width = (int)w;
    return true;
}

const char *content_sniff_mime(const void *data, size_t len)
{
    const unsigned char *p = data;

    if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return "image/jpeg";
    if (len >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (len >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
        return "image/webp";
    if (len >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6)))
        return "image/gif";
    if (len >= 5 && !memcmp(p, "%PDF-", 5))
        return "application/pdf";
    return NULL;
}

/* The hex SHA-256 of data, from the arena (NULL if it is out of memory). */
static const char *digest_hex(struct arena *a, const void *data, size_t len)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char *hex = arena_alloc(a, crypto_hash_sha256_BYTES * 2 + 1);

    if (!hex)
        return NULL;
    crypto_hash_sha256(digest, data, len);
    return sodium_bin2hex(hex, crypto_hash_sha256_BYTES * 2 + 1, digest, sizeof(digest));
}

/* The file name to keep: the part after the last '/' or '\', cut to FILENAME_MAX_BYTES on a
 * character's start; "" if it is not UTF-8. */
static const char *keep_filename(struct arena *a, const char *name)
{
    const char *base;
    size_t n;

    if (!name)
        return "";
    for (base = name; *name; name++) {
        if (*name == '/' || *name == '\\')
            base = name + 1;
    }
    n = strlen(base);
    if (!text_is_utf8(base, n))
        return "";
    if (n > FILENAME_MAX_BYTES) {
        n = FILENAME_MAX_BYTES;
        while (n && ((unsigned char)base[n] & 0xC0) == 0x80)
            n--;
    }
    return arena_strndup(a, base, n);
}

static uint32_t get_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/*
 * Removes the EXIF and XMP chunks of a WebP file in place, and the ICC one unless keep_icc
 * (with their flags in VP8X); frames and animation chunks stay. Used on what libvips 8.14
 * encodes (it writes a fresh EXIF block into WebP even when told to strip) and, losslessly, on
 * uploaded WebP files. False if the RIFF structure does not add up.
 */
static bool webp_strip(unsigned char *b, size_t *len, bool keep_icc)
{
    size_t in = 12, out = 12, n = *len;
    unsigned drop = 0x08u | 0x04u | (keep_icc ? 0 : 0x20u); /* EXIF, XMP, ICC flags */

    if (n < 12 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WEBP", 4) || n > UINT32_MAX)
        return false;
    while (in < n) {
        size_t size, whole;

        if (n - in < 8)
            return false;
        size = get_le32(b + in + 4);
        whole = 8 + size + (size & 1);
        /* some writers leave out the pad byte of an odd last chunk */
        if (whole == n - in + 1 && (size & 1))
            whole--;
        if (whole > n - in)
            return false;
        if (!memcmp(b + in, "VP8X", 4) && size >= 1)
            b[in + 8] &= (unsigned char)~drop;
        if (memcmp(b + in, "EXIF", 4) && memcmp(b + in, "XMP ", 4) &&
            (keep_icc || memcmp(b + in, "ICCP", 4))) {
            memmove(b + out, b + in, whole);
            out += whole;
        }
        in += whole;
    }
    put_le32(b + 4, (uint32_t)(out - 8));
    *len = out;
    return true;
}

/*
 * Copies a JPEG without its metadata segments, losslessly: APP1 (EXIF with its GPS position,
 * XMP), APP13 (IPTC), comments and any other APPn go; JFIF (APP0), the ICC profile (APP2) and
 * Adobe's colour transform (APP14, needed to decode CMYK) stay, as do the tables and the scan.
 * *out is g_malloc'ed. False if the segments do not add up (the decoder judges the rest).
 */
static bool jpeg_strip(const unsigned char *in, size_t len, void **out, size_t *out_len)
{
    unsigned char *o;
    size_t i = 2, n = 2;

    *out = NULL;
    *out_len = 0;
    if (len < 4 || in[0] != 0xFF || in[1] != 0xD8)
        return false;
    o = g_malloc(len);
    o[0] = 0xFF;
    o[1] = 0xD8;
    while (i + 4 <= len) {
        unsigned m, seg;
        bool keep;

        if (in[i] != 0xFF)
            goto bad;
        m = in[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { /* no length */
            o[n++] = 0xFF;
            o[n++] = (unsigned char)m;
            i += 2;
            continue;
        }
        seg = (unsigned)in[i + 2] << 8 | in[i + 3];
        if (seg < 2 || seg > len - i - 2)
            goto bad;
        if (m == 0xDA) { /* start of scan: the rest is image data, copied as it is */
            memcpy(o + n, in + i, len - i);
            n += len - i;
            *out = o;
            *out_len = n;
            return true;
        }
#define SEG_IS(tag) (seg - 2 >= sizeof(tag) - 1 && !memcmp(in + i + 4, tag, sizeof(tag) - 1))
        if (m == 0xE0)
            keep = SEG_IS("JFIF\0");
        else if (m == 0xE2)
            keep = SEG_IS("ICC_PROFILE\0");
        else if (m == 0xEE)
            keep = SEG_IS("Adobe");
        else
            keep = !(m >= 0xE1 && m <= 0xEF) && m != 0xFE;
#undef SEG_IS
        if (keep) {
            memcpy(o + n, in + i, 2 + seg);
            n += 2 + seg;
        }
        i += 2 + seg;
    }
bad:
    g_free(o);
    return false;
}

/* Encodes img as mime (JPEG, PNG or WebP) without any metadata; *buf is g_malloc'ed. */
static int save_as(VipsImage *img, const char *mime, bool original, void **buf, size_t *len)
{
    int q = original ? ORIGINAL_QUALITY : VARIANT_QUALITY;

    *buf = NULL;
    *len = 0;
    if (!strcmp(mime, "image/jpeg"))
        return vips_jpegsave_buffer(img, buf, len, "Q", q, "strip", TRUE, "optimize_coding", TRUE,
                                    "interlace", TRUE, NULL);
    if (!strcmp(mime, "image/png"))
        return vips_pngsave_buffer(img, buf, len, "strip", TRUE, "compression", 6, NULL);
    if (vips_webpsave_buffer(img, buf, len, "Q", q, "strip", TRUE, "effort", 4, NULL))
        return -1;
    if (!webp_strip(*buf, len, false)) {
        g_free(*buf);
        *buf = NULL;
        *len = 0;
        return -1;
    }
    return 0;
}

/* What one upload becomes: its original as kept and its variants, bytes owned by libvips. */
struct processed {
    void *orig; /* NULL: keep the uploaded bytes */
    size_t orig_len;
    int width, height;
    struct media_variant v[NWIDTHS * 2];
    void *vbuf[NWIDTHS * 2];
    size_t nv;
};

static void processed_release(struct processed *p)
{
    g_free(p->orig);
    for (size_t i = 0; i < p->nv; i++)
        g_free(p->vbuf[i]);
    memset(p, 0, sizeof(*p));
}

/* Sets p->orig to a copy of the WebP data[0..len) without its EXIF and XMP chunks (the ICC
 * profile stays, as the pixels are untouched). */
static bool webp_keep_stripped(const void *data, size_t len, struct processed *p)
{
    p->orig = g_memdup2(data, len);
    p->orig_len = len;
    return webp_strip(p->orig, &p->orig_len, true);
}

/* Adds the copy of img at width w (narrower than img) as mime to p. */
static enum cong_err add_variant(struct arena *a, VipsImage *img, int w, const char *mime,
                                 struct processed *p)
{
    struct media_variant *v = &p->v[p->nv];
    void *buf;
    size_t len;

    if (save_as(img, mime, false, &buf, &len))
        return CONG_EINVAL;
    p->vbuf[p->nv++] = buf;
    v->width = w;
    v->height = vips_image_get_height(img);
    v->mime = mime;
    v->data = buf;
    v->size = len;
    v->sha256 = digest_hex(a, buf, len);
    return v->sha256 ? CONG_OK : CONG_ENOMEM;
}

/*
 * Makes the variants of img (upright, sRGB, decoded in memory) at the widths narrower than
 * it: WebP always, and also in mime when that is not WebP (NULL: WebP only).
 */
/* img at width w (the width decides the scale), in memory; NULL if libvips cannot. */
static VipsImage *shrink_to(VipsImage *img, int w)
{
    VipsImage *small = NULL, *mem;

    /* a height no image reaches: the width decides the scale */
    if (vips_thumbnail_image(img, &small, w, "height", VIPS_MAX_COORD, "no_rotate", TRUE, NULL))
        return NULL;
    mem = vips_image_copy_memory(small);
    g_object_unref(small);
    return mem;
}

static enum cong_err make_variants(struct arena *a, VipsImage *img, const char *mime,
                                   struct processed *p)
{
    VipsImage *largest = NULL;
    enum cong_err rc = CONG_OK;
    size_t n = 0;

    while (n < NWIDTHS && variant_widths[n] < vips_image_get_width(img))
        n++;
    /* only the largest copy reads the whole picture; the smaller ones are made from it, which
       looks the same at these sizes and costs a fraction of the time */
    if (n && !(largest = shrink_to(img, variant_widths[n - 1])))
        rc = CONG_EINVAL;
    for (size_t i = 0; i < n && rc == CONG_OK; i++) {
        int w = variant_widths[i];
        VipsImage *mem = i == n - 1 ? largest : shrink_to(largest, w);

        if (!mem) {
            rc = CONG_EINVAL;
            break;
        }
        rc = add_variant(a, mem, w, "image/webp", p);
        if (rc == CONG_OK && mime && strcmp(mime, "image/webp") != 0)
            rc = add_variant(a, mem, w, mime, p);
        if (mem != largest)
            g_object_unref(mem);
    }
    if (largest)
        g_object_unref(largest);
    return rc;
}

/* True if img carries the metadata item name. */
static bool has_field(VipsImage *img, const char *name)
{
    return vips_image_get_typeof(img, name) != 0;
}

/*
 * img decoded in memory at 8 bits a sample: a 16-bit picture (PNG) is brought down, as a
 * page shows 8 bits anyway and its copies and original would take twice the memory and time.
 * NULL if libvips cannot.
 */
static VipsImage *eight_bit_copy(VipsImage *img)
{
    VipsImage *eight = NULL, *mem;
    VipsInterpretation to = VIPS_INTERPRETATION_sRGB;

    if (vips_image_get_format(img) == VIPS_FORMAT_UCHAR)
        return vips_image_copy_memory(img);
    if (vips_image_guess_interpretation(img) == VIPS_INTERPRETATION_GREY16 ||
        vips_image_guess_interpretation(img) == VIPS_INTERPRETATION_B_W)
        to = VIPS_INTERPRETATION_B_W;
    if (vips_colourspace(img, &eight, to, NULL))
        return NULL;
    if (vips_image_get_format(eight) != VIPS_FORMAT_UCHAR) {
        VipsImage *cast = NULL;

        if (vips_cast_uchar(eight, &cast, NULL)) {
            g_object_unref(eight);
            return NULL;
        }
        g_object_unref(eight);
        eight = cast;
    }
    mem = vips_image_copy_memory(eight);
    g_object_unref(eight);
    return mem;
}

/*
 * Decodes a JPEG, PNG or WebP (still) image in full: upright by its EXIF orientation, in sRGB
 * (from its ICC profile, or CMYK), in memory. NULL if libvips cannot.
 */
static VipsImage *decode_upright_srgb(VipsImage *in)
{
    VipsImage *rot = NULL, *srgb = NULL, *mem = NULL;

    if (vips_autorot(in, &rot, NULL))
        return NULL;
    if (has_field(rot, VIPS_META_ICC_NAME) ||
        vips_image_guess_interpretation(rot) == VIPS_INTERPRETATION_CMYK) {
        /* the profile goes with the metadata: convert to sRGB, which a page assumes when an
           image has none (a CMYK JPEG without a profile gets libvips's fallback one) */
        if (vips_icc_transform(rot, &srgb, "srgb", "embedded", TRUE, "intent",
                               VIPS_INTENT_PERCEPTUAL, NULL)) {
            /* a broken profile: keep the pixels as they are rather than refuse the photo */
            vips_error_clear();
            srgb = NULL;
        }
    }
    mem = eight_bit_copy(srgb ? srgb : rot);
    g_object_unref(rot);
    if (srgb)
        g_object_unref(srgb);
    return mem;
}

enum cong_err content_media_check_size(int width, int height, int frames, int bands,
                                       int bytes_per_sample, struct cong_error *err)
{
    uint64_t pixels = (uint64_t)(width > 0 ? width : 0) * (uint64_t)(height > 0 ? height : 0) *
                      (uint64_t)(frames > 0 ? frames : 1);
    uint64_t bytes = pixels * (uint64_t)(bands > 0 ? bands : 1) *
                     (uint64_t)(bytes_per_sample > 0 ? bytes_per_sample : 1);

    if (pixels > CONTENT_MEDIA_MAX_PIXELS)
        return cong_error_set(err, CONG_ETOOBIG,
                              _("ảnh quá lớn: %d×%lld điểm ảnh (tối đa %d triệu điểm ảnh)"), width,
                              (long long)height * (frames > 0 ? frames : 1),
                              CONTENT_MEDIA_MAX_PIXELS / 1000000);
    if (bytes > CONTENT_MEDIA_MAX_DECODE_BYTES)
        return cong_error_set(
            err, CONG_ETOOBIG,
            _("ảnh cần quá nhiều bộ nhớ để giải mã: %d×%lld điểm ảnh, %d kênh, %d bit mỗi kênh "
            "là %llu MB (tối đa %u MB); hãy lưu ảnh ở 8 bit mỗi kênh hoặc thu nhỏ ảnh"),
            width, (long long)height * (frames > 0 ? frames : 1), bands, 8 * bytes_per_sample,
            (unsigned long long)((bytes + 999999) / 1000000),
            (unsigned)(CONTENT_MEDIA_MAX_DECODE_BYTES / 1000000));
    return CONG_OK;
}

/*
 * Reads the header of an image of type mime (nothing is decoded) into *head and checks its
 * size (content_media_check_size); *pixels is width × height. CONG_EINVAL if the header does
 * not read, CONG_ETOOBIG; err says so.
 */
static enum cong_err open_image(const void *data, size_t len, const char *mime, VipsImage **head,
                                uint64_t *pixels, struct cong_error *err)
{
    int pages = 1;
    bool animated_webp;
    enum cong_err rc;

    *pixels = 0;
    *head = vips_image_new_from_buffer(data, len, "", "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (!*head) {
        vips_error_clear();
        return cong_error_field(err, "file", CONG_EINVAL, _("tệp ảnh bị hỏng, không đọc được"));
    }
    if (has_field(*head, VIPS_META_N_PAGES))
        pages = vips_image_get_n_pages(*head);
    animated_webp = !strcmp(mime, "image/webp") && pages > 1;
    /* a decompression bomb (a small file of a huge picture) is refused before decoding; an
       animation counts all its frames, as all of them are decoded */
    rc = content_media_check_size(
        vips_image_get_width(*head), vips_image_get_height(*head), animated_webp ? pages : 1,
        vips_image_get_bands(*head), (int)vips_format_sizeof(vips_image_get_format(*head)), err);
    if (rc != CONG_OK) {
        g_object_unref(*head);
        *head = NULL;
        return rc;
    }
    *pixels = (uint64_t)vips_image_get_width(*head) * (uint64_t)vips_image_get_height(*head);
    return CONG_OK;
}

/*
 * Decodes a still JPEG, PNG or WebP whose header is head: upright, sRGB, 8 bits, in memory.
 * One already upright is read again as a stream (access sequential), so that only the decoded
 * 8-bit picture is ever held whole, never the loader's own copy at 16 bits.
 */
static VipsImage *decode_still(const void *data, size_t len, VipsImage *head)
{
    VipsImage *seq, *full;

    if (vips_image_get_orientation(head) != 1)
        return decode_upright_srgb(head);
    seq = vips_image_new_from_buffer(data, len, "", "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                     VIPS_FAIL_ON_ERROR, NULL);
    if (!seq)
        return NULL;
    full = decode_upright_srgb(seq);
    g_object_unref(seq);
    return full;
}

/*
 * Cleans an image of type mime whose header is head (open_image): fills p (p->orig NULL for a
 * GIF, whose bytes are kept). CONG_EINVAL (err says so) if it does not decode.
 */
static enum cong_err process_image(struct arena *a, const void *data, size_t len, const char *mime,
                                   VipsImage *head, struct processed *p, struct cong_error *err)
{
    VipsImage *full = NULL, *first = NULL;
    bool gif = !strcmp(mime, "image/gif"), animated_webp;
    enum cong_err rc = CONG_OK;

    animated_webp = !gif && !strcmp(mime, "image/webp") && has_field(head, VIPS_META_N_PAGES) &&
                    vips_image_get_n_pages(head) > 1;
    if (gif || animated_webp) {
        /* the first frame, upright, for the (still, WebP) variants */
        first = decode_upright_srgb(head);
        if (!first) {
            rc = cong_error_field(err, "file", CONG_EINVAL, _("tệp ảnh bị hỏng, không đọc được"));
            goto out;
        }
        p->width = vips_image_get_width(first);
        p->height = vips_image_get_height(first);
        /* an animated WebP keeps its frames: only its metadata chunks go */
        if (animated_webp && !webp_keep_stripped(data, len, p)) {
            rc = cong_error_field(err, "file", CONG_EINVAL, _("tệp ảnh bị hỏng, không đọc được"));
            goto out;
        }
        rc = make_variants(a, first, NULL, p);
    } else {
        /* decoding it whole also proves the file sound (libvips fails on errors) */
        full = decode_still(data, len, head);
        /* a JPEG or WebP already upright loses only its metadata, without a new encoding's
           loss and growth; one to turn is encoded again, as is a PNG */
        bool upright = vips_image_get_orientation(head) == 1;
        bool ok = full && (upright && !strcmp(mime, "image/jpeg")
                               ? jpeg_strip(data, len, &p->orig, &p->orig_len)
                           : upright && !strcmp(mime, "image/webp")
                               ? webp_keep_stripped(data, len, p)
                               : save_as(full, mime, true, &p->orig, &p->orig_len) == 0);
        if (!ok) {
            rc = cong_error_field(err, "file", CONG_EINVAL, _("tệp ảnh bị hỏng, không đọc được"));
            goto out;
        }
        p->width = vips_image_get_width(full);
        p->height = vips_image_get_height(full);
        rc = make_variants(a, full, mime, p);
    }
    if (rc == CONG_EINVAL)
        cong_error_set(err, rc, _("tệp ảnh bị hỏng, không đọc được"));
    else if (rc)
        cong_error_set(err, rc, _("không xử lý được ảnh: %s"), cong_strerror(rc));
out:
    if (rc != CONG_OK)
        vips_error_clear();
    if (full)
        g_object_unref(full);
    if (first)
        g_object_unref(first);
    return rc;
}

/* One picture's processing, as handed to the picture worker. */
struct image_job {
    struct arena *a;
    const void *data;
    size_t len;
    const char *mime;
    VipsImage *head;
    struct processed *p;
    struct cong_error *err;
    enum cong_err rc;
};

static void image_job_run(void *arg)
{
    struct image_job *j = arg;

    decode_enter();
    j->rc = process_image(j->a, j->data, j->len, j->mime, j->head, j->p, j->err);
    decode_leave();
    /* libvips keeps buffers per thread; the server's threads live long and may never decode
       again, so give them back now (libvips makes new ones if this thread decodes later) */
    vips_thread_shutdown();
}

/*
 * Reads, checks and cleans the image data[0..len) of type mime into p: small ones in this
 * thread, larger ones on the picture worker (media_jobs_run). As process_image, plus
 * CONG_ETOOBIG (open_image) and CONG_EBUSY.
 */
static enum cong_err take_image(struct arena *a, int64_t user_id, const void *data, size_t len,
                                const char *mime, struct processed *p, struct cong_error *err)
{
    struct image_job j = {.a = a, .data = data, .len = len, .mime = mime, .p = p, .err = err};
    uint64_t pixels;
    enum cong_err rc = open_image(data, len, mime, &j.head, &pixels, err);

    if (rc != CONG_OK)
        return rc;
    if (pixels <= CONTENT_MEDIA_INLINE_PIXELS)
        image_job_run(&j);
    else if ((rc = media_jobs_run(user_id, image_job_run, &j, err)) != CONG_OK)
        j.rc = rc;
    g_object_unref(j.head);
    return j.rc;
}

enum cong_err content_add_media_by(struct store *st, int64_t user_id, const void *data, size_t len,
                                   const char *filename, size_t max_size, int64_t *id,
                                   struct cong_error *err)
{
    struct processed p;
    struct arena a;
    struct media m;
    const char *mime;
    enum cong_err rc;

    *id = 0;
    memset(&p, 0, sizeof(p));
    if (max_size && len > max_size)
        return cong_error_set(err, CONG_ETOOBIG, _("tệp lớn quá giới hạn %zu MB"),
                              (max_size + (1u << 20) - 1) >> 20);
    if (len == 0)
        return cong_error_field(err, "file", CONG_EINVAL, _("tệp rỗng"));
    mime = content_sniff_mime(data, len);
    if (!mime)
        return cong_error_field(
            err, "file", CONG_EINVAL,
            _("định dạng tệp không được hỗ trợ (chỉ nhận JPEG, PNG, WebP, GIF, PDF)"));
    pthread_once(&libs_once, libs_init);
    if (!libs_ok)
        return cong_error_set(err, CONG_ENOMEM, "cannot initialise libsodium or libvips");

    arena_init(&a, 0);
    memset(&m, 0, sizeof(m));
    m.mime = mime;
    m.filename = keep_filename(&a, filename);
    m.user_id = user_id;
    m.data = data;
    m.size = len;
    if (!strncmp(mime, "image/", 6)) {
        rc = take_image(&a, user_id, data, len, mime, &p, err);
        if (rc != CONG_OK)
            goto out;
        if (p.orig) {
            m.data = p.orig;
            m.size = p.orig_len;
        }
        m.width = p.width;
        m.height = p.height;
    }
    m.sha256 = digest_hex(&a, m.data, m.size);
    if (!m.filename || !m.sha256) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto out;
    }
    rc = store_add_media_set(st, &m, p.v, p.nv, id);
    if (rc != CONG_OK)
        cong_error_set(err, rc == CONG_EINVAL ? CONG_EINVAL : CONG_ESTORE, _("không lưu được tệp"));
    if (rc != CONG_OK && rc != CONG_EINVAL)
        rc = CONG_ESTORE;
out:
    processed_release(&p);
    arena_release(&a);
    return rc;
}

enum cong_err content_add_media(struct store *st, const void *data, size_t len,
                                const char *filename, size_t max_size, int64_t *id,
                                struct cong_error *err)
{
    return content_add_media_by(st, 0, data, len, filename, max_size, id, err);
}

bool content_may_delete_media(const struct content_actor *who, const struct media *m)
{
    if (auth_role_at_least(who->role, AUTH_EDITOR))
        return true;
    return who->role == AUTH_AUTHOR && who->user_id > 0 && m->user_id == who->user_id;
}

/* The refusal of a delete: what still uses the file, and what to do. */
static void usage_error(const struct media_usage *use, struct cong_error *err)
{
    const char *from = !use->portlets               ? _("các bài đó")
                       : use->covers || use->bodies ? _("các bài viết và portlet đó")
                                                    : _("các portlet đó");
    char parts[3][96];
    size_t n = 0;

    if (use->covers)
        snprintf(parts[n++], sizeof(parts[0]),
                 P_("làm ảnh bìa của %zu bài viết", "làm ảnh bìa của %zu bài viết", use->covers),
                 use->covers);
    if (use->bodies)
        snprintf(parts[n++], sizeof(parts[0]),
                 P_("trong nội dung của %zu bài viết", "trong nội dung của %zu bài viết",
                    use->bodies),
                 use->bodies);
    if (use->portlets)
        snprintf(parts[n++], sizeof(parts[0]),
                 P_("trong %zu portlet", "trong %zu portlet", use->portlets), use->portlets);
    if (n == 0)
        cong_error_set(err, CONG_EEXIST, _("Tệp vừa được dùng đến; hãy thử lại."));
    else if (n == 1)
        cong_error_set(err, CONG_EEXIST, _("Tệp đang được dùng %s; hãy gỡ khỏi %s trước."), parts[0],
                       from);
    else if (n == 2)
        cong_error_set(err, CONG_EEXIST, _("Tệp đang được dùng %s và %s; hãy gỡ khỏi %s trước."),
                       parts[0], parts[1], from);
    else
        cong_error_set(err, CONG_EEXIST, _("Tệp đang được dùng %s, %s và %s; hãy gỡ khỏi %s trước."),
                       parts[0], parts[1], parts[2], from);
}

enum cong_err content_media_delete(struct store *st, const struct content_actor *who, int64_t id,
                                   struct cong_error *err)
{
    struct arena ar;
    struct media m;
    struct media_usage use = {0};
    const char *target;
    enum cong_err rc;

    if (!auth_role_at_least(who->role, AUTH_AUTHOR))
        return cong_error_set(err, CONG_EPERM, _("Chỉ tác giả trở lên mới xóa được tệp."));
    arena_init(&ar, 0);
    rc = store_get_media_info(st, &ar, id, &m);
    if (rc == CONG_ENOTFOUND) {
        cong_error_set(err, rc, _("Không có tệp này."));
        goto out;
    }
    if (rc != CONG_OK) {
        rc = cong_error_set(err, CONG_ESTORE, _("Không đọc được tệp: %s."), cong_strerror(rc));
        goto out;
    }
    if (!content_may_delete_media(who, &m)) {
        rc = cong_error_set(err, CONG_EPERM, _("Tác giả chỉ xóa được tệp do chính mình tải lên."));
        goto out;
    }
    /* counted here for the message; store_delete_media checks again under its lock */
    rc = store_media_usage(st, id, &use);
    if (rc == CONG_OK && !use.covers && !use.bodies && !use.portlets)
        rc = store_delete_media(st, id);
    if (rc == CONG_EEXIST && !use.covers && !use.bodies && !use.portlets) {
        /* something took the file up between the count and the delete */
        (void)store_media_usage(st, id, &use);
    }
    if (rc == CONG_OK && (use.covers || use.bodies || use.portlets))
        rc = CONG_EEXIST;
    if (rc == CONG_EEXIST) {
        usage_error(&use, err);
        goto out;
    }
    if (rc == CONG_ENOTFOUND) {
        /* deleted by someone else since it was read */
        cong_error_set(err, rc, _("Không có tệp này."));
        goto out;
    }
    if (rc != CONG_OK) {
        rc = cong_error_set(err, CONG_ESTORE, _("Không xóa được tệp: %s."), cong_strerror(rc));
        goto out;
    }
    target = arena_printf(&ar, "#%lld %s", (long long)id, m.filename ? m.filename : "");
    content_audit(st, who, 0, "media_deleted", target ? target : "", NULL);
out:
    arena_release(&ar);
    return rc;
}

/* Appends "URL Ww" to a srcset being built. */
static void srcset_add(struct buf *b, const char *url, int w)
{
    buf_printf(b, "%s%s %dw", b->len ? ", " : "", url, w);
}

/* Fills out from mi (a record that exists) as content_media_image describes. */
static enum cong_err image_of(struct arena *a, const struct media_image *mi,
                              struct content_image *out)
{
    const struct media *m = &mi->media;
    const struct media_variant *v = mi->variants;
    struct buf same, webp;
    bool is_gif, is_webp;
    enum cong_err rc = CONG_OK;

    memset(out, 0, sizeof(*out));
    out->url = content_media_path(a, m->id, m->mime);
    if (!out->url)
        return CONG_ENOMEM;
    out->mime = m->mime;
    out->width = m->width;
    out->height = m->height;
    out->thumb = out->url;
    is_gif = !strcmp(m->mime, "image/gif");
    is_webp = !strcmp(m->mime, "image/webp");
    buf_init(&same, 4096);
    buf_init(&webp, 4096);
    for (size_t i = 0; i < mi->nvariants; i++) {
        const char *url = content_media_variant_path(a, m->id, v[i].width, v[i].mime);
        bool v_webp = !strcmp(v[i].mime, "image/webp");

        if (!url) {
            rc = CONG_ENOMEM;
            goto out;
        }
        /* the smallest WebP copy makes the thumbnail (a GIF's first frame too) */
        if (v_webp && out->thumb == out->url)
            out->thumb = url;
        /* an animated GIF is shown as it is: its copies are still pictures */
        if (is_gif)
            continue;
        if (!strcmp(v[i].mime, m->mime))
            srcset_add(&same, url, v[i].width);
        else if (v_webp)
            srcset_add(&webp, url, v[i].width);
    }
    if (same.len)
        srcset_add(&same, out->url, m->width);
    if ((rc = buf_error(&same)) || (rc = buf_error(&webp)))
        goto out;
    out->srcset = arena_strndup(a, same.data, same.len);
    out->webp_srcset = is_webp ? "" : arena_strndup(a, webp.data, webp.len);
    if (!out->srcset || !out->webp_srcset)
        rc = CONG_ENOMEM;
out:
    buf_release(&same);
    buf_release(&webp);
    if (rc != CONG_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}

enum cong_err content_media_images(struct store *st, struct arena *a, const int64_t *ids,
                                   size_t n, struct content_image *out)
{
    struct media_image *mi;
    enum cong_err rc;

    if (!n)
        return CONG_OK;
    memset(out, 0, n * sizeof(*out));
    mi = arena_alloc(a, n * sizeof(*mi));
    if (!mi)
        return CONG_ENOMEM;
    rc = store_get_media_images(st, a, ids, n, mi);
    for (size_t i = 0; i < n && rc == CONG_OK; i++) {
        if (mi[i].media.id)
            rc = image_of(a, &mi[i], &out[i]);
    }
    if (rc != CONG_OK)
        memset(out, 0, n * sizeof(*out));
    return rc;
}

enum cong_err content_media_image(struct store *st, struct arena *a, int64_t id,
                                  struct content_image *out)
{
    enum cong_err rc = content_media_images(st, a, &id, 1, out);

    if (rc == CONG_OK && !out->url)
        rc = CONG_ENOTFOUND;
    return rc;
}

/* The sizes attribute of pictures in an article's body: the text column's width. */
#define BODY_SIZES "(min-width: 64rem) 52rem, 100vw"

enum cong_err content_media_enrich_html(struct store *st, struct arena *a, const char *html,
                                        size_t len, struct buf *out)
{
    static const char open[] = "<img src=\"/media/";
    const char *p = html, *end = html + len;
    enum cong_err rc = CONG_OK;

    while (p < end) {
        const char *tag = memmem(p, (size_t)(end - p), open, sizeof(open) - 1), *src, *q, *close;
        struct content_image img;
        int64_t id;
        int width;
        const char *mime, *name;
        bool sized;

        if (!tag) {
            buf_add(out, p, (size_t)(end - p));
            break;
        }
        buf_add(out, p, (size_t)(tag - p));
        src = tag + 10; /* at "/media/" */
        q = memchr(src, '"', (size_t)(end - src));
        close = q ? memchr(q, '>', (size_t)(end - q)) : NULL;
        name = q ? arena_strndup(a, src + 7, (size_t)(q - src - 7)) : NULL;
        if (!close || !name || !content_media_parse_name(name, &id, &width, &mime) || width ||
            (rc = content_media_image(st, a, id, &img)) == CONG_ENOTFOUND ||
            (rc == CONG_OK && (strcmp(img.mime, mime) != 0 || !img.width))) {
            /* not one of ours, or gone: the tag stays as it is */
            rc = CONG_OK;
            close = close ? close : end - 1;
            buf_add(out, tag, (size_t)(close + 1 - tag));
            p = close + 1;
            continue;
        }
        if (rc != CONG_OK)
            return rc;
        if (*img.webp_srcset)
            buf_printf(out, "<picture><source type=\"image/webp\" srcset=\"%s\" sizes=\"%s\">",
                       img.webp_srcset, BODY_SIZES);
        /* the tag without its '>', then what it lacks: an author's own size is kept */
        buf_add(out, tag, (size_t)(close - tag));
        sized = memmem(tag, (size_t)(close - tag), " width=\"", 8) != NULL;
        if (!sized)
            buf_printf(out, " width=\"%d\" height=\"%d\"", img.width, img.height);
        if (*img.srcset)
            buf_printf(out, " srcset=\"%s\" sizes=\"%s\"", img.srcset, BODY_SIZES);
        buf_putc(out, '>');
        if (*img.webp_srcset)
            buf_puts(out, "</picture>");
        p = close + 1;
    }
    return buf_error(out);
}
