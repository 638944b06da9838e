/*
 * The articles of the JSON API: reading (GET /api/v1/articles and /ID, the public's published
 * articles and, for the people who write them, drafts, pending and scheduled ones), writing
 * (POST, PATCH, DELETE), the workflow (POST /ID/transitions) and the history (GET
 * /ID/revisions, POST /ID/revisions/REV/restore). Every write goes through the content
 * module's editorial functions, which hold the rules; this file only turns JSON into their
 * arguments and their answers into JSON. What a reader may not see is a 404, as if absent.
 */
#include "api_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../content/content.h"
#include "../search/search.h"

#define ARTICLES_PER_PAGE     10
#define ARTICLES_PER_PAGE_MAX 100
#define REVISIONS_PER_PAGE    50

static const char msg_no_article[] = N_("Không có bài viết này.");

/* The fields of an article a client may send; PATCH also takes "revision". */
#define ARTICLE_FIELDS                                                                          \
    {"title", WEB_TEXT, 0, 0}, {"summary", WEB_TEXT, 0, 0}, {"body", WEB_TEXT, 0, 0},           \
        {"category", WEB_TEXT, 0, 0}, {"author", WEB_TEXT, 0, 0},                               \
        {"published_at", WEB_TEXT, WEB_NULLABLE, 0}, {"status", WEB_TEXT, 0, 0},                \
        {"cover", WEB_INT, WEB_NULLABLE, 0}, {"cover_caption", WEB_TEXT, 0, 0},                 \
        {"tags", WEB_TEXTS, WEB_NULLABLE, 0}, {"body_format", WEB_TEXT, 0, 0},                 \
        {"slug", WEB_TEXT, 0, 0}, {"meta_description", WEB_TEXT, 0, 0},                         \
        {"cover_alt", WEB_TEXT, 0, 0}, {"expires_at", WEB_TEXT, WEB_NULLABLE, 0},               \
        {"featured", WEB_BOOL, 0, 0}, {"lang", WEB_TEXT, 0, 0, web_lang_values}
static const struct web_field create_fields[] = {ARTICLE_FIELDS, {NULL, 0, 0, 0}};
static const struct web_field patch_fields[] = {ARTICLE_FIELDS, {"revision", WEB_INT, 0, 0},
                                                {"shared", WEB_BOOL, 0, 0}, {NULL, 0, 0, 0}};
static const struct web_field transition_fields[] = {
    {"action", WEB_TEXT, WEB_REQUIRED, 0}, {"note", WEB_TEXT, WEB_NULLABLE, 0}, {NULL, 0, 0, 0}};

/* Views. */

