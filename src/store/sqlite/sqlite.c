/*
 * The SQLite backend of the store, and with the PostgreSQL one the only place in Cổng that
 * holds SQL. It owns the schema and its numbered migrations, a pool of connections each with
 * its cached prepared statements, and the mapping of database failures onto cong_err. It
 * stores what it is given: the rules on what may be stored (slugs, Markdown, permissions)
 * belong to the content module, and nothing here knows about HTTP or pages.
 */
#include "sqlite_int.h"
#include "sq_pg.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

/*
 * Schema migrations: migrations[i] takes a database from version i to i + 1. Each runs in
 * one BEGIN IMMEDIATE transaction that also sets PRAGMA user_version, so a failure leaves the
 * previous version intact. Append only: a shipped script is never edited.
 *
 * Names and types are kept so the PostgreSQL backend can use the same tables and columns:
 * times are BIGINT unix seconds; ids are INTEGER PRIMARY KEY (SQLite's rowid, BIGINT identity
 * in PostgreSQL), with AUTOINCREMENT so that, as with a PostgreSQL sequence, the id of a
 * deleted row is never handed out again (article ids appear in public URLs); BLOB is BYTEA
 * there. Optional text is NOT NULL DEFAULT '' so readers never meet NULL. Article bodies and
 * media bytes are the last columns: SQLite reads a row from its start, so the short columns
 * that listings need stay on the row's first page.
 */
