/*
 * Unit tests of documents: the store's functions through store.h (documents, their files
 * and comments; filters, search fields, totals; one site's records invisible through another
 * site's handle; a removed site takes its documents along) and the content module's pure
 * parts through documents.h (the search text a visitor types, files typed by their bytes).
 * Each test works in a temporary directory of its own, removed at its end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/documents.h"
#include "store/store.h"

#define NOW 1780000000

struct fixture {
    char dir[64];
    char path[128];
    struct arena arena;
    struct store *st;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct cong_error err = {0};

    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/test_documents.XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof(f->path), "%s/cong.db", f->dir);
    arena_init(&f->arena, 0);
    if (store_open(f->path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &f->st, &err) != CONG_OK) {
        arena_release(&f->arena);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    int rc;

    store_free(f->st);
    arena_release(&f->arena);
    rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

/* Adds a document with the search fields the domain would write (folded by hand here). */
static int64_t add_doc(struct store *st, const char *number, const char *number_key,
                       const char *title_folded, const char *kind, const char *issuer,
                       const char *field, const char *issued_on, enum document_status status)
{
    struct document d = {.number = number,
                         .title = title_folded,
                         .slug = "van-ban",
                         .kind = kind,
                         .issuer = issuer,
                         .field = field,
                         .issued_on = issued_on,
                         .status = status,
                         .search_text = title_folded,
                         .number_key = number_key};
    int64_t id = 0;

    if (status == DOCUMENT_CONSULTATION)
        d.consultation_until = NOW + 86400;
    assert_int_equal(store_add_document(st, &d, NOW, &id), CONG_OK);
    assert_true(id > 0);
    return id;
}

static int64_t add_pdf(struct store *st)
{
    struct media m = {.mime = "application/pdf",
                      .filename = "vb.pdf",
                      .data = "%PDF-1.4",
                      .size = 8,
                      .sha256 = "00"};
    int64_t id = 0;

    assert_int_equal(store_add_media(st, &m, &id), CONG_OK);
    return id;
}

static void document_round_trip(void **state)
{
    struct fixture *f = *state;
    struct document d;
    int64_t id = add_doc(f->st, "12/2026/QĐ-UBND", "122026qdubnd", "quyet dinh", "Quyết định",
                         "UBND tỉnh", "Tài chính", "2026-03-15", DOCUMENT_PUBLISHED);

    assert_int_equal(store_get_document(f->st, &f->arena, id, &d), CONG_OK);
    assert_string_equal(d.number, "12/2026/QĐ-UBND");
    assert_string_equal(d.kind, "Quyết định");
    assert_string_equal(d.issued_on, "2026-03-15");
    assert_string_equal(d.expires_on, "");
    assert_int_equal(d.status, DOCUMENT_PUBLISHED);
    assert_int_equal(d.created_at, NOW);
    d.title = "quyet dinh sua";
    d.status = DOCUMENT_DRAFT;
    assert_int_equal(store_update_document(f->st, &d, NOW + 5), CONG_OK);
    assert_int_equal(store_get_document(f->st, &f->arena, id, &d), CONG_OK);
    assert_string_equal(d.title, "quyet dinh sua");
    assert_int_equal(d.status, DOCUMENT_DRAFT);
    assert_int_equal(d.updated_at, NOW + 5);
    assert_int_equal(store_delete_document(f->st, id), CONG_OK);
    assert_int_equal(store_get_document(f->st, &f->arena, id, &d), CONG_ENOTFOUND);
    assert_int_equal(store_delete_document(f->st, id), CONG_ENOTFOUND);
    d = (struct document){.id = id, .number = "1", .title = "t", .slug = "t"};
    assert_int_equal(store_update_document(f->st, &d, NOW), CONG_ENOTFOUND);
}

static size_t count(struct fixture *f, const struct document_query *q)
{
    struct document *docs;
    size_t n, total = 99;

    assert_int_equal(store_list_documents(f->st, &f->arena, q, &docs, &n, &total), CONG_OK);
    assert_int_equal(n, total < q->limit ? total : q->limit);
    return total;
}

