/*
 * Tests of the Mustache engine in src/render through render.h only: escaping, sections,
 * partials and their bounds, parse errors with positions, loading a folder, rendering from
 * many threads at once, and every test of the official Mustache spec's core modules (read
 * from MUSTACHE_SPEC_DIR), each spec test run as its own check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/render.h"

/* Parses src as template "t" (plus optional partials as name, source pairs) and renders. */
static enum cong_err render_src(const char *src, const char *json, struct buf *out,
                                struct cong_error *err)
{
    struct tmpl_set *set;
    json_error_t jerr;
    json_t *data = NULL;
    enum cong_err rc;

    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    rc = tmpl_set_add(set, "t", src, strlen(src), err);
    if (rc == CONG_OK) {
        if (json) {
            data = json_loads(json, JSON_DECODE_ANY, &jerr);
            assert_non_null(data);
        }
        rc = tmpl_render(set, "t", data, out, err);
    }
    json_decref(data);
    tmpl_set_free(set);
    return rc;
}

static void assert_renders(const char *src, const char *json, const char *expected)
{
    struct cong_error err = {0};
    struct buf out;

    buf_init(&out, 0);
    assert_int_equal(render_src(src, json, &out, &err), CONG_OK);
    assert_string_equal(out.data, expected);
    buf_release(&out);
}

static void assert_parse_error(const char *name, const char *src, const char *msg)
{
    struct cong_error err = {0};
    struct tmpl_set *set;

    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, name, src, strlen(src), &err), CONG_EPARSE);
    assert_int_equal(err.code, CONG_EPARSE);
    assert_string_equal(err.msg, msg);
    assert_false(tmpl_set_has(set, name));
    tmpl_set_free(set);
}

static void double_mustache_escapes_html(void **state)
{
    (void)state;
    assert_renders("<p>{{x}}</p>", "{\"x\": \"<a href='u'>&\\\"</a>\"}",
                   "<p>&lt;a href=&#39;u&#39;&gt;&amp;&quot;&lt;/a&gt;</p>");
}

static void triple_mustache_and_ampersand_are_raw(void **state)
{
    (void)state;
    assert_renders("{{{x}}}|{{& x}}|{{x}}", "{\"x\": \"<b>\"}", "<b>|<b>|&lt;b&gt;");
}

static void missing_names_and_null_context_render_nothing(void **state)
{
    (void)state;
    assert_renders("[{{a}}{{{b.c}}}{{#d}}x{{/d}}{{^d}}y{{/d}}]", "{}", "[y]");
    assert_renders("[{{a}}{{.}}]", NULL, "[]");
}

static void numbers_render_in_shortest_form(void **state)
{
    (void)state;
    assert_renders("{{i}} {{n}} {{r}} {{s}} {{big}} {{t}} {{f}}",
                   "{\"i\": 42, \"n\": -7, \"r\": 0.1, \"s\": 2.5e-10, "
                   "\"big\": 9007199254740993, \"t\": true, \"f\": false}",
                   "42 -7 0.1 2.5e-10 9007199254740993 true false");
}

static void empty_string_and_zero_are_falsey(void **state)
{
    (void)state;
    assert_renders("{{#s}}S{{/s}}{{#z}}Z{{/z}}{{^s}}s{{/s}}{{^z}}z{{/z}}{{#o}}O{{/o}}",
                   "{\"s\": \"\", \"z\": 0, \"o\": {}}", "szO");
}

static void list_section_iterates_with_outer_names_visible(void **state)
{
    (void)state;
    assert_renders("{{#items}}<li>{{name}} ({{site}})</li>{{/items}}",
                   "{\"site\": \"Cổng\", \"items\": [{\"name\": \"Một\"}, {\"name\": \"Hai\"}]}",
                   "<li>Một (Cổng)</li><li>Hai (Cổng)</li>");
}

static void custom_delimiters_allow_triple_form(void **state)
{
    (void)state;
    assert_renders("{{=<% %>=}}<%x%>|<%{x}%>|<%& x%>|{{x}}", "{\"x\": \"&\"}",
                   "&amp;|&|&|{{x}}");
}

