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

#include "../content/content.h"
#include "../render/render.h"
#include "../search/search.h"
#include "../web/web.h"
#include "admin_int.h"

#define ARTICLES_PATH "/quan-tri/bai-viet"
#define LIST_PER_PAGE 20
#define COVER_CHOICES 60

#define HISTORY_MAX   200

static const char msg_not_found[] = "Không có bài viết này (có thể đã bị xóa).";
static const char msg_stale[] = "Bài viết vừa được người khác lưu sau khi bạn mở nó. Nội dung "
                                "bạn gõ vẫn còn dưới đây. Xem Lịch sử để biết họ đã đổi gì; "
                                "bấm Lưu lần nữa sẽ ghi đè bản của họ bằng bản này.";

/* The workflow buttons in the order the editor shows them, with the labels editors know. */
static const struct {
    enum content_action act;
    const char *label;
} buttons[] = {
    {CONTENT_SUBMIT, "Gửi duyệt"},  {CONTENT_APPROVE, "Duyệt và đăng"},
    {CONTENT_PUBLISH, "Đăng ngay"}, {CONTENT_REJECT, "Trả lại tác giả"},
    {CONTENT_UNPUBLISH, "Gỡ bài"},
};

/* What a revision's action code means, for the history page. */
static const char *revision_action_label(const char *action)
{
    static const struct {
        const char *code, *label;
    } labels[] = {
        {"create", "Tạo bài"},
        {"save", "Lưu"},
        {"restore", "Khôi phục bản cũ"},
        {"submit", "Gửi duyệt"},
        {"approve", "Duyệt và đăng"},
        {"reject", "Trả lại tác giả"},
        {"publish", "Đăng"},
        {"unpublish", "Gỡ bài"},
    };

    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        if (!strcmp(labels[i].code, action))
            return labels[i].label;
    }
    return action;
}

void admin_actor_of(const struct auth_session *s, const struct http_request *req,
                    struct content_actor *out)
{
    out->user_id = s->user.id;
    out->name = s->user.name;
    out->role = s->user.role;
    out->ip = req->remote_addr ? req->remote_addr : "";
}

int admin_status_of(enum cong_err rc)
{
    switch (rc) {
    case CONG_EINVAL: return 400;
    case CONG_EPERM: return 403;
    case CONG_ENOTFOUND: return 404;
    case CONG_EEXIST: return 409;
    case CONG_ETOOBIG: return 413;
    case CONG_ESTATE: return 422;
    default: return 503;
    }
}

static json_t *jstr(const char *s)
{
    json_t *v = json_string(s ? s : "");

    return v ? v : json_string("");
}

/* t as dd-mm-yyyy HH:MM in the site's zone ("" for 0). */
static json_t *jdatetime(int64_t t)
{
    struct buf b;
    json_t *v;

    if (!t)
        return json_string("");
    buf_init(&b, 64);
    time_add_datetime(&b, t);
    v = jstr(buf_error(&b) ? "" : b.data);
    buf_release(&b);
    return v;
}

/* t as "HH:MM dd-mm-yyyy", as the autosave offer says it, from ar. */
static const char *time_then_date(struct arena *ar, int64_t t)
{
    struct buf b;
    const char *out;

    buf_init(&b, 64);
    time_add_datetime(&b, t);
    /* "dd-mm-yyyy HH:MM" -> "HH:MM dd-mm-yyyy" */
    out = !buf_error(&b) && b.len == 16 ? arena_printf(ar, "%.5s %.10s", b.data + 11, b.data) : "";
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

    if (!s || !text_parse_i64(s, strlen(s), &v) || v <= 0)
        return 0;
    return v;
}

/* The article id of the route's first capture (0: not a number). */
static int64_t route_id(const struct http_request *req)
{
    return req->nparams ? parse_id(req->params[0]) : 0;
}

/* True if who may look at a (the editor read-only, its history): editors, or its owner. */
static bool may_view(const struct content_actor *who, const struct article *a)
{
    return auth_role_at_least(who->role, AUTH_EDITOR) ||
           (a->owner_id && a->owner_id == who->user_id) || content_may_edit(who, a);
}

/* The editor's path of article id. */
static const char *editor_path(struct arena *ar, int64_t id)
{
    return arena_printf(ar, ARTICLES_PATH "/%lld", (long long)id);
}

/* The list. */

/* "YYYY-MM-DD" in the site's zone, its midnight; false if s is not such a date. */
static bool parse_day(const char *s, int64_t *out)
{
    if (strlen(s) != 10)
        return false;
    return time_parse_iso8601(s, out) == CONG_OK;
}

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

