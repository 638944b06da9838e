/*
 * A site's menus in SQLite: the rows of menu_items (migration 15 in sqlite.c), each a site's,
 * every statement scoped by SQ_SITE so that a handle never reads or writes another site's.
 * It keeps rows and decides nothing: what an item may point to and how deep a menu goes are
 * the portal module's rules. Its statements are the SQ_MENUS group of enum sq_stmt.
 */
#include "sqlite_int.h"

#include <assert.h>
#include <string.h>

#define ITEM_COLS "id, menu, parent_id, position, label, kind, ref_id, url, new_window, lang"
enum {
    UC_ID,
    UC_MENU,
    UC_PARENT,
    UC_POSITION,
    UC_LABEL,
    UC_KIND,
    UC_REF,
    UC_URL,
    UC_NEW_WINDOW,
    UC_LANG
};

#define SQL(id) [(id)-SQ_MENUS_BEGIN]
static const char *const stmt_sql[SQ_MENUS_END - SQ_MENUS_BEGIN] = {
    SQL(U_LIST) = "SELECT " ITEM_COLS " FROM menu_items WHERE site_id = " SQ_SITE
                  " AND menu = ?1 ORDER BY position, id LIMIT ?2",
    SQL(U_GET) = "SELECT " ITEM_COLS " FROM menu_items WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(U_ADD) = "INSERT INTO menu_items (site_id, menu, parent_id, position, label, kind, ref_id,"
                 " url, new_window, lang) VALUES (" SQ_SITE ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10)"
                 " RETURNING id",
    SQL(U_UPDATE) = "UPDATE menu_items SET menu = ?1, parent_id = ?2, position = ?3, label = ?4,"
                    " kind = ?5, ref_id = ?6, url = ?7, new_window = ?8, lang = ?10"
                    " WHERE id = ?9 AND site_id = " SQ_SITE,
    SQL(U_DELETE_CHILDREN) = "DELETE FROM menu_items WHERE parent_id = ?1 AND site_id = " SQ_SITE,
    SQL(U_DELETE) = "DELETE FROM menu_items WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(U_SET_ORDER) = "UPDATE menu_items SET parent_id = ?2, position = ?3"
                       " WHERE id = ?1 AND site_id = " SQ_SITE,
};

static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_MENUS_BEGIN && id < SQ_MENUS_END);
    return sq_stmt(st, c, (unsigned)id, stmt_sql[id - SQ_MENUS_BEGIN], out);
}

static void row_item(struct row *r, void *out)
{
    struct menu_item *it = out;

    it->id = sq_row_i64(r, UC_ID);
    it->menu = sq_row_text(r, UC_MENU);
    it->parent_id = sq_row_i64(r, UC_PARENT);
    it->position = sq_row_i64(r, UC_POSITION);
    it->label = sq_row_text(r, UC_LABEL);
    it->kind = sq_row_text(r, UC_KIND);
    it->ref_id = sq_row_i64(r, UC_REF);
    it->url = sq_row_text(r, UC_URL);
    it->new_window = sq_row_i64(r, UC_NEW_WINDOW) == 1;
    it->lang = sq_row_text(r, UC_LANG);
}

static bool item_ok(const struct menu_item *it)
{
    return it->menu && *it->menu && it->label && *it->label && it->kind && *it->kind;
}

/* ?1..?8 and ?10 of both writes: the item's fields */
static void bind_item(struct binder *b, const struct menu_item *it)
{
    sq_bind_text(b, 1, it->menu);
    sq_bind_ref(b, 2, it->parent_id);
    sq_bind_i64(b, 3, it->position);
    sq_bind_text(b, 4, it->label);
    sq_bind_text(b, 5, it->kind);
    sq_bind_i64(b, 6, it->ref_id);
    sq_bind_opt_text(b, 7, it->url);
    sq_bind_i64(b, 8, it->new_window ? 1 : 0);
    sq_bind_text(b, 10, it->lang ? it->lang : "vi");
}

