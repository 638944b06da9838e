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
#include <unistd.h>

#include "../admin/admin.h"
#include "../api/api.h"
#include "../auth/auth.h"
#include "../content/content.h"
#include "../content/documents.h"
#include "../core/core.h"
#include "../http/http.h"
#include "../mail/mail.h"
#include "../site/site.h"
#include "../stats/stats.h"
#include "../store/store.h"
#include "../web/web.h"
#include "cli.h"
#include "cli_int.h"

#define SERVE_GRACE_S 20

#define USAGE                                                                                  \
    "usage: cong serve [--config FILE] [--db PATH] [--listen HOST:PORT] [--threads N] "        \
    "[--theme DIR] [--media-max-mb N] [--cache-mb N]"

static void usage(void)
{
    fprintf(stderr, "usage: cong serve [--config FILE] [--db PATH | --pg CONNINFO] "
                    "[--listen HOST:PORT] [--threads N] [--theme DIR] [--media-max-mb N] "
                    "[--cache-mb N]\n");
}

/* The clock: the real one, or a fixed offset from it for tests (CONG_TEST_CLOCK_OFFSET). */
static int64_t clock_offset;

static int64_t site_clock(void)
{
    return time_now() + clock_offset;
}

/* What a running server is made of, in the order it is started. */
struct serving {
    struct store *st;
    struct stats *stats;
    struct auth *auth;
    struct mailer *mailer;
    struct web *web;
    struct http_router *router;
    struct admin *admin;
    struct api *api;
    struct http_server *server;
};

/* A whole number from lo to hi in text, into *out; false otherwise. */
static bool number_in(const char *text, int64_t lo, int64_t hi, int64_t *out)
{
    return text_parse_i64(text, strlen(text), out) && *out >= lo && *out <= hi;
}