void admin_h_articles(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct store *st = web_store(ad->web);
    int64_t now = web_now(ad->web);
    struct auth_session s;
    struct content_actor who;
    struct list_filters f;
    struct article_query q = {0};
    struct search_query sq;
    struct article *arts = NULL;
    struct category *cats = NULL;
    struct user *users = NULL;
    size_t n = 0, total = 0, ncats = 0, nusers = 0, pending = 0, *order = NULL, pages;
    int *depth = NULL;
    const char *error = NULL, *tb;
    bool is_editor;
    int status = 200;
    json_t *data, *list, *opts;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    admin_actor_of(&s, req, &who);
    is_editor = auth_role_at_least(s.user.role, AUTH_EDITOR);
    f.status = query_or_empty(req, "trang_thai");
    f.category = query_or_empty(req, "chuyen_muc");
    f.owner = query_or_empty(req, "tac_gia");
    f.from = query_or_empty(req, "tu");
    f.to = query_or_empty(req, "den");
    f.q = query_or_empty(req, "q");
    f.page = 1;
    if (*query_or_empty(req, "trang")) {
        int64_t p = parse_id(http_request_query(req, "trang"));
        if (p <= 0 || p > 100000) {
            error = "Số trang không hợp lệ.";
            status = 400;
        } else {
            f.page = (size_t)p;
        }
    }

    q.now = now;
    q.offset = (f.page - 1) * LIST_PER_PAGE;
    q.limit = LIST_PER_PAGE;
    if (!*f.status) {
    } else if (!strcmp(f.status, "draft")) {
        q.status_mask = 1u << ARTICLE_DRAFT;
    } else if (!strcmp(f.status, "pending")) {
        q.status_mask = 1u << ARTICLE_PENDING;
    } else if (!strcmp(f.status, "published")) {
        q.published_only = true;
    } else if (!strcmp(f.status, "scheduled")) {
        q.status_mask = 1u << ARTICLE_PUBLISHED;
        q.scheduled_only = true;
    } else {
        error = "Trạng thái lọc không hợp lệ.";
        status = 400;
    }
    if ((rc = store_list_categories(st, req->arena, &cats, &ncats)) != CONG_OK ||
        (rc = admin_category_tree(req->arena, cats, ncats, &order, &depth)) != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    if (*f.category) {
        struct category c;
        rc = store_get_category_by_slug(st, req->arena, f.category, &c);
        if (rc == CONG_ENOTFOUND) {
            error = "Không có chuyên mục này.";
            status = 400;
        } else if (rc != CONG_OK) {
            return admin_store_failed(ad, req, res, rc);
        } else {
            q.category_id = c.id;
        }
    }
    /* an author's list is their own articles, whatever the address asks */
    if (!is_editor) {
        q.owner_id = s.user.id;
    } else if (*f.owner) {
        q.owner_id = parse_id(f.owner);
        if (!q.owner_id) {
            error = "Người viết lọc không hợp lệ.";
            status = 400;
        }
    }
    if (*f.from && !parse_day(f.from, &q.from)) {
        error = "Ngày bắt đầu lọc phải có dạng năm-tháng-ngày (YYYY-MM-DD).";
        status = 400;
    }
    if (*f.to) {
        if (!parse_day(f.to, &q.to)) {
            error = "Ngày kết thúc lọc phải có dạng năm-tháng-ngày (YYYY-MM-DD).";
            status = 400;
        } else {
            q.to += 86400; /* the whole last day (the site's zone keeps no summer time) */
        }
    }
    if (*f.q) {
        rc = search_query_parse(req->arena, f.q, strlen(f.q), &sq);
        if (rc == CONG_EINVAL) {
            error = "Từ khóa tìm kiếm không hợp lệ.";
            status = 400;
        } else if (rc != CONG_OK) {
            return admin_store_failed(ad, req, res, rc);
        } else {
            q.terms = sq.terms;
            q.nterms = sq.nterms;
        }
    }
    if (status == 200 &&
        (rc = store_list_articles(st, req->arena, &q, &arts, &n, &total)) != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    if (is_editor) {
        struct article_query pq = {.status_mask = 1u << ARTICLE_PENDING, .now = now};
        struct article *none;
        size_t nn;
        if ((rc = store_list_articles(st, req->arena, &pq, &none, &nn, &pending)) != CONG_OK ||
            (rc = store_list_users(st, req->arena, &users, &nusers)) != CONG_OK)
            return admin_store_failed(ad, req, res, rc);
    }

    data = admin_page_data(ad, req, "Bài viết", &s);
    list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(arts[i].id));
        json_object_set_new(o, "title", jstr(arts[i].title));
        json_object_set_new(o, "edit_url", jstr(editor_path(req->arena, arts[i].id)));
        json_object_set_new(o, "status", jstr(store_article_status_name(arts[i].status)));
        json_object_set_new(o, "status_label", jstr(content_status_label(&arts[i], now)));
        json_object_set_new(o, "category", jstr(arts[i].category_name));
        json_object_set_new(o, "owner", jstr(*arts[i].owner_name ? arts[i].owner_name : "—"));
        json_object_set_new(o, "date", jdatetime(arts[i].published_at));
        json_object_set_new(o, "may_delete", json_boolean(content_may_delete(&who, &arts[i])));
        json_object_set_new(o, "may_edit", json_boolean(content_may_edit(&who, &arts[i])));
        json_array_append_new(list, o);
    }
    json_object_set_new(data, "articles", list);
    json_object_set_new(data, "total", json_integer((json_int_t)total));
    json_object_set_new(data, "is_editor", json_boolean(is_editor));
    json_object_set_new(data, "pending_count", json_integer((json_int_t)pending));
    json_object_set_new(data, "pending_url", jstr(ARTICLES_PATH "?trang_thai=pending"));

    /* the status links, the current one marked */
    opts = json_array();
    {
        static const struct {
            const char *value, *label;
        } st_opts[] = {{"", "Tất cả"},
                       {"draft", "Bản nháp"},
                       {"pending", "Chờ duyệt"},
                       {"published", "Đã đăng"},
                       {"scheduled", "Đã lên lịch"}};
        for (size_t i = 0; i < sizeof(st_opts) / sizeof(st_opts[0]); i++) {
            json_t *o = json_object();
            bool cur = !strcmp(f.status, st_opts[i].value);
            json_object_set_new(o, "value", jstr(st_opts[i].value));
            json_object_set_new(o, "label", jstr(st_opts[i].label));
            json_object_set_new(o, "url",
                                jstr(*st_opts[i].value
                                         ? arena_printf(req->arena, ARTICLES_PATH "?trang_thai=%s",
                                                        st_opts[i].value)
                                         : ARTICLES_PATH));
            json_object_set_new(o, "current", json_boolean(cur));
            json_object_set_new(o, "selected", json_boolean(cur));
            json_object_set_new(o, "is_pending",
                                json_boolean(!strcmp(st_opts[i].value, "pending")));
            json_array_append_new(opts, o);
        }
    }
    json_object_set_new(data, "status_options", opts);

    opts = json_array();
    for (size_t i = 0; i < ncats; i++) {
        const struct category *c = &cats[order[i]];
        json_t *o = json_object();
        struct buf lb;
        buf_init(&lb, 1024);
        for (int d = 0; d < depth[i]; d++)
            buf_puts(&lb, "— ");
        buf_puts(&lb, c->name);
        json_object_set_new(o, "slug", jstr(c->slug));
        json_object_set_new(o, "label", jstr(buf_error(&lb) ? c->name : lb.data));
        json_object_set_new(o, "selected", json_boolean(!strcmp(c->slug, f.category)));
        buf_release(&lb);
        json_array_append_new(opts, o);
    }
    json_object_set_new(data, "category_options", opts);
    opts = json_array();
    for (size_t i = 0; i < nusers; i++) {
        enum auth_role r;
        json_t *o;
        /* only those who may write articles own any */
        if (!auth_role_parse(users[i].role, &r) || !auth_role_at_least(r, AUTH_AUTHOR))
            continue;
        o = json_object();
        json_object_set_new(o, "id", json_integer(users[i].id));
        json_object_set_new(o, "name", jstr(users[i].name));
        json_object_set_new(o, "selected", json_boolean(q.owner_id == users[i].id && is_editor));
        json_array_append_new(opts, o);
    }
    json_object_set_new(data, "owner_options", opts);

    {
        json_t *fo = json_object();
        json_object_set_new(fo, "from", jstr(f.from));
        json_object_set_new(fo, "to", jstr(f.to));
        json_object_set_new(fo, "q", jstr(f.q));
        json_object_set_new(data, "filter", fo);
    }
    pages = (total + LIST_PER_PAGE - 1) / LIST_PER_PAGE;
    json_object_set_new(data, "page_no", json_integer((json_int_t)f.page));
    json_object_set_new(data, "pages", json_integer((json_int_t)(pages ? pages : 1)));
    if (f.page > 1)
        json_object_set_new(data, "prev_url",
                            jstr(arena_printf(req->arena, ARTICLES_PATH "%s",
                                              filters_query(req->arena, &f, f.page - 1))));
    if (f.page < pages)
        json_object_set_new(data, "next_url",
                            jstr(arena_printf(req->arena, ARTICLES_PATH "%s",
                                              filters_query(req->arena, &f, f.page + 1))));
    tb = http_request_query(req, "tb");
    if (tb && !strcmp(tb, "xoa"))
        json_object_set_new(data, "notice", jstr("Đã xóa bài viết."));
    if (error)
        json_object_set_new(data, "error", jstr(error));
    admin_render(ad, req, res, status, "admin-articles", data);
    json_decref(data);
}