/* The tags as the store keeps them (joined by ',') as an array; NULL when out of memory. */
static json_t *tags_view(const char *tags)
{
    json_t *arr = json_array();
    const char *p = tags ? tags : "", *comma;
    bool ok = arr != NULL;
    size_t n;

    for (; ok && *p; p += n + (comma != NULL)) {
        comma = strchr(p, ',');
        n = comma ? (size_t)(comma - p) : strlen(p);
        if (n)
            ok = web_list_add(arr, json_stringn(p, n));
    }
    if (!ok) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* The cover {id, url, width, height}, null when there is none; NULL when out of memory. */
static json_t *cover_view(struct api *api, struct http_request *req, struct arena *a, int64_t media_id)
{
    struct media m;
    const char *url;

    if (!media_id || store_get_media_info(web_store(api->web, req), a, media_id, &m) != CONG_OK)
        return json_null();
    if (!(url = content_media_path(a, m.id, m.mime)))
        return NULL;
    return web_view((struct web_kv[]){WEB_I("id", m.id), WEB_S("url", url),
                                      WEB_I("width", m.width), WEB_I("height", m.height),
                                      WEB_END});
}

/* True if art is public now: published and its time has come. */
static bool is_visible(const struct article *art, int64_t now)
{
    return content_article_is_public(art, now);
}

/* True if who may see art though it is not public: their own (an author), or an editor. */
static bool may_see_hidden(const struct content_actor *who, const struct article *art)
{
    if (auth_role_at_least(who->role, AUTH_EDITOR))
        return true;
    return auth_role_at_least(who->role, AUTH_AUTHOR) && who->user_id > 0 &&
           art->owner_id == who->user_id;
}

enum view_flags {
    VIEW_BODY = 1u << 0,     /* the single-article answer: body_html (and body for editors) */
    VIEW_REVISION = 1u << 1, /* for editors: the latest revision, for If-Match */
};

/* What those who may edit art see more: its owner, review note, Markdown, latest revision. */
static bool add_editor_part(struct api *api, struct http_request *req, json_t *o, const struct article *art,
                            unsigned flags)
{
    int64_t rev = 0;

    if (!web_view_add(o, (struct web_kv[]){WEB_S("owner", art->owner_name),
                                           WEB_I("owner_id", art->owner_id),
                                           WEB_S("review_note", art->review_note), WEB_END}))
        return false;
    if ((flags & VIEW_BODY) && art->body_md &&
        !web_view_add(o, (struct web_kv[]){WEB_S("body", art->body_md),
                                           WEB_S("body_format",
                                                 store_body_format_name(art->body_format)),
                                           WEB_END}))
        return false;
    /* a sub-portal's article: whether its parent's lists show it too */
    if ((flags & VIEW_BODY) && web_site(api->web, req)->parent_id) {
        int64_t *sites;
        size_t n = 0;
        if (store_article_shares(web_store(api->web, req), req->arena, art->id, &sites, &n) !=
                CONG_OK ||
            !web_view_add(o, (struct web_kv[]){WEB_B("shared", n > 0), WEB_END}))
            return false;
    }
    if ((flags & VIEW_REVISION) &&
        store_latest_revision(web_store(api->web, req), art->id, &rev) == CONG_OK &&
        !web_view_add(o, (struct web_kv[]){WEB_I("revision", rev), WEB_END}))
        return false;
    return true;
}

/* One article as the API shows it to who (NULL: nobody who may edit); NULL when out of
   memory. */
static json_t *article_view(struct api *api, struct http_request *req, struct arena *a, const struct article *art,
                            const struct content_actor *who, unsigned flags)
{
    const char *url = content_article_path(a, art);
    json_t *o;

    if (!url)
        return NULL;
    o = web_view((struct web_kv[]){
        WEB_I("id", art->id),
        WEB_S("title", art->title),
        WEB_S("slug", art->slug),
        WEB_S("url", url),
        WEB_S("summary", art->summary),
        WEB_S("category", art->category_slug),
        WEB_S("category_name", art->category_name),
        WEB_S("author", art->author),
        WEB_S("status", store_article_status_name(art->status)),
        WEB_B("scheduled",
              art->status == ARTICLE_PUBLISHED && art->published_at > web_now(api->web)),
        WEB_ISO("published_at", art->published_at),
        WEB_ISO("updated_at", art->updated_at),
        WEB_N("cover", cover_view(api, req, a, art->cover_media_id)),
        WEB_S("cover_caption", art->cover_caption),
        WEB_S("cover_alt", art->cover_alt),
        WEB_S("meta_description", art->meta_description),
        WEB_B("featured", art->featured),
        WEB_S("lang", art->lang && *art->lang ? art->lang : "vi"),
        WEB_N("tags", tags_view(art->tags)),
        WEB_END});
    /* null: never expires */
    if (o && art->expires_at &&
        !web_view_add(o, (struct web_kv[]){WEB_ISO("expires_at", art->expires_at), WEB_END}))
        goto fail;
    if (o && !art->expires_at &&
        !web_view_add(o, (struct web_kv[]){WEB_J("expires_at", json_null()), WEB_END}))
        goto fail;
    if (o && !web_view_add(o, (struct web_kv[]){
                               WEB_B("expired", content_article_is_expired(art, web_now(api->web))),
                               WEB_END}))
        goto fail;
    if (o && (flags & VIEW_BODY) &&
        !web_view_add(o, (struct web_kv[]){WEB_S("body_html", art->body_html), WEB_END}))
        goto fail;
    if (o && who && content_may_edit(who, art) && !add_editor_part(api, req, o, art, flags))
        goto fail;
    return o;
fail:
    json_decref(o);
    return NULL;
}

/* Reading. */

/* What a list asks for: the statuses ("scheduled" is published with a future date), the
   category, the words. */
enum list_status { LS_VISIBLE, LS_DRAFT, LS_PENDING, LS_SCHEDULED };
struct list_ask {
    enum list_status status;
    struct category cat; /* id 0: any */
    const char *q_text;  /* NULL: no search */
    const char *lang;    /* NULL: both languages */
    struct search_query q;
    int64_t page, per_page;
};

/* Answers a refusal of a list's parameters; false, for the caller to return. */
static bool refuse(struct http_response *res, int status, const char *code, const char *field,
                   const char *message)
{
    web_json_error(res, status, code, field, message);
    return false;
}

/* Reads a list's query string for viewer v; false after answering 400, 403 or 404. */
static bool list_ask_or_respond(struct api *api, struct http_request *req,
                                struct http_response *res, const struct web_viewer *v,
                                struct list_ask *ask)
{
    const char *cat_slug = http_request_query(req, "category");
    const char *status = http_request_query(req, "status");
    enum cong_err rc;

    memset(ask, 0, sizeof(*ask));
    ask->q_text = http_request_query(req, "q");
    ask->lang = http_request_query(req, "lang");
    /* a search lists both languages, as the search page does */
    if (ask->lang && (!content_lang_is_valid(ask->lang) || ask->q_text))
        return refuse(res, 400, "invalid_field", "lang",
                      _("Tham số 'lang' là vi hoặc en, và không dùng cùng 'q'."));
    if (!api_paging_or_respond(req, res, ARTICLES_PER_PAGE, ARTICLES_PER_PAGE_MAX, &ask->page,
                               &ask->per_page))
        return false;
    if (status && strcmp(status, "published") != 0) {
        if (!strcmp(status, "draft"))
            ask->status = LS_DRAFT;
        else if (!strcmp(status, "pending"))
            ask->status = LS_PENDING;
        else if (!strcmp(status, "scheduled"))
            ask->status = LS_SCHEDULED;
        else
            return refuse(res, 400, "invalid_field", "status",
                          _("Tham số 'status' là draft, pending, scheduled hoặc published."));
        if (!auth_role_at_least(v->role, AUTH_AUTHOR))
            return refuse(res, 403, "forbidden", NULL,
                          _("Bài nháp, chờ duyệt và đã lên lịch chỉ dành cho người viết và biên "
                          "tập viên."));
    }
    if (cat_slug) {
        rc = store_get_category_by_slug(web_store(api->web, req), req->arena, cat_slug, &ask->cat);
        if (rc == CONG_ENOTFOUND)
            return refuse(res, 404, "not_found", NULL, _("Không có chuyên mục này."));
        if (rc) {
            web_json_fail(res, rc, NULL);
            return false;
        }
    }
    if (ask->q_text &&
        search_query_parse(req->arena, ask->q_text, strlen(ask->q_text), &ask->q) != CONG_OK)
        return refuse(res, 400, "invalid_field", "q", _("Từ khóa không hợp lệ."));
    return true;
}

/* The public search: ranked, with excerpts, as the search page shows it. */
static enum cong_err list_found(struct api *api, struct http_request *req,
                                const struct list_ask *ask, const struct content_actor *who,
                                json_t *items, size_t *total)
{
    struct search_filter f = {
        .category_id = ask->cat.id, .published_only = true, .now = web_now(api->web)};
    struct search_result *hits;
    size_t n = 0;
    enum cong_err rc;
    bool ok = true;

    rc = search_articles(web_store(api->web, req), req->arena, &ask->q, &f,
                         (size_t)((ask->page - 1) * ask->per_page), (size_t)ask->per_page, &hits,
                         &n, total);
    for (size_t i = 0; rc == CONG_OK && ok && i < n; i++) {
        json_t *o = article_view(api, req, req->arena, &hits[i].article, who, 0);
        if (o && !web_view_add(o, (struct web_kv[]){WEB_S("excerpt_html", hits[i].excerpt_html),
                                                    WEB_END})) {
            json_decref(o);
            o = NULL;
        }
        ok = web_list_add(items, o);
    }
    return rc ? rc : ok ? CONG_OK : CONG_ENOMEM;
}

/* The store's list: newest first, unpublished work by status, filtered by words unranked. */
static enum cong_err list_stored(struct api *api, struct http_request *req,
                                 const struct list_ask *ask, const struct web_viewer *v,
                                 const struct content_actor *who, json_t *items, size_t *total)
{
    struct article_query aq = {.category_id = ask->cat.id,
                               .lang = ask->lang,
                               .now = web_now(api->web),
                               .offset = (size_t)((ask->page - 1) * ask->per_page),
                               .limit = (size_t)ask->per_page};
    struct article *arts;
    size_t n = 0;
    enum cong_err rc;
    bool ok = true;

    switch (ask->status) {
    case LS_VISIBLE: aq.published_only = true; break;
    case LS_DRAFT: aq.status_mask = 1u << ARTICLE_DRAFT; break;
    case LS_PENDING: aq.status_mask = 1u << ARTICLE_PENDING; break;
    case LS_SCHEDULED:
        aq.status_mask = 1u << ARTICLE_PUBLISHED;
        aq.scheduled_only = true;
        break;
    }
    /* an author sees only their own unpublished work */
    if (ask->status != LS_VISIBLE && !auth_role_at_least(v->role, AUTH_EDITOR))
        aq.owner_id = v->user.id;
    if (ask->q_text) {
        if (ask->q.nterms == 0)
            return CONG_OK; /* nothing to search for: nothing found */
        aq.terms = ask->q.terms;
        aq.nterms = ask->q.nterms;
    }
    rc = store_list_articles(web_store(api->web, req), req->arena, &aq, &arts, &n, total);
    for (size_t i = 0; rc == CONG_OK && ok && i < n; i++)
        ok = web_list_add(items, article_view(api, req, req->arena, &arts[i], who, 0));
    return rc ? rc : ok ? CONG_OK : CONG_ENOMEM;
}

static void h_list(struct http_request *req, struct http_response *res, struct api *api)
{
    struct web_viewer v;
    struct content_actor who;
    struct list_ask ask;
    size_t total = 0;
    json_t *items;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_GUEST, &v))
        return;
    web_actor(&v, req, &who);
    if (!list_ask_or_respond(api, req, res, &v, &ask))
        return;
    if (!(items = json_array())) {
        web_json_fail(res, CONG_ENOMEM, NULL);
        return;
    }
    if (ask.q_text && ask.status == LS_VISIBLE)
        rc = list_found(api, req, &ask, &who, items, &total);
    else
        rc = list_stored(api, req, &ask, &v, &who, items, &total);
    if (rc != CONG_OK) {
        json_decref(items);
        web_json_fail(res, rc, NULL);
        return;
    }
    api_list(res, items, ask.page, ask.per_page, total);
}

