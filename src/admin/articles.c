/*
 * The admin's article pages: the list with its filters (/quan-tri/bai-viet), the editor of a
 * new or existing article with its workflow buttons, deletion with a confirmation page, the
 * Markdown preview, autosaves, and the history of revisions with their diffs and restore.
 * Plain forms that work without JavaScript; themes/default/static/editor.js only makes them
 * pleasanter. Every write goes through the content module's editorial functions, which check
 * the roles and states again: this file decides only what to show, never what is allowed.
 */
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../i18n/i18n.h"
#include "../content/content.h"
#include "../render/render.h"
#include "../search/search.h"
#include "../web/web.h"
#include "admin_int.h"

#define ARTICLES_PATH "/quan-tri/bai-viet"
#define LIST_PER_PAGE 20
#define COVER_CHOICES 60

#define HISTORY_MAX   200

static const char msg_not_found[] = N_("Không có bài viết này (có thể đã bị xóa).");
static const char msg_stale[] = N_("Bài viết vừa được người khác lưu sau khi bạn mở nó. Nội dung "
                                "bạn gõ vẫn còn dưới đây. Xem Lịch sử để biết họ đã đổi gì; "
                                "bấm Lưu lần nữa sẽ ghi đè bản của họ bằng bản này.");

/* The workflow buttons in the order the editor shows them, with the labels editors know. */
static const struct {
    enum content_action act;
    const char *label;
} buttons[] = {
    {CONTENT_SUBMIT, N_("Gửi duyệt")},  {CONTENT_APPROVE, N_("Duyệt và đăng ngay")},
    {CONTENT_PUBLISH, N_("Đăng ngay")}, {CONTENT_REJECT, N_("Trả lại tác giả")},
    {CONTENT_UNPUBLISH, N_("Gỡ bài")},
};

/*
 * The editor page's Content-Security-Policy: the server's default (src/http/server.c) with
 * inline styles allowed, because the visual editor (TinyMCE) positions its menus, dialogs and
 * table handles through style attributes. Scripts stay 'self' only; what an article holds is
 * still the sanitizer's output, which has no style attribute.
 */
#define EDITOR_CSP                                                                             \
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "        \
    "script-src 'self'; frame-src https://www.youtube-nocookie.com; object-src 'none'; "       \
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/* The form's button that publishes (or approves) at the date of the Ngày đăng field. */
#define SCHEDULE_ACTION "schedule"

/* What a revision's action code means, for the history page. */
static const char *revision_action_label(const char *action)
{
    static const struct {
        const char *code, *label;
    } labels[] = {
        {"create", N_("Tạo bài")},
        {"save", N_("Lưu")},
        {"restore", N_("Khôi phục bản cũ")},
        {"submit", N_("Gửi duyệt")},
        {"approve", N_("Duyệt và đăng")},
        {"reject", N_("Trả lại tác giả")},
        {"publish", N_("Đăng")},
        {"unpublish", N_("Gỡ bài")},
    };

    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        if (!strcmp(labels[i].code, action))
            return _(labels[i].label);
    }
    return action;
}

/* t as "HH:MM dd-mm-yyyy" ("09:30, 4 Dec 2026" in English), as the autosave offer says it,
   from ar: the time first, so that a caller may keep just its five bytes. */
static const char *time_then_date(struct arena *ar, int64_t t)
{
    struct buf b;
    const char *out = NULL;
    char hm[6];

    buf_init(&b, 64);
    i18n_add_datetime(&b, t); /* both languages end the date and time with "HH:MM" */
    if (!buf_error(&b) && b.len >= 5) {
        memcpy(hm, b.data + b.len - 5, 5);
        hm[5] = '\0';
        buf_reset(&b);
        i18n_add_date(&b, t);
        if (!buf_error(&b))
            out = arena_printf(ar, "%s%s%.*s", hm, i18n_lang() == I18N_VI ? " " : ", ",
                               (int)b.len, b.data);
    }
    buf_release(&b);
    return out ? out : "";
}

/* t as the value of an <input type=datetime-local>: "YYYY-MM-DDTHH:MM" in the site's zone. */
static const char *datetime_local(struct arena *ar, int64_t t)
{
    struct buf b;
    const char *out;

    if (!t)
        return "";
    buf_init(&b, 64);
    time_add_iso8601(&b, t);
    out = !buf_error(&b) && b.len >= 16 ? arena_strndup(ar, b.data, 16) : "";
    buf_release(&b);
    return out ? out : "";
}

/* Tags as people read them: "a, b" for the stored "a,b". */
static const char *tags_text(struct arena *ar, const char *tags)
{
    struct buf b;
    const char *out;

    buf_init(&b, 64 * 1024);
    for (const char *p = tags; *p; p++) {
        buf_putc(&b, *p);
        if (*p == ',')
            buf_putc(&b, ' ');
    }
    out = buf_error(&b) ? tags : arena_strndup(ar, b.data, b.len);
    buf_release(&b);
    return out ? out : tags;
}

/* A positive decimal id, or 0. */
static int64_t parse_id(const char *s)
{
    int64_t v;

    return web_parse_id(s, false, &v) ? v : 0;
}

/* The article id of the route's first capture (0: not a number). */
static int64_t route_id(const struct http_request *req)
{
    return req->nparams ? parse_id(req->params[0]) : 0;
}

bool admin_may_view_article(const struct content_actor *who, const struct article *a)
{
    return auth_role_at_least(who->role, AUTH_EDITOR) ||
           (a->owner_id && a->owner_id == who->user_id) || content_may_edit(who, a);
}

/* True if article id exists and who may look at it (a failure to read counts as no). */
static bool is_visible_to(struct store *st, struct arena *ar, const struct content_actor *who,
                          int64_t id)
{
    struct article a;

    return store_get_article(st, ar, id, &a) == CONG_OK && admin_may_view_article(who, &a);
}

/* True if the public sees a at now: published, and its date has come. */
static bool is_public(const struct article *a, int64_t now)
{
    return content_article_is_public(a, now);
}

/* The editor's path of article id. */
static const char *editor_path(struct arena *ar, int64_t id)
{
    return arena_printf(ar, ARTICLES_PATH "/%lld", (long long)id);
}

/* The list. */

/* Appends "&name=value" (or "?" first) to b when value is set. */
static void add_param(struct buf *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    buf_putc(b, b->len ? '&' : '?');
    buf_puts(b, name);
    buf_putc(b, '=');
    buf_add_urlenc(b, value, strlen(value));
}

/* The list's filters as typed (for the form and the paging links), each "" when unset. */
struct list_filters {
    const char *status, *category, *owner, *from, *to, *q;
    size_t page;
};

/* The query string of f without the page (with "?", or ""), plus "trang=N" when page > 1. */
static const char *filters_query(struct arena *ar, const struct list_filters *f, size_t page)
{
    struct buf b;
    const char *out;
    char num[24];

    buf_init(&b, 4096);
    add_param(&b, "trang_thai", f->status);
    add_param(&b, "chuyen_muc", f->category);
    add_param(&b, "tac_gia", f->owner);
    add_param(&b, "tu", f->from);
    add_param(&b, "den", f->to);
    add_param(&b, "q", f->q);
    if (page > 1) {
        int k = snprintf(num, sizeof(num), "%zu", page);
        if (k > 0 && (size_t)k < sizeof(num))
            add_param(&b, "trang", num);
    }
    out = buf_error(&b) ? "" : arena_strndup(ar, b.data, b.len);
    buf_release(&b);
    return out ? out : "";
}

static const char *query_or_empty(struct http_request *req, const char *name)
{
    const char *v = http_request_query(req, name);

    return v ? v : "";
}

/* What the list asks for: the filters as typed and the query they make. */
struct list_ask {
    struct list_filters f;
    struct article_query q;
    struct search_query sq; /* q's terms point into it */
    const char *error;      /* why the filters are refused (a 400), or NULL */
};

/* The status filter into q; false if it is none of the list's. */
static bool status_filter(const char *status, struct article_query *q)
{
    if (!*status)
        return true;
    if (!strcmp(status, "draft"))
        q->status_mask = 1u << ARTICLE_DRAFT;
    else if (!strcmp(status, "pending"))
        q->status_mask = 1u << ARTICLE_PENDING;
    else if (!strcmp(status, "published"))
        q->published_only = true;
    else if (strcmp(status, "scheduled") != 0)
        return false;
    if (!strcmp(status, "scheduled")) {
        q->status_mask = 1u << ARTICLE_PUBLISHED;
        q->scheduled_only = true;
    }
    return true;
}

