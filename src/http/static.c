/*
 * Static assets of the theme: read into memory once at start-up, then served read-only by
 * every thread. Each file gets a strong ETag from its contents and a Last-Modified from its
 * time on disk when loaded; the whole set gets a version string used in asset URLs, so that
 * they can be cached for a year and still change at once when the theme does. A text file
 * also goes compressed (brotli or gzip, whichever the request accepts, if smaller): its copies
 * are made at the highest levels on its first request, under the set's lock, since most of a
 * theme's files (the editor's) are never asked for by most servers, tests' included.
 */
#include "http.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX_FILE ((size_t)8 << 20)
#define STATIC_MAX_FILES 512

struct asset {
    char *name; /* relative path, '/'-separated */
    unsigned char *data;
    size_t len;
    char etag[40];
    int64_t mtime; /* the file's modification time when it was read */
    const char *mime;
    atomic_bool packed;      /* br and gz below are made (or found no smaller) */
    unsigned char *br, *gz;  /* compressed copies, NULL when not smaller or not text */
    size_t br_len, gz_len;
    char etag_br[40], etag_gz[40];
};

struct http_static {
    struct asset *assets;
    size_t n;
    char version[17];
    pthread_mutex_t lock; /* held while an asset's compressed copies are made */
};

const char *http_mime_for(const char *name)
{
    static const struct {
        const char *ext, *mime;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".webp", "image/webp"},
        {".gif", "image/gif"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".json", "application/json"},
        {".pdf", "application/pdf"},
    };
    const char *dot = strrchr(name, '.');

    if (dot) {
        for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
            if (!strcasecmp(dot, types[i].ext))
                return types[i].mime;
        }
    }
    return "application/octet-stream";
}

static enum cong_err read_file(int dirfd, const char *name, unsigned char **out, size_t *len,
                               int64_t *mtime)
{
    struct stat st;
    unsigned char *p;
    ssize_t r;
    size_t got = 0;
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

    if (fd < 0)
        return CONG_EIO;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > STATIC_MAX_FILE) {
        close(fd);
        return CONG_EIO;
    }
    p = malloc((size_t)st.st_size + 1);
    if (!p) {
        close(fd);
        return CONG_ENOMEM;
    }
    while (got < (size_t)st.st_size) {
        r = read(fd, p + got, (size_t)st.st_size - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != (size_t)st.st_size) {
        free(p);
        return CONG_EIO;
    }
    *out = p;
    *len = got;
    *mtime = (int64_t)st.st_mtime;
    return CONG_OK;
}

static enum cong_err load_dir(struct http_static *st, int dirfd, const char *prefix,
                              struct cong_error *err)
{
    DIR *d;
    struct dirent *e;
    struct stat sb;
    enum cong_err rc = CONG_OK;
    char name[512];
    int n, sub;