/* The editor. */

/* The form's fields as typed (or as the article holds them), each never NULL. */
struct form_vals {
    const char *title, *summary, *body, *category, *tags, *author, *published_at, *cover,
        *cover_caption, *note;
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
}

static void vals_of_form(const struct http_request *req, struct form_vals *v)
{
    for (size_t i = 0; i < sizeof(form_fields) / sizeof(form_fields[0]); i++)
        *form_field(v, i) = or_empty(http_request_form_value(req, form_fields[i].name));
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
        {"tao", "Đã tạo bài viết."},
        {"luu", "Đã lưu bài viết."},
        {"submit", "Đã lưu và gửi bài đi duyệt."},
        {"approve", "Đã duyệt và đăng bài."},
        {"publish", "Đã đăng bài."},
        {"schedule", "Đã lên lịch đăng bài."},
        {"reject", "Đã trả bài lại cho tác giả kèm ghi chú."},
        {"unpublish", "Đã gỡ bài khỏi trang công khai; bài trở về bản nháp."},
        {"khoi-phuc", "Đã khôi phục nội dung của bản cũ."},
        {"bo-qua", "Đã bỏ bản lưu tự động."},
    };

    for (size_t i = 0; tb && i < sizeof(notices) / sizeof(notices[0]); i++) {
        if (!strcmp(notices[i].code, tb))
            return notices[i].text;
    }
    return NULL;
}

/* The categories as <option>s, nested ones indented, the one with slug selected. */
static enum cong_err category_options(struct store *st, struct arena *ar, const char *selected,
                                      json_t **out)
{
    struct category *cats;
    size_t n, *order;
    int *depth;
    enum cong_err rc;

    *out = NULL;
    if ((rc = store_list_categories(st, ar, &cats, &n)) != CONG_OK ||
        (rc = admin_category_tree(ar, cats, n, &order, &depth)) != CONG_OK)
        return rc;
    *out = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct category *c = &cats[order[i]];
        json_t *o = json_object();
        const char *label = c->name;
        for (int d = 0; d < depth[i] && label; d++)
            label = arena_printf(ar, "— %s", label);
        json_object_set_new(o, "slug", jstr(c->slug));
        json_object_set_new(o, "label", jstr(label ? label : c->name));
        json_object_set_new(o, "selected", json_boolean(selected && !strcmp(selected, c->slug)));
        json_array_append_new(*out, o);
    }
    return CONG_OK;
}

/* Recent images as cover choices (plus the present cover if it is older), one selected. */
static enum cong_err cover_options(struct store *st, struct arena *ar, int64_t selected,
                                   json_t **out)
{
    struct media *m;
    size_t n;
    bool seen = selected == 0;
    enum cong_err rc;

    *out = NULL;
    if ((rc = store_list_media(st, ar, 0, COVER_CHOICES, &m, &n, NULL)) != CONG_OK)
        return rc;
    *out = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o;
        if (strncmp(m[i].mime, "image/", 6) != 0)
            continue;
        o = json_object();
        json_object_set_new(o, "id", json_integer(m[i].id));
        json_object_set_new(
            o, "label",
            jstr(arena_printf(ar, "%s (%d×%d)", *m[i].filename ? m[i].filename : "không tên",
                              m[i].width, m[i].height)));
        json_object_set_new(o, "selected", json_boolean(m[i].id == selected));
        json_array_append_new(*out, o);
        seen = seen || m[i].id == selected;
    }
    if (!seen) {
        struct media one;
        if (store_get_media_info(st, ar, selected, &one) == CONG_OK) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_integer(one.id));
            json_object_set_new(o, "label", jstr(*one.filename ? one.filename : "không tên"));
            json_object_set_new(o, "selected", json_true());
            json_array_append_new(*out, o);
        }
    }
    return CONG_OK;
}

/* The workflow buttons who may press on a (or on a new article) now. */
static json_t *transition_buttons(const struct content_actor *who, const struct article *a,
                                  int64_t now, bool *has_reject)
{
    struct article fresh = {.status = ARTICLE_DRAFT, .owner_id = who->user_id};
    json_t *list = json_array();

    *has_reject = false;
    if (!a)
        a = &fresh;
    for (size_t i = 0; i < sizeof(buttons) / sizeof(buttons[0]); i++) {
        json_t *o;
        const char *label = buttons[i].label;
        if (!content_may_transition(who, a, buttons[i].act, NULL))
            continue;
        if (buttons[i].act == CONTENT_PUBLISH && a->published_at > now)
            label = "Lên lịch đăng";
        if (buttons[i].act == CONTENT_REJECT) {
            *has_reject = true;
            continue; /* drawn beside its note */
        }
        o = json_object();
        json_object_set_new(o, "value", jstr(content_action_name(buttons[i].act)));
        json_object_set_new(o, "label", jstr(label));
        json_array_append_new(list, o);
    }
    return list;
}

