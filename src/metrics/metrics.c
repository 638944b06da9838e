/*
 * Request counters and the latency histogram in relaxed atomics, the exposition format's
 * lines, the process's own figures, and the allow list of who may read them. Nothing here
 * takes a lock: every request of every thread adds to the same counters with one atomic
 * addition each, and a scrape reads them one by one.
 */
#include "metrics.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Status codes are counted by their number: slot 0 holds anything outside 100..599. */
#define STATUS_SLOTS 600

/* The buckets' upper bounds in microseconds, and as the format writes them. */
static const int64_t bucket_us[METRICS_BUCKETS] = {
    500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000,
};
static const char *const bucket_le[METRICS_BUCKETS] = {
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
    "0.1",    "0.25",  "0.5",    "1",     "2.5",  "5",
};

struct class_counts {
    /* per bucket, not cumulative (the last one is +Inf), so a request adds to one only */
    atomic_uint_least64_t buckets[METRICS_BUCKETS + 1];
    atomic_uint_least64_t sum_us;
    atomic_uint_least64_t status[STATUS_SLOTS];
};

struct metrics {
    const char *const *names;
    size_t n;
    double start_time;
    struct class_counts *classes;
};

enum cong_err metrics_new(const char *const *names, size_t n, struct metrics **out)
{
    struct metrics *m;
    struct timespec ts;

    *out = NULL;
    if (n == 0 || n > METRICS_CLASSES_MAX)
        return CONG_EINVAL;
    m = calloc(1, sizeof(*m));
    if (!m)
        return CONG_ENOMEM;
    m->classes = calloc(n, sizeof(*m->classes));
    if (!m->classes) {
        free(m);
        return CONG_ENOMEM;
    }
    for (size_t c = 0; c < n; c++) {
        struct class_counts *k = &m->classes[c];
        for (size_t i = 0; i <= METRICS_BUCKETS; i++)
            atomic_init(&k->buckets[i], 0);
        atomic_init(&k->sum_us, 0);
        for (size_t i = 0; i < STATUS_SLOTS; i++)
            atomic_init(&k->status[i], 0);
    }
    m->names = names;
    m->n = n;
    clock_gettime(CLOCK_REALTIME, &ts);
    m->start_time = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    *out = m;
    return CONG_OK;
}

void metrics_free(struct metrics *m)
{
    if (!m)
        return;
    free(m->classes);
    free(m);
}

static size_t status_slot(int status)
{
    return status >= 100 && status < STATUS_SLOTS ? (size_t)status : 0;
}

void metrics_count(struct metrics *m, size_t cls, int status, int64_t elapsed_us)
{
    struct class_counts *k;
    size_t b = 0;

    if (!m || cls >= m->n)
        return;
    k = &m->classes[cls];
    if (elapsed_us < 0)
        elapsed_us = 0; /* a clock that stepped back: the fastest bucket, not a huge sum */
    while (b < METRICS_BUCKETS && elapsed_us > bucket_us[b])
        b++;
    /* relaxed: each counter is exact on its own, and a scrape asks no more of them */
    atomic_fetch_add_explicit(&k->status[status_slot(status)], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&k->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&k->sum_us, (uint_least64_t)elapsed_us, memory_order_relaxed);
}

uint64_t metrics_requests(const struct metrics *m, size_t cls, int status)
{
    if (!m || cls >= m->n)
        return 0;
    return atomic_load_explicit(&m->classes[cls].status[status_slot(status)], memory_order_relaxed);
}

double metrics_start_time(const struct metrics *m)
{
    return m->start_time;
}

void metrics_write_requests(const struct metrics *m, struct buf *b)
{
    uint64_t v, cum;

    buf_puts(b, "# HELP cong_http_requests_total Requests answered, by route class and status "
                "code.\n# TYPE cong_http_requests_total counter\n");
    for (size_t c = 0; c < m->n; c++) {
        for (size_t s = 0; s < STATUS_SLOTS; s++) {
            v = atomic_load_explicit(&m->classes[c].status[s], memory_order_relaxed);
            if (v)
                buf_printf(b, "cong_http_requests_total{class=\"%s\",code=\"%zu\"} %llu\n",
                           m->names[c], s, (unsigned long long)v);
        }
    }
    buf_puts(b, "# HELP cong_http_request_duration_seconds Time from a request's first line to "
                "its answer sent, by route class.\n"
                "# TYPE cong_http_request_duration_seconds histogram\n");
    for (size_t c = 0; c < m->n; c++) {
        const struct class_counts *k = &m->classes[c];
        /* _count is the +Inf bucket as read here, so the two always agree */
        cum = 0;
        for (size_t i = 0; i <= METRICS_BUCKETS; i++) {
            cum += atomic_load_explicit(&k->buckets[i], memory_order_relaxed);
            buf_printf(b,
                       "cong_http_request_duration_seconds_bucket{class=\"%s\",le=\"%s\"} "
                       "%llu\n",
                       m->names[c], i < METRICS_BUCKETS ? bucket_le[i] : "+Inf",
                       (unsigned long long)cum);
        }
        buf_printf(b, "cong_http_request_duration_seconds_sum{class=\"%s\"} %.6f\n", m->names[c],
                   (double)atomic_load_explicit(&k->sum_us, memory_order_relaxed) / 1e6);
        buf_printf(b, "cong_http_request_duration_seconds_count{class=\"%s\"} %llu\n", m->names[c],
                   (unsigned long long)cum);
    }
}

