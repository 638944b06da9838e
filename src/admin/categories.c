/*
 * The admin's category page (/quan-tri/chuyen-muc): the tree of categories with its
 * indentation, and the forms editors use to create, rename, reorder, move under another
 * parent and delete them. Editors and above only. The rules (names, slugs, cycles, a category
 * that still holds articles) are the content module's; this file shows the tree and passes
 * its messages on.
 */
#include <stdlib.h>
#include <string.h>

#include "../content/content.h"
#include "../i18n/i18n.h"
#include "../web/web.h"
#include "admin_int.h"

#define CATEGORIES_PATH "/quan-tri/chuyen-muc"

enum cong_err admin_category_tree(struct arena *ar, const struct category *cats, size_t n,
                                  size_t **order, int **depth)
{
    size_t *o, *stack, k = 0, top = 0;
    int *d, *sd;
    bool *done;

    *order = NULL;
    *depth = NULL;
    o = arena_alloc(ar, (n + 1) * sizeof(*o));
    d = arena_alloc(ar, (n + 1) * sizeof(*d));
    stack = arena_alloc(ar, (n + 1) * sizeof(*stack));
    sd = arena_alloc(ar, (n + 1) * sizeof(*sd));
    done = arena_alloc(ar, (n + 1) * sizeof(*done));
    if (!o || !d || !stack || !sd || !done)
        return CONG_ENOMEM;
    /*
     * cats come ordered by position then name: walking them backwards onto a stack pops
     * siblings in that order. Roots first; children are pushed when their parent is popped.
     */
    for (size_t i = n; i-- > 0;) {
        if (cats[i].parent_id == 0) {
            stack[top] = i;
            sd[top++] = 0;
        }
    }
    while (top) {
        size_t i = stack[--top];
        int dep = sd[top];
        if (done[i])
            continue;
        done[i] = true;
        o[k] = i;
        d[k++] = dep;
        for (size_t j = n; j-- > 0;) {
            if (cats[j].parent_id == cats[i].id && !done[j] && top < n) {
                stack[top] = j;
                sd[top++] = dep + 1;
            }
        }
    }
    /* a parent that is missing (or a cycle written outside Cổng): shown last, unindented */
    for (size_t i = 0; i < n; i++) {
        if (!done[i]) {
            o[k] = i;
            d[k++] = 0;
        }
    }
    *order = o;
    *depth = d;
    return CONG_OK;
}

/* Each category's label in tree order: its name behind "— " per level. From ar. */
static const char **tree_labels(struct arena *ar, const struct category *cats, size_t n,
                                const size_t *order, const int *depth)
{
    const char **labels = arena_alloc(ar, (n + 1) * sizeof(*labels));

    for (size_t i = 0; labels && i < n; i++) {
        const char *label = cats[order[i]].name;
        for (int d = 0; d < depth[i] && label; d++)
            label = arena_printf(ar, _("— %s"), label);
        if (!label)
            return NULL;
        labels[i] = label;
    }
    return labels;
}

enum cong_err admin_category_options(struct store *st, struct arena *ar, const char *selected,
                                     json_t **out)
{
    struct category *cats;
    size_t n, *order;
    int *depth;
    const char **labels;
    json_t *list;
    enum cong_err rc;

    *out = NULL;
    if ((rc = store_list_categories(st, ar, &cats, &n)) != CONG_OK ||
        (rc = admin_category_tree(ar, cats, n, &order, &depth)) != CONG_OK)
        return rc;
    if (!(labels = tree_labels(ar, cats, n, order, depth)) || !(list = json_array()))
        return CONG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct category *c = &cats[order[i]];
        if (json_array_append_new(
                list, web_view((struct web_kv[]){
                          WEB_S("slug", c->slug), WEB_S("label", labels[i]),
                          WEB_B("selected", selected && !strcmp(selected, c->slug)), WEB_END}))) {
            json_decref(list);
            return CONG_ENOMEM;
        }
    }
    *out = list;
    return CONG_OK;
}

/* The categories in tree order, as the page shows them. */
struct tree {
    struct category *cats;
    size_t n, *order;
    int *depth;
    const char **labels;
};

static enum cong_err tree_read(struct store *st, struct arena *ar, struct tree *t)
{
    enum cong_err rc;

