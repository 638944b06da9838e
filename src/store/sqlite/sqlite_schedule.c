/*
 * The state portal's schedule and questions in SQLite: the rows of schedule_entries and
 * questions (migration 11 in sqlite.c), every one of them a site's, every statement scoped by
 * SQ_SITE so that a handle never reads or writes another site's. It keeps rows and decides
 * nothing: what may be written and what the public sees are the content module's rules. Its
 * statements are the SQ_SCHEDULE group of enum sq_stmt.
 */
#include "sqlite_int.h"

#include <assert.h>
#include <string.h>

#define ENTRY_COLS                                                                                 \
    "id, starts_at, ends_at, title, location, chair, people, host_unit, created_at, updated_at"
enum {
    EC_ID,
    EC_STARTS,
    EC_ENDS,
    EC_TITLE,
    EC_LOCATION,
    EC_CHAIR,
    EC_PEOPLE,
    EC_HOST_UNIT,
    EC_CREATED,
    EC_UPDATED
};

#define QUESTION_COLS                                                                              \
    "id, status, name, email, title, body, answer, answered_by, sender, asked_at, answered_at,"    \
    " updated_at"
enum {
    QC_ID,
    QC_STATUS,
    QC_NAME,
    QC_EMAIL,
    QC_TITLE,
    QC_BODY,
    QC_ANSWER,
    QC_ANSWERED_BY,
    QC_SENDER,
    QC_ASKED,
    QC_ANSWERED,
    QC_UPDATED
};

/* the filter of a question listing: ?1 the status (-1: any), ?2..?5 folded terms ("" matches
   all: instr of an empty needle is 1) */
#define QUESTION_FILTER                                                                            \
    " WHERE site_id = " SQ_SITE " AND (?1 < 0 OR status = ?1) AND instr(search_text, ?2) > 0"      \
    " AND instr(search_text, ?3) > 0 AND instr(search_text, ?4) > 0"                               \
    " AND instr(search_text, ?5) > 0"

#define SQL(id) [(id)-SQ_SCHEDULE_BEGIN]
static const char *const stmt_sql[SQ_SCHEDULE_END - SQ_SCHEDULE_BEGIN] = {
    SQL(H_ADD_ENTRY) = "INSERT INTO schedule_entries (site_id, starts_at, ends_at, title, location,"
                       " chair, people, host_unit, created_at, updated_at)"
                       " VALUES (" SQ_SITE ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    SQL(H_UPDATE_ENTRY) = "UPDATE schedule_entries SET starts_at = ?1, ends_at = ?2, title = ?3,"
                          " location = ?4, chair = ?5, people = ?6, host_unit = ?7,"
                          " updated_at = ?8 WHERE id = ?9 AND site_id = " SQ_SITE,
    SQL(H_DELETE_ENTRY) = "DELETE FROM schedule_entries WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(H_GET_ENTRY) = "SELECT " ENTRY_COLS " FROM schedule_entries WHERE id = ?1"
                       " AND site_id = " SQ_SITE,
    /* the index on (site_id, starts_at) bounds the scan by the start; the end filters */
    SQL(H_LIST_ENTRIES) = "SELECT " ENTRY_COLS " FROM schedule_entries WHERE site_id = " SQ_SITE
                          " AND starts_at < ?2 AND (ends_at > ?1 OR starts_at >= ?1)"
                          " ORDER BY starts_at, id LIMIT ?3",
    SQL(H_ADD_QUESTION) = "INSERT INTO questions (site_id, status, name, email, title, body,"
                          " sender, search_text, asked_at, updated_at)"
                          " VALUES (" SQ_SITE ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    SQL(H_UPDATE_QUESTION) = "UPDATE questions SET status = ?1, title = ?2, answer = ?3,"
                             " answered_by = ?4, answered_at = ?5, search_text = ?6,"
                             " updated_at = ?7 WHERE id = ?8 AND site_id = " SQ_SITE,
    SQL(H_DELETE_QUESTION) = "DELETE FROM questions WHERE id = ?1 AND site_id = " SQ_SITE,
    SQL(H_GET_QUESTION) = "SELECT " QUESTION_COLS " FROM questions WHERE id = ?1"
                          " AND site_id = " SQ_SITE,
    SQL(H_COUNT_QUESTIONS) = "SELECT count(*) FROM questions" QUESTION_FILTER,
    SQL(H_LIST_QUESTIONS) = "SELECT " QUESTION_COLS " FROM questions" QUESTION_FILTER
                            " ORDER BY CASE status WHEN 1 THEN answered_at ELSE asked_at END DESC,"
                            " id DESC LIMIT ?6 OFFSET ?7",
    SQL(H_COUNT_FROM) = "SELECT count(*) FROM questions WHERE site_id = " SQ_SITE
                        " AND sender = ?1 AND asked_at >= ?2",
};