static const char *const migrations[] = {
    /* 0 -> 1: settings, categories, media, articles */
    "CREATE TABLE settings ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL"
    ");"
    "CREATE TABLE categories ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " parent_id BIGINT REFERENCES categories (id),"
    " position INTEGER NOT NULL DEFAULT 0,"
    " slug TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " description TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE INDEX categories_parent ON categories (parent_id);"
    "CREATE TABLE media ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " mime TEXT NOT NULL,"
    " filename TEXT NOT NULL DEFAULT '',"
    " width INTEGER NOT NULL DEFAULT 0,"
    " height INTEGER NOT NULL DEFAULT 0,"
    " created_at BIGINT NOT NULL,"
    " size BIGINT NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " data BLOB NOT NULL"
    ");"
    "CREATE TABLE articles ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " category_id BIGINT NOT NULL REFERENCES categories (id),"
    " status INTEGER NOT NULL CHECK (status IN (0, 1, 2)),"
    " published_at BIGINT NOT NULL,"
    " created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL,"
    " cover_media_id BIGINT REFERENCES media (id),"
    " title TEXT NOT NULL,"
    " slug TEXT NOT NULL,"
    " summary TEXT NOT NULL DEFAULT '',"
    " author TEXT NOT NULL DEFAULT '',"
    " cover_caption TEXT NOT NULL DEFAULT '',"
    " body_md TEXT NOT NULL DEFAULT '',"
    " body_html TEXT NOT NULL DEFAULT ''"
    ");"
    /* store_list_articles, one index per filter (published; published in a category; any
     * state, the admin's lists, with and without a category); id is in each key so
     * "ORDER BY published_at DESC, id DESC" walks the index without a sort */
    "CREATE INDEX articles_status_date ON articles (status, published_at DESC, id DESC);"
    "CREATE INDEX articles_category_status_date"
    " ON articles (category_id, status, published_at DESC, id DESC);"
    "CREATE INDEX articles_date ON articles (published_at DESC, id DESC);"
    "CREATE INDEX articles_category_date ON articles (category_id, published_at DESC, id DESC);"
    "CREATE INDEX articles_cover ON articles (cover_media_id);",

    /* 1 -> 2: accounts. Session ids and token secrets are never stored, only their hashes,
     * so a copy of the database opens no session; the audit log keeps the user's name as it
     * was, and survives the user's removal */
    "CREATE TABLE users ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " name TEXT NOT NULL UNIQUE,"
    " display_name TEXT NOT NULL DEFAULT '',"
    " role TEXT NOT NULL CHECK (role IN ('member', 'author', 'editor', 'publisher', 'admin')),"
    " password_hash TEXT NOT NULL,"
    " disabled INTEGER NOT NULL DEFAULT 0,"
    " created_at BIGINT NOT NULL,"
    " password_changed_at BIGINT NOT NULL"
    ");"
    "CREATE TABLE sessions ("
    " id_hash TEXT PRIMARY KEY,"
    " user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    " csrf_token TEXT NOT NULL,"
    " created_at BIGINT NOT NULL,"
    " last_seen_at BIGINT NOT NULL,"
    " ip TEXT NOT NULL DEFAULT '',"
    " user_agent TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE INDEX sessions_user ON sessions (user_id);"
    "CREATE TABLE api_tokens ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    " token_hash TEXT NOT NULL UNIQUE,"
    " created_at BIGINT NOT NULL,"
    " last_used_at BIGINT NOT NULL DEFAULT 0,"
    " revoked_at BIGINT NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE login_failures ("
    " key TEXT PRIMARY KEY,"
    " failures INTEGER NOT NULL,"
    " last_failure_at BIGINT NOT NULL,"
    " locked_until BIGINT NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE audit_log ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " at BIGINT NOT NULL,"
    " user_id BIGINT,"
    " user_name TEXT NOT NULL DEFAULT '',"
    " ip TEXT NOT NULL DEFAULT '',"
    " action TEXT NOT NULL,"
    " target TEXT NOT NULL DEFAULT '',"
    " detail TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);",

    /* 2 -> 3: search and redirects. article_search holds each article's text already folded
     * by the caller (text_fold: no diacritics, d for đ, lowercase), keyed by the article's id
     * as rowid; redirects keep old portals' links working */
    "CREATE VIRTUAL TABLE article_search USING fts5("
    " title, summary, body, tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE TABLE redirects ("
    " old_path TEXT PRIMARY KEY,"
    " new_path TEXT NOT NULL,"
    " created_at BIGINT NOT NULL"
    ");",

    /* 3 -> 4: visitor statistics. Visitors are known by an opaque key (a random cookie, or a
     * keyed hash of address and User-Agent): no address is stored. Rows of visitors, anonymous
     * mappings and per-article viewers only matter for 30 minutes and are pruned; the daily
     * visit counts and article view counts are kept for ever */
    "CREATE TABLE stats_visitors ("
    " key TEXT PRIMARY KEY,"
    " last_seen BIGINT NOT NULL"
    ");"
    "CREATE INDEX stats_visitors_seen ON stats_visitors (last_seen);"
    "CREATE TABLE stats_anon ("
    " key TEXT PRIMARY KEY,"
    " visitor TEXT NOT NULL,"
    " last_seen BIGINT NOT NULL"
    ");"
    "CREATE INDEX stats_anon_seen ON stats_anon (last_seen);"
    "CREATE TABLE stats_daily ("
    " day TEXT PRIMARY KEY,"
    " visits BIGINT NOT NULL DEFAULT 0,"
    " views BIGINT NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE stats_article_viewers ("
    " article_id BIGINT NOT NULL,"
    " visitor TEXT NOT NULL,"
    " last_seen BIGINT NOT NULL,"
    " PRIMARY KEY (article_id, visitor)"
    ");"
    "CREATE INDEX stats_article_viewers_seen ON stats_article_viewers (last_seen);"
    "CREATE TABLE article_views ("
    " article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
    " views BIGINT NOT NULL DEFAULT 0"
    ");",

    /* 4 -> 5: portal composition. A page's portlets sit in named regions in order; config is
     * a JSON object and view_roles a list of role names (empty: everyone), both written by
     * the portal module, which alone knows their rules */
    "CREATE TABLE pages ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " slug TEXT NOT NULL UNIQUE,"
    " title TEXT NOT NULL,"
    " layout TEXT NOT NULL,"
    " in_menu INTEGER NOT NULL DEFAULT 0,"
    " created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL"
    ");"
    "CREATE TABLE portlets ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " page_id BIGINT NOT NULL REFERENCES pages (id) ON DELETE CASCADE,"
    " region TEXT NOT NULL,"
    " position INTEGER NOT NULL,"
    " type TEXT NOT NULL,"
    " title TEXT NOT NULL DEFAULT '',"
    " view_roles TEXT NOT NULL DEFAULT '',"
    " unauthorized TEXT NOT NULL DEFAULT 'inherit'"
    "  CHECK (unauthorized IN ('inherit', 'message', 'hide')),"
    " updated_at BIGINT NOT NULL,"
    " config TEXT NOT NULL DEFAULT '{}'"
    ");"
    "CREATE INDEX portlets_page ON portlets (page_id, region, position, id);",

    /* 5 -> 6: editorial work. An article knows who created it (owner_id, for the author's
     * rights over it), its tags (names joined by ',') and the last note sent back with it.
     * Every save and every workflow step appends a revision holding the article as it was
     * after it; autosaves keep one unsaved copy of the editor's form per article and user
     * (article 0: an article not yet created). Images get resized variants, each a file of
     * its own in the database so that every node can serve it */
    "ALTER TABLE articles ADD COLUMN owner_id BIGINT REFERENCES users (id) ON DELETE SET NULL;"
    "ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN review_note TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX articles_owner_date ON articles (owner_id, published_at DESC, id DESC);"
    "CREATE TABLE article_revisions ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    " at BIGINT NOT NULL,"
    " user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,"
    " user_name TEXT NOT NULL DEFAULT '',"
    " action TEXT NOT NULL,"
    " note TEXT NOT NULL DEFAULT '',"
    " status INTEGER NOT NULL CHECK (status IN (0, 1, 2)),"
    " category_id BIGINT NOT NULL,"
    " published_at BIGINT NOT NULL,"
    " cover_media_id BIGINT,"
    " title TEXT NOT NULL,"
    " summary TEXT NOT NULL DEFAULT '',"
    " author TEXT NOT NULL DEFAULT '',"
    " cover_caption TEXT NOT NULL DEFAULT '',"
    " tags TEXT NOT NULL DEFAULT '',"
    " body_md TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE INDEX article_revisions_article ON article_revisions (article_id, id DESC);"
    "CREATE TABLE article_autosaves ("
    " article_id BIGINT NOT NULL,"
    " user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    " saved_at BIGINT NOT NULL,"
    " data TEXT NOT NULL,"
    " PRIMARY KEY (article_id, user_id)"
    ");"
    "ALTER TABLE media ADD COLUMN user_id BIGINT REFERENCES users (id) ON DELETE SET NULL;"
    "CREATE TABLE media_variants ("
    " media_id BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,"
    " width INTEGER NOT NULL,"
    " height INTEGER NOT NULL,"
    " mime TEXT NOT NULL,"
    " size BIGINT NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " data BLOB NOT NULL,"
    " PRIMARY KEY (media_id, width, mime)"
    ");",
    /* 6 -> 7: a number every change to what pages show moves, in the same transaction and
       from any process (the command line too), for the render cache (store_generation) */
    "CREATE TABLE page_generation (n BIGINT NOT NULL);"
    "INSERT INTO page_generation (n) VALUES (1);"
    "CREATE TRIGGER settings_ig AFTER INSERT ON settings BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER settings_ug AFTER UPDATE ON settings BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER settings_dg AFTER DELETE ON settings BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER categories_ig AFTER INSERT ON categories BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER categories_ug AFTER UPDATE ON categories BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER categories_dg AFTER DELETE ON categories BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER media_ig AFTER INSERT ON media BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER media_ug AFTER UPDATE ON media BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER media_dg AFTER DELETE ON media BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER media_variants_ig AFTER INSERT ON media_variants BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER media_variants_ug AFTER UPDATE ON media_variants BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER media_variants_dg AFTER DELETE ON media_variants BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER articles_ig AFTER INSERT ON articles BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER articles_ug AFTER UPDATE ON articles BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER articles_dg AFTER DELETE ON articles BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER pages_ig AFTER INSERT ON pages BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER pages_ug AFTER UPDATE ON pages BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER pages_dg AFTER DELETE ON pages BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER portlets_ig AFTER INSERT ON portlets BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER portlets_ug AFTER UPDATE ON portlets BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER portlets_dg AFTER DELETE ON portlets BEGIN UPDATE page_generation SET n = n + 1; END;"
    "",
    /* 7 -> 8: login throttling that cannot lock an owner out. Failures are also counted per
     * account and address ('pair:' keys), whose row remembers the last login from there
     * (an address the account is not slowed for); an account's own count ('name:' keys)
     * no longer locks it from everywhere, so the locks such rows hold end now */
    "ALTER TABLE login_failures ADD COLUMN last_success_at BIGINT NOT NULL DEFAULT 0;"
    "UPDATE login_failures SET locked_until = 0 WHERE key LIKE 'name:%';",
    /* 8 -> 9: several sites in one database. Everything a site shows belongs to one site;
     * what was there becomes the default site's (id 1). Users stay global and get a role per
     * site; a session belongs to the site it was made on. Tables whose unique keys gain the
     * site are rebuilt (migrations run with foreign keys off and are checked before commit);
     * the others get a column. A sub-portal's article can be shared to other sites
     * (article_shares), and their lists then show it */
    "CREATE TABLE sites ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " host TEXT NOT NULL UNIQUE,"
    " parent_id BIGINT REFERENCES sites (id),"
    " created_at BIGINT NOT NULL"
    ");"
    "INSERT INTO sites (id, host, parent_id, created_at)"
    " VALUES (1, 'localhost', NULL, CAST(strftime('%s', 'now') AS INTEGER));"
    "CREATE TABLE site_roles ("
    " site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
    " user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    " role TEXT NOT NULL CHECK (role IN ('member', 'author', 'editor', 'publisher', 'admin')),"
    " PRIMARY KEY (site_id, user_id)"
    ");"
    "CREATE INDEX site_roles_user ON site_roles (user_id);"
    "INSERT INTO site_roles (site_id, user_id, role) SELECT 1, id, role FROM users;"
    "ALTER TABLE users DROP COLUMN role;"
    "CREATE TABLE settings_9 ("
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " key TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (site_id, key)"
    ");"
    "INSERT INTO settings_9 (site_id, key, value) SELECT 1, key, value FROM settings;"
    "DROP TABLE settings;"
    "ALTER TABLE settings_9 RENAME TO settings;"
    "CREATE TABLE categories_9 ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " parent_id BIGINT REFERENCES categories (id),"
    " position INTEGER NOT NULL DEFAULT 0,"
    " slug TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " description TEXT NOT NULL DEFAULT '',"
    " UNIQUE (site_id, slug)"
    ");"
    "INSERT INTO categories_9 (id, site_id, parent_id, position, slug, name, description)"
    " SELECT id, 1, parent_id, position, slug, name, description FROM categories;"
    "DROP TABLE categories;"
    "ALTER TABLE categories_9 RENAME TO categories;"
    "CREATE INDEX categories_parent ON categories (parent_id);"
    "CREATE TABLE pages_9 ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " slug TEXT NOT NULL,"
    " title TEXT NOT NULL,"
    " layout TEXT NOT NULL,"
    " in_menu INTEGER NOT NULL DEFAULT 0,"
    " created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL,"
    " UNIQUE (site_id, slug)"
    ");"
    "INSERT INTO pages_9 (id, site_id, slug, title, layout, in_menu, created_at, updated_at)"
    " SELECT id, 1, slug, title, layout, in_menu, created_at, updated_at FROM pages;"
    "DROP TABLE pages;"
    "ALTER TABLE pages_9 RENAME TO pages;"
    "CREATE TABLE redirects_9 ("
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " old_path TEXT NOT NULL,"
    " new_path TEXT NOT NULL,"
    " created_at BIGINT NOT NULL,"
    " PRIMARY KEY (site_id, old_path)"
    ");"
    "INSERT INTO redirects_9 (site_id, old_path, new_path, created_at)"
    " SELECT 1, old_path, new_path, created_at FROM redirects;"
    "DROP TABLE redirects;"
    "ALTER TABLE redirects_9 RENAME TO redirects;"
    "CREATE TRIGGER settings_ig AFTER INSERT ON settings BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER settings_ug AFTER UPDATE ON settings BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER settings_dg AFTER DELETE ON settings BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER categories_ig AFTER INSERT ON categories BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER categories_ug AFTER UPDATE ON categories BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER categories_dg AFTER DELETE ON categories BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER pages_ig AFTER INSERT ON pages BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER pages_ug AFTER UPDATE ON pages BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER pages_dg AFTER DELETE ON pages BEGIN UPDATE page_generation SET n = n + 1; END;"
    "",
    /* 9 -> 10: the rest of several sites: the site of articles, media, sessions, the audit
     * log and visitor counts, and shares */
    "ALTER TABLE articles ADD COLUMN site_id BIGINT NOT NULL DEFAULT 1 REFERENCES sites (id);"
    "DROP INDEX articles_date;"
    "CREATE INDEX articles_site_status_date"
    " ON articles (site_id, status, published_at DESC, id DESC);"
    "CREATE INDEX articles_site_date ON articles (site_id, published_at DESC, id DESC);"
    "ALTER TABLE media ADD COLUMN site_id BIGINT NOT NULL DEFAULT 1 REFERENCES sites (id);"
    "CREATE INDEX media_site ON media (site_id, id DESC);"
    "ALTER TABLE sessions ADD COLUMN site_id BIGINT NOT NULL DEFAULT 1"
    " REFERENCES sites (id) ON DELETE CASCADE;"
    "ALTER TABLE audit_log ADD COLUMN site_id BIGINT NOT NULL DEFAULT 1;"
    "DROP INDEX audit_log_at;"
    "CREATE INDEX audit_log_site_at ON audit_log (site_id, at DESC, id DESC);"
    "CREATE TABLE stats_visitors_9 ("
    " site_id BIGINT NOT NULL,"
    " key TEXT NOT NULL,"
    " last_seen BIGINT NOT NULL,"
    " PRIMARY KEY (site_id, key)"
    ");"
    "INSERT INTO stats_visitors_9 SELECT 1, key, last_seen FROM stats_visitors;"
    "DROP TABLE stats_visitors;"
    "ALTER TABLE stats_visitors_9 RENAME TO stats_visitors;"
    "CREATE INDEX stats_visitors_seen ON stats_visitors (last_seen);"
    "CREATE TABLE stats_anon_9 ("
    " site_id BIGINT NOT NULL,"
    " key TEXT NOT NULL,"
    " visitor TEXT NOT NULL,"
    " last_seen BIGINT NOT NULL,"
    " PRIMARY KEY (site_id, key)"
    ");"
    "INSERT INTO stats_anon_9 SELECT 1, key, visitor, last_seen FROM stats_anon;"
    "DROP TABLE stats_anon;"
    "ALTER TABLE stats_anon_9 RENAME TO stats_anon;"
    "CREATE INDEX stats_anon_seen ON stats_anon (last_seen);"
    "CREATE TABLE stats_daily_9 ("
    " site_id BIGINT NOT NULL,"
    " day TEXT NOT NULL,"
    " visits BIGINT NOT NULL DEFAULT 0,"
    " views BIGINT NOT NULL DEFAULT 0,"
    " PRIMARY KEY (site_id, day)"
    ");"
    "INSERT INTO stats_daily_9 SELECT 1, day, visits, views FROM stats_daily;"
    "DROP TABLE stats_daily;"
    "ALTER TABLE stats_daily_9 RENAME TO stats_daily;"
    "CREATE TABLE article_shares ("
    " article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    " site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
    " shared_at BIGINT NOT NULL,"
    " PRIMARY KEY (article_id, site_id)"
    ");"
    "CREATE INDEX article_shares_site ON article_shares (site_id, article_id);"
    "CREATE TRIGGER sites_ig AFTER INSERT ON sites BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER sites_ug AFTER UPDATE ON sites BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER sites_dg AFTER DELETE ON sites BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER article_shares_ig AFTER INSERT ON article_shares BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER article_shares_ug AFTER UPDATE ON article_shares BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER article_shares_dg AFTER DELETE ON article_shares BEGIN UPDATE page_generation SET n = n + 1; END;"
    "",
    /* 10 -> 11: an article's body may be written in the visual editor, as HTML, beside the
     * Markdown every body was until now; the column says which the source text is, in the
     * article and in each revision, so a restore renders it the way it was written */
    "ALTER TABLE articles ADD COLUMN body_format TEXT NOT NULL DEFAULT 'markdown'"
    " CHECK (body_format IN ('markdown', 'html'));"
    "ALTER TABLE article_revisions ADD COLUMN body_format TEXT NOT NULL DEFAULT 'markdown'"
    " CHECK (body_format IN ('markdown', 'html'));",
    /* 11 -> 12: what an import made of another system's records (a WordPress export's posts,
     * terms and attachments, by their ids there), so the same file imported again makes
     * nothing twice */
    "CREATE TABLE import_ids ("
    " site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
    " source TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " ext_id TEXT NOT NULL,"
    " local_id BIGINT NOT NULL,"
    " PRIMARY KEY (site_id, source, kind, ext_id)"
    ");",
    /* 12 -> 13: the work schedule (lịch công tác) and questions and answers (hỏi đáp) of a
     * state portal, each row a site's. Questions move the page generation only when a
     * published one appears, changes or goes: a pending question changes no public page */
    "CREATE TABLE schedule_entries ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " starts_at BIGINT NOT NULL,"
    " ends_at BIGINT NOT NULL,"
    " title TEXT NOT NULL,"
    " location TEXT NOT NULL DEFAULT '',"
    " chair TEXT NOT NULL DEFAULT '',"
    " people TEXT NOT NULL DEFAULT '',"
    " host_unit TEXT NOT NULL DEFAULT '',"
    " created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL,"
    " CHECK (ends_at >= starts_at)"
    ");"
    "CREATE INDEX schedule_entries_site_start ON schedule_entries (site_id, starts_at);"
    "CREATE TABLE questions ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),"
    " name TEXT NOT NULL,"
    " email TEXT NOT NULL DEFAULT '',"
    " title TEXT NOT NULL,"
    " body TEXT NOT NULL,"
    " answer TEXT NOT NULL DEFAULT '',"
    " answered_by TEXT NOT NULL DEFAULT '',"
    " sender TEXT NOT NULL DEFAULT '',"
    " search_text TEXT NOT NULL DEFAULT '',"
    " asked_at BIGINT NOT NULL,"
    " answered_at BIGINT NOT NULL DEFAULT 0,"
    " updated_at BIGINT NOT NULL"
    ");"
    "CREATE INDEX questions_site_status ON questions (site_id, status, answered_at DESC, id DESC);"
    "CREATE INDEX questions_site_sender ON questions (site_id, sender, asked_at);"
    "CREATE TRIGGER schedule_entries_ig AFTER INSERT ON schedule_entries BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER schedule_entries_ug AFTER UPDATE ON schedule_entries BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER schedule_entries_dg AFTER DELETE ON schedule_entries BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER questions_ig AFTER INSERT ON questions WHEN NEW.status = 1 BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER questions_ug AFTER UPDATE ON questions WHEN OLD.status = 1 OR NEW.status = 1 BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER questions_dg AFTER DELETE ON questions WHEN OLD.status = 1 BEGIN UPDATE page_generation SET n = n + 1; END;"
    "",
    /* 13 -> 14: documents (văn bản) with their files and the public's comments on drafts in
     * consultation. search_text and number_key are written folded by the domain (the files'
     * extracted text in files_text), so search needs no function of SQLite's */
    "CREATE TABLE documents ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " number TEXT NOT NULL,"
    " title TEXT NOT NULL,"
    " slug TEXT NOT NULL,"
    " kind TEXT NOT NULL DEFAULT '',"
    " issuer TEXT NOT NULL DEFAULT '',"
    " field TEXT NOT NULL DEFAULT '',"
    " signer TEXT NOT NULL DEFAULT '',"
    " issued_on TEXT NOT NULL DEFAULT '',"
    " effective_on TEXT NOT NULL DEFAULT '',"
    " expires_on TEXT NOT NULL DEFAULT '',"
    " replaced_by BIGINT REFERENCES documents (id) ON DELETE SET NULL,"
    " status INTEGER NOT NULL CHECK (status IN (0, 1, 2)),"
    " consultation_until BIGINT NOT NULL DEFAULT 0,"
    " comment_summary TEXT NOT NULL DEFAULT '',"
    " search_text TEXT NOT NULL DEFAULT '',"
    " number_key TEXT NOT NULL DEFAULT '',"
    " files_text TEXT NOT NULL DEFAULT '',"
    " created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL"
    ");"
    "CREATE INDEX documents_site_issued ON documents (site_id, issued_on DESC, id DESC);"
    "CREATE TABLE document_files ("
    " document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
    " media_id BIGINT NOT NULL REFERENCES media (id),"
    " position INTEGER NOT NULL DEFAULT 0,"
    " text_state INTEGER NOT NULL DEFAULT 0,"
    " text TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (document_id, media_id)"
    ");"
    "CREATE INDEX document_files_media ON document_files (media_id);"
    "CREATE INDEX document_files_state ON document_files (text_state);"
    "CREATE TABLE document_comments ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
    " name TEXT NOT NULL,"
    " email TEXT NOT NULL,"
    " body TEXT NOT NULL,"
    " address TEXT NOT NULL DEFAULT '',"
    " status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),"
    " created_at BIGINT NOT NULL"
    ");"
    "CREATE INDEX document_comments_doc ON document_comments (document_id, status, id);"
    "CREATE INDEX document_comments_address ON document_comments (site_id, address, created_at);"
    "CREATE TRIGGER documents_ig AFTER INSERT ON documents BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER documents_ug AFTER UPDATE ON documents BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER documents_dg AFTER DELETE ON documents BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER document_files_ig AFTER INSERT ON document_files BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER document_files_ug AFTER UPDATE ON document_files BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER document_files_dg AFTER DELETE ON document_files BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER document_comments_ig AFTER INSERT ON document_comments BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER document_comments_ug AFTER UPDATE ON document_comments BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER document_comments_dg AFTER DELETE ON document_comments BEGIN UPDATE page_generation SET n = n + 1; END;"
    "",
    /* 14 -> 15: accounts that help themselves. A user's e-mail and unit (the full name is
     * display_name); one-time password reset links, known only by their hash; and the notices
     * a site shows a user on the dashboard (an article submitted, returned, published) */
    "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE users ADD COLUMN unit TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX users_email ON users (email);"
    "CREATE TABLE password_resets ("
    " token_hash TEXT PRIMARY KEY,"
    " user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    " created_at BIGINT NOT NULL,"
    " expires_at BIGINT NOT NULL,"
    " used_at BIGINT NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX password_resets_user ON password_resets (user_id);"
    "CREATE TABLE notices ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    " kind TEXT NOT NULL,"
    " text TEXT NOT NULL,"
    " link TEXT NOT NULL DEFAULT '',"
    " created_at BIGINT NOT NULL"
    ");"
    "CREATE INDEX notices_user ON notices (site_id, user_id, created_at);"
    "",
    /* 15 -> 16: the article fields editors expect. slug becomes the editor's (unique in the
     * site, checked by the domain: older rows may share one); meta_description and cover_alt
     * for the page's <meta> and the cover's alt ('' falls back to the summary and the title);
     * expires_at (0: never) takes a published article out of public view at its minute, as
     * published_at brings it in; featured marks the stories the featured portlet shows */
    "ALTER TABLE articles ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN cover_alt TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;"
    "ALTER TABLE articles ADD COLUMN featured INTEGER NOT NULL DEFAULT 0"
    " CHECK (featured IN (0, 1));"
    "CREATE INDEX articles_site_slug ON articles (site_id, slug);"
    "CREATE INDEX articles_site_featured"
    " ON articles (site_id, featured, status, published_at DESC, id DESC);"
    "CREATE INDEX articles_expires ON articles (expires_at);",
    /* 16 -> 17: the site's menus (main, footer): items at the top or under one parent,
     * ordered among their siblings, pointing to a page, a category, the documents or a URL */
    "CREATE TABLE menu_items ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " site_id BIGINT NOT NULL REFERENCES sites (id),"
    " menu TEXT NOT NULL CHECK (menu IN ('main', 'footer')),"
    " parent_id BIGINT REFERENCES menu_items (id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL DEFAULT 0,"
    " label TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('page', 'category', 'documents', 'url')),"
    " ref_id BIGINT NOT NULL DEFAULT 0,"
    " url TEXT NOT NULL DEFAULT '',"
    " new_window INTEGER NOT NULL DEFAULT 0 CHECK (new_window IN (0, 1))"
    ");"
    "CREATE INDEX menu_items_site_menu ON menu_items (site_id, menu, position, id);"
    "CREATE INDEX menu_items_parent ON menu_items (parent_id);"
    "CREATE TRIGGER menu_items_ig AFTER INSERT ON menu_items BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER menu_items_ug AFTER UPDATE ON menu_items BEGIN UPDATE page_generation SET n = n + 1; END;"
    "CREATE TRIGGER menu_items_dg AFTER DELETE ON menu_items BEGIN UPDATE page_generation SET n = n + 1; END;"
    "",
    /* 17 -> 18: the language of content: an article, a page and a menu item are Vietnamese
     * ('vi') or English ('en'); the public lists show those of the interface's language */
    "ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en'));"
    "ALTER TABLE pages ADD COLUMN lang TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en'));"
    "ALTER TABLE menu_items ADD COLUMN lang TEXT NOT NULL DEFAULT 'vi'"
    " CHECK (lang IN ('vi', 'en'));"
    "CREATE INDEX articles_site_lang"
    " ON articles (site_id, lang, status, published_at DESC, id DESC);",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == STORE_SCHEMA_VERSION,
               "one migration per schema version");

