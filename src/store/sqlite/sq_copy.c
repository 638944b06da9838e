/*
 * `cong copy --to-pg`: a SQLite portal moved into an empty PostgreSQL database. The tables to
 * copy are the SQLite file's own (read from sqlite_master, so a table a later migration adds
 * is copied without a word here), minus SQLite's internals and the shadow tables of the FTS5
 * index, whose rowid and text go into PostgreSQL's plain article_search. The PostgreSQL schema
 * is the store's own (store_open creates it); this file only moves rows: one read snapshot of
 * the SQLite file, one transaction on PostgreSQL, the tables in the order their foreign keys
 * ask, each by COPY in text format, columns by name. Nothing here is on the path of a request.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sq_pg.h"
#include "../../i18n/i18n.h"

#define COPY_MAX_TABLES 128
#define COPY_MAX_COLS   64
#define COPY_NAME_MAX   64
/* COPY data is handed to libpq in pieces of about this size */
#define COPY_CHUNK ((size_t)256 << 10)

struct copy_table {
    char name[COPY_NAME_MAX];
    bool is_virtual; /* FTS5: its rowid is a column of PostgreSQL's table */
    int ncols;
    char col[COPY_MAX_COLS][COPY_NAME_MAX];
    bool bytea[COPY_MAX_COLS];
    char identity[COPY_NAME_MAX]; /* PostgreSQL's identity column, "" if none */
    int64_t seq;                  /* SQLite's AUTOINCREMENT counter, 0 if none */
    int64_t rows;
    bool placed; /* in order[] already */
};

struct copy {
    sqlite3 *lite;
    PGconn *pg;
    struct cong_error *err;
    struct copy_table t[COPY_MAX_TABLES];
    int n;
    int order[COPY_MAX_TABLES]; /* referenced tables before the tables that refer to them */
    char out[COPY_CHUNK + 64];
    size_t len;
    int64_t bytes;
    bool failed; /* PQputCopyData failed */
};

/* The server's message for res (or the connection's) on one line: libpq's "ERROR:  " dropped,
 * its DETAIL and HINT lines joined with "; ". */
static enum cong_err pg_fail(struct copy *cp, PGresult *res, const char *what)
{
    const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(cp->pg);
    char msg[400];
    size_t n = 0;

    if (!strncmp(m, "ERROR:", 6))
        m += 6;
    while (*m == ' ')
        m++;
    for (; *m && n + 3 < sizeof(msg); m++) {
        if (*m == '\n') {
            while (m[1] == ' ' || m[1] == '\t' || m[1] == '\n')
                m++;
            if (m[1]) {
                msg[n++] = ';';
                msg[n++] = ' ';
            }
        } else {
            msg[n++] = *m;
        }
    }
    msg[n] = '\0';
    return cong_error_set(cp->err, CONG_ESTORE, "cannot %s: %s", what, msg);
}

/* Runs sql (no rows wanted) on the target. */
static enum cong_err pg_run(struct copy *cp, const char *sql, const char *what)
{
    PGresult *res = PQexec(cp->pg, sql);
    ExecStatusType st = PQresultStatus(res);
    enum cong_err rc = CONG_OK;

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = pg_fail(cp, res, what);
    PQclear(res);
    return rc;
}

/* The one integer sql yields on the target into *out. */
static enum cong_err pg_int(struct copy *cp, const char *sql, const char *what, int64_t *out)
{
    PGresult *res = PQexec(cp->pg, sql);
    enum cong_err rc = CONG_OK;

    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        rc = pg_fail(cp, res, what);
    else
        *out = PQgetisnull(res, 0, 0) ? 0 : strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}

static enum cong_err lite_fail(struct copy *cp, const char *what)
{
    return cong_error_set(cp->err, CONG_ESTORE, "cannot %s: %s", what, sqlite3_errmsg(cp->lite));
}

