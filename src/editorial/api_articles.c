/*
 * The articles endpoints of the JSON API: reading (GET /api/v1/articles and /ID, the public's
 * published articles and, for the people who write them, drafts, pending and scheduled ones),
 * writing (POST, PATCH, DELETE), the workflow (POST /ID/transitions), and the history
 * (GET /ID/revisions, POST /ID/revisions/REV/restore). Every write goes through the content
 * module's editorial functions, which hold the rules; this file only turns JSON into their
 * arguments and their answers into HTTP. What a reader may not see is a 404, as if absent.
 * It also holds the small helpers the module's other endpoint files share (editorial_int.h).
 */
#include "editorial_int.h"

#include <string.h>

#include "../search/search.h"

#define API_PER_PAGE     10
#define API_PER_PAGE_MAX 100

/* Shared helpers. */

bool editorial_viewer_or_respond(struct editorial *ed, struct http_request *req,
                                 struct http_response *res, struct auth_user *out)
{
    memset(out, 0, sizeof(*out));
    if (!http_request_header(req, "Authorization") &&
        !http_request_cookie(req, AUTH_SESSION_COOKIE)) {
        out->role = AUTH_GUEST;
        out->name = "";
        return true;
    }
    return api_authenticate_or_respond(ed->api, req, res, AUTH_GUEST, out);
}

struct content_actor editorial_actor(const struct auth_user *u, const struct http_request *req)
{
    return (struct content_actor){.user_id = u->id,
                                  .name = u->name ? u->name : "",
                                  .role = u->role,
                                  .ip = req->remote_addr ? req->remote_addr : ""};
}

void editorial_respond_err(struct http_response *res, enum cong_err rc,
                           const struct cong_error *err)
{
    const char *msg = err && err->msg[0] ? err->msg : cong_strerror(rc);

    switch (rc) {
    case CONG_EINVAL: return api_respond_error(res, 400, "invalid", msg);
    case CONG_EPERM: return api_respond_error(res, 403, "forbidden", msg);
    case CONG_ENOTFOUND: return api_respond_error(res, 404, "not_found", msg);
    case CONG_EEXIST: return api_respond_error(res, 409, "conflict", msg);
    case CONG_ETOOBIG: return api_respond_error(res, 413, "too_large", msg);
    case CONG_ESTATE: return api_respond_error(res, 422, "invalid_state", msg);
    default:
        /* the store has logged what failed; the client only needs to retry */
        return api_respond_error(res, 503, "unavailable",
                                 "Không đọc hoặc ghi được dữ liệu lúc này.");
    }
}

json_t *editorial_body_or_respond(struct http_request *req, struct http_response *res)
{
    json_error_t jerr;
    json_t *o;

    o = req->body_len ? json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!o) {
        api_respond_error(res, 400, "invalid_json", "Nội dung yêu cầu không phải JSON hợp lệ.");
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        api_respond_error(res, 400, "invalid_json", "Nội dung yêu cầu phải là một đối tượng JSON.");
        return NULL;
    }
    return o;
}

static void wrong_type(struct http_response *res, const char *key, const char *want)
{
    char msg[160];

    if (snprintf(msg, sizeof(msg), "Trường '%s' phải là %s.", key, want) >= (int)sizeof(msg))
        msg[0] = '\0';
    api_respond_error(res, 400, "bad_field", msg[0] ? msg : "Một trường sai kiểu.");
}

bool editorial_json_text(json_t *o, const char *key, const char **out, struct http_response *res)
{
    json_t *v = json_object_get(o, key);

    if (!v)
        return true;
    if (!json_is_string(v)) {
        wrong_type(res, key, "một chuỗi");
        return false;
    }
    /* a NUL inside would cut the text silently further on */
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        wrong_type(res, key, "một chuỗi không chứa ký tự NUL");
        return false;
    }
    *out = json_string_value(v);
    return true;
}

bool editorial_json_int(json_t *o, const char *key, bool nullable, int64_t *out, bool *set,
                        struct http_response *res)
{
    json_t *v = json_object_get(o, key);

