/*
 * `cong init`: creates a portal's database, or brings an existing one up to this binary's
 * schema, and optionally fills a new one with the demo portal. A new database is built under
 * a temporary name and renamed into place only when complete, so an interrupted or failed
 * init never leaves a half-made portal behind.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../content/content.h"
#include "../core/core.h"
#include "../demo/demo.h"
#include "../portal/portal.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

#define USAGE "usage: cong init [--db PATH] [--demo] [--site-name NAME] [--config FILE]"

static void usage(void)
{
    fprintf(stderr, "usage: cong init [--db PATH] [--demo] [--site-name NAME] [--config FILE]\n");
}

static void remove_db(const char *path)
{
    char side[4096];

    unlink(path);
    if (snprintf(side, sizeof(side), "%s-wal", path) < (int)sizeof(side))
        unlink(side);
    if (snprintf(side, sizeof(side), "%s-shm", path) < (int)sizeof(side))
        unlink(side);
}

/*
 * The pages every portal needs and their first portlets, where missing (a new portal, or one
 * made before pages existed); then the demo's own, once, when the demo is being added.
 */
static enum cong_err compose(struct store *st, bool demo, struct cong_error *err)
{
    enum cong_err rc = portal_install_defaults(st, err);
    struct store *faculty;

    if (rc == CONG_OK && demo)
        rc = demo_compose(st, err);
    if (rc == CONG_OK && demo)
        rc = demo_civic(st, time_now(), err);
    if (rc == CONG_OK && demo)
        rc = demo_english(st, time_now(), err);
    /* and the demo's second site, a faculty's sub-portal on its own host name */
    if (rc == CONG_OK && demo && (rc = demo_add_faculty(st, time_now(), &faculty, err)) == CONG_OK)
        rc = portal_install_defaults(faculty, err);
    return rc;
}

/* The other sites get what the default one gets from an init: their pages where missing,
   their articles indexed; *nindexed counts them. */
static enum cong_err other_sites(struct store *root, size_t *nindexed, struct cong_error *err)
{
    struct site *sites;
    struct store *st;
    struct arena a;
    size_t n, k;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = store_list_sites(root, &a, &sites, &n);
    for (size_t i = 0; rc == CONG_OK && i < n; i++) {
        if (sites[i].id == STORE_DEFAULT_SITE)
            continue;
        rc = store_for_site(root, sites[i].id, &st);
        if (rc == CONG_OK)
            rc = portal_install_defaults(st, err);
        if (rc == CONG_OK && (rc = content_search_reindex(st, &k)) == CONG_OK)
            *nindexed += k;
    }
    arena_release(&a);
    if (rc != CONG_OK && !err->msg[0])
        cong_error_set(err, rc, "cannot bring the sites up to date: %s", cong_strerror(rc));
    return rc;
}

/* Fills the settings of a new portal, and the demo if asked. */
static enum cong_err fill(struct store *st, const char *site_name, bool demo,
                          struct cong_error *err)
{
    enum cong_err rc;

    if (demo && (rc = demo_populate(st, time_now(), err)))
        return rc;
    if (!demo) {
        if ((rc = store_set_setting(st, "site_name", "Cổng thông tin điện tử")) ||
            (rc = store_set_setting(st, "time_zone", "Asia/Ho_Chi_Minh")))
            return cong_error_set(err, rc, "cannot write settings: %s", cong_strerror(rc));
    }
    if (site_name && (rc = store_set_setting(st, "site_name", site_name)))
        return cong_error_set(err, rc, "cannot write settings: %s", cong_strerror(rc));
    return compose(st, demo, err);
}

