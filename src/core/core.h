/*
 * The core module: what every other part of Cổng stands on. It owns the error type, the
 * growable byte buffer with a sticky error and a size cap, the per-request arena, UTF-8
 * validation and Vietnamese slugs, time formatting in the site's time zone, and logging.
 * It knows nothing of HTTP, SQL or HTML pages and must never learn of them.
 */
#ifndef CONG_CORE_H
#define CONG_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CONG_PRINTF(n, m) __attribute__((format(printf, n, m)))
#define CONG_FORMAT_ARG(n) __attribute__((format_arg(n)))

/* Every function that can fail returns one of these; CONG_OK is 0. */
enum cong_err {
    CONG_OK = 0,
    CONG_ENOMEM,    /* out of memory, or a buffer's size cap reached */
    CONG_EINVAL,    /* bad input: the caller's data breaks a rule */
    CONG_ENOTFOUND, /* no such record or file */
    CONG_EEXIST,    /* conflicts with an existing record */
    CONG_EIO,       /* a file or socket failed */
    CONG_ETOOBIG,   /* input over a configured limit */
    CONG_ESTORE,    /* the database failed */
    CONG_ESCHEMA,   /* the database has a schema this binary cannot use */
    CONG_EPARSE,    /* a template, config or document does not parse */
    CONG_EPERM,     /* not allowed */
    CONG_EBUSY,     /* the resource is locked or overloaded; retry later */
    CONG_ESTATE,    /* the record is not in a state that allows this (HTTP 422) */
};

/* A short lowercase name for code, for logs and messages; never NULL. */
const char *cong_strerror(enum cong_err code);

/* Detail for a caller who needs it: the code plus a one-line message. */
struct cong_error {
    enum cong_err code;
    char msg[512];
    char field[64]; /* the input field at fault ("" if none), for forms and the API */
};

/*
 * Fills err (which may be NULL) with code and a formatted message, and returns code, so a
 * failing function can end with `return cong_error_set(err, CONG_EINVAL, "...")`.
 */
enum cong_err cong_error_set(struct cong_error *err, enum cong_err code, const char *fmt, ...)
    CONG_PRINTF(3, 4);
/* The same, naming the input field at fault (copied, cut to fit), so the API's answer can
   say which one: `return cong_error_field(err, "title", CONG_EINVAL, "...")`. */
enum cong_err cong_error_field(struct cong_error *err, const char *field, enum cong_err code,
                               const char *fmt, ...) CONG_PRINTF(4, 5);

/*
 * struct buf: a NUL-terminated byte string that grows up to a cap.
 * Invariants: data is never NULL after buf_init (it points at a static "" until the first
 * append); data[len] == '\0'; once an append fails (allocation or cap), failed is set, the
 * content stays as it was before the failing append, and later appends do nothing. Check
 * failed once at the end with buf_error().
 */
struct buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max; /* the most bytes (without the NUL) this buffer may hold */
    bool failed;
};

#define BUF_DEFAULT_MAX ((size_t)64 << 20)

/* Prepares b, empty, holding at most max bytes (0 means BUF_DEFAULT_MAX). Allocates nothing. */
void buf_init(struct buf *b, size_t max);
/* Frees b's memory; b is then as after buf_init with the same cap. */
void buf_release(struct buf *b);
/* Empties b, keeping its memory, and clears the failed flag. */
void buf_reset(struct buf *b);
/* Hands the bytes to the caller (free() them), NULL if b failed; b is then empty. */
char *buf_detach(struct buf *b, size_t *len);
/* CONG_OK, or CONG_ENOMEM if any append failed. */
enum cong_err buf_error(const struct buf *b);
/* Makes room for n more bytes; false (and b failed) if it cannot. */
bool buf_grow(struct buf *b, size_t n);

void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) CONG_PRINTF(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) CONG_PRINTF(2, 0);
/* Appends s with &, <, >, ", ' escaped for HTML text and attribute values. */
void buf_add_html(struct buf *b, const char *s, size_t n);
/* Appends s percent-encoded for a URL path segment or query value (RFC 3986 unreserved). */
void buf_add_urlenc(struct buf *b, const char *s, size_t n);
/* Appends s escaped for XML text and attributes (as HTML, plus no control characters). */
void buf_add_xml(struct buf *b, const char *s, size_t n);

