/*
 * `cong setting`: reads and changes the portal's settings (the ones every node shares, kept in
 * the database), checking each value by the rules of src/content/settings.c.
 *   cong setting list | cong setting get KEY | cong setting set KEY VALUE
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../content/content.h"
#include "../core/core.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

#define USAGE "usage: cong setting list | get KEY | set KEY VALUE [--db PATH]"

static void usage(void)
{
    fprintf(stderr, "usage: cong setting list | get KEY | set KEY VALUE  [--site HOST] [--db PATH]\n"
                    "       (--site: a site's own settings; time_zone and stats_secret are the\n"
                    "        server's, kept with the default site)\n");
}

int cli_setting(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
        {"site", required_argument, NULL, 'S'},   {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct store *st = NULL, *root = NULL;
    struct arena a;
    const char *verb, *key, *help, *k;
    char *value;
    int c, status = 1, nargs;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'S': cs.site = optarg; break;
        case 'h': usage(); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    nargs = argc - optind;
    verb = nargs > 0 ? argv[optind] : "";
    if (!((!strcmp(verb, "list") && nargs == 1) || (!strcmp(verb, "get") && nargs == 2) ||
          (!strcmp(verb, "set") && nargs == 3))) {
        usage();
        return 2;
    }
    key = nargs > 1 ? argv[optind + 1] : NULL;
    if (key && !content_setting_is_known(key, NULL)) {
        cli_fail("setting: unknown setting '%s' (see cong setting list)", key);
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
    if (!strcmp(verb, "set")) {
        if (content_setting_set(st, key, argv[optind + 2], &err) != CONG_OK) {
            cli_fail("setting: %s", err.msg);
            goto out;
        }
        printf("%s = %s (%s)\n", key, argv[optind + 2],
               !strcmp(key, "time_zone") ? "running servers apply it when restarted"
                                         : "running servers show it at their next request");
    } else if (!strcmp(verb, "get")) {
        if (store_get_setting(st, &a, key, &value) != CONG_OK) {
            cli_fail("setting: cannot read '%s'", key);
            goto out;
        }
        if (!value) {
            cli_fail("setting: '%s' is not set", key);
            goto out;
        }
        printf("%s\n", value);
    } else {
        for (size_t i = 0; (k = content_setting_key(i)); i++) {
            if (store_get_setting(st, &a, k, &value) != CONG_OK) {
                cli_fail("setting: cannot read '%s'", k);
                goto out;
            }
            content_setting_is_known(k, &help);
            printf("%-22s %s\n%-22s   # %s\n", k, value ? value : "(not set)", "", help);
        }
    }
    status = 0;
out:
    arena_release(&a);
    store_free(root);
    return status;
}