    d = fdopendir(dirfd);
    if (!d) {
        close(dirfd);
        return cong_error_set(err, CONG_EIO, "cannot read static folder '%s'", prefix);
    }
    while (rc == CONG_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, "." and ".." */
        if (fstatat(dirfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        n = snprintf(name, sizeof(name), "%s%s%s", prefix, *prefix ? "/" : "", e->d_name);
        if (n < 0 || (size_t)n >= sizeof(name))
            continue;
        if (S_ISDIR(sb.st_mode)) {
            sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                rc = load_dir(st, sub, name, err);
            continue;
        }
        if (!S_ISREG(sb.st_mode))
            continue;
        if (st->n == STATIC_MAX_FILES)
            return cong_error_set(err, CONG_ETOOBIG, "too many static files (max %d)",
                                  STATIC_MAX_FILES);
        struct asset *a = &st->assets[st->n];
        unsigned char h[16];
        rc = read_file(dirfd, e->d_name, &a->data, &a->len, &a->mtime);
        if (rc) {
            cong_error_set(err, rc, "cannot read static file '%s'", name);
            break;
        }
        a->name = strdup(name);
        if (!a->name) {
            free(a->data);
            rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
            break;
        }
        crypto_generichash(h, sizeof(h), a->data, a->len, NULL, 0);
        a->etag[0] = '"';
        sodium_bin2hex(a->etag + 1, sizeof(a->etag) - 2, h, sizeof(h));
        a->etag[33] = '"';
        a->etag[34] = '\0';
        a->mime = http_mime_for(name);
        st->n++;
    }
    closedir(d);
    return rc;
}

static int asset_cmp(const void *a, const void *b)
{
    return strcmp(((const struct asset *)a)->name, ((const struct asset *)b)->name);
}

enum cong_err http_static_load(const char *dir, struct http_static **out, struct cong_error *err)
{
    struct http_static *st;
    crypto_generichash_state hs;
    unsigned char h[8];
    enum cong_err rc;
    int fd;

    *out = NULL;
    if (sodium_init() < 0)
        return cong_error_set(err, CONG_ENOMEM, "cannot initialise libsodium");
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return cong_error_set(err, CONG_EIO, "cannot open static folder '%s'", dir);
    st = calloc(1, sizeof(*st));
    if (st)
        st->assets = calloc(STATIC_MAX_FILES, sizeof(*st->assets));
    if (!st || !st->assets) {
        if (st)
            free(st->assets);
        free(st);
        close(fd);
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&st->lock, NULL);
    rc = load_dir(st, fd, "", err);
    if (rc) {
        http_static_free(st);
        return rc;
    }
    qsort(st->assets, st->n, sizeof(*st->assets), asset_cmp);
    crypto_generichash_init(&hs, NULL, 0, sizeof(h));
    for (size_t i = 0; i < st->n; i++) {
        crypto_generichash_update(&hs, (const unsigned char *)st->assets[i].name,
                                  strlen(st->assets[i].name) + 1);
        crypto_generichash_update(&hs, (const unsigned char *)st->assets[i].etag, 34);
    }
    crypto_generichash_final(&hs, h, sizeof(h));
    sodium_bin2hex(st->version, sizeof(st->version), h, sizeof(h));
    *out = st;
    return CONG_OK;
}

void http_static_free(struct http_static *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++) {
        free(st->assets[i].name);
        free(st->assets[i].data);
        free(st->assets[i].br);
        free(st->assets[i].gz);
    }
    pthread_mutex_destroy(&st->lock);
    free(st->assets);
    free(st);
}

const char *http_static_version(const struct http_static *st)
{
    return st->version;
}

/* Whether a file of this type is text, which compresses. */
static bool is_text(const char *mime)
{
    return !strncmp(mime, "text/", 5) || strstr(mime, "javascript") || strstr(mime, "json") ||
           strstr(mime, "svg") || strstr(mime, "xml");
}

/* A copy of etag with a coding's mark inside its quotes: "HEX-br". */
static void etag_for(char *out, size_t size, const char *etag, const char *mark)
{
    snprintf(out, size, "%.*s-%s\"", (int)strlen(etag) - 1, etag, mark);
}

/* Makes a's compressed copies once, keeping each only if smaller than the file. */
static void pack(struct http_static *st, struct asset *a)
{
    if (atomic_load(&a->packed))
        return;
    pthread_mutex_lock(&st->lock);
    if (!atomic_load(&a->packed)) {
        if (is_text(a->mime)) {
            if (http_brotli(a->data, a->len, 11, &a->br, &a->br_len) && a->br_len >= a->len) {
                free(a->br);
                a->br = NULL;
            }
            if (http_gzip(a->data, a->len, 9, &a->gz, &a->gz_len) && a->gz_len >= a->len) {
                free(a->gz);
                a->gz = NULL;
            }
            etag_for(a->etag_br, sizeof(a->etag_br), a->etag, "br");
            etag_for(a->etag_gz, sizeof(a->etag_gz), a->etag, "gz");
        }
        atomic_store(&a->packed, true);
    }
    pthread_mutex_unlock(&st->lock);
}

bool http_static_serve(struct http_static *st, const char *name, bool versioned,
                       struct http_request *req, struct http_response *res)
{
    struct asset key = {.name = (char *)name};
    struct asset *a = bsearch(&key, st->assets, st->n, sizeof(*st->assets), asset_cmp);
    const unsigned char *data;
    const char *etag, *coding = NULL;
    size_t len;

    if (!a)
        return false;
    /* a versioned URL never changes content; an unversioned one must be revalidated soon */
    http_response_header(res, "Cache-Control",
                         versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
    data = a->data;
    len = a->len;
    etag = a->etag;
    if (is_text(a->mime)) {
        http_response_header(res, "Vary", "Accept-Encoding");
        pack(st, a);
        if (a->br && http_accepts_encoding(req, "br")) {
            data = a->br, len = a->br_len, etag = a->etag_br, coding = "br";
        } else if (a->gz && http_accepts_encoding(req, "gzip")) {
            data = a->gz, len = a->gz_len, etag = a->etag_gz, coding = "gzip";
        }
    }
    if (http_conditional(req, res, etag, a->mtime))
        return true;
    res->status = 200;
    res->content_type = a->mime;
    res->data = data;
    res->data_len = len;
    if (coding)
        http_response_header(res, "Content-Encoding", coding);
    return true;
}