/* The one integer sql yields on the source into *out. */
static enum cong_err lite_int(struct copy *cp, const char *sql, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    enum cong_err rc = CONG_OK;

    if (sqlite3_prepare_v2(cp->lite, sql, -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW)
        rc = lite_fail(cp, "read the SQLite portal");
    else
        *out = sqlite3_column_int64(s, 0);
    (void)sqlite3_finalize(s);
    return rc;
}

/* Table and column names are pasted into SQL: only the plain ones the schema uses pass. */
static bool is_plain_name(const char *s)
{
    if (!*s || strlen(s) >= COPY_NAME_MAX)
        return false;
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    }
    return true;
}

static struct copy_table *table_named(struct copy *cp, const char *name)
{
    for (int i = 0; i < cp->n; i++) {
        if (!strcmp(cp->t[i].name, name))
            return &cp->t[i];
    }
    return NULL;
}

/* Opens the SQLite file read-only and starts the one snapshot everything is read from. */
static enum cong_err lite_open(struct copy *cp, const char *path, int64_t *version)
{
    struct stat sb;
    int64_t tables = 0;
    enum cong_err rc;

    if (stat(path, &sb) != 0)
        return cong_error_set(cp->err, errno == ENOENT ? CONG_ENOTFOUND : CONG_EIO,
                              "cannot open '%s': %s", path, strerror(errno));
    if (sqlite3_open_v2(path, &cp->lite, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return lite_fail(cp, "open the SQLite portal");
    (void)sqlite3_busy_timeout(cp->lite, 5000);
    if (sqlite3_exec(cp->lite, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return lite_fail(cp, "read the SQLite portal");
    rc = lite_int(cp, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sites'",
                  &tables);
    if (rc == CONG_OK)
        rc = lite_int(cp, "PRAGMA user_version", version);
    if (rc != CONG_OK) {
        char why[sizeof(cp->err->msg)];

        (void)snprintf(why, sizeof(why), "%s", cp->err->msg);
        return cong_error_set(cp->err, CONG_EPARSE, _("'%s' is not a Cổng portal: %s"), path, why);
    }
    if (!tables)
        return cong_error_set(cp->err, CONG_EPARSE, _("'%s' is not a Cổng portal"), path);
    if (*version != STORE_SCHEMA_VERSION)
        return cong_error_set(cp->err, CONG_ESCHEMA,
                              "'%s' has schema version %lld, this cong writes %d: run cong init"
                              " --db '%s' with this cong first",
                              path, (long long)*version, STORE_SCHEMA_VERSION, path);
    return CONG_OK;
}

/* The columns of t in the SQLite file, by name; an FTS5 table's rowid first. */
static enum cong_err lite_columns(struct copy *cp, struct copy_table *t)
{
    char sql[160];
    sqlite3_stmt *s = NULL;
    const char *name;
    int rc;

    if (t->is_virtual)
        (void)snprintf(t->col[t->ncols++], COPY_NAME_MAX, "rowid");
    (void)snprintf(sql, sizeof(sql), "PRAGMA table_info(\"%s\")", t->name);
    if (sqlite3_prepare_v2(cp->lite, sql, -1, &s, NULL) != SQLITE_OK)
        return lite_fail(cp, "read the SQLite portal's columns");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        name = (const char *)sqlite3_column_text(s, 1);
        if (!name || !is_plain_name(name) || t->ncols == COPY_MAX_COLS) {
            (void)sqlite3_finalize(s);
            return cong_error_set(cp->err, CONG_EPARSE, "cannot copy column '%s' of table '%s'",
                                  name ? name : "", t->name);
        }
        (void)snprintf(t->col[t->ncols++], COPY_NAME_MAX, "%s", name);
    }
    (void)sqlite3_finalize(s);
    return rc == SQLITE_DONE ? CONG_OK : lite_fail(cp, "read the SQLite portal's columns");
}

/* The tables of the SQLite file to copy, with their columns and AUTOINCREMENT counters. */
static enum cong_err lite_tables(struct copy *cp)
{
    /* the shadow tables of a virtual table are named after it and follow it in name order */
    static const char sql[] =
        "SELECT t.name, t.sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_master t"
        " WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        " AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table'"
        " AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND substr(t.name, 1, length(v.name) + 1) ="
        " v.name || '_') ORDER BY t.name";
    sqlite3_stmt *s = NULL;
    enum cong_err rc = CONG_OK;
    const char *name;
    int step = SQLITE_DONE;

    if (sqlite3_prepare_v2(cp->lite, sql, -1, &s, NULL) != SQLITE_OK)
        return lite_fail(cp, "list the SQLite portal's tables");
    while (rc == CONG_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        name = (const char *)sqlite3_column_text(s, 0);
        if (!name || !is_plain_name(name) || cp->n == COPY_MAX_TABLES) {
            rc = cong_error_set(cp->err, CONG_EPARSE, "cannot copy table '%s'", name ? name : "");
            break;
        }
        (void)snprintf(cp->t[cp->n].name, COPY_NAME_MAX, "%s", name);
        cp->t[cp->n].is_virtual = sqlite3_column_int(s, 1) != 0;
        rc = lite_columns(cp, &cp->t[cp->n]);
        cp->n++;
    }
    if (rc == CONG_OK && step != SQLITE_DONE)
        rc = lite_fail(cp, "list the SQLite portal's tables");
    (void)sqlite3_finalize(s);
    if (rc != CONG_OK)
        return rc;
    if (sqlite3_prepare_v2(cp->lite, "SELECT name, seq FROM sqlite_sequence", -1, &s, NULL) !=
        SQLITE_OK)
        return CONG_OK; /* no AUTOINCREMENT table has had a row yet */
    while (sqlite3_step(s) == SQLITE_ROW) {
        struct copy_table *t = table_named(cp, (const char *)sqlite3_column_text(s, 0));

        if (t)
            t->seq = sqlite3_column_int64(s, 1);
    }
    (void)sqlite3_finalize(s);
    return CONG_OK;
}

/*
 * Whether the target may be filled: a database with no tables, or a Cổng schema holding
 * nothing but what its creation inserts (page_generation's row, the default site). Any other
 * row is CONG_EEXIST, naming the first table that has one.
 */
static enum cong_err pg_check_empty(struct copy *cp)
{
    static const char tables_sql[] =
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename";
    PGresult *res = PQexec(cp->pg, tables_sql);
    enum cong_err rc = CONG_OK;
    bool portal = false;
    char sql[200];
    int64_t rows = 0;
    int n;

    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        rc = pg_fail(cp, res, "read the target database's tables");
        PQclear(res);
        return rc;
    }
    n = PQntuples(res);
    for (int i = 0; i < n; i++)
        portal = portal || !strcmp(PQgetvalue(res, i, 0), "cong_schema");
    if (n > 0 && !portal)
        rc = cong_error_set(cp->err, CONG_EEXIST,
                            _("the target database is not empty (it has %d tables and no Cổng "
                            "portal): cong copy fills a new, empty database"),
                            n);
    for (int i = 0; rc == CONG_OK && i < n; i++) {
        const char *t = PQgetvalue(res, i, 0);

        if (!strcmp(t, "cong_schema") || !strcmp(t, "page_generation") || !is_plain_name(t))
            continue;
        (void)snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", t);
        rc = pg_int(cp, sql, "count the target database's rows", &rows);
        if (rc == CONG_OK && rows > (strcmp(t, "sites") ? 0 : 1))
            rc = cong_error_set(cp->err, CONG_EEXIST,
                                "the target database is not empty (table '%s' has %lld rows): "
                                "cong copy fills a new, empty database",
                                t, (long long)rows);
    }
    PQclear(res);
    return rc;
}

/* For each table to copy: PostgreSQL has it and every column of it; which are bytea; its
 * identity column. */
static enum cong_err pg_columns(struct copy *cp)
{
    static const char sql[] =
        "SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns"
        " WHERE table_schema = current_schema()";
    PGresult *res = PQexec(cp->pg, sql);
    enum cong_err rc = CONG_OK;
    int n = PQntuples(res);

    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        rc = pg_fail(cp, res, "read the target database's columns");
        PQclear(res);
        return rc;
    }
    for (int i = 0; rc == CONG_OK && i < cp->n; i++) {
        struct copy_table *t = &cp->t[i];

        for (int c = 0; rc == CONG_OK && c < t->ncols; c++) {
            int r = 0;

            while (r < n && (strcmp(PQgetvalue(res, r, 0), t->name) ||
                             strcmp(PQgetvalue(res, r, 1), t->col[c])))
                r++;
            if (r == n)
                rc = cong_error_set(cp->err, CONG_ESCHEMA,
                                    "column '%s.%s' of the SQLite portal has no place in "
                                    "PostgreSQL's schema",
                                    t->name, t->col[c]);
            else
                t->bytea[c] = !strcmp(PQgetvalue(res, r, 2), "bytea");
        }
        for (int r = 0; rc == CONG_OK && r < n; r++) {
            if (!strcmp(PQgetvalue(res, r, 0), t->name) && !strcmp(PQgetvalue(res, r, 3), "YES"))
                (void)snprintf(t->identity, COPY_NAME_MAX, "%s", PQgetvalue(res, r, 1));
        }
    }
    PQclear(res);
    return rc;
}

/* order[]: every table after the tables its foreign keys (PostgreSQL's) refer to. */
static enum cong_err pg_order(struct copy *cp)
{
    static const char sql[] =
        "SELECT cl.relname, rf.relname FROM pg_constraint c"
        " JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class rf ON rf.oid = c.confrelid"
        " WHERE c.contype = 'f' AND cl.relnamespace ="
        " (SELECT oid FROM pg_namespace WHERE nspname = current_schema())";
    PGresult *res = PQexec(cp->pg, sql);
    int placed = 0, n = PQntuples(res);
    bool moved = true;

    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        enum cong_err rc = pg_fail(cp, res, "read the target database's foreign keys");
        PQclear(res);
        return rc;
    }
    while (placed < cp->n && moved) {
        moved = false;
        for (int i = 0; i < cp->n; i++) {
            struct copy_table *t = &cp->t[i];
            bool ready = !t->placed;

            for (int r = 0; ready && r < n; r++) {
                struct copy_table *ref = table_named(cp, PQgetvalue(res, r, 1));

                /* a table that refers to itself is checked at the end of its COPY */
                if (!strcmp(PQgetvalue(res, r, 0), t->name) && ref && ref != t && !ref->placed)
                    ready = false;
            }
            if (ready) {
                t->placed = true;
                cp->order[placed++] = i;
                moved = true;
            }
        }
    }
    PQclear(res);
    if (placed < cp->n)
        return cong_error_set(cp->err, CONG_ESCHEMA,
                              "the tables' foreign keys go round in a circle: cannot order them");
    return CONG_OK;
}

