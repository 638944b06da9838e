/*
 * Backups of an SQLite portal: a consistent copy of the database taken through SQLite's
 * online backup API while the server goes on reading and writing (in WAL mode a reader's
 * snapshot does not block writers), and the way back: a backup checked to be a Cổng portal of
 * a schema this binary knows, copied into place under a temporary name and renamed, so a
 * failure leaves the old portal as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite_int.h"
#include "../../i18n/i18n.h"

/* Copies the whole of database from (schema main) into to, in one step: one read snapshot. */
static int copy_db(sqlite3 *from, sqlite3 *to)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    int rc;

    if (!b)
        return sqlite3_errcode(to);
    rc = sqlite3_backup_step(b, -1);
    (void)sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The result of "PRAGMA integrity_check" on db: true when it says "ok". */
static bool intact(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    bool ok = false;

    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        ok = t && !strcmp((const char *)t, "ok");
    }
    (void)sqlite3_finalize(s);
    return ok;
}

/* One integer from sql on db into *out; an SQLite result code. */
static int one_int(sqlite3 *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

    *out = 0;
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        rc = SQLITE_OK;
    }
    (void)sqlite3_finalize(s);
    return rc;
}

/* Flushes path's file to disk; false (errno set) if it cannot. */
static bool sync_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool ok = fd >= 0 && fsync(fd) == 0;

    if (fd >= 0)
        (void)close(fd);
    return ok;
}

/* Removes path and the files SQLite keeps beside it. */
static void remove_db(const char *path)
{
    char side[4096];

    (void)unlink(path);
    if (snprintf(side, sizeof(side), "%s-wal", path) < (int)sizeof(side))
        (void)unlink(side);
    if (snprintf(side, sizeof(side), "%s-shm", path) < (int)sizeof(side))
        (void)unlink(side);
    if (snprintf(side, sizeof(side), "%s-journal", path) < (int)sizeof(side))
        (void)unlink(side);
}

enum cong_err store_backup(struct store *st, const char *dest, struct store_backup_info *info,
                           struct cong_error *err)
{
    struct store *root = sq_root(st);
    sqlite3 *to = NULL;
    struct conn *c = NULL;
    struct stat sb;
    enum cong_err rc;
    int step;

    memset(info, 0, sizeof(*info));
    if (stat(dest, &sb) == 0)
        return cong_error_set(err, CONG_EEXIST, "'%s' exists: a backup never overwrites a file",
                              dest);
    if ((rc = sq_pool_get(root, &c)) != CONG_OK)
        return cong_error_set(err, rc, "cannot read database '%s': %s", root->path,
                              cong_strerror(rc));
    /* a new file of its own, mode 0600 like the portal (it holds password hashes) */
    step = sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (step == SQLITE_OK)
        (void)chmod(dest, 0600);
    if (step == SQLITE_OK)
        step = copy_db(c->db, to);
    if (step == SQLITE_OK)
        step = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    sq_pool_put(root, c);
    if (step != SQLITE_OK) {
        rc = cong_error_set(err, CONG_EIO, "cannot write backup '%s': %s", dest,
                            to ? sqlite3_errmsg(to) : sqlite3_errstr(step));
        goto fail;
    }
    if (!intact(to)) {
        rc = cong_error_set(err, CONG_EIO, "backup '%s' fails its integrity check", dest);
        goto fail;
    }
    if (one_int(to, "PRAGMA user_version", &info->schema_version) != SQLITE_OK ||
        one_int(to, "SELECT count(*) FROM articles", &info->articles) != SQLITE_OK ||
        one_int(to, "SELECT count(*) FROM sites", &info->sites) != SQLITE_OK ||
        one_int(to, "SELECT count(*) FROM media", &info->media) != SQLITE_OK) {
        rc = cong_error_set(err, CONG_EIO, "cannot read backup '%s': %s", dest,
                            sqlite3_errmsg(to));
        goto fail;
    }
    (void)sqlite3_close(to);
    to = NULL;
    if (!sync_file(dest)) {
        rc = cong_error_set(err, CONG_EIO, "cannot write backup '%s': %s", dest,
                            strerror(errno));
        goto fail;
    }
    return CONG_OK;
fail:
    (void)sqlite3_close(to);
    remove_db(dest);
    return rc;
}

