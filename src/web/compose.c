/*
 * Pages built from portlets: for one request it reads the page and the page `site` from the
 * store (every request: an admin's change shows at once), decides for each portlet what this
 * viewer may see, and renders the visible ones through their theme templates
 * (`portlet-TYPE`), the refused ones as `portlet-denied` or not at all. A portlet's render
 * function is never called for a viewer outside its roles, so nothing of its content can
 * reach them. The home, category, article, search and error pages and the pages at
 * /trang/SLUG all come through here.
 */
#include "web_int.h"

#include <string.h>

#include "../portal/portal.h"
#include "../render/render.h"
#include "../stats/stats.h"

/* The regions a composed page draws, in the order of enum region. */
enum region { R_HEADER, R_LEFT, R_MAIN, R_RIGHT, R_FOOTER, R_COUNT };
static const char *const region_names[R_COUNT] = {"header", "left", "main", "right", "footer"};

/* The most bytes one page's portlets may render to. */
#define REGION_MAX ((size_t)4 << 20)

/* The region of the composed page a portlet of page slug in region goes to, or R_COUNT. */
static enum region region_of(bool site_page, const struct portal_layout *l, const char *region)
{
    enum region r;

    /* a region the page's layout lacks (the layout changed) shows nothing */
    if (!l || !portal_layout_has_region(l, region))
        return R_COUNT;
    for (r = 0; r < R_COUNT; r++) {
        if (!strcmp(region_names[r], region))
            break;
    }
    if (!site_page && (r == R_HEADER || r == R_FOOTER))
        return R_COUNT;
    if (site_page && r == R_MAIN)
        return R_COUNT;
    return r;
}

/* What the portal's cards hook needs to draw for one request. */
struct cards_ctx {
    struct web *w;
    struct http_request *req;
};

static json_t *cards_hook(void *ctx, struct arena *a, const struct article *arts, size_t n,
                          bool covers)
{
    struct cards_ctx *c = ctx;

    (void)a; /* the request's own */
    return web_article_cards(c->w, c->req, arts, n, covers);
}

/* True if s[0..n) is only whitespace: a portlet that drew nothing. */
static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
            return false;
    }
    return true;
}

