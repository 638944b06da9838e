/*
 * The search page, /tim-kiem: reads the visitor's query and filters (q, chuyen-muc, tu, den,
 * trang), searches through the search module, and renders the theme's `search` template.
 * Whatever the query holds, the page answers 200: an empty query gets a page on how to
 * search with the latest articles, a filter that does not parse is dropped with a note. Only
 * a page number that is not one is a 400, as on category listings.
 */
#include "site_int.h"
#include "../i18n/i18n.h"

#include <string.h>

#include "../content/content.h"
#include "../search/search.h"

#define SEARCH_PER_PAGE 10
#define SEARCH_PAGES_MAX (STORE_SEARCH_RANKED_MAX / SEARCH_PER_PAGE)
#define SEARCH_LATEST 6

/* A YYYY-MM-DD date at midnight in the site's zone; false for anything else. */
static bool parse_day(const char *v, int64_t *out)
{
    if (!v || strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        return false;
    return time_parse_iso8601(v, out) == CONG_OK;
}

/* The URL of page n of these results: every filter kept, values percent-encoded. */
static const char *page_url(struct arena *a, const char *q, const char *cat, const char *tu,
                            const char *den, size_t n)
{
    struct buf b;
    const char *sep = "?";
    char *p;

    buf_init(&b, 4096);
    buf_puts(&b, "/tim-kiem");
#define PARAM(name, v)                                                                         \
    do {                                                                                       \
        if ((v) && *(v)) {                                                                     \
            buf_printf(&b, "%s" name "=", sep);                                                \
            buf_add_urlenc(&b, (v), strlen(v));                                                \
            sep = "&";                                                                         \
        }                                                                                      \
    } while (0)
    PARAM("q", q);
    PARAM("chuyen-muc", cat);
    PARAM("tu", tu);
    PARAM("den", den);
#undef PARAM
    if (n > 1)
        buf_printf(&b, "%strang=%zu", sep, n);
    p = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return p;
}

/* Pagination data as category listings have it (see docs/themes.md). */
static json_t *pagination(struct arena *a, const char *q, const char *cat, const char *tu,
                          const char *den, size_t page, size_t pages)
{
    json_t *p = json_object(), *items = json_array();

    json_object_set_new(p, "page", json_integer((json_int_t)page));
    json_object_set_new(p, "pages", json_integer((json_int_t)pages));
    if (page > 1)
        json_object_set_new(p, "prev_url", web_jstr(page_url(a, q, cat, tu, den, page - 1)));
    if (page < pages)
        json_object_set_new(p, "next_url", web_jstr(page_url(a, q, cat, tu, den, page + 1)));
    for (size_t i = 1; i <= pages; i++) {
        bool near = i + 2 >= page && i <= page + 2;
        if (i != 1 && i != pages && !near) {
            if (i == 2 || i == page + 3) {
                json_t *gap = json_object();
                json_object_set_new(gap, "gap", json_true());
                json_array_append_new(items, gap);
            }
            continue;
        }
        json_t *it = json_object();
        json_object_set_new(it, "n", json_integer((json_int_t)i));
        json_object_set_new(it, "url", web_jstr(page_url(a, q, cat, tu, den, i)));
        json_object_set_new(it, "current", json_boolean(i == page));
        json_array_append_new(items, it);
    }
    json_object_set_new(p, "items", items);
    return p;
}

/* The results as cards, their words marked in title_html and excerpt_html; NULL when out of
   memory. The covers are read at once. */
static json_t *result_cards(struct web *w, struct http_request *req,
                            const struct search_result *results, size_t n)
{
    struct arena *a = req->arena;
    struct article *arts = n ? arena_alloc(a, n * sizeof(*arts)) : NULL;
    json_t *list;

    if (n && !arts)
        return NULL;
    for (size_t i = 0; i < n; i++)
        arts[i] = results[i].article;
    list = web_article_cards(w, req, arts, n, true);
    for (size_t i = 0; list && i < n; i++) {
        json_t *card = json_array_get(list, i);

        if (json_object_set_new(card, "title_html", web_jstr(results[i].title_html)) != 0 ||
            json_object_set_new(card, "excerpt_html", web_jstr(results[i].excerpt_html)) != 0)
            list = (json_decref(list), NULL);
    }
    return list;
}

/*
 * The search's filters from its query string into f: the category (by slug; unknown: all),
 * the first and last day (YYYY-MM-DD; bad: ignored). What was ignored, and a query cut to
 * its limits, become notes for the visitor; a value ignored is set NULL. opts gets the
 * category choices, the chosen one selected.
 */
static void apply_filters(const struct category *cats, size_t ncats, const struct search_query *q,
                          struct search_filter *f, const char **cat_slug, const char **tu,
                          const char **den, json_t *opts, json_t *notes)
{
    int64_t day;

    if (*cat_slug && **cat_slug) {
        bool found = false;
        for (size_t i = 0; i < ncats; i++) {
            if (!strcmp(cats[i].slug, *cat_slug)) {
                f->category_id = cats[i].id;
                found = true;
            }
        }
        if (!found) {
            json_array_append_new(notes, json_string(_("Không có chuyên mục đã chọn: tìm trong "
                                                     "mọi chuyên mục.")));
            *cat_slug = NULL;
        }
    }
    for (size_t i = 0; i < ncats; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "slug", web_jstr(cats[i].slug));
        json_object_set_new(o, "name", web_jstr(cats[i].name));
        json_object_set_new(o, "selected", json_boolean(cats[i].id == f->category_id));
        json_array_append_new(opts, o);
    }
    if (*tu && **tu) {
        if (parse_day(*tu, &day)) {
            f->from = day;
        } else {
            json_array_append_new(notes, json_string(_("Ngày bắt đầu không hợp lệ (cần dạng "
                                                     "năm-tháng-ngày): đã bỏ qua.")));
            *tu = NULL;
        }
    }
    if (*den && **den) {
        if (parse_day(*den, &day)) {
            f->to = day + 86400; /* the whole of that day */
        } else {
            json_array_append_new(notes, json_string(_("Ngày kết thúc không hợp lệ (cần dạng "
                                                     "năm-tháng-ngày): đã bỏ qua.")));
            *den = NULL;
        }
    }
    if (q->cut)
        json_array_append_new(notes, json_string(_("Câu tìm kiếm dài quá: chỉ dùng 200 ký tự "
                                                 "và 16 từ đầu tiên.")));
}

