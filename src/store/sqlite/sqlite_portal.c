/*
 * The portal half of the SQLite backend: pages and the portlets placed in their regions
 * (tables of migration 5 in sqlite.c). It keeps rows and their order, nothing more: which
 * layouts, regions and portlet types exist, what a configuration may hold and who may see a
 * portlet are the portal module's rules. Positions stay dense within each (page, region):
 * every write that adds, moves or removes a portlet renumbers the regions it touched inside
 * its own BEGIN IMMEDIATE transaction, so readers never see a gap or a tie. Its statements
 * are the SQ_PORTAL group of enum sq_stmt.
 */
#include "sqlite_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_COLS "id, slug, title, layout, in_menu, created_at, updated_at, lang"
enum { GC_ID, GC_SLUG, GC_TITLE, GC_LAYOUT, GC_IN_MENU, GC_CREATED_AT, GC_UPDATED_AT, GC_LANG };

#define PORTLET_COLS                                                                               \
    "id, page_id, region, position, type, title, config, view_roles, unauthorized, updated_at"
enum {
    TC_ID,
    TC_PAGE_ID,
    TC_REGION,
    TC_POSITION,
    TC_TYPE,
    TC_TITLE,
    TC_CONFIG,
    TC_VIEW_ROLES,
    TC_UNAUTHORIZED,
    TC_UPDATED_AT,
};

/* page ?1 is the site's */
#define PAGE_IN_SITE " EXISTS (SELECT 1 FROM pages WHERE id = ?1 AND site_id = " SQ_SITE ")"

#define SQL(id) [(id)-SQ_PORTAL_BEGIN]

static const char *const stmt_sql[SQ_PORTAL_END - SQ_PORTAL_BEGIN] = {
    /* the write lock from the start: a renumbering reads a region, then writes it */
    SQL(P_ADD_PAGE) = "INSERT INTO pages (site_id, slug, title, layout, in_menu, created_at,"
                      " updated_at, lang) VALUES (" SQ_SITE ", ?1, ?2, ?3, ?4, ?5, ?5, ?6)",
    SQL(P_UPDATE_PAGE) = "UPDATE pages SET slug = ?2, title = ?3, layout = ?4, in_menu = ?5,"
                         " updated_at = ?6, lang = ?7 WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(P_DELETE_PAGE) = "DELETE FROM pages WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(P_GET_PAGE) = "SELECT " PAGE_COLS " FROM pages WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(P_GET_PAGE_BY_SLUG) = "SELECT " PAGE_COLS " FROM pages WHERE slug = ?1"
                              " AND site_id = " SQ_SITE,
    SQL(P_LIST_PAGES) = "SELECT " PAGE_COLS " FROM pages WHERE site_id = " SQ_SITE " ORDER BY id",
    SQL(P_LIST_MENU_PAGES) = "SELECT " PAGE_COLS " FROM pages WHERE site_id = " SQ_SITE
                             " AND in_menu <> 0 ORDER BY id",
    SQL(P_LIST_PORTLETS) = "SELECT " PORTLET_COLS " FROM portlets WHERE page_id = ?1"
                           " AND" PAGE_IN_SITE " ORDER BY region, position, id LIMIT ?2",
    SQL(P_GET_PORTLET) = "SELECT " PORTLET_COLS " FROM portlets p WHERE id = ?1 AND EXISTS"
                         " (SELECT 1 FROM pages WHERE id = p.page_id AND site_id = " SQ_SITE ")",
    /* nothing is inserted for a page of another site */
    SQL(P_ADD_PORTLET) = "INSERT INTO portlets (page_id, region, position, type, title, config,"
                         " view_roles, unauthorized, updated_at)"
                         " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE" PAGE_IN_SITE,
    SQL(P_UPDATE_PORTLET) = "UPDATE portlets SET region = ?2, title = ?3, config = ?4,"
                            " view_roles = ?5, unauthorized = ?6, updated_at = ?7"
                            " WHERE id = ?1",
    SQL(P_DELETE_PORTLET) = "DELETE FROM portlets WHERE id = ?1",
    SQL(P_REGION_IDS) = "SELECT id FROM portlets WHERE page_id = ?1 AND region = ?2"
                        " AND id <> ?3 ORDER BY position, id",
    SQL(P_SET_POSITION) = "UPDATE portlets SET position = ?2 WHERE id = ?1 AND position <> ?2",
};

static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_PORTAL_BEGIN && id < SQ_PORTAL_END);
    return sq_stmt(st, c, (unsigned)id, stmt_sql[id - SQ_PORTAL_BEGIN], out);
}