/* Drops what b holds past len (b's data is only written when it holds more). */
static void cut(struct buf *b, size_t len)
{
    if (b->len > len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

/*
 * Renders portlet p as show says into out: through its type's template with its view data,
 * or the denied message, or nothing.
 */
static enum cong_err render_slot(struct web *w, struct http_request *req, struct portal_env *env,
                                 const struct portlet *p, enum portal_show show, json_t *ctx,
                                 struct buf *out)
{
    const struct portlet_type *t = portal_type_find(p->type);
    json_t *pctx, *meta, *view = NULL;
    struct cong_error err;
    const char *tmpl;
    size_t start = out->len;
    enum cong_err rc;

    if (show == PORTAL_SHOW_NOTHING)
        return CONG_OK;
    if (!t) {
        log_warn("page portlet %lld has unknown type '%s': not shown", (long long)p->id, p->type);
        return CONG_OK;
    }
    pctx = json_object();
    meta = json_object();
    if (!pctx || !meta) {
        json_decref(pctx);
        json_decref(meta);
        return CONG_ENOMEM;
    }
    json_object_set(pctx, "site", json_object_get(ctx, "site"));
    json_object_set(pctx, "page", json_object_get(ctx, "page"));
    json_object_set_new(meta, "id", json_integer(p->id));
    json_object_set_new(meta, "type", json_string(t->name));
    json_object_set_new(meta, "region", json_string(env->region));
    json_object_set_new(meta, "in_main", json_boolean(!strcmp(env->region, "main")));
    json_object_set_new(
        meta, "in_side",
        json_boolean(!strcmp(env->region, "left") || !strcmp(env->region, "right")));
    json_object_set_new(
        meta, "in_bar",
        json_boolean(!strcmp(env->region, "header") || !strcmp(env->region, "footer")));
    if (show == PORTAL_SHOW) {
        json_object_set_new(meta, "title", json_string(portal_portlet_title(p)));
        /* the items' headings sit one level under the portlet's own */
        json_object_set_new(meta, "item_h", json_string(p->title && *p->title ? "h3" : "h2"));
        rc = portal_portlet_view(env, p, t, &view);
        if (rc != CONG_OK) {
            json_decref(meta);
            json_decref(pctx);
            return rc;
        }
        json_object_update(pctx, view);
        json_decref(view);
        tmpl = arena_printf(req->arena, "portlet-%s", t->name);
    } else {
        /* neither its title nor anything of its configuration: only that it is there */
        json_object_set_new(pctx, "message", json_string(_(PORTAL_DENIED_MESSAGE)));
        tmpl = "portlet-denied";
    }
    json_object_set_new(pctx, "portlet", meta);
    rc = tmpl ? tmpl_render(w->tmpl, tmpl, pctx, out, &err) : CONG_ENOMEM;
    json_decref(pctx);
    if (rc == CONG_ENOTFOUND) {
        log_warn("theme has no template '%s': portlet %lld not shown", tmpl, (long long)p->id);
        cut(out, start);
        return CONG_OK;
    }
    if (rc != CONG_OK)
        return rc;
    if (is_blank(out->data + start, out->len - start))
        cut(out, start);
    return CONG_OK;
}

/* The login form's token for a guest: the browser's if well formed, else a new one (set). */
const char *web_login_token(struct web *w, struct http_request *req, struct http_response *res)
{
    const char *token = http_request_cookie(req, AUTH_LOGIN_CSRF_COOKIE);
    char fresh[AUTH_SECRET_LEN + 1];
    unsigned flags;

    if (auth_secret_is_well_formed(token))
        return token;
    if (!res || !w->auth)
        return NULL;
    auth_secret_new(fresh);
    token = arena_strdup(req->arena, fresh);
    auth_wipe(fresh, sizeof(fresh));
    if (!token)
        return NULL;
    flags = HTTP_COOKIE_HTTPONLY | HTTP_COOKIE_STRICT |
            (auth_is_https(w->auth) ? HTTP_COOKIE_SECURE : 0);
    if (http_response_cookie(req, res, AUTH_LOGIN_CSRF_COOKIE, token, WEB_LOGIN_PATH, -1, flags) !=
        CONG_OK)
        return NULL;
    return token;
}

/* A page read from the store with its portlets; a missing page has none. */
struct loaded {
    struct page page;
    struct portlet *portlets;
    size_t n;
    const struct portal_layout *layout;
};

static enum cong_err load(struct store *st, struct arena *a, const char *slug, struct loaded *out)
{
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (!slug)
        return CONG_OK;
    rc = store_load_page(st, a, slug, &out->page, &out->portlets, &out->n);
    if (rc == CONG_ENOTFOUND) {
        /* `cong init` creates it; without it the page shows only what the site adds */
        log_warn("page '%s' is missing: run cong init", slug);
        out->layout = portal_layout_find(strcmp(slug, PORTAL_SITE_PAGE) ? "hai-cot" : "site");
        return CONG_OK;
    }
    if (rc == CONG_OK)
        out->layout = portal_layout_find(out->page.layout);
    return rc;
}

/* web_compose, with marks in place of the live values when marks is not NULL (a page drawn
   to be cached). */
static enum cong_err compose(struct web *w, struct http_request *req, struct http_response *res,
                             const char *slug, const struct web_subject *subj,
                             const struct web_viewer *v, const struct portal_marks *marks,
                             json_t *ctx)
{
    struct arena *a = req->arena;
    struct store *st = web_store(w, req);
    struct loaded pages[2]; /* the page, then site */
    struct buf regions[R_COUNT];
    struct stats_counts counts;
    struct portal_env env = {0};
    struct portal_shown shown = {0};
    enum portal_unauth site_default;
    json_t *rj;
    char *setting = NULL;
    enum cong_err rc;
    size_t i, k;
    int r;

    for (r = 0; r < R_COUNT; r++)
        buf_init(&regions[r], REGION_MAX);
    if ((rc = store_get_setting(st, a, "portlet_unauthorized", &setting)) != CONG_OK ||
        (rc = load(st, a, slug, &pages[0])) != CONG_OK ||
        (rc = load(st, a, PORTAL_SITE_PAGE, &pages[1])) != CONG_OK)
        goto out;
    site_default = portal_site_unauth(setting);

    env.store = st;
    env.has_shares = web_site(w, req)->has_children;
    env.arena = a;
    env.now = w->now();
    env.role = v->role;
    env.user_name = v->session ? v->session->user.name : NULL;
    env.csrf = v->session ? v->session->csrf : NULL;
    env.path = req->path;
    env.lang = i18n_code(i18n_lang());
    env.cards = cards_hook;
    /* decided while this page is drawn: a cached copy holds the same choice */
    env.shown = &shown;
    env.cards_ctx = arena_alloc(a, sizeof(struct cards_ctx));
    if (!env.cards_ctx) {
        rc = CONG_ENOMEM;
        goto out;
    }
    *(struct cards_ctx *)env.cards_ctx = (struct cards_ctx){w, req};
    if (subj) {
        env.article = subj->article;
        env.article_view = subj->article_view;
        env.category = subj->category;
        env.page_no = subj->page_no;
    }
    if (env.page_no < 1)
        env.page_no = 1;
    if (w->stats) {
        stats_cached(w->stats, web_site(w, req)->id, &counts);
        env.counts = &counts;
    }
    env.marks = marks;
    if (marks)
        env.login_csrf = marks->login_csrf; /* each visitor's own, filled in per request */

    /* page first, then the site's: in each column the page's own portlets come first */
    for (k = 0; k < 2; k++) {
        const struct loaded *pg = &pages[k];
        for (i = 0; i < pg->n; i++) {
            const struct portlet *p = &pg->portlets[i];
            enum region where = region_of(k == 1, pg->layout, p->region);
            enum portal_show show;
            if (where == R_COUNT)
                continue;
            show = portal_portlet_show(p, v->role, site_default);
            if (show == PORTAL_SHOW && !v->logged_in && !env.login_csrf &&
                !strcmp(p->type, "login"))
                env.login_csrf = web_login_token(w, req, res);
            env.region = region_names[where];
            rc = render_slot(w, req, &env, p, show, ctx, &regions[where]);
            if (rc != CONG_OK)
                goto out;
        }
    }

    rj = json_object();
    for (r = 0; r < R_COUNT; r++) {
        if (buf_error(&regions[r])) {
            rc = CONG_ENOMEM;
            json_decref(rj);
            goto out;
        }
        if (regions[r].len)
            json_object_set_new(rj, region_names[r], json_stringn(regions[r].data, regions[r].len));
    }
    if (!web_view_add(ctx, (struct web_kv[]){
            WEB_J("regions", rj),
            WEB_J("layout", web_view((struct web_kv[]){
                                WEB_S("name", pages[0].layout ? pages[0].layout->name : "hai-cot"),
                                WEB_B("has_left", regions[R_LEFT].len > 0),
                                WEB_B("has_right", regions[R_RIGHT].len > 0), WEB_END})),
            WEB_J("viewer", web_viewer_view(v)),
            WEB_END}))
        rc = CONG_ENOMEM;
out:
    for (r = 0; r < R_COUNT; r++)
        buf_release(&regions[r]);
    return rc;
}

enum cong_err web_compose(struct web *w, struct http_request *req, struct http_response *res,
                          const char *slug, const struct web_subject *subj,
                          const struct web_viewer *v, json_t *ctx)
{
    return compose(w, req, res, slug, subj, v, NULL, ctx);
}

enum cong_err web_compose_marked(struct web *w, struct http_request *req,
                                 struct http_response *res, const char *slug,
                                 const struct web_subject *subj, const struct web_viewer *v,
                                 const struct portal_marks *marks, json_t *ctx)
{
    return compose(w, req, res, slug, subj, v, marks, ctx);
}

bool web_mark_page_data(const struct portal_marks *m, const struct web_subject *subj,
                           json_t *ctx, int64_t *views)
{
    json_t *article = subj && subj->article_view ? subj->article_view : NULL;

    *views = article ? json_integer_value(json_object_get(article, "views")) : 0;
    if (json_object_get(ctx, "stats") &&
        !web_view_add(ctx, (struct web_kv[]){
                               WEB_N("stats", web_view((struct web_kv[]){
                                                  WEB_S("online", m->online),
                                                  WEB_S("today", m->today),
                                                  WEB_S("total", m->total), WEB_END})),
                               WEB_END}))
        return false;
    return !article || web_view_add(article, (struct web_kv[]){WEB_S("views", m->views), WEB_END});
}

void web_render_page(struct web *w, struct http_request *req, struct http_response *res,
                     const char *slug, const struct web_subject *subj, json_t *ctx)
{
    struct web_viewer v;
    const struct portal_marks *marks;
    int64_t article_id = subj && subj->article ? subj->article->id : 0, views = 0;
    enum cong_err rc;

    if (!ctx) {
        web_render(w, req, res, 503, "page", NULL);
        return;
    }
    web_viewer_find(w, req, &v);
    /* a guest's page is drawn once for every guest: the live values as marks */
    marks = v.logged_in ? NULL : web_cache_marks_for(w, req);
    if (marks && !web_mark_page_data(marks, subj, ctx, &views)) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    /* without marks, the article's views as people read numbers (1.234 / 1,234) */
    if (!marks && subj && subj->article_view &&
        json_is_integer(json_object_get(subj->article_view, "views")) &&
        !web_view_add(subj->article_view,
                      (struct web_kv[]){WEB_NUM("views", json_integer_value(json_object_get(
                                                             subj->article_view, "views"))),
                                        WEB_END})) {
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    rc = compose(w, req, res, slug, subj, &v, marks, ctx);
    if (rc == CONG_ENOTFOUND) {
        web_not_found(w, req, res);
        return;
    }
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }
    web_count_view(w, req, res, article_id);
    web_render(w, req, res, 200, "page", ctx);
    /* what a logged-in viewer sees is theirs alone, and may hold their session's token */
    if (v.logged_in)
        http_response_set_header(res, "Cache-Control", "private, no-store");
    else if (marks && res->status == 200)
        web_cache_keep(w, req, res, true, article_id, views);
}