static void standalone_partial_indents_its_lines_not_its_data(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf out;
    json_t *data;
    const char *outer = "<ul>\n  {{> item}}\n</ul>\n";
    const char *item = "<li>\n  {{{text}}}\n</li>\n{{#more}}\n{{> leaf}}\n{{/more}}\n";
    const char *leaf = "<i>{{x}}</i>\n";

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "outer", outer, strlen(outer), &err), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "item", item, strlen(item), &err), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "leaf", leaf, strlen(leaf), &err), CONG_OK);
    data = json_pack("{s:s, s:b, s:s}", "text", "a\nb", "more", 1, "x", "y");
    buf_init(&out, 0);
    assert_int_equal(tmpl_render(set, "outer", data, &out, &err), CONG_OK);
    assert_string_equal(out.data, "<ul>\n  <li>\n    a\nb\n  </li>\n  <i>y</i>\n</ul>\n");
    buf_release(&out);
    json_decref(data);
    tmpl_set_free(set);
}

static void missing_partial_renders_nothing(void **state)
{
    (void)state;
    assert_renders("[{{> nowhere}}]\n  {{> nowhere}}\nend", "{}", "[]\nend");
}

static void recursive_partial_stops_at_depth_limit(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf out;
    const char *self = "x{{> self}}";
    size_t i;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "self", self, strlen(self), &err), CONG_OK);
    buf_init(&out, 0);
    assert_int_equal(tmpl_render(set, "self", NULL, &out, &err), CONG_OK);
    assert_int_equal(out.len, TMPL_MAX_PARTIAL_DEPTH + 1);
    for (i = 0; i < out.len; i++)
        assert_int_equal(out.data[i], 'x');
    buf_release(&out);
    tmpl_set_free(set);
}

static void mutually_recursive_partials_stop(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf out;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "a", "a{{>b}}{{>b}}", 13, &err), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "b", "{{>a}}", 6, &err), CONG_OK);
    /* Fan-out 2 at each level would be 2^32 leaves: the cap on output stops it here (and
     * TMPL_MAX_RENDER_STEPS where there is little output: fanning_out_partials_...). */
    buf_init(&out, 1 << 16);
    assert_int_equal(tmpl_render(set, "a", NULL, &out, &err), CONG_ENOMEM);
    assert_int_equal(err.code, CONG_ENOMEM);
    buf_release(&out);
    tmpl_set_free(set);
}

static void unclosed_section_names_line_and_column(void **state)
{
    (void)state;
    assert_parse_error("article",
                       "<h1>{{title}}</h1>\n<ul>\n  {{#items}}\n    <li>{{.}}</li>\n</ul>\n",
                       "template 'article' line 3 column 3: unclosed section 'items'");
}

static void column_counts_characters_not_bytes(void **state)
{
    (void)state;
    assert_parse_error("home", "Trang chủ: {{tên", "template 'home' line 1 column 12: "
                                                  "unclosed tag '{{'");
}

static void mismatched_section_end_is_an_error(void **state)
{
    (void)state;
    assert_parse_error("t", "{{#a}}\n{{#b}}x{{/a}}",
                       "template 't' line 2 column 8: section end 'a' does not match section 'b'");
    assert_parse_error("t", "x\r\n {{/a}}",
                       "template 't' line 2 column 2: section end 'a' without open section");
}

static void bad_tags_are_errors(void **state)
{
    (void)state;
    assert_parse_error("t", "{{=<% =}}", "template 't' line 1 column 1: bad delimiter change '<%'");
    assert_parse_error("t", "a {{=<% % %>=}}",
                       "template 't' line 1 column 3: bad delimiter change '<% % %>'");
    assert_parse_error("t", "{{ }}", "template 't' line 1 column 1: empty tag");
    assert_parse_error("t", "{{a..b}}", "template 't' line 1 column 1: bad name 'a..b'");
    assert_parse_error("t", "{{{x}}", "template 't' line 1 column 1: unclosed tag '{{'");
    assert_parse_error("t", "{{=[ ]=}}\n[x", "template 't' line 2 column 1: unclosed tag '['");
    assert_parse_error("t", "{{>}}", "template 't' line 1 column 1: empty partial name");
}

