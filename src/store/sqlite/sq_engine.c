/*
 * The statements of this folder on either engine (see "The two engines" in sqlite_int.h).
 * On SQLite every call is SQLite's own. On PostgreSQL a statement's text is translated once
 * when it is prepared: ?N parameters become $M, numbered densely in the order they first
 * appear (PostgreSQL refuses a gap), and the few statements that are SQLite's words for a
 * transaction become PostgreSQL's:
 * - BEGIN IMMEDIATE, the write that reads first, takes one transaction-scoped advisory lock,
 *   so such writers follow one another across every node as they do on one SQLite file;
 * - `X MATCH ?N`, full-text search, is `X.tsv @@ cong_match($M)` (cong_match, in the
 *   PostgreSQL schema, reads the same quoted-word syntax that FTS5 reads);
 * - the type INTEGER in a cast is BIGINT, as SQLite's integers are 64 bits;
 * - PRAGMA does nothing.
 * A statement runs unnamed the first time and is prepared on its connection the second, so a
 * one-off statement costs the server nothing to keep. Rows come back in text format (bytea
 * as hex, decoded on demand) and are read from the result by index. A write inside a
 * transaction runs under a savepoint, so that a constraint it breaks fails that statement
 * only, as on SQLite, and not the whole transaction.
 */
#include "sqlite_int.h"
#include "sq_pg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQS_MAX_PARAMS 64
/* the advisory lock of BEGIN IMMEDIATE: "Cong" */
#define WRITE_LOCK_KEY "1131376231"
#define STATS_LOCK_KEY "1131376233"

enum sqs_kind {
    SQS_PLAIN, /* parameters, rows */
    SQS_RAW,   /* a transaction's command: run as it is, no rows */
    SQS_NOOP,  /* PRAGMA: nothing to do on PostgreSQL */
};

struct sqs {
    struct conn *c;
    sqlite3_stmt *lite; /* SQLite; NULL on PostgreSQL */
    /* PostgreSQL */
    enum sqs_kind kind;
    bool write;         /* not a SELECT: runs under a savepoint inside a transaction */
    char *sql;          /* translated */
    char name[24];      /* its name once prepared on the connection, else "" */
    unsigned runs;
    int max_lite;                    /* the highest ?N of the SQLite text */
    unsigned char map[SQS_MAX_PARAMS + 1]; /* ?N -> $M, 0 when the text has no ?N */
    int nparams;
    const char *val[SQS_MAX_PARAMS];
    int len[SQS_MAX_PARAMS];
    int fmt[SQS_MAX_PARAMS];
    Oid type[SQS_MAX_PARAMS]; /* int8 for integers, bytea for blobs, 0 (inferred) for text */
    char num[SQS_MAX_PARAMS][24];
    PGresult *res;
    int row, nrows;
    unsigned char *blob; /* the decoded bytea of (blob_row, blob_col) */
    size_t blob_len;
    int blob_row, blob_col;
};

/* Translation. */

