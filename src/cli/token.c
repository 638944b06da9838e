/*
 * `cong token`: create an API token for a user (its secret goes to standard output, alone on
 * its line, this once: only its hash is kept), list tokens (never a secret) and revoke one.
 * Creation and revocation are written to the audit log by the auth module.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../core/core.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

#define USAGE "usage: cong token create NAME | list | revoke ID [--db PATH]"

static void usage(void)
{
    fprintf(stderr, "usage: cong token create NAME [--db PATH]\n"
                    "       cong token list [--db PATH]\n"
                    "       cong token revoke ID [--db PATH]\n");
}

static int token_create(struct auth *au, const char *name)
{
    char secret[AUTH_TOKEN_LEN + 1];
    struct auth_actor by;
    int64_t id;
    enum cong_err rc;

    cli_actor(&by);
    rc = auth_token_create(au, &by, name, &id, secret);
    if (rc == CONG_ENOTFOUND) {
        cli_fail("no user '%s'", name);
        return 1;
    }
    if (rc != CONG_OK) {
        cli_fail("cannot create a token for '%s': %s", name, cong_strerror(rc));
        return 1;
    }
    /* the secret alone on stdout, so `TOKEN=$(cong token create NAME)` works */
    printf("%s\n", secret);
    fflush(stdout);
    auth_wipe(secret, sizeof(secret));
    fprintf(stderr, "cong: token %lld for '%s' created; it is shown this once\n", (long long)id,
            name);
    return 0;
}

/* Appends t as a date and time, or "-" for never (0). */
static void add_when(struct buf *b, int64_t t)
{
    buf_reset(b);
    if (t)
        time_add_datetime(b, t);
    else
        buf_putc(b, '-');
}

static int token_list(struct auth *au, const char *db)
{
    struct api_token *tokens;
    struct buf created, used, revoked;
    struct arena a;
    size_t n;
    enum cong_err rc;

    arena_init(&a, 0);
    buf_init(&created, 64);
    buf_init(&used, 64);
    buf_init(&revoked, 64);
    rc = auth_token_list(au, &a, &tokens, &n);
    if (rc != CONG_OK) {
        cli_fail("cannot list tokens in '%s': %s", db, cong_strerror(rc));
    } else {
        printf("%-6s %-24s %-17s %-17s %s\n", "ID", "USER", "CREATED", "LAST USED", "REVOKED");
        for (size_t i = 0; i < n; i++) {
            add_when(&created, tokens[i].created_at);
            add_when(&used, tokens[i].last_used_at);
            add_when(&revoked, tokens[i].revoked_at);
            printf("%-6lld %-24s %-17s %-17s %s\n", (long long)tokens[i].id, tokens[i].user_name,
                   created.data, used.data, revoked.data);
        }
    }
    buf_release(&created);
    buf_release(&used);
    buf_release(&revoked);
    arena_release(&a);
    return rc == CONG_OK ? 0 : 1;
}

static int token_revoke(struct auth *au, const char *arg)
{
    struct auth_actor by;
    int64_t id;
    enum cong_err rc;

    if (!text_parse_i64(arg, strlen(arg), &id) || id <= 0) {
        cli_fail("token revoke: '%s' is not a token id (see cong token list)", arg);
        return 2;
    }
    cli_actor(&by);
    rc = auth_token_revoke(au, &by, id);
    if (rc == CONG_ENOTFOUND) {
        cli_fail("no token %lld that is not revoked already", (long long)id);
        return 1;
    }
    if (rc != CONG_OK) {
        cli_fail("cannot revoke token %lld: %s", (long long)id, cong_strerror(rc));
        return 1;
    }
    printf("revoked token %lld\n", (long long)id);
    return 0;
}

int cli_token(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"pg", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct store *st = NULL;
    struct auth *au = NULL;
    const char *cmd;
    int c, nargs, status;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'h': usage(); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    nargs = argc - optind;
    cmd = nargs > 0 ? argv[optind] : NULL;
    if (!cmd) {
        usage();
        return 2;
    }
    if (strcmp(cmd, "create") && strcmp(cmd, "list") && strcmp(cmd, "revoke")) {
        cli_fail("token: unknown command '%s' (create, list or revoke)", cmd);
        return 2;
    }
    if (nargs != (strcmp(cmd, "list") ? 2 : 1)) {
        cli_fail("token %s: wrong number of arguments", cmd);
        return 2;
    }
    if (!cli_settings_finish(&cs) || !cli_open_accounts(&cs, &st, &au))
        return 1;
    if (!strcmp(cmd, "create"))
        status = token_create(au, argv[optind + 1]);
    else if (!strcmp(cmd, "list"))
        status = token_list(au, cs.db);
    else
        status = token_revoke(au, argv[optind + 1]);
    auth_free(au);
    store_free(st);
    return status;
}