static void deep_section_nesting_is_an_error(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf src;
    int i;

    (void)state;
    buf_init(&src, 0);
    for (i = 0; i < 1000; i++)
        buf_puts(&src, "{{#a}}");
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "deep", src.data, src.len, &err), CONG_EPARSE);
    assert_non_null(strstr(err.msg, "nested deeper than"));
    buf_release(&src);
    tmpl_set_free(set);
}

/* Found by fuzz_template: a partial that includes itself twice made 2^64 calls without any
 * output, well within the depth limit; the count of steps now stops it. */
static void fanning_out_partials_stop_after_a_bounded_work(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf out;
    const char *src = "{{>p}}{{>p}}";

    (void)state;
    buf_init(&out, 0);
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "p", src, strlen(src), &err), CONG_OK);
    assert_int_equal(tmpl_render(set, "p", NULL, &out, &err), CONG_ETOOBIG);
    assert_non_null(strstr(err.msg, "steps"));
    buf_release(&out);
    tmpl_set_free(set);
}

static void invalid_utf8_template_is_refused(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "bad", "a\xc3(b", 5, &err), CONG_EPARSE);
    assert_string_equal(err.msg, "template 'bad' is not valid UTF-8");
    tmpl_set_free(set);
}

static void failed_add_keeps_previous_template(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf out;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "p", "old", 3, &err), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "p", "{{#x}}", 6, &err), CONG_EPARSE);
    buf_init(&out, 0);
    assert_int_equal(tmpl_render(set, "p", NULL, &out, &err), CONG_OK);
    assert_string_equal(out.data, "old");
    assert_int_equal(tmpl_set_add(set, "p", "new", 3, &err), CONG_OK);
    buf_reset(&out);
    assert_int_equal(tmpl_render(set, "p", NULL, &out, &err), CONG_OK);
    assert_string_equal(out.data, "new");
    buf_release(&out);
    tmpl_set_free(set);
}

static void unknown_template_is_not_found(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf out;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    buf_init(&out, 0);
    assert_false(tmpl_set_has(set, "home"));
    assert_int_equal(tmpl_render(set, "home", NULL, &out, &err), CONG_ENOTFOUND);
    assert_string_equal(err.msg, "no template 'home'");
    assert_int_equal(out.len, 0);
    buf_release(&out);
    tmpl_set_free(set);
}

static void output_over_cap_is_enomem(void **state)
{
    struct cong_error err = {0};
    struct buf out;

    (void)state;
    buf_init(&out, 10);
    assert_int_equal(render_src("{{#l}}abcd{{/l}}", "{\"l\": [1, 2, 3]}", &out, &err),
                     CONG_ENOMEM);
    buf_release(&out);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;

    assert_true(snprintf(path, sizeof(path), "%s/%s", dir, name) < (int)sizeof(path));
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void remove_dir(const char *dir)
{
    char path[512];
    struct dirent *d;
    DIR *dp = opendir(dir);

    assert_non_null(dp);
    while ((d = readdir(dp)) != NULL) {
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
            continue;
        assert_true(snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) < (int)sizeof(path));
        unlink(path);
    }
    closedir(dp);
    rmdir(dir);
}

static void load_dir_adds_mustache_files_by_name(void **state)
{
    char dir[] = "/tmp/cong-tmpl-XXXXXX";
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf out;
    json_t *data;

    (void)state;
    assert_non_null(mkdtemp(dir));
    write_file(dir, "page.mustache", "{{> head}}<main>{{body}}</main>\n");
    write_file(dir, "head.mustache", "<title>{{title}}</title>\n");
    write_file(dir, "notes.txt", "{{#broken");
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_load_dir(set, dir, &err), CONG_OK);
    assert_true(tmpl_set_has(set, "page"));
    assert_true(tmpl_set_has(set, "head"));
    assert_false(tmpl_set_has(set, "notes"));
    data = json_pack("{s:s, s:s}", "title", "Tin tức", "body", "a<b");
    buf_init(&out, 0);
    assert_int_equal(tmpl_render(set, "page", data, &out, &err), CONG_OK);
    assert_string_equal(out.data, "<title>Tin tức</title>\n<main>a&lt;b</main>\n");

    write_file(dir, "zz.mustache", "\n{{/x}}");
    assert_int_equal(tmpl_set_load_dir(set, dir, &err), CONG_EPARSE);
    assert_string_equal(err.msg,
                        "template 'zz' line 2 column 1: section end 'x' without open section");

    buf_release(&out);
    json_decref(data);
    tmpl_set_free(set);
    remove_dir(dir);
}