/*
 * The filters of store_list_articles become separate statements rather than
 * "(?2 = 0 OR category_id = ?2)": SQLite plans a statement once, and only a plain equality
 * lets it walk the index in order. The public pages' filters (category, published) have a
 * cached statement per combination; the admin's filters (LIST_ADMIN) combine in too many ways
 * for that, and their statements are written and prepared for the call (see list_sql): the
 * admin's lists are rare, and preparing one costs about 40 microseconds (measured on the
 * longest, 2026-12), little beside the query.
 */
enum list_variant {
    LIST_CATEGORY = 1u << 0,
    LIST_PUBLISHED = 1u << 1,
    LIST_BODY = 1u << 2,
    LIST_LANG = 1u << 3,       /* one language */
    LIST_STATUS = 1u << 4,     /* one status */
    LIST_STATUS_TWO = 1u << 5, /* one of two statuses */
    LIST_SCHEDULED = 1u << 6,
    LIST_OWNER = 1u << 7,
    LIST_RANGE = 1u << 8,
    LIST_TERMS = 1u << 9,
    LIST_SHARED = 1u << 10, /* with the articles shared to the site */
    LIST_FEATURED = 1u << 11,
};
/* the count statement of a public variant: its slot past STMT_MATCH_ARTICLES */
#define MATCH_SLOT(v) (((v) & (LIST_CATEGORY | LIST_PUBLISHED)) | ((v) & LIST_LANG ? 4u : 0u))
/* the variants written for the call rather than cached */
#define LIST_ADMIN                                                                                 \
    (LIST_STATUS | LIST_STATUS_TWO | LIST_SCHEDULED | LIST_OWNER | LIST_RANGE | LIST_TERMS |     \
     LIST_SHARED | LIST_FEATURED)

#define CATEGORY_COLUMNS "id, parent_id, position, slug, name, description"
enum { CC_ID, CC_PARENT_ID, CC_POSITION, CC_SLUG, CC_NAME, CC_DESCRIPTION };

/* the owner's name: the display name, else the login name, else (no owner) NULL, read as "" */
#define ARTICLE_COLUMNS                                                                            \
    "a.id, a.category_id, a.status, a.published_at, a.created_at, a.updated_at,"                   \
    " a.cover_media_id, a.title, a.slug, a.summary, a.author, a.cover_caption, c.slug, c.name,"    \
    " a.owner_id, a.tags, a.review_note, coalesce(nullif(u.display_name, ''), u.name), a.site_id,"  \
    " a.meta_description, a.cover_alt, a.expires_at, a.featured, a.lang"
#define ARTICLE_BODIES ", a.body_md, a.body_html, a.body_format"
enum {
    AC_ID,
    AC_CATEGORY_ID,
    AC_STATUS,
    AC_PUBLISHED_AT,
    AC_CREATED_AT,
    AC_UPDATED_AT,
    AC_COVER_MEDIA_ID,
    AC_TITLE,
    AC_SLUG,
    AC_SUMMARY,
    AC_AUTHOR,
    AC_COVER_CAPTION,
    AC_CATEGORY_SLUG,
    AC_CATEGORY_NAME,
    AC_OWNER_ID,
    AC_TAGS,
    AC_REVIEW_NOTE,
    AC_OWNER_NAME,
    AC_SITE_ID,
    AC_META_DESCRIPTION,
    AC_COVER_ALT,
    AC_EXPIRES_AT,
    AC_FEATURED,
    AC_LANG,
    AC_BODY_MD,
    AC_BODY_HTML,
    AC_BODY_FORMAT,
};
#define ARTICLE_FROM                                                                               \
    " FROM articles a JOIN categories c ON c.id = a.category_id"                                   \
    " LEFT JOIN users u ON u.id = a.owner_id"

/*
 * Parameters of the list and count statements: ?1 exclude_id (0 leaves nothing out, as ids
 * start at 1), ?2 category_id, ?3 now, ?4 limit, ?5 offset; the admin's: ?6 and ?7 statuses,
 * ?8 owner_id, ?9 from, ?10 to, ?11 the FTS5 query; ?12 the language (public or admin). A
 * statement without a filter lacks its parameter, and the binding code skips it by the same
 * bits.
 */
#define MATCH_ANY       " WHERE a.site_id = " SQ_SITE " AND a.id <> ?1"
/* the site's own articles and those other sites share to it */
#define MATCH_SHARED                                                                               \
    " WHERE (a.site_id = " SQ_SITE " OR a.id IN (SELECT article_id FROM article_shares"            \
    " WHERE site_id = " SQ_SITE ")) AND a.id <> ?1"
#define MATCH_CATEGORY  " AND a.category_id = ?2"
#define MATCH_PUBLISHED                                                                            \
    " AND a.status = 2 AND a.published_at <= ?3 AND (a.expires_at = 0 OR a.expires_at > ?3)"
_Static_assert(ARTICLE_PUBLISHED == 2, "MATCH_PUBLISHED spells the published status as 2");
#define MATCH_STATUS_ONE      " AND a.status = ?6"
#define MATCH_STATUS_TWO      " AND a.status IN (?6, ?7)"
#define MATCH_SCHEDULED       " AND a.status = 2 AND a.published_at > ?3"
#define MATCH_OWNER           " AND a.owner_id = ?8"
#define MATCH_RANGE           " AND a.published_at >= ?9 AND a.published_at < ?10"
#define MATCH_FEATURED        " AND a.featured = 1"
#define MATCH_LANG            " AND a.lang = ?12"
#define MATCH_TERMS           " AND a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH ?11)"
#define LIST_ORDER_BY         " ORDER BY a.published_at DESC, a.id DESC"
#define LIST_ORDER            LIST_ORDER_BY " LIMIT ?4 OFFSET ?5"
#define LIST_SQL(cols, match) "SELECT " cols ARTICLE_FROM MATCH_ANY match LIST_ORDER
#define MATCH_SQL(match)      "SELECT count(*) FROM articles a" MATCH_ANY match

/* ?1..?14 as in bind_article, then the times (?15), then ?17 the body's format, ?18..?21
 * the fields of schema 15 and ?22 the language */
#define ARTICLE_WRITE_COLUMNS                                                                      \
    "category_id, status, published_at, cover_media_id, title, slug, summary, author,"             \
    " cover_caption, body_md, body_html, owner_id, tags, review_note"