static void list_filters(void **state)
{
    struct fixture *f = *state;
    struct document_query q = {.limit = 50};
    struct document *docs;
    size_t n, total;

    add_doc(f->st, "1/QĐ", "1qd", "a", "Quyết định", "Sở A", "Y tế", "2025-01-02",
            DOCUMENT_PUBLISHED);
    add_doc(f->st, "2/KH", "2kh", "b", "Kế hoạch", "Sở B", "Y tế", "2026-05-01",
            DOCUMENT_PUBLISHED);
    add_doc(f->st, "3/KH", "3kh", "c", "Kế hoạch", "Sở B", "Giáo dục", "2026-06-01",
            DOCUMENT_CONSULTATION);
    add_doc(f->st, "4/KH", "4kh", "d", "Kế hoạch", "Sở B", "Giáo dục", "2026-07-01",
            DOCUMENT_DRAFT);
    assert_int_equal(count(f, &q), 4);
    q.public_only = true;
    assert_int_equal(count(f, &q), 3);
    q.kind = "Kế hoạch";
    assert_int_equal(count(f, &q), 2);
    q.kind = NULL;
    q.issuer = "Sở A";
    assert_int_equal(count(f, &q), 1);
    q.issuer = NULL;
    q.field = "Giáo dục";
    assert_int_equal(count(f, &q), 1);
    q.field = NULL;
    q.year = "2025";
    assert_int_equal(count(f, &q), 1);
    q.year = NULL;
    /* newest issued first, paged with the total of all */
    q.limit = 2;
    q.offset = 0;
    assert_int_equal(store_list_documents(f->st, &f->arena, &q, &docs, &n, &total), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 3);
    assert_string_equal(docs[0].number, "3/KH");
    assert_string_equal(docs[1].number, "2/KH");
}

static void values_for_filters(void **state)
{
    struct fixture *f = *state;
    const char **v;
    size_t n;

    add_doc(f->st, "1", "1", "a", "Quyết định", "Sở A", "Y tế", "2025-01-02", DOCUMENT_PUBLISHED);
    add_doc(f->st, "2", "2", "b", "Chỉ thị", "Sở A", "Y tế", "2026-01-02", DOCUMENT_PUBLISHED);
    add_doc(f->st, "3", "3", "c", "Bí mật", "Sở A", "Y tế", "2027-01-02", DOCUMENT_DRAFT);
    assert_int_equal(store_document_values(f->st, &f->arena, "kind", &v, &n), CONG_OK);
    assert_int_equal(n, 2); /* a draft's kind is not offered */
    assert_string_equal(v[0], "Chỉ thị");
    assert_int_equal(store_document_values(f->st, &f->arena, "year", &v, &n), CONG_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0], "2026");
    assert_int_equal(store_document_values(f->st, &f->arena, "title", &v, &n), CONG_EINVAL);
}

/* The numbers found for a visitor's text, folded as the pages fold it. */
static size_t found(struct fixture *f, const char *text, const char **first)
{
    struct document_query q = {.limit = 50, .public_only = true};
    struct document *docs;
    size_t n, total;

    assert_int_equal(content_document_query_text(&f->arena, text, &q), CONG_OK);
    assert_int_equal(store_list_documents(f->st, &f->arena, &q, &docs, &n, &total), CONG_OK);
    *first = n ? docs[0].number : NULL;
    return n;
}

