/*
 * `cong template render FILE --data JSON_FILE [--partials DIR]`: renders one Mustache file
 * against a JSON file and prints the result, so a theme author can try a template without a
 * server or a database. Partials come from DIR (by default FILE's folder), loaded the way
 * the server loads a theme. The page is built in memory and written only when all of it
 * rendered: on any failure stdout stays empty and stderr gets one line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../render/render.h"
#include "cli.h"
#include "cli_int.h"

#define TEMPLATE_USAGE "usage: cong template render FILE --data JSON_FILE [--partials DIR]"

struct template_args {
    const char *file;
    const char *data;
    const char *partials;
};

/*
 * Reads "--name VALUE" or "--name=VALUE" at argv[*i] into *out; false if the flag is not
 * name. A missing value sets *bad.
 */
static bool take_option(int argc, char **argv, int *i, const char *name, const char **out,
                        bool *bad)
{
    size_t n = strlen(name);
    const char *arg = argv[*i];

    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '=') {
        *out = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        cli_fail("option '%s' needs a value (%s)", name, TEMPLATE_USAGE);
        *bad = true;
        return true;
    }
    *out = argv[++*i];
    return true;
}

/* Returns 0 when args are complete, else the exit status after printing the reason. */
static int parse_args(int argc, char **argv, struct template_args *a)
{
    bool bad = false;
    int i;

    if (argc < 1 || strcmp(argv[0], "render") != 0) {
        cli_fail("%s", TEMPLATE_USAGE);
        return 2;
    }
    for (i = 1; i < argc && !bad; i++) {
        if (take_option(argc, argv, &i, "--data", &a->data, &bad) ||
            take_option(argc, argv, &i, "--partials", &a->partials, &bad))
            continue;
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_fail("unknown option '%s' (%s)", argv[i], TEMPLATE_USAGE);
            return 2;
        }
        if (a->file) {
            cli_fail("unexpected argument '%s' (%s)", argv[i], TEMPLATE_USAGE);
            return 2;
        }
        a->file = argv[i];
    }
    if (bad)
        return 2;
    if (!a->file || !a->data || !a->file[0] || !a->data[0] || (a->partials && !a->partials[0])) {
        cli_fail("%s", TEMPLATE_USAGE);
        return 2;
    }
    return 0;
}

static json_t *load_data(const char *path)
{
    json_error_t jerr;
    json_t *data;
    FILE *f;

    f = fopen(path, "rb");
    if (!f) {
        cli_fail("cannot open data '%s': %s", path, strerror(errno));
        return NULL;
    }
    data = json_loadf(f, JSON_DECODE_ANY, &jerr);
    fclose(f);
    if (!data)
        cli_fail("bad JSON in '%s' line %d column %d: %s", path, jerr.line, jerr.column,
                 jerr.text);
    return data;
}

int cli_template(int argc, char **argv)
{
    struct template_args a = {0};
    struct cong_error err = {0};
    struct tmpl_set *set = NULL;
    struct buf dir, name, out;
    json_t *data = NULL;
    const char *slash, *base;
    struct stat st;
    size_t n;
    int status;

    buf_init(&dir, 0);
    buf_init(&name, 0);
    buf_init(&out, 0);
    status = parse_args(argc, argv, &a);
    if (status != 0)
        return status;
    status = 1;

    /* The template is named by its file name, so it can include itself as a partial. */
    slash = strrchr(a.file, '/');
    base = slash ? slash + 1 : a.file;
    n = strlen(base);
    if (n > 9 && strcmp(base + n - 9, ".mustache") == 0)
        n -= 9;
    buf_add(&name, base, n);
    if (a.partials)
        buf_puts(&dir, a.partials);
    else if (slash)
        buf_add(&dir, a.file, slash == a.file ? 1 : (size_t)(slash - a.file));
    else
        buf_putc(&dir, '.');
    if (buf_error(&name) != CONG_OK || buf_error(&dir) != CONG_OK || n == 0) {
        cli_fail("bad template file name '%s'", a.file);
        goto out;
    }
    /* Report a missing FILE as such, before its folder's other templates are read. */
    if (stat(a.file, &st) != 0) {
        cli_fail("cannot open template '%s': %s", a.file, strerror(errno));
        goto out;
    }
    data = load_data(a.data);
    if (!data)
        goto out;
    if (tmpl_set_new(&set) != CONG_OK) {
        cli_fail("out of memory");
        goto out;
    }
    if (tmpl_set_load_dir(set, dir.data, &err) != CONG_OK ||
        tmpl_set_add_file(set, name.data, a.file, &err) != CONG_OK ||
        tmpl_render(set, name.data, data, &out, &err) != CONG_OK) {
        cli_fail("%s", err.msg);
        goto out;
    }
    if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        cli_fail("cannot write output: %s", strerror(errno));
        goto out;
    }
    status = 0;
out:
    json_decref(data);
    tmpl_set_free(set);
    buf_release(&dir);
    buf_release(&name);
    buf_release(&out);
    return status;
}