_Static_assert(SQ_CONTENT_BEGIN == 0, "stmt_sql is indexed by slot");
static const char *const stmt_sql[SQ_CONTENT_END] = {
    [STMT_BEGIN] = "BEGIN",
    [STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [STMT_COMMIT] = "COMMIT",
    [STMT_ROLLBACK] = "ROLLBACK",
    [STMT_GET_SETTING] = "SELECT value FROM settings WHERE site_id = " SQ_SITE " AND key = ?1",
    [STMT_SET_SETTING] = "INSERT INTO settings (site_id, key, value) VALUES (" SQ_SITE ", ?1, ?2)"
                         " ON CONFLICT (site_id, key) DO UPDATE SET value = excluded.value",
    [STMT_ADD_SETTING] = "INSERT INTO settings (site_id, key, value) VALUES (" SQ_SITE ", ?1, ?2)"
                         " ON CONFLICT (site_id, key) DO NOTHING",
    [STMT_ADD_CATEGORY] = "INSERT INTO categories (site_id, parent_id, position, slug, name,"
                          " description) VALUES (" SQ_SITE ", ?1, ?2, ?3, ?4, ?5)",
    [STMT_COUNT_CATEGORIES] = "SELECT count(*) FROM categories WHERE site_id = " SQ_SITE,
    [STMT_SET_CATEGORY_POSITION] = "UPDATE categories SET position = ?2"
                                   " WHERE id = ?1 AND coalesce(parent_id, 0) = ?3"
                                   " AND site_id = " SQ_SITE,
    [STMT_LIST_CATEGORIES] = "SELECT " CATEGORY_COLUMNS " FROM categories"
                             " WHERE site_id = " SQ_SITE " ORDER BY position, name, id",
    [STMT_GET_CATEGORY] = "SELECT " CATEGORY_COLUMNS " FROM categories WHERE id = ?1"
                          " AND site_id = " SQ_SITE,
    [STMT_GET_CATEGORY_BY_SLUG] = "SELECT " CATEGORY_COLUMNS " FROM categories WHERE slug = ?1"
                                  " AND site_id = " SQ_SITE,
    [STMT_UPDATE_CATEGORY] = "UPDATE categories SET parent_id = ?2, position = ?3, slug = ?4,"
                             " name = ?5, description = ?6 WHERE id = ?1"
                             " AND site_id = " SQ_SITE,
    /* the records an article or a category refers to are the site's: ?1 a category (NULL:
     * none needed), ?2 a media file (NULL: none); 1 if both hold */
    [STMT_REFS_IN_SITE] = "SELECT (?1 IS NULL OR EXISTS (SELECT 1 FROM categories"
                          " WHERE id = ?1 AND site_id = " SQ_SITE "))"
                          " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM media"
                          " WHERE id = ?2 AND site_id = " SQ_SITE "))",
    /* 1 if category ?1 is ?2 or one of its ancestors; UNION stops at a cycle already there */
    [STMT_CATEGORY_CYCLE] = "WITH RECURSIVE up (id) AS (SELECT ?2 UNION"
                            " SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id"
                            " WHERE c.parent_id IS NOT NULL)"
                            " SELECT count(*) FROM up WHERE id = ?1",
    [STMT_CATEGORY_USAGE] = "SELECT (SELECT count(*) FROM articles WHERE category_id = ?1),"
                            " (SELECT count(*) FROM categories WHERE parent_id = ?1)",
    [STMT_DELETE_CATEGORY] = "DELETE FROM categories WHERE id = ?1 AND site_id = " SQ_SITE,
    [STMT_ADD_ARTICLE] = "INSERT INTO articles (" ARTICLE_WRITE_COLUMNS ", created_at, updated_at,"
                         " body_format, meta_description, cover_alt, expires_at, featured, lang,"
                         " site_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                         " ?14, ?15, ?15, ?17, ?18, ?19, ?20, ?21, ?22, " SQ_SITE ")",
    [STMT_UPDATE_ARTICLE] = "UPDATE articles SET category_id = ?1, status = ?2,"
                            " published_at = ?3, cover_media_id = ?4, title = ?5, slug = ?6,"
                            " summary = ?7, author = ?8, cover_caption = ?9, body_md = ?10,"
                            " body_html = ?11, owner_id = ?12, tags = ?13, review_note = ?14,"
                            " updated_at = ?15, body_format = ?17, meta_description = ?18,"
                            " cover_alt = ?19, expires_at = ?20, featured = ?21, lang = ?22"
                            " WHERE id = ?16"
                            " AND site_id = " SQ_SITE,
    [STMT_GET_ARTICLE] = "SELECT " ARTICLE_COLUMNS ARTICLE_BODIES ARTICLE_FROM " WHERE a.id = ?1"
                         " AND a.site_id = " SQ_SITE,
    [STMT_COUNT_ARTICLES] = "SELECT count(*) FROM articles WHERE site_id = " SQ_SITE,
    /* the site's article with slug ?1, but for article ?2 (0: none left out) */
    [STMT_ARTICLE_BY_SLUG] = "SELECT id FROM articles WHERE site_id = " SQ_SITE " AND slug = ?1"
                             " AND id <> ?2 ORDER BY id LIMIT 1",
    /* a consultation's closing changes its pages (the form goes) as a scheduled article's
       publishing does, and so does a published article's expiry (it leaves them) */
    [STMT_NEXT_SCHEDULED] = "SELECT min(t) FROM (SELECT min(published_at) AS t FROM articles"
                            " WHERE status = 2 AND published_at > ?1 UNION ALL"
                            " SELECT min(expires_at) FROM articles"
                            " WHERE status = 2 AND expires_at > ?1 UNION ALL"
                            " SELECT min(consultation_until) FROM documents"
                            " WHERE status = 1 AND consultation_until > ?1) AS due",
    /* its revisions and view count go with it (ON DELETE CASCADE) */
    [STMT_DELETE_ARTICLE] = "DELETE FROM articles WHERE id = ?1 AND site_id = " SQ_SITE,
    [STMT_DELETE_ARTICLE_AUTOSAVES] = "DELETE FROM article_autosaves WHERE article_id = ?1",
    [STMT_DELETE_ARTICLE_VIEWERS] = "DELETE FROM stats_article_viewers WHERE article_id = ?1",
    [STMT_PING] = "SELECT 1",
#define LIST_VARIANTS(base, L)                                                                     \
    [STMT_LIST_ARTICLES + (base)] = LIST_SQL(ARTICLE_COLUMNS, L),                                  \
    [STMT_LIST_ARTICLES + (base) + LIST_CATEGORY] = LIST_SQL(ARTICLE_COLUMNS, MATCH_CATEGORY L),   \
    [STMT_LIST_ARTICLES + (base) + LIST_PUBLISHED] = LIST_SQL(ARTICLE_COLUMNS, MATCH_PUBLISHED L), \
    [STMT_LIST_ARTICLES + (base) + LIST_CATEGORY + LIST_PUBLISHED] =                               \
        LIST_SQL(ARTICLE_COLUMNS, MATCH_CATEGORY MATCH_PUBLISHED L),                               \
    [STMT_LIST_ARTICLES + (base) + LIST_BODY] = LIST_SQL(ARTICLE_COLUMNS ARTICLE_BODIES, L),       \
    [STMT_LIST_ARTICLES + (base) + LIST_BODY + LIST_CATEGORY] =                                    \
        LIST_SQL(ARTICLE_COLUMNS ARTICLE_BODIES, MATCH_CATEGORY L),                                \
    [STMT_LIST_ARTICLES + (base) + LIST_BODY + LIST_PUBLISHED] =                                   \
        LIST_SQL(ARTICLE_COLUMNS ARTICLE_BODIES, MATCH_PUBLISHED L),                               \
    [STMT_LIST_ARTICLES + (base) + LIST_BODY + LIST_CATEGORY + LIST_PUBLISHED] =                   \
        LIST_SQL(ARTICLE_COLUMNS ARTICLE_BODIES, MATCH_CATEGORY MATCH_PUBLISHED L),                \
    [STMT_MATCH_ARTICLES + MATCH_SLOT(base)] = MATCH_SQL(L),                                       \
    [STMT_MATCH_ARTICLES + MATCH_SLOT(base) + LIST_CATEGORY] = MATCH_SQL(MATCH_CATEGORY L),        \
    [STMT_MATCH_ARTICLES + MATCH_SLOT(base) + LIST_PUBLISHED] = MATCH_SQL(MATCH_PUBLISHED L),      \
    [STMT_MATCH_ARTICLES + MATCH_SLOT(base) + LIST_CATEGORY + LIST_PUBLISHED] =                    \
        MATCH_SQL(MATCH_CATEGORY MATCH_PUBLISHED L)
    LIST_VARIANTS(0, ""),
    LIST_VARIANTS(LIST_LANG, MATCH_LANG),
#undef LIST_VARIANTS
};

/* Pool locking: these only fail on a mutex that was never initialised, a programmer mistake. */
static void pool_lock(struct store *st)
{
    int rc = pthread_mutex_lock(&st->lock);
    assert(rc == 0);
    (void)rc;
}

static void pool_unlock(struct store *st)
{
    int rc = pthread_mutex_unlock(&st->lock);
    assert(rc == 0);
    (void)rc;
}

/*
 * Maps a failed SQLite call on c onto a cong_err. Constraint failures come from the caller's
 * data and are not logged; anything else is unexpected and logged here, once, with SQLite's
 * message, so the caller only passes the code on. what names the operation ("add article").
 */
enum cong_err sq_fail(const struct store *st, const struct conn *c, int rc, const char *what)
{
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return CONG_EEXIST;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK: return CONG_EINVAL;
    case SQLITE_TOOBIG: return CONG_ETOOBIG;
    case SQLITE_NOMEM: return CONG_ENOMEM;
    case SQLITE_READONLY: return CONG_EPERM;
    default: break;
    }
    if (sq_is_pg(c)) {
        /* the location may hold a password: never logged */
        log_error("cannot %s in PostgreSQL: %s", what, sqs_errmsg(c));
        /* the server went away: unavailable for now, as when it cannot be reached */
        return c->pg->broken || (rc & 0xff) == SQLITE_BUSY ? CONG_EBUSY : CONG_ESTORE;
    }
    log_error("cannot %s in database '%s': %s", what, st->path, sqs_errmsg(c));
    /* still locked after the busy timeout: overloaded, worth a retry, not broken */
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return CONG_EBUSY;
    return CONG_ESTORE;
}

enum cong_err sq_stmt(const struct store *st, struct conn *c, unsigned slot, const char *sql,
                      struct sqs **out)
{
    int rc;

    assert(slot < SQ_STMT_SLOTS);
    if (!c->stmt[slot]) {
        rc = sqs_prepare(c, sql, -1, &c->stmt[slot]);
        if (rc != SQLITE_OK) {
            *out = NULL;
            return sq_fail(st, c, rc, "prepare a statement");
        }
    }
    *out = c->stmt[slot];
    rc = sq_bind_site(st, *out);
    if (rc != SQLITE_OK) {
        *out = NULL;
        return sq_fail(st, c, rc, "bind a statement's site");
    }
    return CONG_OK;
}

int sq_bind_site(const struct store *st, struct sqs *s)
{
    if (sqs_param_count(s) < SQ_SITE_PARAM)
        return SQLITE_OK;
    return sqs_bind_int64(s, SQ_SITE_PARAM, st->site_id);
}

/* The cached statement id of this file on c, prepared on first use. */
static enum cong_err stmt_get(const struct store *st, struct conn *c, enum sq_stmt id,
                              struct sqs **out)
{
    assert(id > SQ_CONTENT_BEGIN && id < SQ_CONTENT_END);
    return sq_stmt(st, c, (unsigned)id, stmt_sql[id], out);
}

/* Readies a cached statement for its next use; accepts NULL. */
void sq_stmt_put(struct sqs *s)
{
    if (!s)
        return;
    /* reset repeats the error of the last step, which the caller has already handled;
     * it must run anyway, as an unreset SELECT keeps its read transaction open */
    (void)sqs_reset(s);
    (void)sqs_clear(s);
}

void sq_bind_i64(struct binder *b, int i, int64_t v)
{
    if (b->rc == SQLITE_OK)
        b->rc = sqs_bind_int64(b->s, i, v);
}

/* A reference to another row: 0 means none and is stored as NULL. */
void sq_bind_ref(struct binder *b, int i, int64_t id)
{
    if (b->rc == SQLITE_OK)
        b->rc = id ? sqs_bind_int64(b->s, i, id) : sqs_bind_null_id(b->s, i);
}

/* Required text: NULL stays NULL, and the NOT NULL constraint turns it into CONG_EINVAL. */
void sq_bind_text(struct binder *b, int i, const char *v)
{
    /* SQLITE_STATIC: the caller's strings outlive the statement's use in this call */
    if (b->rc == SQLITE_OK)
        b->rc = v ? sqs_bind_text(b->s, i, v, -1, SQLITE_STATIC) : sqs_bind_null(b->s, i);
}

/* Optional text: NULL is stored as "". */
void sq_bind_opt_text(struct binder *b, int i, const char *v)
{
    sq_bind_text(b, i, v ? v : "");
}