/*
 * Loads article id for who, as a reader: a draft, pending or scheduled article who may not see
 * is a 404, exactly like a missing one. false: answered.
 */
static bool load_visible_or_respond(struct api *api, struct http_request *req,
                                    struct http_response *res, const struct content_actor *who,
                                    int64_t id, struct article *art)
{
    enum cong_err rc = store_get_article(web_store(api->web, req), req->arena, id, art);

    if (rc == CONG_ENOTFOUND ||
        (rc == CONG_OK && !is_visible(art, web_now(api->web)) && !may_see_hidden(who, art))) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_article));
        return false;
    }
    if (rc) {
        web_json_fail(res, rc, NULL);
        return false;
    }
    return true;
}

/* Answers status with article id as it is now (after a write). */
static void answer_article(struct api *api, struct http_request *req, struct http_response *res,
                           const struct content_actor *who, int64_t id, int status)
{
    struct article art;
    enum cong_err rc = store_get_article(web_store(api->web, req), req->arena, id, &art);
    json_t *body;

    if (rc) {
        web_json_fail(res, rc, NULL);
        return;
    }
    body = article_view(api, req, req->arena, &art, who, VIEW_BODY | VIEW_REVISION);
    if (status == 201) {
        api_created(res, arena_printf(req->arena, "/api/v1/articles/%lld", (long long)id), body);
        return;
    }
    api_answer(res, status, body);
}