    if (set)
        *set = false;
    if (!v)
        return true;
    if (nullable && json_is_null(v)) {
        *out = 0;
        if (set)
            *set = true;
        return true;
    }
    if (!json_is_integer(v)) {
        wrong_type(res, key, nullable ? "một số nguyên hoặc null" : "một số nguyên");
        return false;
    }
    *out = (int64_t)json_integer_value(v);
    if (set)
        *set = true;
    return true;
}

bool editorial_query_count(struct http_request *req, const char *name, int64_t def, int64_t max,
                           int64_t *out)
{
    const char *v = http_request_query(req, name);

    *out = def;
    if (!v)
        return true;
    return text_parse_i64(v, strlen(v), out) && *out >= 1 && *out <= max;
}

bool editorial_parse_id(const char *s, int64_t *out)
{
    return s && text_parse_i64(s, strlen(s), out) && *out > 0;
}

/* Reading. */

static json_t *jstr(const char *s)
{
    return json_string(s ? s : "");
}

static json_t *iso(int64_t t)
{
    struct buf b;
    json_t *v;

    buf_init(&b, 64);
    time_add_iso8601(&b, t);
    v = json_stringn(b.data, b.len);
    buf_release(&b);
    return v;
}

static json_t *tags_json(const char *tags)
{
    json_t *arr = json_array();
    const char *p = tags ? tags : "", *comma;

    while (*p) {
        comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n)
            json_array_append_new(arr, json_stringn(p, n));
        p += n + (comma != NULL);
    }
    return arr;
}

/* True if art is public now: published and its time has come. */
static bool is_visible(const struct article *art, int64_t now)
{
    return art->status == ARTICLE_PUBLISHED && art->published_at <= now;
}

/* True if who may see art though it is not public: their own (an author), or an editor. */
static bool may_see_hidden(const struct content_actor *who, const struct article *art)
{
    if (auth_role_at_least(who->role, AUTH_EDITOR))
        return true;
    return auth_role_at_least(who->role, AUTH_AUTHOR) && who->user_id > 0 &&
           art->owner_id == who->user_id;
}

/*
 * One article as the API shows it; the body only for the single-article answer. Those who
 * may edit it also get its owner, review note, Markdown and (with_rev) its latest revision.
 */
static json_t *article_json(struct editorial *ed, struct arena *a, const struct article *art,
                            const struct content_actor *who, bool with_body, bool with_rev)
{
    struct store *st = web_store(ed->web);
    json_t *o = json_object(), *cover = json_null();
    struct media m;
    int64_t now = web_now(ed->web);

    json_object_set_new(o, "id", json_integer(art->id));
    json_object_set_new(o, "title", jstr(art->title));
    json_object_set_new(o, "slug", jstr(art->slug));
    json_object_set_new(o, "url", jstr(content_article_path(a, art)));
    json_object_set_new(o, "summary", jstr(art->summary));
    json_object_set_new(o, "category", jstr(art->category_slug));
    json_object_set_new(o, "category_name", jstr(art->category_name));
    json_object_set_new(o, "author", jstr(art->author));
    json_object_set_new(o, "status", json_string(store_article_status_name(art->status)));
    json_object_set_new(o, "scheduled",
                        json_boolean(art->status == ARTICLE_PUBLISHED && art->published_at > now));
    json_object_set_new(o, "published_at", iso(art->published_at));
    json_object_set_new(o, "updated_at", iso(art->updated_at));
    if (art->cover_media_id && store_get_media_info(st, a, art->cover_media_id, &m) == CONG_OK) {
        cover = json_object();
        json_object_set_new(cover, "id", json_integer(m.id));
        json_object_set_new(cover, "url", jstr(content_media_path(a, m.id, m.mime)));
        json_object_set_new(cover, "width", json_integer(m.width));
        json_object_set_new(cover, "height", json_integer(m.height));
    }
    json_object_set_new(o, "cover", cover);
    json_object_set_new(o, "cover_caption", jstr(art->cover_caption));
    json_object_set_new(o, "tags", tags_json(art->tags));
    if (with_body)
        json_object_set_new(o, "body_html", jstr(art->body_html));
    if (who && content_may_edit(who, art)) {
        int64_t rev = 0;
        json_object_set_new(o, "owner", jstr(art->owner_name));
        json_object_set_new(o, "owner_id", json_integer(art->owner_id));
        json_object_set_new(o, "review_note", jstr(art->review_note));
        if (with_body && art->body_md)
            json_object_set_new(o, "body", jstr(art->body_md));
        if (with_rev && store_latest_revision(st, art->id, &rev) == CONG_OK)
            json_object_set_new(o, "revision", json_integer(rev));
    }
    return o;
}