void sq_bind_size(struct binder *b, int i, size_t v)
{
    sq_bind_i64(b, i, v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

/*
 * A copy of a text column in the arena: sqlite3_column_text's pointer dies at the next step
 * or reset. A NULL column (never written by this store) reads as "". NULL once r has failed.
 */
char *sq_row_text(struct row *r, int col)
{
    const unsigned char *t = NULL;
    size_t len = 0;
    char *p;

    if (r->rc != CONG_OK)
        return NULL;
    /* the type must be asked before sqlite3_column_text converts the value */
    if (sqs_type(r->s, col) != SQLITE_NULL) {
        t = sqs_text(r->s, col);
        if (!t) {
            /* a value that would not turn into text: SQLite ran out of memory */
            r->rc = CONG_ENOMEM;
            return NULL;
        }
        len = (size_t)sqs_bytes(r->s, col);
    }
    p = arena_strndup(r->ar, t ? (const char *)t : "", len);
    if (!p)
        r->rc = CONG_ENOMEM;
    return p;
}

int64_t sq_row_i64(struct row *r, int col)
{
    return sqs_int64(r->s, col);
}

static void row_category(struct row *r, struct category *c)
{
    int64_t pos = sq_row_i64(r, CC_POSITION);

    c->id = sq_row_i64(r, CC_ID);
    c->parent_id = sq_row_i64(r, CC_PARENT_ID);
    c->position = pos < INT32_MIN ? INT32_MIN : pos > INT32_MAX ? INT32_MAX : (int)pos;
    c->slug = sq_row_text(r, CC_SLUG);
    c->name = sq_row_text(r, CC_NAME);
    c->description = sq_row_text(r, CC_DESCRIPTION);
}

static void row_article(struct row *r, struct article *a, bool with_body)
{
    int64_t status = sq_row_i64(r, AC_STATUS);
    const char *format;

    a->id = sq_row_i64(r, AC_ID);
    a->category_id = sq_row_i64(r, AC_CATEGORY_ID);
    /* the CHECK constraint keeps status in range; a row that slipped past reads as a draft,
     * the state that shows least */
    a->status = status == ARTICLE_PENDING     ? ARTICLE_PENDING
                : status == ARTICLE_PUBLISHED ? ARTICLE_PUBLISHED
                                              : ARTICLE_DRAFT;
    a->published_at = sq_row_i64(r, AC_PUBLISHED_AT);
    a->created_at = sq_row_i64(r, AC_CREATED_AT);
    a->updated_at = sq_row_i64(r, AC_UPDATED_AT);
    a->cover_media_id = sq_row_i64(r, AC_COVER_MEDIA_ID);
    a->title = sq_row_text(r, AC_TITLE);
    a->slug = sq_row_text(r, AC_SLUG);
    a->summary = sq_row_text(r, AC_SUMMARY);
    a->author = sq_row_text(r, AC_AUTHOR);
    a->cover_caption = sq_row_text(r, AC_COVER_CAPTION);
    a->category_slug = sq_row_text(r, AC_CATEGORY_SLUG);
    a->category_name = sq_row_text(r, AC_CATEGORY_NAME);
    a->owner_id = sq_row_i64(r, AC_OWNER_ID);
    a->tags = sq_row_text(r, AC_TAGS);
    a->review_note = sq_row_text(r, AC_REVIEW_NOTE);
    a->owner_name = sq_row_text(r, AC_OWNER_NAME);
    a->site_id = sq_row_i64(r, AC_SITE_ID);
    a->meta_description = sq_row_text(r, AC_META_DESCRIPTION);
    a->cover_alt = sq_row_text(r, AC_COVER_ALT);
    a->expires_at = sq_row_i64(r, AC_EXPIRES_AT);
    a->featured = sq_row_i64(r, AC_FEATURED) == 1;
    a->lang = sq_row_text(r, AC_LANG);
    a->body_md = with_body ? sq_row_text(r, AC_BODY_MD) : NULL;
    a->body_html = with_body ? sq_row_text(r, AC_BODY_HTML) : NULL;
    /* without the body its format says nothing; a value the CHECK should have kept out reads
     * as Markdown, which renders any text safely */
    format = with_body ? sq_row_text(r, AC_BODY_FORMAT) : NULL;
    a->body_format = format && strcmp(format, "html") == 0 ? ARTICLE_BODY_HTML
                                                          : ARTICLE_BODY_MARKDOWN;
}

/* Connections. */

/* Fills err for a failure while opening the connection db, with SQLite's and the OS's words. */
static enum cong_err open_fail(const char *path, sqlite3 *db, int rc, struct cong_error *err)
{
    enum cong_err code = CONG_EIO;
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int sys = db ? sqlite3_system_errno(db) : 0;

    if ((rc & 0xff) == SQLITE_NOMEM)
        code = CONG_ENOMEM;
    else if ((rc & 0xff) == SQLITE_BUSY)
        code = CONG_EBUSY;
    if (sys)
        return cong_error_set(err, code, "cannot open database '%s': %s (%s)", path, msg,
                              strerror(sys));
    return cong_error_set(err, code, "cannot open database '%s': %s", path, msg);
}

static void conn_close(struct conn *c)
{
    size_t i;

    if (!c)
        return;
    if (sq_is_pg(c)) {
        sq_pg_close(c);
        return;
    }
    for (i = 0; i < SQ_STMT_SLOTS; i++)
        (void)sqs_finalize(c->stmt[i]); /* repeats a past step's error, if any */
    /* with every statement finalized, close can only fail on a programmer mistake */
    if (sqlite3_close(c->db) != SQLITE_OK)
        log_error("cannot close database: %s", sqs_errmsg(c));
    free(c);
}

/*
 * Opens one more connection to st->path and sets it up: extended result codes, busy timeout,
 * WAL, synchronous=FULL, foreign keys. The file must exist (store_open creates it), so a
 * database deleted while serving is not silently recreated empty.
 */
static enum cong_err conn_open(const struct store *st, struct conn **out, struct cong_error *err)
{
    struct conn *c;
    struct sqs *s = NULL;
    enum cong_err code = CONG_OK;
    const char *mode;
    int flags, rc;

    *out = NULL;
    if (st->pg)
        return sq_pg_open(st, out, err);
    c = calloc(1, sizeof(*c));
    if (!c)
        return cong_error_set(err, CONG_ENOMEM, "cannot open database '%s': out of memory",
                              st->path);
    /*
     * NOMUTEX: the pool lends a connection to one thread at a time, so SQLite's per-connection
     * mutex would be a second lock taken on every call for nothing. SQLite's shared state
     * keeps its own locks (store_open checks sqlite3_threadsafe()).
     */
    flags = (st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    rc = sqlite3_open_v2(st->path, &c->db, flags, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_extended_result_codes(c->db, 1);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    if (rc == SQLITE_OK && !st->readonly) {
        /* the first statement to read the file: a file that is no database fails here */
        rc = sqs_prepare(c, "PRAGMA journal_mode = WAL", -1, &s);
        if (rc == SQLITE_OK && (rc = sqs_step(s)) == SQLITE_ROW) {
            /* a file system without shared memory keeps the old mode rather than failing */
            mode = (const char *)sqs_text(s, 0);
            if (!mode || strcmp(mode, "wal") != 0) {
                code = cong_error_set(err, CONG_EIO,
                                      "cannot open database '%s': no WAL journal (mode '%s')",
                                      st->path, mode ? mode : "");
                goto out;
            }
            rc = SQLITE_OK;
        }
        if (rc == SQLITE_OK)
            rc = sqs_exec(c, "PRAGMA synchronous = FULL");
    }
    if (rc == SQLITE_OK)
        rc = sqs_exec(c, "PRAGMA foreign_keys = ON");
    if (rc != SQLITE_OK)
        code = open_fail(st->path, c->db, rc, err);
out:
    (void)sqs_finalize(s); /* its error, if any, is in rc */
    if (code == CONG_OK)
        *out = c;
    else
        conn_close(c);
    return code;
}

/*
 * Lends a connection: an idle one, else a new one while fewer than STORE_MAX_CONNECTIONS are
 * open, else waits for one to come back. Calls are short (the busy timeout bounds them), so
 * the wait is too.
 */
enum cong_err sq_pool_get(struct store *st, struct conn **out)
{
    struct conn *c = NULL;
    struct cong_error err;
    enum cong_err rc;
    int wait_rc;

    *out = NULL;
    st = sq_root(st);
    pool_lock(st);
    if (!st->idle && st->nconns >= STORE_MAX_CONNECTIONS)
        st->pool_waits++;
    while (!st->idle && st->nconns >= STORE_MAX_CONNECTIONS) {
        wait_rc = pthread_cond_wait(&st->freed, &st->lock);
        assert(wait_rc == 0); /* fails only on a broken mutex or condition */
        (void)wait_rc;
    }
    if (st->idle) {
        c = st->idle;
        st->idle = c->next;
        c->next = NULL;
    } else {
        st->nconns++; /* the slot is taken now; opening happens outside the lock */
    }
    pool_unlock(st);
    if (c) {
        *out = c;
        return CONG_OK;
    }
    rc = conn_open(st, &c, &err);
    if (rc != CONG_OK) {
        log_error("%s", err.msg);
        pool_lock(st);
        st->nconns--;
        (void)pthread_cond_signal(&st->freed); /* a waiter may open one in our place */
        pool_unlock(st);
        return rc == CONG_ENOMEM || rc == CONG_EBUSY ? rc : CONG_ESTORE;
    }
    *out = c;
    return CONG_OK;
}

/* Takes back a connection lent by pool_get; accepts NULL. */
void sq_pool_put(struct store *st, struct conn *c)
{
    if (!c)
        return;
    st = sq_root(st);
    if (sq_is_pg(c) && c->pg->wrote) {
        c->pg->wrote = false;
        __atomic_store_n(&st->pg_dirty, true, __ATOMIC_RELEASE);
    }
    if (sq_is_pg(c) && c->pg->broken) {
        /* the server went away: the next borrower opens a new connection */
        conn_close(c);
        pool_lock(st);
        st->nconns--;
        (void)pthread_cond_signal(&st->freed);
        pool_unlock(st);
        return;
    }
    /* every function ends its transaction; this only guards the next borrower should one
     * slip through */
    if (!sqs_autocommit(c))
        (void)sqs_exec(c, "ROLLBACK");
    pool_lock(st);
    c->next = st->idle;
    st->idle = c;
    (void)pthread_cond_signal(&st->freed);
    pool_unlock(st);
}

/* Runs BEGIN, COMMIT or ROLLBACK on c. */
static enum cong_err tx_run(const struct store *st, struct conn *c, enum sq_stmt id)
{
    struct sqs *s;
    enum cong_err rc;
    int step;

    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        return rc;
    step = sqs_step(s);
    sq_stmt_put(s);
    return step == SQLITE_DONE ? CONG_OK : sq_fail(st, c, step, "run a transaction");
}

/* Ends a transaction that failed part-way; SQLite may already have rolled it back. */
void sq_tx_abort(const struct store *st, struct conn *c)
{
    if (!sqs_autocommit(c))
        (void)tx_run(st, c, STMT_ROLLBACK); /* logged by tx_run; nothing more to do */
}

enum cong_err sq_begin(const struct store *st, struct conn *c)
{
    return tx_run(st, c, STMT_BEGIN);
}

enum cong_err sq_begin_write(const struct store *st, struct conn *c)
{
    return tx_run(st, c, STMT_BEGIN_WRITE);
}

enum cong_err sq_commit(const struct store *st, struct conn *c)
{
    return tx_run(st, c, STMT_COMMIT);
}

/* Steps a write statement to its end. */
enum cong_err sq_step_done(const struct store *st, struct conn *c, struct sqs *s,
                           const char *what)
{
    int rc = sqs_step(s);

    return rc == SQLITE_DONE ? CONG_OK : sq_fail(st, c, rc, what);
}

/* Steps a statement that yields one row: CONG_ENOTFOUND if it yields none. */
enum cong_err sq_step_row(const struct store *st, struct conn *c, struct sqs *s, const char *what)
{
    int rc = sqs_step(s);

    if (rc == SQLITE_ROW)
        return CONG_OK;
    return rc == SQLITE_DONE ? CONG_ENOTFOUND : sq_fail(st, c, rc, what);
}

enum cong_err sq_bound_done(const struct store *st, struct conn *c, const struct binder *b,
                            const char *what)
{
    return b->rc != SQLITE_OK ? sq_fail(st, c, b->rc, what) : sq_step_done(st, c, b->s, what);
}

enum cong_err sq_run_write(const struct store *st, struct conn *c, struct binder *b,
                           const char *what)
{
    enum cong_err rc = sq_bound_done(st, c, b, what);

    sq_stmt_put(b->s);
    return rc;
}

enum cong_err sq_bound_row(const struct store *st, struct conn *c, const struct binder *b,
                           const char *what)
{
    return b->rc != SQLITE_OK ? sq_fail(st, c, b->rc, what) : sq_step_row(st, c, b->s, what);
}

enum cong_err sq_get_one(struct store *st, struct arena *ar, const struct sq_one *q,
                         sq_read_fn read, void *out, size_t size)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;

    memset(out, 0, size);
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_stmt(st, c, q->slot, q->sql, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    if (q->text)
        sq_bind_text(&b, 1, q->text);
    else
        sq_bind_i64(&b, 1, q->id);
    rc = sq_bound_row(st, c, &b, q->what);
    if (rc != CONG_OK)
        goto out;
    r = (struct row){s, ar, CONG_OK};
    read(&r, out);
    rc = r.rc;
out:
    if (rc != CONG_OK)
        memset(out, 0, size);
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err sq_get_page(struct store *st, struct arena *ar, const struct sq_page *q, void **out,
                          size_t *n, size_t *total)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    char *items = NULL;
    size_t cap = 0, count = 0, matches;
    int first = q->keyed ? 2 : 1, step;
    bool in_tx = false;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = sq_stmt(st, c, q->count_slot, q->count_sql, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    if (q->keyed)
        sq_bind_i64(&b, 1, q->key);
    rc = sq_bound_row(st, c, &b, q->what);
    if (rc != CONG_OK)
        goto out;
    matches = (size_t)sqs_int64(s, 0);
    sq_stmt_put(s);
    s = NULL;
    if (matches > q->offset)
        cap = matches - q->offset < q->limit ? matches - q->offset : q->limit;
    if (cap > 0) {
        items = cap <= SIZE_MAX / q->size ? arena_alloc(ar, cap * q->size) : NULL;
        if (!items) {
            rc = CONG_ENOMEM;
            goto out;
        }
        memset(items, 0, cap * q->size);
        rc = sq_stmt(st, c, q->list_slot, q->list_sql, &s);
        if (rc != CONG_OK)
            goto out;
        b = (struct binder){s, SQLITE_OK};
        if (q->keyed)
            sq_bind_i64(&b, 1, q->key);
        sq_bind_size(&b, first, cap);
        sq_bind_size(&b, first + 1, q->offset);
        if (b.rc != SQLITE_OK) {
            rc = sq_fail(st, c, b.rc, q->what);
            goto out;
        }
        r = (struct row){s, ar, CONG_OK};
        step = SQLITE_DONE;
        while (count < cap && (step = sqs_step(s)) == SQLITE_ROW) {
            q->read(&r, items + count * q->size);
            if (r.rc != CONG_OK) {
                rc = r.rc;
                goto out;
            }
            count++;
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = sq_fail(st, c, step, q->what);
            goto out;
        }
        sq_stmt_put(s);
        s = NULL;
    }
    rc = sq_commit(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = false;
    *out = count ? items : NULL;
    *n = count;
    if (total)
        *total = matches;
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

/* Runs a statement with no parameters that yields one integer, on a connection being set up. */
static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *s;
    int rc;

    rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        rc = SQLITE_OK;
    }
    (void)sqlite3_finalize(s); /* repeats the step's error, already in rc */
    return rc;
}

/*
 * Brings the schema of the database on c up to STORE_SCHEMA_VERSION, one migration per
 * transaction. The version is read inside the write transaction each time, so two processes
 * running `cong init` at once cannot both apply the same step.
 */
static enum cong_err schema_update(struct store *st, struct conn *c, unsigned flags,
                                   struct cong_error *err)
{
    char sql[64];
    int64_t version = 0, objects;
    enum cong_err code = CONG_OK;
    bool allowed, creating = false;
    int rc, n;

    /* a migration may rebuild a table others refer to (SQLite's way to change a key), which
     * with foreign keys on would cascade; so they are off while migrating, and each step is
     * checked before it commits. The pragma does nothing inside a transaction: set it here */
    rc = sqs_exec(c, "PRAGMA foreign_keys = OFF");
    if (rc != SQLITE_OK)
        goto out;
    for (;;) {
        /* IMMEDIATE takes the write lock now: a read-only file or directory fails here,
         * before anything is written */
        rc = sqs_exec(c, st->readonly ? "BEGIN" : "BEGIN IMMEDIATE");
        if (rc == SQLITE_OK)
            rc = query_int(c->db, "PRAGMA user_version", &version);
        if (rc != SQLITE_OK)
            goto out;
        if (version > STORE_SCHEMA_VERSION) {
            code = cong_error_set(err, CONG_ESCHEMA,
                                  "database '%s' has schema version %lld, newer than this cong "
                                  "(%d): upgrade cong",
                                  st->path, (long long)version, STORE_SCHEMA_VERSION);
            goto out;
        }
        if (version == STORE_SCHEMA_VERSION)
            break;
        if (version == 0) {
            /* version 0 is also every SQLite file not made by Cổng: only an empty one is ours
             * to fill */
            rc = query_int(c->db, "SELECT count(*) FROM sqlite_master", &objects);
            if (rc != SQLITE_OK)
                goto out;
            if (objects > 0) {
                code = cong_error_set(err, CONG_ESCHEMA,
                                      "database '%s' is not a cong portal (it has tables but "
                                      "no cong schema)",
                                      st->path);
                goto out;
            }
            allowed = flags & (STORE_OPEN_CREATE | STORE_OPEN_MIGRATE);
            creating = true;
        } else {
            /* a file this call is creating goes through every step; an old one needs consent */
            allowed =
                flags & (creating ? STORE_OPEN_CREATE | STORE_OPEN_MIGRATE : STORE_OPEN_MIGRATE);
        }
        if (!allowed || st->readonly) {
            code = cong_error_set(err, CONG_ESCHEMA, "database '%s' needs migrating: run cong init",
                                  st->path);
            goto out;
        }
        /* PRAGMA takes no parameters; the value is our own integer */
        n = snprintf(sql, sizeof(sql), "PRAGMA user_version = %lld", (long long)version + 1);
        if (n < 0 || (size_t)n >= sizeof(sql)) {
            code = cong_error_set(err, CONG_ESTORE, "cannot migrate database '%s'", st->path);
            goto out;
        }
        rc = sqs_exec(c, migrations[version]);
        if (rc == SQLITE_OK && (rc = query_int(c->db, "SELECT count(*) FROM pragma_foreign_key_check",
                                               &objects)) == SQLITE_OK && objects > 0) {
            code = cong_error_set(err, CONG_ESCHEMA,
                                  "cannot migrate database '%s' to version %lld: %lld rows "
                                  "refer to rows that do not exist",
                                  st->path, (long long)version + 1, (long long)objects);
            goto out;
        }
        if (rc == SQLITE_OK)
            rc = sqs_exec(c, sql);
        if (rc == SQLITE_OK)
            rc = sqs_exec(c, "COMMIT");
        if (rc != SQLITE_OK)
            goto out;
    }
    /* up to date: the transaction wrote nothing */
    rc = sqs_exec(c, "COMMIT");
    if (rc == SQLITE_OK)
        st->schema_version = (int)version;
out:
    if (code == CONG_OK && rc != SQLITE_OK)
        code = open_fail(st->path, c->db, rc, err);
    if (!sqs_autocommit(c))
        (void)sqs_exec(c, "ROLLBACK"); /* nothing more to undo */
    if (sqs_exec(c, "PRAGMA foreign_keys = ON") != SQLITE_OK &&
        code == CONG_OK)
        code = open_fail(st->path, c->db, SQLITE_ERROR, err);
    return code;
}

/*
 * Creates the empty database file, mode 0600, exclusively: *created says whether this call
 * made it (another process may have won the race, and its file is not ours to remove).
 */
static enum cong_err create_file(const char *path, bool *created, struct cong_error *err)
{
    int fd;

    *created = false;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return CONG_OK;
        return cong_error_set(err, CONG_EIO, "cannot create database '%s': %s", path,
                              strerror(errno));
    }
    *created = true;
    if (close(fd) != 0) {
        (void)unlink(path);
        *created = false;
        return cong_error_set(err, CONG_EIO, "cannot create database '%s': %s", path,
                              strerror(errno));
    }
    return CONG_OK;
}

/* Removes a database file this process created, with whatever SQLite put beside it. */
static void remove_created(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    struct buf name;
    size_t i;

    buf_init(&name, 0);
    for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        buf_reset(&name);
        buf_printf(&name, "%s%s", path, suffixes[i]);
        /* best effort: most of these do not exist, and the open already failed */
        if (buf_error(&name) == CONG_OK)
            (void)unlink(name.data);
    }
    buf_release(&name);
}

/* A store with no connection yet: path copied, lock and condition ready. */
static struct store *store_new(const char *path, bool readonly)
{
    struct store *st = calloc(1, sizeof(*st));

    if (!st)
        return NULL;
    st->readonly = readonly;
    st->site_id = STORE_DEFAULT_SITE;
    st->path = strdup(path);
    if (!st->path)
        goto fail;
    if (pthread_mutex_init(&st->lock, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&st->freed, NULL) != 0) {
        (void)pthread_mutex_destroy(&st->lock);
        goto fail;
    }
    if (pthread_mutex_init(&st->watch_lock, NULL) != 0) {
        (void)pthread_cond_destroy(&st->freed);
        (void)pthread_mutex_destroy(&st->lock);
        goto fail;
    }
    return st;
fail:
    free(st->path);
    free(st);
    return NULL;
}

static void watch_close(struct store *st)
{
    (void)sqs_finalize(st->watch_version);
    (void)sqs_finalize(st->watch_gen);
    st->watch_version = st->watch_gen = NULL;
    if (st->watch)
        conn_close(st->watch);
    st->watch = NULL;
}

/* Frees a store made by store_new whose connections are all closed; accepts NULL. */
static void store_destroy(struct store *st)
{
    if (!st)
        return;
    watch_close(st);
    (void)pthread_mutex_destroy(&st->watch_lock);
    (void)pthread_cond_destroy(&st->freed);
    (void)pthread_mutex_destroy(&st->lock);
    sq_search_cache_free(st->search_cache);
    free(st->path);
    free(st);
}

enum cong_err store_open(const char *path, unsigned flags, struct store **out,
                         struct cong_error *err)
{
    const unsigned known = STORE_OPEN_CREATE | STORE_OPEN_MIGRATE | STORE_OPEN_READONLY;
    struct store *st = NULL;
    struct conn *c = NULL;
    struct stat sb;
    bool created = false;
    enum cong_err rc;

    *out = NULL;
    if (!path || !*path || strcmp(path, ":memory:") == 0) {
        /* SQLite would give each pooled connection a database of its own */
        return cong_error_set(err, CONG_EINVAL, "invalid database path '%s'", path ? path : "");
    }
    if ((flags & ~known) ||
        ((flags & STORE_OPEN_READONLY) && (flags & (STORE_OPEN_CREATE | STORE_OPEN_MIGRATE))))
        return cong_error_set(err, CONG_EINVAL, "cannot open database '%s': invalid flags", path);
    if (sq_location_is_pg(path)) {
        st = store_new(path, flags & STORE_OPEN_READONLY);
        if (!st)
            return cong_error_set(err, CONG_ENOMEM, "cannot open the database: out of memory");
        st->pg = true;
        rc = conn_open(st, &c, err);
        if (rc == CONG_OK)
            rc = sq_pg_schema(st, c, flags, err);
        if (rc != CONG_OK) {
            conn_close(c);
            store_destroy(st);
            return rc;
        }
        st->idle = c;
        st->nconns = 1;
        *out = st;
        return CONG_OK;
    }
    if (!sqlite3_threadsafe())
        return cong_error_set(err, CONG_ESTORE,
                              "cannot open database '%s': sqlite was built without threads", path);

    /*
     * Cổng makes the file itself rather than through SQLITE_OPEN_CREATE, so it knows the file
     * is its own and can remove it if anything below fails.
     */
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT)
            return cong_error_set(err, CONG_EIO, "cannot open database '%s': %s", path,
                                  strerror(errno));
        if (!(flags & STORE_OPEN_CREATE))
            return cong_error_set(err, CONG_ENOTFOUND, "no portal at '%s': run cong init", path);
        rc = create_file(path, &created, err);
        if (rc != CONG_OK)
            return rc;
    }

    st = store_new(path, flags & STORE_OPEN_READONLY);
    if (!st) {
        rc = cong_error_set(err, CONG_ENOMEM, "cannot open database '%s': out of memory", path);
        goto out;
    }
    rc = conn_open(st, &c, err);
    if (rc != CONG_OK)
        goto out;
    rc = schema_update(st, c, flags, err);
    if (rc != CONG_OK)
        goto out;
    st->idle = c;
    st->nconns = 1;
    *out = st;
    return CONG_OK;
out:
    conn_close(c);
    store_destroy(st);
    if (created)
        remove_created(path);
    return rc;
}

/* Steps s, a statement of one integer, into *out, then resets it (ending its read); an
   SQLite result code. */
static int sq_scalar(struct sqs *s, int64_t *out)
{
    int rc = sqs_step(s);

    if (rc == SQLITE_ROW) {
        *out = sqs_int64(s, 0);
        rc = SQLITE_OK;
    }
    (void)sqs_reset(s);
    return rc;
}

/* Opens the watch connection and its two statements; false if it cannot (under watch_lock). */
static bool watch_open(struct store *st)
{
    if (st->watch)
        return true;
    if (conn_open(st, &st->watch, NULL) != CONG_OK)
        return false;
    if (sqs_prepare(st->watch, "PRAGMA data_version", -1, &st->watch_version) != SQLITE_OK ||
        sqs_prepare(st->watch, "SELECT n FROM page_generation", -1, &st->watch_gen) !=
            SQLITE_OK) {
        watch_close(st);
        return false;
    }
    return true;
}

/*
 * The watch connection asks SQLite whether any other connection (of this process or another)
 * committed since it last looked: PRAGMA data_version, cheap and local. Only then does it read
 * page_generation, which triggers move in the same transaction as every change to what pages
 * show. So the number is exact for writers anywhere, and costs one light statement a call.
 */
uint64_t store_generation(struct store *st)
{
    int64_t version = 0, n = 0;
    uint64_t gen;

    st = sq_root(st);
    if (st->pg)
        return sq_pg_generation(st);
    pthread_mutex_lock(&st->watch_lock);
    if (!watch_open(st) || sq_scalar(st->watch_version, &version) != SQLITE_OK) {
        st->generation_known = false;
    } else if (!st->generation_known || version != st->data_version) {
        st->generation_known = sq_scalar(st->watch_gen, &n) == SQLITE_OK;
        st->generation = (uint64_t)n;
        st->data_version = version;
    }
    /* not known: a number never given before, so nothing drawn now is kept */
    gen = st->generation_known ? st->generation : (++st->unknown | (1ull << 63));
    pthread_mutex_unlock(&st->watch_lock);
    return gen;
}

void store_free(struct store *st)
{
    struct conn *c;
    size_t n = 0;

    if (!st || st->root)
        return; /* a view lives as long as its root */
    for (size_t i = 0; i < st->nviews; i++)
        free(st->views[i]);
    free(st->views);
    while ((c = st->idle)) {
        st->idle = c->next;
        conn_close(c);
        n++;
    }
    /* a connection still lent out means a call is running: the caller broke the contract */
    assert(n == st->nconns);
    store_destroy(st);
}

int store_schema_version(struct store *st)
{
    return st->schema_version;
}

int64_t store_site_id(const struct store *st)
{
    return st->site_id;
}

enum cong_err store_for_site(struct store *st, int64_t site_id, struct store **out)
{
    struct store *root = sq_root(st), *v = NULL, **grown;
    enum cong_err rc = CONG_OK;

    *out = NULL;
    if (site_id <= 0)
        return CONG_EINVAL;
    if (site_id == root->site_id) {
        *out = root;
        return CONG_OK;
    }
    pool_lock(root);
    for (size_t i = 0; i < root->nviews && !v; i++) {
        if (root->views[i]->site_id == site_id)
            v = root->views[i];
    }
    if (!v && root->nviews == root->views_cap) {
        size_t cap = root->views_cap ? root->views_cap * 2 : 8;
        grown = realloc(root->views, cap * sizeof(*grown));
        if (grown) {
            root->views = grown;
            root->views_cap = cap;
        }
    }
    if (!v && root->nviews < root->views_cap && (v = calloc(1, sizeof(*v)))) {
        v->root = root;
        v->site_id = site_id;
        v->path = root->path;
        v->readonly = root->readonly;
        v->schema_version = root->schema_version;
        root->views[root->nviews++] = v;
    }
    if (!v)
        rc = CONG_ENOMEM;
    pool_unlock(root);
    *out = v;
    return rc;
}

/* Settings. */

enum cong_err store_get_setting(struct store *st, struct arena *a, const char *key, char **value)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    struct row r;
    enum cong_err rc;

    *value = NULL;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, STMT_GET_SETTING, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, key);
    if (b.rc != SQLITE_OK) {
        rc = sq_fail(st, c, b.rc, "read a setting");
        goto out;
    }
    rc = sq_step_row(st, c, s, "read a setting");
    if (rc == CONG_ENOTFOUND) {
        rc = CONG_OK; /* not set: *value stays NULL */
        goto out;
    }
    if (rc != CONG_OK)
        goto out;
    r = (struct row){s, a, CONG_OK};
    *value = sq_row_text(&r, 0);
    rc = r.rc;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