static bool word_at(const char *p, const char *start, const char *w)
{
    size_t n = strlen(w);

    if (strncmp(p, w, n) != 0)
        return false;
    if (p > start && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
                      (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9')))
        return false;
    return !(p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
             (p[n] >= '0' && p[n] <= '9'));
}

/* Skips spaces backwards from p (exclusive) and returns where the identifier before ends. */
static size_t ident_before(const char *out, size_t n, size_t *start)
{
    size_t e = n, b;

    while (e > 0 && out[e - 1] == ' ')
        e--;
    b = e;
    while (b > 0 && (out[b - 1] == '_' || out[b - 1] == '.' ||
                     (out[b - 1] >= 'a' && out[b - 1] <= 'z') ||
                     (out[b - 1] >= '0' && out[b - 1] <= '9')))
        b--;
    *start = b;
    return e;
}

static int translate(struct sqs *s, const char *sql, size_t len)
{
    struct buf out;
    const char *p = sql, *end = sql + len;
    int next = 0;
    char num[16];

    buf_init(&out, 0);
    while (p < end && (*p == ' ' || *p == '\n'))
        p++;
    if ((size_t)(end - p) >= 6 && strncmp(p, "PRAGMA", 6) == 0) {
        s->kind = SQS_NOOP;
    } else if ((size_t)(end - p) >= 15 && strncmp(p, "BEGIN IMMEDIATE", 15) == 0) {
        /* the visitor statistics' writes touch only their own tables: they follow one
         * another, not every writer (SQ_BEGIN_STATS) */
        s->kind = SQS_RAW;
        buf_puts(&out, (size_t)(end - p) == strlen(SQ_BEGIN_STATS) &&
                                   strncmp(p, SQ_BEGIN_STATS, (size_t)(end - p)) == 0
                           ? "BEGIN; SELECT pg_advisory_xact_lock(" STATS_LOCK_KEY ")"
                           : "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")");
        p = end;
    } else if (((size_t)(end - p) == 5 && strncmp(p, "BEGIN", 5) == 0) ||
               ((size_t)(end - p) == 6 && strncmp(p, "COMMIT", 6) == 0) ||
               ((size_t)(end - p) == 8 && strncmp(p, "ROLLBACK", 8) == 0)) {
        s->kind = SQS_RAW;
    }
    s->write = !(word_at(p, sql, "SELECT") || word_at(p, sql, "WITH"));
    while (p < end) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            const char *e = p + 1;

            while (e < end && !(*e == q && (e + 1 >= end || e[1] != q)))
                e += *e == q ? 2 : 1;
            if (e < end)
                e++;
            buf_add(&out, p, (size_t)(e - p));
            p = e;
        } else if (*p == '?') {
            int n = 0;

            p++;
            if (p < end && *p >= '0' && *p <= '9') {
                while (p < end && *p >= '0' && *p <= '9')
                    n = n * 10 + (*p++ - '0');
            } else {
                n = s->max_lite + 1;
            }
            if (n < 1 || n > SQS_MAX_PARAMS) {
                buf_release(&out);
                return SQLITE_RANGE;
            }
            if (n > s->max_lite)
                s->max_lite = n;
            if (!s->map[n])
                s->map[n] = (unsigned char)++next;
            (void)snprintf(num, sizeof(num), "$%d", s->map[n]);
            buf_puts(&out, num);
        } else if (word_at(p, sql, "CROSS") && strncmp(p, "CROSS JOIN", 10) == 0) {
            p += 6; /* PostgreSQL's CROSS JOIN takes no ON; a plain JOIN with it is the same */
        } else if (word_at(p, sql, "INTEGER")) {
            buf_puts(&out, "BIGINT");
            p += 7;
        } else if (word_at(p, sql, "MATCH")) {
            size_t b, e = ident_before(out.data ? out.data : "", out.len, &b);
            char table[64];

            if (e - b == 0 || e - b >= sizeof(table)) {
                buf_release(&out);
                return SQLITE_ERROR;
            }
            memcpy(table, out.data + b, e - b);
            table[e - b] = '\0';
            out.len = b;
            buf_printf(&out, "%s.tsv @@ cong_match(", table);
            p += 5;
            while (p < end && *p == ' ')
                p++;
            /* the parameter, translated by the next round */
            if (p < end && *p == '?') {
                const char *q = p + 1;
                int n = 0;

                while (q < end && *q >= '0' && *q <= '9')
                    n = n * 10 + (*q++ - '0');
                if (n < 1 || n > SQS_MAX_PARAMS) {
                    buf_release(&out);
                    return SQLITE_RANGE;
                }
                if (n > s->max_lite)
                    s->max_lite = n;
                if (!s->map[n])
                    s->map[n] = (unsigned char)++next;
                buf_printf(&out, "$%d)", s->map[n]);
                p = q;
            } else {
                buf_release(&out);
                return SQLITE_ERROR;
            }
        } else {
            buf_putc(&out, *p++);
        }
    }
    if (buf_error(&out) != CONG_OK) {
        buf_release(&out);
        return SQLITE_NOMEM;
    }
    s->nparams = next;
    s->sql = out.data ? out.data : strdup("");
    return s->sql ? SQLITE_OK : SQLITE_NOMEM;
}

/* Failures. */

/* SQLite's code for the failure in res (NULL: the connection's), its message kept on c. */
static int pg_failed(struct conn *c, PGresult *res)
{
    struct pg_conn *p = c->pg;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(p->conn);
    size_t n;

    (void)snprintf(p->err, sizeof(p->err), "%s", msg && *msg ? msg : "unknown error");
    n = strlen(p->err);
    while (n > 0 && (p->err[n - 1] == '\n' || p->err[n - 1] == ' '))
        p->err[--n] = '\0';
    if (PQstatus(p->conn) == CONNECTION_BAD) {
        p->broken = true;
        return SQLITE_IOERR;
    }
    if (!state)
        return SQLITE_ERROR;
    if (strcmp(state, "23505") == 0)
        return SQLITE_CONSTRAINT_UNIQUE;
    if (strcmp(state, "23503") == 0)
        return SQLITE_CONSTRAINT_FOREIGNKEY;
    if (strcmp(state, "23502") == 0)
        return SQLITE_CONSTRAINT_NOTNULL;
    if (strcmp(state, "23514") == 0)
        return SQLITE_CONSTRAINT_CHECK;
    if (strcmp(state, "54000") == 0 || strcmp(state, "22001") == 0)
        return SQLITE_TOOBIG;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
        strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
        return SQLITE_BUSY;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0) {
        p->broken = true;
        return SQLITE_IOERR;
    }
    if (strcmp(state, "25006") == 0)
        return SQLITE_READONLY;
    return SQLITE_ERROR;
}