/*
 * struct arena: a bump allocator for one request (or one command). Everything allocated from it
 * is released at once by arena_release. Allocation past max_bytes fails and returns NULL.
 */
struct arena_chunk;
struct arena {
    struct arena_chunk *head;
    size_t used;      /* bytes handed out, all chunks */
    size_t max_bytes; /* cap; 0 means 256 MiB */
};

void arena_init(struct arena *a, size_t max_bytes);
void arena_release(struct arena *a);
/* n bytes aligned for any type, or NULL. Zero-filled. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of s (n bytes plus a NUL), or NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) CONG_PRINTF(2, 3);

/* Text: UTF-8 and Vietnamese. */

/* True if s[0..n) is well-formed UTF-8 without NUL bytes, overlongs or surrogates. */
bool text_is_utf8(const char *s, size_t n);
/*
 * Appends to out the URL slug of s: NFC, diacritics dropped, đ/Đ -> d, lowercase ASCII letters
 * and digits, runs of anything else become one '-', none at either end, at most max_len bytes
 * (cut at a '-' when possible). "Chi bộ Khoa Xây dựng Đảng" -> "chi-bo-khoa-xay-dung-dang".
 * CONG_EINVAL if s is not UTF-8; an empty result is allowed (the caller decides).
 */
enum cong_err text_slugify(const char *s, size_t n, size_t max_len, struct buf *out);
/*
 * Appends s folded for matching: NFC, lowercase, diacritics dropped, đ -> d, other
 * characters kept. Used by search; CONG_EINVAL if s is not UTF-8.
 */
enum cong_err text_fold(const char *s, size_t n, struct buf *out);
/* Appends s in Unicode NFC (composed: "ệ" one code point, as keyboards type it, not three);
   CONG_EINVAL if s is not UTF-8. */
enum cong_err text_nfc(const char *s, size_t n, struct buf *out);
/* Trims ASCII whitespace at both ends; returns the new start and sets *n. */
const char *text_trim(const char *s, size_t *n);
/* Parses a decimal int64 that fills all of s[0..n); false on anything else or overflow. */
bool text_parse_i64(const char *s, size_t n, int64_t *out);

/* Time. */

/* Seconds since the epoch, from the real clock. */
int64_t time_now(void);
/*
 * Sets the process's time zone (an IANA name like "Asia/Ho_Chi_Minh"). Call once at start-up
 * before any thread starts. CONG_EINVAL if the zone is unknown to the system's tzdata.
 */
enum cong_err time_set_zone(const char *zone);
/* Appends t as dd-mm-yyyy in the site's time zone. */
/* t broken down in the zone time_set_zone set (all zero if it cannot be). */
struct tm;
void time_local(int64_t t, struct tm *tm);
void time_add_date(struct buf *b, int64_t t);
/* Appends t as dd-mm-yyyy HH:MM in the site's time zone. */
void time_add_datetime(struct buf *b, int64_t t);
/* Appends t as ISO 8601 with offset in the site's zone: 2022-03-18T08:30:00+07:00. */
void time_add_iso8601(struct buf *b, int64_t t);
/* Appends t as an RFC 7231 HTTP date (GMT). */
void time_add_http_date(struct buf *b, int64_t t);
/*
 * Parses an HTTP date (RFC 9110 §5.6.7): the IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" and
 * the two obsolete forms recipients must accept, RFC 850's "Sunday, 06-Nov-94 08:49:37 GMT"
 * (a two-digit year below 70 is 20yy) and asctime's "Sun Nov  6 08:49:37 1994". The weekday
 * is not checked. CONG_EINVAL on anything else, a date that does not exist included.
 */
enum cong_err time_parse_http_date(const char *s, int64_t *out);
/* Appends t as an RFC 822 date for RSS, with the site's offset. */
void time_add_rfc822(struct buf *b, int64_t t);
/*
 * Parses ISO 8601 "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" (site's zone) or with "Z"/"+hh:mm".
 * CONG_EINVAL on anything else.
 */
enum cong_err time_parse_iso8601(const char *s, int64_t *out);

/* Logging to stderr, one line each, with a timestamp. */
void log_info(const char *fmt, ...) CONG_PRINTF(1, 2);
void log_warn(const char *fmt, ...) CONG_PRINTF(1, 2);
void log_error(const char *fmt, ...) CONG_PRINTF(1, 2);

#include "banned.h"

#endif
