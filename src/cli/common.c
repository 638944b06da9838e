/*
 * What the subcommands share: settings from flags, environment (CONG_DB, CONG_PG,
 * CONG_LISTEN, CONG_THEME, CONG_CONFIG), an INI config file and defaults, in that order of
 * precedence; and the one-line error report.
 */
#include <getopt.h>
#include <arpa/inet.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../auth/auth.h"
#include "../content/content.h"
#include "../core/core.h"
#include "../store/store.h"
#include "cli_int.h"

#ifndef CONG_DATADIR
#define CONG_DATADIR "/usr/local/share/cong"
#endif

void cli_fail(const char *fmt, ...)
{
    va_list ap;
    char line[1024];

    va_start(ap, fmt);
    if (vsnprintf(line, sizeof(line), fmt, ap) < 0)
        line[0] = '\0';
    va_end(ap);
    fprintf(stderr, "cong: %s\n", line);
}

int cli_bad_option(char **argv, const char *usage)
{
    const char *bad = optind > 0 ? argv[optind - 1] : "?";

    if (optopt && optopt != '?' && bad[0] == '-' && bad[1] != '-')
        cli_fail("unknown option '-%c' (%s)", optopt, usage);
    else
        cli_fail("unknown option or missing value '%s' (%s)", bad, usage);
    return 2;
}

struct ini_ctx {
    struct cli_settings *s;
    struct cli_settings file; /* values from the file, applied only where unset */
    char *owned[12];
    size_t nowned;
    char error[256];
};

static const char *keep(struct ini_ctx *c, const char *v)
{
    char *p;

    if (c->nowned == sizeof(c->owned) / sizeof(c->owned[0]))
        return NULL;
    p = strdup(v);
    if (p)
        c->owned[c->nowned++] = p; /* lives until exit: settings are read once */
    return p;
}

static bool parse_uint(const char *v, unsigned max, unsigned *out)
{
    int64_t n;

    if (!text_parse_i64(v, strlen(v), &n) || n < 0 || n > max)
        return false;
    *out = (unsigned)n;
    return true;
}

/* value as an IP address spelled the way the server prints peers; false if it is none. */
static bool normal_address(const char *value, char *out, size_t size)
{
    unsigned char bin[sizeof(struct in6_addr)];

    return (inet_pton(AF_INET, value, bin) == 1 && inet_ntop(AF_INET, bin, out, size)) ||
           (inet_pton(AF_INET6, value, bin) == 1 && inet_ntop(AF_INET6, bin, out, size));
}

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    struct ini_ctx *c = user;
    struct cli_settings *f = &c->file;
    char addr[INET6_ADDRSTRLEN];
    unsigned u;
    int n;

#define IS(sec, key) (!strcmp(section, sec) && !strcmp(name, key))
    if (IS("database", "path")) {
        f->db = keep(c, value);
    } else if (IS("database", "pg") || IS("store", "pg")) {
        f->pg = keep(c, value);
    } else if (IS("server", "listen")) {
        f->listen = keep(c, value);
    } else if (IS("site", "theme")) {
        f->theme = keep(c, value);
    } else if (IS("server", "threads") && parse_uint(value, 256, &u)) {
        f->threads = u;
    } else if (IS("server", "timeout") && parse_uint(value, 3600, &u) && u > 0) {
        f->timeout_s = u;
    } else if (IS("server", "per_ip_connections") && parse_uint(value, 100000, &u) && u > 0) {
        f->per_ip = u;
    } else if (IS("server", "max_connections") && parse_uint(value, 1000000, &u) && u >= 64) {
        f->max_conn = u;
    } else if (IS("server", "max_body_mb") && parse_uint(value, 4096, &u) && u > 0) {
        f->max_body = (size_t)u << 20;
    } else if (IS("media", "max_mb") && parse_uint(value, 4096, &u) && u > 0) {
        f->media_max = (size_t)u << 20;
    } else if (IS("cache", "mb") && parse_uint(value, 4096, &u)) {
        f->cache_mb = u;
        f->cache_set = true;
    } else if (IS("server", "access_log") && (!strcmp(value, "on") || !strcmp(value, "off"))) {
        f->access_log = !strcmp(value, "on");
    } else if (IS("site", "https") && (!strcmp(value, "on") || !strcmp(value, "off"))) {
        f->https = !strcmp(value, "on");
    } else if (IS("session", "idle_timeout") && parse_uint(value, 7 * 24 * 60, &u) && u > 0) {
        f->session_idle_min = u;
    } else if (IS("session", "max_age") && parse_uint(value, 30 * 24 * 60, &u) && u > 0) {
        f->session_max_min = u;
    } else if (IS("mail", "smtp_url")) {
        f->mail_url = keep(c, value);
    } else if (IS("mail", "from")) {
        f->mail_from = keep(c, value);
    } else if (IS("server", "trusted_proxy") && normal_address(value, addr, sizeof(addr))) {
        f->trusted_proxy = keep(c, addr);
    } else if (IS("server", "metrics_allow")) {
        f->metrics_allow = keep(c, value);
    } else {
        n = snprintf(c->error, sizeof(c->error), "unknown setting or bad value '%s.%s'",
                     section, name);
        (void)n;
        return 0;
    }
#undef IS
    return 1;
}

static const char *env_or(const char *cur, const char *name)
{
    const char *v;

    if (cur)
        return cur;
    v = getenv(name);
    return v && *v ? v : NULL;
}