static void editor_page(struct admin *ad, struct http_request *req, struct http_response *res,
                        const struct auth_session *s, int status, const struct editor_view *ev)
{
    struct store *st = web_store(ad->web);
    struct arena *ar = req->arena;
    int64_t now = web_now(ad->web), as_at = 0;
    const struct article *a = ev->a;
    const struct form_vals *v = ev->v;
    struct content_actor who;
    struct content_field *asf;
    size_t nasf;
    bool may_edit, has_reject;
    json_t *data, *art, *form, *opts;
    enum cong_err rc;

    admin_actor_of(s, req, &who);
    may_edit = a ? content_may_edit(&who, a) : content_may_create(&who, ARTICLE_DRAFT);
    data = admin_page_data(ad, req, a ? a->title : "Viết bài mới", s);
    art = json_object();
    json_object_set_new(art, "is_new", json_boolean(!a));
    json_object_set_new(art, "id", json_integer(a ? a->id : 0));
    json_object_set_new(art, "action_url", jstr(a ? editor_path(ar, a->id) : ARTICLES_PATH "/moi"));
    json_object_set_new(
        art, "autosave_url",
        jstr(arena_printf(ar, ARTICLES_PATH "/%lld/tu-dong-luu", (long long)(a ? a->id : 0))));
    json_object_set_new(art, "revision", json_integer(ev->rev));
    if (a) {
        json_object_set_new(art, "title", jstr(a->title));
        json_object_set_new(art, "status_label", jstr(content_status_label(a, now)));
        json_object_set_new(art, "owner", jstr(*a->owner_name ? a->owner_name : "—"));
        json_object_set_new(art, "category", jstr(a->category_name));
        json_object_set_new(art, "date", jdatetime(a->published_at));
        json_object_set_new(art, "updated", jdatetime(a->updated_at));
        json_object_set_new(art, "summary", jstr(a->summary));
        json_object_set_new(art, "tags", jstr(tags_text(ar, a->tags)));
        json_object_set_new(art, "author", jstr(a->author));
        json_object_set_new(art, "body_html", jstr(a->body_html));
        json_object_set_new(
            art, "preview_url",
            jstr(arena_printf(ar, ARTICLES_PATH "/%lld/xem-truoc", (long long)a->id)));
        json_object_set_new(
            art, "history_url",
            jstr(arena_printf(ar, ARTICLES_PATH "/%lld/lich-su", (long long)a->id)));
        if (content_may_delete(&who, a))
            json_object_set_new(
                art, "delete_url",
                jstr(arena_printf(ar, ARTICLES_PATH "/%lld/xoa", (long long)a->id)));
        if (a->status == ARTICLE_PUBLISHED && a->published_at <= now)
            json_object_set_new(art, "public_url", jstr(content_article_path(ar, a)));
        /* the note a reviewer sent back, for the article's people while it is a draft */
        if (a->status == ARTICLE_DRAFT && a->review_note && *a->review_note)
            json_object_set_new(art, "review_note", jstr(a->review_note));
    }
    json_object_set_new(data, "article", art);
    json_object_set_new(data, "may_edit", json_boolean(may_edit));
    json_object_set_new(data, "buttons", transition_buttons(&who, a, now, &has_reject));
    json_object_set_new(data, "may_reject", json_boolean(has_reject));
    json_object_set_new(data, "has_actions",
                        json_boolean(may_edit ||
                                     json_array_size(json_object_get(data, "buttons")) > 0 ||
                                     has_reject));

    form = json_object();
    json_object_set_new(form, "title", jstr(v->title));
    json_object_set_new(form, "summary", jstr(v->summary));
    json_object_set_new(form, "body", jstr(v->body));
    json_object_set_new(form, "tags", jstr(v->tags));
    json_object_set_new(form, "author", jstr(v->author));
    json_object_set_new(form, "published_at", jstr(v->published_at));
    json_object_set_new(form, "cover_caption", jstr(v->cover_caption));
    json_object_set_new(form, "note", jstr(v->note));
    json_object_set_new(data, "form", form);
    if ((rc = category_options(st, ar, v->category, &opts)) != CONG_OK) {
        json_decref(data);
        return admin_store_failed(ad, req, res, rc);
    }
    json_object_set_new(data, "categories", opts);
    if ((rc = cover_options(st, ar, parse_id(v->cover), &opts)) != CONG_OK) {
        json_decref(data);
        return admin_store_failed(ad, req, res, rc);
    }
    json_object_set_new(data, "covers", opts);
    json_object_set_new(data, "no_cover", json_boolean(parse_id(v->cover) == 0));

    /* an autosave newer than the article (any, for a new one) is offered back */
    if (may_edit && !ev->from_autosave &&
        content_autosave_get(st, ar, &who, a ? a->id : 0, &as_at, &asf, &nasf) == CONG_OK &&
        (!a || as_at >= a->updated_at)) {
        json_t *o = json_object();
        json_object_set_new(o, "at", jstr(time_then_date(ar, as_at)));
        json_object_set_new(o, "restore_url",
                            jstr(arena_printf(ar, "%s?tu_dong=1",
                                              a ? editor_path(ar, a->id) : ARTICLES_PATH "/moi")));
        json_object_set_new(data, "autosave", o);
    }
    if (ev->from_autosave)
        json_object_set_new(data, "from_autosave", json_true());
    if (ev->error)
        json_object_set_new(data, "error", jstr(ev->error));
    if (ev->notice)
        json_object_set_new(data, "notice", jstr(ev->notice));
    admin_render(ad, req, res, status, "admin-article", data);
    json_decref(data);
}

/* The article of the route, checked visible to who; false when it has answered. */
static bool article_or_respond(struct admin *ad, struct http_request *req,
                               struct http_response *res, const struct content_actor *who,
                               struct article *a)
{
    int64_t id = route_id(req);
    enum cong_err rc;

    if (!id) {
        admin_fail(ad, req, res, 404, msg_not_found);
        return false;
    }
    rc = store_get_article(web_store(ad->web), req->arena, id, a);
    if (rc == CONG_ENOTFOUND) {
        admin_fail(ad, req, res, 404, msg_not_found);
        return false;
    }
    if (rc != CONG_OK) {
        admin_store_failed(ad, req, res, rc);
        return false;
    }
    if (!may_view(who, a)) {
        admin_fail(ad, req, res, 403, "Bạn không có quyền xem bài viết này.");
        return false;
    }
    return true;
}