/* Checks that db is a Cổng portal of a schema this binary knows, into *info. */
static enum cong_err check_backup(sqlite3 *db, const char *path, struct store_backup_info *info,
                                  struct cong_error *err)
{
    int64_t objects = 0;

    if (one_int(db, "SELECT count(*) FROM sqlite_master", &objects) != SQLITE_OK)
        return cong_error_set(err, CONG_EPARSE, _("'%s' is not a Cổng backup (not a database)"),
                              path);
    if (one_int(db, "PRAGMA user_version", &info->schema_version) != SQLITE_OK ||
        info->schema_version < 1 || objects == 0 ||
        one_int(db, "SELECT count(*) FROM articles", &info->articles) != SQLITE_OK)
        return cong_error_set(err, CONG_EPARSE, _("'%s' is not a Cổng backup"), path);
    if (info->schema_version > STORE_SCHEMA_VERSION)
        return cong_error_set(err, CONG_ESCHEMA,
                              "backup '%s' has schema version %lld, newer than this cong (%d): "
                              "upgrade cong first",
                              path, (long long)info->schema_version, STORE_SCHEMA_VERSION);
    if (!intact(db))
        return cong_error_set(err, CONG_EPARSE, "backup '%s' fails its integrity check", path);
    /* older backups have no sites table: all of it is one site's */
    info->sites = 1;
    (void)one_int(db, "SELECT count(*) FROM sites", &info->sites);
    (void)one_int(db, "SELECT count(*) FROM media", &info->media);
    return CONG_OK;
}

enum cong_err store_restore(const char *backup, const char *dest, bool force,
                            struct store_backup_info *info, struct cong_error *err)
{
    struct store_backup_info here = {0};
    char tmp[4096];
    sqlite3 *from = NULL, *to = NULL, *old = NULL;
    struct stat sb;
    enum cong_err rc;
    int step;

    memset(info, 0, sizeof(*info));
    if (stat(backup, &sb) != 0)
        return cong_error_set(err, CONG_ENOTFOUND, "no backup '%s': %s", backup,
                              strerror(errno));
    if (snprintf(tmp, sizeof(tmp), "%s.restore-%ld", dest, (long)getpid()) >= (int)sizeof(tmp))
        return cong_error_set(err, CONG_EINVAL, "path too long: '%s'", dest);
    if (sqlite3_open_v2(backup, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        rc = cong_error_set(err, CONG_EPARSE, _("'%s' is not a Cổng backup"), backup);
        goto out;
    }
    if ((rc = check_backup(from, backup, info, err)) != CONG_OK)
        goto out;
    /* a portal with content is replaced only when asked to */
    if (stat(dest, &sb) == 0 && !force) {
        if (sqlite3_open_v2(dest, &old, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
            check_backup(old, dest, &here, NULL) != CONG_OK || here.articles > 0 ||
            here.media > 0 || here.sites > 1) {
            rc = cong_error_set(err, CONG_EEXIST,
                                "'%s' holds a portal (%lld articles, %lld files, %lld sites): "
                                "restore over it with --force",
                                dest, (long long)here.articles, (long long)here.media,
                                (long long)here.sites);
            goto out;
        }
    }
    remove_db(tmp);
    step = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (step == SQLITE_OK)
        (void)chmod(tmp, 0600);
    if (step == SQLITE_OK)
        step = copy_db(from, to);
    if (step == SQLITE_OK)
        step = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    if (step != SQLITE_OK || sqlite3_close(to) != SQLITE_OK || !sync_file(tmp)) {
        to = NULL;
        rc = cong_error_set(err, CONG_EIO, "cannot write '%s'", tmp);
        remove_db(tmp);
        goto out;
    }
    to = NULL;
    /* the old portal's journal files must not be applied to the new one */
    remove_db(dest);
    if (rename(tmp, dest) != 0) {
        rc = cong_error_set(err, CONG_EIO, "cannot put the backup in place at '%s': %s", dest,
                            strerror(errno));
        remove_db(tmp);
        goto out;
    }
    rc = CONG_OK;
out:
    (void)sqlite3_close(old);
    (void)sqlite3_close(to);
    (void)sqlite3_close(from);
    return rc;
}