/* The statuses a list may ask for; "scheduled" is published with a future date. */
enum list_status { LS_VISIBLE, LS_DRAFT, LS_PENDING, LS_SCHEDULED };

static void h_list(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    struct store *st = web_store(ed->web);
    struct arena *a = req->arena;
    const char *cat_slug = http_request_query(req, "category");
    const char *q_text = http_request_query(req, "q");
    const char *status = http_request_query(req, "status");
    struct category cat = {0};
    struct auth_user u;
    struct content_actor who;
    enum list_status ls = LS_VISIBLE;
    int64_t page, per_page, now = web_now(ed->web);
    size_t n = 0, total = 0;
    json_t *body, *items;
    struct search_query q;
    enum cong_err rc;

    if (!editorial_viewer_or_respond(ed, req, res, &u))
        return;
    who = editorial_actor(&u, req);
    if (!editorial_query_count(req, "page", 1, 100000, &page))
        return api_respond_error(res, 400, "bad_page", "'page' phải là số nguyên từ 1.");
    if (!editorial_query_count(req, "per_page", API_PER_PAGE, API_PER_PAGE_MAX, &per_page))
        return api_respond_error(res, 400, "bad_per_page", "'per_page' phải là số từ 1 đến 100.");
    if (status && strcmp(status, "published") != 0) {
        if (!strcmp(status, "draft"))
            ls = LS_DRAFT;
        else if (!strcmp(status, "pending"))
            ls = LS_PENDING;
        else if (!strcmp(status, "scheduled"))
            ls = LS_SCHEDULED;
        else
            return api_respond_error(res, 400, "bad_status",
                                     "'status' là draft, pending, scheduled hoặc published.");
        if (!auth_role_at_least(u.role, AUTH_AUTHOR))
            return api_respond_error(res, 403, "forbidden",
                                     "Bài nháp, chờ duyệt và đã lên lịch chỉ dành cho người viết "
                                     "và biên tập viên.");
    }
    if (cat_slug) {
        rc = store_get_category_by_slug(st, a, cat_slug, &cat);
        if (rc == CONG_ENOTFOUND)
            return api_respond_error(res, 404, "no_category", "Không có chuyên mục này.");
        if (rc)
            return editorial_respond_err(res, rc, NULL);
    }
    if (q_text && search_query_parse(a, q_text, strlen(q_text), &q) != CONG_OK)
        return api_respond_error(res, 400, "bad_query", "Từ khóa không hợp lệ.");
    items = json_array();
    if (q_text && ls == LS_VISIBLE) {
        /* the public search: ranked, with excerpts, as the search page */
        struct search_filter f = {.category_id = cat.id, .published_only = true, .now = now};
        struct search_result *hits;
        rc = search_articles(st, a, &q, &f, (size_t)((page - 1) * per_page), (size_t)per_page,
                             &hits, &n, &total);
        for (size_t i = 0; rc == CONG_OK && i < n; i++) {
            json_t *o = article_json(ed, a, &hits[i].article, &who, false, false);
            json_object_set_new(o, "excerpt_html", jstr(hits[i].excerpt_html));
            json_array_append_new(items, o);
        }
    } else {
        struct article_query aq = {.category_id = cat.id,
                                   .now = now,
                                   .offset = (size_t)((page - 1) * per_page),
                                   .limit = (size_t)per_page};
        struct article *arts;
        switch (ls) {
        case LS_VISIBLE: aq.published_only = true; break;
        case LS_DRAFT: aq.status_mask = 1u << ARTICLE_DRAFT; break;
        case LS_PENDING: aq.status_mask = 1u << ARTICLE_PENDING; break;
        case LS_SCHEDULED:
            aq.status_mask = 1u << ARTICLE_PUBLISHED;
            aq.scheduled_only = true;
            break;
        }
        /* an author sees only their own unpublished work */
        if (ls != LS_VISIBLE && !auth_role_at_least(u.role, AUTH_EDITOR))
            aq.owner_id = u.id;
        if (q_text) {
            aq.terms = q.terms;
            aq.nterms = q.nterms;
        }
        if (q_text && q.nterms == 0) {
            rc = CONG_OK; /* nothing to search for: nothing found */
        } else {
            rc = store_list_articles(st, a, &aq, &arts, &n, &total);
            for (size_t i = 0; rc == CONG_OK && i < n; i++)
                json_array_append_new(items, article_json(ed, a, &arts[i], &who, false, false));
        }
    }
    if (rc != CONG_OK) {
        json_decref(items);
        return editorial_respond_err(res, rc, NULL);
    }
    body = json_object();
    json_object_set_new(body, "items", items);
    json_object_set_new(body, "page", json_integer(page));
    json_object_set_new(body, "per_page", json_integer(per_page));
    json_object_set_new(body, "total", json_integer((json_int_t)total));
    api_respond_json(res, 200, body);
    json_decref(body);
}