static void row_page(struct row *r, struct page *p)
{
    p->id = sq_row_i64(r, GC_ID);
    p->slug = sq_row_text(r, GC_SLUG);
    p->title = sq_row_text(r, GC_TITLE);
    p->layout = sq_row_text(r, GC_LAYOUT);
    p->in_menu = sq_row_i64(r, GC_IN_MENU) != 0;
    p->created_at = sq_row_i64(r, GC_CREATED_AT);
    p->updated_at = sq_row_i64(r, GC_UPDATED_AT);
    p->lang = sq_row_text(r, GC_LANG);
}

static void row_portlet(struct row *r, struct portlet *p)
{
    p->id = sq_row_i64(r, TC_ID);
    p->page_id = sq_row_i64(r, TC_PAGE_ID);
    p->region = sq_row_text(r, TC_REGION);
    p->position = sq_row_i64(r, TC_POSITION);
    p->type = sq_row_text(r, TC_TYPE);
    p->title = sq_row_text(r, TC_TITLE);
    p->config = sq_row_text(r, TC_CONFIG);
    p->view_roles = sq_row_text(r, TC_VIEW_ROLES);
    p->unauthorized = sq_row_text(r, TC_UNAUTHORIZED);
    p->updated_at = sq_row_i64(r, TC_UPDATED_AT);
    if (p->config && !*p->config)
        p->config = "{}";
}

/* Pages. */

static void bind_page(struct binder *b, const struct page *p)
{
    sq_bind_text(b, 1, p->slug);
    sq_bind_text(b, 2, p->title);
    sq_bind_text(b, 3, p->layout);
    sq_bind_i64(b, 4, p->in_menu ? 1 : 0);
    sq_bind_text(b, 6, p->lang ? p->lang : "vi");
}

enum cong_err store_add_page(struct store *st, const struct page *p, int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, P_ADD_PAGE, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    bind_page(&b, p);
    sq_bind_i64(&b, 5, time_now());
    rc = sq_bound_done(st, c, &b, "add a page");
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_update_page(struct store *st, const struct page *p)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, P_UPDATE_PAGE, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, p->id);
    sq_bind_text(&b, 2, p->slug);
    sq_bind_text(&b, 3, p->title);
    sq_bind_text(&b, 4, p->layout);
    sq_bind_i64(&b, 5, p->in_menu ? 1 : 0);
    sq_bind_i64(&b, 6, time_now());
    sq_bind_text(&b, 7, p->lang ? p->lang : "vi");
    rc = sq_bound_done(st, c, &b, "update a page");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Runs a one-id write (delete) and says CONG_ENOTFOUND when it changed nothing. */
static enum cong_err write_by_id(struct store *st, struct conn *c, enum sq_stmt id, int64_t key,
                                 const char *what)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, key);
    rc = sq_bound_done(st, c, &b, what);
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_delete_page(struct store *st, int64_t id)
{
    struct conn *c = NULL;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* the portlets go with it: ON DELETE CASCADE, foreign keys are on for every connection */
    rc = write_by_id(st, c, P_DELETE_PAGE, id, "delete a page");
    sq_pool_put(st, c);
    return rc;
}