static void put_head(struct buf *b, const char *name, const char *type, const char *help)
{
    buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void metrics_put_int(struct buf *b, const char *name, const char *type, const char *help,
                     uint64_t value)
{
    put_head(b, name, type, help);
    buf_printf(b, "%s %llu\n", name, (unsigned long long)value);
}

void metrics_put_double(struct buf *b, const char *name, const char *type, const char *help,
                        double value)
{
    put_head(b, name, type, help);
    /* enough digits for a timestamp to the millisecond, and no exponent for small values */
    buf_printf(b, "%s %.3f\n", name, value);
}

void metrics_put_label(struct buf *b, const char *value)
{
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == '"')
            buf_putc(b, '\\');
        if (*p == '\n')
            buf_puts(b, "\\n");
        else
            buf_putc(b, *p);
    }
}

bool metrics_resident_bytes(uint64_t *out)
{
    unsigned long long size, resident;
    long page = sysconf(_SC_PAGESIZE);
    FILE *f = fopen("/proc/self/statm", "r");
    int n;

    *out = 0;
    if (!f)
        return false;
    n = fscanf(f, "%llu %llu", &size, &resident);
    fclose(f);
    if (n != 2 || page <= 0)
        return false;
    *out = (uint64_t)resident * (uint64_t)page;
    return true;
}

/* The allow list. */

/* One network: its family, address bytes (4 or 16 used) and prefix length. */
struct net {
    int family;
    unsigned char addr[16];
    unsigned prefix;
};

struct metrics_allow {
    struct net *nets;
    size_t n;
};

void metrics_allow_free(struct metrics_allow *a)
{
    if (!a)
        return;
    free(a->nets);
    free(a);
}

/* True if the first prefix bits of x and y agree. */
static bool same_prefix(const unsigned char *x, const unsigned char *y, unsigned prefix)
{
    unsigned whole = prefix / 8, rest = prefix % 8;
    unsigned char mask;

    if (memcmp(x, y, whole) != 0)
        return false;
    if (!rest)
        return true;
    mask = (unsigned char)(0xffu << (8 - rest));
    return (x[whole] & mask) == (y[whole] & mask);
}

/* s[0..n) as a network into *out; false if it is none. */
static bool parse_net(const char *s, size_t n, struct net *out)
{
    char text[INET6_ADDRSTRLEN + 8];
    const char *slash;
    size_t alen;
    unsigned prefix = 0, max;
    unsigned char masked[16];

    if (n == 0 || n >= sizeof(text))
        return false;
    memcpy(text, s, n);
    text[n] = '\0';
    slash = strchr(text, '/');
    alen = slash ? (size_t)(slash - text) : n;
    text[alen] = '\0';
    if (inet_pton(AF_INET, text, out->addr) == 1) {
        out->family = AF_INET;
        max = 32;
    } else if (inet_pton(AF_INET6, text, out->addr) == 1) {
        out->family = AF_INET6;
        max = 128;
    } else {
        return false;
    }
    if (slash) {
        /* digits only: no sign, no space, no "0x"; at most three of them */
        const char *p = slash + 1;
        size_t digits = strlen(p);
        if (digits == 0 || digits > 3)
            return false;
        for (; *p; p++) {
            if (*p < '0' || *p > '9')
                return false;
            prefix = prefix * 10 + (unsigned)(*p - '0');
        }
        if (prefix > max)
            return false;
    } else {
        prefix = max;
    }
    out->prefix = prefix;
    /* "10.1.2.3/8" is most likely a mistake, for a host or for 10.0.0.0/8: refused */
    memcpy(masked, out->addr, sizeof(masked));
    for (size_t i = 0; i < max / 8; i++) {
        unsigned bit0 = (unsigned)i * 8;
        if (bit0 >= prefix)
            masked[i] = 0;
        else if (prefix - bit0 < 8)
            masked[i] &= (unsigned char)(0xffu << (8 - (prefix - bit0)));
    }
    return memcmp(masked, out->addr, max / 8) == 0;
}

enum cong_err metrics_allow_parse(const char *list, struct metrics_allow **out,
                                  struct cong_error *err)
{
    struct metrics_allow *a;
    const char *p, *end, *s;
    size_t n, count = 1;

    *out = NULL;
    for (p = list; *p; p++)
        count += *p == ',';
    a = calloc(1, sizeof(*a));
    if (!a || !(a->nets = calloc(count, sizeof(*a->nets)))) {
        free(a);
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    }
    n = strlen(list);
    s = text_trim(list, &n);
    if (n == 0) {
        *out = a; /* nobody */
        return CONG_OK;
    }
    for (p = list;; p = end + 1) {
        end = strchrnul(p, ',');
        n = (size_t)(end - p);
        s = text_trim(p, &n);
        if (n == 0) {
            metrics_allow_free(a);
            return cong_error_set(err, CONG_EINVAL,
                                  "an empty entry (two commas in a row, or "
                                  "one at an end)");
        }
        if (!parse_net(s, n, &a->nets[a->n])) {
            metrics_allow_free(a);
            return cong_error_set(err, CONG_EINVAL,
                                  "'%.*s' is not an IP address or a network (ADDRESS/PREFIX, "
                                  "no bits set past the prefix)",
                                  (int)(n > 100 ? 100 : n), s);
        }
        a->n++;
        if (!*end)
            break;
    }
    *out = a;
    return CONG_OK;
}

bool metrics_allow_has(const struct metrics_allow *a, const char *address)
{
    static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    unsigned char addr[16];
    int family;

    if (!a || !address)
        return false;
    if (inet_pton(AF_INET, address, addr) == 1) {
        family = AF_INET;
    } else if (inet_pton(AF_INET6, address, addr) == 1) {
        family = AF_INET6;
        if (!memcmp(addr, v4_mapped, sizeof(v4_mapped))) {
            memmove(addr, addr + 12, 4);
            family = AF_INET;
        }
    } else {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (a->nets[i].family == family && same_prefix(addr, a->nets[i].addr, a->nets[i].prefix))
            return true;
    }
    return false;
}