static void load_dir_of_missing_folder_is_eio(void **state)
{
    struct cong_error err = {0};
    struct tmpl_set *set;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_load_dir(set, "/nonexistent/cong/theme", &err), CONG_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/cong/theme"));
    tmpl_set_free(set);
}

struct thread_job {
    const struct tmpl_set *set;
    int id;
    int failures;
};

static void *render_many(void *arg)
{
    struct thread_job *job = arg;
    struct cong_error err;
    struct buf out, want;
    json_t *data;
    int i;

    data = json_pack("{s:i, s:[{s:s},{s:s}]}", "id", job->id, "items", "n", "<a>", "n", "b");
    buf_init(&out, 0);
    buf_init(&want, 0);
    buf_printf(&want, "<h1>%d</h1>\n  <li>&lt;a&gt;</li>\n  <li>b</li>\n", job->id);
    for (i = 0; i < 300; i++) {
        buf_reset(&out);
        if (tmpl_render(job->set, "page", data, &out, &err) != CONG_OK ||
            strcmp(out.data, want.data) != 0)
            job->failures++;
    }
    buf_release(&out);
    buf_release(&want);
    json_decref(data);
    return NULL;
}

static void renders_concurrently_from_one_set(void **state)
{
    const char *page = "<h1>{{id}}</h1>\n{{#items}}\n  {{> item}}\n{{/items}}\n";
    const char *item = "<li>{{n}}</li>\n";
    struct thread_job jobs[8];
    pthread_t threads[8];
    struct cong_error err = {0};
    struct tmpl_set *set;
    int i;

    (void)state;
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "page", page, strlen(page), &err), CONG_OK);
    assert_int_equal(tmpl_set_add(set, "item", item, strlen(item), &err), CONG_OK);
    for (i = 0; i < 8; i++) {
        jobs[i].set = set;
        jobs[i].id = i;
        jobs[i].failures = 0;
        assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
    }
    for (i = 0; i < 8; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(jobs[i].failures, 0);
    }
    tmpl_set_free(set);
}

/* The official spec, one check per spec test. */

static const char *const spec_files[] = {"comments",  "delimiters", "interpolation",
                                         "inverted",  "partials",   "sections"};

static void run_spec_test(void **state)
{
    const json_t *t = *state;
    const char *tmpl = json_string_value(json_object_get(t, "template"));
    const char *expected = json_string_value(json_object_get(t, "expected"));
    json_t *partials = json_object_get(t, "partials");
    struct cong_error err = {0};
    struct tmpl_set *set;
    struct buf out;
    const char *pname;
    json_t *psrc;
    enum cong_err rc;

    assert_non_null(tmpl);
    assert_non_null(expected);
    assert_int_equal(tmpl_set_new(&set), CONG_OK);
    json_object_foreach(partials, pname, psrc) {
        rc = tmpl_set_add(set, pname, json_string_value(psrc), json_string_length(psrc), &err);
        if (rc != CONG_OK)
            fail_msg("partial '%s': %s", pname, err.msg);
    }
    rc = tmpl_set_add(set, "spec", tmpl, strlen(tmpl), &err);
    if (rc != CONG_OK)
        fail_msg("%s", err.msg);
    buf_init(&out, 0);
    rc = tmpl_render(set, "spec", json_object_get(t, "data"), &out, &err);
    if (rc != CONG_OK)
        fail_msg("%s", err.msg);
    if (strcmp(out.data, expected) != 0) {
        print_error("template: %s\nexpected: %s\n     got: %s\n", tmpl, expected, out.data);
        fail();
    }
    buf_release(&out);
    tmpl_set_free(set);
}

