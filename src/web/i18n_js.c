/*
 * GET /i18n/en.js: the English of the admin's scripts. The theme's scripts (editor.js,
 * visual-editor.js, bulk.js) write their Vietnamese text through a tiny T(s) that returns
 * window.CONG_T[s] when there is one; this script sets window.CONG_T to the catalogue's
 * translations of those messages (i18n_js_messages), as a JSON object. The admin's pages load
 * it before their scripts only when they are in English, so Vietnamese pages cost nothing.
 *
 * The text is made once, the first time it is asked for (the catalogue is compiled in, so it
 * never changes while the process runs), and answered with a strong ETag so a browser asks
 * again only to hear 304.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../i18n/i18n.h"
#include "web_int.h"

struct js_dict {
    char *text; /* "window.CONG_T = {…};\n"; NULL when it could not be made */
    size_t len;
    char etag[40]; /* "\"" 32 hex digits "\"" */
};

static struct js_dict dict_en;
static pthread_once_t dict_once = PTHREAD_ONCE_INIT;

static void make_dict(void)
{
    size_t n;
    const struct i18n_pair *m = i18n_js_messages(I18N_EN, &n);
    json_t *o = json_object();
    char *json = NULL;
    struct buf b;
    struct arena a;
    const char *etag;

    for (size_t i = 0; o && i < n; i++) {
        if (json_object_set_new(o, m[i].msgid, json_string(m[i].msgstr)) != 0) {
            json_decref(o);
            o = NULL;
        }
    }
    /* sorted keys: the same text, so the same ETag, on every node of a cluster; "</" is
       escaped ("<\/") so the text could sit in a page's inline script too */
    if (o)
        json = json_dumps(o, JSON_SORT_KEYS | JSON_ESCAPE_SLASH);
    json_decref(o);
    if (!json) {
        log_error("cannot make /i18n/en.js: out of memory");
        return;
    }
    buf_init(&b, 0);
    buf_puts(&b, "window.CONG_T = ");
    buf_puts(&b, json);
    buf_puts(&b, ";\n");
    free(json);
    arena_init(&a, 0);
    etag = buf_error(&b) ? NULL : http_etag_of(&a, b.data, b.len);
    if (etag && strlen(etag) < sizeof(dict_en.etag)) {
        memcpy(dict_en.etag, etag, strlen(etag) + 1);
        dict_en.text = buf_detach(&b, &dict_en.len);
    } else {
        log_error("cannot make /i18n/en.js: out of memory");
    }
    arena_release(&a);
    buf_release(&b);
}

static void h_i18n_js(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;

    (void)pthread_once(&dict_once, make_dict);
    if (!dict_en.text) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    res->content_type = "text/javascript; charset=utf-8";
    /* the same for everyone; a new build may change it, so browsers check (and get 304) */
    http_response_set_header(res, "Cache-Control", "public, no-cache");
    if (http_conditional(req, res, dict_en.etag, 0))
        return;
    res->data = dict_en.text;
    res->data_len = dict_en.len;
}

enum cong_err web_i18n_js_add_routes(struct web *w, struct http_router *r)
{
    return http_router_add(r, HTTP_GET, "/i18n/en.js", h_i18n_js, w);
}