static void h_get(struct http_request *req, struct http_response *res, struct api *api,
                  int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct article art;

    if (!web_api_or_respond(api->web, req, res, AUTH_GUEST, &v))
        return;
    web_actor(&v, req, &who);
    if (!load_visible_or_respond(api, req, res, &who, id, &art))
        return;
    api_answer(res, 200, article_view(api, req, req->arena, &art, &who, VIEW_BODY | VIEW_REVISION));
}

/* Writing. */

/* The tags of a checked body joined by ',' into e->tags; false after answering 400. */
static bool parse_tags(struct http_request *req, struct http_response *res, json_t *o,
                       struct article_edit *e)
{
    json_t *tags = json_object_get(o, "tags"), *t;
    struct buf b;
    size_t i;

    if (!tags)
        return true;
    if (json_is_null(tags)) {
        e->tags = "";
        return true;
    }
    buf_init(&b, 64 * 1024);
    json_array_foreach(tags, i, t) {
        if (strchr(json_string_value(t), ',')) {
            buf_release(&b);
            web_json_error(res, 400, "invalid_field", "tags",
                           _("Trường 'tags' là một mảng chuỗi không chứa dấu phẩy."));
            return false;
        }
        if (i)
            buf_putc(&b, ',');
        buf_puts(&b, json_string_value(t));
    }
    e->tags = buf_error(&b) ? NULL : arena_strndup(req->arena, b.data, b.len);
    buf_release(&b);
    if (!e->tags) {
        web_json_error(res, 400, "invalid_field", "tags", _("Danh sách thẻ quá dài."));
        return false;
    }
    return true;
}

