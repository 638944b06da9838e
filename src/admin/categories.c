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

/* The page, with status, what the create form holds and one message. */
static void categories_page(struct admin *ad, struct http_request *req, struct http_response *res,
                            const struct auth_session *s, int status, const char *error)
{
    struct store *st = web_store(ad->web);
    struct category *cats;
    size_t n, *order;
    int *depth;
    json_t *data, *list, *parents, *form;
    const char *tb = http_request_query(req, "tb");
    const char *typed_parent = "";
    const char **labels;
    enum cong_err rc;

    if ((rc = store_list_categories(st, req->arena, &cats, &n)) != CONG_OK ||
        (rc = admin_category_tree(req->arena, cats, n, &order, &depth)) != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    if (error) {
        const char *p = http_request_form_value(req, "parent");
        typed_parent = p ? p : "";
    }
    labels = arena_alloc(req->arena, (n + 1) * sizeof(*labels));
    if (!labels)
        return admin_store_failed(ad, req, res, CONG_ENOMEM);
    for (size_t i = 0; i < n; i++) {
        const char *label = cats[order[i]].name;
        for (int dd = 0; dd < depth[i] && label; dd++)
            label = arena_printf(req->arena, "— %s", label);
        labels[i] = label ? label : cats[order[i]].name;
    }
    data = admin_page_data(ad, req, "Chuyên mục", s);
    list = json_array();
    parents = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct category *c = &cats[order[i]];
        json_t *o = json_object(), *opts = json_array();
        const char *label = labels[i];
        size_t articles = 0, children = 0;

        (void)store_category_usage(st, c->id, &articles, &children);
        json_object_set_new(o, "id", json_integer(c->id));
        json_object_set_new(o, "name", json_string(c->name));
        json_object_set_new(o, "slug", json_string(c->slug));
        json_object_set_new(o, "description", json_string(c->description));
        json_object_set_new(o, "depth", json_integer(depth[i]));
        json_object_set_new(
            o, "indent", json_string(arena_printf(req->arena, "%d", depth[i] > 6 ? 6 : depth[i])));
        json_object_set_new(o, "articles", json_integer((json_int_t)articles));
        json_object_set_new(o, "children", json_integer((json_int_t)children));
        json_object_set_new(o, "public_url",
                            json_string(content_category_path(req->arena, c->slug)));
        /* where it may move: the top, or any category outside its own branch */
        for (size_t j = 0; j < n; j++) {
            const struct category *p = &cats[order[j]];
            bool inside = false;
            json_t *po;
            if (j == i)
                continue;
            /* the rows after i deeper than it are its branch */
            if (j > i) {
                inside = true;
                for (size_t m = i + 1; m <= j; m++) {
                    if (depth[m] <= depth[i]) {
                        inside = false;
                        break;
                    }
                }
            }
            if (inside)
                continue;
            po = json_object();
            json_object_set_new(po, "id", json_integer(p->id));
            json_object_set_new(po, "label", json_string(labels[j]));
            json_object_set_new(po, "selected", json_boolean(p->id == c->parent_id));
            json_array_append_new(opts, po);
        }
        json_object_set_new(o, "parents", opts);
        json_object_set_new(o, "is_top", json_boolean(c->parent_id == 0));
        json_array_append_new(list, o);

        o = json_object();
        json_object_set_new(o, "id", json_integer(c->id));
        json_object_set_new(o, "label", json_string(label));
        json_object_set_new(
            o, "selected",
            json_boolean(*typed_parent && !strcmp(typed_parent, arena_printf(req->arena, "%lld",
                                                                             (long long)c->id))));
        json_array_append_new(parents, o);
    }
    json_object_set_new(data, "categories", list);
    json_object_set_new(data, "parent_options", parents);
    form = json_object();
    if (error) {
        const char *v;
        json_object_set_new(form, "name",
                            json_string((v = http_request_form_value(req, "name")) ? v : ""));
        json_object_set_new(form, "slug",
                            json_string((v = http_request_form_value(req, "slug")) ? v : ""));
        json_object_set_new(
            form, "description",
            json_string((v = http_request_form_value(req, "description")) ? v : ""));
        json_object_set_new(data, "error", json_string(error));
    }
    json_object_set_new(data, "form", form);
    if (tb) {
        static const struct {
            const char *code, *text;
        } notices[] = {
            {"tao", "Đã tạo chuyên mục."},       {"luu", "Đã lưu chuyên mục."},
            {"chuyen", "Đã chuyển chuyên mục."}, {"xep", "Đã đổi thứ tự chuyên mục."},
            {"xoa", "Đã xóa chuyên mục."},
        };
        for (size_t i = 0; i < sizeof(notices) / sizeof(notices[0]); i++) {
            if (!strcmp(tb, notices[i].code))
                json_object_set_new(data, "notice", json_string(notices[i].text));
        }
    }
    admin_render(ad, req, res, status, "admin-categories", data);
    json_decref(data);
}

