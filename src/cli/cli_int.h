/* Shared by the subcommands in src/cli only. */
#ifndef CONG_CLI_INT_H
#define CONG_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>

/* Room in a request body for a media upload's multipart framing and other form fields. */
#define CLI_MEDIA_FRAMING ((size_t)1 << 20)

/* Settings that subcommands share, after flags, environment, config file and defaults. */
/* The render cache's memory when nothing says otherwise, in MB. */
#define CLI_CACHE_MB_DEFAULT 32

struct cli_settings {
    const char *config; /* --config FILE */
    const char *db;     /* --db, CONG_DB, [database] path, "./cong.db" */
    const char *pg;     /* --pg, CONG_PG, [database] pg */
    bool is_pg;         /* db is a PostgreSQL location (the store's "pg:" or a URI) */
    const char *listen; /* --listen, CONG_LISTEN, [server] listen, "127.0.0.1:8080" */
    const char *theme;  /* --theme, CONG_THEME, [site] theme, "themes/default" */
    unsigned threads;   /* --threads, [server] threads, 0 = cores */
    unsigned timeout_s; /* [server] timeout */
    unsigned per_ip;    /* [server] per_ip_connections */
    unsigned max_conn;  /* [server] max_connections; 0 = the server's default */
    size_t max_body;    /* [server] max_body_mb, raised to media_max + CLI_MEDIA_FRAMING */
    size_t media_max;   /* --media-max-mb, CONG_MEDIA_MAX_MB, [media] max_mb, 20 MB */
    bool cache_set;     /* cache_mb was given (0 is a value: the render cache off) */
    unsigned cache_mb;  /* --cache-mb, CONG_CACHE_MB, [cache] mb, CLI_CACHE_MB_DEFAULT */
    bool access_log;    /* [server] access_log, default on */
    bool https;         /* [site] https: the site is served over https (Secure cookies) */
    unsigned session_idle_min; /* [session] idle_timeout, minutes; 0 = the auth default */
    unsigned session_max_min;  /* [session] max_age, minutes; 0 = the auth default */
    const char *trusted_proxy; /* [server] trusted_proxy: an IP address, normalized; or NULL */
    const char *metrics_allow; /* [server] metrics_allow, checked by web_new; NULL: loopback */
    const char *site; /* --site HOST: the site a command acts on; NULL: the default site */
    const char *mail_url;  /* [mail] smtp_url; NULL: no mail */
    const char *mail_from; /* [mail] from */
};

/* Fills what flags left unset from the environment, then the config file, then defaults.
 * Prints one line on stderr and returns false if the config file is unreadable or wrong. */
bool cli_settings_finish(struct cli_settings *s);
/*
 * After getopt_long returned '?' or ':': prints one line naming the bad option and the usage,
 * and returns 2, the exit status of a usage error. main() turns off getopt's own messages.
 */
int cli_bad_option(char **argv, const char *usage);
/* Prints "cong: MESSAGE" on stderr. */
void cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Refuses a PostgreSQL portal for what only works on a SQLite file (what: "cong backup");
 * true if s can go on. */
bool cli_require_sqlite(const struct cli_settings *s, const char *what);
/*
 * True when CONG_TEST_WEAK_HASH=1: new password hashes use libsodium's minimum cost, so tests
 * that create many users run fast. Never set it in production.
 */
bool cli_test_weak_hash(void);

struct store;
struct auth;
struct auth_actor;
/*
 * For `cong user` and `cong token` (user.c): opens the portal of cs (it must exist and be up
 * to date), sets the portal's time zone and starts the auth service; prints why and returns
 * false on failure. The caller frees both.
 */
bool cli_open_accounts(const struct cli_settings *cs, struct store **st, struct auth **au);
/*
 * The store handle of the site cs->site names (root's own when it is NULL) into *out; prints
 * why and returns false when it names no site. If au is not NULL, *site_au gets the site's
 * auth service.
 */
bool cli_site_of(const struct cli_settings *cs, struct store *root, struct auth *au,
              struct store **out, struct auth **site_au);
/* The actor the audit log names for the command line: "cli:" and the system user. */
void cli_actor(struct auth_actor *out);

#endif