static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_SCHEDULE_BEGIN && id < SQ_SCHEDULE_END);
    return sq_stmt(st, c, (unsigned)id, stmt_sql[id - SQ_SCHEDULE_BEGIN], out);
}

static void row_entry(struct row *r, void *out)
{
    struct schedule_entry *e = out;

    e->id = sq_row_i64(r, EC_ID);
    e->starts_at = sq_row_i64(r, EC_STARTS);
    e->ends_at = sq_row_i64(r, EC_ENDS);
    e->title = sq_row_text(r, EC_TITLE);
    e->location = sq_row_text(r, EC_LOCATION);
    e->chair = sq_row_text(r, EC_CHAIR);
    e->people = sq_row_text(r, EC_PEOPLE);
    e->host_unit = sq_row_text(r, EC_HOST_UNIT);
    e->created_at = sq_row_i64(r, EC_CREATED);
    e->updated_at = sq_row_i64(r, EC_UPDATED);
}

static void row_question(struct row *r, void *out)
{
    struct question *q = out;

    q->id = sq_row_i64(r, QC_ID);
    q->status = (enum question_status)sq_row_i64(r, QC_STATUS);
    q->name = sq_row_text(r, QC_NAME);
    q->email = sq_row_text(r, QC_EMAIL);
    q->title = sq_row_text(r, QC_TITLE);
    q->body = sq_row_text(r, QC_BODY);
    q->answer = sq_row_text(r, QC_ANSWER);
    q->answered_by = sq_row_text(r, QC_ANSWERED_BY);
    q->sender = sq_row_text(r, QC_SENDER);
    q->search_text = "";
    q->asked_at = sq_row_i64(r, QC_ASKED);
    q->answered_at = sq_row_i64(r, QC_ANSWERED);
    q->updated_at = sq_row_i64(r, QC_UPDATED);
}

/*
 * Runs the write id on a connection of its own after bind filled its parameters; *changes gets
 * the rows it changed and *rowid the last inserted (both may be NULL).
 */
typedef void (*bind_fn)(struct binder *b, const void *arg);
static enum cong_err run_write(struct store *st, enum sq_stmt id, bind_fn bind, const void *arg,
                               const char *what, int *changes, int64_t *rowid)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, id, &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        bind(&b, arg);
        rc = sq_run_write(st, c, &b, what);
        if (rc == CONG_OK && changes)
            *changes = sqs_changes(c);
        if (rc == CONG_OK && rowid)
            *rowid = sqs_last_id(c);
    }
    sq_pool_put(st, c);
    return rc;
}

static void bind_id(struct binder *b, const void *arg)
{
    sq_bind_i64(b, 1, *(const int64_t *)arg);
}

/* Schedule. */

static bool entry_ok(const struct schedule_entry *e)
{
    return e->title && *e->title && e->ends_at >= e->starts_at;
}

/* ?1..?7 of both writes: the entry's fields */
static void bind_entry_fields(struct binder *b, const struct schedule_entry *e)
{
    sq_bind_i64(b, 1, e->starts_at);
    sq_bind_i64(b, 2, e->ends_at);
    sq_bind_text(b, 3, e->title);
    sq_bind_opt_text(b, 4, e->location);
    sq_bind_opt_text(b, 5, e->chair);
    sq_bind_opt_text(b, 6, e->people);
    sq_bind_opt_text(b, 7, e->host_unit);
}

static void bind_entry_add(struct binder *b, const void *arg)
{
    bind_entry_fields(b, arg);
    sq_bind_i64(b, 8, time_now());
}

static void bind_entry_update(struct binder *b, const void *arg)
{
    const struct schedule_entry *e = arg;

    bind_entry_fields(b, e);
    sq_bind_i64(b, 8, time_now());
    sq_bind_i64(b, 9, e->id);
}

enum cong_err store_add_schedule_entry(struct store *st, const struct schedule_entry *e,
                                       int64_t *id)
{
    enum cong_err rc;

    *id = 0;
    if (!entry_ok(e))
        return CONG_EINVAL;
    rc = run_write(st, H_ADD_ENTRY, bind_entry_add, e, "add a schedule entry", NULL, id);
    if (rc != CONG_OK)
        *id = 0;
    return rc;
}