/* The fields of a checked body into *e (texts borrowed from o); false after answering 400. */
static bool parse_edit(struct http_request *req, struct http_response *res, json_t *o,
                       struct article_edit *e)
{
    const char *published = web_json_text(o, "published_at");
    const char *status = web_json_text(o, "status");
    const char *format = web_json_text(o, "body_format");
    const char *expires = web_json_text(o, "expires_at");

    memset(e, 0, sizeof(*e));
    if (format) {
        if (!store_body_format_parse(format, &e->body_format)) {
            web_json_error(res, 400, "invalid_field", "body_format",
                           _("Trường 'body_format' là markdown hoặc html."));
            return false;
        }
        e->set_body_format = true;
    }
    e->title = web_json_text(o, "title");
    e->summary = web_json_text(o, "summary");
    e->body_md = web_json_text(o, "body");
    e->category_slug = web_json_text(o, "category");
    e->author = web_json_text(o, "author");
    e->cover_caption = web_json_text(o, "cover_caption");
    e->slug = web_json_text(o, "slug");
    e->meta_description = web_json_text(o, "meta_description");
    e->cover_alt = web_json_text(o, "cover_alt");
    e->lang = web_json_text(o, "lang"); /* one of web_lang_values, checked with the body */
    if (web_json_has(o, "featured")) {
        e->set_featured = true;
        (void)web_json_bool(o, "featured", &e->featured);
    }
    if (web_json_has(o, "expires_at")) {
        e->set_expires_at = true; /* null: never */
        if (expires && time_parse_iso8601(expires, &e->expires_at) != CONG_OK) {
            web_json_error(res, 400, "invalid_field", "expires_at",
                           _("Trường 'expires_at' phải là thời điểm ISO 8601, ví dụ "
                           "2026-03-18T08:00:00+07:00, hoặc null."));
            return false;
        }
    }
    if (web_json_has(o, "cover")) {
        e->set_cover = true; /* null: no cover */
        (void)web_json_int(o, "cover", &e->cover_media_id);
    }
    if (web_json_has(o, "published_at")) {
        e->set_published_at = true; /* null: now */
        if (published && time_parse_iso8601(published, &e->published_at) != CONG_OK) {
            web_json_error(res, 400, "invalid_field", "published_at",
                           _("Trường 'published_at' phải là thời điểm ISO 8601, ví dụ "
                           "2026-03-18T08:00:00+07:00."));
            return false;
        }
    }
    if (status) {
        if (!store_article_status_parse(status, &e->status)) {
            web_json_error(res, 400, "invalid_field", "status",
                           _("Trường 'status' là draft, pending hoặc published."));
            return false;
        }
        e->set_status = true;
    }
    return parse_tags(req, res, o, e);
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

static void h_create(struct http_request *req, struct http_response *res, struct api *api)
{
    struct web_viewer v;
    struct content_actor who;
    struct article_edit e;
    struct cong_error err = {0};
    int64_t id;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!(o = api_body_or_respond(req, res, create_fields)))
        return;
    if (!parse_edit(req, res, o, &e)) {
        json_decref(o);
        return;
    }
    rc = content_article_create(web_store(api->web, req), &who, &e, web_now(api->web), &id, &err);
    json_decref(o);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_article(api, req, res, &who, id, 201);
}

