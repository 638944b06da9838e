/*
 * Media files: what makes an upload acceptable and what is kept of it. The type is decided
 * from the bytes (never the name or the Content-Type the client sent); images are read by
 * libvips. It writes through the store and never builds SQL or HTTP.
 */
#include "content.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <vips/vips.h>

static pthread_once_t libs_once = PTHREAD_ONCE_INIT;
static bool libs_ok;

static void libs_init(void)
{
    libs_ok = sodium_init() >= 0 && VIPS_INIT("cong") == 0;
    if (libs_ok) {
        /* uploads are decoded by libvips: keep it from growing caches in a long-lived server */
        vips_cache_set_max(0);
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

enum cong_err content_add_media(struct store *st, const void *data, size_t len,
                                const char *filename, size_t max_size, int64_t *id,
                                struct cong_error *err)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    struct media m;
    const char *mime;
    VipsImage *img;

    *id = 0;
    if (max_size && len > max_size)
        return cong_error_set(err, CONG_ETOOBIG, "tệp lớn quá giới hạn %zu MB",
                              max_size >> 20);
    mime = content_sniff_mime(data, len);
    if (!mime)
        return cong_error_set(err, CONG_EINVAL,
                              "định dạng tệp không được hỗ trợ (chỉ nhận JPEG, PNG, WebP, GIF, PDF)");
    pthread_once(&libs_once, libs_init);
    if (!libs_ok)
        return cong_error_set(err, CONG_ENOMEM, "cannot initialise libsodium or libvips");

    memset(&m, 0, sizeof(m));
    m.mime = mime;
    m.filename = filename ? filename : "";
    m.data = data;
    m.size = len;
    if (strncmp(mime, "image/", 6) == 0) {
        /* reads the header only: the pixels are not decoded here */
        img = vips_image_new_from_buffer(data, len, "", NULL);
        if (!img) {
            vips_error_clear();
            return cong_error_set(err, CONG_EINVAL, "tệp ảnh bị hỏng, không đọc được");
        }
        m.width = vips_image_get_width(img);
        m.height = vips_image_get_height(img);
        g_object_unref(img);
    }
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
    m.sha256 = hex;
    if (store_add_media(st, &m, id) != CONG_OK)
        return cong_error_set(err, CONG_ESTORE, "không lưu được tệp");
    return CONG_OK;
}