/* Writes key = value with statement id (STMT_SET_SETTING or STMT_ADD_SETTING). */
static enum cong_err write_setting(struct store *st, enum sq_stmt id, const char *key,
                                   const char *value)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, key);
    sq_bind_text(&b, 2, value);
    rc = sq_bound_done(st, c, &b, "write a setting");
    if (rc == CONG_OK && id == STMT_ADD_SETTING && sqs_changes(c) == 0)
        rc = CONG_EEXIST;
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_set_setting(struct store *st, const char *key, const char *value)
{
    return write_setting(st, STMT_SET_SETTING, key, value);
}

enum cong_err store_add_setting(struct store *st, const char *key, const char *value)
{
    return write_setting(st, STMT_ADD_SETTING, key, value);
}

/* Categories. */

/* Runs statement id of this file, whose one parameter ?1 is an id, to its end. */
static enum cong_err run_with_id(const struct store *st, struct conn *c, enum sq_stmt id,
                                 int64_t value, const char *what)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = stmt_get(st, c, id, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, value);
    return sq_run_write(st, c, &b, what);
}

/*
 * CONG_EINVAL unless category and media (each 0: none) are records of st's site, on c: a
 * foreign key only says a row exists, and another site's would do.
 */
static enum cong_err refs_in_site(const struct store *st, struct conn *c, int64_t category,
                                  int64_t media)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;
    int64_t ok = 0;

    if (!category && !media)
        return CONG_OK;
    rc = stmt_get(st, c, STMT_REFS_IN_SITE, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_ref(&b, 1, category);
    sq_bind_ref(&b, 2, media);
    rc = sq_bound_row(st, c, &b, "check a reference");
    if (rc == CONG_OK)
        ok = sqs_int64(s, 0);
    sq_stmt_put(s);
    if (rc == CONG_OK && !ok)
        rc = CONG_EINVAL;
    return rc;
}