/*
 * Reads the filters of the query string into ask (an author's list is their own articles,
 * whatever the address asks). A malformed filter sets ask->error; a store failure returns.
 */
static enum cong_err list_parse(struct web *w, struct http_request *req,
                                const struct web_viewer *v, struct list_ask *ask)
{
    struct list_filters *f = &ask->f;
    struct article_query *q = &ask->q;
    struct category c;
    int64_t page;
    enum cong_err rc;

    memset(ask, 0, sizeof(*ask));
    f->status = query_or_empty(req, "trang_thai");
    f->category = query_or_empty(req, "chuyen_muc");
    f->owner = query_or_empty(req, "tac_gia");
    f->from = query_or_empty(req, "tu");
    f->to = query_or_empty(req, "den");
    f->q = query_or_empty(req, "q");
    if (!web_query_count(req, "trang", 1, 100000, &page)) {
        ask->error = _("Số trang không hợp lệ.");
        page = 1;
    }
    f->page = (size_t)page;
    q->now = web_now(w);
    q->offset = (f->page - 1) * LIST_PER_PAGE;
    q->limit = LIST_PER_PAGE;
    if (!status_filter(f->status, q))
        ask->error = _("Trạng thái lọc không hợp lệ.");
    if (*f->category) {
        rc = store_get_category_by_slug(web_store(w, req), req->arena, f->category, &c);
        if (rc != CONG_OK && rc != CONG_ENOTFOUND)
            return rc;
        if (rc == CONG_ENOTFOUND)
            ask->error = _("Không có chuyên mục này.");
        else
            q->category_id = c.id;
    }
    if (!auth_role_at_least(v->role, AUTH_EDITOR))
        q->owner_id = v->user.id;
    else if (*f->owner && !(q->owner_id = parse_id(f->owner)))
        ask->error = _("Người viết lọc không hợp lệ.");
    if (*f->from && !web_parse_day(f->from, &q->from))
        ask->error = _("Ngày bắt đầu lọc phải có dạng năm-tháng-ngày (YYYY-MM-DD).");
    if (*f->to && !web_parse_day(f->to, &q->to))
        ask->error = _("Ngày kết thúc lọc phải có dạng năm-tháng-ngày (YYYY-MM-DD).");
    else if (*f->to)
        q->to += 86400; /* the whole last day (the site's zone keeps no summer time) */
    if (*f->q) {
        rc = search_query_parse(req->arena, f->q, strlen(f->q), &ask->sq);
        if (rc != CONG_OK && rc != CONG_EINVAL)
            return rc;
        if (rc == CONG_EINVAL)
            ask->error = _("Từ khóa tìm kiếm không hợp lệ.");
        q->terms = ask->sq.terms;
        q->nterms = ask->sq.nterms;
    }
    return CONG_OK;
}

/* What the list shows besides its filters. */
struct list_found {
    struct article *arts;
    size_t n, total, pending;
    struct user *users; /* for an editor's owner filter */
    size_t nusers;
};

static enum cong_err list_read(struct web *w, struct http_request *req, bool is_editor,
                               const struct list_ask *ask, struct list_found *out)
{
    struct store *st = web_store(w, req);
    struct article_query pq = {.status_mask = 1u << ARTICLE_PENDING, .now = ask->q.now};
    struct article *none;
    size_t nn;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    /* refused filters show an empty list with the message */
    if (!ask->error &&
        (rc = store_list_articles(st, req->arena, &ask->q, &out->arts, &out->n, &out->total)))
        return rc;
    if (!is_editor)
        return CONG_OK;
    if ((rc = store_list_articles(st, req->arena, &pq, &none, &nn, &out->pending)) != CONG_OK)
        return rc;
    return store_list_users(st, req->arena, true, &out->users, &out->nusers);
}