/*
 * Loads article id for who, as a reader: a draft, pending or scheduled article who may not see
 * is a 404, exactly like a missing one. false: answered.
 */
static bool load_visible_or_respond(struct editorial *ed, struct http_request *req,
                                    struct http_response *res, const struct content_actor *who,
                                    int64_t id, struct article *art)
{
    enum cong_err rc = store_get_article(web_store(ed->web), req->arena, id, art);

    if (rc == CONG_ENOTFOUND ||
        (rc == CONG_OK && !is_visible(art, web_now(ed->web)) && !may_see_hidden(who, art))) {
        api_respond_error(res, 404, "not_found", "Không có bài viết này.");
        return false;
    }
    if (rc) {
        editorial_respond_err(res, rc, NULL);
        return false;
    }
    return true;
}

/* Answers status with article id as it is now (after a write). */
static void respond_article(struct editorial *ed, struct http_request *req,
                            struct http_response *res, const struct content_actor *who, int64_t id,
                            int status)
{
    struct article art;
    enum cong_err rc = store_get_article(web_store(ed->web), req->arena, id, &art);
    json_t *body;

    if (rc)
        return editorial_respond_err(res, rc, NULL);
    body = article_json(ed, req->arena, &art, who, true, true);
    if (status == 201)
        http_response_header(res, "Location",
                             arena_printf(req->arena, "/api/v1/articles/%lld", (long long)id));
    api_respond_json(res, status, body);
    json_decref(body);
}

static void h_get(struct http_request *req, struct http_response *res, struct editorial *ed,
                  int64_t id)
{
    struct auth_user u;
    struct content_actor who;
    struct article art;
    json_t *body;

    if (!editorial_viewer_or_respond(ed, req, res, &u))
        return;
    who = editorial_actor(&u, req);
    if (!load_visible_or_respond(ed, req, res, &who, id, &art))
        return;
    body = article_json(ed, req->arena, &art, &who, true, true);
    api_respond_json(res, 200, body);
    json_decref(body);
}

/* Writing. */

/*
 * Reads the fields of an article from o into *e (texts borrowed from o). false after
 * answering 400.
 */
static bool parse_edit(struct http_request *req, struct http_response *res, json_t *o,
                       struct article_edit *e)
{
    const char *published = NULL, *status = NULL;
    json_t *tags;
    bool set;