static void search_by_number_and_words(void **state)
{
    struct fixture *f = *state;
    const char *first;

    add_doc(f->st, "12/2026/QĐ-UBND", "122026qdubnd",
            "12/2026/qd-ubnd quyet dinh ve phong chong dich benh", "", "", "", "2026-01-01",
            DOCUMENT_PUBLISHED);
    add_doc(f->st, "112/2026/QĐ-UBND", "1122026qdubnd", "112/2026/qd-ubnd quyet dinh khac", "", "",
            "", "2026-02-01", DOCUMENT_PUBLISHED);
    assert_int_equal(found(f, "12/2026/QĐ-UBND", &first), 2);
    assert_string_equal(first, "12/2026/QĐ-UBND"); /* the exact number first */
    assert_int_equal(found(f, "12/2026/QD-UBND", &first), 2);
    assert_string_equal(first, "12/2026/QĐ-UBND");
    assert_int_equal(found(f, "122026 qđ ubnd", &first), 2);
    assert_int_equal(found(f, "QUYẾT ĐỊNH về phòng chống", &first), 1);
    assert_string_equal(first, "12/2026/QĐ-UBND");
    assert_int_equal(found(f, "phong chong lu lut", &first), 0);
    assert_int_equal(found(f, "", &first), 2);
}

static void query_text_folds_and_splits(void **state)
{
    struct fixture *f = *state;
    struct document_query q = {0};

    assert_int_equal(content_document_query_text(&f->arena, "Số 12/2026/QĐ-UBND", &q), CONG_OK);
    assert_int_equal(q.nwords, 5);
    assert_string_equal(q.words[0], "so");
    assert_string_equal(q.words[3], "qd");
    assert_string_equal(q.number_key, "so122026qdubnd");
    assert_int_equal(content_document_query_text(&f->arena, "a b c d e f g h", &q), CONG_OK);
    assert_int_equal(q.nwords, STORE_DOCUMENT_WORDS);
    assert_int_equal(content_document_query_text(&f->arena, "\xff", &q), CONG_EINVAL);
}

