/*
 * `cong user`: add a user, list users, change a password; and what `cong token` shares with
 * it (opening a portal's accounts, the actor the audit log names). Passwords come from the
 * terminal (asked twice, echo off) or, with --password-stdin, from one line of standard
 * input; they are never echoed, never on the command line, never logged, and are wiped once
 * hashed. Every change goes through the auth module, which writes it to the audit log.
 */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../auth/auth.h"
#include "../core/core.h"
#include "../store/store.h"
#include "cli.h"
#include "cli_int.h"

/* Room for the longest password, its newline and a byte that shows it was longer. */
#define PW_BUF (AUTH_PASSWORD_MAX + 3)
#define USAGE                                                                                      \
    "usage: cong user add NAME --role ROLE [--site HOST] [--password-stdin] | list [--site HOST]" \
    " | passwd NAME [--password-stdin] [--db PATH]"

static void usage(void)
{
    fprintf(stderr,
            "usage: cong user add NAME --role ROLE [--site HOST] [--password-stdin] [--db PATH]\n"
            "       cong user list [--site HOST] [--db PATH]\n"
            "       cong user passwd NAME [--password-stdin] [--db PATH]\n"
            "roles: member, author, editor, publisher, admin (on the default site, or on\n"
            "--site HOST; adding a user who exists gives them the role on that site)\n");
}