    memset(e, 0, sizeof(*e));
    if (!editorial_json_text(o, "title", &e->title, res) ||
        !editorial_json_text(o, "summary", &e->summary, res) ||
        !editorial_json_text(o, "body", &e->body_md, res) ||
        !editorial_json_text(o, "category", &e->category_slug, res) ||
        !editorial_json_text(o, "author", &e->author, res) ||
        !editorial_json_text(o, "cover_caption", &e->cover_caption, res) ||
        !editorial_json_text(o, "status", &status, res) ||
        !editorial_json_int(o, "cover", true, &e->cover_media_id, &set, res))
        return false;
    e->set_cover = set;
    if (json_is_null(json_object_get(o, "published_at"))) {
        e->set_published_at = true;
        e->published_at = 0; /* now */
    } else {
        if (!editorial_json_text(o, "published_at", &published, res))
            return false;
        if (published) {
            if (time_parse_iso8601(published, &e->published_at) != CONG_OK) {
                api_respond_error(res, 400, "bad_field",
                                  "'published_at' phải là thời điểm ISO 8601, ví dụ "
                                  "2026-03-18T08:00:00+07:00.");
                return false;
            }
            e->set_published_at = true;
        }
    }
    if (status) {
        if (!store_article_status_parse(status, &e->status)) {
            api_respond_error(res, 400, "bad_status", "'status' là draft, pending hoặc published.");
            return false;
        }
        e->set_status = true;
    }
    tags = json_object_get(o, "tags");
    if (tags && json_is_null(tags)) {
        e->tags = "";
    } else if (tags) {
        struct buf b;
        size_t i;
        json_t *t;
        if (!json_is_array(tags)) {
            wrong_type(res, "tags", "một mảng chuỗi");
            return false;
        }
        buf_init(&b, 64 * 1024);
        json_array_foreach(tags, i, t)
        {
            const char *s = json_is_string(t) ? json_string_value(t) : NULL;
            if (!s || strchr(s, ',') || strlen(s) != json_string_length(t)) {
                buf_release(&b);
                wrong_type(res, "tags", "một mảng chuỗi không chứa dấu phẩy");
                return false;
            }
            if (i)
                buf_putc(&b, ',');
            buf_puts(&b, s);
        }
        e->tags = buf_error(&b) ? NULL : arena_strndup(req->arena, b.data, b.len);
        buf_release(&b);
        if (!e->tags) {
            api_respond_error(res, 400, "bad_field", "Danh sách thẻ quá dài.");
            return false;
        }
    }
    return true;
}

/* A revision from an If-Match header ("12", W/"12" or 12), or -1 when there is none. */
static bool if_match(struct http_request *req, int64_t *rev)
{
    const char *h = http_request_header(req, "If-Match");
    size_t n;

    *rev = -1;
    if (!h)
        return true;
    if (!strncmp(h, "W/", 2))
        h += 2;
    n = strlen(h);
    if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
        h++;
        n -= 2;
    }
    return text_parse_i64(h, n, rev) && *rev >= 0;
}

static void h_create(struct http_request *req, struct http_response *res, struct editorial *ed)
{
    struct auth_user u;
    struct content_actor who;
    struct article_edit e;
    struct cong_error err = {0};
    int64_t id;
    json_t *o;
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!(o = editorial_body_or_respond(req, res)))
        return;
    if (!parse_edit(req, res, o, &e)) {
        json_decref(o);
        return;
    }
    rc = content_article_create(web_store(ed->web), &who, &e, web_now(ed->web), &id, &err);
    json_decref(o);
    if (rc)
        return editorial_respond_err(res, rc, &err);
    respond_article(ed, req, res, &who, id, 201);
}