/* The command line into cs: -1 to go on, else the exit status (after saying why). */
static int parse_args(int argc, char **argv, struct cli_settings *cs)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"listen", required_argument, NULL, 'l'}, {"threads", required_argument, NULL, 't'},
        {"theme", required_argument, NULL, 'T'},  {"config", required_argument, NULL, 'c'},
        {"media-max-mb", required_argument, NULL, 'm'},
        {"cache-mb", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    int64_t n;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs->db = optarg; break;
        case 'p': cs->pg = optarg; break;
        case 'l': cs->listen = optarg; break;
        case 'T': cs->theme = optarg; break;
        case 'c': cs->config = optarg; break;
        case 't':
            if (!number_in(optarg, 1, 256, &n)) {
                cli_fail("serve: --threads wants a number from 1 to 256, not '%s'", optarg);
                return 2;
            }
            cs->threads = (unsigned)n;
            break;
        case 'm':
            if (!number_in(optarg, 1, 4096, &n)) {
                cli_fail("serve: --media-max-mb wants a number from 1 to 4096, not '%s'", optarg);
                return 2;
            }
            cs->media_max = (size_t)n << 20;
            break;
        case 'C':
            if (!number_in(optarg, 0, 4096, &n)) {
                cli_fail("serve: --cache-mb wants a number from 0 (off) to 4096, not '%s'",
                         optarg);
                return 2;
            }
            cs->cache_mb = (unsigned)n;
            cs->cache_set = true;
            break;
        case 'h': usage(); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    if (optind < argc) {
        cli_fail("serve: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    if (!cli_settings_finish(cs))
        return 1;
    return -1;
}

/* The switches tests set through the environment: 0 if they are well formed, else 2. */
static int test_switches(size_t *sitemap_max)
{
    const char *off = getenv("CONG_TEST_CLOCK_OFFSET");
    int64_t n = 0;

    if (off && !text_parse_i64(off, strlen(off), &clock_offset)) {
        cli_fail("CONG_TEST_CLOCK_OFFSET must be a number of seconds");
        return 2;
    }
    /* tests split the sitemap without writing 50,000 articles */
    off = getenv("CONG_TEST_SITEMAP_URLS");
    if (off && !number_in(off, 2, STORE_STAMPS_MAX, &n)) {
        cli_fail("CONG_TEST_SITEMAP_URLS must be a number from 2 to %d", STORE_STAMPS_MAX);
        return 2;
    }
    *sitemap_max = off ? (size_t)n : 0;
    return 0;
}

/* The portal's time zone, from its setting; false (said) if the system does not know it. */
static bool set_zone(struct store *st)
{
    struct arena a;
    char *zone = NULL;
    bool ok;

    arena_init(&a, 0);
    if (store_get_setting(st, &a, "time_zone", &zone) != CONG_OK || !zone)
        zone = "Asia/Ho_Chi_Minh";
    ok = time_set_zone(zone) == CONG_OK;
    if (!ok)
        cli_fail("unknown time zone '%s' (is tzdata installed?)", zone);
    arena_release(&a);
    return ok;
}

/* The services under the HTTP server: store, counter, accounts, web layer, routes. */
static bool start_services(const struct cli_settings *cs, size_t sitemap_max,
                           struct serving *sv)
{
    struct cong_error err = {0};
    struct stats_config stcfg = {.now = site_clock};
    struct auth_config acfg = {
        .now = site_clock,
        .idle_timeout_s = (int64_t)cs->session_idle_min * 60,
        .absolute_timeout_s = (int64_t)cs->session_max_min * 60,
        .https = cs->https,
        .weak_hash = cli_test_weak_hash(),
    };
    struct web_config wcfg = {.theme_dir = cs->theme,
                              .now = site_clock,
                              .sitemap_max = sitemap_max,
                              .media_max = cs->media_max,
                              .cache_bytes = (size_t)cs->cache_mb << 20,
                              .listen = cs->listen,
                              .metrics_allow = cs->metrics_allow};

    if (store_open(cs->db, 0, &sv->st, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        return false;
    }
    if (!set_zone(sv->st))
        return false;
    if (stats_new(sv->st, &stcfg, &sv->stats, &err) != CONG_OK || stats_start(sv->stats) != CONG_OK) {
        cli_fail("%s", err.msg[0] ? err.msg : "cannot start the visitor statistics");
        return false;
    }
    if (auth_new(sv->st, &acfg, &sv->auth) != CONG_OK) {
        cli_fail("cannot start accounts: out of memory or no source of randomness");
        return false;
    }
    if (acfg.weak_hash)
        log_warn("CONG_TEST_WEAK_HASH=1: new passwords get the weakest hash; for tests only");
    if (mail_new(&(struct mail_config){cs->mail_url, cs->mail_from}, &sv->mailer, &err) !=
            CONG_OK ||
        mail_start(sv->mailer) != CONG_OK) {
        cli_fail("%s", err.msg[0] ? err.msg : "cannot start the mail queue");
        return false;
    }
    content_notify_set_mailer(sv->mailer);
    wcfg.stats = sv->stats;
    wcfg.mailer = sv->mailer;
    if (web_new(sv->st, sv->auth, &wcfg, &sv->web, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        return false;
    }
    /* after the settings are known good: a bad one is the only line on stderr */
    if (!mail_is_configured(sv->mailer))
        log_info("no [mail] smtp_url: password reset and notices by e-mail are off");
    /* the router tries routes in the order added: admin's and the API's catch-alls go last */
    if (http_router_new(&sv->router) != CONG_OK || (web_attach(sv->web, sv->router), 0) ||
        web_add_routes(sv->web, sv->router) != CONG_OK ||
        site_add_routes(sv->web, sv->router) != CONG_OK ||
        site_documents_add_routes(sv->web, sv->router) != CONG_OK ||
        admin_documents_add_routes(sv->web, sv->router) != CONG_OK ||
        admin_new(sv->web, &sv->admin) != CONG_OK || api_new(sv->web, &sv->api) != CONG_OK ||
        site_civic_add_routes(sv->web, sv->router) != CONG_OK ||
        admin_civic_add_routes(sv->admin, sv->router) != CONG_OK ||
        admin_add_routes(sv->admin, sv->router) != CONG_OK ||
        api_add_routes(sv->api, sv->router) != CONG_OK) {
        cli_fail("out of memory");
        return false;
    }
    return true;
}

/* Stops what start_services and the server started, the server first. */
static void stop_services(struct serving *sv)
{
    http_server_stop(sv->server, 0);
    content_media_jobs_stop(); /* after the server: no upload waits on it any more */
    content_documents_jobs_stop(); /* after the server: no save wakes it any more */
    stats_free(sv->stats); /* after the server: the last requests' views are written too */
    /* after the server: what its last requests queued is sent, for a while */
    content_notify_set_mailer(NULL);
    if (!mail_drain(sv->mailer, 10000))
        log_warn("mail: the queue did not empty within 10 s");
    mail_free(sv->mailer);
    http_router_free(sv->router);
    api_free(sv->api);
    admin_free(sv->admin);
    web_free(sv->web);
    auth_free(sv->auth);
    store_free(sv->st);
}

int cli_serve(int argc, char **argv)
{
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct serving sv = {0};
    size_t sitemap_max = 0;
    sigset_t sigs;
    int sig, status;

    if ((status = parse_args(argc, argv, &cs)) >= 0 || (status = test_switches(&sitemap_max)))
        return status;
    status = 1;
    /* block the stop signals before any thread exists, so every thread inherits the mask */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (!start_services(&cs, sitemap_max, &sv))
        goto out;
    /* the server's default is one request thread per core; the picture worker keeps one of
       them for the pages whatever the uploads */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (content_media_jobs_start(cs.threads ? cs.threads : cores > 0 ? (unsigned)cores : 2)) {
        cli_fail("cannot start the picture worker");
        goto out;
    }
    if (content_documents_jobs_start(sv.st)) {
        cli_fail("cannot start the documents' text worker");
        goto out;
    }
    struct http_server_config hcfg = {
        .listen = cs.listen,
        .threads = cs.threads,
        .max_body_bytes = cs.max_body,
        .timeout_s = cs.timeout_s,
        .per_ip_limit = cs.per_ip,
        .max_connections = cs.max_conn,
        .access_log = cs.access_log,
        .trusted_proxy = cs.trusted_proxy,
    };
    if (http_server_start(&hcfg, sv.router, &sv.server, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        goto out;
    }
    log_info("cong %s serving '%s' on http://%s (port %u)", CONG_VERSION, cs.db, cs.listen,
             http_server_port(sv.server));
    fflush(stderr);

    if (sigwait(&sigs, &sig) != 0)
        sig = SIGTERM;
    log_info("received %s: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
    http_server_stop(sv.server, SERVE_GRACE_S);
    sv.server = NULL;
    log_info("stopped");
    status = 0;
out:
    stop_services(&sv);
    return status;
}