static void h_patch(struct http_request *req, struct http_response *res, struct api *api,
                    int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct article_edit e;
    struct article art;
    struct cong_error err = {0};
    int64_t rev = -1;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!if_match(req, &rev)) {
        web_json_error(res, 400, "bad_request", NULL,
                       _("Tiêu đề If-Match phải là số phiên bản của bài viết."));
        return;
    }
    /* what the editor may not even see does not exist for them */
    if (!load_visible_or_respond(api, req, res, &who, id, &art))
        return;
    if (!(o = api_body_or_respond(req, res, patch_fields)))
        return;
    if (!parse_edit(req, res, o, &e)) {
        json_decref(o);
        return;
    }
    (void)web_json_int(o, "revision", &rev); /* the body's, if any, over the header's */
    rc = CONG_OK;
    if (json_object_size(o) > (size_t)web_json_has(o, "shared") + web_json_has(o, "revision"))
        rc = content_article_update(web_store(api->web, req), &who, id, &e, rev,
                                    web_now(api->web), &err);
    if (rc == CONG_OK && web_json_has(o, "shared")) {
        bool share = false;
        (void)web_json_bool(o, "shared", &share);
        /* sharing puts it before another site's readers: an editor's decision */
        if (!auth_role_at_least(who.role, AUTH_EDITOR))
            rc = cong_error_set(&err, CONG_EPERM,
                                _("Chỉ biên tập viên trở lên mới chia sẻ bài lên cổng cấp trên."));
        else
            rc = content_article_share(web_store(api->web, req), &who, id, share, &err);
    }
    json_decref(o);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_article(api, req, res, &who, id, 200);
}

static void h_delete(struct http_request *req, struct http_response *res, struct api *api,
                     int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct article art;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!load_visible_or_respond(api, req, res, &who, id, &art))
        return;
    if ((rc = content_article_delete(web_store(api->web, req), &who, id, &err))) {
        web_json_fail(res, rc, &err);
        return;
    }
    api_deleted(res, id);
}

static void h_transition(struct http_request *req, struct http_response *res, struct api *api,
                         int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct article art;
    struct cong_error err = {0};
    enum content_action act;
    json_t *o;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!load_visible_or_respond(api, req, res, &who, id, &art))
        return;
    if (!(o = api_body_or_respond(req, res, transition_fields)))
        return;
    if (!content_action_parse(web_json_text(o, "action"), &act)) {
        json_decref(o);
        web_json_error(res, 400, "invalid_field", "action",
                       _("Trường 'action' là submit, approve, reject, publish hoặc "
                       "unpublish."));
        return;
    }
    rc = content_article_transition(web_store(api->web, req), &who, id, act, web_json_text(o, "note"),
                                    web_now(api->web), &err);
    json_decref(o);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_article(api, req, res, &who, id, 200);
}

/* One revision as the history shows it; NULL when out of memory. */
static json_t *revision_view(const struct article_revision *r)
{
    return web_view((struct web_kv[]){
        WEB_I("id", r->id),
        WEB_ISO("at", r->at),
        WEB_S("user", r->user_name),
        WEB_I("user_id", r->user_id),
        WEB_S("action", r->action),
        WEB_S("note", r->note),
        WEB_S("status", store_article_status_name(r->status)),
        WEB_S("title", r->title),
        WEB_S("category_name", r->category_name),
        WEB_N("tags", tags_view(r->tags)),
        WEB_END});
}

/* The history: who may see an article's hidden state may see its revisions. */
static void h_revisions(struct http_request *req, struct http_response *res, struct api *api,
                        int64_t id)
{
    struct web_viewer v;
    struct content_actor who;
    struct article art;
    struct article_revision *revs;
    size_t n = 0, total = 0;
    int64_t page, per_page;
    json_t *items;
    bool ok;
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!load_visible_or_respond(api, req, res, &who, id, &art))
        return;
    if (!may_see_hidden(&who, &art)) {
        web_json_error(res, 403, "forbidden", NULL,
                       _("Lịch sử bài viết chỉ dành cho người viết và biên tập viên."));
        return;
    }
    if (!api_paging_or_respond(req, res, REVISIONS_PER_PAGE, STORE_LIST_MAX, &page, &per_page))
        return;
    rc = store_list_revisions(web_store(api->web, req), req->arena, id, (size_t)((page - 1) * per_page),
                              (size_t)per_page, &revs, &n, &total);
    if (rc) {
        web_json_fail(res, rc, NULL);
        return;
    }
    items = json_array();
    ok = items != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = web_list_add(items, revision_view(&revs[i]));
    if (!ok) {
        json_decref(items);
        items = NULL;
    }
    api_list(res, items, page, per_page, total);
}