/* Hands what waits in cp->out to libpq. */
static void flush(struct copy *cp)
{
    if (cp->len && !cp->failed && PQputCopyData(cp->pg, cp->out, (int)cp->len) != 1)
        cp->failed = true;
    cp->bytes += (int64_t)cp->len;
    cp->len = 0;
}

static void put(struct copy *cp, const char *p, size_t n)
{
    while (n > 0) {
        size_t room = COPY_CHUNK - cp->len, k = n < room ? n : room;

        memcpy(cp->out + cp->len, p, k);
        cp->len += k;
        p += k;
        n -= k;
        if (cp->len == COPY_CHUNK)
            flush(cp);
    }
}

/* Text in COPY's text format: backslash, tab, newline and carriage return escaped. */
static void put_text(struct copy *cp, const unsigned char *s, size_t n)
{
    size_t from = 0;

    for (size_t i = 0; i < n; i++) {
        const char *esc = s[i] == '\\'   ? "\\\\"
                          : s[i] == '\t' ? "\\t"
                          : s[i] == '\n' ? "\\n"
                          : s[i] == '\r' ? "\\r"
                                         : NULL;

        if (esc) {
            put(cp, (const char *)s + from, i - from);
            put(cp, esc, 2);
            from = i + 1;
        }
    }
    put(cp, (const char *)s + from, n - from);
}