bool cli_settings_finish(struct cli_settings *s)
{
    static struct ini_ctx c; /* its strings must outlive this call */
    struct stat st;
    const char *env;
    unsigned u;
    int rc;

    s->db = env_or(s->db, "CONG_DB");
    s->pg = env_or(s->pg, "CONG_PG");
    s->listen = env_or(s->listen, "CONG_LISTEN");
    s->theme = env_or(s->theme, "CONG_THEME");
    s->config = env_or(s->config, "CONG_CONFIG");
    if (!s->media_max && (env = env_or(NULL, "CONG_MEDIA_MAX_MB"))) {
        if (!parse_uint(env, 4096, &u) || u == 0) {
            cli_fail("CONG_MEDIA_MAX_MB wants a number of megabytes from 1 to 4096, not '%s'",
                     env);
            return false;
        }
        s->media_max = (size_t)u << 20;
    }
    if (!s->cache_set && (env = env_or(NULL, "CONG_CACHE_MB"))) {
        if (!parse_uint(env, 4096, &u)) {
            cli_fail("CONG_CACHE_MB wants a number of megabytes from 0 (off) to 4096, not '%s'",
                     env);
            return false;
        }
        s->cache_mb = u;
        s->cache_set = true;
    }
    memset(&c, 0, sizeof(c));
    c.s = s;
    c.file.access_log = true;
    if (s->config) {
        rc = ini_parse(s->config, on_ini, &c);
        if (rc < 0) {
            cli_fail("cannot read config file '%s'", s->config);
            return false;
        }
        if (rc > 0) {
            cli_fail("config file '%s' line %d: %s", s->config, rc,
                     c.error[0] ? c.error : "syntax error");
            return false;
        }
    }
    if (!s->db)
        s->db = c.file.db;
    if (!s->pg)
        s->pg = c.file.pg;
    if (!s->listen)
        s->listen = c.file.listen;
    if (!s->theme)
        s->theme = c.file.theme;
    if (!s->threads)
        s->threads = c.file.threads;
    if (!s->timeout_s)
        s->timeout_s = c.file.timeout_s;
    if (!s->per_ip)
        s->per_ip = c.file.per_ip;
    if (!s->max_conn)
        s->max_conn = c.file.max_conn;
    if (!s->max_body)
        s->max_body = c.file.max_body;
    if (!s->media_max)
        s->media_max = c.file.media_max;
    if (!s->media_max)
        s->media_max = (size_t)CONTENT_MEDIA_MAX_MB_DEFAULT << 20;
    /* an upload within the media limit must get past the server's body limit, so that it is
       refused (if at all) with the media message, and one past it is refused early */
    if (s->max_body < s->media_max + CLI_MEDIA_FRAMING)
        s->max_body = s->media_max + CLI_MEDIA_FRAMING;
    if (!s->cache_set) {
        s->cache_mb = c.file.cache_set ? c.file.cache_mb : CLI_CACHE_MB_DEFAULT;
        s->cache_set = true;
    }
    s->access_log = c.file.access_log;
    s->https = c.file.https;
    s->session_idle_min = c.file.session_idle_min;
    s->session_max_min = c.file.session_max_min;
    s->trusted_proxy = c.file.trusted_proxy;
    s->metrics_allow = c.file.metrics_allow;
    s->mail_url = c.file.mail_url;
    s->mail_from = c.file.mail_from;
    if (!s->db)
        s->db = "cong.db";
    if (s->pg && *s->pg) {
        /* the store reads a location: a URI as it is, a conninfo string after "pg:" */
        if (strncmp(s->pg, "postgres://", 11) == 0 || strncmp(s->pg, "postgresql://", 13) == 0) {
            s->db = s->pg;
        } else {
            static struct buf loc;

            buf_init(&loc, 0);
            buf_printf(&loc, "pg:%s", s->pg);
            if (buf_error(&loc) != CONG_OK) {
                cli_fail("out of memory");
                return false;
            }
            s->db = loc.data;
        }
    }
    s->is_pg = strncmp(s->db, "postgres://", 11) == 0 ||
               strncmp(s->db, "postgresql://", 13) == 0 || strncmp(s->db, "pg:", 3) == 0;
    if (!s->listen)
        s->listen = "127.0.0.1:8080";
    if (!s->theme) {
        /* run from a source tree, or from an installed copy */
        s->theme = stat("themes/default/page.mustache", &st) == 0
                       ? "themes/default"
                       : CONG_DATADIR "/themes/default";
    }
    return true;
}

bool cli_test_weak_hash(void)
{
    const char *v = getenv("CONG_TEST_WEAK_HASH");

    return v && !strcmp(v, "1");
}

bool cli_require_sqlite(const struct cli_settings *s, const char *what)
{
    if (s->is_pg) {
        cli_fail("%s works on a SQLite portal; a PostgreSQL one is saved with pg_dump and "
                 "restored with pg_restore (docs/deployment.md)",
                 what);
        return false;
    }
    return true;
}

bool cli_site_of(const struct cli_settings *cs, struct store *root, struct auth *au,
              struct store **out, struct auth **site_au)
{
    char host[CONTENT_HOST_MAX + 1];
    struct cong_error err = {0};
    struct site site;
    struct arena a;
    enum cong_err rc;

    *out = root;
    if (site_au)
        *site_au = au;
    if (!cs->site)
        return true;
    if (content_site_host(cs->site, host, &err) != CONG_OK) {
        cli_fail("invalid site host '%s': use a host name without a port", cs->site);
        return false;
    }
    arena_init(&a, 0);
    rc = store_get_site_by_host(root, &a, host, &site);
    arena_release(&a);
    if (rc == CONG_ENOTFOUND) {
        cli_fail("no site '%s' (see cong site list)", host);
        return false;
    }
    if (rc == CONG_OK)
        rc = store_for_site(root, site.id, out);
    if (rc == CONG_OK && au && site_au)
        rc = auth_for_site(au, *out, site_au);
    if (rc != CONG_OK) {
        cli_fail("cannot read the sites: %s", cong_strerror(rc));
        return false;
    }
    return true;
}
