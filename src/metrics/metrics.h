/*
 * The metrics module: what a node counts about itself for monitoring, written out in
 * Prometheus's text exposition format (version 0.0.4). It owns the request counters (by route
 * class and status code) and the request latency histogram, kept in relaxed atomics so that a
 * request pays a few uncontended additions and never a lock; the writers of the format's
 * HELP, TYPE and sample lines; the process's own figures (resident memory, start time); and
 * the allow list of addresses that may read them. It knows nothing of HTTP or URLs: the web
 * layer names the classes, feeds the counters and serves /metrics.
 */
#ifndef CONG_METRICS_H
#define CONG_METRICS_H

#include "../core/core.h"

/* The most route classes a struct metrics counts. */
#define METRICS_CLASSES_MAX 16
/* The latency histogram's upper bounds, in seconds (then +Inf). */
#define METRICS_BUCKETS 13

struct metrics;

/*
 * Counters for the route classes names[0..n) (n at most METRICS_CLASSES_MAX; names are kept
 * by reference and must be static, made of letters, digits and '_'), all zero, and the
 * process's start time as now. CONG_EINVAL for a bad n, CONG_ENOMEM.
 */
enum cong_err metrics_new(const char *const *names, size_t n, struct metrics **out);
/* Accepts NULL. No call may be running. */
void metrics_free(struct metrics *m);
/*
 * Counts one answered request of class cls with HTTP status (a code outside 100..599 counts
 * as 0) that took elapsed_us microseconds. Thread-safe and lock-free; a class out of range is
 * ignored (a programmer mistake).
 */
void metrics_count(struct metrics *m, size_t cls, int status, int64_t elapsed_us);
/* How many requests of class cls answered status were counted so far. */
uint64_t metrics_requests(const struct metrics *m, size_t cls, int status);
/*
 * Appends cong_http_requests_total{class,code} (a counter, only the pairs seen) and the
 * histogram cong_http_request_duration_seconds{class} (every class, cumulative buckets whose
 * +Inf equals _count) to b. Read while requests go on: each figure is exact as of the moment
 * it is read.
 */
void metrics_write_requests(const struct metrics *m, struct buf *b);
/* The process's start time (seconds since the epoch, from metrics_new). */
double metrics_start_time(const struct metrics *m);

/*
 * The exposition format: "# HELP name help", "# TYPE name type" and "name value". type is
 * "counter" or "gauge"; help a plain sentence (no '\\' nor newline).
 */
void metrics_put_int(struct buf *b, const char *name, const char *type, const char *help,
                     uint64_t value);
void metrics_put_double(struct buf *b, const char *name, const char *type, const char *help,
                        double value);
/* Appends value as a label value (between the quotes): '\\', '"' and newline escaped. */
void metrics_put_label(struct buf *b, const char *value);

/* This process's resident memory in bytes, from /proc/self/statm; false if it cannot be read. */
bool metrics_resident_bytes(uint64_t *out);

/*
 * Who may read the metrics: a list of IPv4 and IPv6 addresses and networks.
 *
 * metrics_allow_parse reads list, entries separated by commas, spaces around them ignored:
 * each an address ("127.0.0.1", "::1") or a network in CIDR form ("10.0.0.0/8",
 * "fd00::/8"), whose prefix is 0 to 32 (IPv4) or 0 to 128 (IPv6) and whose address has no bit
 * set past its prefix. An empty list allows no one. Anything else is CONG_EINVAL with err
 * quoting the entry; CONG_ENOMEM.
 */
#define METRICS_ALLOW_DEFAULT "127.0.0.0/8, ::1"
struct metrics_allow;
enum cong_err metrics_allow_parse(const char *list, struct metrics_allow **out,
                                  struct cong_error *err);
/* Accepts NULL. */
void metrics_allow_free(struct metrics_allow *a);
/*
 * True if address (as the server prints a peer: "192.0.2.1", "2001:db8::1") is in one of the
 * list's networks. An IPv4 address written as IPv6 ("::ffff:127.0.0.1", a dual-stack socket's
 * peer) is taken as the IPv4 one. Anything that is no address (NULL, "-") is false.
 */
bool metrics_allow_has(const struct metrics_allow *a, const char *address);

#endif
