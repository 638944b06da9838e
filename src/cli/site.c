/*
 * `cong site add HOST --name NAME [--parent HOST] | list | remove HOST [--force]`: the sites
 * one server holds, each chosen by the Host of a request. Rules (what a host may be, what a
 * site must hold to be removed) live in the content module; a new site gets the pages every
 * portal needs from the portal module. This file reads arguments, opens the portal, prints.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../content/content.h"
#include "../core/core.h"
#include "../portal/portal.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

#define USAGE                                                                                      \
    "usage: cong site add HOST --name NAME [--parent HOST] | list | remove HOST [--force] "       \
    "[--db PATH]"

static void usage(void)
{
    fprintf(stderr,
            "usage: cong site add HOST --name NAME [--parent HOST] [--db PATH]\n"
            "       cong site list [--db PATH]\n"
            "       cong site remove HOST [--force] [--db PATH]\n"
            "A request's site is the one whose HOST its Host header names (port ignored);\n"
            "any other host gets the default site, the first one. remove refuses a site that\n"
            "holds anything, unless --force, which removes it with everything it holds.\n");
}

/* The command line as the audit log names it. */
static struct content_actor actor(void)
{
    static char name[80];
    const struct passwd *pw = getpwuid(geteuid());

    if (snprintf(name, sizeof(name), "cli:%s", pw && pw->pw_name ? pw->pw_name : "?") < 0)
        memcpy(name, "cli", 4);
    return (struct content_actor){.user_id = 0, .name = name, .role = AUTH_ADMIN, .ip = ""};
}

static int site_add(struct store *root, const char *host, const char *name, const char *parent)
{
    struct content_actor who = actor();
    struct cong_error err = {0};
    struct store *st;
    int64_t id = 0;
    enum cong_err rc;

    if (!name) {
        cli_fail("site add: --name is required");
        return 2;
    }
    rc = content_site_add(root, &who, host, name, parent, &id, &err);
    if (rc != CONG_OK) {
        cli_fail("site add: %s", err.msg);
        return rc == CONG_EINVAL || rc == CONG_EEXIST ? 2 : 1;
    }
    /* its pages, as `cong init` gives the default site (and would again, if this fails) */
    if ((rc = store_for_site(root, id, &st)) != CONG_OK ||
        (rc = portal_install_defaults(st, &err)) != CONG_OK) {
        cli_fail("site add: the site is made, but not its pages (run cong init): %s",
                 err.msg[0] ? err.msg : cong_strerror(rc));
        return 1;
    }
    printf("added site %lld: %s (%s)\n", (long long)id, host, name);
    return 0;
}

static int site_list(struct store *root)
{
    struct site *sites;
    struct arena a;
    size_t n;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = store_list_sites(root, &a, &sites, &n);
    if (rc != CONG_OK) {
        cli_fail("site list: %s", cong_strerror(rc));
        arena_release(&a);
        return 1;
    }
    printf("%-5s %-32s %-7s %s\n", "ID", "HOST", "PARENT", "NAME");
    for (size_t i = 0; i < n; i++) {
        char parent[24] = "-";
        if (sites[i].parent_id)
            snprintf(parent, sizeof(parent), "%lld", (long long)sites[i].parent_id);
        printf("%-5lld %-32s %-7s %s%s\n", (long long)sites[i].id, sites[i].host, parent,
               sites[i].name, sites[i].id == STORE_DEFAULT_SITE ? " (default)" : "");
    }
    arena_release(&a);
    return 0;
}

static int site_remove(struct store *root, const char *host, bool force)
{
    struct content_actor who = actor();
    struct cong_error err = {0};
    enum cong_err rc = content_site_remove(root, &who, host, force, &err);

    if (rc != CONG_OK) {
        cli_fail("site remove: %s", err.msg);
        return rc == CONG_ESTORE || rc == CONG_EBUSY || rc == CONG_ENOMEM ? 1 : 2;
    }
    printf("removed site %s%s\n", host, force ? " and everything it held" : "");
    return 0;
}

int cli_site(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'}, {"name", required_argument, NULL, 'n'},
        {"parent", required_argument, NULL, 'P'}, {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct store *root = NULL;
    const char *name = NULL, *parent = NULL, *cmd;
    bool force = false;
    int c, nargs, status;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'n': name = optarg; break;
        case 'P': parent = optarg; break;
        case 'f': force = true; break;
        case 'h': usage(); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    nargs = argc - optind;
    cmd = nargs > 0 ? argv[optind] : "";
    if (!((!strcmp(cmd, "add") && nargs == 2) || (!strcmp(cmd, "list") && nargs == 1) ||
          (!strcmp(cmd, "remove") && nargs == 2))) {
        if (*cmd && strcmp(cmd, "add") && strcmp(cmd, "list") && strcmp(cmd, "remove"))
            cli_fail("site: unknown command '%s' (add, list or remove)", cmd);
        usage();
        return 2;
    }
    if (!cli_settings_finish(&cs))
        return 1;
    if (store_open(cs.db, 0, &root, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        return 1;
    }
    if (!strcmp(cmd, "add"))
        status = site_add(root, argv[optind + 1], name, parent);
    else if (!strcmp(cmd, "list"))
        status = site_list(root);
    else
        status = site_remove(root, argv[optind + 1], force);
    store_free(root);
    return status;
}
