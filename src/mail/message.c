/*
 * Building a message: the RFC 5322 headers and a MIME text body, from an address, a subject
 * and a text. This file decides what may reach a header: addresses and subjects are checked
 * here and nowhere else, so a CR or LF typed into a form can never start a header of its own.
 * It sends nothing (send.c does).
 */
#include "mail.h"

#include <sodium.h>
#include <string.h>

/* Characters an address may not hold (besides spaces and controls). */
static const char address_specials[] = "<>()[],;:\"\\";

bool mail_address_is_valid(const char *addr)
{
    const char *at = NULL, *dot;
    size_t n;

    if (!addr)
        return false;
    n = strlen(addr);
    if (n < 3 || n > MAIL_ADDRESS_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)addr[i];
        if (c <= ' ' || c >= 0x7f || strchr(address_specials, c))
            return false;
        if (c == '@') {
            if (at)
                return false;
            at = addr + i;
        }
    }
    if (!at || at == addr || !at[1])
        return false;
    dot = strchr(at + 1, '.');
    return dot && dot != at + 1 && addr[n - 1] != '.';
}

/* True if s has a control character (CR and LF included) or is not UTF-8. */
static bool is_bad_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return true;
    }
    return !text_is_utf8(s, n);
}

/* True if s is printable ASCII that can stand in a header as it is. */
static bool is_plain_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    /* "=?" could be read as the start of an encoded word */
    return !strstr(s, "=?");
}

/* The length of the UTF-8 sequence that starts with byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
    return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/*
 * Appends "Subject: " and s as RFC 2047 encoded words: each "=?UTF-8?B?...?=" holds at most
 * 39 bytes of whole characters (52 base64 characters: the first line, "Subject: " and a word,
 * stays within 76), the words folded one
 * per line.
 */
static void add_encoded_subject(struct buf *out, const char *s, size_t n)
{
    char b64[sodium_base64_ENCODED_LEN(39, sodium_base64_VARIANT_ORIGINAL)];
    size_t i = 0;

    buf_puts(out, "Subject:");
    while (i < n) {
        size_t take = 0;
        while (i + take < n) {
            size_t c = utf8_len((unsigned char)s[i + take]);
            if (take + c > 39)
                break;
            take += c;
        }
        if (take == 0) /* cannot happen with valid UTF-8; never loop forever */
            take = n - i < 4 ? n - i : 4;
        sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + i, take,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_printf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : " ", b64);
        i += take;
    }
    buf_puts(out, "\r\n");
}

/*
 * Appends body as quoted-printable (RFC 2045 §6.7) with CRLF line ends: '=' and bytes
 * outside printable ASCII as =XX, a space or tab before a line end encoded, soft breaks
 * ("=" CRLF) keeping every line within 76 characters. A "\r\n" or a lone '\n' in body is a
 * line end; a lone '\r' is encoded.
 */
static void add_quoted_printable(struct buf *out, const char *body, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)body[i];
        bool line_end = c == '\n' || (c == '\r' && i + 1 < n && body[i + 1] == '\n');
        bool before_end = i + 1 == n || body[i + 1] == '\n' ||
                          (body[i + 1] == '\r' && i + 2 < n && body[i + 2] == '\n');
        bool literal;

        if (line_end) {
            if (c == '\r')
                i++;
            buf_puts(out, "\r\n");
            col = 0;
            continue;
        }
        literal = (c >= 0x21 && c <= 0x7e && c != '=') || ((c == ' ' || c == '\t') && !before_end);
        /* a '.' alone at a line's start is left to libcurl's dot-stuffing; encoding it is
           simpler still, and some relays are careless */
        if (c == '.' && col == 0)
            literal = false;
        if (col + (literal ? 1 : 3) > 75) {
            buf_puts(out, "=\r\n");
            col = 0;
        }
        if (literal) {
            buf_putc(out, (char)c);
            col++;
        } else {
            buf_putc(out, '=');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
            col += 3;
        }
    }
    if (col)
        buf_puts(out, "\r\n");
}

/* Appends the Date header for t in UTC: "Date: Fri, 04 Dec 2026 21:59:36 +0000". */
static void add_date(struct buf *out, int64_t t)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;

    if (!gmtime_r(&tt, &tm)) {
        buf_puts(out, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n");
        return;
    }
    buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday % 7],
               tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
               tm.tm_sec);
}

enum cong_err mail_build(const struct mail_message *m, int64_t t, struct buf *out,
                         struct cong_error *err)
{
    unsigned char rnd[16];
    char id[sizeof(rnd) * 2 + 1];
    size_t slen, blen;

    if (!mail_address_is_valid(m->from))
        return cong_error_field(err, "from", CONG_EINVAL, "invalid sender address");
    if (!mail_address_is_valid(m->to))
        return cong_error_field(err, "to", CONG_EINVAL, "invalid recipient address");
    slen = m->subject ? strlen(m->subject) : 0;
    if (slen == 0 || slen > MAIL_SUBJECT_MAX || is_bad_line(m->subject, slen))
        return cong_error_field(err, "subject", CONG_EINVAL,
                                "a subject must be one line of UTF-8 text up to %d bytes",
                                MAIL_SUBJECT_MAX);
    blen = m->body ? strlen(m->body) : 0;
    if (blen > MAIL_BODY_MAX || !text_is_utf8(m->body ? m->body : "", blen))
        return cong_error_field(err, "body", CONG_EINVAL, "the body is not UTF-8 or too long");

    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
    add_date(out, t);
    buf_printf(out, "Message-ID: <%s@%s>\r\n", id, strchr(m->from, '@') + 1);
    buf_printf(out, "From: %s\r\nTo: %s\r\n", m->from, m->to);
    if (slen <= 60 && is_plain_ascii(m->subject, slen))
        buf_printf(out, "Subject: %s\r\n", m->subject);
    else
        add_encoded_subject(out, m->subject, slen);
    buf_puts(out, "MIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: quoted-printable\r\n"
                  "Auto-Submitted: auto-generated\r\n"
                  "\r\n");
    add_quoted_printable(out, m->body ? m->body : "", blen);
    return buf_error(out);
}
