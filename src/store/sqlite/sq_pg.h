/*
 * Inside the store: the PostgreSQL engine's own parts (sq_pg.c): its connections, its schema
 * and the watch that hears other nodes' changes. The statements themselves are the ones of
 * this folder, run through sq_engine.c.
 */
#ifndef CONG_SQ_PG_H
#define CONG_SQ_PG_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "sqlite_int.h"

struct pg_conn {
    PGconn *conn;
    char err[512];      /* the last failure's message, for sqs_errmsg */
    int changes;        /* rows the last INSERT, UPDATE or DELETE touched */
    unsigned prepared;  /* statements prepared on it so far, for their names */
    bool broken;        /* the server went away: the pool closes it instead of keeping it */
    bool wrote;         /* a write ran since the pool lent it */
};

/* A store's location names PostgreSQL: a postgres:// or postgresql:// URI, or "pg:" and a
 * conninfo string. */
bool sq_location_is_pg(const char *location);
/* What libpq is given for it. */
const char *sq_pg_conninfo(const char *location);
/* Opens a connection to st's database; err (may be NULL) says why not. */
enum cong_err sq_pg_open(const struct store *st, struct conn **out, struct cong_error *err);
void sq_pg_close(struct conn *c);
/* Brings the database's schema to STORE_SCHEMA_VERSION (flags as store_open's). */
enum cong_err sq_pg_schema(struct store *st, struct conn *c, unsigned flags,
                           struct cong_error *err);
/* store_generation on PostgreSQL. */
uint64_t sq_pg_generation(struct store *st);

#endif
