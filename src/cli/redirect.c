/*
 * `cong redirect add OLD NEW | list | remove OLD`: the table of old addresses answered with a
 * 301 to their new place, for a portal that moved from another system. The rules on what may
 * be redirected where (local paths only, no open redirect) live in the content module; this
 * file only reads arguments, opens the portal and prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../content/content.h"
#include "../core/core.h"
#include "../site/site.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

static void usage(void)
{
    fprintf(stderr, "usage: cong redirect add OLD_PATH NEW_PATH [--site HOST] [--db PATH]\n"
                    "       cong redirect list [--site HOST] [--db PATH]\n"
                    "       cong redirect remove OLD_PATH [--site HOST] [--db PATH]\n");
}

/* The portal's base_url setting, normalised, so NEW may be given as a full URL on it. */
static const char *base_url(struct store *st, struct arena *a)
{
    char *v = NULL;
    struct buf b;
    const char *out = NULL;

    if (store_get_setting(st, a, "base_url", &v) != CONG_OK || !v || !*v)
        return NULL;
    buf_init(&b, 512);
    if (content_base_url_normalise(v, &b) == CONG_OK)
        out = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

int cli_redirect(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
        {"site", required_argument, NULL, 'S'},   {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct store *st = NULL, *root = NULL;
    struct redirect *rows;
    struct arena a;
    const char *action, *old;
    size_t n, want;
    int c, status = 1;
    enum cong_err rc;

    optind = 0;
    /* GNU getopt moves the operands (action, paths) after the options, in their order */
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'S': cs.site = optarg; break;
        case 'h': usage(); return 0;
        default: usage(); return 2;
        }
    }
    if (optind >= argc) {
        usage();
        return 2;
    }
    action = argv[optind++];
    if (!strcmp(action, "add")) {
        want = 2;
    } else if (!strcmp(action, "remove")) {
        want = 1;
    } else if (!strcmp(action, "list")) {
        want = 0;
    } else {
        cli_fail("redirect: unknown action '%s' (add, list or remove)", action);
        return 2;
    }
    if ((size_t)(argc - optind) != want) {
        usage();
        return 2;
    }
    if (!cli_settings_finish(&cs))
        return 1;
    rc = store_open(cs.db, 0, &root, &err);
    if (rc != CONG_OK) {
        cli_fail("%s", err.msg);
        return 1;
    }
    arena_init(&a, 0);
    if (!cli_site_of(&cs, root, NULL, &st, NULL))
        goto out;
    if (!strcmp(action, "add")) {
        rc = content_add_redirect(st, argv[optind], argv[optind + 1], base_url(st, &a), &err);
        if (rc != CONG_OK) {
            cli_fail("redirect: %s", err.msg);
            goto out;
        }
    } else if (!strcmp(action, "remove")) {
        rc = content_redirect_old_path(&a, argv[optind], &old, &err);
        if (rc == CONG_OK)
            rc = store_remove_redirect(st, old);
        if (rc == CONG_ENOTFOUND) {
            cli_fail("redirect: no redirect from '%s'", argv[optind]);
            goto out;
        }
        if (rc != CONG_OK) {
            cli_fail("redirect: %s", err.msg[0] ? err.msg : cong_strerror(rc));
            goto out;
        }
    } else {
        rc = store_list_redirects(st, &a, &rows, &n);
        if (rc != CONG_OK) {
            cli_fail("redirect: cannot list redirects: %s", cong_strerror(rc));
            goto out;
        }
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s\n", rows[i].old_path, rows[i].new_path);
    }
    status = 0;
out:
    arena_release(&a);
    store_free(root);
    return status;
}