/* Reads the one page that statement id finds by key (or text_key), on c. */
static enum cong_err page_one(struct store *st, struct conn *c, struct arena *a, enum sq_stmt id,
                              int64_t key, const char *text_key, struct page *out)
{
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    if (text_key)
        sq_bind_text(&b, 1, text_key);
    else
        sq_bind_i64(&b, 1, key);
    rc = sq_bound_row(st, c, &b, "read a page");
    if (rc == CONG_OK) {
        r = (struct row){s, a, CONG_OK};
        row_page(&r, out);
        rc = r.rc;
        if (rc != CONG_OK)
            memset(out, 0, sizeof(*out));
    }
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_get_page(struct store *st, struct arena *a, int64_t id, struct page *out)
{
    struct conn *c = NULL;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = page_one(st, c, a, P_GET_PAGE, id, NULL, out);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_get_page_by_slug(struct store *st, struct arena *a, const char *slug,
                                     struct page *out)
{
    struct conn *c = NULL;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    if (!slug)
        return CONG_ENOTFOUND;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = page_one(st, c, a, P_GET_PAGE_BY_SLUG, 0, slug, out);
    sq_pool_put(st, c);
    return rc;
}

/* Appends one element of size to a growing arena array (doubling; the old copy is left). */
static void *grow(struct arena *a, void *items, size_t count, size_t *cap, size_t size)
{
    void *bigger;
    size_t ncap;

    if (count < *cap)
        return items;
    ncap = *cap ? *cap * 2 : 8;
    bigger = arena_alloc(a, ncap * size);
    if (!bigger)
        return NULL;
    if (count)
        memcpy(bigger, items, count * size);
    *cap = ncap;
    return bigger;
}

enum cong_err store_list_pages(struct store *st, struct arena *a, bool menu_only, struct page **out,
                               size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct page *items = NULL;
    size_t count = 0, cap = 0;
    struct row r;
    enum cong_err rc;
    int step;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, menu_only ? P_LIST_MENU_PAGES : P_LIST_PAGES, &s);
    if (rc != CONG_OK)
        goto out;
    r = (struct row){s, a, CONG_OK};
    while ((step = sqs_step(s)) == SQLITE_ROW) {
        items = grow(a, items, count, &cap, sizeof(*items));
        if (!items) {
            rc = CONG_ENOMEM;
            goto out;
        }
        row_page(&r, &items[count]);
        if (r.rc != CONG_OK) {
            rc = r.rc;
            goto out;
        }
        count++;
    }
    if (step != SQLITE_DONE) {
        rc = sq_fail(st, c, step, "list pages");
        goto out;
    }
    *out = count ? items : NULL;
    *n = count;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Portlets. */

/* Reads the portlets of page_id on c, as store_list_portlets says. */
static enum cong_err portlets_of(struct store *st, struct conn *c, struct arena *a, int64_t page_id,
                                 struct portlet **out, size_t *n)
{
    struct sqs *s = NULL;
    struct portlet *items = NULL;
    size_t count = 0, cap = 0;
    struct binder b;
    struct row r;
    enum cong_err rc;
    int step;

    *out = NULL;
    *n = 0;
    rc = stmt_get(st, c, P_LIST_PORTLETS, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, page_id);
    sq_bind_i64(&b, 2, STORE_PORTLETS_MAX);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "list portlets");
        goto out;
    }
    r = (struct row){s, a, CONG_OK};
    while ((step = sqs_step(s)) == SQLITE_ROW) {
        items = grow(a, items, count, &cap, sizeof(*items));
        if (!items) {
            rc = CONG_ENOMEM;
            goto out;
        }
        row_portlet(&r, &items[count]);
        if (r.rc != CONG_OK) {
            rc = r.rc;
            goto out;
        }
        count++;
    }
    if (step != SQLITE_DONE) {
        rc = sq_fail(st, c, step, "list portlets");
        goto out;
    }
    *out = count ? items : NULL;
    *n = count;
out:
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_list_portlets(struct store *st, struct arena *a, int64_t page_id,
                                  struct portlet **out, size_t *n)
{
    struct conn *c = NULL;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = portlets_of(st, c, a, page_id, out, n);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_load_page(struct store *st, struct arena *a, const char *slug,
                              struct page *page, struct portlet **out, size_t *n)
{
    struct conn *c = NULL;
    bool in_tx = false;
    enum cong_err rc;

    memset(page, 0, sizeof(*page));
    *out = NULL;
    *n = 0;
    if (!slug)
        return CONG_ENOTFOUND;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* one snapshot: a portlet moved between the two reads cannot show twice or not at all */
    rc = sq_begin(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = page_one(st, c, a, P_GET_PAGE_BY_SLUG, 0, slug, page);
    if (rc == CONG_OK)
        rc = portlets_of(st, c, a, page->id, out, n);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc == CONG_OK)
        in_tx = false;
out:
    if (in_tx)
        sq_tx_abort(st, c);
    if (rc != CONG_OK) {
        memset(page, 0, sizeof(*page));
        *out = NULL;
        *n = 0;
    }
    sq_pool_put(st, c);
    return rc;
}

/* Reads portlet id on c. */
static enum cong_err portlet_one(struct store *st, struct conn *c, struct arena *a, int64_t id,
                                 struct portlet *out)
{
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = stmt_get(st, c, P_GET_PORTLET, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = sq_bound_row(st, c, &b, "read a portlet");
    if (rc == CONG_OK) {
        r = (struct row){s, a, CONG_OK};
        row_portlet(&r, out);
        rc = r.rc;
        if (rc != CONG_OK)
            memset(out, 0, sizeof(*out));
    }
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_get_portlet(struct store *st, struct arena *a, int64_t id, struct portlet *out)
{
    struct conn *c = NULL;
    enum cong_err rc;

    memset(out, 0, sizeof(*out));
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = portlet_one(st, c, a, id, out);
    sq_pool_put(st, c);
    return rc;
}

/*
 * Renumbers the region (page_id, region) on c, inside the caller's write transaction:
 * its portlets other than moving keep their order and take positions 0, 1, 2...; moving
 * (0: none) takes index at (negative or past the end: last).
 */
static enum cong_err renumber(struct store *st, struct conn *c, int64_t page_id, const char *region,
                              int64_t moving, int64_t at)
{
    int64_t ids[STORE_PORTLETS_MAX + 1];
    struct sqs *s = NULL;
    struct binder b;
    size_t count = 0, i;
    enum cong_err rc;
    int step;

    rc = stmt_get(st, c, P_REGION_IDS, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, page_id);
    sq_bind_text(&b, 2, region);
    sq_bind_i64(&b, 3, moving);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "order portlets");
        goto out;
    }
    while ((step = sqs_step(s)) == SQLITE_ROW) {
        if (count == STORE_PORTLETS_MAX) {
            rc = CONG_ETOOBIG; /* the portal module allows far fewer per page */
            goto out;
        }
        ids[count++] = sqs_int64(s, 0);
    }
    if (step != SQLITE_DONE) {
        rc = sq_fail(st, c, step, "order portlets");
        goto out;
    }
    sq_stmt_put(s);
    s = NULL;
    if (moving) {
        size_t k = at < 0 || (uint64_t)at > count ? count : (size_t)at;
        memmove(&ids[k + 1], &ids[k], (count - k) * sizeof(ids[0]));
        ids[k] = moving;
        count++;
    }
    rc = stmt_get(st, c, P_SET_POSITION, &s);
    if (rc != CONG_OK)
        goto out;
    for (i = 0; i < count && rc == CONG_OK; i++) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, ids[i]);
        sq_bind_size(&b, 2, i);
        rc = sq_bound_done(st, c, &b, "order portlets");
        sq_stmt_put(s);
    }
    s = NULL;
out:
    sq_stmt_put(s);
    return rc;
}

