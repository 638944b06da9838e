/*
 * `cong mail test ADDRESS`: sends one e-mail through the [mail] settings of the config file,
 * synchronously, and says in one line whether the SMTP server took it (exit 0) or what went
 * wrong (stderr, exit 1). It opens no portal: it checks the mail settings only.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../core/core.h"
#include "../mail/mail.h"
#include "cli.h"
#include "cli_int.h"

#define USAGE "usage: cong mail test ADDRESS [--config FILE]"

static const char test_body[] =
    "Đây là thư thử do lệnh `cong mail test` gửi.\n"
    "Nếu bạn nhận được thư này, cấu hình [mail] của Cổng đã hoạt động.\n"
    "\n"
    "This is a test message sent by `cong mail test`: Cổng's [mail] settings work.\n";

int cli_mail(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cli_settings cs = {0};
    struct cong_error err = {0};
    struct mailer *m = NULL;
    const char *to;
    int c, status = 1;

    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cs.config = optarg; break;
        case 'h': fprintf(stdout, "%s\n", USAGE); return 0;
        default: return cli_bad_option(argv, USAGE);
        }
    }
    if (argc - optind != 2 || strcmp(argv[optind], "test") != 0) {
        cli_fail("%s", USAGE);
        return 2;
    }
    to = argv[optind + 1];
    if (!cli_settings_finish(&cs))
        return 1;
    if (!cs.mail_url || !*cs.mail_url) {
        cli_fail("mail: no [mail] smtp_url in the config file (--config FILE or CONG_CONFIG)");
        return 1;
    }
    if (!mail_address_is_valid(to)) {
        cli_fail("mail: invalid address '%s'", to);
        return 2;
    }
    if (mail_new(&(struct mail_config){cs.mail_url, cs.mail_from}, &m, &err) != CONG_OK) {
        cli_fail("mail: %s", err.msg);
        return 1;
    }
    if (mail_send(m, to, "Cổng: thư thử / test message", test_body, &err) != CONG_OK) {
        cli_fail("mail: cannot send to '%s': %s", to, err.msg);
        goto out;
    }
    printf("sent a test message to %s\n", to);
    status = 0;
out:
    mail_free(m);
    return status;
}