/* Runs a command with no parameters and no rows wanted; SQLite's code. */
static int pg_command(struct conn *c, const char *sql)
{
    PGresult *res = PQexec(c->pg->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = SQLITE_OK;

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = pg_failed(c, res);
    PQclear(res);
    return rc;
}

static bool in_transaction(struct conn *c)
{
    return PQtransactionStatus(c->pg->conn) == PQTRANS_INTRANS;
}

static int pg_run(struct sqs *s)
{
    struct conn *c = s->c;
    PGconn *pc = c->pg->conn;
    ExecStatusType st;
    bool savepoint = false;
    const char *status;
    int rc;

    if (c->pg->broken) {
        (void)snprintf(c->pg->err, sizeof(c->pg->err), "the connection was lost");
        return SQLITE_IOERR;
    }
    if (s->kind == SQS_RAW) {
        s->res = PQexec(pc, s->sql);
    } else {
        if (s->write && in_transaction(c)) {
            rc = pg_command(c, "SAVEPOINT sqs");
            if (rc != SQLITE_OK)
                return rc;
            savepoint = true;
        }
        if (!s->name[0] && s->runs > 0) {
            PGresult *prep;

            (void)snprintf(s->name, sizeof(s->name), "q%u", ++c->pg->prepared);
            prep = PQprepare(pc, s->name, s->sql, s->nparams, s->type);
            if (PQresultStatus(prep) != PGRES_COMMAND_OK) {
                rc = pg_failed(c, prep);
                PQclear(prep);
                s->name[0] = '\0';
                if (savepoint)
                    (void)pg_command(c, "ROLLBACK TO SAVEPOINT sqs; RELEASE SAVEPOINT sqs");
                return rc;
            }
            PQclear(prep);
        }
        s->runs++;
        if (s->name[0])
            s->res = PQexecPrepared(pc, s->name, s->nparams, s->val, s->len, s->fmt, 0);
        else
            s->res = PQexecParams(pc, s->sql, s->nparams, s->type, s->val, s->len, s->fmt, 0);
    }
    st = PQresultStatus(s->res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        rc = pg_failed(c, s->res);
        PQclear(s->res);
        s->res = NULL;
        if (savepoint && !c->pg->broken)
            (void)pg_command(c, "ROLLBACK TO SAVEPOINT sqs; RELEASE SAVEPOINT sqs");
        return rc;
    }
    if (savepoint) {
        rc = pg_command(c, "RELEASE SAVEPOINT sqs");
        if (rc != SQLITE_OK) {
            PQclear(s->res);
            s->res = NULL;
            return rc;
        }
    }
    status = PQcmdStatus(s->res);
    if (strncmp(status, "INSERT", 6) == 0 || strncmp(status, "UPDATE", 6) == 0 ||
        strncmp(status, "DELETE", 6) == 0) {
        c->pg->changes = atoi(PQcmdTuples(s->res));
        c->pg->wrote = true;
    }
    s->nrows = s->kind == SQS_RAW ? 0 : PQntuples(s->res);
    s->row = -1;
    return SQLITE_OK;
}

/* The statement calls. */

int sqs_prepare(struct conn *c, const char *sql, int len, struct sqs **out)
{
    struct sqs *s = calloc(1, sizeof(*s));
    int rc;

    *out = NULL;
    if (!s)
        return SQLITE_NOMEM;
    s->c = c;
    if (!sq_is_pg(c)) {
        rc = sqlite3_prepare_v3(c->db, sql, len, SQLITE_PREPARE_PERSISTENT, &s->lite, NULL);
        if (rc != SQLITE_OK) {
            free(s);
            return rc;
        }
        *out = s;
        return SQLITE_OK;
    }
    rc = translate(s, sql, len < 0 ? strlen(sql) : (size_t)len);
    if (rc != SQLITE_OK) {
        (void)snprintf(c->pg->err, sizeof(c->pg->err), "cannot translate: %.200s", sql);
        free(s);
        return rc;
    }
    s->row = -1;
    *out = s;
    return SQLITE_OK;
}

int sqs_step(struct sqs *s)
{
    int rc;

    if (s->lite)
        return sqlite3_step(s->lite);
    if (s->kind == SQS_NOOP)
        return SQLITE_DONE;
    if (!s->res) {
        rc = pg_run(s);
        if (rc != SQLITE_OK)
            return rc;
    }
    if (s->row + 1 >= s->nrows) {
        s->row = s->nrows;
        return SQLITE_DONE;
    }
    s->row++;
    return SQLITE_ROW;
}

int sqs_reset(struct sqs *s)
{
    if (s->lite)
        return sqlite3_reset(s->lite);
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->nrows = 0;
    free(s->blob);
    s->blob = NULL;
    return SQLITE_OK;
}

int sqs_clear(struct sqs *s)
{
    if (s->lite)
        return sqlite3_clear_bindings(s->lite);
    memset(s->val, 0, sizeof(s->val));
    memset(s->len, 0, sizeof(s->len));
    memset(s->fmt, 0, sizeof(s->fmt));
    memset(s->type, 0, sizeof(s->type));
    return SQLITE_OK;
}

int sqs_finalize(struct sqs *s)
{
    int rc = SQLITE_OK;

    if (!s)
        return SQLITE_OK;
    if (s->lite) {
        rc = sqlite3_finalize(s->lite);
    } else {
        (void)sqs_reset(s);
        free(s->sql);
    }
    free(s);
    return rc;
}

sqlite3_stmt *sqs_lite(struct sqs *s)
{
    return s->lite;
}

int sqs_param_count(struct sqs *s)
{
    return s->lite ? sqlite3_bind_parameter_count(s->lite) : s->max_lite;
}

/* The slot of ?i, or -1 when the text does not use it (binding it then does nothing). */
static int slot_of(struct sqs *s, int i, int *rc)
{
    *rc = SQLITE_OK;
    if (i < 1 || i > s->max_lite) {
        *rc = SQLITE_RANGE;
        return -1;
    }
    return s->map[i] ? s->map[i] - 1 : -1;
}

int sqs_bind_int64(struct sqs *s, int i, int64_t v)
{
    int rc, k;

    if (s->lite)
        return sqlite3_bind_int64(s->lite, i, v);
    k = slot_of(s, i, &rc);
    if (k >= 0) {
        (void)snprintf(s->num[k], sizeof(s->num[k]), "%lld", (long long)v);
        s->val[k] = s->num[k];
        s->fmt[k] = 0;
        s->type[k] = 20; /* int8 */
    }
    return rc;
}

int sqs_bind_null(struct sqs *s, int i)
{
    int rc, k;

    if (s->lite)
        return sqlite3_bind_null(s->lite, i);
    k = slot_of(s, i, &rc);
    if (k >= 0) {
        s->val[k] = NULL;
        s->type[k] = 0;
    }
    return rc;
}

int sqs_bind_null_id(struct sqs *s, int i)
{
    int rc, k;

    if (s->lite)
        return sqlite3_bind_null(s->lite, i);
    k = slot_of(s, i, &rc);
    if (k >= 0) {
        s->val[k] = NULL;
        s->type[k] = 20; /* int8: "?N IS NULL" must know what it tests */
    }
    return rc;
}

int sqs_bind_text(struct sqs *s, int i, const char *v, int len, void (*destructor)(void *))
{
    int rc, k;

    if (s->lite)
        return sqlite3_bind_text(s->lite, i, v, len, destructor);
    k = slot_of(s, i, &rc);
    if (k >= 0) {
        /* a length shorter than the string: PostgreSQL reads text to its NUL, so the text
         * is sent in binary format, which for text is its bytes */
        s->val[k] = v;
        s->fmt[k] = len >= 0 && v && (size_t)len != strlen(v) ? 1 : 0;
        s->len[k] = len >= 0 ? len : 0;
        s->type[k] = 0;
    }
    return rc;
}

int sqs_bind_blob64(struct sqs *s, int i, const void *v, uint64_t len, void (*destructor)(void *))
{
    int rc, k;

    if (s->lite)
        return sqlite3_bind_blob64(s->lite, i, v, len, destructor);
    if (len > INT32_MAX)
        return SQLITE_TOOBIG;
    k = slot_of(s, i, &rc);
    if (k >= 0) {
        s->val[k] = v ? v : "";
        s->len[k] = (int)len;
        s->fmt[k] = 1;
        s->type[k] = 17; /* bytea */
    }
    return rc;
}

int sqs_bind_zeroblob(struct sqs *s, int i, int len)
{
    if (s->lite)
        return sqlite3_bind_zeroblob(s->lite, i, len);
    return len == 0 ? sqs_bind_blob64(s, i, "", 0, NULL) : SQLITE_MISUSE;
}

static const char *pg_value(struct sqs *s, int col)
{
    if (!s->res || s->row < 0 || s->row >= s->nrows || col < 0 || col >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, col))
        return NULL;
    return PQgetvalue(s->res, s->row, col);
}