/* Binds ?2..?8 of P_UPDATE_PORTLET, or of P_ADD_PORTLET from ?4 (title on). */
static void bind_portlet_texts(struct binder *b, int first, const struct portlet *p, int64_t now)
{
    sq_bind_opt_text(b, first, p->title);
    sq_bind_text(b, first + 1, p->config);
    sq_bind_opt_text(b, first + 2, p->view_roles);
    sq_bind_text(b, first + 3, p->unauthorized ? p->unauthorized : "inherit");
    sq_bind_i64(b, first + 4, now);
}

enum cong_err store_add_portlet(struct store *st, const struct portlet *p, int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    bool in_tx = false;
    int64_t new_id = 0;
    enum cong_err rc;

    *id = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = stmt_get(st, c, P_ADD_PORTLET, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, p->page_id);
    sq_bind_text(&b, 2, p->region);
    sq_bind_i64(&b, 3, STORE_PORTLETS_MAX); /* last until renumbered */
    sq_bind_text(&b, 4, p->type);
    bind_portlet_texts(&b, 5, p, time_now());
    rc = sq_bound_done(st, c, &b, "add a portlet");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_EINVAL; /* no such page on this site */
    sq_stmt_put(s);
    s = NULL;
    if (rc != CONG_OK)
        goto out;
    new_id = sqs_last_id(c);
    rc = renumber(st, c, p->page_id, p->region, new_id, p->position);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc == CONG_OK) {
        in_tx = false;
        *id = new_id;
    }
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_update_portlet(struct store *st, const struct portlet *p)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct portlet old;
    struct binder b;
    struct arena a;
    bool in_tx = false;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        goto done;
    rc = sq_begin_write(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    /* the page and old region come from the row, not from the caller */
    rc = portlet_one(st, c, &a, p->id, &old);
    if (rc != CONG_OK)
        goto out;
    rc = stmt_get(st, c, P_UPDATE_PORTLET, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, p->id);
    sq_bind_text(&b, 2, p->region);
    bind_portlet_texts(&b, 3, p, time_now());
    rc = sq_bound_done(st, c, &b, "update a portlet");
    sq_stmt_put(s);
    s = NULL;
    if (rc == CONG_OK && p->region && strcmp(old.region, p->region) != 0)
        rc = renumber(st, c, old.page_id, old.region, 0, 0);
    if (rc == CONG_OK)
        rc = renumber(st, c, old.page_id, p->region, p->id, p->position);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc == CONG_OK)
        in_tx = false;
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
done:
    arena_release(&a);
    return rc;
}

enum cong_err store_delete_portlet(struct store *st, int64_t id)
{
    struct conn *c = NULL;
    struct portlet old;
    struct arena a;
    bool in_tx = false;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        goto done;
    rc = sq_begin_write(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = portlet_one(st, c, &a, id, &old);
    if (rc == CONG_OK)
        rc = write_by_id(st, c, P_DELETE_PORTLET, id, "delete a portlet");
    if (rc == CONG_OK)
        rc = renumber(st, c, old.page_id, old.region, 0, 0);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc == CONG_OK)
        in_tx = false;
out:
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
done:
    arena_release(&a);
    return rc;
}