enum cong_err store_list_menu_items(struct store *st, struct arena *a, const char *menu,
                                    struct menu_item **out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r = {NULL, a, CONG_OK};
    struct menu_item *items;
    size_t count = 0;
    int step = SQLITE_DONE;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if (!menu)
        return CONG_EINVAL;
    items = arena_alloc(a, STORE_MENU_ITEMS_MAX * sizeof(*items));
    if (!items)
        return CONG_ENOMEM;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, U_LIST, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, menu);
    sq_bind_i64(&b, 2, STORE_MENU_ITEMS_MAX);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "list a menu");
        goto out;
    }
    r.s = s;
    while (count < STORE_MENU_ITEMS_MAX && (step = sqs_step(s)) == SQLITE_ROW) {
        memset(&items[count], 0, sizeof(items[count]));
        row_item(&r, &items[count]);
        if (r.rc != CONG_OK) {
            rc = r.rc;
            goto out;
        }
        count++;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = sq_fail(st, c, step, "list a menu");
        goto out;
    }
    if (count) {
        *out = items;
        *n = count;
    }
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_get_menu_item(struct store *st, struct arena *a, int64_t id,
                                  struct menu_item *out)
{
    struct sq_one q = {U_GET, stmt_sql[U_GET - SQ_MENUS_BEGIN], id, NULL, "read a menu item"};

    return sq_get_one(st, a, &q, row_item, out, sizeof(*out));
}

enum cong_err store_add_menu_item(struct store *st, const struct menu_item *it, int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    if (!item_ok(it))
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, U_ADD, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    bind_item(&b, it);
    rc = sq_bound_row(st, c, &b, "add a menu item");
    if (rc == CONG_OK)
        *id = sqs_int64(s, 0);
    /* a RETURNING row comes after the write is done; stepping on to the end only confirms it */
    if (rc == CONG_OK)
        rc = sq_step_done(st, c, s, "add a menu item");
    if (rc != CONG_OK)
        *id = 0;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_update_menu_item(struct store *st, const struct menu_item *it)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    if (!item_ok(it))
        return CONG_EINVAL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, U_UPDATE, &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        bind_item(&b, it);
        sq_bind_i64(&b, 9, it->id);
        rc = sq_run_write(st, c, &b, "update a menu item");
        if (rc == CONG_OK && sqs_changes(c) == 0)
            rc = CONG_ENOTFOUND;
    }
    sq_pool_put(st, c);
    return rc;
}

/* Runs the write slot with ?1 = id on c; *changes the rows it changed. */
static enum cong_err write_id(const struct store *st, struct conn *c, enum sq_stmt slot,
                              int64_t id, const char *what, int *changes)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc = stmt_get(st, c, slot, &s);

    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = sq_run_write(st, c, &b, what);
    if (rc == CONG_OK && changes)
        *changes = sqs_changes(c);
    return rc;
}

enum cong_err store_delete_menu_item(struct store *st, int64_t id)
{
    struct conn *c = NULL;
    int changes = 0;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc != CONG_OK)
        goto out;
    /* the children first: the foreign key would take them along, but only where the
       backend enforces it */
    rc = write_id(st, c, U_DELETE_CHILDREN, id, "delete a menu item's children", NULL);
    if (rc == CONG_OK)
        rc = write_id(st, c, U_DELETE, id, "delete a menu item", &changes);
    if (rc == CONG_OK && changes == 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
out:
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_set_menu_order(struct store *st, size_t n, const int64_t *ids,
                                   const int64_t *parents, const int64_t *positions)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    for (size_t i = 0; rc == CONG_OK && i < n; i++) {
        /* fetched again each time: a used statement has lost its bindings, the site's too */
        if ((rc = stmt_get(st, c, U_SET_ORDER, &s)) != CONG_OK)
            break;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, ids[i]);
        sq_bind_ref(&b, 2, parents[i]);
        sq_bind_i64(&b, 3, positions[i]);
        rc = sq_run_write(st, c, &b, "order a menu");
    }
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}