static void h_patch(struct http_request *req, struct http_response *res, struct editorial *ed,
                    int64_t id)
{
    struct auth_user u;
    struct content_actor who;
    struct article_edit e;
    struct article art;
    struct cong_error err = {0};
    int64_t rev = -1, body_rev;
    bool set;
    json_t *o;
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!if_match(req, &rev))
        return api_respond_error(res, 400, "bad_if_match",
                                 "If-Match phải là số phiên bản của bài viết.");
    /* what the editor may not even see does not exist for them */
    if (!load_visible_or_respond(ed, req, res, &who, id, &art))
        return;
    if (!(o = editorial_body_or_respond(req, res)))
        return;
    if (!editorial_json_int(o, "revision", false, &body_rev, &set, res) ||
        !parse_edit(req, res, o, &e)) {
        json_decref(o);
        return;
    }
    if (set)
        rev = body_rev;
    rc = content_article_update(web_store(ed->web), &who, id, &e, rev, web_now(ed->web), &err);
    json_decref(o);
    if (rc)
        return editorial_respond_err(res, rc, &err);
    respond_article(ed, req, res, &who, id, 200);
}

static void h_delete(struct http_request *req, struct http_response *res, struct editorial *ed,
                     int64_t id)
{
    struct auth_user u;
    struct content_actor who;
    struct article art;
    struct cong_error err = {0};
    enum cong_err rc;
    json_t *body;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!load_visible_or_respond(ed, req, res, &who, id, &art))
        return;
    rc = content_article_delete(web_store(ed->web), &who, id, &err);
    if (rc)
        return editorial_respond_err(res, rc, &err);
    body = json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1);
    api_respond_json(res, 200, body);
    json_decref(body);
}

static void h_transition(struct http_request *req, struct http_response *res, struct editorial *ed,
                         int64_t id)
{
    struct auth_user u;
    struct content_actor who;
    struct article art;
    struct cong_error err = {0};
    const char *action = NULL, *note = NULL;
    enum content_action act;
    json_t *o;
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!load_visible_or_respond(ed, req, res, &who, id, &art))
        return;
    if (!(o = editorial_body_or_respond(req, res)))
        return;
    if (!editorial_json_text(o, "action", &action, res) ||
        !editorial_json_text(o, "note", &note, res)) {
        json_decref(o);
        return;
    }
    if (!content_action_parse(action, &act)) {
        json_decref(o);
        return api_respond_error(res, 400, "bad_action",
                                 "'action' là submit, approve, reject, publish hoặc unpublish.");
    }
    rc = content_article_transition(web_store(ed->web), &who, id, act, note, web_now(ed->web),
                                    &err);
    json_decref(o);
    if (rc)
        return editorial_respond_err(res, rc, &err);
    respond_article(ed, req, res, &who, id, 200);
}

/* The history: who may see an article's hidden state may see its revisions. */
static void h_revisions(struct http_request *req, struct http_response *res, struct editorial *ed,
                        int64_t id)
{
    struct auth_user u;
    struct content_actor who;
    struct article art;
    struct article_revision *revs;
    size_t n = 0, total = 0;
    int64_t page, per_page;
    json_t *items, *body;
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!load_visible_or_respond(ed, req, res, &who, id, &art))
        return;
    if (!may_see_hidden(&who, &art))
        return api_respond_error(res, 403, "forbidden",
                                 "Lịch sử bài viết chỉ dành cho người viết và biên tập viên.");
    if (!editorial_query_count(req, "page", 1, 100000, &page) ||
        !editorial_query_count(req, "per_page", 50, STORE_LIST_MAX, &per_page))
        return api_respond_error(res, 400, "bad_page", "'page' và 'per_page' không hợp lệ.");
    rc = store_list_revisions(web_store(ed->web), req->arena, id, (size_t)((page - 1) * per_page),
                              (size_t)per_page, &revs, &n, &total);
    if (rc)
        return editorial_respond_err(res, rc, NULL);
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "id", json_integer(revs[i].id));
        json_object_set_new(r, "at", iso(revs[i].at));
        json_object_set_new(r, "user", jstr(revs[i].user_name));
        json_object_set_new(r, "user_id", json_integer(revs[i].user_id));
        json_object_set_new(r, "action", jstr(revs[i].action));
        json_object_set_new(r, "note", jstr(revs[i].note));
        json_object_set_new(r, "status", json_string(store_article_status_name(revs[i].status)));
        json_object_set_new(r, "title", jstr(revs[i].title));
        json_object_set_new(r, "category_name", jstr(revs[i].category_name));
        json_object_set_new(r, "tags", tags_json(revs[i].tags));
        json_array_append_new(items, r);
    }
    body = json_object();
    json_object_set_new(body, "items", items);
    json_object_set_new(body, "page", json_integer(page));
    json_object_set_new(body, "per_page", json_integer(per_page));
    json_object_set_new(body, "total", json_integer((json_int_t)total));
    api_respond_json(res, 200, body);
    json_decref(body);
}

