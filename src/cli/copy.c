/*
 * `cong copy --to-pg CONNINFO [--db PATH]`: a SQLite portal moved into an empty PostgreSQL
 * database, once, when a portal outgrows one machine. The store does the copying and the
 * count check; this file reads arguments and says what was copied, table by table.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/core.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

#define USAGE "usage: cong copy --to-pg CONNINFO [--db PATH]"

static void usage(void)
{
    fprintf(stderr,
            "usage: cong copy --to-pg CONNINFO [--db PATH]\n"
            "copies the SQLite portal at PATH (default ./cong.db; every site, user, article,\n"
            "revision, file and counter) into an empty PostgreSQL database: CONNINFO is a\n"
            "postgresql:// URI or a conninfo string ('host=... dbname=...'). Stop cong serve\n"
            "first, or the copy misses what is written meanwhile. The row count of every table\n"
            "is checked on both sides before the copy is committed.\n");
}

/* The target as the store reads it: a URI as it is, a conninfo string after "pg:". */
static bool target_location(const char *arg, struct buf *out)
{
    if (strncmp(arg, "postgres://", 11) == 0 || strncmp(arg, "postgresql://", 13) == 0 ||
        strncmp(arg, "pg:", 3) == 0)
        buf_puts(out, arg);
    else
        buf_printf(out, "pg:%s", arg);
    return buf_error(out) == CONG_OK;
}

/* The target for the output, without a password. */
static void safe_name(const char *arg, char *out, size_t size)
{
    const char *at = strchr(arg, '@'), *colon = NULL;

    if (strncmp(arg, "postgres", 8) == 0 && at && strlen(arg) > 13)
        colon = strchr(arg + 13, ':');
    if (colon && colon < at)
        (void)snprintf(out, size, "%.*s:***%s", (int)(colon - arg), arg, at);
    else if (strstr(arg, "password"))
        (void)snprintf(out, size, "PostgreSQL (a conninfo with a password)");
    else
        (void)snprintf(out, size, "%s", arg);
}

static void on_table(const char *table, int64_t rows, void *arg)
{
    (void)arg;
    printf("  %-24s %10lld rows\n", table, (long long)rows);
    (void)fflush(stdout);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;

    (void)clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int cli_copy(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"to-pg", required_argument, NULL, 't'},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct store_copy_info info;
    const char *to = NULL;
    struct timespec t0;
    struct buf target;
    char name[256];
    double secs;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 't': to = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'h': usage(); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    if (argc != optind || !to || !*to) {
        usage();
        return 2;
    }
    /* the source is a SQLite file: a PostgreSQL portal named by CONG_PG or the config is not */
    cs.pg = "";
    if (!cli_settings_finish(&cs))
        return 1;
    if (cs.is_pg) {
        cli_fail("copy: the source must be a SQLite file, not '%s' (--db PATH)", cs.db);
        return 1;
    }
    buf_init(&target, 0);
    if (!target_location(to, &target)) {
        cli_fail("out of memory");
        return 1;
    }
    safe_name(to, name, sizeof(name));
    printf("copying '%s' to %s\n", cs.db, name);
    (void)fflush(stdout);
    (void)clock_gettime(CLOCK_MONOTONIC, &t0);
    if (store_copy_to_pg(cs.db, target.data, on_table, NULL, &info, &err) != CONG_OK) {
        buf_release(&target);
        cli_fail("copy: %s", err.msg);
        return 1;
    }
    buf_release(&target);
    secs = seconds_since(&t0);
    printf("copied %lld rows of %d tables (%.1f MB) in %.2f s: %.0f rows/s\n", (long long)info.rows,
           info.tables, (double)info.bytes / (1024.0 * 1024.0), secs,
           secs > 0 ? (double)info.rows / secs : 0.0);
    printf("checked: every table has as many rows in PostgreSQL as in '%s' (schema %lld)\n", cs.db,
           (long long)info.schema_version);
    return 0;
}