bool cli_open_accounts(const struct cli_settings *cs, struct store **st, struct auth **au)
{
    struct cong_error err = {0};
    struct arena a;
    char *zone = NULL;

    *st = NULL;
    *au = NULL;
    if (store_open(cs->db, 0, st, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        return false;
    }
    /* dates print in the portal's zone, as its pages show them */
    arena_init(&a, 0);
    if (store_get_setting(*st, &a, "time_zone", &zone) != CONG_OK || !zone ||
        time_set_zone(zone) != CONG_OK)
        (void)time_set_zone("Asia/Ho_Chi_Minh");
    arena_release(&a);
    struct auth_config cfg = {.weak_hash = cli_test_weak_hash()};
    if (auth_new(*st, &cfg, au) != CONG_OK) {
        cli_fail("cannot start libsodium (no source of randomness?)");
        store_free(*st);
        *st = NULL;
        return false;
    }
    return true;
}

void cli_actor(struct auth_actor *out)
{
    static char name[80]; /* one command, one thread: set once, read until exit */
    const struct passwd *pw = getpwuid(geteuid());
    int n;

    /* the audit log says the command line did it, and as which system user */
    n = snprintf(name, sizeof(name), "cli:%s", pw && pw->pw_name ? pw->pw_name : "?");
    if (n < 0 || (size_t)n >= sizeof(name))
        memcpy(name, "cli", 4);
    *out = (struct auth_actor){.user_id = 0, .name = name, .ip = ""};
}

/* Reads one line from f into buf (newline dropped); false at end of input or past the max. */
static bool read_line(FILE *f, char *buf, size_t size, size_t *len, bool *too_long)
{
    size_t n;

    *len = 0;
    *too_long = false;
    if (!fgets(buf, (int)size, f))
        return false;
    n = strlen(buf);
    if (n && buf[n - 1] == '\n')
        buf[--n] = '\0';
    else if (n == size - 1)
        *too_long = true; /* no newline in a full buffer: the line goes on */
    if (n && buf[n - 1] == '\r')
        buf[--n] = '\0';
    *len = n;
    return !*too_long;
}

/* Asks for a line on the terminal (read from in, prompt written to out) with echo off. */
static bool ask_hidden(FILE *in, FILE *out, const char *prompt, char *buf, size_t size, size_t *len,
                       bool *too_long)
{
    struct termios old, quiet;
    bool ok, restore;

    restore = tcgetattr(fileno(in), &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        quiet.c_lflag |= ECHONL;
        /* the flush drops what was typed before the prompt; so the prompt comes after it,
         * or a fast typist's (or a script's) answer could be thrown away */
        (void)tcsetattr(fileno(in), TCSAFLUSH, &quiet);
    }
    fputs(prompt, out);
    fflush(out);
    ok = read_line(in, buf, size, len, too_long);
    if (restore)
        (void)tcsetattr(fileno(in), TCSANOW, &old);
    return ok;
}

/*
 * Reads a new password into buf: one line of stdin, or twice from the terminal, which must
 * agree. Prints the reason and returns false on failure; buf is wiped then.
 */
static bool read_password(bool from_stdin, char *buf, size_t size, size_t *len)
{
    char again[PW_BUF];
    size_t len2;
    bool too_long = false, ok = false;
    FILE *tty_in = NULL, *tty_out = NULL;

    if (from_stdin) {
        ok = read_line(stdin, buf, size, len, &too_long);
        if (!ok && !too_long)
            cli_fail("no password on standard input");
        goto out;
    }
    /* two streams: C forbids reading right after writing on one without a seek between */
    tty_in = fopen("/dev/tty", "r");
    tty_out = tty_in ? fopen("/dev/tty", "w") : NULL;
    if (!tty_out) {
        cli_fail("cannot ask for a password: no terminal (use --password-stdin)");
        goto out;
    }
    if (!ask_hidden(tty_in, tty_out, "Password: ", buf, size, len, &too_long))
        goto out;
    if (!ask_hidden(tty_in, tty_out, "Repeat password: ", again, sizeof(again), &len2, &too_long))
        goto out;
    if (len2 != *len || memcmp(again, buf, len2) != 0) {
        cli_fail("the two passwords differ");
        goto out;
    }
    ok = true;
out:
    if (too_long)
        cli_fail("password too long (at most %d bytes)", AUTH_PASSWORD_MAX);
    if (!ok)
        auth_wipe(buf, size);
    auth_wipe(again, sizeof(again));
    if (tty_in)
        fclose(tty_in);
    if (tty_out)
        fclose(tty_out);
    return ok;
}

/* Checks a password typed for use, with the reason on stderr. */
static bool password_usable(const char *pw, size_t len)
{
    enum cong_err rc = auth_password_check(pw, len);

    if (rc == CONG_ETOOBIG)
        cli_fail("password too long (at most %d bytes)", AUTH_PASSWORD_MAX);
    else if (rc != CONG_OK)
        cli_fail("password must be valid UTF-8 of at least %d characters", AUTH_PASSWORD_MIN);
    return rc == CONG_OK;
}

static int user_add(const struct cli_settings *cs, const char *name, const char *role_name,
                    bool from_stdin)
{
    struct cong_error err = {0};
    struct store *st = NULL, *site;
    struct auth *au = NULL, *site_au;
    struct auth_actor by;
    struct user existing;
    struct arena a;
    enum auth_role role;
    char pw[PW_BUF];
    size_t len = 0;
    int status = 1;

    /* everything that can be refused is refused before a password is asked for */
    if (!role_name) {
        cli_fail("user add: --role is required (member, author, editor, publisher or admin)");
        return 2;
    }
    if (!auth_role_parse(role_name, &role) || role == AUTH_GUEST) {
        cli_fail("unknown role '%s': use member, author, editor, publisher or admin", role_name);
        return 2;
    }
    if (!auth_user_name_is_valid(name)) {
        cli_fail("invalid user name '%s': use 2 to %d of a-z, 0-9, '.', '_' and '-', starting "
                 "with a letter or digit",
                 name, AUTH_NAME_MAX);
        return 2;
    }
    arena_init(&a, 0);
    pw[0] = '\0';
    if (!cli_open_accounts(cs, &st, &au) || !cli_site_of(cs, st, au, &site, &site_au))
        goto out;
    cli_actor(&by);
    if (store_get_user_by_name(st, &a, name, &existing) == CONG_OK) {
        /* users are global: on another site, an existing one gets a role there */
        if (!cs->site) {
            cli_fail("user '%s' already exists", name);
            goto out;
        }
        if (auth_user_set_role(site_au, &by, existing.id, role) != CONG_OK) {
            cli_fail("cannot give '%s' a role on %s", name, cs->site);
            goto out;
        }
        printf("gave user '%s' the role %s on %s\n", name, auth_role_name(role), cs->site);
        status = 0;
        goto out;
    }
    if (!read_password(from_stdin, pw, sizeof(pw), &len) || !password_usable(pw, len))
        goto out;
    if (auth_user_add(site_au, &by, name, role, pw, len, NULL, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        goto out;
    }
    printf("created user '%s' (%s%s%s)\n", name, auth_role_name(role), cs->site ? " on " : "",
           cs->site ? cs->site : "");
    status = 0;
out:
    auth_wipe(pw, sizeof(pw));
    arena_release(&a);
    auth_free(au);
    store_free(st);
    return status;
}

static int user_list(const struct cli_settings *cs)
{
    struct store *st = NULL, *site;
    struct auth *au = NULL, *site_au;
    struct auth_user *users;
    struct arena a;
    struct buf date;
    size_t n;
    enum cong_err rc;

    if (!cli_open_accounts(cs, &st, &au))
        return 1;
    if (!cli_site_of(cs, st, au, &site, &site_au)) {
        auth_free(au);
        store_free(st);
        return 1;
    }
    arena_init(&a, 0);
    buf_init(&date, 64);
    /* with --site, the site's people; without, everyone and their role on the default site */
    rc = auth_user_list(site_au, &a, cs->site != NULL, &users, &n);
    if (rc != CONG_OK) {
        cli_fail("cannot list users in '%s': %s", cs->db, cong_strerror(rc));
    } else {
        printf("%-6s %-24s %-10s %-9s %s\n", "ID", "NAME", "ROLE", "STATUS", "CREATED");
        for (size_t i = 0; i < n; i++) {
            buf_reset(&date);
            time_add_datetime(&date, users[i].created_at);
            printf("%-6lld %-24s %-10s %-9s %s\n", (long long)users[i].id, users[i].name,
                   users[i].role == AUTH_GUEST ? "-" : auth_role_name(users[i].role),
                   users[i].disabled ? "disabled" : "active",
                   date.data);
        }
    }
    buf_release(&date);
    arena_release(&a);
    auth_free(au);
    store_free(st);
    return rc == CONG_OK ? 0 : 1;
}

static int user_passwd(const struct cli_settings *cs, const char *name, bool from_stdin)
{
    struct cong_error err = {0};
    struct store *st = NULL;
    struct auth *au = NULL;
    struct auth_actor by;
    struct user u;
    struct arena a;
    char pw[PW_BUF];
    size_t len = 0;
    enum cong_err rc;
    int status = 1;

    if (!cli_open_accounts(cs, &st, &au))
        return 1;
    cli_actor(&by);
    arena_init(&a, 0);
    rc = store_get_user_by_name(st, &a, name, &u);
    if (rc != CONG_OK) {
        if (rc == CONG_ENOTFOUND)
            cli_fail("no user '%s'", name);
        else
            cli_fail("cannot read user '%s': %s", name, cong_strerror(rc));
        goto out;
    }
    if (!read_password(from_stdin, pw, sizeof(pw), &len) || !password_usable(pw, len))
        goto out;
    if (auth_user_set_password(au, &by, name, pw, len, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        goto out;
    }
    printf("changed the password of '%s'; its sessions have ended\n", name);
    status = 0;
out:
    auth_wipe(pw, sizeof(pw));
    arena_release(&a);
    auth_free(au);
    store_free(st);
    return status;
}

int cli_user(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"pg", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'},
        {"role", required_argument, NULL, 'r'},
        {"password-stdin", no_argument, NULL, 's'},
        {"site", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    const char *role = NULL, *cmd;
    bool from_stdin = false;
    int c, nargs;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cs.db = optarg; break;
        case 'p': cs.pg = optarg; break;
        case 'c': cs.config = optarg; break;
        case 'r': role = optarg; break;
        case 's': from_stdin = true; break;
        case 'S': cs.site = optarg; break;
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
    if (!cli_settings_finish(&cs))
        return 1;
    if (!strcmp(cmd, "add") && nargs == 2)
        return user_add(&cs, argv[optind + 1], role, from_stdin);
    if (!strcmp(cmd, "list") && nargs == 1)
        return user_list(&cs);
    if (!strcmp(cmd, "passwd") && nargs == 2)
        return user_passwd(&cs, argv[optind + 1], from_stdin);
    if (strcmp(cmd, "add") && strcmp(cmd, "list") && strcmp(cmd, "passwd"))
        cli_fail("user: unknown command '%s' (add, list or passwd)", cmd);
    else
        cli_fail("user %s: wrong number of arguments", cmd);
    return 2;
}
