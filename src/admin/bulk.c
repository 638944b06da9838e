/*
 * Bulk actions on the article list (POST /quan-tri/bai-viet/hang-loat): several articles
 * ticked in the list, one action for them all (submit, publish, unpublish, move to a
 * category, delete). Each article goes through the same content functions, with the same
 * checks, as its own button in the editor would; nothing here decides who may do what. The
 * answer is a summary page: what was done and, article by article, what was refused and why.
 * Deleting asks first, on a page of its own listing what would go.
 */
#include "admin_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../content/content.h"

#define ARTICLES_PATH "/quan-tri/bai-viet"
#define BULK_PATH     ARTICLES_PATH "/hang-loat"
/* The most articles one bulk action takes: a page of the list is 20. */
#define BULK_MAX 100

enum bulk_action { BULK_SUBMIT, BULK_PUBLISH, BULK_UNPUBLISH, BULK_MOVE, BULK_DELETE };

static const struct {
    const char *value, *label, *done;
} actions[] = {
    [BULK_SUBMIT] = {"submit", N_("Gửi duyệt"), N_("Đã gửi duyệt")},
    [BULK_PUBLISH] = {"publish", N_("Đăng ngay"), N_("Đã đăng")},
    [BULK_UNPUBLISH] = {"unpublish", N_("Gỡ bài"), N_("Đã gỡ xuống thành bản nháp")},
    [BULK_MOVE] = {"move", N_("Chuyển chuyên mục"), N_("Đã chuyển sang chuyên mục")},
    [BULK_DELETE] = {"delete", N_("Xóa"), N_("Đã xóa")},
};
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

/* What the form asked for. */
struct bulk_ask {
    enum bulk_action act;
    int64_t ids[BULK_MAX];
    size_t n;
    const char *category; /* the slug to move to (BULK_MOVE) */
    bool confirmed;       /* the delete's confirmation page was answered */
};

/* Reads the form into ask; NULL, or the message of a 400. */
static const char *bulk_parse(const struct http_request *req, struct bulk_ask *ask)
{
    const char *act = http_request_form_value(req, "thao_tac");
    const char *ok = http_request_form_value(req, "xac_nhan");
    size_t i, j;
    int64_t id;

    memset(ask, 0, sizeof(*ask));
    for (i = 0; act && i < NACTIONS; i++) {
        if (!strcmp(act, actions[i].value))
            break;
    }
    if (!act || !*act)
        return _("Hãy chọn một thao tác cho các bài đã chọn.");
    if (i == NACTIONS)
        return _("Thao tác không hợp lệ.");
    ask->act = (enum bulk_action)i;
    ask->confirmed = ok && !strcmp(ok, "1");
    ask->category = http_request_form_value(req, "chuyen_muc_moi");
    for (i = 0; i < req->nform; i++) {
        if (strcmp(req->form[i].name, "id") != 0)
            continue;
        if (!web_parse_id(req->form[i].value, false, &id))
            return _("Mã bài viết không hợp lệ.");
        for (j = 0; j < ask->n && ask->ids[j] != id; j++)
            ;
        if (j < ask->n)
            continue; /* ticked twice */
        if (ask->n == BULK_MAX)
            return _("Chọn tối đa 100 bài cho một lần thao tác.");
        ask->ids[ask->n++] = id;
    }
    if (ask->n == 0)
        return _("Chưa chọn bài viết nào: đánh dấu các bài trong danh sách rồi chọn thao tác.");
    if (ask->act == BULK_MOVE && (!ask->category || !*ask->category))
        return _("Hãy chọn chuyên mục để chuyển các bài đến.");
    return NULL;
}

/* The title who may know article id by ("Bài #12" for one they may not see), from ar. */
static const char *title_for(struct arena *ar, const struct content_actor *who,
                             const struct article *a, bool found)
{
    if (found && admin_may_view_article(who, a))
        return a->title;
    return arena_printf(ar, _("Bài #%lld"), (long long)a->id);
}

/* Does act on article a (read just before) as who; err says why when it is refused. */
static enum cong_err bulk_one(struct web *w, struct http_request *req,
                              const struct content_actor *who, const struct bulk_ask *ask,
                              const struct article *a, struct cong_error *err)
{
    struct store *st = web_store(w, req);
    int64_t now = web_now(w);
    struct article_edit e;
    enum content_action act;

    switch (ask->act) {
    case BULK_SUBMIT:
        return content_article_transition(st, who, a->id, CONTENT_SUBMIT, NULL, now, err);
    case BULK_PUBLISH:
        /* a pending article is approved, a draft published: as its own button does */
        act = a->status == ARTICLE_PENDING ? CONTENT_APPROVE : CONTENT_PUBLISH;
        return content_article_transition(st, who, a->id, act, NULL, now, err);
    case BULK_UNPUBLISH:
        return content_article_transition(st, who, a->id, CONTENT_UNPUBLISH, NULL, now, err);
    case BULK_MOVE:
        memset(&e, 0, sizeof(e));
        e.category_slug = ask->category;
        return content_article_update(st, who, a->id, &e, -1, now, err);
    case BULK_DELETE: return content_article_delete(st, who, a->id, err);
    }
    return cong_error_set(err, CONG_EINVAL, _("thao tác không hợp lệ"));
}

/* A line of the summary. */
static bool add_line(json_t *list, const char *title, const char *url, const char *reason)
{
    return web_list_add(list, web_view((struct web_kv[]){
                                  WEB_S("title", title), WEB_J("url", url ? web_jstr(url) : NULL),
                                  WEB_J("reason", reason ? web_jstr(reason) : NULL), WEB_END}));
}