int cli_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"demo", no_argument, NULL, 'D'},         {"site-name", required_argument, NULL, 'n'},
        {"config", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct store *st = NULL;
    struct stat sb;
    const char *site_name = NULL;
    char tmp[4096];
    bool demo = false, fresh;
    size_t narticles = 0, nindexed = 0;
    int c, n;
    enum cong_err rc;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'D': demo = true; break;
        case 'n': site_name = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'h': usage(); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    if (optind < argc) {
        cli_fail("init: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    if (site_name && (!*site_name || !text_is_utf8(site_name, strlen(site_name)))) {
        cli_fail("init: --site-name must be non-empty UTF-8 text");
        return 2;
    }
    if (!cli_settings_finish(&cs))
        return 1;

    if (cs.is_pg) {
        /* a database with no portal yet is made in place: there is no file to rename */
        rc = store_open(cs.db, STORE_OPEN_MIGRATE, &st, &err);
        fresh = rc == CONG_ENOTFOUND;
        if (rc == CONG_OK)
            store_free(st);
        else if (!fresh) {
            cli_fail("%s", err.msg);
            return 1;
        }
    } else {
        fresh = stat(cs.db, &sb) != 0;
    }
    if (fresh && cs.is_pg) {
        rc = store_open(cs.db, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, &err);
        if (rc) {
            cli_fail("cannot create the portal: %s", err.msg);
            return 1;
        }
        rc = fill(st, site_name, demo, &err);
        if (rc == CONG_OK)
            rc = store_count_articles(st, &narticles);
        store_free(st);
        if (rc) {
            cli_fail("init: %s (the database keeps what was written; drop and create it to "
                     "start again)",
                     err.msg[0] ? err.msg : cong_strerror(rc));
            return 1;
        }
        printf("created portal in PostgreSQL%s (%zu articles)\n",
               demo ? " with the demo content" : "", narticles);
        if (demo)
            printf("a second demo site, a faculty's sub-portal, answers to the host name %s\n",
                   DEMO_FACULTY_HOST);
        return 0;
    }
    if (!fresh) {
        /* an existing portal: migrate it in place (each migration is one transaction) */
        rc = store_open(cs.db, STORE_OPEN_MIGRATE, &st, &err);
        if (rc) {
            cli_fail("%s", err.msg);
            return 1;
        }
        if (demo && (rc = store_count_articles(st, &narticles)) == CONG_OK && narticles > 0) {
            cli_fail("portal '%s' already has %zu articles: the demo is only added to an empty "
                     "portal",
                     cs.db, narticles);
            store_free(st);
            return 1;
        }
        rc = demo || site_name ? (demo ? demo_populate(st, time_now(), &err) : CONG_OK) : CONG_OK;
        if (rc == CONG_OK && site_name && (rc = store_set_setting(st, "site_name", site_name)))
            cong_error_set(&err, rc, "cannot write settings: %s", cong_strerror(rc));
        if (rc == CONG_OK)
            rc = compose(st, demo, &err);
        /* articles written before the search index existed (schema 3) get indexed once */
        if (rc == CONG_OK && (rc = content_search_reindex(st, &nindexed)))
            cong_error_set(&err, rc, "cannot index articles for search: %s", cong_strerror(rc));
        if (rc == CONG_OK)
            rc = other_sites(st, &nindexed, &err);
        if (rc == CONG_OK && nindexed)
            printf("indexed %zu articles for search\n", nindexed);
        store_free(st);
        if (rc) {
            cli_fail("%s", err.msg);
            return 1;
        }
        printf("portal '%s' is up to date (schema %d)\n", cs.db, STORE_SCHEMA_VERSION);
        return 0;
    }

    n = snprintf(tmp, sizeof(tmp), "%s.init-%ld", cs.db, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        cli_fail("database path too long");
        return 1;
    }
    remove_db(tmp);
    rc = store_open(tmp, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, &err);
    if (rc) {
        /* name the path the user gave, not our temporary one */
        cli_fail("cannot create database '%s': %s", cs.db,
                 rc == CONG_EIO ? "folder missing or not writable" : err.msg);
        remove_db(tmp);
        return 1;
    }
    rc = fill(st, site_name, demo, &err);
    if (rc == CONG_OK)
        rc = store_count_articles(st, &narticles);
    store_free(st); /* closing the last connection checkpoints the WAL into the file */
    if (rc) {
        cli_fail("init: %s", err.msg[0] ? err.msg : cong_strerror(rc));
        remove_db(tmp);
        return 1;
    }
    if (rename(tmp, cs.db) != 0) {
        cli_fail("cannot create database '%s': rename failed", cs.db);
        remove_db(tmp);
        return 1;
    }
    remove_db(tmp); /* leftover -wal/-shm files of the temporary name, if any */
    printf("created portal '%s'%s (%zu articles)\n", cs.db, demo ? " with the demo content" : "",
           narticles);
    if (demo)
        printf("a second demo site, a faculty's sub-portal, answers to the host name %s\n",
               DEMO_FACULTY_HOST);
    return 0;
}
