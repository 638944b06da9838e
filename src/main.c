/*
 * The `cong` command: dispatches to a subcommand in src/cli. Nothing else lives here.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/core.h"

static void help(FILE *f)
{
    fputs("cong - a fast, safe web portal server\n"
          "\n"
          "usage:\n"
          "  cong init  [--db PATH] [--demo] [--site-name NAME]   create or migrate a portal\n"
          "  cong serve [--config FILE] [--db PATH] [--listen HOST:PORT] [--threads N]\n"
          "             [--theme DIR]                            serve it over HTTP\n"
          "  cong user add NAME --role ROLE [--site HOST] [--password-stdin]\n"
          "                                                      add a user (or a role on HOST)\n"
          "  cong user list [--site HOST] | cong user passwd NAME [--password-stdin]\n"
          "  cong token create NAME                              print a new API token\n"
          "  cong token list | cong token revoke ID\n"
          "  cong setting list | get KEY | set KEY VALUE [--site HOST]   a site's settings\n"
          "  cong redirect add OLD NEW | list | remove OLD [--site HOST]\n"
          "                                                      301s from an old portal's paths\n"
          "  cong site add HOST --name NAME [--parent HOST] | list | remove HOST [--force]\n"
          "                                                      the sites of this server\n"
          "  cong import wxr FILE [--uploads DIR] [--site HOST]  a WordPress export, into a site\n"
          "  cong export wxr FILE [--site HOST]                  a site as a WordPress export\n"
          "  cong backup FILE | cong restore FILE [--force]      a copy taken while serving,\n"
          "                                                      and putting one back\n"
          "  cong mail test ADDRESS [--config FILE]              send a test e-mail through\n"
          "                                                      [mail] smtp_url\n"
          "  cong template render FILE --data JSON_FILE [--partials DIR]\n"
          "                                                      render a Mustache file\n"
          "  cong --version | cong help\n"
          "\n"
          "environment: CONG_DB, CONG_PG, CONG_LISTEN, CONG_THEME, CONG_CONFIG\n"
          "defaults: database ./cong.db, listen 127.0.0.1:8080\n",
          f);
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;

    opterr = 0; /* subcommands report a bad option in one line of their own */
    if (!cmd) {
        help(stderr);
        return 2;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        help(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("cong %s\n", CONG_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "init"))
        return cli_init(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return cli_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "user"))
        return cli_user(argc - 1, argv + 1);
    if (!strcmp(cmd, "token"))
        return cli_token(argc - 1, argv + 1);
    if (!strcmp(cmd, "setting"))
        return cli_setting(argc - 1, argv + 1);
    if (!strcmp(cmd, "redirect"))
        return cli_redirect(argc - 1, argv + 1);
    if (!strcmp(cmd, "site"))
        return cli_site(argc - 1, argv + 1);
    if (!strcmp(cmd, "import"))
        return cli_import(argc - 1, argv + 1);
    if (!strcmp(cmd, "export"))
        return cli_export(argc - 1, argv + 1);
    if (!strcmp(cmd, "mail"))
        return cli_mail(argc - 1, argv + 1);
    if (!strcmp(cmd, "backup"))
        return cli_backup(argc - 1, argv + 1);
    if (!strcmp(cmd, "restore"))
        return cli_restore(argc - 1, argv + 1);
    if (!strcmp(cmd, "template")) {
        if (argc < 3 || strcmp(argv[2], "render") != 0) {
            fprintf(stderr, "cong: usage: cong template render FILE --data JSON_FILE "
                            "[--partials DIR]\n");
            return 2;
        }
        return cli_template(argc - 2, argv + 2);
    }
    fprintf(stderr, "cong: unknown command '%s' (try 'cong help')\n", cmd);
    return 2;
}
