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

#endif