/* Nothing to show (or nothing asked): the latest articles in the page's language instead of
   an empty page, as ctx's "latest". */
static void add_latest(struct web *w, struct http_request *req, int64_t now, json_t *ctx)
{
    struct arena *a = req->arena;
    struct article_query lq = {.published_only = true,
                               .now = now,
                               .limit = SEARCH_LATEST,
                               .lang = i18n_code(i18n_lang())};
    struct article *latest;
    size_t nl;

    if (store_list_articles(web_store(w, req), a, &lq, &latest, &nl, NULL) == CONG_OK) {
        json_t *box = json_object();
        json_object_set_new(box, "articles", web_article_cards(w, req, latest, nl, true));
        if (nl > 0)
            json_object_set_new(ctx, "latest", box);
        else
            json_decref(box);
    }
}

void site_search_page(struct http_request *req, struct http_response *res, void *ctx_)
{
    struct web *w = ctx_;
    struct arena *a = req->arena;
    const char *qtext = http_request_query(req, "q"), *trang = http_request_query(req, "trang");
    const char *cat_slug = http_request_query(req, "chuyen-muc");
    const char *tu = http_request_query(req, "tu"), *den = http_request_query(req, "den");
    /* with what sub-portals share to this site, as its news lists show them */
    struct search_filter f = {.published_only = true,
                              .with_shared = web_site(w, req)->has_children,
                              .now = web_now(w)};
    struct search_query q;
    struct search_result *results = NULL;
    struct category *cats = NULL;
    size_t ncats = 0, n = 0, total = 0, pages;
    int64_t page = 1;
    json_t *ctx, *sd, *list, *notes, *opts;
    const char *total_text;
    enum cong_err rc;

    if (web_cached(w, req, res))
        return;
    if (trang && (!text_parse_i64(trang, strlen(trang), &page) || page < 1 || page > 100000)) {
        web_page_error(w, req, res, 400,
                       _("Số trang không hợp lệ: tham số 'trang' phải là số từ 1 trở lên."));
        return;
    }
    rc = search_query_parse(a, qtext ? qtext : "", qtext ? strlen(qtext) : 0, &q);
    if (rc != CONG_OK) {
        web_page_fail(w, req, res, rc, NULL); /* the query was UTF-8: only memory */
        return;
    }
    if ((rc = store_list_categories(web_store(w, req), a, &cats, &ncats))) {
        web_page_fail(w, req, res, rc, NULL);
        return;
    }

    notes = json_array();
    opts = json_array();
    apply_filters(cats, ncats, &q, &f, &cat_slug, &tu, &den, opts, notes);

    if (q.nterms > 0 && (size_t)page <= SEARCH_PAGES_MAX) {
        rc = search_articles(web_store(w, req), a, &q, &f, (size_t)(page - 1) * SEARCH_PER_PAGE,
                             SEARCH_PER_PAGE, &results, &n, &total);
        if (rc != CONG_OK) {
            json_decref(notes);
            json_decref(opts);
            web_page_fail(w, req, res, rc, NULL);
            return;
        }
    }

    ctx = web_page_data(w, req,
                         q.nterms ? arena_printf(a, _("Tìm kiếm: %s"), q.text) : _("Tìm kiếm"),
                         "/tim-kiem", _("Tìm bài viết trên cổng thông tin"), "search", 0);
    sd = json_object();
    json_object_set_new(sd, "q", web_jstr(q.text));
    json_object_set_new(sd, "has_query", json_boolean(q.nterms > 0));
    json_object_set_new(sd, "total", json_integer((json_int_t)total));
    json_object_set_new(sd, "more", json_boolean(total > STORE_SEARCH_RANKED_MAX));
    /* the counts as people read them: digit groups, and English's plural */
    web_view_add(sd, (struct web_kv[]){
                         WEB_NUM("shown", total > STORE_SEARCH_RANKED_MAX ? STORE_SEARCH_RANKED_MAX
                                                                          : total),
                         WEB_NUM("total_text", total), WEB_END});
    total_text = json_string_value(json_object_get(sd, "total_text"));
    json_object_set_new(
        sd, "count_text",
        web_jstr(arena_printf(a, P_("%s bài viết khớp với", "%s bài viết khớp với", (int64_t)total),
                              total_text ? total_text : "")));
    json_object_set_new(sd, "categories", opts);
    json_object_set_new(sd, "category", web_jstr(cat_slug));
    json_object_set_new(sd, "tu", web_jstr(tu));
    json_object_set_new(sd, "den", web_jstr(den));
    json_object_set_new(sd, "filtered", json_boolean(f.category_id || f.from || f.to));
    json_object_set_new(sd, "notes", notes);
    list = result_cards(w, req, results, n);
    if (!list) {
        json_decref(sd);
        json_decref(ctx);
        web_page_fail(w, req, res, CONG_ENOMEM, NULL);
        return;
    }
    json_object_set_new(sd, "results", list);
    json_object_set_new(ctx, "search", sd);

    if (total > STORE_SEARCH_RANKED_MAX)
        total = STORE_SEARCH_RANKED_MAX;
    pages = (total + SEARCH_PER_PAGE - 1) / SEARCH_PER_PAGE;
    if (pages > 1)
        json_object_set_new(ctx, "pagination",
                            pagination(a, q.text, cat_slug, tu, den, (size_t)page, pages));
    if (q.nterms > 0 && n == 0 && page > 1 && (size_t)page > pages)
        json_object_set_new(sd, "past_end", json_string(page_url(a, q.text, cat_slug, tu, den, 1)));

    if (n == 0)
        add_latest(w, req, f.now, ctx);
    json_object_set_new(json_object_get(ctx, "page"), "noindex", json_true());
    web_render(w, req, res, 200, "search", ctx);
    json_decref(ctx);
}