static void files_and_their_text(void **state)
{
    struct fixture *f = *state;
    struct document_file *files, next;
    struct document_query q = {.limit = 10};
    struct document *docs;
    size_t n, total;
    int64_t id = add_doc(f->st, "1", "1", "a", "", "", "", "", DOCUMENT_PUBLISHED);
    int64_t m1 = add_pdf(f->st), m2 = add_pdf(f->st);
    int64_t order[] = {m2, m1}, bad[] = {m1, 999999};

    assert_int_equal(store_set_document_files(f->st, id, order, 2), CONG_OK);
    assert_int_equal(store_list_document_files(f->st, &f->arena, id, &files, &n), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(files[0].media_id, m2);
    assert_string_equal(files[0].filename, "vb.pdf");
    assert_string_equal(files[0].mime, "application/pdf");
    /* a missing media: nothing changes */
    assert_int_equal(store_set_document_files(f->st, id, bad, 2), CONG_EINVAL);
    assert_int_equal(store_list_document_files(f->st, &f->arena, id, &files, &n), CONG_OK);
    assert_int_equal(n, 2);
    /* the text worker's loop: the next unread file, its text stored and searched */
    assert_int_equal(store_next_document_file(f->st, &f->arena, &next), CONG_OK);
    assert_int_equal(store_set_document_file_text(f->st, id, next.media_id, "kenh muong"), CONG_OK);
    assert_int_equal(store_next_document_file(f->st, &f->arena, &next), CONG_OK);
    assert_int_equal(store_set_document_file_text(f->st, id, next.media_id, ""), CONG_OK);
    assert_int_equal(store_next_document_file(f->st, &f->arena, &next), CONG_ENOTFOUND);
    q.words[0] = "muong";
    q.nwords = 1;
    q.number_key = "muong";
    assert_int_equal(store_list_documents(f->st, &f->arena, &q, &docs, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    /* a file kept keeps its text */
    assert_int_equal(store_set_document_files(f->st, id, order, 1), CONG_OK);
    assert_int_equal(store_list_document_files(f->st, &f->arena, id, &files, &n), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(files[0].text_state, next.media_id == m2 ? 2 : 1);
}

static void comments_wait_for_moderation(void **state)
{
    struct fixture *f = *state;
    struct document_comment c = {.name = "An",
                                 .email = "an@example.vn",
                                 .body = "Góp ý",
                                 .address = "192.0.2.1",
                                 .created_at = NOW};
    struct document_comment *list, one;
    struct document d;
    size_t n, total, from;
    int64_t id = add_doc(f->st, "1", "1", "a", "", "", "", "", DOCUMENT_CONSULTATION), cid;

    c.document_id = id;
    assert_int_equal(store_add_document_comment(f->st, &c, &cid), CONG_OK);
    assert_int_equal(store_add_document_comment(f->st, &c, &cid), CONG_OK);
    assert_int_equal(store_list_document_comments(f->st, &f->arena, id, COMMENT_PUBLISHED, 0, 10,
                                                  &list, &n, &total),
                     CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(
        store_list_document_comments(f->st, &f->arena, id, -1, 0, 10, &list, &n, &total), CONG_OK);
    assert_int_equal(total, 2);
    assert_int_equal(list[0].status, COMMENT_PENDING);
    assert_int_equal(store_set_document_comment_status(f->st, cid, COMMENT_PUBLISHED), CONG_OK);
    assert_int_equal(store_get_document_comment(f->st, &f->arena, cid, &one), CONG_OK);
    assert_int_equal(one.status, COMMENT_PUBLISHED);
    assert_int_equal(store_get_document(f->st, &f->arena, id, &d), CONG_OK);
    assert_int_equal(d.comments, 1);
    assert_int_equal(store_count_document_comments_from(f->st, "192.0.2.1", NOW - 10, &from),
                     CONG_OK);
    assert_int_equal(from, 2);
    assert_int_equal(store_count_document_comments_from(f->st, "192.0.2.1", NOW + 1, &from),
                     CONG_OK);
    assert_int_equal(from, 0);
    assert_int_equal(store_set_document_comment_status(f->st, 999999, COMMENT_HIDDEN),
                     CONG_ENOTFOUND);
    c.document_id = 999999;
    assert_int_equal(store_add_document_comment(f->st, &c, &cid), CONG_EINVAL);
    /* a document's removal takes its comments */
    assert_int_equal(store_delete_document(f->st, id), CONG_OK);
    assert_int_equal(store_get_document_comment(f->st, &f->arena, one.id, &one), CONG_ENOTFOUND);
}

static void another_site_sees_nothing(void **state)
{
    struct fixture *f = *state;
    struct store *other;
    struct document d;
    struct document *docs;
    struct document_comment c = {.name = "An", .body = "x", .created_at = NOW};
    struct document_query q = {.limit = 10};
    struct site_usage usage;
    size_t n, total;
    int64_t site, id, mine, cid, media;

    id = add_doc(f->st, "1", "1", "a", "", "", "", "", DOCUMENT_CONSULTATION);
    media = add_pdf(f->st);
    assert_int_equal(store_add_site(f->st, "phuong.example", 0, "Phường", &site), CONG_OK);
    assert_int_equal(store_for_site(f->st, site, &other), CONG_OK);
    assert_int_equal(store_get_document(other, &f->arena, id, &d), CONG_ENOTFOUND);
    assert_int_equal(store_list_documents(other, &f->arena, &q, &docs, &n, &total), CONG_OK);
    assert_int_equal(total, 0);
    d = (struct document){.id = id, .number = "x", .title = "x", .slug = "x"};
    assert_int_equal(store_update_document(other, &d, NOW), CONG_ENOTFOUND);
    assert_int_equal(store_delete_document(other, id), CONG_ENOTFOUND);
    c.document_id = id;
    assert_int_equal(store_add_document_comment(other, &c, &cid), CONG_EINVAL);
    assert_int_equal(store_set_document_files(other, id, &media, 1), CONG_ENOTFOUND);
    /* its own document may not take the first site's file nor be replaced by its document */
    mine = add_doc(other, "1", "1", "a", "", "", "", "", DOCUMENT_PUBLISHED);
    assert_int_equal(store_set_document_files(other, mine, &media, 1), CONG_EINVAL);
    d = (struct document){.number = "y", .title = "y", .slug = "y", .replaced_by = id};
    assert_int_equal(store_add_document(other, &d, NOW, &cid), CONG_EINVAL);
    /* and the first site's lists do not show it */
    assert_int_equal(store_list_documents(f->st, &f->arena, &q, &docs, &n, &total), CONG_OK);
    assert_int_equal(total, 1);
    /* a site holding documents is not removed without force; with it, they go too */
    assert_int_equal(store_site_usage(f->st, site, &usage), CONG_OK);
    assert_int_equal(usage.documents, 1);
    assert_int_equal(store_delete_site(f->st, site, false), CONG_EEXIST);
    assert_int_equal(store_delete_site(f->st, site, true), CONG_OK);
    assert_int_equal(store_site_usage(f->st, STORE_DEFAULT_SITE, &usage), CONG_OK);
    assert_int_equal(usage.documents, 1);
    assert_int_equal(store_get_document(f->st, &f->arena, id, &d), CONG_OK);
}

/* A ZIP (stored, empty entries) with names, for the sniffing of Office files. */
static size_t make_zip(unsigned char *out, const char *const *names, size_t n)
{
    size_t at = 0, cd, cd_size;
    size_t offs[8];

    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        offs[i] = at;
        memset(out + at, 0, 30);
        memcpy(out + at, "PK\3\4", 4);
        out[at + 26] = (unsigned char)len;
        memcpy(out + at + 30, names[i], len);
        at += 30 + len;
    }
    cd = at;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        memset(out + at, 0, 46);
        memcpy(out + at, "PK\1\2", 4);
        out[at + 28] = (unsigned char)len;
        out[at + 42] = (unsigned char)offs[i];
        memcpy(out + at + 46, names[i], len);
        at += 46 + len;
    }
    cd_size = at - cd;
    memset(out + at, 0, 22);
    memcpy(out + at, "PK\5\6", 4);
    out[at + 8] = out[at + 10] = (unsigned char)n;
    out[at + 12] = (unsigned char)cd_size;
    out[at + 16] = (unsigned char)cd;
    return at + 22;
}

static void files_typed_by_bytes(void **state)
{
    unsigned char zip[1024], ole[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    const char *docx[] = {"[Content_Types].xml", "word/document.xml"};
    const char *xlsx[] = {"[Content_Types].xml", "xl/workbook.xml"};
    const char *other[] = {"index.html"};
    const char html[] = "<!DOCTYPE html><html><body>PDF</body></html>";
    size_t n;

    (void)state;
    assert_string_equal(content_document_sniff("%PDF-1.7\n", 9, "x.doc"), "application/pdf");
    assert_null(content_document_sniff(html, sizeof(html) - 1, "quyet-dinh.pdf"));
    assert_string_equal(content_document_sniff(ole, sizeof(ole), "Báo cáo.DOC"),
                        "application/msword");
    assert_string_equal(content_document_sniff(ole, sizeof(ole), "so-lieu.xls"),
                        "application/vnd.ms-excel");
    assert_null(content_document_sniff(ole, sizeof(ole), "tep.msi"));
    n = make_zip(zip, docx, 2);
    assert_string_equal(content_document_sniff(zip, n, "a.bin"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    n = make_zip(zip, xlsx, 2);
    assert_string_equal(content_document_sniff(zip, n, "a.docx"),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    n = make_zip(zip, other, 1);
    assert_null(content_document_sniff(zip, n, "a.docx"));
    /* a damaged directory is refused, never read past the end */
    n = make_zip(zip, docx, 2);
    zip[n - 22 + 16] = 0xF0;
    assert_null(content_document_sniff(zip, n, "a.docx"));
    assert_null(content_document_sniff(zip, 10, "a.docx"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(document_round_trip),
        T(list_filters),
        T(values_for_filters),
        T(search_by_number_and_words),
        T(query_text_folds_and_splits),
        T(files_and_their_text),
        T(comments_wait_for_moderation),
        T(another_site_sees_nothing),
        cmocka_unit_test(files_typed_by_bytes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