/* GET of the editor: article a (NULL new), fields from the autosave when asked. */
static void editor_get(struct admin *ad, struct http_request *req, struct http_response *res,
                       const struct auth_session *s, const struct article *a)
{
    struct store *st = web_store(ad->web);
    struct form_vals v = {0};
    struct editor_view ev = {.a = a, .v = &v};
    struct content_actor who;
    struct content_field *f;
    const char *tu_dong = http_request_query(req, "tu_dong");
    int64_t at;
    size_t n;
    enum cong_err rc;

    admin_actor_of(s, req, &who);
    if (a) {
        vals_of_article(req->arena, a, &v);
        if ((rc = store_latest_revision(st, a->id, &ev.rev)) != CONG_OK)
            return admin_store_failed(ad, req, res, rc);
    } else {
        v.title = v.summary = v.body = v.category = v.tags = v.published_at = v.cover_caption =
            v.note = "";
        v.author = s->user.display_name && *s->user.display_name ? s->user.display_name : "";
        v.cover = "0";
    }
    if (tu_dong && !strcmp(tu_dong, "1")) {
        rc = content_autosave_get(st, req->arena, &who, a ? a->id : 0, &at, &f, &n);
        if (rc == CONG_OK) {
            vals_of_autosave(f, n, &v);
            ev.from_autosave = true;
            ev.notice = arena_printf(req->arena,
                                     "Đã đưa bản lưu tự động lúc %s vào biểu mẫu. Bấm Lưu để "
                                     "giữ nó.",
                                     time_then_date(req->arena, at));
        } else if (rc == CONG_ENOTFOUND) {
            ev.error = "Không còn bản lưu tự động nào.";
        } else {
            return admin_store_failed(ad, req, res, rc);
        }
    }
    if (!ev.notice && !ev.error)
        ev.notice = notice_of(http_request_query(req, "tb"));
    editor_page(ad, req, res, s, 200, &ev);
}

/* Status of a transition's failure found before anything is written, and its message. */
static bool transition_refused(const struct content_actor *who, const struct article *a,
                               enum content_action act, int *status, const char **msg)
{
    struct article probe = *a;
    bool role_may;

    if (content_may_transition(who, a, act, NULL))
        return false;
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
        *status = 403;
        *msg = "Bạn không có quyền làm thao tác này với bài viết. Bài chưa bị thay đổi gì.";
    } else {
        *status = 422;
        *msg = "Bài viết không ở trạng thái cho phép thao tác này. Bài chưa bị thay đổi gì.";
    }
    return true;
}

/* True if the public sees a at now: published, and its date has come. */
static bool is_public(const struct article *a, int64_t now)
{
    return a->status == ARTICLE_PUBLISHED && a->published_at <= now;
}

/*
 * The fields of the form as an edit of a (NULL: a new article). A file sent as cover_file is
 * stored first and becomes the cover. An empty date means "when it is published", as the
 * field's hint says: on an article not yet public (a draft, a pending or a scheduled one) it
 * clears the date, so publishing dates it (a scheduled one is then public at once); an article
 * already public keeps its date. Returns 0, or the status of a refusal with *msg.
 */
static int edit_of_form(struct admin *ad, struct http_request *req, int64_t uploader,
                        const struct article *a, const struct form_vals *v, struct article_edit *e,
                        const char **msg)
{
    const struct http_file *file = http_request_file(req, "cover_file");
    struct cong_error err = {0};
    enum cong_err rc;

    memset(e, 0, sizeof(*e));
    e->title = v->title;
    e->summary = v->summary;
    e->body_md = v->body;
    e->category_slug = v->category;
    e->author = v->author;
    e->cover_caption = v->cover_caption;
    e->tags = v->tags;
    if (*v->published_at) {
        if (time_parse_iso8601(v->published_at, &e->published_at) != CONG_OK) {
            *msg = "Ngày đăng không hợp lệ: chọn ngày và giờ trong ô Ngày đăng.";
            return 400;
        }
        e->set_published_at = true;
    } else if (a && !is_public(a, web_now(ad->web))) {
        e->set_published_at = true;
        e->published_at = 0; /* the store's rule: 0 is now, and publishing dates it again */
    }
    e->set_cover = true;
    if (*v->cover && strcmp(v->cover, "0") != 0) {
        e->cover_media_id = parse_id(v->cover);
        if (!e->cover_media_id) {
            *msg = "Ảnh bìa không hợp lệ.";
            return 400;
        }
    }
    if (file && file->len) {
        /* a cover is a picture: a PDF is refused before it is stored */
        const char *mime = content_sniff_mime(file->data, file->len);
        if (!mime || strncmp(mime, "image/", 6) != 0) {
            *msg = "Tệp tải lên không phải ảnh JPEG, PNG, WebP hay GIF. Bài chưa được lưu; "
                   "hãy chọn lại ảnh bìa.";
            return 400;
        }
        rc = content_add_media_by(web_store(ad->web), uploader, file->data, file->len,
                                  file->filename, web_media_max(ad->web), &e->cover_media_id,
                                  &err);
        if (rc == CONG_EINVAL || rc == CONG_ETOOBIG) {
            *msg = arena_printf(req->arena,
                                "Ảnh bìa không dùng được: %s. Bài chưa được lưu; "
                                "hãy chọn ảnh khác.",
                                *err.msg ? err.msg : cong_strerror(rc));
            if (!*msg)
                *msg = "Ảnh bìa không dùng được. Bài chưa được lưu.";
            return rc == CONG_ETOOBIG ? 413 : 400;
        }
        if (rc != CONG_OK) {
            *msg = "Không lưu được ảnh bìa lúc này, xin thử lại sau ít phút.";
            return 503;
        }
    }
    return 0;
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
           !same_text(cur.body, v->body) || !same_text(cur.category, v->category) ||
           !same_text(cur.tags, v->tags) || !same_text(cur.author, v->author) ||
           /* an emptied date changes something only where it held a time to come */
           (*v->published_at ? !same_text(cur.published_at, v->published_at)
                             : a->published_at > now) ||
           parse_id(cur.cover) != parse_id(v->cover) ||
           !same_text(cur.cover_caption, v->cover_caption);
}

/* The address after a successful POST: the editor with a notice. */
static const char *done_path(struct arena *ar, int64_t id, const char *act_name, bool scheduled)
{
    const char *tb = act_name ? (scheduled ? "schedule" : act_name) : "luu";

    return arena_printf(ar, ARTICLES_PATH "/%lld?tb=%s", (long long)id, tb);
}