/* Bytes as bytea's hex form, its backslash escaped for COPY. */
static void put_hex(struct copy *cp, const unsigned char *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char pair[2];

    put(cp, "\\\\x", 3);
    for (size_t i = 0; i < n; i++) {
        pair[0] = digits[p[i] >> 4];
        pair[1] = digits[p[i] & 15];
        put(cp, pair, 2);
    }
}

static void put_value(struct copy *cp, sqlite3_stmt *s, int c, bool bytea)
{
    char num[40];
    int n;

    switch (sqlite3_column_type(s, c)) {
    case SQLITE_NULL: put(cp, "\\N", 2); break;
    case SQLITE_INTEGER:
        n = snprintf(num, sizeof(num), "%lld", (long long)sqlite3_column_int64(s, c));
        put(cp, num, n > 0 ? (size_t)n : 0);
        break;
    case SQLITE_FLOAT:
        n = snprintf(num, sizeof(num), "%.17g", sqlite3_column_double(s, c));
        put(cp, num, n > 0 ? (size_t)n : 0);
        break;
    default:
        if (bytea) {
            const void *b = sqlite3_column_blob(s, c);
            put_hex(cp, b, (size_t)sqlite3_column_bytes(s, c));
        } else {
            const unsigned char *t = sqlite3_column_text(s, c);
            put_text(cp, t, (size_t)sqlite3_column_bytes(s, c));
        }
        break;
    }
}

