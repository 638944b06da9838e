/*
 * The public, read-only half of the articles API: GET /api/v1/articles (filters category,
 * q, page, per_page) and GET /api/v1/articles/ID. It shows what a visitor may read, the
 * published articles whose time has come, through the same store and search code as the
 * pages. Writing, and listing drafts and pending articles for editors, belong to the editorial
 * API, which will join these routes.
 */
#include "site_int.h"

#include <string.h>

#include "../api/api.h"
#include "../content/content.h"
#include "../search/search.h"

#define API_PER_PAGE 10
#define API_PER_PAGE_MAX 100

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

/* One article as the API shows it; the body only for the single-article answer. */
static json_t *article_json(struct site *s, struct arena *a, const struct article *art,
                            bool with_body)
{
    json_t *o = json_object(), *cover = json_null();
    struct media m;

    json_object_set_new(o, "id", json_integer(art->id));
    json_object_set_new(o, "title", jstr(art->title));
    json_object_set_new(o, "slug", jstr(art->slug));
    json_object_set_new(o, "url", jstr(content_article_path(a, art)));
    json_object_set_new(o, "summary", jstr(art->summary));
    json_object_set_new(o, "category", jstr(art->category_slug));
    json_object_set_new(o, "category_name", jstr(art->category_name));
    json_object_set_new(o, "author", jstr(art->author));
    json_object_set_new(o, "status", json_string(store_article_status_name(art->status)));
    json_object_set_new(o, "published_at", iso(art->published_at));
    json_object_set_new(o, "updated_at", iso(art->updated_at));
    if (art->cover_media_id &&
        store_get_media_info(site_store(s), a, art->cover_media_id, &m) == CONG_OK) {
        cover = json_object();
        json_object_set_new(cover, "id", json_integer(m.id));
        json_object_set_new(cover, "url", jstr(content_media_path(a, m.id, m.mime)));
        json_object_set_new(cover, "width", json_integer(m.width));
        json_object_set_new(cover, "height", json_integer(m.height));
    }
    json_object_set_new(o, "cover", cover);
    json_object_set_new(o, "cover_caption", jstr(art->cover_caption));
    if (with_body)
        json_object_set_new(o, "body_html", jstr(art->body_html));
    return o;
}

/* A positive whole number from the query, or def when absent; false if malformed. */
static bool query_count(struct http_request *req, const char *name, int64_t def, int64_t max,
                        int64_t *out)
{
    const char *v = http_request_query(req, name);

    *out = def;
    if (!v)
        return true;
    return text_parse_i64(v, strlen(v), out) && *out >= 1 && *out <= max;
}

static void h_list(struct http_request *req, struct http_response *res, void *ctx)
{
    struct site *s = ctx;
    struct arena *a = req->arena;
    const char *cat_slug = http_request_query(req, "category");
    const char *q_text = http_request_query(req, "q");
    const char *status = http_request_query(req, "status");
    struct category cat = {0};
    int64_t page, per_page, now = site_now(s);
    size_t n = 0, total = 0;
    json_t *body, *items;
    enum cong_err rc;

    if (!query_count(req, "page", 1, 100000, &page))
        return api_respond_error(res, 400, "bad_page", "'page' phải là số nguyên từ 1.");
    if (!query_count(req, "per_page", API_PER_PAGE, API_PER_PAGE_MAX, &per_page))
        return api_respond_error(res, 400, "bad_per_page", "'per_page' phải là số từ 1 đến 100.");
    if (status && strcmp(status, "published") != 0) {
        enum article_status st;
        if (!store_article_status_parse(status, &st))
            return api_respond_error(res, 400, "bad_status",
                                     "'status' là draft, pending hoặc published.");
        return api_respond_error(res, 403, "forbidden",
                                 "Bài nháp và bài chờ duyệt chỉ dành cho biên tập viên.");
    }
    if (cat_slug) {
        rc = store_get_category_by_slug(site_store(s), a, cat_slug, &cat);
        if (rc == CONG_ENOTFOUND)
            return api_respond_error(res, 404, "no_category", "Không có chuyên mục này.");
        if (rc)
            return api_respond_error(res, 503, "unavailable", "Không đọc được dữ liệu lúc này.");
    }
    items = json_array();
    if (q_text) {
        struct search_query q;
        struct search_filter f = {.category_id = cat.id, .published_only = true, .now = now};
        struct search_result *hits;
        if (search_query_parse(a, q_text, strlen(q_text), &q) != CONG_OK) {
            json_decref(items);
            return api_respond_error(res, 400, "bad_query", "Từ khóa không hợp lệ.");
        }
        rc = search_articles(site_store(s), a, &q, &f, (size_t)((page - 1) * per_page),
                             (size_t)per_page, &hits, &n, &total);
        for (size_t i = 0; rc == CONG_OK && i < n; i++) {
            json_t *o = article_json(s, a, &hits[i].article, false);
            json_object_set_new(o, "excerpt_html", jstr(hits[i].excerpt_html));
            json_array_append_new(items, o);
        }
    } else {
        struct article_query aq = {.category_id = cat.id, .published_only = true, .now = now,
                                   .offset = (size_t)((page - 1) * per_page),
                                   .limit = (size_t)per_page};
        struct article *arts;
        rc = store_list_articles(site_store(s), a, &aq, &arts, &n, &total);
        for (size_t i = 0; rc == CONG_OK && i < n; i++)
            json_array_append_new(items, article_json(s, a, &arts[i], false));
    }
    if (rc != CONG_OK) {
        json_decref(items);
        return api_respond_error(res, 503, "unavailable", "Không đọc được dữ liệu lúc này.");
    }
    body = json_object();
    json_object_set_new(body, "items", items);
    json_object_set_new(body, "page", json_integer(page));
    json_object_set_new(body, "per_page", json_integer(per_page));
    json_object_set_new(body, "total", json_integer((json_int_t)total));
    api_respond_json(res, 200, body);
    json_decref(body);
}

static void h_one(struct http_request *req, struct http_response *res, void *ctx)
{
    struct site *s = ctx;
    struct article art;
    int64_t id;
    json_t *body;
    enum cong_err rc;

    if (!text_parse_i64(req->params[0], strlen(req->params[0]), &id) || id <= 0)
        return api_respond_error(res, 404, "not_found", "Không có bài viết này.");
    rc = store_get_article(site_store(s), req->arena, id, &art);
    /* a draft or a scheduled article does not exist for the public */
    if (rc == CONG_ENOTFOUND ||
        (rc == CONG_OK && (art.status != ARTICLE_PUBLISHED || art.published_at > site_now(s))))
        return api_respond_error(res, 404, "not_found", "Không có bài viết này.");
    if (rc)
        return api_respond_error(res, 503, "unavailable", "Không đọc được dữ liệu lúc này.");
    body = article_json(s, req->arena, &art, true);
    api_respond_json(res, 200, body);
    json_decref(body);
}

enum cong_err site_add_api_routes(struct site *s, struct http_router *r)
{
    enum cong_err rc;

    if ((rc = http_router_add(r, HTTP_GET, "/api/v1/articles", h_list, s)) ||
        (rc = http_router_add(r, HTTP_GET, "/api/v1/articles/:id", h_one, s)))
        return rc;
    return CONG_OK;
}