/* POST of the editor: a (NULL new) saved from the form, then moved by the action if any. */
static void editor_post(struct admin *ad, struct http_request *req, struct http_response *res,
                        const struct auth_session *s, struct article *a)
{
    struct store *st = web_store(ad->web);
    int64_t now = web_now(ad->web), id = a ? a->id : 0, expect_rev = -1;
    struct content_actor who;
    struct form_vals v;
    struct article_edit e;
    struct article probe = {.status = ARTICLE_DRAFT};
    struct cong_error err = {0};
    struct editor_view ev = {.a = a, .v = &v};
    const char *action = or_empty(http_request_form_value(req, "action"));
    const char *rev = http_request_form_value(req, "revision");
    const char *msg = NULL, *loc;
    enum content_action act = CONTENT_SUBMIT;
    bool has_act = false, may_edit;
    int status = 0;
    enum cong_err rc;

    admin_actor_of(s, req, &who);
    vals_of_form(req, &v);
    if (a && rev && *rev && !text_parse_i64(rev, strlen(rev), &expect_rev)) {
        ev.error = "Biểu mẫu không hợp lệ (số phiên bản).";
        goto refused400;
    }
    if (a && !(rev && *rev))
        expect_rev = -1;
    ev.rev = expect_rev < 0 ? 0 : expect_rev;
    if (*action && strcmp(action, "save") != 0) {
        if (!content_action_parse(action, &act)) {
            ev.error = "Thao tác không hợp lệ.";
            goto refused400;
        }
        has_act = true;
    }
    may_edit = a ? content_may_edit(&who, a) : content_may_create(&who, ARTICLE_DRAFT);
    if (!a) {
        probe.owner_id = who.user_id;
        probe.published_at = now;
    }
    /* refuse a transition the viewer may not do before anything is written */
    if (has_act && transition_refused(&who, a ? a : &probe, act, &status, &msg)) {
        ev.error = msg;
        return editor_page(ad, req, res, s, status, &ev);
    }
    if (has_act && act == CONTENT_REJECT) {
        size_t nl = strlen(v.note);
        (void)text_trim(v.note, &nl);
        if (!nl) {
            ev.error = "Cần ghi chú cho tác giả: vì sao bài được trả lại và cần sửa gì. Bài chưa "
                       "bị thay đổi gì.";
            goto refused400;
        }
    }
    /*
     * A workflow button pressed on an unchanged form moves the article without a "save"
     * revision before it, so the history reads "Duyệt và đăng", not "Lưu" then that; the
     * form must still be the latest revision, as a save would have checked.
     */
    if (has_act && a && (!may_edit || !form_changed(req, a, now, &v))) {
        int64_t latest = 0;
        if ((rc = store_latest_revision(st, a->id, &latest)) != CONG_OK)
            return admin_store_failed(ad, req, res, rc);
        if (expect_rev >= 0 && latest != expect_rev) {
            ev.rev = latest;
            ev.error = msg_stale;
            return editor_page(ad, req, res, s, 409, &ev);
        }
        may_edit = false; /* nothing to save */
    }
    if (may_edit || !has_act) {
        status = edit_of_form(ad, req, who.user_id, a, &v, &e, &msg);
        if (status) {
            ev.error = msg;
            return editor_page(ad, req, res, s, status, &ev);
        }
        rc = a ? content_article_update(st, &who, id, &e, expect_rev, now, &err)
               : content_article_create(st, &who, &e, now, &id, &err);
        if (rc == CONG_EEXIST && a) {
            /* the form now starts from the newest revision: a second, deliberate save wins */
            (void)store_latest_revision(st, a->id, &ev.rev);
            ev.error = msg_stale;
            return editor_page(ad, req, res, s, 409, &ev);
        }
        if (rc != CONG_OK) {
            status = admin_status_of(rc);
            if (status == 503)
                return admin_store_failed(ad, req, res, rc);
            ev.error = *err.msg ? err.msg : "Không lưu được bài viết.";
            return editor_page(ad, req, res, s, status, &ev);
        }
        (void)content_autosave_delete(st, &who, a ? a->id : 0);
    }
    if (has_act) {
        rc = content_article_transition(st, &who, id, act, v.note, now, &err);
        if (rc != CONG_OK) {
            struct article fresh;
            status = admin_status_of(rc);
            if (status == 503)
                return admin_store_failed(ad, req, res, rc);
            /* the fields may be saved by now: show the article as it is, with the message */
            if (store_get_article(st, req->arena, id, &fresh) == CONG_OK) {
                ev.a = &fresh;
                (void)store_latest_revision(st, id, &ev.rev);
            }
            ev.error = *err.msg ? err.msg : "Không chuyển được trạng thái bài viết.";
            return editor_page(ad, req, res, s, status, &ev);
        }
    }
    {
        bool scheduled = false;
        struct article after;
        if (has_act && (act == CONTENT_PUBLISH || act == CONTENT_APPROVE) &&
            store_get_article(st, req->arena, id, &after) == CONG_OK)
            scheduled = after.published_at > now;
        loc = has_act ? done_path(req->arena, id, content_action_name(act), scheduled)
                      : (a ? done_path(req->arena, id, NULL, false)
                           : arena_printf(req->arena, ARTICLES_PATH "/%lld?tb=tao", (long long)id));
    }
    if (!loc)
        return admin_store_failed(ad, req, res, CONG_ENOMEM);
    http_response_redirect(req, res, 303, loc);
    return;
refused400:
    editor_page(ad, req, res, s, 400, &ev);
}

void admin_h_article_new(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    if (req->method == HTTP_POST)
        return editor_post(ad, req, res, &s, NULL);
    editor_get(ad, req, res, &s, NULL);
}

void admin_h_article(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    struct content_actor who;
    struct article a;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    admin_actor_of(&s, req, &who);
    if (!article_or_respond(ad, req, res, &who, &a))
        return;
    if (req->method == HTTP_POST)
        return editor_post(ad, req, res, &s, &a);
    editor_get(ad, req, res, &s, &a);
}

/* Deletion, with a confirmation page first. */

void admin_h_article_delete(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    struct content_actor who;
    struct cong_error err = {0};
    struct article a;
    json_t *data;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    admin_actor_of(&s, req, &who);
    if (!article_or_respond(ad, req, res, &who, &a))
        return;
    if (req->method == HTTP_POST) {
        rc = content_article_delete(web_store(ad->web), &who, a.id, &err);
        if (rc == CONG_OK) {
            (void)content_autosave_delete(web_store(ad->web), &who, a.id);
            http_response_redirect(req, res, 303, ARTICLES_PATH "?tb=xoa");
            return;
        }
        if (admin_status_of(rc) == 503)
            return admin_store_failed(ad, req, res, rc);
        return admin_fail(ad, req, res, admin_status_of(rc),
                          *err.msg ? err.msg : "Không xóa được bài viết.");
    }
    if (!content_may_delete(&who, &a))
        return admin_fail(ad, req, res, 403, "Bạn không có quyền xóa bài viết này.");
    data = admin_page_data(ad, req, "Xóa bài viết", &s);
    json_object_set_new(data, "title", jstr(a.title));
    json_object_set_new(data, "status_label", jstr(content_status_label(&a, web_now(ad->web))));
    json_object_set_new(data, "edit_url", jstr(editor_path(req->arena, a.id)));
    json_object_set_new(data, "delete_url",
                        jstr(arena_printf(req->arena, ARTICLES_PATH "/%lld/xoa", (long long)a.id)));
    admin_render(ad, req, res, 200, "admin-article-delete", data);
    json_decref(data);
}