static void spec_dir_missing(void **state)
{
    (void)state;
    print_message("MUSTACHE_SPEC_DIR is not set or not a folder: spec tests skipped\n");
    skip();
}

static int run_spec(void)
{
    const char *dir = getenv("MUSTACHE_SPEC_DIR");
    json_t *files[sizeof(spec_files) / sizeof(spec_files[0])] = {0};
    struct CMUnitTest *tests = NULL, missing[] = {cmocka_unit_test(spec_dir_missing)};
    char **names = NULL;
    size_t i, j, n = 0, total = 0;
    json_error_t jerr;
    struct stat st;
    char path[1024];
    int failed;

    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cmocka_run_group_tests_name("mustache spec", missing, NULL, NULL);
    for (i = 0; i < sizeof(spec_files) / sizeof(spec_files[0]); i++) {
        if (snprintf(path, sizeof(path), "%s/%s.json", dir, spec_files[i]) >= (int)sizeof(path))
            return 1;
        files[i] = json_load_file(path, 0, &jerr);
        if (!files[i]) {
            fprintf(stderr, "cannot load spec '%s': %s\n", path, jerr.text);
            return 1;
        }
        total += json_array_size(json_object_get(files[i], "tests"));
    }
    tests = calloc(total, sizeof(*tests));
    names = calloc(total, sizeof(*names));
    if (!tests || !names)
        return 1;
    for (i = 0; i < sizeof(spec_files) / sizeof(spec_files[0]); i++) {
        json_t *list = json_object_get(files[i], "tests");
        for (j = 0; j < json_array_size(list); j++, n++) {
            json_t *t = json_array_get(list, j);
            const char *name = json_string_value(json_object_get(t, "name"));
            size_t len = strlen(spec_files[i]) + strlen(name ? name : "?") + 3;

            names[n] = malloc(len);
            if (!names[n] || snprintf(names[n], len, "%s: %s", spec_files[i], name) < 0)
                return 1;
            tests[n].name = names[n];
            tests[n].test_func = run_spec_test;
            tests[n].initial_state = t;
        }
    }
    failed = _cmocka_run_group_tests("mustache spec", tests, n, NULL, NULL);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(tests);
    for (i = 0; i < sizeof(spec_files) / sizeof(spec_files[0]); i++)
        json_decref(files[i]);
    return failed;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(double_mustache_escapes_html),
        cmocka_unit_test(triple_mustache_and_ampersand_are_raw),
        cmocka_unit_test(missing_names_and_null_context_render_nothing),
        cmocka_unit_test(numbers_render_in_shortest_form),
        cmocka_unit_test(empty_string_and_zero_are_falsey),
        cmocka_unit_test(list_section_iterates_with_outer_names_visible),
        cmocka_unit_test(custom_delimiters_allow_triple_form),
        cmocka_unit_test(standalone_partial_indents_its_lines_not_its_data),
        cmocka_unit_test(missing_partial_renders_nothing),
        cmocka_unit_test(recursive_partial_stops_at_depth_limit),
        cmocka_unit_test(mutually_recursive_partials_stop),
        cmocka_unit_test(fanning_out_partials_stop_after_a_bounded_work),
        cmocka_unit_test(unclosed_section_names_line_and_column),
        cmocka_unit_test(column_counts_characters_not_bytes),
        cmocka_unit_test(mismatched_section_end_is_an_error),
        cmocka_unit_test(bad_tags_are_errors),
        cmocka_unit_test(deep_section_nesting_is_an_error),
        cmocka_unit_test(invalid_utf8_template_is_refused),
        cmocka_unit_test(failed_add_keeps_previous_template),
        cmocka_unit_test(unknown_template_is_not_found),
        cmocka_unit_test(output_over_cap_is_enomem),
        cmocka_unit_test(load_dir_adds_mustache_files_by_name),
        cmocka_unit_test(load_dir_of_missing_folder_is_eio),
        cmocka_unit_test(renders_concurrently_from_one_set),
    };
    int failed = cmocka_run_group_tests_name("template", tests, NULL, NULL);

    return failed + run_spec();
}