/* A form's id field: a positive number, or 0. */
static int64_t form_id(const struct http_request *req, const char *name)
{
    const char *v = http_request_form_value(req, name);
    int64_t id;

    if (!v || !text_parse_i64(v, strlen(v), &id) || id < 0)
        return -1;
    return id;
}

/* A POST: one of the forms of the page, by its action field. */
static void categories_post(struct admin *ad, struct http_request *req, struct http_response *res,
                            const struct auth_session *s)
{
    struct store *st = web_store(ad->web);
    struct content_actor who;
    struct category_edit e = {0};
    struct cong_error err = {0};
    const char *action = http_request_form_value(req, "action");
    const char *done;
    int64_t id = form_id(req, "id"), created;
    enum cong_err rc;

    admin_actor_of(s, req, &who);
    if (!action)
        return categories_page(ad, req, res, s, 400, "Thao tác không hợp lệ.");
    if (!strcmp(action, "create")) {
        e.name = http_request_form_value(req, "name");
        e.slug = http_request_form_value(req, "slug");
        e.description = http_request_form_value(req, "description");
        e.set_parent = true;
        e.parent_id = form_id(req, "parent");
        if (e.parent_id < 0)
            return categories_page(ad, req, res, s, 400, "Chuyên mục cha không hợp lệ.");
        if (!e.name || !*e.name)
            return categories_page(ad, req, res, s, 400, "Cần nhập tên chuyên mục.");
        rc = content_category_create(st, &who, &e, &created, &err);
        done = "tao";
    } else if (id <= 0) {
        return categories_page(ad, req, res, s, 400, "Chưa chọn chuyên mục.");
    } else if (!strcmp(action, "update")) {
        e.name = http_request_form_value(req, "name");
        e.slug = http_request_form_value(req, "slug");
        e.description = http_request_form_value(req, "description");
        if (!e.name || !*e.name)
            return categories_page(ad, req, res, s, 400, "Cần nhập tên chuyên mục.");
        rc = content_category_update(st, &who, id, &e, &err);
        done = "luu";
    } else if (!strcmp(action, "parent")) {
        e.set_parent = true;
        e.parent_id = form_id(req, "parent");
        if (e.parent_id < 0)
            return categories_page(ad, req, res, s, 400, "Chuyên mục cha không hợp lệ.");
        rc = content_category_update(st, &who, id, &e, &err);
        done = "chuyen";
    } else if (!strcmp(action, "up") || !strcmp(action, "down")) {
        rc = content_category_move(st, &who, id, !strcmp(action, "up") ? -1 : 1, &err);
        done = "xep";
    } else if (!strcmp(action, "delete")) {
        rc = content_category_delete(st, &who, id, &err);
        done = "xoa";
    } else {
        return categories_page(ad, req, res, s, 400, "Thao tác không hợp lệ.");
    }
    if (rc != CONG_OK) {
        int status = admin_status_of(rc);
        if (status == 503)
            return admin_store_failed(ad, req, res, rc);
        return categories_page(ad, req, res, s, status,
                               *err.msg ? err.msg : "Không thực hiện được thao tác này.");
    }
    http_response_redirect(req, res, 303, arena_printf(req->arena, CATEGORIES_PATH "?tb=%s", done));
}

void admin_h_categories(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_EDITOR, &s))
        return;
    if (req->method == HTTP_POST)
        return categories_post(ad, req, res, &s);
    categories_page(ad, req, res, &s, 200, NULL);
}