enum cong_err store_update_schedule_entry(struct store *st, const struct schedule_entry *e)
{
    int changes = 0;
    enum cong_err rc;

    if (!entry_ok(e))
        return CONG_EINVAL;
    rc = run_write(st, H_UPDATE_ENTRY, bind_entry_update, e, "update a schedule entry", &changes,
                   NULL);
    return rc == CONG_OK && changes == 0 ? CONG_ENOTFOUND : rc;
}

enum cong_err store_delete_schedule_entry(struct store *st, int64_t id)
{
    int changes = 0;
    enum cong_err rc;

    rc = run_write(st, H_DELETE_ENTRY, bind_id, &id, "delete a schedule entry", &changes, NULL);
    return rc == CONG_OK && changes == 0 ? CONG_ENOTFOUND : rc;
}

enum cong_err store_get_schedule_entry(struct store *st, struct arena *a, int64_t id,
                                       struct schedule_entry *out)
{
    struct sq_one q = {H_GET_ENTRY, stmt_sql[H_GET_ENTRY - SQ_SCHEDULE_BEGIN], id, NULL,
                       "read a schedule entry"};

    return sq_get_one(st, a, &q, row_entry, out, sizeof(*out));
}

/*
 * Reads every row of s (already bound) into an array of elements of size bytes from a, at most
 * max of them, zeroed before read fills each. *out NULL when *n is 0.
 */
static enum cong_err read_rows(const struct store *st, struct conn *c, struct sqs *s,
                               struct arena *a, size_t max, size_t size, sq_read_fn read,
                               const char *what, void **out, size_t *n)
{
    char *items;
    struct row r = {s, a, CONG_OK};
    size_t count = 0;
    int step = SQLITE_DONE;

    *out = NULL;
    *n = 0;
    if (max == 0)
        return CONG_OK;
    items = max <= SIZE_MAX / size ? arena_alloc(a, max * size) : NULL;
    if (!items)
        return CONG_ENOMEM;
    while (count < max && (step = sqs_step(s)) == SQLITE_ROW) {
        memset(items + count * size, 0, size);
        read(&r, items + count * size);
        if (r.rc != CONG_OK)
            return r.rc;
        count++;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return sq_fail(st, c, step, what);
    if (count) {
        *out = items;
        *n = count;
    }
    return CONG_OK;
}

enum cong_err store_list_schedule(struct store *st, struct arena *a, int64_t from, int64_t to,
                                  struct schedule_entry **out, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    void *items = NULL;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, H_LIST_ENTRIES, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, from);
    sq_bind_i64(&b, 2, to);
    sq_bind_i64(&b, 3, STORE_SCHEDULE_MAX);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "list the schedule");
        goto out;
    }
    rc = read_rows(st, c, s, a, STORE_SCHEDULE_MAX, sizeof(**out), row_entry, "list the schedule",
                   &items, n);
    if (rc == CONG_OK)
        *out = items;
    else
        *n = 0;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Questions. */

static bool question_ok(const struct question *q)
{
    return q->title && *q->title && (int)q->status >= QUESTION_PENDING &&
           q->status <= QUESTION_HIDDEN;
}

static void bind_question_add(struct binder *b, const void *arg)
{
    const struct question *q = arg;

    sq_bind_i64(b, 1, q->status);
    sq_bind_text(b, 2, q->name);
    sq_bind_opt_text(b, 3, q->email);
    sq_bind_text(b, 4, q->title);
    sq_bind_text(b, 5, q->body);
    sq_bind_opt_text(b, 6, q->sender);
    sq_bind_opt_text(b, 7, q->search_text);
    sq_bind_i64(b, 8, q->asked_at);
}

struct question_update {
    const struct question *q;
    int64_t now;
};

static void bind_question_update(struct binder *b, const void *arg)
{
    const struct question_update *u = arg;

    sq_bind_i64(b, 1, u->q->status);
    sq_bind_text(b, 2, u->q->title);
    sq_bind_opt_text(b, 3, u->q->answer);
    sq_bind_opt_text(b, 4, u->q->answered_by);
    sq_bind_i64(b, 5, u->q->answered_at);
    sq_bind_opt_text(b, 6, u->q->search_text);
    sq_bind_i64(b, 7, u->now);
    sq_bind_i64(b, 8, u->q->id);
}