int64_t sqs_int64(struct sqs *s, int col)
{
    const char *v;

    if (s->lite)
        return sqlite3_column_int64(s->lite, col);
    v = pg_value(s, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1;
    return strtoll(v, NULL, 10);
}

double sqs_double(struct sqs *s, int col)
{
    const char *v;

    if (s->lite)
        return sqlite3_column_double(s->lite, col);
    v = pg_value(s, col);
    return v ? strtod(v, NULL) : 0.0;
}

static bool is_bytea(struct sqs *s, int col)
{
    return PQftype(s->res, col) == 17; /* BYTEAOID */
}

const unsigned char *sqs_text(struct sqs *s, int col)
{
    if (s->lite)
        return sqlite3_column_text(s->lite, col);
    return (const unsigned char *)pg_value(s, col);
}

static const unsigned char *decoded(struct sqs *s, int col)
{
    const char *v = pg_value(s, col);

    if (!v)
        return NULL;
    if (s->blob && s->blob_row == s->row && s->blob_col == col)
        return s->blob;
    PQfreemem(s->blob);
    s->blob = PQunescapeBytea((const unsigned char *)v, &s->blob_len);
    s->blob_row = s->row;
    s->blob_col = col;
    return s->blob;
}

const void *sqs_blob(struct sqs *s, int col)
{
    if (s->lite)
        return sqlite3_column_blob(s->lite, col);
    if (!s->res || !is_bytea(s, col))
        return pg_value(s, col);
    return decoded(s, col);
}

int sqs_bytes(struct sqs *s, int col)
{
    if (s->lite)
        return sqlite3_column_bytes(s->lite, col);
    if (!pg_value(s, col))
        return 0;
    if (is_bytea(s, col))
        return decoded(s, col) ? (int)s->blob_len : 0;
    return PQgetlength(s->res, s->row, col);
}

int sqs_type(struct sqs *s, int col)
{
    if (s->lite)
        return sqlite3_column_type(s->lite, col);
    if (!pg_value(s, col))
        return SQLITE_NULL;
    switch (PQftype(s->res, col)) {
    case 16: /* bool */
    case 20: /* int8 */
    case 21: /* int2 */
    case 23: /* int4 */ return SQLITE_INTEGER;
    case 700:
    case 701:
    case 1700: return SQLITE_FLOAT;
    case 17: return SQLITE_BLOB;
    default: return SQLITE_TEXT;
    }
}

/* The connection calls. */

int sqs_exec(struct conn *c, const char *sql)
{
    struct sqs s;
    int rc;

    if (!sq_is_pg(c))
        return sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    memset(&s, 0, sizeof(s));
    s.c = c;
    rc = translate(&s, sql, strlen(sql));
    if (rc != SQLITE_OK)
        return rc;
    rc = s.kind == SQS_NOOP ? SQLITE_OK : pg_command(c, s.sql);
    free(s.sql);
    return rc;
}

int sqs_changes(struct conn *c)
{
    return sq_is_pg(c) ? c->pg->changes : sqlite3_changes(c->db);
}

int64_t sqs_last_id(struct conn *c)
{
    PGresult *res;
    int64_t id = 0;

    if (!sq_is_pg(c))
        return sqlite3_last_insert_rowid(c->db);
    res = PQexec(c->pg->conn, "SELECT lastval()");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    else
        (void)pg_failed(c, res);
    PQclear(res);
    return id;
}

const char *sqs_errmsg(const struct conn *c)
{
    return sq_is_pg(c) ? c->pg->err : sqlite3_errmsg(c->db);
}

int sqs_autocommit(struct conn *c)
{
    if (!sq_is_pg(c))
        return sqlite3_get_autocommit(c->db);
    return PQtransactionStatus(c->pg->conn) == PQTRANS_IDLE;
}
