/*
 * What imports made of another system's records (import_ids), per site: the statements of
 * the SQ_IMPORT group.
 */
#include <assert.h>

#include "sqlite_int.h"

#define SQL(id) [(id)-SQ_IMPORT_BEGIN]
static const char *const import_sql[SQ_IMPORT_END - SQ_IMPORT_BEGIN] = {
    SQL(I_GET) = "SELECT local_id FROM import_ids WHERE site_id = " SQ_SITE
                 " AND source = ?1 AND kind = ?2 AND ext_id = ?3",
    SQL(I_PUT) = "INSERT INTO import_ids (site_id, source, kind, ext_id, local_id)"
                 " VALUES (" SQ_SITE ", ?1, ?2, ?3, ?4) ON CONFLICT (site_id, source, kind, ext_id)"
                 " DO UPDATE SET local_id = excluded.local_id",
};

static enum cong_err run(struct store *st, enum sq_stmt id, const char *source, const char *kind,
                         const char *ext_id, int64_t *local_id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    assert(id > SQ_IMPORT_BEGIN && id < SQ_IMPORT_END);
    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    rc = sq_stmt(st, c, (unsigned)id, import_sql[id - SQ_IMPORT_BEGIN], &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_text(&b, 1, source);
        sq_bind_text(&b, 2, kind);
        sq_bind_text(&b, 3, ext_id);
        if (id == I_PUT) {
            sq_bind_i64(&b, 4, *local_id);
            rc = sq_bound_done(st, c, &b, "record an import");
        } else {
            rc = sq_bound_row(st, c, &b, "read an import");
            *local_id = rc == CONG_OK ? sqs_int64(s, 0) : 0;
            if (rc == CONG_ENOTFOUND)
                rc = CONG_OK;
        }
    }
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_import_get(struct store *st, const char *source, const char *kind,
                               const char *ext_id, int64_t *local_id)
{
    return run(st, I_GET, source, kind, ext_id, local_id);
}

enum cong_err store_import_put(struct store *st, const char *source, const char *kind,
                               const char *ext_id, int64_t local_id)
{
    return run(st, I_PUT, source, kind, ext_id, &local_id);
}