/* Previews. */

void admin_h_markdown_preview(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    const char *body;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    body = or_empty(http_request_form_value(req, "body"));
    if (strlen(body) > CONTENT_BODY_MAX)
        return admin_fail(ad, req, res, 413, "Nội dung dài quá mức cho phép.");
    /* the same path as saving, so the preview shows what readers will get */
    rc = render_markdown(body, strlen(body), &res->body);
    if (rc == CONG_EINVAL)
        return admin_fail(ad, req, res, 400, "Nội dung không phải văn bản UTF-8 hợp lệ.");
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    http_response_set_header(res, "Cache-Control", "no-store");
}

void admin_h_article_preview(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    struct content_actor who;
    struct article a;
    json_t *data;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    admin_actor_of(&s, req, &who);
    if (!article_or_respond(ad, req, res, &who, &a))
        return;
    data = admin_page_data(ad, req, a.title, &s);
    json_object_set_new(data, "title", jstr(a.title));
    json_object_set_new(data, "summary", jstr(a.summary));
    json_object_set_new(data, "author", jstr(a.author));
    json_object_set_new(data, "date", jdatetime(a.published_at));
    json_object_set_new(data, "status_label", jstr(content_status_label(&a, web_now(ad->web))));
    json_object_set_new(data, "body_html", jstr(a.body_html));
    json_object_set_new(data, "edit_url", jstr(editor_path(req->arena, a.id)));
    if (a.cover_media_id) {
        struct media m;
        if (store_get_media_info(web_store(ad->web), req->arena, a.cover_media_id, &m) ==
            CONG_OK) {
            json_t *c = json_object();
            json_object_set_new(c, "url", jstr(content_media_path(req->arena, m.id, m.mime)));
            json_object_set_new(c, "caption", jstr(a.cover_caption));
            json_object_set_new(c, "width", json_integer(m.width));
            json_object_set_new(c, "height", json_integer(m.height));
            json_object_set_new(data, "cover", c);
        }
    }
    admin_render(ad, req, res, 200, "admin-article-preview", data);
    json_decref(data);
}

/* Autosave. */

void admin_h_article_autosave(struct http_request *req, struct http_response *res, void *ctx)
{
    static const char *const names[] = {"title",  "summary",      "body",  "category",     "tags",
                                        "author", "published_at", "cover", "cover_caption"};
    struct admin *ad = ctx;
    struct store *st = web_store(ad->web);
    struct auth_session s;
    struct content_actor who;
    struct content_field f[sizeof(names) / sizeof(names[0])];
    struct cong_error err = {0};
    int64_t id, now = web_now(ad->web);
    size_t n = 0;
    const char *at;
    json_t *o;
    char *text;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    admin_actor_of(&s, req, &who);
    id = req->nparams && !strcmp(req->params[0], "0") ? 0 : route_id(req);
    if (!id && !(req->nparams && !strcmp(req->params[0], "0")))
        return admin_fail(ad, req, res, 404, msg_not_found);
    if (http_request_form_value(req, "bo_qua")) {
        /* "Bỏ qua": forget it, back to the editor */
        if ((rc = content_autosave_delete(st, &who, id)) != CONG_OK)
            return admin_store_failed(ad, req, res, rc);
        http_response_redirect(
            req, res, 303,
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
    if (rc != CONG_OK && admin_status_of(rc) == 503)
        return admin_store_failed(ad, req, res, rc);
    o = json_object();
    if (rc == CONG_OK) {
        struct buf b;
        buf_init(&b, 64);
        time_add_datetime(&b, now);
        at = !buf_error(&b) && b.len == 16 ? arena_strndup(req->arena, b.data + 11, 5) : "";
        buf_release(&b);
        json_object_set_new(o, "saved_at", json_integer(now));
        json_object_set_new(o, "message",
                            jstr(arena_printf(req->arena, "Đã lưu tự động lúc %s", at ? at : "")));
    } else {
        json_t *e = json_object();
        json_object_set_new(e, "code", jstr(cong_strerror(rc)));
        json_object_set_new(e, "message", jstr(*err.msg ? err.msg : "Không lưu tự động được"));
        json_object_set_new(o, "error", e);
    }
    text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text)
        return admin_store_failed(ad, req, res, CONG_ENOMEM);
    buf_puts(&res->body, text);
    free(text);
    res->status = rc == CONG_OK ? 200 : admin_status_of(rc);
    res->content_type = "application/json; charset=utf-8";
    http_response_set_header(res, "Cache-Control", "no-store");
}

/* History. */

void admin_h_article_history(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    struct content_actor who;
    struct article a;
    struct article_revision *revs;
    size_t n, total;
    json_t *data, *list;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    admin_actor_of(&s, req, &who);
    if (!article_or_respond(ad, req, res, &who, &a))
        return;
    rc = store_list_revisions(web_store(ad->web), req->arena, a.id, 0, HISTORY_MAX, &revs, &n,
                              &total);
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    data = admin_page_data(ad, req, arena_printf(req->arena, "Lịch sử: %s", a.title), &s);
    json_object_set_new(data, "title", jstr(a.title));
    json_object_set_new(data, "edit_url", jstr(editor_path(req->arena, a.id)));
    list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(revs[i].id));
        json_object_set_new(o, "at", jdatetime(revs[i].at));
        json_object_set_new(o, "who", jstr(*revs[i].user_name ? revs[i].user_name : "—"));
        json_object_set_new(o, "action", jstr(revs[i].action));
        json_object_set_new(o, "action_label", jstr(revision_action_label(revs[i].action)));
        json_object_set_new(o, "note", jstr(revs[i].note));
        json_object_set_new(o, "url",
                            jstr(arena_printf(req->arena, ARTICLES_PATH "/%lld/lich-su/%lld",
                                              (long long)a.id, (long long)revs[i].id)));
        json_array_append_new(list, o);
    }
    json_object_set_new(data, "revisions", list);
    json_object_set_new(data, "total", json_integer((json_int_t)total));
    json_object_set_new(data, "more", json_boolean(total > n));
    json_object_set_new(data, "shown", json_integer((json_int_t)n));
    admin_render(ad, req, res, 200, "admin-article-history", data);
    json_decref(data);
}