enum cong_err store_add_question(struct store *st, const struct question *q, int64_t *id)
{
    enum cong_err rc;

    *id = 0;
    if (!question_ok(q) || !q->name || !*q->name || !q->body || !*q->body)
        return CONG_EINVAL;
    rc = run_write(st, H_ADD_QUESTION, bind_question_add, q, "add a question", NULL, id);
    if (rc != CONG_OK)
        *id = 0;
    return rc;
}

enum cong_err store_update_question(struct store *st, const struct question *q, int64_t now)
{
    struct question_update u = {q, now};
    int changes = 0;
    enum cong_err rc;

    if (!question_ok(q))
        return CONG_EINVAL;
    rc = run_write(st, H_UPDATE_QUESTION, bind_question_update, &u, "update a question", &changes,
                   NULL);
    return rc == CONG_OK && changes == 0 ? CONG_ENOTFOUND : rc;
}

enum cong_err store_delete_question(struct store *st, int64_t id)
{
    int changes = 0;
    enum cong_err rc;

    rc = run_write(st, H_DELETE_QUESTION, bind_id, &id, "delete a question", &changes, NULL);
    return rc == CONG_OK && changes == 0 ? CONG_ENOTFOUND : rc;
}

enum cong_err store_get_question(struct store *st, struct arena *a, int64_t id,
                                 struct question *out)
{
    struct sq_one q = {H_GET_QUESTION, stmt_sql[H_GET_QUESTION - SQ_SCHEDULE_BEGIN], id, NULL,
                       "read a question"};

    return sq_get_one(st, a, &q, row_question, out, sizeof(*out));
}

/* ?1..?5 of both statements of a listing */
static void bind_question_filter(struct binder *b, const struct question_query *q)
{
    sq_bind_i64(b, 1, q->status);
    for (size_t i = 0; i < STORE_QUESTION_TERMS_MAX; i++)
        sq_bind_text(b, (int)i + 2, i < q->nterms ? q->terms[i] : "");
}

enum cong_err store_list_questions(struct store *st, struct arena *a,
                                   const struct question_query *q, struct question **out, size_t *n,
                                   size_t *total)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    void *items = NULL;
    size_t matches = 0, limit = q->limit < STORE_LIST_MAX ? q->limit : STORE_LIST_MAX, cap = 0;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    if (q->nterms > STORE_QUESTION_TERMS_MAX)
        return CONG_EINVAL;
    for (size_t i = 0; i < q->nterms; i++) {
        if (!q->terms[i] || !*q->terms[i])
            return CONG_EINVAL;
    }
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* the count and the page from one snapshot, so that they agree */
    rc = sq_begin(st, c);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, H_COUNT_QUESTIONS, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    bind_question_filter(&b, q);
    rc = sq_bound_row(st, c, &b, "count questions");
    if (rc != CONG_OK)
        goto out;
    matches = (size_t)sqs_int64(s, 0);
    sq_stmt_put(s);
    s = NULL;
    if (matches > q->offset)
        cap = matches - q->offset < limit ? matches - q->offset : limit;
    if (cap > 0) {
        rc = stmt_get(st, c, H_LIST_QUESTIONS, &s);
        if (rc != CONG_OK)
            goto out;
        b = (struct binder){s, SQLITE_OK};
        bind_question_filter(&b, q);
        sq_bind_size(&b, 6, cap);
        sq_bind_size(&b, 7, q->offset);
        if (b.rc != SQLITE_OK) {
            rc = sq_fail(st, c, b.rc, "list questions");
            goto out;
        }
        rc = read_rows(st, c, s, a, cap, sizeof(**out), row_question, "list questions", &items, n);
        if (rc != CONG_OK)
            goto out;
    }
    sq_stmt_put(s);
    s = NULL;
    rc = sq_commit(st, c);
out:
    sq_stmt_put(s);
    if (rc != CONG_OK) {
        sq_tx_abort(st, c);
        *n = 0;
        items = NULL;
    } else if (total) {
        *total = matches;
    }
    *out = items;
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_count_questions_from(struct store *st, const char *sender, int64_t since,
                                         int64_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, H_COUNT_FROM, &s);
    if (rc == CONG_OK) {
        b = (struct binder){s, SQLITE_OK};
        sq_bind_opt_text(&b, 1, sender);
        sq_bind_i64(&b, 2, since);
        rc = sq_bound_row(st, c, &b, "count a sender's questions");
        if (rc == CONG_OK)
            *n = sqs_int64(s, 0);
    }
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}