static void h_restore(struct http_request *req, struct http_response *res, struct editorial *ed,
                      int64_t id, int64_t rev)
{
    struct auth_user u;
    struct content_actor who;
    struct article art;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!api_authenticate_or_respond(ed->api, req, res, AUTH_MEMBER, &u))
        return;
    who = editorial_actor(&u, req);
    if (!load_visible_or_respond(ed, req, res, &who, id, &art))
        return;
    rc = content_article_restore(web_store(ed->web), &who, id, rev, web_now(ed->web), &err);
    if (rc)
        return editorial_respond_err(res, rc, &err);
    respond_article(ed, req, res, &who, id, 200);
}

/* Routing: one route per path, the method chosen here, so a wrong one is a JSON 405. */

static void method_not_allowed(struct http_response *res, const char *allow)
{
    http_response_header(res, "Allow", allow);
    api_respond_error(res, 405, "method_not_allowed", "Phương thức này không dùng ở đây.");
}

static void r_articles(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        return h_list(req, res, ctx);
    if (req->method == HTTP_POST)
        return h_create(req, res, ctx);
    method_not_allowed(res, "GET, HEAD, POST");
}

static void r_article(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (!editorial_parse_id(req->params[0], &id))
        return api_respond_error(res, 404, "not_found", "Không có bài viết này.");
    if (req->method & (HTTP_GET | HTTP_HEAD))
        return h_get(req, res, ctx, id);
    if (req->method == HTTP_PATCH)
        return h_patch(req, res, ctx, id);
    if (req->method == HTTP_DELETE)
        return h_delete(req, res, ctx, id);
    method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
}

static void r_transitions(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (!editorial_parse_id(req->params[0], &id))
        return api_respond_error(res, 404, "not_found", "Không có bài viết này.");
    if (req->method == HTTP_POST)
        return h_transition(req, res, ctx, id);
    method_not_allowed(res, "POST");
}

static void r_revisions(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (!editorial_parse_id(req->params[0], &id))
        return api_respond_error(res, 404, "not_found", "Không có bài viết này.");
    if (req->method & (HTTP_GET | HTTP_HEAD))
        return h_revisions(req, res, ctx, id);
    method_not_allowed(res, "GET, HEAD");
}

static void r_restore(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id, rev;

    if (!editorial_parse_id(req->params[0], &id) || !editorial_parse_id(req->params[1], &rev))
        return api_respond_error(res, 404, "not_found", "Không có bài viết hoặc phiên bản này.");
    if (req->method == HTTP_POST)
        return h_restore(req, res, ctx, id, rev);
    method_not_allowed(res, "POST");
}

enum cong_err editorial_articles_routes(struct editorial *ed, struct http_router *r)
{
    const unsigned any = HTTP_GET | HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE;
    enum cong_err rc;

    if ((rc = http_router_add(r, any, "/api/v1/articles", r_articles, ed)) ||
        (rc = http_router_add(r, any, "/api/v1/articles/:id", r_article, ed)) ||
        (rc = http_router_add(r, any, "/api/v1/articles/:id/transitions", r_transitions, ed)) ||
        (rc = http_router_add(r, any, "/api/v1/articles/:id/revisions", r_revisions, ed)) ||
        (rc =
             http_router_add(r, any, "/api/v1/articles/:id/revisions/:rev/restore", r_restore, ed)))
        return rc;
    return CONG_OK;
}