static void h_restore(struct http_request *req, struct http_response *res, struct api *api,
                      int64_t id, int64_t rev)
{
    struct web_viewer v;
    struct content_actor who;
    struct article art;
    struct cong_error err = {0};
    enum cong_err rc;

    if (!web_api_or_respond(api->web, req, res, AUTH_MEMBER, &v))
        return;
    web_actor(&v, req, &who);
    if (!load_visible_or_respond(api, req, res, &who, id, &art))
        return;
    rc = content_article_restore(web_store(api->web, req), &who, id, rev, web_now(api->web), &err);
    if (rc) {
        web_json_fail(res, rc, &err);
        return;
    }
    answer_article(api, req, res, &who, id, 200);
}

/* Routing: one route per path, the method chosen here, so a wrong one is a JSON 405. */

static void r_articles(struct http_request *req, struct http_response *res, void *ctx)
{
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_list(req, res, ctx);
    else if (req->method == HTTP_POST)
        h_create(req, res, ctx);
    else
        web_json_method_not_allowed(res, "GET, HEAD, POST");
}

static void r_article(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (!web_parse_id(req->params[0], false, &id)) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_article));
        return;
    }
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_get(req, res, ctx, id);
    else if (req->method == HTTP_PATCH)
        h_patch(req, res, ctx, id);
    else if (req->method == HTTP_DELETE)
        h_delete(req, res, ctx, id);
    else
        web_json_method_not_allowed(res, "GET, HEAD, PATCH, DELETE");
}

static void r_transitions(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (!web_parse_id(req->params[0], false, &id)) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_article));
        return;
    }
    if (req->method == HTTP_POST)
        h_transition(req, res, ctx, id);
    else
        web_json_method_not_allowed(res, "POST");
}

static void r_revisions(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id;

    if (!web_parse_id(req->params[0], false, &id)) {
        web_json_error(res, 404, "not_found", NULL, _(msg_no_article));
        return;
    }
    if (req->method & (HTTP_GET | HTTP_HEAD))
        h_revisions(req, res, ctx, id);
    else
        web_json_method_not_allowed(res, "GET, HEAD");
}

static void r_restore(struct http_request *req, struct http_response *res, void *ctx)
{
    int64_t id, rev;

    if (!web_parse_id(req->params[0], false, &id) || !web_parse_id(req->params[1], false, &rev)) {
        web_json_error(res, 404, "not_found", NULL, _("Không có bài viết hoặc phiên bản này."));
        return;
    }
    if (req->method == HTTP_POST)
        h_restore(req, res, ctx, id, rev);
    else
        web_json_method_not_allowed(res, "POST");
}

const struct api_route api_articles_table[] = {
    {"/api/v1/articles", r_articles, "articles",
     {{HTTP_GET, "Published articles, newest first, or found by q (?category=SLUG&q=TEXT&page=N"
                 "&per_page=N); with status=S, what the caller may see in that state; with "
                 "lang=vi|en (not with q), those written in that language.",
       AUTH_GUEST, NULL, 200, false},
      {HTTP_POST, "Creates an article (draft, pending, or published by those who may).",
       AUTH_AUTHOR, create_fields, 201, false}}},
    {"/api/v1/articles/:id", r_article, "articles",
     {{HTTP_GET, "One article, with its body; more for those who may edit it.", AUTH_GUEST, NULL,
       200, false},
      {HTTP_PATCH, "Changes an article (If-Match or revision guards the save); shared: true "
                   "shows a sub-portal's article on its parent.",
       AUTH_AUTHOR, patch_fields, 200, false},
      {HTTP_DELETE, "Deletes an article.", AUTH_AUTHOR, NULL, 200, false}}},
    {"/api/v1/articles/:id/transitions", r_transitions, "articles",
     {{HTTP_POST, "Moves an article through the workflow: submit, approve, reject, publish, "
                  "unpublish.",
       AUTH_AUTHOR, transition_fields, 200, false}}},
    {"/api/v1/articles/:id/revisions", r_revisions, "articles",
     {{HTTP_GET, "The article's revisions, newest first.", AUTH_AUTHOR, NULL, 200, false}}},
    {"/api/v1/articles/:id/revisions/:rev/restore", r_restore, "articles",
     {{HTTP_POST, "Brings an article back to a revision (a new save).", AUTH_AUTHOR, NULL, 200,
       false}}},
    {NULL, NULL, NULL, {{0}}},
};