/* The SELECT on SQLite ("SELECT a, b FROM t") or the COPY on PostgreSQL ("COPY t (a, b)
 * FROM STDIN") of t's columns. */
static enum cong_err statement(struct copy *cp, const struct copy_table *t, bool copy, char *out,
                               size_t size)
{
    struct buf b;
    enum cong_err rc;

    buf_init(&b, size - 1);
    buf_puts(&b, copy ? "COPY \"" : "SELECT ");
    if (copy)
        buf_printf(&b, "%s\" (", t->name);
    for (int c = 0; c < t->ncols; c++)
        buf_printf(&b, "%s\"%s\"", c ? ", " : "", t->col[c]);
    if (copy)
        buf_puts(&b, ") FROM STDIN");
    else
        buf_printf(&b, " FROM \"%s\"", t->name);
    rc = buf_error(&b);
    if (rc == CONG_OK)
        memcpy(out, b.data, b.len + 1);
    buf_release(&b);
    return rc == CONG_OK ? CONG_OK
                         : cong_error_set(cp->err, rc, "table '%s' has too many columns", t->name);
}

/* The rows of t from the snapshot into PostgreSQL by one COPY. */
static enum cong_err copy_table(struct copy *cp, struct copy_table *t)
{
    char sql[4096];
    sqlite3_stmt *s = NULL;
    PGresult *res;
    enum cong_err rc;
    int step = SQLITE_DONE;

