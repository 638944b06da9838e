/*
 * Logging: one line per event on stderr with a UTC timestamp. Error messages follow STYLE.md:
 * lowercase, what failed first, subject quoted.
 */
#include "core.h"

#include <stdio.h>

static void log_line(const char *level, const char *fmt, va_list ap)
{
    char line[2048], stamp[32];
    struct tm tm;
    time_t t = time(NULL);
    int n;

    gmtime_r(&t, &tm);
    if (strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        stamp[0] = '\0';
    n = vsnprintf(line, sizeof(line), fmt, ap);
    if (n < 0)
        return;
    /* one fprintf call, so lines from threads do not interleave */
    fprintf(stderr, "%s %s %s\n", stamp, level, line);
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line("info", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line("warn", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line("error", fmt, ap);
    va_end(ap);
}
