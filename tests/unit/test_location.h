/*
 * Where a unit test's store lives: the SQLite file it names, or, when CONG_TEST_PG names a
 * PostgreSQL cluster ("postgresql://user@host:port/", as tests/run.py's PostgreSQL pass sets
 * it), a new empty database on that cluster, so the same tests run on both engines.
 */
#ifndef CONG_TEST_LOCATION_H
#define CONG_TEST_LOCATION_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* sqlite_path, or the URL of a new database written to out; NULL if it cannot be made. */
static inline const char *test_store_location(const char *sqlite_path, char *out, size_t size)
{
    static unsigned serial;
    const char *base = getenv("CONG_TEST_PG");
    char admin[512], sql[128], name[64];
    PGconn *c;
    PGresult *r;
    bool ok;

    if (!base || !*base)
        return sqlite_path;
    (void)snprintf(name, sizeof(name), "u_%ld_%u_%u", (long)getpid(), ++serial,
                   (unsigned)rand());
    (void)snprintf(admin, sizeof(admin), "%spostgres", base);
    c = PQconnectdb(admin);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "cannot reach %s: %s", admin, PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    (void)snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
    r = PQexec(c, sql);
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "cannot create a database: %s", PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    if (!ok || snprintf(out, size, "%s%s", base, name) >= (int)size)
        return NULL;
    return out;
}

#endif
