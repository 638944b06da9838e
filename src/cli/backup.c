/*
 * `cong backup FILE` and `cong restore FILE [--force]`: a consistent copy of a portal taken
 * while it serves, and the way back. The store does the copying and the checks; this file
 * reads arguments and prints what the backup holds.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../core/core.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

#define USAGE "usage: cong backup FILE [--db PATH] | cong restore FILE [--force] [--db PATH]"

static void usage(void)
{
    fprintf(stderr, "usage: cong backup FILE [--db PATH]\n"
                    "       cong restore FILE [--force] [--db PATH]\n"
                    "backup copies the portal while it serves; restore puts a backup in place\n"
                    "(stop cong serve first), and replaces a portal with content only with\n"
                    "--force.\n");
}

static void said(const char *what, const char *file, const struct store_backup_info *i)
{
    printf("%s '%s': schema %lld, %lld sites, %lld articles, %lld files\n", what, file,
           (long long)i->schema_version, (long long)i->sites, (long long)i->articles,
           (long long)i->media);
}

/* backup (restore false) or restore, after the options. */
static int run(bool restore, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"pg", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'}, {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct store_backup_info info;
    struct store *st = NULL;
    bool force = false;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'f': force = true; break;
        case 'h': usage(); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    if (argc - optind != 1 || (force && !restore)) {
        usage();
        return 2;
    }
    if (!cli_settings_finish(&cs) || !cli_require_sqlite(&cs, restore ? "cong restore" : "cong backup"))
        return 1;
    if (restore) {
        if (store_restore(argv[optind], cs.db, force, &info, &err) != CONG_OK) {
            cli_fail("restore: %s", err.msg);
            return 1;
        }
        /* an older backup comes up to this version's schema now, not at the next start */
        if (store_open(cs.db, STORE_OPEN_MIGRATE, &st, &err) != CONG_OK) {
            cli_fail("restore: %s", err.msg);
            return 1;
        }
        store_free(st);
        said("restored", argv[optind], &info);
        printf("into '%s' (schema %d)\n", cs.db, STORE_SCHEMA_VERSION);
        return 0;
    }
    if (store_open(cs.db, 0, &st, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        return 1;
    }
    if (store_backup(st, argv[optind], &info, &err) != CONG_OK) {
        cli_fail("backup: %s", err.msg);
        store_free(st);
        return 1;
    }
    store_free(st);
    said("wrote", argv[optind], &info);
    return 0;
}

int cli_backup(int argc, char **argv)
{
    return run(false, argc, argv);
}

int cli_restore(int argc, char **argv)
{
    return run(true, argc, argv);
}