/* One changed field of a revision: its label, the old and the new value. */
static void add_change(json_t *list, const char *label, const char *old, const char *new_)
{
    json_t *o;

    if (!strcmp(old, new_))
        return;
    o = json_object();
    json_object_set_new(o, "label", jstr(label));
    json_object_set_new(o, "old", jstr(*old ? old : "(trống)"));
    json_object_set_new(o, "new", jstr(*new_ ? new_ : "(trống)"));
    json_array_append_new(list, o);
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
    time_add_datetime(&b, t);
    out = buf_error(&b) ? "" : arena_strndup(ar, b.data, b.len);
    buf_release(&b);
    return out ? out : "";
}

void admin_h_article_revision(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct store *st = web_store(ad->web);
    struct arena *ar = req->arena;
    int64_t now = web_now(ad->web), rev_id;
    struct auth_session s;
    struct content_actor who;
    struct article a;
    struct article_revision r, p = {0};
    struct content_diff_line *lines;
    size_t nlines;
    bool has_prev;
    json_t *data, *changes, *diff;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    admin_actor_of(&s, req, &who);
    if (!article_or_respond(ad, req, res, &who, &a))
        return;
    rev_id = req->nparams > 1 ? parse_id(req->params[1]) : 0;
    rc = rev_id ? store_get_revision(st, ar, rev_id, &r) : CONG_ENOTFOUND;
    if (rc == CONG_ENOTFOUND || (rc == CONG_OK && r.article_id != a.id))
        return admin_fail(ad, req, res, 404, "Bài viết này không có phiên bản đó.");
    if (rc != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    rc = store_get_previous_revision(st, ar, rev_id, &p);
    if (rc != CONG_OK && rc != CONG_ENOTFOUND)
        return admin_store_failed(ad, req, res, rc);
    has_prev = rc == CONG_OK;
    if (!has_prev) {
        p.title = p.summary = p.author = p.cover_caption = p.tags = p.body_md = "";
        p.category_name = "";
    }
    changes = json_array();
    add_change(changes, "Tiêu đề", p.title, r.title);
    add_change(changes, "Tóm tắt", p.summary, r.summary);
    add_change(changes, "Chuyên mục", p.category_name, r.category_name);
    add_change(changes, "Thẻ", tags_text(ar, p.tags), tags_text(ar, r.tags));
    add_change(changes, "Tác giả", p.author, r.author);
    add_change(changes, "Chú thích ảnh", p.cover_caption, r.cover_caption);
    add_change(changes, "Trạng thái", has_prev ? status_word(p.status, p.published_at, now) : "",
               status_word(r.status, r.published_at, now));
    add_change(changes, "Ngày đăng", has_prev ? datetime_text(ar, p.published_at) : "",
               datetime_text(ar, r.published_at));
    add_change(
        changes, "Ảnh bìa",
        has_prev && p.cover_media_id ? arena_printf(ar, "ảnh số %lld", (long long)p.cover_media_id)
                                     : "",
        r.cover_media_id ? arena_printf(ar, "ảnh số %lld", (long long)r.cover_media_id) : "");
    if ((rc = content_diff(ar, p.body_md, r.body_md, &lines, &nlines)) != CONG_OK)
        return admin_store_failed(ad, req, res, rc);
    diff = json_array();
    for (size_t i = 0; i < nlines; i++) {
        json_t *o = json_object();
        const char *op = lines[i].op == DIFF_DEL ? "del" : lines[i].op == DIFF_ADD ? "add" : "same";
        json_object_set_new(o, "op", jstr(op));
        json_object_set_new(o, "sign",
                            jstr(lines[i].op == DIFF_DEL   ? "-"
                                 : lines[i].op == DIFF_ADD ? "+"
                                                           : " "));
        json_object_set_new(o, "text", jstr(lines[i].text));
        json_array_append_new(diff, o);
    }
    data = admin_page_data(ad, req, arena_printf(ar, "Phiên bản: %s", a.title), &s);
    json_object_set_new(data, "title", jstr(a.title));
    json_object_set_new(data, "rev_id", json_integer(r.id));
    json_object_set_new(data, "at", jdatetime(r.at));
    json_object_set_new(data, "who", jstr(*r.user_name ? r.user_name : "—"));
    json_object_set_new(data, "action_label", jstr(revision_action_label(r.action)));
    json_object_set_new(data, "note", jstr(r.note));
    json_object_set_new(data, "has_prev", json_boolean(has_prev));
    json_object_set_new(data, "has_changes", json_boolean(json_array_size(changes) > 0));
    json_object_set_new(data, "changes", changes);
    json_object_set_new(
        data, "body_changed",
        json_boolean(strcmp(p.body_md ? p.body_md : "", r.body_md ? r.body_md : "")));
    json_object_set_new(data, "diff", diff);
    json_object_set_new(data, "edit_url", jstr(editor_path(ar, a.id)));
    json_object_set_new(data, "history_url",
                        jstr(arena_printf(ar, ARTICLES_PATH "/%lld/lich-su", (long long)a.id)));
    json_object_set_new(data, "restore_url",
                        jstr(arena_printf(ar, ARTICLES_PATH "/%lld/khoi-phuc", (long long)a.id)));
    json_object_set_new(data, "may_restore", json_boolean(content_may_edit(&who, &a)));
    admin_render(ad, req, res, 200, "admin-article-revision", data);
    json_decref(data);
}

void admin_h_article_restore(struct http_request *req, struct http_response *res, void *ctx)
{
    struct admin *ad = ctx;
    struct auth_session s;
    struct content_actor who;
    struct cong_error err = {0};
    struct article a;
    int64_t rev_id;
    enum cong_err rc;

    if (!admin_viewer_or_respond(ad, req, res, AUTH_AUTHOR, &s))
        return;
    admin_actor_of(&s, req, &who);
    if (!article_or_respond(ad, req, res, &who, &a))
        return;
    rev_id = parse_id(http_request_form_value(req, "rev"));
    if (!rev_id)
        return admin_fail(ad, req, res, 400, "Chưa chọn phiên bản để khôi phục.");
    rc =
        content_article_restore(web_store(ad->web), &who, a.id, rev_id, web_now(ad->web), &err);
    if (rc != CONG_OK) {
        if (admin_status_of(rc) == 503)
            return admin_store_failed(ad, req, res, rc);
        return admin_fail(ad, req, res, admin_status_of(rc),
                          *err.msg ? err.msg : "Không khôi phục được phiên bản này.");
    }
    http_response_redirect(
        req, res, 303,
        arena_printf(req->arena, ARTICLES_PATH "/%lld?tb=khoi-phuc", (long long)a.id));
}