    rc = statement(cp, t, true, sql, sizeof(sql));
    if (rc != CONG_OK)
        return rc;
    res = PQexec(cp->pg, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = pg_fail(cp, res, "start copying a table");
        PQclear(res);
        return rc;
    }
    PQclear(res);
    rc = statement(cp, t, false, sql, sizeof(sql));
    if (rc == CONG_OK && sqlite3_prepare_v2(cp->lite, sql, -1, &s, NULL) != SQLITE_OK)
        rc = lite_fail(cp, "read a table of the SQLite portal");
    t->rows = 0;
    while (rc == CONG_OK && !cp->failed && (step = sqlite3_step(s)) == SQLITE_ROW) {
        for (int c = 0; c < t->ncols; c++) {
            if (c)
                put(cp, "\t", 1);
            put_value(cp, s, c, t->bytea[c]);
        }
        put(cp, "\n", 1);
        t->rows++;
    }
    if (rc == CONG_OK && !cp->failed && step != SQLITE_DONE)
        rc = lite_fail(cp, "read a table of the SQLite portal");
    (void)sqlite3_finalize(s);
    flush(cp);
    if (PQputCopyEnd(cp->pg, rc == CONG_OK ? NULL : "the source failed") != 1)
        cp->failed = true;
    res = PQgetResult(cp->pg);
    if (rc == CONG_OK && (cp->failed || PQresultStatus(res) != PGRES_COMMAND_OK))
        rc = pg_fail(cp, res, "copy its rows");
    if (rc == CONG_OK && strtoll(PQcmdTuples(res), NULL, 10) != t->rows)
        rc = cong_error_set(cp->err, CONG_ESTORE, "table '%s': %lld rows read, %s copied", t->name,
                            (long long)t->rows, PQcmdTuples(res));
    PQclear(res);
    while ((res = PQgetResult(cp->pg)))
        PQclear(res);
    if (rc != CONG_OK && strncmp(cp->err->msg, "table '", 7) != 0) {
        char msg[sizeof(cp->err->msg)];

        (void)snprintf(msg, sizeof(msg), "%s", cp->err->msg);
        rc = cong_error_set(cp->err, rc, "table '%s': %s", t->name, msg);
    }
    return rc;
}

/* Each identity's sequence past the ids copied and SQLite's AUTOINCREMENT counter, so that a
 * new row never takes an id a deleted one had. */
static enum cong_err set_sequences(struct copy *cp)
{
    char sql[512];
    enum cong_err rc = CONG_OK;

    for (int i = 0; rc == CONG_OK && i < cp->n; i++) {
        const struct copy_table *t = &cp->t[i];

        if (!t->identity[0])
            continue;
        (void)snprintf(sql, sizeof(sql),
                       "SELECT setval(pg_get_serial_sequence('\"%s\"', '%s'),"
                       " greatest(coalesce(max(\"%s\"), 0), %lld, 1),"
                       " max(\"%s\") IS NOT NULL OR %lld > 0) FROM \"%s\"",
                       t->name, t->identity, t->identity, (long long)t->seq, t->identity,
                       (long long)t->seq, t->name);
        rc = pg_run(cp, sql, "set the ids' sequences");
    }
    return rc;
}

/* Every table's row count the same in the snapshot, in what was copied and in PostgreSQL. */
static enum cong_err check_counts(struct copy *cp, struct store_copy_info *info)
{
    char sql[200];
    int64_t lite = 0, pg = 0;
    enum cong_err rc = CONG_OK;

    for (int i = 0; rc == CONG_OK && i < cp->n; i++) {
        const struct copy_table *t = &cp->t[i];

        (void)snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", t->name);
        rc = lite_int(cp, sql, &lite);
        if (rc == CONG_OK)
            rc = pg_int(cp, sql, "count the copied rows", &pg);
        if (rc == CONG_OK && (lite != pg || pg != t->rows))
            rc = cong_error_set(cp->err, CONG_ESTORE,
                                "the copy does not match: table '%s' has %lld rows in SQLite and "
                                "%lld in PostgreSQL",
                                t->name, (long long)lite, (long long)pg);
        info->rows += pg;
    }
    return rc;
}