    if ((rc = store_list_categories(st, ar, &t->cats, &t->n)) != CONG_OK ||
        (rc = admin_category_tree(ar, t->cats, t->n, &t->order, &t->depth)) != CONG_OK)
        return rc;
    t->labels = tree_labels(ar, t->cats, t->n, t->order, t->depth);
    return t->labels ? CONG_OK : CONG_ENOMEM;
}

/* True if row j of t lies in the branch of row i (the rows after i deeper than it). */
static bool in_branch(const struct tree *t, size_t i, size_t j)
{
    if (j <= i)
        return j == i;
    for (size_t m = i + 1; m <= j; m++) {
        if (t->depth[m] <= t->depth[i])
            return false;
    }
    return true;
}

/* Where row i may move: the top, or any category outside its own branch. NULL: no memory. */
static json_t *move_options(const struct tree *t, size_t i)
{
    const struct category *c = &t->cats[t->order[i]];
    json_t *list = json_array();

    for (size_t j = 0; list && j < t->n; j++) {
        const struct category *p = &t->cats[t->order[j]];
        if (in_branch(t, i, j))
            continue;
        if (json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_I("id", p->id), WEB_S("label", t->labels[j]),
                                            WEB_B("selected", p->id == c->parent_id), WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* One row of the tree. */
static json_t *row_view(struct store *st, struct arena *ar, const struct tree *t, size_t i)
{
    const struct category *c = &t->cats[t->order[i]];
    size_t articles = 0, children = 0;
    int depth = t->depth[i];

    (void)store_category_usage(st, c->id, &articles, &children);
    return web_view((struct web_kv[]){
        WEB_I("id", c->id),
        WEB_S("name", c->name),
        WEB_S("slug", c->slug),
        WEB_S("description", c->description),
        WEB_I("depth", depth),
        WEB_S("indent", arena_printf(ar, "%d", depth > 6 ? 6 : depth)),
        WEB_I("articles", articles),
        WEB_I("children", children),
        WEB_S("public_url", content_category_path(ar, c->slug)),
        WEB_N("parents", move_options(t, i)),
        WEB_B("is_top", c->parent_id == 0),
        WEB_END});
}

/* The rows, and the create form's parent options (typed_parent, an id as text, selected).
   false (both NULL) when out of memory. */
static bool tree_views(struct store *st, struct arena *ar, const struct tree *t,
                       const char *typed_parent, json_t **rows, json_t **parents)
{
    *rows = json_array();
    *parents = json_array();
    for (size_t i = 0; *rows && *parents && i < t->n; i++) {
        const struct category *c = &t->cats[t->order[i]];
        const char *id = arena_printf(ar, "%lld", (long long)c->id);
        if (json_array_append_new(*rows, row_view(st, ar, t, i)) ||
            json_array_append_new(*parents,
                                  web_view((struct web_kv[]){
                                      WEB_I("id", c->id), WEB_S("label", t->labels[i]),
                                      WEB_B("selected", id && !strcmp(typed_parent, id)),
                                      WEB_END})))
            goto fail;
    }
    if (*rows && *parents)
        return true;
fail:
    json_decref(*rows);
    json_decref(*parents);
    *rows = *parents = NULL;
    return false;
}

static const struct admin_notice notices[] = {
    {"tao", N_("Đã tạo chuyên mục.")},       {"luu", N_("Đã lưu chuyên mục.")},
    {"chuyen", N_("Đã chuyển chuyên mục.")}, {"xep", N_("Đã đổi thứ tự chuyên mục.")},
    {"xoa", N_("Đã xóa chuyên mục.")},
};

static const char *form_text(const struct http_request *req, const char *name)
{
    const char *v = http_request_form_value(req, name);

    return v ? v : "";
}

/* The page, with status and one message; after a refusal the create form holds what was typed. */
static void categories_page(struct web *w, struct http_request *req, struct http_response *res,
                            const struct web_viewer *v, int status, const char *error)
{
    const char *notice = ADMIN_NOTICE(notices, http_request_query(req, "tb"));
    struct tree t;
    json_t *rows, *parents, *data = NULL;
    enum cong_err rc;

    if ((rc = tree_read(web_store(w, req), req->arena, &t)) != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    if (tree_views(web_store(w, req), req->arena, &t, error ? form_text(req, "parent") : "", &rows,
                   &parents))
        data = web_view_extend(
            web_admin_page_data(w, req, C_("danh sách", "Chuyên mục"), v),
            (struct web_kv[]){
                WEB_N("categories", rows),
                WEB_N("parent_options", parents),
                WEB_N("form", error ? web_view((struct web_kv[]){
                                          WEB_S("name", form_text(req, "name")),
                                          WEB_S("slug", form_text(req, "slug")),
                                          WEB_S("description", form_text(req, "description")),
                                          WEB_END})
                                    : json_object()),
                WEB_J("error", error ? web_jstr(error) : NULL),
                WEB_J("notice", !error && notice ? web_jstr(notice) : NULL),
                WEB_END});
    web_render_private(w, req, res, status, "admin-categories", data);
    json_decref(data);
}

/* A form's id field: a number from 0, or -1 when absent or malformed. */
static int64_t form_id(const struct http_request *req, const char *name)
{
    const char *v = http_request_form_value(req, name);
    int64_t id;

    if (!v || !text_parse_i64(v, strlen(v), &id) || id < 0)
        return -1;
    return id;
}

/* What a POST asks: the action, the category and the fields of its form. */
struct cat_post {
    const char *action;
    int64_t id;
    struct category_edit e;
};

/* The form's checks before the domain's: NULL if it may go on, else the message of a 400. */
static const char *post_parse(const struct http_request *req, struct cat_post *p)
{
    const char *a = http_request_form_value(req, "action");
    bool create = a && !strcmp(a, "create"), update = a && !strcmp(a, "update");

    memset(p, 0, sizeof(*p));
    p->action = a ? a : "";
    p->id = form_id(req, "id");
    if (!create && !update && strcmp(p->action, "parent") && strcmp(p->action, "up") &&
        strcmp(p->action, "down") && strcmp(p->action, "delete"))
        return _("Thao tác không hợp lệ.");
    if (create || update) {
        p->e.name = http_request_form_value(req, "name");
        p->e.slug = http_request_form_value(req, "slug");
        p->e.description = http_request_form_value(req, "description");
    }
    if (create || !strcmp(p->action, "parent")) {
        p->e.set_parent = true;
        p->e.parent_id = form_id(req, "parent");
    }
    if (!create && p->id <= 0)
        return _("Chưa chọn chuyên mục.");
    if (p->e.set_parent && p->e.parent_id < 0)
        return _("Chuyên mục cha không hợp lệ.");
    if ((create || update) && (!p->e.name || !*p->e.name))
        return _("Cần nhập tên chuyên mục.");
    return NULL;
}

/* Calls the content module for p; *done is the notice's code. */
static enum cong_err post_apply(struct store *st, const struct content_actor *who,
                                const struct cat_post *p, const char **done,
                                struct cong_error *err)
{
    int64_t created;

    if (!strcmp(p->action, "create")) {
        *done = "tao";
        return content_category_create(st, who, &p->e, &created, err);
    }
    if (!strcmp(p->action, "update") || !strcmp(p->action, "parent")) {
        *done = !strcmp(p->action, "update") ? "luu" : "chuyen";
        return content_category_update(st, who, p->id, &p->e, err);
    }
    if (!strcmp(p->action, "delete")) {
        *done = "xoa";
        return content_category_delete(st, who, p->id, err);
    }
    *done = "xep";
    return content_category_move(st, who, p->id, !strcmp(p->action, "up") ? -1 : 1, err);
}

/* A POST: one of the forms of the page, by its action field. */
static void categories_post(struct web *w, struct http_request *req, struct http_response *res,
                            const struct web_viewer *v)
{
    struct content_actor who;
    struct cong_error err = {0};
    struct cat_post p;
    const char *refused = post_parse(req, &p), *done;
    enum cong_err rc;

    if (refused) {
        categories_page(w, req, res, v, 400, refused);
        return;
    }
    web_actor(v, req, &who);
    rc = post_apply(web_store(w, req), &who, &p, &done, &err);
    if (rc != CONG_OK && web_status_of(rc) >= 500) {
        web_admin_fail(w, req, res, rc, &err);
        return;
    }
    if (rc != CONG_OK) {
        categories_page(w, req, res, v, web_status_of(rc),
                        *err.msg ? err.msg : _("Không thực hiện được thao tác này."));
        return;
    }
    web_see_other(req, res, arena_printf(req->arena, CATEGORIES_PATH "?tb=%s", done));
}

void admin_h_categories(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_EDITOR, &v))
        return;
    if (req->method == HTTP_POST) {
        categories_post(w, req, res, &v);
        return;
    }
    categories_page(w, req, res, &v, 200, NULL);
}