enum cong_err store_add_category(struct store *st, const struct category *cat, int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* the parent's check and the insert together */
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = refs_in_site(st, c, cat->parent_id, 0);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, STMT_ADD_CATEGORY, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_ref(&b, 1, cat->parent_id);
    sq_bind_i64(&b, 2, cat->position);
    sq_bind_text(&b, 3, cat->slug);
    sq_bind_text(&b, 4, cat->name);
    sq_bind_opt_text(&b, 5, cat->description);
    rc = sq_bound_done(st, c, &b, "add category");
    /* the connection is ours alone until pool_put, so this is our insert's id */
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
    sq_stmt_put(s);
    s = NULL;
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
out:
    sq_stmt_put(s);
    if (rc != CONG_OK) {
        *id = 0;
        sq_tx_abort(st, c);
    }
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_list_categories(struct store *st, struct arena *a, struct category **out,
                                    size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct category *cats = NULL;
    struct row r;
    size_t cap, count = 0;
    bool in_tx = false;
    enum cong_err rc;
    int step;

    *out = NULL;
    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* count, then rows, in one snapshot, so the array is sized exactly */
    rc = tx_run(st, c, STMT_BEGIN);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    rc = stmt_get(st, c, STMT_COUNT_CATEGORIES, &s);
    if (rc != CONG_OK)
        goto out;
    rc = sq_step_row(st, c, s, "count categories");
    if (rc != CONG_OK)
        goto out;
    cap = (size_t)sqs_int64(s, 0);
    sq_stmt_put(s);
    s = NULL;
    if (cap > 0) {
        cats = cap <= SIZE_MAX / sizeof(*cats) ? arena_alloc(a, cap * sizeof(*cats)) : NULL;
        if (!cats) {
            rc = CONG_ENOMEM;
            goto out;
        }
        rc = stmt_get(st, c, STMT_LIST_CATEGORIES, &s);
        if (rc != CONG_OK)
            goto out;
        r = (struct row){s, a, CONG_OK};
        step = SQLITE_DONE;
        while (count < cap && (step = sqs_step(s)) == SQLITE_ROW) {
            row_category(&r, &cats[count]);
            if (r.rc != CONG_OK) {
                rc = r.rc;
                goto out;
            }
            count++;
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = sq_fail(st, c, step, "list categories");
            goto out;
        }
        sq_stmt_put(s);
        s = NULL;
    }
    rc = tx_run(st, c, STMT_COMMIT);
    if (rc != CONG_OK)
        goto out;
    in_tx = false;
    *out = count ? cats : NULL;
    *n = count;
out:
    sq_stmt_put(s);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

static void read_category(struct row *r, void *out)
{
    row_category(r, out);
}

/* One category by id (slug NULL) or by slug. */
static enum cong_err get_category(struct store *st, struct arena *a, int64_t id, const char *slug,
                                  struct category *out)
{
    enum sq_stmt sid = slug ? STMT_GET_CATEGORY_BY_SLUG : STMT_GET_CATEGORY;
    struct sq_one q = {sid, stmt_sql[sid], id, slug, "read a category"};

    return sq_get_one(st, a, &q, read_category, out, sizeof(*out));
}

enum cong_err store_get_category_by_slug(struct store *st, struct arena *a, const char *slug,
                                         struct category *out)
{
    if (!slug) {
        memset(out, 0, sizeof(*out));
        return CONG_ENOTFOUND;
    }
    return get_category(st, a, 0, slug, out);
}

enum cong_err store_get_category(struct store *st, struct arena *a, int64_t id,
                                 struct category *out)
{
    return get_category(st, a, id, NULL, out);
}

enum cong_err store_update_category(struct store *st, const struct category *cat)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* the cycle check and the write in one write transaction: no move in between can close
     * a loop the check did not see */
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = refs_in_site(st, c, cat->parent_id, 0);
    if (rc != CONG_OK)
        goto out;
    if (cat->parent_id) {
        rc = stmt_get(st, c, STMT_CATEGORY_CYCLE, &s);
        if (rc != CONG_OK)
            goto out;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, cat->id);
        sq_bind_i64(&b, 2, cat->parent_id);
        rc = sq_bound_row(st, c, &b, "update category");
        if (rc == CONG_OK && sqs_int64(s, 0) > 0)
            rc = CONG_EINVAL; /* the new parent is the category itself or below it */
        sq_stmt_put(s);
        s = NULL;
        if (rc != CONG_OK)
            goto out;
    }
    rc = stmt_get(st, c, STMT_UPDATE_CATEGORY, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, cat->id);
    sq_bind_ref(&b, 2, cat->parent_id);
    sq_bind_i64(&b, 3, cat->position);
    sq_bind_text(&b, 4, cat->slug);
    sq_bind_text(&b, 5, cat->name);
    sq_bind_opt_text(&b, 6, cat->description);
    rc = sq_run_write(st, c, &b, "update category");
    s = NULL;
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
out:
    sq_stmt_put(s);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

/* Reads category id's article and child counts on c. */
static enum cong_err category_usage_on(const struct store *st, struct conn *c, int64_t id,
                                       size_t *articles, size_t *children)
{
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = stmt_get(st, c, STMT_CATEGORY_USAGE, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, id);
    rc = sq_bound_row(st, c, &b, "count a category's articles");
    if (rc == CONG_OK) {
        *articles = (size_t)sqs_int64(s, 0);
        *children = (size_t)sqs_int64(s, 1);
    }
    sq_stmt_put(s);
    return rc;
}

enum cong_err store_category_usage(struct store *st, int64_t id, size_t *articles, size_t *children)
{
    struct conn *c = NULL;
    enum cong_err rc;

    *articles = 0;
    *children = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* one statement, so both counts come from one snapshot */
    rc = category_usage_on(st, c, id, articles, children);
    if (rc != CONG_OK) {
        *articles = 0;
        *children = 0;
    }
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_delete_category(struct store *st, int64_t id)
{
    struct conn *c = NULL;
    size_t articles = 0, children = 0;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* IMMEDIATE: no article can be filed under it between the check and the delete */
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = category_usage_on(st, c, id, &articles, &children);
    if (rc == CONG_OK && (articles > 0 || children > 0))
        rc = CONG_EEXIST;
    if (rc == CONG_OK)
        rc = run_with_id(st, c, STMT_DELETE_CATEGORY, id, "delete a category");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_order_categories(struct store *st, int64_t parent_id, const int64_t *ids,
                                     size_t n)
{
    struct conn *c = NULL;
    struct sqs *s;
    struct binder b;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    for (size_t i = 0; i < n && rc == CONG_OK; i++) {
        rc = stmt_get(st, c, STMT_SET_CATEGORY_POSITION, &s);
        if (rc != CONG_OK)
            break;
        b = (struct binder){s, SQLITE_OK};
        sq_bind_i64(&b, 1, ids[i]);
        sq_bind_i64(&b, 2, (int64_t)i);
        sq_bind_i64(&b, 3, parent_id);
        rc = sq_run_write(st, c, &b, "order categories");
        if (rc == CONG_OK && sqs_changes(c) == 0)
            rc = CONG_ENOTFOUND; /* gone, or moved under another parent meanwhile */
    }
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

/* Articles. */

/* Binds ?1..?15 and ?17 of STMT_ADD_ARTICLE and STMT_UPDATE_ARTICLE. */
static void bind_article(struct binder *b, const struct article *a, int64_t now)
{
    sq_bind_i64(b, 1, a->category_id);
    sq_bind_i64(b, 2, (int64_t)a->status);
    sq_bind_i64(b, 3, a->published_at);
    sq_bind_ref(b, 4, a->cover_media_id);
    sq_bind_text(b, 5, a->title);
    sq_bind_text(b, 6, a->slug);
    sq_bind_opt_text(b, 7, a->summary);
    sq_bind_opt_text(b, 8, a->author);
    sq_bind_opt_text(b, 9, a->cover_caption);
    sq_bind_opt_text(b, 10, a->body_md);
    sq_bind_opt_text(b, 11, a->body_html);
    sq_bind_ref(b, 12, a->owner_id);
    sq_bind_opt_text(b, 13, a->tags);
    sq_bind_opt_text(b, 14, a->review_note);
    sq_bind_i64(b, 15, now);
    sq_bind_text(b, 17, store_body_format_name(a->body_format));
    sq_bind_opt_text(b, 18, a->meta_description);
    sq_bind_opt_text(b, 19, a->cover_alt);
    sq_bind_i64(b, 20, a->expires_at > 0 ? a->expires_at : 0);
    sq_bind_i64(b, 21, a->featured ? 1 : 0);
    sq_bind_text(b, 22, a->lang ? a->lang : "vi");
}

enum cong_err sq_article_add(const struct store *st, struct conn *c, const struct article *a,
                             int64_t now, int64_t *id)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    rc = refs_in_site(st, c, a->category_id, a->cover_media_id);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, STMT_ADD_ARTICLE, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    bind_article(&b, a, now);
    rc = sq_run_write(st, c, &b, "add article");
    /* read before the index insert, which moves the last rowid */
    if (rc == CONG_OK)
        *id = sqs_last_id(c);
    if (rc == CONG_OK)
        rc = sq_search_put(st, c, *id, a, false);
    if (rc != CONG_OK)
        *id = 0;
    return rc;
}

enum cong_err sq_article_update(const struct store *st, struct conn *c, const struct article *a,
                                int64_t now)
{
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    rc = refs_in_site(st, c, a->category_id, a->cover_media_id);
    if (rc == CONG_OK)
        rc = stmt_get(st, c, STMT_UPDATE_ARTICLE, &s);
    if (rc != CONG_OK)
        return rc;
    b = (struct binder){s, SQLITE_OK};
    bind_article(&b, a, now);
    sq_bind_i64(&b, 16, a->id);
    rc = sq_run_write(st, c, &b, "update article");
    /* changes() survives the reset, and counts only this statement's own rows */
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = sq_search_put(st, c, a->id, a, true);
    return rc;
}

enum cong_err store_add_article(struct store *st, const struct article *a, int64_t *id)
{
    return store_add_articles(st, a, 1, id);
}

enum cong_err store_add_articles(struct store *st, const struct article *arts, size_t n,
                                 int64_t *ids)
{
    /* their history starts here, by nobody logged in (an import, the demo, the command line) */
    static const struct revision_meta meta = {.action = "create"};
    struct conn *c = NULL;
    int64_t now = time_now(), rev;
    enum cong_err rc;
    size_t i;

    for (i = 0; i < n; i++)
        ids[i] = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    /* the articles, their search index entries and first revisions are written together or
     * not at all */
    rc = sq_begin_write(st, c);
    for (i = 0; rc == CONG_OK && i < n; i++) {
        rc = sq_article_add(st, c, &arts[i], now, &ids[i]);
        if (rc == CONG_OK)
            rc = sq_revision_add(st, c, ids[i], &arts[i], &meta, now, &rev);
    }
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK) {
        sq_tx_abort(st, c);
        for (i = 0; i < n; i++)
            ids[i] = 0;
    }
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_update_article(struct store *st, const struct article *a)
{
    struct conn *c = NULL;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK)
        rc = sq_article_update(st, c, a, time_now());
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_delete_article(struct store *st, int64_t id, int64_t expect_rev)
{
    struct conn *c = NULL;
    int64_t latest = 0;
    enum cong_err rc;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = sq_begin_write(st, c);
    if (rc == CONG_OK && expect_rev >= 0) {
        rc = sq_latest_revision(st, c, id, &latest);
        if (rc == CONG_OK && latest != expect_rev)
            rc = CONG_EEXIST; /* changed since the caller decided: it decides again */
    }
    /* the article first (its revisions and view count go with it by ON DELETE CASCADE):
     * without it there is nothing to delete; then what refers to it without a foreign key */
    if (rc == CONG_OK)
        rc = run_with_id(st, c, STMT_DELETE_ARTICLE, id, "delete an article");
    if (rc == CONG_OK && sqs_changes(c) == 0)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_OK)
        rc = run_with_id(st, c, STMT_DELETE_ARTICLE_AUTOSAVES, id, "delete an article");
    if (rc == CONG_OK)
        rc = run_with_id(st, c, STMT_DELETE_ARTICLE_VIEWERS, id, "delete an article");
    if (rc == CONG_OK)
        rc = sq_search_drop(st, c, id);
    if (rc == CONG_OK)
        rc = sq_commit(st, c);
    if (rc != CONG_OK)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    return rc;
}

static void read_article(struct row *r, void *out)
{
    row_article(r, out, true);
}

enum cong_err store_get_article(struct store *st, struct arena *ar, int64_t id, struct article *out)
{
    struct sq_one q = {STMT_GET_ARTICLE, stmt_sql[STMT_GET_ARTICLE], id, NULL, "read an article"};

    return sq_get_one(st, ar, &q, read_article, out, sizeof(*out));
}

/* What a listing binds besides q's own fields, worked out from q once. */
struct list_params {
    unsigned variant;  /* enum list_variant bits */
    int64_t status[2]; /* the statuses of LIST_STATUS (one) or LIST_STATUS_TWO */
    bool none;         /* status_mask names no status there is: nothing can match */
    struct buf match;  /* the FTS5 query of LIST_TERMS */
};

/*
 * The variant of q and its parameters into p (release p->match after). CONG_EINVAL if q's
 * terms are not a valid search (see sq_search_terms_match).
 */
static enum cong_err list_params_init(struct list_params *p, const struct article_query *q)
{
    unsigned wanted = q->status_mask & 7u, n = 0;
    int s;

    _Static_assert(ARTICLE_DRAFT == 0 && ARTICLE_PENDING == 1 && ARTICLE_PUBLISHED == 2,
                   "the status mask has one bit for each of three statuses");
    memset(p, 0, sizeof(*p));
    buf_init(&p->match, 4096);
    if (q->category_id)
        p->variant |= LIST_CATEGORY;
    if (q->published_only)
        p->variant |= LIST_PUBLISHED;
    if (q->with_body)
        p->variant |= LIST_BODY;
    /* all three statuses filter nothing; bits past the statuses name nothing */
    if (q->status_mask && wanted != 7u) {
        for (s = 0; s < 3; s++) {
            if (wanted & (1u << s))
                p->status[n++] = s;
        }
        p->none = n == 0;
        p->variant |= n == 2 ? LIST_STATUS_TWO : LIST_STATUS;
    }
    if (q->scheduled_only)
        p->variant |= LIST_SCHEDULED;
    if (q->owner_id)
        p->variant |= LIST_OWNER;
    if (q->with_shared)
        p->variant |= LIST_SHARED;
    if (q->featured_only)
        p->variant |= LIST_FEATURED;
    if (q->lang)
        p->variant |= LIST_LANG;
    if (q->from || q->to)
        p->variant |= LIST_RANGE;
    if (q->nterms) {
        p->variant |= LIST_TERMS;
        return sq_search_terms_match(q->terms, q->nterms, &p->match);
    }
    return CONG_OK;
}

/*
 * Writes the list statement of an admin variant (the count statement if count) into sql.
 * The page's ids are picked first, from the indexes alone where they cover the filters, and
 * only those rows are read: two statuses or search words leave no index that walks in date
 * order, and sorting whole rows cost 20 ms for 10,000 drafts against under 1 ms this way
 * (EXPLAIN QUERY PLAN and timings on 100,000 articles, 2026-12).
 */
static void list_sql(struct buf *sql, unsigned variant, bool count)
{
    if (count) {
        buf_puts(sql, "SELECT count(*) FROM articles a");
    } else {
        buf_puts(sql, "SELECT " ARTICLE_COLUMNS);
        if (variant & LIST_BODY)
            buf_puts(sql, ARTICLE_BODIES);
        buf_puts(sql, ARTICLE_FROM " WHERE a.id IN (SELECT a.id FROM articles a");
    }
    buf_puts(sql, variant & LIST_SHARED ? MATCH_SHARED : MATCH_ANY);
    if (variant & LIST_CATEGORY)
        buf_puts(sql, MATCH_CATEGORY);
    if (variant & LIST_PUBLISHED)
        buf_puts(sql, MATCH_PUBLISHED);
    if (variant & LIST_STATUS)
        buf_puts(sql, MATCH_STATUS_ONE);
    if (variant & LIST_STATUS_TWO)
        buf_puts(sql, MATCH_STATUS_TWO);
    if (variant & LIST_SCHEDULED)
        buf_puts(sql, MATCH_SCHEDULED);
    if (variant & LIST_OWNER)
        buf_puts(sql, MATCH_OWNER);
    if (variant & LIST_RANGE)
        buf_puts(sql, MATCH_RANGE);
    if (variant & LIST_TERMS)
        buf_puts(sql, MATCH_TERMS);
    if (variant & LIST_FEATURED)
        buf_puts(sql, MATCH_FEATURED);
    if (variant & LIST_LANG)
        buf_puts(sql, MATCH_LANG);
    if (!count)
        buf_puts(sql, LIST_ORDER ")" LIST_ORDER_BY);
}

/*
 * The statement listing (or, if count, counting) the articles of variant on c: the cached one
 * of a public variant, else one written and prepared for this call only, and then *once is
 * set: release it with list_stmt_put.
 */
static enum cong_err list_stmt(const struct store *st, struct conn *c, unsigned variant, bool count,
                               struct sqs **out, bool *once)
{
    struct buf sql;
    enum cong_err rc;
    int step;

    *out = NULL;
    *once = false;
    if (!(variant & LIST_ADMIN)) {
        if (count)
            return stmt_get(st, c, STMT_MATCH_ARTICLES + MATCH_SLOT(variant), out);
        return stmt_get(st, c, STMT_LIST_ARTICLES + variant, out);
    }
    buf_init(&sql, 4096);
    list_sql(&sql, variant, count);
    rc = buf_error(&sql);
    if (rc == CONG_OK) {
        step = sqs_prepare(c, sql.data, (int)sql.len, out);
        if (step == SQLITE_OK && (step = sq_bind_site(st, *out)) != SQLITE_OK) {
            (void)sqs_finalize(*out);
            *out = NULL;
        }
        if (step == SQLITE_OK)
            *once = true;
        else
            rc = sq_fail(st, c, step, "prepare a statement");
    }
    buf_release(&sql);
    return rc;
}

static void list_stmt_put(struct sqs *s, bool once)
{
    if (once)
        (void)sqs_finalize(s); /* repeats a step's error, already handled */
    else
        sq_stmt_put(s);
}

/* Binds the filter parameters (?1..?3, ?6..?12) of a list or count statement of p's variant. */
static void bind_match(struct binder *b, const struct article_query *q, const struct list_params *p)
{
    unsigned v = p->variant;

    sq_bind_i64(b, 1, q->exclude_id);
    if (v & LIST_CATEGORY)
        sq_bind_i64(b, 2, q->category_id);
    if (v & (LIST_PUBLISHED | LIST_SCHEDULED))
        sq_bind_i64(b, 3, q->now);
    if (v & (LIST_STATUS | LIST_STATUS_TWO))
        sq_bind_i64(b, 6, p->status[0]);
    if (v & LIST_STATUS_TWO)
        sq_bind_i64(b, 7, p->status[1]);
    if (v & LIST_OWNER)
        sq_bind_i64(b, 8, q->owner_id);
    if (v & LIST_RANGE) {
        sq_bind_i64(b, 9, q->from ? q->from : INT64_MIN);
        sq_bind_i64(b, 10, q->to ? q->to : INT64_MAX);
    }
    if (v & LIST_TERMS)
        sq_bind_text(b, 11, p->match.data);
    if (v & LIST_LANG)
        sq_bind_text(b, 12, q->lang);
}

enum cong_err store_list_articles(struct store *st, struct arena *ar, const struct article_query *q,
                                  struct article **out, size_t *n, size_t *total)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct article *rows = NULL;
    struct list_params p;
    struct binder b;
    struct row r;
    size_t cap, count = 0, matches = 0;
    bool in_tx = false, once = false;
    enum cong_err rc;
    int step;

    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    rc = list_params_init(&p, q);
    if (rc != CONG_OK || p.none)
        goto out;
    cap = q->limit < STORE_LIST_MAX ? q->limit : STORE_LIST_MAX;

    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        goto out;
    /* one read transaction: the total and the page come from the same snapshot */
    rc = sq_begin(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = true;
    if (total) {
        rc = list_stmt(st, c, p.variant, true, &s, &once);
        if (rc != CONG_OK)
            goto out;
        b = (struct binder){s, SQLITE_OK};
        bind_match(&b, q, &p);
        rc = sq_bound_row(st, c, &b, "count articles");
        if (rc != CONG_OK)
            goto out;
        matches = (size_t)sqs_int64(s, 0);
        list_stmt_put(s, once);
        s = NULL;
        /* no more rows than the snapshot holds past the offset */
        if (matches <= q->offset)
            cap = 0;
        else if (matches - q->offset < cap)
            cap = matches - q->offset;
    }
    if (cap > 0) {
        rows = arena_alloc(ar, cap * sizeof(*rows)); /* cap <= STORE_LIST_MAX: no overflow */
        if (!rows) {
            rc = CONG_ENOMEM;
            goto out;
        }
        rc = list_stmt(st, c, p.variant, false, &s, &once);
        if (rc != CONG_OK)
            goto out;
        b = (struct binder){s, SQLITE_OK};
        bind_match(&b, q, &p);
        sq_bind_size(&b, 4, cap);
        sq_bind_size(&b, 5, q->offset);
        if (b.rc != SQLITE_OK) {
            rc = sq_fail(st, c, b.rc, "list articles");
            goto out;
        }
        r = (struct row){s, ar, CONG_OK};
        step = SQLITE_DONE;
        while (count < cap && (step = sqs_step(s)) == SQLITE_ROW) {
            row_article(&r, &rows[count], q->with_body);
            if (r.rc != CONG_OK) {
                rc = r.rc;
                goto out;
            }
            count++;
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = sq_fail(st, c, step, "list articles");
            goto out;
        }
        list_stmt_put(s, once);
        s = NULL;
    }
    rc = sq_commit(st, c);
    if (rc != CONG_OK)
        goto out;
    in_tx = false;
    *out = count ? rows : NULL;
    *n = count;
    if (total)
        *total = matches;
out:
    if (s)
        list_stmt_put(s, once);
    if (in_tx)
        sq_tx_abort(st, c);
    sq_pool_put(st, c);
    buf_release(&p.match);
    return rc;
}

enum cong_err store_next_scheduled(struct store *st, int64_t now, int64_t *at)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *at = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, STMT_NEXT_SCHEDULED, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_i64(&b, 1, now);
    rc = sq_bound_row(st, c, &b, "find the next scheduled article");
    if (rc == CONG_OK)
        *at = sqs_int64(s, 0); /* NULL, none scheduled, reads as 0 */
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_article_by_slug(struct store *st, const char *slug, int64_t except_id,
                                    int64_t *id)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    struct binder b;
    enum cong_err rc;

    *id = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, STMT_ARTICLE_BY_SLUG, &s);
    if (rc != CONG_OK)
        goto out;
    b = (struct binder){s, SQLITE_OK};
    sq_bind_text(&b, 1, slug);
    sq_bind_i64(&b, 2, except_id);
    rc = sq_bound_row(st, c, &b, "find an article by its slug");
    if (rc == CONG_OK)
        *id = sqs_int64(s, 0);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_count_articles(struct store *st, size_t *n)
{
    struct conn *c = NULL;
    struct sqs *s = NULL;
    enum cong_err rc;

    *n = 0;
    rc = sq_pool_get(st, &c);
    if (rc != CONG_OK)
        return rc;
    rc = stmt_get(st, c, STMT_COUNT_ARTICLES, &s);
    if (rc != CONG_OK)
        goto out;
    rc = sq_step_row(st, c, s, "count articles");
    if (rc == CONG_OK)
        *n = (size_t)sqs_int64(s, 0);
out:
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}

enum cong_err store_create_at_version(const char *path, int version, struct cong_error *err)
{
    char sql[64];
    sqlite3 *db = NULL;
    bool created = false;
    enum cong_err rc;
    int step = SQLITE_OK;

    if (version < 1 || version > STORE_SCHEMA_VERSION)
        return cong_error_set(err, CONG_EINVAL, "no schema version %d", version);
    if ((rc = create_file(path, &created, err)) != CONG_OK)
        return rc;
    if (!created)
        return cong_error_set(err, CONG_EEXIST, "'%s' exists", path);
    step = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    for (int v = 0; v < version && step == SQLITE_OK; v++) {
        (void)snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
        step = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        if (step == SQLITE_OK)
            step = sqlite3_exec(db, migrations[v], NULL, NULL, NULL);
        if (step == SQLITE_OK)
            step = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if (step == SQLITE_OK)
            step = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    }
    if (step != SQLITE_OK)
        rc = cong_error_set(err, CONG_ESTORE, "cannot make schema %d in '%s': %s", version, path,
                            db ? sqlite3_errmsg(db) : sqlite3_errstr(step));
    (void)sqlite3_close(db);
    if (rc != CONG_OK)
        remove_created(path);
    return rc;
}

/*
 * Health and metrics (store_metrics, store_ping): what /healthz and /metrics ask of the
 * store. The pool's figures are read under its lock; SQLite sends no notifications.
 */

void store_metrics(struct store *st, struct store_metrics *out)
{
    size_t idle = 0;

    st = sq_root(st);
    memset(out, 0, sizeof(*out));
    pool_lock(st);
    for (const struct conn *c = st->idle; c; c = c->next)
        idle++;
    out->pool_size = st->nconns;
    out->pool_in_use = st->nconns - idle;
    out->pool_waits = st->pool_waits;
    pool_unlock(st);
    out->notifications = __atomic_load_n(&st->notifications, __ATOMIC_RELAXED);
}

enum cong_err store_ping(struct store *st)
{
    struct conn *c;
    struct sqs *s = NULL;
    enum cong_err rc;

    if ((rc = sq_pool_get(st, &c)) != CONG_OK)
        return rc;
    if ((rc = stmt_get(st, c, STMT_PING, &s)) == CONG_OK)
        rc = sq_step_row(st, c, s, "ping the database");
    sq_stmt_put(s);
    sq_pool_put(st, c);
    return rc;
}