/* The whole copy, in one transaction on the target. */
static enum cong_err copy_all(struct copy *cp,
                              void (*progress)(const char *table, int64_t rows, void *arg),
                              void *arg, struct store_copy_info *info)
{
    struct cong_error *err = cp->err;
    char sql[200];
    struct buf lock;
    enum cong_err rc;

    rc = pg_run(cp, "BEGIN", "start the copy");
    /* no other writer meanwhile: the target must still be empty when the rows go in */
    buf_init(&lock, 0);
    buf_puts(&lock, "LOCK TABLE ");
    for (int i = 0; i < cp->n; i++)
        buf_printf(&lock, "%s\"%s\"", i ? ", " : "", cp->t[i].name);
    buf_puts(&lock, " IN EXCLUSIVE MODE");
    if (rc == CONG_OK)
        rc = buf_error(&lock) == CONG_OK ? pg_run(cp, lock.data, "lock the target's tables")
                                         : cong_error_set(cp->err, CONG_ENOMEM, "out of memory");
    buf_release(&lock);
    if (rc == CONG_OK)
        rc = pg_check_empty(cp);
    /* the default site the schema made gives way to the portal's own sites */
    for (int i = cp->n - 1; rc == CONG_OK && i >= 0; i--) {
        (void)snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", cp->t[cp->order[i]].name);
        rc = pg_run(cp, sql, "empty the target's tables");
    }
    for (int i = 0; rc == CONG_OK && i < cp->n; i++) {
        struct copy_table *t = &cp->t[cp->order[i]];

        rc = copy_table(cp, t);
        if (rc == CONG_OK && progress)
            progress(t->name, t->rows, arg);
    }
    if (rc == CONG_OK)
        rc = set_sequences(cp);
    if (rc == CONG_OK)
        rc = check_counts(cp, info);
    if (rc == CONG_OK)
        rc = pg_run(cp, "COMMIT", "commit the copy");
    if (rc != CONG_OK && PQtransactionStatus(cp->pg) != PQTRANS_IDLE) {
        char msg[sizeof(cp->err->msg)];
        struct cong_error ignored = {0};

        (void)snprintf(msg, sizeof(msg), "%s", cp->err->msg);
        cp->err = &ignored;
        (void)pg_run(cp, "ROLLBACK", "roll back");
        cp->err = err;
        /* the schema stays, empty: a copy run again is let in */
        (void)cong_error_set(err, rc, "%s (nothing was copied)", msg);
    }
    info->tables = cp->n;
    info->bytes = cp->bytes;
    return rc;
}

static enum cong_err pg_connect(struct copy *cp, const char *location)
{
    static const char *const keys[] = {"dbname", "connect_timeout", "application_name", NULL};
    const char *values[] = {sq_pg_conninfo(location), "10", "cong copy", NULL};

    cp->pg = PQconnectdbParams(keys, values, 1);
    if (!cp->pg)
        return cong_error_set(cp->err, CONG_ENOMEM, "out of memory");
    if (PQstatus(cp->pg) != CONNECTION_OK) {
        (void)pg_fail(cp, NULL, "reach the target database");
        cp->err->code = CONG_EBUSY;
        return CONG_EBUSY;
    }
    return pg_run(cp, "SET client_min_messages = warning", "set up the connection");
}

enum cong_err store_copy_to_pg(const char *sqlite_path, const char *pg_location,
                               void (*progress)(const char *table, int64_t rows, void *arg),
                               void *arg, struct store_copy_info *info, struct cong_error *err)
{
    struct cong_error local = {0};
    struct copy *cp;
    struct store *st = NULL;
    enum cong_err rc;

    memset(info, 0, sizeof(*info));
    if (!err)
        err = &local;
    if (!sq_location_is_pg(pg_location))
        return cong_error_set(err, CONG_EINVAL, "the target is not a PostgreSQL location");
    cp = calloc(1, sizeof(*cp));
    if (!cp)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    cp->err = err;
    rc = lite_open(cp, sqlite_path, &info->schema_version);
    if (rc == CONG_OK)
        rc = lite_tables(cp);
    if (rc == CONG_OK)
        rc = pg_connect(cp, pg_location);
    /* refused before the schema is made, so a database of something else stays untouched */
    if (rc == CONG_OK)
        rc = pg_check_empty(cp);
    if (rc == CONG_OK) {
        rc = store_open(pg_location, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st, err);
        store_free(st);
    }
    if (rc == CONG_OK)
        rc = pg_columns(cp);
    if (rc == CONG_OK)
        rc = pg_order(cp);
    if (rc == CONG_OK)
        rc = copy_all(cp, progress, arg, info);
    if (cp->pg)
        PQfinish(cp->pg);
    if (cp->lite) {
        (void)sqlite3_exec(cp->lite, "ROLLBACK", NULL, NULL, NULL);
        (void)sqlite3_close(cp->lite);
    }
    free(cp);
    return rc;
}
