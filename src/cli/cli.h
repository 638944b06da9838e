/*
 * The command line: one function per `cong` subcommand. Each takes the arguments after the
 * subcommand's name, prints errors as one line on stderr, and returns the exit status.
 */
#ifndef CONG_CLI_H
#define CONG_CLI_H

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
/* cong template render FILE --data JSON_FILE [--partials DIR] */
int cli_template(int argc, char **argv);
/* cong user add NAME --role ROLE [--password-stdin] | user list | user passwd NAME */
int cli_user(int argc, char **argv);
/* cong token create NAME | token list | token revoke ID */
int cli_token(int argc, char **argv);
/* cong setting list | setting get KEY | setting set KEY VALUE */
int cli_setting(int argc, char **argv);
/* cong redirect add OLD NEW | redirect list | redirect remove OLD */
int cli_redirect(int argc, char **argv);
/* cong site add HOST --name NAME [--parent HOST] | site list | site remove HOST [--force] */
int cli_site(int argc, char **argv);
/* cong backup FILE | cong restore FILE [--force] */
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
/* cong import wxr FILE [--uploads DIR] [--site HOST] */
int cli_import(int argc, char **argv);
/* cong export wxr FILE [--site HOST] */
int cli_export(int argc, char **argv);
/* cong mail test ADDRESS [--config FILE] */
int cli_mail(int argc, char **argv);

#endif