/* The page asking whether to delete the articles of ask (those who may see them, by title). */
static void confirm_page(struct web *w, struct http_request *req, struct http_response *res,
                         const struct web_viewer *v, const struct content_actor *who,
                         const struct bulk_ask *ask)
{
    struct arena *ar = req->arena;
    json_t *items = json_array(), *data;
    struct article a;
    bool ok = items != NULL;

    for (size_t i = 0; ok && i < ask->n; i++) {
        bool found = store_get_article(web_store(w, req), ar, ask->ids[i], &a) == CONG_OK;
        if (!found)
            a.id = ask->ids[i];
        ok = web_list_add(
            items, web_view((struct web_kv[]){
                       WEB_I("id", ask->ids[i]), WEB_S("title", title_for(ar, who, &a, found)),
                       WEB_S("status_label", found ? content_status_label(&a, web_now(w)) : ""),
                       WEB_END}));
    }
    if (!ok) {
        json_decref(items);
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    data = web_view_extend(web_admin_page_data(w, req, _("Xóa các bài đã chọn"), v),
                           (struct web_kv[]){WEB_N("items", items), WEB_I("count", ask->n),
                                             WEB_S("action_url", BULK_PATH), WEB_END});
    if (!data) {
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    web_render_private(w, req, res, 200, "admin-articles-bulk-delete", data);
    json_decref(data);
}

void admin_h_articles_bulk(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct arena *ar = req->arena;
    struct web_viewer v;
    struct content_actor who;
    struct bulk_ask ask;
    struct category cat;
    const char *msg, *summary, *ndone_text, *nrefused_text;
    json_t *done, *refused, *data;
    size_t ndone = 0, nrefused = 0;
    enum cong_err rc;
    bool ok = true;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    if ((msg = bulk_parse(req, &ask))) {
        web_admin_refuse(w, req, res, CONG_EINVAL, msg);
        return;
    }
    if (ask.act == BULK_MOVE) {
        rc = store_get_category_by_slug(web_store(w, req), ar, ask.category, &cat);
        if (rc == CONG_ENOTFOUND) {
            web_admin_refuse(w, req, res, CONG_EINVAL, _("Không có chuyên mục này."));
            return;
        }
        if (rc) {
            web_admin_fail(w, req, res, rc, NULL);
            return;
        }
    }
    if (ask.act == BULK_DELETE && !ask.confirmed) {
        confirm_page(w, req, res, &v, &who, &ask);
        return;
    }
    done = json_array();
    refused = json_array();
    ok = done && refused;
    for (size_t i = 0; ok && i < ask.n; i++) {
        struct cong_error err = {0};
        struct article a = {.id = ask.ids[i]};
        bool found;
        rc = store_get_article(web_store(w, req), ar, ask.ids[i], &a);
        if (rc != CONG_OK && rc != CONG_ENOTFOUND) {
            json_decref(done);
            json_decref(refused);
            web_admin_fail(w, req, res, rc, NULL);
            return;
        }
        found = rc == CONG_OK;
        /* another author's draft is "no such article", as its own page says */
        if (!found || !admin_may_view_article(&who, &a)) {
            a.id = ask.ids[i];
            ok = add_line(refused, title_for(ar, &who, &a, false), NULL,
                          _("Không có bài viết này (có thể đã bị xóa)."));
            nrefused++;
            continue;
        }
        rc = bulk_one(w, req, &who, &ask, &a, &err);
        if (rc != CONG_OK && web_status_of(rc) >= 500) {
            json_decref(done);
            json_decref(refused);
            web_admin_fail(w, req, res, rc, NULL);
            return;
        }
        if (rc == CONG_OK) {
            ok = add_line(done, a.title,
                          ask.act == BULK_DELETE
                              ? NULL
                              : arena_printf(ar, ARTICLES_PATH "/%lld", (long long)a.id),
                          NULL);
            ndone++;
        } else {
            const char *reason = *err.msg ? arena_printf(ar, "%s.", err.msg) : NULL;
            /* the domain's messages start in lower case, for use inside a sentence */
            if (reason && *reason >= 'a' && *reason <= 'z')
                ((char *)reason)[0] = (char)(*reason - 'a' + 'A');
            ok =
                add_line(refused, a.title, arena_printf(ar, ARTICLES_PATH "/%lld", (long long)a.id),
                         reason ? reason : _("Không làm được thao tác này với bài viết."));
            nrefused++;
        }
    }
    ndone_text = arena_printf(ar, P_("%zu bài", "%zu bài", (int64_t)ndone), ndone);
    nrefused_text = arena_printf(ar, P_("%zu bài", "%zu bài", (int64_t)nrefused), nrefused);
    summary = !ndone_text || !nrefused_text ? NULL
              : ask.act == BULK_MOVE
                  ? arena_printf(ar, _("%s “%s”: %s. Không làm được: %s."), _(actions[ask.act].done),
                                 cat.name, ndone_text, nrefused_text)
                  : arena_printf(ar, _("%s: %s. Không làm được: %s."), _(actions[ask.act].done),
                                 ndone_text, nrefused_text);
    if (!ok || !summary) {
        json_decref(done);
        json_decref(refused);
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    data = web_view_extend(web_admin_page_data(w, req, _("Kết quả thao tác hàng loạt"), &v),
                           (struct web_kv[]){WEB_S("action_label", _(actions[ask.act].label)),
                                             WEB_S("summary", summary), WEB_I("done_count", ndone),
                                             WEB_I("refused_count", nrefused), WEB_N("done", done),
                                             WEB_N("refused", refused),
                                             WEB_S("list_url", ARTICLES_PATH), WEB_END});
    if (!data) {
        web_admin_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    web_render_private(w, req, res, 200, "admin-articles-bulk", data);
    json_decref(data);
}
