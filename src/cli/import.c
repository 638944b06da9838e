/*
 * `cong import wxr FILE [--uploads DIR] [--site HOST]`: a WordPress export into a site, with a
 * progress bar on a terminal and a summary at the end; and `cong export wxr FILE`, the other way. The content module does the import;
 * this file reads arguments, draws the bar and prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../auth/auth.h"
#include "../content/content.h"
#include "../core/core.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

#define USAGE "usage: cong import wxr FILE [--uploads DIR] [--site HOST] [--db PATH]"

/* Microseconds on a clock that only goes forward. */
static int64_t mono_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct bar {
    bool tty;
    int64_t start_us, last_us;
};

static void progress(void *ctx, size_t done, size_t total)
{
    struct bar *b = ctx;
    int64_t now = mono_us();
    double secs = (double)(now - b->start_us) / 1e6;
    int width = 30, filled = total ? (int)((double)done / (double)total * width) : width;

    /* a few times a second, and the last one */
    if (!b->tty || (now - b->last_us < 100000 && done < total))
        return;
    b->last_us = now;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu items, %.0f/s ", filled,
            "##############################", width - filled, "", done, total,
            secs > 0 ? (double)done / secs : 0.0);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

static void report(void *ctx, const char *line)
{
    struct bar *b = ctx;

    /* on a line of its own, above the bar */
    fprintf(stderr, "%s%s\n", b->tty ? "\r\033[K" : "", line);
}

int cli_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'}, {"uploads", required_argument, NULL, 'u'},
        {"site", required_argument, NULL, 'S'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct store *root = NULL, *st;
    struct bar bar = {isatty(STDERR_FILENO) == 1, mono_us(), 0};
    struct content_wxr_options o = {.progress = progress, .report = report, .ctx = &bar};
    struct content_wxr_summary sum;
    struct content_actor who;
    struct auth_actor by;
    const char *file;
    int c, status = 1;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'u': o.uploads = optarg; break;
        case 'S': cs.site = optarg; break;
        case 'h': fprintf(stderr, "%s\n", USAGE); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    if (argc - optind != 2 || strcmp(argv[optind], "wxr") != 0) {
        fprintf(stderr, "%s\n", USAGE);
        return 2;
    }
    file = argv[optind + 1];
    if (access(file, R_OK) != 0) {
        cli_fail("import: cannot read '%s'", file);
        return 1;
    }
    if (!cli_settings_finish(&cs))
        return 1;
    if (store_open(cs.db, 0, &root, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        return 1;
    }
    if (!cli_site_of(&cs, root, NULL, &st, NULL))
        goto out;
    /* dates without a zone are the site's, as the old site showed them */
    struct arena a;
    char *zone = NULL;
    arena_init(&a, 0);
    if (store_get_setting(root, &a, "time_zone", &zone) != CONG_OK || !zone ||
        time_set_zone(zone) != CONG_OK)
        (void)time_set_zone("Asia/Ho_Chi_Minh");
    arena_release(&a);
    cli_actor(&by);
    who = (struct content_actor){.user_id = 0, .name = by.name, .role = AUTH_ADMIN, .ip = ""};
    if (content_import_wxr(st, &who, file, &o, &sum, &err) != CONG_OK) {
        if (bar.tty)
            fputs("\r\033[K", stderr);
        cli_fail("import: %s", err.msg[0] ? err.msg : "failed");
        goto out;
    }
    printf("imported from '%s' (%zu items): %zu articles, %zu pages, %zu categories, %zu files, "
           "%zu redirects; %zu already imported before; %zu skipped, %zu files missing\n",
           file, sum.items, sum.articles, sum.pages, sum.categories, sum.media, sum.redirects,
           sum.unchanged, sum.skipped, sum.missing_files);
    status = 0;
out:
    store_free(root);
    return status;
}

/* The folder beside an export for its files: "site.xml" -> "site-uploads". From a. */
static char *uploads_beside(struct arena *a, const char *file)
{
    const char *dot = strrchr(file, '.'), *slash = strrchr(file, '/');
    size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - file) : strlen(file);

    return arena_printf(a, "%.*s-uploads", (int)n, file);
}

int cli_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'}, {"site", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct content_wxr_export_summary sum;
    struct store *root = NULL, *st;
    struct site site;
    struct arena a;
    char *base = NULL, *uploads;
    int c, status = 1;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'S': cs.site = optarg; break;
        case 'h': fprintf(stderr, "usage: cong export wxr FILE [--site HOST] [--db PATH]\n"); return 0;
        default: return cli_bad_option(argv, "usage: cong export wxr FILE [--site HOST] [--db PATH]");
        }
    }
    if (argc - optind != 2 || strcmp(argv[optind], "wxr") != 0) {
        fprintf(stderr, "usage: cong export wxr FILE [--site HOST] [--db PATH]\n");
        return 2;
    }
    if (!cli_settings_finish(&cs))
        return 1;
    if (store_open(cs.db, 0, &root, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        return 1;
    }
    arena_init(&a, 0);
    if (!cli_site_of(&cs, root, NULL, &st, NULL))
        goto out;
    /* links as the site's visitors know them: its base_url, else its host */
    if (store_get_setting(st, &a, "base_url", &base) != CONG_OK || !base || !*base) {
        base = store_get_site(root, &a, store_site_id(st), &site) == CONG_OK
                   ? arena_printf(&a, "http://%s", site.host)
                   : (char *)"http://localhost";
    }
    uploads = uploads_beside(&a, argv[optind + 1]);
    if (!base || !uploads ||
        content_export_wxr(st, argv[optind + 1], uploads, base, &sum, &err) != CONG_OK) {
        cli_fail("export: %s", err.msg[0] ? err.msg : "out of memory");
        goto out;
    }
    printf("wrote '%s': %zu categories, %zu articles; %zu files in '%s'\n", argv[optind + 1],
           sum.categories, sum.articles, sum.media, uploads);
    status = 0;
out:
    arena_release(&a);
    store_free(root);
    return status;
}
