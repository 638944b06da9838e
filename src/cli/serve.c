/*
 * `cong serve`: opens the portal, loads the theme, starts the HTTP server and waits for
 * SIGTERM or SIGINT, then stops accepting, lets requests in flight finish and closes the
 * database. Signals are blocked in every thread and taken here with sigwait, so no handler
 * runs in a random thread.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../admin/admin.h"
#include "../api/api.h"
#include "../auth/auth.h"
#include "../core/core.h"
#include "../http/http.h"
#include "../portal/portal.h"
#include "../site/site.h"
#include "../web/web.h"
#include "../stats/stats.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

#define SERVE_GRACE_S 20

#define USAGE                                                                                  \
    "usage: cong serve [--config FILE] [--db PATH] [--listen HOST:PORT] [--threads N] "        \
    "[--theme DIR] [--media-max-mb N]"

static void usage(void)
{
    fprintf(stderr, "usage: cong serve [--config FILE] [--db PATH | --pg CONNINFO] "
                    "[--listen HOST:PORT] [--threads N] [--theme DIR] [--media-max-mb N]\n");
}

/* The clock: the real one, or a fixed offset from it for tests (CONG_TEST_CLOCK_OFFSET). */
static int64_t clock_offset;

static int64_t site_clock(void)
{
    return time_now() + clock_offset;
}

int cli_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"listen", required_argument, NULL, 'l'}, {"threads", required_argument, NULL, 't'},
        {"theme", required_argument, NULL, 'T'},  {"config", required_argument, NULL, 'c'},
        {"media-max-mb", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct store *st = NULL;
    struct web *web = NULL;
    struct stats *stats = NULL;
    struct http_router *router = NULL;
    struct http_server *server = NULL;
    struct auth *auth = NULL;
    struct admin *admin = NULL;
    struct api *api = NULL;
    struct arena a;
    char *zone = NULL;
    const char *off;
    sigset_t sigs;
    int64_t n;
    size_t sitemap_max;
    int c, sig, status = 1;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'l': cs.listen = optarg; break;
        case 'T': cs.theme = optarg; break;
        case 'c': cs.config = optarg; break;
        case 't':
            if (!text_parse_i64(optarg, strlen(optarg), &n) || n < 1 || n > 256) {
                cli_fail("serve: --threads wants a number from 1 to 256, not '%s'", optarg);
                return 2;
            }
            cs.threads = (unsigned)n;
            break;
        case 'm':
            if (!text_parse_i64(optarg, strlen(optarg), &n) || n < 1 || n > 4096) {
                cli_fail("serve: --media-max-mb wants a number from 1 to 4096, not '%s'", optarg);
                return 2;
            }
            cs.media_max = (size_t)n << 20;
            break;
        case 'h': usage(); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    if (optind < argc) {
        cli_fail("serve: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    if (!cli_settings_finish(&cs) || !cli_require_sqlite(&cs))
        return 1;
    off = getenv("CONG_TEST_CLOCK_OFFSET");
    if (off && !text_parse_i64(off, strlen(off), &clock_offset)) {
        cli_fail("CONG_TEST_CLOCK_OFFSET must be a number of seconds");
        return 2;
    }
    /* tests split the sitemap without writing 50,000 articles */
    off = getenv("CONG_TEST_SITEMAP_URLS");
    if (off && (!text_parse_i64(off, strlen(off), &n) || n < 2 || n > STORE_STAMPS_MAX)) {
        cli_fail("CONG_TEST_SITEMAP_URLS must be a number from 2 to %d", STORE_STAMPS_MAX);
        return 2;
    }
    sitemap_max = off ? (size_t)n : 0;

    /* block the stop signals before any thread exists, so every thread inherits the mask */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (store_open(cs.db, 0, &st, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        return 1;
    }
    arena_init(&a, 0);
    if (store_get_setting(st, &a, "time_zone", &zone) != CONG_OK || !zone)
        zone = "Asia/Ho_Chi_Minh";
    if (time_set_zone(zone) != CONG_OK) {
        cli_fail("unknown time zone '%s' (is tzdata installed?)", zone);
        arena_release(&a);
        goto out;
    }
    arena_release(&a);

    struct stats_config stcfg = {.now = site_clock};
    if (stats_new(st, &stcfg, &stats, &err) != CONG_OK || stats_start(stats) != CONG_OK) {
        cli_fail("%s", err.msg[0] ? err.msg : "cannot start the visitor statistics");
        goto out;
    }
    struct auth_config acfg = {
        .now = site_clock,
        .idle_timeout_s = (int64_t)cs.session_idle_min * 60,
        .absolute_timeout_s = (int64_t)cs.session_max_min * 60,
        .https = cs.https,
        .weak_hash = cli_test_weak_hash(),
    };
    if (auth_new(st, &acfg, &auth) != CONG_OK) {
        cli_fail("cannot start accounts: out of memory or no source of randomness");
        goto out;
    }
    struct web_config wcfg = {.theme_dir = cs.theme, .now = site_clock, .stats = stats};
    wcfg.sitemap_max = sitemap_max;
    wcfg.media_max = cs.media_max;
    if (web_new(st, auth, &wcfg, &web, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        goto out;
    }
    if (http_router_new(&router) != CONG_OK || (web_attach(web, router), 0) ||
        site_add_routes(web, router) != CONG_OK || admin_new(web, &admin) != CONG_OK ||
        api_new(web, &api) != CONG_OK || admin_add_routes(admin, router) != CONG_OK ||
        api_add_routes(api, router) != CONG_OK) {
        cli_fail("out of memory");
        goto out;
    }
    if (acfg.weak_hash)
        log_warn("CONG_TEST_WEAK_HASH=1: new passwords get the weakest hash; for tests only");
    struct http_server_config hcfg = {
        .listen = cs.listen,
        .threads = cs.threads,
        .max_body_bytes = cs.max_body,
        .timeout_s = cs.timeout_s,
        .per_ip_limit = cs.per_ip,
        .access_log = cs.access_log,
        .trusted_proxy = cs.trusted_proxy,
    };
    if (http_server_start(&hcfg, router, &server, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        goto out;
    }
    log_info("cong %s serving '%s' on http://%s (port %u)", CONG_VERSION, cs.db, cs.listen,
             http_server_port(server));
    fflush(stderr);

    if (sigwait(&sigs, &sig) != 0)
        sig = SIGTERM;
    log_info("received %s: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
    http_server_stop(server, SERVE_GRACE_S);
    server = NULL;
    log_info("stopped");
    status = 0;
out:
    http_server_stop(server, 0);
    stats_free(stats); /* after the server: the last requests' views are written too */
    http_router_free(router);
    api_free(api);
    admin_free(admin);
    auth_free(auth);
    web_free(web);
    store_free(st);
    return status;
}
