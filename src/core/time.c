/*
 * Time: the clock and dates shown to people. The site's time zone is set once at start-up
 * through TZ, before threads exist; after that only the reentrant functions are used.
 */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int64_t time_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

enum cong_err time_set_zone(const char *zone)
{
    char path[512];
    struct stat st;
    int n;

    if (!zone || !*zone || strstr(zone, "..") || zone[0] == '/')
        return CONG_EINVAL;
    n = snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
    if (n < 0 || (size_t)n >= sizeof(path) || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return CONG_EINVAL;
    if (setenv("TZ", zone, 1) != 0)
        return CONG_ENOMEM;
    tzset();
    return CONG_OK;
}

void time_local(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;

    if (!localtime_r(&tt, tm))
        memset(tm, 0, sizeof(*tm));
}

/* A macro, not a function, so the format stays a literal that the compiler checks. */
#define add_strftime(b, fmt, tm)                                                                \
    do {                                                                                       \
        char s_[64];                                                                           \
        buf_add((b), s_, strftime(s_, sizeof(s_), fmt, (tm)));                                 \
    } while (0)

void time_add_date(struct buf *b, int64_t t)
{
    struct tm tm;

    time_local(t, &tm);
    add_strftime(b, "%d-%m-%Y", &tm);
}

void time_add_datetime(struct buf *b, int64_t t)
{
    struct tm tm;

    time_local(t, &tm);
    add_strftime(b, "%d-%m-%Y %H:%M", &tm);
}

static void add_offset(struct buf *b, const struct tm *tm, bool colon)
{
    long off = tm->tm_gmtoff;
    char sign = off < 0 ? '-' : '+';

    if (off < 0)
        off = -off;
    if (colon)
        buf_printf(b, "%c%02ld:%02ld", sign, off / 3600, (off / 60) % 60);
    else
        buf_printf(b, "%c%02ld%02ld", sign, off / 3600, (off / 60) % 60);
}

void time_add_iso8601(struct buf *b, int64_t t)
{
    struct tm tm;

    time_local(t, &tm);
    add_strftime(b, "%Y-%m-%dT%H:%M:%S", &tm);
    add_offset(b, &tm, true);
}

static const char *const wday_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void time_add_http_date(struct buf *b, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;

    if (!gmtime_r(&tt, &tm))
        memset(&tm, 0, sizeof(tm));
    buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d GMT", wday_names[tm.tm_wday % 7], tm.tm_mday,
               month_names[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void time_add_rfc822(struct buf *b, int64_t t)
{
    struct tm tm;

    time_local(t, &tm);
    buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d ", wday_names[tm.tm_wday % 7], tm.tm_mday,
               month_names[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    add_offset(b, &tm, false);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* The month of a three-letter English name (case as written), 0-11; -1 if none. */
static int month_of(const char *s)
{
    for (int m = 0; m < 12; m++) {
        if (!strncmp(s, month_names[m], 3))
            return m;
    }
    return -1;
}

/* "HH:MM:SS" at s into tm. */
static bool clock_of(const char *s, struct tm *tm)
{
    return digits(s, 2, &tm->tm_hour) && s[2] == ':' && digits(s + 3, 2, &tm->tm_min) &&
           s[5] == ':' && digits(s + 6, 2, &tm->tm_sec) && tm->tm_hour < 24 &&
           tm->tm_min < 60 && tm->tm_sec < 61;
}

enum cong_err time_parse_http_date(const char *s, int64_t *out)
{
    const char *comma = strchr(s, ',');
    struct tm tm;
    int y, mday, mon;
    time_t t;

    memset(&tm, 0, sizeof(tm));
    if (comma && comma - s == 3) {
        /* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
        const char *p = comma + 2;
        if (strlen(comma) != 26 || comma[1] != ' ' || !digits(p, 2, &mday) || p[2] != ' ' ||
            (mon = month_of(p + 3)) < 0 || p[6] != ' ' || !digits(p + 7, 4, &y) ||
            p[11] != ' ' || !clock_of(p + 12, &tm) || strcmp(p + 20, " GMT") != 0)
            return CONG_EINVAL;
    } else if (comma) {
        /* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" */
        const char *p = comma + 2;
        if (strlen(comma) != 24 || comma[1] != ' ' || !digits(p, 2, &mday) || p[2] != '-' ||
            (mon = month_of(p + 3)) < 0 || p[6] != '-' || !digits(p + 7, 2, &y) ||
            p[9] != ' ' || !clock_of(p + 10, &tm) || strcmp(p + 18, " GMT") != 0)
            return CONG_EINVAL;
        y += y < 70 ? 2000 : 1900;
    } else {
        /* asctime: "Sun Nov  6 08:49:37 1994", the day padded with a space */
        if (strlen(s) != 24 || s[3] != ' ' || (mon = month_of(s + 4)) < 0 || s[7] != ' ' ||
            !digits(s + 9, 1, &mday) || (s[8] != ' ' && !digits(s + 8, 2, &mday)) ||
            s[10] != ' ' || !clock_of(s + 11, &tm) || s[19] != ' ' || !digits(s + 20, 4, &y))
            return CONG_EINVAL;
    }
    if (mday < 1 || mday > 31 || y < 1970)
        return CONG_EINVAL;
    tm.tm_year = y - 1900;
    tm.tm_mon = mon;
    tm.tm_mday = mday;
    t = timegm(&tm);
    /* timegm normalises 31 Feb into March: refuse dates that do not exist */
    if (t == (time_t)-1 || tm.tm_mday != mday || tm.tm_mon != mon)
        return CONG_EINVAL;
    *out = (int64_t)t;
    return CONG_OK;
}

enum cong_err time_parse_iso8601(const char *s, int64_t *out)
{
    struct tm tm;
    int y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
    size_t n = strlen(s);
    const char *p;
    bool utc = false;
    long off = 0;
    time_t t;

    if (n < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return CONG_EINVAL;
    p = s + 10;
    if (*p == 'T' || *p == ' ') {
        if (strlen(p) < 6 || !digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi))
            return CONG_EINVAL;
        p += 6;
        if (*p == ':') {
            if (!digits(p + 1, 2, &sec))
                return CONG_EINVAL;
            p += 3;
            if (*p == '.') { /* fractions of a second are accepted and dropped */
                p++;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        if (*p == 'Z') {
            utc = true;
            p++;
        } else if (*p == '+' || *p == '-') {
            if (strlen(p) < 6 || !digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om))
                return CONG_EINVAL;
            utc = true;
            off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
            p += 6;
        }
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1900)
        return CONG_EINVAL;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    t = utc ? timegm(&tm) - off : mktime(&tm);
    if (t == (time_t)-1)
        return CONG_EINVAL;
    /* mktime normalises 31-02 into March: refuse dates that do not exist */
    if (tm.tm_mday != d || tm.tm_mon != mo - 1)
        return CONG_EINVAL;
    *out = (int64_t)t;
    return CONG_OK;
}