static json_t *article_rows(struct arena *ar, const struct content_actor *who,
                            const struct article *arts, size_t n, int64_t now)
{
    json_t *list = json_array();

    for (size_t i = 0; list && i < n; i++) {
        const struct article *a = &arts[i];
        if (json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_I("id", a->id),
                                            WEB_S("title", a->title),
                                            WEB_S("edit_url", editor_path(ar, a->id)),
                                            WEB_S("status", store_article_status_name(a->status)),
                                            WEB_S("status_label", content_status_label(a, now)),
                                            WEB_S("category", a->category_name),
                                            WEB_S("owner", *a->owner_name ? a->owner_name : _("—")),
                                            WEB_DATETIME("date", a->published_at),
                                            WEB_B("may_delete", content_may_delete(who, a)),
                                            WEB_B("may_edit", content_may_edit(who, a)),
                                            WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* The status links, the current one marked. */
static json_t *status_options(struct arena *ar, const char *current)
{
    static const struct {
        const char *value, *label;
    } opts[] = {{"", N_("Tất cả")},
                {"draft", N_("Bản nháp")},
                {"pending", N_("Chờ duyệt")},
                {"published", N_("Đã đăng")},
                {"scheduled", N_("Đã lên lịch")}};
    json_t *list = json_array();

    for (size_t i = 0; list && i < sizeof(opts) / sizeof(opts[0]); i++) {
        bool cur = !strcmp(current, opts[i].value);
        const char *url = *opts[i].value
                              ? arena_printf(ar, ARTICLES_PATH "?trang_thai=%s", opts[i].value)
                              : ARTICLES_PATH;
        if (json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_S("value", opts[i].value),
                                            WEB_S("label", _(opts[i].label)), WEB_S("url", url),
                                            WEB_B("current", cur), WEB_B("selected", cur),
                                            WEB_B("is_pending", !strcmp(opts[i].value, "pending")),
                                            WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* The people who may own articles (authors and above), the filtered one selected. */
static json_t *owner_options(const struct user *users, size_t n, int64_t selected)
{
    json_t *list = json_array();
    enum auth_role r;

    for (size_t i = 0; list && i < n; i++) {
        if (!auth_role_parse(users[i].role, &r) || !auth_role_at_least(r, AUTH_AUTHOR))
            continue;
        if (json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_I("id", users[i].id),
                                            WEB_S("name", users[i].name),
                                            WEB_B("selected", selected == users[i].id),
                                            WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

/* The page link to page of the list as filtered, or NULL when there is none. */
static json_t *page_link(struct arena *ar, const struct list_filters *f, size_t page, bool has)
{
    return has ? web_jstr(arena_printf(ar, ARTICLES_PATH "%s", filters_query(ar, f, page))) : NULL;
}

void admin_h_articles(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct arena *ar = req->arena;
    struct web_viewer v;
    struct content_actor who;
    struct list_ask ask;
    struct list_found found;
    const char *tb;
    json_t *cats, *data;
    size_t pages;
    bool is_editor;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    is_editor = auth_role_at_least(v.role, AUTH_EDITOR);
    if ((rc = list_parse(w, req, &v, &ask)) != CONG_OK ||
        (rc = list_read(w, req, is_editor, &ask, &found)) != CONG_OK ||
        (rc = admin_category_options(web_store(w, req), ar, ask.f.category, &cats)) != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    pages = (found.total + LIST_PER_PAGE - 1) / LIST_PER_PAGE;
    tb = http_request_query(req, "tb");
    data = web_view_extend(
        web_admin_page_data(w, req, _("Bài viết"), &v),
        (struct web_kv[]){
            WEB_N("articles", article_rows(ar, &who, found.arts, found.n, ask.q.now)),
            WEB_I("total", found.total),
            WEB_B("has_articles", found.n > 0),
            WEB_B("is_editor", is_editor),
            WEB_I("pending_count", found.pending),
            WEB_S("pending_url", ARTICLES_PATH "?trang_thai=pending"),
            WEB_N("status_options", status_options(ar, ask.f.status)),
            WEB_N("category_options", cats),
            WEB_N("owner_options",
                  owner_options(found.users, found.nusers, is_editor ? ask.q.owner_id : 0)),
            WEB_N("filter", web_view((struct web_kv[]){WEB_S("from", ask.f.from),
                                                       WEB_S("to", ask.f.to),
                                                       WEB_S("q", ask.f.q), WEB_END})),
            WEB_I("page_no", ask.f.page),
            WEB_I("pages", pages ? pages : 1),
            WEB_J("prev_url", page_link(ar, &ask.f, ask.f.page - 1, ask.f.page > 1)),
            WEB_J("next_url", page_link(ar, &ask.f, ask.f.page + 1, ask.f.page < pages)),
            WEB_J("notice", tb && !strcmp(tb, "xoa") ? web_jstr(_("Đã xóa bài viết.")) : NULL),
            WEB_J("error", ask.error ? web_jstr(ask.error) : NULL),
            WEB_END});
    web_render_private(w, req, res, ask.error ? 400 : 200, "admin-articles", data);
    json_decref(data);
}

/* The editor. */

/* The form's fields as typed (or as the article holds them), each never NULL. */
struct form_vals {
    const char *title, *summary, *body, *category, *tags, *author, *published_at, *cover,
        *cover_caption, *note, *body_format, *slug, *meta_description, *cover_alt, *expires_at,
        *featured, *has_featured, *lang;
};

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* The form's fields by their names, for reading a request or an autosave the same way. */
static const struct {
    const char *name;
    size_t off;
} form_fields[] = {
    {"title", offsetof(struct form_vals, title)},
    {"summary", offsetof(struct form_vals, summary)},
    {"body", offsetof(struct form_vals, body)},
    {"category", offsetof(struct form_vals, category)},
    {"tags", offsetof(struct form_vals, tags)},
    {"author", offsetof(struct form_vals, author)},
    {"published_at", offsetof(struct form_vals, published_at)},
    {"cover", offsetof(struct form_vals, cover)},
    {"cover_caption", offsetof(struct form_vals, cover_caption)},
    {"note", offsetof(struct form_vals, note)},
    {"body_format", offsetof(struct form_vals, body_format)},
    {"slug", offsetof(struct form_vals, slug)},
    {"meta_description", offsetof(struct form_vals, meta_description)},
    {"cover_alt", offsetof(struct form_vals, cover_alt)},
    {"expires_at", offsetof(struct form_vals, expires_at)},
    {"featured", offsetof(struct form_vals, featured)},
    /* the form has the featured box: its absence then means unticked */
    {"has_featured", offsetof(struct form_vals, has_featured)},
    {"lang", offsetof(struct form_vals, lang)},
};

static const char **form_field(struct form_vals *v, size_t i)
{
    return (const char **)((char *)v + form_fields[i].off);
}

static void vals_of_article(struct arena *ar, const struct article *a, struct form_vals *v)
{
    v->title = a->title;
    v->summary = a->summary;
    v->body = or_empty(a->body_md);
    v->category = a->category_slug;
    v->tags = tags_text(ar, a->tags);
    v->author = a->author;
    v->published_at = datetime_local(ar, a->published_at);
    v->cover = a->cover_media_id ? arena_printf(ar, "%lld", (long long)a->cover_media_id) : "0";
    if (!v->cover)
        v->cover = "0";
    v->cover_caption = a->cover_caption;
    v->note = "";
    v->body_format = store_body_format_name(a->body_format);
    v->slug = a->slug;
    v->meta_description = a->meta_description;
    v->cover_alt = a->cover_alt;
    v->expires_at = a->expires_at ? datetime_local(ar, a->expires_at) : "";
    if (!v->expires_at)
        v->expires_at = "";
    v->featured = a->featured ? "1" : "";
    v->has_featured = "1";
    v->lang = a->lang && *a->lang ? a->lang : "vi";
}

static void vals_of_form(const struct http_request *req, struct form_vals *v)
{
    for (size_t i = 0; i < sizeof(form_fields) / sizeof(form_fields[0]); i++)
        *form_field(v, i) = or_empty(http_request_form_value(req, form_fields[i].name));
    /* a form from before the visual editor (or a script's) sends no format: Markdown */
    if (!*v->body_format)
        v->body_format = "markdown";
}

/* Overwrites v's fields with those of an autosave (which never carries the reviewer's note). */
static void vals_of_autosave(const struct content_field *f, size_t n, struct form_vals *v)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < sizeof(form_fields) / sizeof(form_fields[0]); j++) {
            if (!strcmp(f[i].name, form_fields[j].name) && strcmp(f[i].name, "note") != 0)
                *form_field(v, j) = f[i].value;
        }
    }
}

/* What the editor page shows besides the fields. */
struct editor_view {
    const struct article *a; /* NULL: a new article */
    int64_t rev;             /* the revision the form starts from */
    const struct form_vals *v;
    const char *error;
    const char *notice;
    bool from_autosave; /* the fields come from the autosave */
};

static const char *notice_of(const char *tb)
{
    static const struct {
        const char *code, *text;
    } notices[] = {
        {"tao", N_("Đã tạo bài viết.")},
        {"luu", N_("Đã lưu bài viết.")},
        {"submit", N_("Đã lưu và gửi bài đi duyệt.")},
        {"approve", N_("Đã duyệt và đăng bài.")},
        {"publish", N_("Đã đăng bài.")},
        {"schedule", N_("Đã lên lịch đăng bài.")},
        {"reject", N_("Đã trả bài lại cho tác giả kèm ghi chú.")},
        {"unpublish", N_("Đã gỡ bài khỏi trang công khai; bài trở về bản nháp.")},
        {"khoi-phuc", N_("Đã khôi phục nội dung của bản cũ.")},
        {"chia-se", N_("Đã chia sẻ bài lên cổng cấp trên.")},
        {"thoi-chia-se", N_("Đã thôi chia sẻ bài lên cổng cấp trên.")},
        {"bo-qua", N_("Đã bỏ bản lưu tự động.")},
    };

    for (size_t i = 0; tb && i < sizeof(notices) / sizeof(notices[0]); i++) {
        if (!strcmp(notices[i].code, tb))
            return _(notices[i].text);
    }
    return NULL;
}

/* A cover choice: {id, label, selected}. */
static json_t *cover_choice(int64_t id, const char *label, bool selected)
{
    return web_view((struct web_kv[]){WEB_I("id", id), WEB_S("label", label),
                                      WEB_B("selected", selected), WEB_END});
}

/* Recent images as cover choices (plus the present cover if it is older), one selected. */
static enum cong_err cover_options(struct store *st, struct arena *ar, int64_t selected,
                                   json_t **out)
{
    struct media *m, one;
    size_t n;
    bool seen = selected == 0;
    json_t *list;
    enum cong_err rc;

    *out = NULL;
    if ((rc = store_list_media(st, ar, 0, COVER_CHOICES, &m, &n, NULL)) != CONG_OK)
        return rc;
    list = json_array();
    for (size_t i = 0; list && i < n; i++) {
        if (strncmp(m[i].mime, "image/", 6) != 0)
            continue;
        if (json_array_append_new(
                list, cover_choice(m[i].id,
                                   arena_printf(ar, _("%s (%d×%d)"),
                                                *m[i].filename ? m[i].filename : _("không tên"),
                                                m[i].width, m[i].height),
                                   m[i].id == selected))) {
            json_decref(list);
            list = NULL;
        }
        seen = seen || m[i].id == selected;
    }
    if (list && !seen && store_get_media_info(st, ar, selected, &one) == CONG_OK &&
        json_array_append_new(
            list, cover_choice(one.id, *one.filename ? one.filename : _("không tên"), true))) {
        json_decref(list);
        list = NULL;
    }
    *out = list;
    return list ? CONG_OK : CONG_ENOMEM;
}

/* What the schedule button says beside it: the date it will publish at, or what it needs. */
static const char *schedule_when(struct arena *ar, int64_t published_at, int64_t now)
{
    if (published_at > now)
        return arena_printf(ar, _("Đăng lúc %s."), time_then_date(ar, published_at));
    return _("Chọn ngày giờ đăng trong tương lai ở ô Ngày đăng.");
}

/* Appends one button to list; false (list freed) when out of memory. */
static bool add_button(json_t *list, const char *value, const char *label, const char *when)
{
    return json_array_append_new(list, web_view((struct web_kv[]){
                                           WEB_S("value", value), WEB_S("label", label),
                                           WEB_J("when", when ? web_jstr(when) : NULL),
                                           WEB_END})) == 0;
}

/*
 * The workflow buttons who may press on a (or on a new article) now; the reject button is
 * drawn beside its note, so it only sets *has_reject. Publishing is two buttons that say what
 * they do: at once ("Duyệt và đăng ngay" for a pending article, "Đăng ngay" for a draft) and
 * "Lên lịch đăng" at the form's date, shown beside it; a pending article's direct publish is
 * its approval, so it is not offered twice.
 */
static json_t *transition_buttons(struct arena *ar, const struct content_actor *who,
                                  const struct article *a, int64_t now, bool *has_reject)
{
    struct article fresh = {.status = ARTICLE_DRAFT, .owner_id = who->user_id};
    json_t *list = json_array();
    bool publishes = false, ok = list != NULL;

    *has_reject = false;
    if (!a)
        a = &fresh;
    for (size_t i = 0; ok && i < sizeof(buttons) / sizeof(buttons[0]); i++) {
        enum content_action act = buttons[i].act;
        if (!content_may_transition(who, a, act, NULL))
            continue;
        if (act == CONTENT_REJECT) {
            *has_reject = true;
            continue;
        }
        if (act == CONTENT_PUBLISH && publishes)
            continue;
        ok = add_button(list, content_action_name(act), _(buttons[i].label), NULL);
        if (ok && (act == CONTENT_APPROVE || act == CONTENT_PUBLISH)) {
            publishes = true;
            ok = add_button(list, SCHEDULE_ACTION, _("Lên lịch đăng"),
                            schedule_when(ar, a->published_at, now));
        }
    }
    if (!ok) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The editor's "article": what it is and where its other pages are. */
static json_t *editor_article(struct arena *ar, const struct content_actor *who,
                              const struct article *a, int64_t rev, int64_t now)
{
    json_t *o = web_view((struct web_kv[]){
        WEB_B("is_new", !a),
        WEB_I("id", a ? a->id : 0),
        WEB_S("action_url", a ? editor_path(ar, a->id) : ARTICLES_PATH "/moi"),
        WEB_S("autosave_url",
              arena_printf(ar, ARTICLES_PATH "/%lld/tu-dong-luu", (long long)(a ? a->id : 0))),
        WEB_I("revision", rev),
        WEB_END});

    if (!a)
        return o;
    return web_view_extend(
        o, (struct web_kv[]){
               WEB_S("title", a->title),
               WEB_S("status_label", content_status_label(a, now)),
               WEB_S("owner", *a->owner_name ? a->owner_name : _("—")),
               WEB_S("category", a->category_name),
               WEB_DATETIME("date", a->published_at),
               WEB_DATETIME("updated", a->updated_at),
               WEB_S("summary", a->summary),
               WEB_S("tags", tags_text(ar, a->tags)),
               WEB_S("author", a->author),
               WEB_S("body_html", a->body_html),
               WEB_S("preview_url", arena_printf(ar, ARTICLES_PATH "/%lld/xem-truoc",
                                                 (long long)a->id)),
               WEB_S("history_url",
                     arena_printf(ar, ARTICLES_PATH "/%lld/lich-su", (long long)a->id)),
               WEB_J("delete_url", content_may_delete(who, a)
                                       ? web_jstr(arena_printf(ar, ARTICLES_PATH "/%lld/xoa",
                                                               (long long)a->id))
                                       : NULL),
               WEB_J("public_url", is_public(a, now) ? web_jstr(content_article_path(ar, a))
                                                     : NULL),
               /* the note a reviewer sent back, for the article's people while it is a draft */
               WEB_J("review_note", a->status == ARTICLE_DRAFT && a->review_note &&
                                            *a->review_note
                                        ? web_jstr(a->review_note)
                                        : NULL),
               WEB_END});
}

static json_t *editor_form(const struct form_vals *v)
{
    return web_view((struct web_kv[]){
        WEB_S("title", v->title),
        WEB_S("summary", v->summary),
        WEB_S("body", v->body),
        WEB_B("is_html", !strcmp(v->body_format, "html")),
        WEB_S("tags", v->tags),
        WEB_S("author", v->author),
        WEB_S("published_at", v->published_at),
        WEB_S("cover_caption", v->cover_caption),
        WEB_S("note", v->note),
        WEB_S("slug", v->slug),
        WEB_S("meta_description", v->meta_description),
        WEB_S("cover_alt", v->cover_alt),
        WEB_S("expires_at", v->expires_at),
        WEB_B("featured", *v->featured != '\0'),
        WEB_N("langs", web_lang_options(v->lang)),
        WEB_END});
}

/* An autosave newer than the article (any, for a new one), offered back; NULL: none. */
static json_t *autosave_offer(struct store *st, struct arena *ar, const struct content_actor *who,
                              const struct article *a)
{
    struct content_field *f;
    size_t n;
    int64_t at = 0;

    if (content_autosave_get(st, ar, who, a ? a->id : 0, &at, &f, &n) != CONG_OK ||
        (a && at < a->updated_at))
        return NULL;
    return web_view((struct web_kv[]){
        WEB_S("at", time_then_date(ar, at)),
        WEB_S("restore_url", arena_printf(ar, "%s?tu_dong=1",
                                          a ? editor_path(ar, a->id) : ARTICLES_PATH "/moi")),
        WEB_END});
}

static void editor_page(struct web *w, struct http_request *req, struct http_response *res,
                        const struct web_viewer *viewer, int status, const struct editor_view *ev)
{
    struct store *st = web_store(w, req);
    struct arena *ar = req->arena;
    int64_t now = web_now(w), cover = parse_id(ev->v->cover);
    const struct article *a = ev->a;
    struct content_actor who;
    bool may_edit, has_reject;
    json_t *cats, *covers, *buttons_list, *data;
    enum cong_err rc;

    web_actor(viewer, req, &who);
    may_edit = a ? content_may_edit(&who, a) : content_may_create(&who, ARTICLE_DRAFT);
    if ((rc = admin_category_options(st, ar, ev->v->category, &cats)) != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    if ((rc = cover_options(st, ar, cover, &covers)) != CONG_OK) {
        json_decref(cats);
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    buttons_list = transition_buttons(ar, &who, a, now, &has_reject);
    data = web_view_extend(
        web_admin_page_data(w, req, a ? a->title : _("Viết bài mới"), viewer),
        (struct web_kv[]){
            WEB_N("article", editor_article(ar, &who, a, ev->rev, now)),
            WEB_B("may_edit", may_edit),
            WEB_B("may_reject", has_reject),
            WEB_B("has_actions", may_edit || json_array_size(buttons_list) > 0 || has_reject),
            WEB_N("buttons", buttons_list),
            WEB_N("form", editor_form(ev->v)),
            WEB_N("categories", cats),
            WEB_N("covers", covers),
            WEB_B("no_cover", cover == 0),
            WEB_J("autosave", may_edit && !ev->from_autosave ? autosave_offer(st, ar, &who, a)
                                                             : NULL),
            WEB_J("from_autosave", ev->from_autosave ? json_true() : NULL),
            WEB_J("error", ev->error ? web_jstr(ev->error) : NULL),
            WEB_J("notice", ev->notice ? web_jstr(ev->notice) : NULL),
            WEB_J("share", admin_share_view(w, req, viewer, a)),
            WEB_END});
    if (may_edit)
        http_response_set_header(res, "Content-Security-Policy", EDITOR_CSP);
    web_render_private(w, req, res, status, "admin-article", data);
    json_decref(data);
}

/* The article of the route, checked visible to who; false when it has answered. */
static bool article_or_respond(struct web *w, struct http_request *req, struct http_response *res,
                               const struct content_actor *who, struct article *a)
{
    int64_t id = route_id(req);
    enum cong_err rc = id ? store_get_article(web_store(w, req), req->arena, id, a) : CONG_ENOTFOUND;

    /* another's draft is a 404 like a missing id: an author learns nothing of what exists */
    if (rc == CONG_OK && !admin_may_view_article(who, a))
        rc = CONG_ENOTFOUND;
    if (rc == CONG_ENOTFOUND)
        web_admin_refuse(w, req, res, rc, _(msg_not_found));
    else if (rc != CONG_OK)
        web_admin_fail(w, req, res, rc, NULL);
    return rc == CONG_OK;
}

/* GET of the editor: article a (NULL new), fields from the autosave when asked. */
static void editor_get(struct web *w, struct http_request *req, struct http_response *res,
                       const struct web_viewer *viewer, const struct article *a)
{
    struct store *st = web_store(w, req);
    struct form_vals v = {0};
    struct editor_view ev = {.a = a, .v = &v};
    struct content_actor who;
    struct content_field *f;
    const char *tu_dong = http_request_query(req, "tu_dong");
    int64_t at;
    size_t n;
    enum cong_err rc;

    web_actor(viewer, req, &who);
    if (a) {
        vals_of_article(req->arena, a, &v);
        if ((rc = store_latest_revision(st, a->id, &ev.rev)) != CONG_OK) {
            web_admin_fail(w, req, res, rc, NULL);
            return;
        }
    } else {
        v.title = v.summary = v.body = v.category = v.tags = v.published_at = v.cover_caption =
            v.note = v.slug = v.meta_description = v.cover_alt = v.expires_at = v.featured = "";
        v.has_featured = "1";
        v.lang = "vi";
        v.body_format = "markdown";
        v.author = viewer->user.display_name && *viewer->user.display_name
                     ? viewer->user.display_name
                     : "";
        v.cover = "0";
    }
    if (tu_dong && !strcmp(tu_dong, "1")) {
        rc = content_autosave_get(st, req->arena, &who, a ? a->id : 0, &at, &f, &n);
        if (rc == CONG_OK) {
            vals_of_autosave(f, n, &v);
            ev.from_autosave = true;
            ev.notice = arena_printf(req->arena,
                                     _("Đã đưa bản lưu tự động lúc %s vào biểu mẫu. Bấm Lưu để "
                                     "giữ nó."),
                                     time_then_date(req->arena, at));
        } else if (rc == CONG_ENOTFOUND) {
            ev.error = _("Không còn bản lưu tự động nào.");
        } else {
            web_admin_fail(w, req, res, rc, NULL);
            return;
        }
    }
    if (!ev.notice && !ev.error)
        ev.notice = notice_of(http_request_query(req, "tb"));
    editor_page(w, req, res, viewer, 200, &ev);
}

/* Why a transition would fail, found before anything is written (CONG_EPERM, CONG_ESTATE),
   with its message; CONG_OK if who may do it. */
static enum cong_err transition_refused(const struct content_actor *who, const struct article *a,
                                        enum content_action act, const char **msg)
{
    struct article probe = *a;
    bool role_may;

    if (content_may_transition(who, a, act, NULL))
        return CONG_OK;
    /* the same article in the state the action starts from: may the role do it at all? */
    switch (act) {
    case CONTENT_SUBMIT:
    case CONTENT_PUBLISH: probe.status = ARTICLE_DRAFT; break;
    case CONTENT_APPROVE:
    case CONTENT_REJECT: probe.status = ARTICLE_PENDING; break;
    case CONTENT_UNPUBLISH: probe.status = ARTICLE_PUBLISHED; break;
    }
    role_may = content_may_transition(who, &probe, act, NULL);
    if (!role_may || probe.status == a->status) {
        *msg = _("Bạn không có quyền làm thao tác này với bài viết. Bài chưa bị thay đổi gì.");
        return CONG_EPERM;
    }
    *msg = _("Bài viết không ở trạng thái cho phép thao tác này. Bài chưa bị thay đổi gì.");
    return CONG_ESTATE;
}

/*
 * The fields of the form as an edit of a (NULL: a new article). A file sent as cover_file is
 * stored first and becomes the cover. An empty date means "when it is published", as the
 * field's hint says: on an article not yet public (a draft, a pending or a scheduled one) it
 * clears the date, so publishing dates it (a scheduled one is then public at once); an article
 * already public keeps its date. CONG_OK, or a refusal (CONG_EINVAL, CONG_ETOOBIG) or a
 * store failure with *msg.
 */
static enum cong_err edit_of_form(struct web *w, struct http_request *req, int64_t uploader,
                                  const struct article *a, const struct form_vals *v,
                                  struct article_edit *e, const char **msg)
{
    const struct http_file *file = http_request_file(req, "cover_file");
    struct cong_error err = {0};
    enum cong_err rc;

    memset(e, 0, sizeof(*e));
    if (!store_body_format_parse(v->body_format, &e->body_format)) {
        *msg = _("Cách soạn nội dung không hợp lệ: chọn Trực quan hoặc Markdown.");
        return CONG_EINVAL;
    }
    e->set_body_format = true;
    e->title = v->title;
    e->summary = v->summary;
    e->body_md = v->body;
    e->category_slug = v->category;
    e->author = v->author;
    e->cover_caption = v->cover_caption;
    e->tags = v->tags;
    /* an emptied address is made again from the title */
    e->slug = v->slug;
    e->meta_description = v->meta_description;
    e->cover_alt = v->cover_alt;
    e->set_expires_at = true;
    if (*v->expires_at && time_parse_iso8601(v->expires_at, &e->expires_at) != CONG_OK) {
        *msg = _("Thời điểm hết hạn không hợp lệ: chọn ngày và giờ trong ô Hết hạn lúc, hoặc để "
               "trống.");
        return CONG_EINVAL;
    }
    if (*v->has_featured) {
        e->set_featured = true;
        e->featured = *v->featured != '\0';
    }
    /* a form without the select (a script's) keeps the article's language */
    if (*v->lang) {
        if (!content_lang_is_valid(v->lang)) {
            *msg = _("Ngôn ngữ không hợp lệ: chọn Tiếng Việt hoặc English.");
            return CONG_EINVAL;
        }
        e->lang = v->lang;
    }
    if (*v->published_at) {
        if (time_parse_iso8601(v->published_at, &e->published_at) != CONG_OK) {
            *msg = _("Ngày đăng không hợp lệ: chọn ngày và giờ trong ô Ngày đăng.");
            return CONG_EINVAL;
        }
        e->set_published_at = true;
    } else if (a && !is_public(a, web_now(w))) {
        e->set_published_at = true;
        e->published_at = 0; /* the store's rule: 0 is now, and publishing dates it again */
    }
    e->set_cover = true;
    if (*v->cover && strcmp(v->cover, "0") != 0) {
        e->cover_media_id = parse_id(v->cover);
        if (!e->cover_media_id) {
            *msg = _("Ảnh bìa không hợp lệ.");
            return CONG_EINVAL;
        }
    }
    if (file && file->len) {
        /* a cover is a picture: a PDF is refused before it is stored */
        const char *mime = content_sniff_mime(file->data, file->len);
        if (!mime || strncmp(mime, "image/", 6) != 0) {
            *msg = _("Tệp tải lên không phải ảnh JPEG, PNG, WebP hay GIF. Bài chưa được lưu; "
                   "hãy chọn lại ảnh bìa.");
            return CONG_EINVAL;
        }
        rc = content_add_media_by(web_store(w, req), uploader, file->data, file->len, file->filename,
                                  web_media_max(w), &e->cover_media_id, &err);
        if (rc == CONG_EINVAL || rc == CONG_ETOOBIG) {
            *msg = arena_printf(req->arena,
                                _("Ảnh bìa không dùng được: %s. Bài chưa được lưu; "
                                "hãy chọn ảnh khác."),
                                *err.msg ? err.msg : cong_strerror(rc));
            if (!*msg)
                *msg = _("Ảnh bìa không dùng được. Bài chưa được lưu.");
            return rc;
        }
        if (rc != CONG_OK) {
            *msg = _("Không lưu được ảnh bìa lúc này, xin thử lại sau ít phút.");
            return rc;
        }
    }
    return CONG_OK;
}

/* True if a and b are the same text once carriage returns are left out (browsers send CRLF). */
static bool same_text(const char *a, const char *b)
{
    for (;;) {
        while (*a == '\r')
            a++;
        while (*b == '\r')
            b++;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
        a++;
        b++;
    }
}

/* True if the form differs from what article a holds (or brings a cover file) at now. */
static bool form_changed(struct http_request *req, const struct article *a, int64_t now,
                         const struct form_vals *v)
{
    const struct http_file *file = http_request_file(req, "cover_file");
    struct form_vals cur;

    if (file && file->len)
        return true;
    vals_of_article(req->arena, a, &cur);
    return !same_text(cur.title, v->title) || !same_text(cur.summary, v->summary) ||
           !same_text(cur.body, v->body) || !same_text(cur.body_format, v->body_format) ||
           !same_text(cur.category, v->category) ||
           !same_text(cur.tags, v->tags) || !same_text(cur.author, v->author) ||
           /* an emptied date changes something only where it held a time to come */
           (*v->published_at ? !same_text(cur.published_at, v->published_at)
                             : a->published_at > now) ||
           parse_id(cur.cover) != parse_id(v->cover) ||
           !same_text(cur.cover_caption, v->cover_caption) ||
           /* an empty address is made from the title: a change only with a new title */
           (*v->slug && !same_text(cur.slug, v->slug)) ||
           !same_text(cur.meta_description, v->meta_description) ||
           !same_text(cur.cover_alt, v->cover_alt) || !same_text(cur.expires_at, v->expires_at) ||
           (*v->has_featured && !same_text(cur.featured, v->featured)) ||
           (*v->lang && !same_text(cur.lang, v->lang));
}

/* The address after a successful POST: the editor with a notice. */
static const char *done_path(struct arena *ar, int64_t id, const char *act_name, bool scheduled)
{
    const char *tb = act_name ? (scheduled ? "schedule" : act_name) : "luu";

    return arena_printf(ar, ARTICLES_PATH "/%lld?tb=%s", (long long)id, tb);
}

/* What an editor's POST asks: the fields, the revision they start from, the action. */
struct editor_ask {
    struct form_vals v;
    int64_t expect_rev; /* -1: not said */
    enum content_action act;
    bool has_act;   /* a workflow button, not "Lưu" */
    bool schedule;  /* "Lên lịch đăng": act publishes at the form's date, which must be ahead */
};

/* Reads the form; NULL if it is well formed, else the message of a 400. */
static const char *editor_parse(const struct http_request *req, const struct article *a,
                                struct editor_ask *ask)
{
    const char *action = or_empty(http_request_form_value(req, "action"));
    const char *rev = http_request_form_value(req, "revision");

    memset(ask, 0, sizeof(*ask));
    vals_of_form(req, &ask->v);
    ask->expect_rev = -1;
    if (a && rev && *rev && !text_parse_i64(rev, strlen(rev), &ask->expect_rev)) {
        ask->expect_rev = -1;
        return _("Biểu mẫu không hợp lệ (số phiên bản).");
    }
    if (!strcmp(action, SCHEDULE_ACTION)) {
        /* scheduling a pending article approves it; a draft is published at that date */
        ask->act = a && a->status == ARTICLE_PENDING ? CONTENT_APPROVE : CONTENT_PUBLISH;
        ask->has_act = ask->schedule = true;
    } else if (*action && strcmp(action, "save") != 0) {
        if (!content_action_parse(action, &ask->act))
            return _("Thao tác không hợp lệ.");
        ask->has_act = true;
    }
    return NULL;
}

/*
 * Makes the date of the form agree with the publishing button pressed: "now" buttons clear a
 * date still to come (an empty date publishes at once; a past one stays, for backdating), and
 * the schedule button needs one to come, from the field or, left empty, the article's own.
 * NULL, or the message of a 400 (nothing written).
 */
static const char *publish_date_of(struct http_request *req, const struct article *a,
                                   int64_t now, struct editor_ask *ask)
{
    int64_t at = 0;

    if (!ask->has_act || (ask->act != CONTENT_APPROVE && ask->act != CONTENT_PUBLISH))
        return NULL;
    if (*ask->v.published_at && time_parse_iso8601(ask->v.published_at, &at) != CONG_OK)
        return _("Ngày đăng không hợp lệ: chọn ngày và giờ trong ô Ngày đăng.");
    if (!ask->schedule) {
        if (at > now)
            ask->v.published_at = "";
        return NULL;
    }
    if (!*ask->v.published_at && a)
        at = a->published_at;
    if (at <= now)
        return _("Để lên lịch đăng, hãy chọn ở ô Ngày đăng một ngày giờ trong tương lai. Bài "
               "chưa bị thay đổi gì.");
    if (!*ask->v.published_at)
        ask->v.published_at = datetime_local(req->arena, at);
    return ask->v.published_at ? NULL : _("Không đọc được ngày đăng.");
}

/* True if a reject comes without its note (blanks are none). */
static bool reject_without_note(const struct editor_ask *ask)
{
    size_t n = strlen(ask->v.note);

    (void)text_trim(ask->v.note, &n);
    return ask->has_act && ask->act == CONTENT_REJECT && !n;
}

/*
 * Saves the fields of ask as a (NULL: a new article, whose id goes to *id). A refusal or a
 * stale form sets ev's message and returns its code; the autosave goes once saved.
 */
static enum cong_err editor_save(struct web *w, struct http_request *req,
                                 const struct content_actor *who, const struct article *a,
                                 const struct editor_ask *ask, int64_t *id,
                                 struct editor_view *ev)
{
    struct store *st = web_store(w, req);
    struct cong_error err = {0};
    struct article_edit e;
    enum cong_err rc;

    if ((rc = edit_of_form(w, req, who->user_id, a, &ask->v, &e, &ev->error)) != CONG_OK)
        return rc;
    rc = a ? content_article_update(st, who, a->id, &e, ask->expect_rev, web_now(w), &err)
           : content_article_create(st, who, &e, web_now(w), id, &err);
    if (rc == CONG_EEXIST && a && strcmp(err.field, "slug") != 0) {
        /* the form now starts from the newest revision: a second, deliberate save wins */
        (void)store_latest_revision(st, a->id, &ev->rev);
        ev->error = _(msg_stale);
    } else if (rc != CONG_OK && web_status_of(rc) < 500) {
        ev->error = *err.msg ? arena_strdup(req->arena, err.msg) : _("Không lưu được bài viết.");
    } else if (rc == CONG_OK) {
        (void)content_autosave_delete(st, who, a ? a->id : 0);
    }
    return rc;
}

/* Moves article id by ask's action; a refusal sets ev (the article as it now is) and returns. */
static enum cong_err editor_move(struct web *w, struct http_request *req,
                                 const struct content_actor *who, int64_t id,
                                 const struct editor_ask *ask, struct article *fresh,
                                 struct editor_view *ev)
{
    struct store *st = web_store(w, req);
    struct cong_error err = {0};
    enum cong_err rc;

    rc = content_article_transition(st, who, id, ask->act, ask->v.note, web_now(w), &err);
    if (rc == CONG_OK || web_status_of(rc) >= 500)
        return rc;
    /* the fields may be saved by now: show the article as it is, with the message */
    if (store_get_article(st, req->arena, id, fresh) == CONG_OK) {
        ev->a = fresh;
        (void)store_latest_revision(st, id, &ev->rev);
    }
    ev->error = *err.msg ? arena_strdup(req->arena, err.msg)
                         : _("Không chuyển được trạng thái bài viết.");
    return rc;
}

/* The address after a successful POST on article id: the editor with its notice. */
static const char *editor_done(struct web *w, struct http_request *req, int64_t id, bool created,
                               const struct editor_ask *ask)
{
    struct article after;
    bool scheduled = false;

    if (!ask->has_act)
        return created ? arena_printf(req->arena, ARTICLES_PATH "/%lld?tb=tao", (long long)id)
                       : done_path(req->arena, id, NULL, false);
    if ((ask->act == CONTENT_PUBLISH || ask->act == CONTENT_APPROVE) &&
        store_get_article(web_store(w, req), req->arena, id, &after) == CONG_OK)
        scheduled = after.published_at > web_now(w);
    return done_path(req->arena, id, content_action_name(ask->act), scheduled);
}

/*
 * True if the POST saves the fields before its action. A workflow button pressed on an
 * unchanged form (or by someone who may not edit) moves the article without a "save" revision
 * before it, so the history reads "Duyệt và đăng", not "Lưu" then that; the form must still
 * be the latest revision, as a save would have checked (CONG_EEXIST otherwise).
 */
static enum cong_err editor_saves(struct web *w, struct http_request *req,
                                  const struct content_actor *who, const struct article *a,
                                  const struct editor_ask *ask, bool *saves, int64_t *latest)
{
    bool may_edit = a ? content_may_edit(who, a) : content_may_create(who, ARTICLE_DRAFT);
    enum cong_err rc;

    *saves = may_edit || !ask->has_act;
    if (!ask->has_act || !a || (may_edit && form_changed(req, a, web_now(w), &ask->v)))
        return CONG_OK;
    *saves = false;
    if ((rc = store_latest_revision(web_store(w, req), a->id, latest)) != CONG_OK)
        return rc;
    return ask->expect_rev >= 0 && *latest != ask->expect_rev ? CONG_EEXIST : CONG_OK;
}

/* POST of the editor: a (NULL new) saved from the form, then moved by the action if any. */
static void editor_post(struct web *w, struct http_request *req, struct http_response *res,
                        const struct web_viewer *viewer, struct article *a)
{
    struct content_actor who;
    struct editor_ask ask;
    struct editor_view ev = {.a = a, .v = &ask.v};
    struct article probe = {.status = ARTICLE_DRAFT}, fresh;
    int64_t id = a ? a->id : 0, latest = 0;
    bool saves;
    enum cong_err rc;

    web_actor(viewer, req, &who);
    if ((ev.error = editor_parse(req, a, &ask))) {
        editor_page(w, req, res, viewer, 400, &ev);
        return;
    }
    ev.rev = ask.expect_rev < 0 ? 0 : ask.expect_rev;
    if (!a) {
        probe.owner_id = who.user_id;
        probe.published_at = web_now(w);
    }
    /* refuse a transition the viewer may not do before anything is written */
    if (ask.has_act && (rc = transition_refused(&who, a ? a : &probe, ask.act, &ev.error))) {
        editor_page(w, req, res, viewer, web_status_of(rc), &ev);
        return;
    }
    if ((ev.error = publish_date_of(req, a, web_now(w), &ask))) {
        editor_page(w, req, res, viewer, 400, &ev);
        return;
    }
    if (reject_without_note(&ask)) {
        ev.error = _("Cần ghi chú cho tác giả: vì sao bài được trả lại và cần sửa gì. Bài chưa "
                   "bị thay đổi gì.");
        editor_page(w, req, res, viewer, 400, &ev);
        return;
    }
    rc = editor_saves(w, req, &who, a, &ask, &saves, &latest);
    if (rc == CONG_EEXIST) {
        ev.rev = latest;
        ev.error = _(msg_stale);
    } else if (rc == CONG_OK && saves) {
        rc = editor_save(w, req, &who, a, &ask, &id, &ev);
    }
    if (rc == CONG_OK && ask.has_act)
        rc = editor_move(w, req, &who, id, &ask, &fresh, &ev);
    /* a store failure of the domain is an error page; a refusal shows the form again */
    if (rc != CONG_OK && !ev.error) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    if (rc != CONG_OK) {
        editor_page(w, req, res, viewer, web_status_of(rc), &ev);
        return;
    }
    web_see_other(req, res, editor_done(w, req, id, !a, &ask));
}

void admin_h_article_new(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    if (req->method == HTTP_POST) {
        editor_post(w, req, res, &v, NULL);
        return;
    }
    editor_get(w, req, res, &v, NULL);
}

void admin_h_article(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct article a;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!article_or_respond(w, req, res, &who, &a))
        return;
    if (req->method == HTTP_POST) {
        editor_post(w, req, res, &v, &a);
        return;
    }
    editor_get(w, req, res, &v, &a);
}

/* Deletion, with a confirmation page first. */

void admin_h_article_delete(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    struct article a;
    json_t *data;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!article_or_respond(w, req, res, &who, &a))
        return;
    if (req->method == HTTP_POST) {
        rc = content_article_delete(web_store(w, req), &who, a.id, &err);
        if (rc != CONG_OK) {
            web_admin_refuse(w, req, res, rc, *err.msg ? err.msg : _("Không xóa được bài viết."));
            return;
        }
        (void)content_autosave_delete(web_store(w, req), &who, a.id);
        web_see_other(req, res, ARTICLES_PATH "?tb=xoa");
        return;
    }
    if (!content_may_delete(&who, &a)) {
        web_admin_refuse(w, req, res, CONG_EPERM, _("Bạn không có quyền xóa bài viết này."));
        return;
    }
    data = web_view_extend(
        web_admin_page_data(w, req, _("Xóa bài viết"), &v),
        (struct web_kv[]){
            WEB_S("title", a.title),
            WEB_S("status_label", content_status_label(&a, web_now(w))),
            WEB_S("edit_url", editor_path(req->arena, a.id)),
            WEB_S("delete_url", arena_printf(req->arena, ARTICLES_PATH "/%lld/xoa", (long long)a.id)),
            WEB_END});
    web_render_private(w, req, res, 200, "admin-article-delete", data);
    json_decref(data);
}

/* Previews. */

void admin_h_markdown_preview(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    const char *body, *format;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    body = or_empty(http_request_form_value(req, "body"));
    if (strlen(body) > CONTENT_BODY_MAX) {
        web_admin_refuse(w, req, res, CONG_ETOOBIG, _("Nội dung dài quá mức cho phép."));
        return;
    }
    /* the same path as saving, so the preview shows what readers will get */
    format = http_request_form_value(req, "body_format");
    if (format && !strcmp(format, "html"))
        rc = render_sanitize_html(body, strlen(body), &res->body);
    else
        rc = render_markdown(body, strlen(body), &res->body);
    if (rc == CONG_EINVAL) {
        web_admin_refuse(w, req, res, rc, _("Nội dung không phải văn bản UTF-8 hợp lệ."));
        return;
    }
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    web_private(res);
}

/* The preview's cover, or NULL when it has none (or its file cannot be read). */
static json_t *preview_cover(struct web *w, struct http_request *req, struct arena *ar,
                             const struct article *a)
{
    struct media m;

    if (!a->cover_media_id ||
        store_get_media_info(web_store(w, req), ar, a->cover_media_id, &m) != CONG_OK)
        return NULL;
    return web_view((struct web_kv[]){WEB_S("url", content_media_path(ar, m.id, m.mime)),
                                      WEB_S("caption", a->cover_caption),
                                      WEB_I("width", m.width), WEB_I("height", m.height),
                                      WEB_END});
}

void admin_h_article_preview(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct article a;
    json_t *data;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!article_or_respond(w, req, res, &who, &a))
        return;
    data = web_view_extend(web_admin_page_data(w, req, a.title, &v),
                           (struct web_kv[]){
                               WEB_S("title", a.title),
                               WEB_S("summary", a.summary),
                               WEB_S("author", a.author),
                               WEB_DATETIME("date", a.published_at),
                               WEB_S("status_label", content_status_label(&a, web_now(w))),
                               WEB_S("body_html", a.body_html),
                               WEB_S("edit_url", editor_path(req->arena, a.id)),
                               WEB_J("cover", preview_cover(w, req, req->arena, &a)),
                               WEB_END});
    web_render_private(w, req, res, 200, "admin-article-preview", data);
    json_decref(data);
}

/* Autosave. */

/* The article id of an autosave's route: "0" is a new article's; false if it is no id. */
static bool autosave_id(const struct http_request *req, int64_t *id)
{
    *id = 0;
    return (req->nparams && !strcmp(req->params[0], "0")) || (*id = route_id(req)) != 0;
}

/* "Đã lưu tự động lúc HH:MM", from ar. */
static const char *saved_message(struct arena *ar, int64_t now)
{
    const char *at = time_then_date(ar, now);

    return arena_printf(ar, _("Đã lưu tự động lúc %.5s"), at);
}

void admin_h_article_autosave(struct http_request *req, struct http_response *res, void *ctx)
{
    static const char *const names[] = {
        "title",         "summary",     "body",  "category",         "tags",
        "author",        "published_at", "cover", "cover_caption",   "body_format",
        "slug",          "meta_description",     "cover_alt",        "expires_at",
        "lang"};
    struct web *w = ctx;
    struct store *st = web_store(w, req);
    struct web_viewer v;
    struct content_actor who;
    struct content_field f[sizeof(names) / sizeof(names[0])];
    struct cong_error err = {0};
    int64_t id, now = web_now(w);
    size_t n = 0;
    json_t *body;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!autosave_id(req, &id)) {
        web_admin_refuse(w, req, res, CONG_ENOTFOUND, _(msg_not_found));
        return;
    }
    if (http_request_form_value(req, "bo_qua")) {
        /* "Bỏ qua": forget it, back to the editor */
        if ((rc = content_autosave_delete(st, &who, id)) != CONG_OK) {
            web_admin_fail(w, req, res, rc, NULL);
            return;
        }
        web_see_other(req, res,
                      id ? arena_printf(req->arena, ARTICLES_PATH "/%lld?tb=bo-qua", (long long)id)
                         : ARTICLES_PATH "/moi?tb=bo-qua");
        return;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *val = http_request_form_value(req, names[i]);
        if (val)
            f[n++] = (struct content_field){.name = names[i], .value = val};
    }
    rc = content_autosave_put(st, &who, id, f, n, now, &err);
    if (rc == CONG_EPERM && id && !is_visible_to(st, req->arena, &who, id)) {
        /* another's draft answers as a missing id does */
        rc = CONG_ENOTFOUND;
        err = (struct cong_error){.code = rc};
        snprintf(err.msg, sizeof(err.msg), "%s", _(msg_not_found));
    }
    if (rc != CONG_OK) {
        if (!*err.msg)
            cong_error_set(&err, rc, _("Không lưu tự động được"));
        web_json_fail(res, rc, &err);
        return;
    }
    body = web_view((struct web_kv[]){WEB_I("saved_at", now),
                                      WEB_S("message", saved_message(req->arena, now)), WEB_END});
    web_json(res, 200, body);
    json_decref(body);
}

/* History. */

static json_t *revision_rows(struct arena *ar, int64_t article_id,
                             const struct article_revision *revs, size_t n)
{
    json_t *list = json_array();

    for (size_t i = 0; list && i < n; i++) {
        if (json_array_append_new(
                list, web_view((struct web_kv[]){
                          WEB_I("id", revs[i].id),
                          WEB_DATETIME("at", revs[i].at),
                          WEB_S("who", *revs[i].user_name ? revs[i].user_name : _("—")),
                          WEB_S("action", revs[i].action),
                          WEB_S("action_label", revision_action_label(revs[i].action)),
                          WEB_S("note", revs[i].note),
                          WEB_S("url", arena_printf(ar, ARTICLES_PATH "/%lld/lich-su/%lld",
                                                    (long long)article_id, (long long)revs[i].id)),
                          WEB_END}))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

void admin_h_article_history(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct article a;
    struct article_revision *revs;
    size_t n, total;
    json_t *data;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!article_or_respond(w, req, res, &who, &a))
        return;
    rc = store_list_revisions(web_store(w, req), req->arena, a.id, 0, HISTORY_MAX, &revs, &n, &total);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    data = web_view_extend(
        web_admin_page_data(w, req, arena_printf(req->arena, _("Lịch sử: %s"), a.title), &v),
        (struct web_kv[]){
            WEB_S("title", a.title),
            WEB_S("edit_url", editor_path(req->arena, a.id)),
            WEB_N("revisions", revision_rows(req->arena, a.id, revs, n)),
            WEB_I("total", total),
            WEB_B("more", total > n),
            WEB_I("shown", n),
            WEB_END});
    web_render_private(w, req, res, 200, "admin-article-history", data);
    json_decref(data);
}

/* Appends one changed field of a revision (its label, the old and the new value) to *list;
   nothing when they are the same. On failure *list is released and NULL. */
static void add_change(json_t **list, const char *label, const char *old, const char *new_)
{
    if (!*list || !strcmp(old, new_))
        return;
    if (json_array_append_new(*list, web_view((struct web_kv[]){
                                         WEB_S("label", label),
                                         WEB_S("old", *old ? old : _("(trống)")),
                                         WEB_S("new", *new_ ? new_ : _("(trống)")), WEB_END}))) {
        json_decref(*list);
        *list = NULL;
    }
}

static const char *status_word(enum article_status st, int64_t published_at, int64_t now)
{
    struct article a = {.status = st, .published_at = published_at};

    return content_status_label(&a, now);
}

static const char *datetime_text(struct arena *ar, int64_t t)
{
    struct buf b;
    const char *out;

    buf_init(&b, 64);
    i18n_add_datetime(&b, t);
    out = buf_error(&b) ? "" : arena_strndup(ar, b.data, b.len);
    buf_release(&b);
    return out ? out : "";
}

static const char *cover_word(struct arena *ar, bool has, int64_t id)
{
    return has && id ? arena_printf(ar, _("ảnh số %lld"), (long long)id) : "";
}

/* What revision r changed from p (the one before it; has_prev false: none). */
static json_t *changes_view(struct arena *ar, const struct article_revision *p, bool has_prev,
                            const struct article_revision *r, int64_t now)
{
    json_t *list = json_array();

    add_change(&list, _("Tiêu đề"), p->title, r->title);
    add_change(&list, _("Tóm tắt"), p->summary, r->summary);
    add_change(&list, _("Chuyên mục"), p->category_name, r->category_name);
    add_change(&list, _("Thẻ"), tags_text(ar, p->tags), tags_text(ar, r->tags));
    add_change(&list, _("Tác giả"), p->author, r->author);
    add_change(&list, _("Chú thích ảnh"), p->cover_caption, r->cover_caption);
    add_change(&list, _("Trạng thái"), has_prev ? status_word(p->status, p->published_at, now) : "",
               status_word(r->status, r->published_at, now));
    add_change(&list, _("Ngày đăng"), has_prev ? datetime_text(ar, p->published_at) : "",
               datetime_text(ar, r->published_at));
    add_change(&list, _("Ảnh bìa"), cover_word(ar, has_prev, p->cover_media_id),
               cover_word(ar, true, r->cover_media_id));
    return list;
}

/* The body's diff, line by line, into *out. */
static enum cong_err diff_view(struct arena *ar, const char *old, const char *new_, json_t **out)
{
    struct content_diff_line *lines;
    size_t n;
    json_t *list;
    enum cong_err rc;

    *out = NULL;
    if ((rc = content_diff(ar, old, new_, &lines, &n)) != CONG_OK)
        return rc;
    list = json_array();
    for (size_t i = 0; list && i < n; i++) {
        bool del = lines[i].op == DIFF_DEL, add = lines[i].op == DIFF_ADD;
        if (json_array_append_new(list, web_view((struct web_kv[]){
                                            WEB_S("op", del ? "del" : add ? "add" : "same"),
                                            WEB_S("sign", del ? "-" : add ? "+" : " "),
                                            WEB_S("text", lines[i].text), WEB_END}))) {
            json_decref(list);
            list = NULL;
        }
    }
    *out = list;
    return list ? CONG_OK : CONG_ENOMEM;
}

/* Revision rev_id of article a and the one before it (*has_prev false: none, p is empty). */
static enum cong_err revision_pair(struct store *st, struct arena *ar, const struct article *a,
                                   int64_t rev_id, struct article_revision *r,
                                   struct article_revision *p, bool *has_prev)
{
    enum cong_err rc = rev_id ? store_get_revision(st, ar, rev_id, r) : CONG_ENOTFOUND;

    if (rc == CONG_OK && r->article_id != a->id)
        rc = CONG_ENOTFOUND;
    if (rc != CONG_OK)
        return rc;
    memset(p, 0, sizeof(*p));
    rc = store_get_previous_revision(st, ar, rev_id, p);
    if (rc != CONG_OK && rc != CONG_ENOTFOUND)
        return rc;
    *has_prev = rc == CONG_OK;
    if (!*has_prev) {
        p->title = p->summary = p->author = p->cover_caption = p->tags = p->body_md = "";
        p->category_name = "";
    }
    return CONG_OK;
}

void admin_h_article_revision(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct arena *ar = req->arena;
    struct web_viewer v;
    struct content_actor who;
    struct article a;
    struct article_revision r, p;
    bool has_prev;
    json_t *changes, *diff, *data;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!article_or_respond(w, req, res, &who, &a))
        return;
    rc = revision_pair(web_store(w, req), ar, &a, req->nparams > 1 ? parse_id(req->params[1]) : 0, &r,
                       &p, &has_prev);
    if (rc == CONG_ENOTFOUND) {
        web_admin_refuse(w, req, res, rc, _("Bài viết này không có phiên bản đó."));
        return;
    }
    if (rc == CONG_OK)
        rc = diff_view(ar, p.body_md, r.body_md, &diff);
    if (rc != CONG_OK) {
        web_admin_fail(w, req, res, rc, NULL);
        return;
    }
    changes = changes_view(ar, &p, has_prev, &r, web_now(w));
    data = web_view_extend(
        web_admin_page_data(w, req, arena_printf(ar, _("Phiên bản: %s"), a.title), &v),
        (struct web_kv[]){
            WEB_S("title", a.title),
            WEB_I("rev_id", r.id),
            WEB_DATETIME("at", r.at),
            WEB_S("who", *r.user_name ? r.user_name : _("—")),
            WEB_S("action_label", revision_action_label(r.action)),
            WEB_S("note", r.note),
            WEB_B("has_prev", has_prev),
            WEB_B("has_changes", json_array_size(changes) > 0),
            WEB_N("changes", changes),
            WEB_B("body_changed", strcmp(or_empty(p.body_md), or_empty(r.body_md)) != 0),
            WEB_N("diff", diff),
            WEB_S("edit_url", editor_path(ar, a.id)),
            WEB_S("history_url", arena_printf(ar, ARTICLES_PATH "/%lld/lich-su", (long long)a.id)),
            WEB_S("restore_url",
                  arena_printf(ar, ARTICLES_PATH "/%lld/khoi-phuc", (long long)a.id)),
            WEB_B("may_restore", content_may_edit(&who, &a)),
            WEB_END});
    web_render_private(w, req, res, 200, "admin-article-revision", data);
    json_decref(data);
}

void admin_h_article_restore(struct http_request *req, struct http_response *res, void *ctx)
{
    struct web *w = ctx;
    struct web_viewer v;
    struct content_actor who;
    struct cong_error err = {0};
    struct article a;
    int64_t rev_id;
    enum cong_err rc;

    if (!web_admin_or_respond(w, req, res, AUTH_AUTHOR, &v))
        return;
    web_actor(&v, req, &who);
    if (!article_or_respond(w, req, res, &who, &a))
        return;
    if (!(rev_id = parse_id(http_request_form_value(req, "rev")))) {
        web_admin_refuse(w, req, res, CONG_EINVAL, _("Chưa chọn phiên bản để khôi phục."));
        return;
    }
    rc = content_article_restore(web_store(w, req), &who, a.id, rev_id, web_now(w), &err);
    if (rc != CONG_OK) {
        web_admin_refuse(w, req, res, rc,
                         *err.msg ? err.msg : _("Không khôi phục được phiên bản này."));
        return;
    }
    web_see_other(req, res,
                  arena_printf(req->arena, ARTICLES_PATH "/%lld?tb=khoi-phuc", (long long)a.id));
}
