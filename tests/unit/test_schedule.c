/*
 * Unit tests of the store's schedule and questions through store.h: entries written, read,
 * listed by the time they take place, changed and removed; questions listed by status and
 * searched by folded words, newest first, paged; a sender's recent questions counted; and
 * neither kind of record seen through another site's handle. Each test has its own database
 * in a temporary directory, removed at its end.
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
#include <unistd.h>

#include "store/store.h"

#define NOW  INT64_C(1790000000)
#define HOUR 3600

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
    int n;

    if (!f)
        return -1;
    n = snprintf(f->dir, sizeof(f->dir), "/tmp/test_schedule.XXXXXX");
    if (n < 0 || (size_t)n >= sizeof(f->dir) || !mkdtemp(f->dir))
        goto fail;
    n = snprintf(f->path, sizeof(f->path), "%s/cong.db", f->dir);
    if (n < 0 || (size_t)n >= sizeof(f->path))
        goto fail;
    if (store_open(f->path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &f->st, &err) != CONG_OK)
        goto fail;
    arena_init(&f->arena, 0);
    *state = f;
    return 0;
fail:
    free(f);
    return -1;
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

static int64_t add_entry(struct store *st, const char *title, int64_t starts, int64_t ends)
{
    struct schedule_entry e = {.starts_at = starts,
                               .ends_at = ends,
                               .title = title,
                               .location = "Phòng họp số 1",
                               .chair = "Chủ tịch",
                               .people = "Các phòng chuyên môn",
                               .host_unit = "Văn phòng"};
    int64_t id = 0;

    assert_int_equal(store_add_schedule_entry(st, &e, &id), CONG_OK);
    assert_true(id > 0);
    return id;
}

static void schedule_entry_round_trip(void **state)
{
    struct fixture *f = *state;
    struct schedule_entry got;
    int64_t id = add_entry(f->st, "Họp giao ban", NOW, NOW + HOUR);

    assert_int_equal(store_get_schedule_entry(f->st, &f->arena, id, &got), CONG_OK);
    assert_string_equal(got.title, "Họp giao ban");
    assert_string_equal(got.location, "Phòng họp số 1");
    assert_string_equal(got.chair, "Chủ tịch");
    assert_string_equal(got.people, "Các phòng chuyên môn");
    assert_string_equal(got.host_unit, "Văn phòng");
    assert_int_equal(got.starts_at, NOW);
    assert_int_equal(got.ends_at, NOW + HOUR);

    got.title = "Họp giao ban tuần";
    got.location = NULL; /* stored as "" */
    got.ends_at = NOW + 2 * HOUR;
    assert_int_equal(store_update_schedule_entry(f->st, &got), CONG_OK);
    assert_int_equal(store_get_schedule_entry(f->st, &f->arena, id, &got), CONG_OK);
    assert_string_equal(got.title, "Họp giao ban tuần");
    assert_string_equal(got.location, "");
    assert_int_equal(got.ends_at, NOW + 2 * HOUR);

    assert_int_equal(store_delete_schedule_entry(f->st, id), CONG_OK);
    assert_int_equal(store_get_schedule_entry(f->st, &f->arena, id, &got), CONG_ENOTFOUND);
    assert_int_equal(store_delete_schedule_entry(f->st, id), CONG_ENOTFOUND);
}

static void schedule_entry_rules_are_einval(void **state)
{
    struct fixture *f = *state;
    struct schedule_entry e = {.starts_at = NOW, .ends_at = NOW - 1, .title = "Ngược giờ"};
    int64_t id = 7;

    assert_int_equal(store_add_schedule_entry(f->st, &e, &id), CONG_EINVAL);
    assert_int_equal(id, 0);
    e.ends_at = NOW;
    e.title = "";
    assert_int_equal(store_add_schedule_entry(f->st, &e, &id), CONG_EINVAL);
    e.title = "Không có";
    e.id = 999;
    assert_int_equal(store_update_schedule_entry(f->st, &e), CONG_ENOTFOUND);
}

static void schedule_lists_what_takes_place_in_range(void **state)
{
    struct fixture *f = *state;
    struct schedule_entry *list;
    size_t n;
    int64_t before = add_entry(f->st, "Trước", NOW - 3 * HOUR, NOW - 2 * HOUR);
    int64_t late = add_entry(f->st, "Sau", NOW + 5 * HOUR, NOW + 6 * HOUR);
    int64_t early = add_entry(f->st, "Đầu", NOW + HOUR, NOW + 2 * HOUR);
    int64_t across = add_entry(f->st, "Vắt qua", NOW - HOUR, NOW + HOUR);
    int64_t point = add_entry(f->st, "Không thời lượng", NOW, NOW);

    (void)before;
    assert_int_equal(store_list_schedule(f->st, &f->arena, NOW, NOW + 10 * HOUR, &list, &n),
                     CONG_OK);
    assert_int_equal(n, 4);
    /* by start: the one across the range's start first */
    assert_int_equal(list[0].id, across);
    assert_int_equal(list[1].id, point);
    assert_int_equal(list[2].id, early);
    assert_int_equal(list[3].id, late);
    /* the end is exclusive */
    assert_int_equal(store_list_schedule(f->st, &f->arena, NOW, NOW + 5 * HOUR, &list, &n),
                     CONG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(
        store_list_schedule(f->st, &f->arena, NOW + 20 * HOUR, NOW + 30 * HOUR, &list, &n),
        CONG_OK);
    assert_int_equal(n, 0);
    assert_null(list);
}

static int64_t add_question(struct store *st, const char *title, const char *folded,
                            const char *sender, int64_t at)
{
    struct question q = {.status = QUESTION_PENDING,
                         .name = "Nguyễn Văn An",
                         .email = "an@example.vn",
                         .title = title,
                         .body = "Xin hỏi thủ tục.",
                         .sender = sender,
                         .search_text = folded,
                         .asked_at = at};
    int64_t id = 0;

    assert_int_equal(store_add_question(st, &q, &id), CONG_OK);
    assert_true(id > 0);
    return id;
}

static void publish(struct fixture *f, int64_t id, const char *folded, int64_t at)
{
    struct question q;

    assert_int_equal(store_get_question(f->st, &f->arena, id, &q), CONG_OK);
    q.status = QUESTION_PUBLISHED;
    q.answer = "Trả lời: nộp hồ sơ tại bộ phận một cửa.";
    q.answered_by = "bientap";
    q.answered_at = at;
    q.search_text = folded;
    assert_int_equal(store_update_question(f->st, &q, at), CONG_OK);
}

static void questions_pending_are_listed_apart_from_published(void **state)
{
    struct fixture *f = *state;
    struct question_query pub = {.status = QUESTION_PUBLISHED, .limit = 10};
    struct question_query pending = {.status = QUESTION_PENDING, .limit = 10};
    struct question *list, got;
    size_t n, total;
    int64_t a =
        add_question(f->st, "Cấp giấy phép xây dựng", "cap giay phep xay dung", "10.0.0.1", NOW);
    int64_t b =
        add_question(f->st, "Đăng ký hộ kinh doanh", "dang ky ho kinh doanh", "10.0.0.2", NOW + 1);

    assert_int_equal(store_list_questions(f->st, &f->arena, &pub, &list, &n, &total), CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    publish(f, a, "cap giay phep xay dung tra loi", NOW + 100);
    assert_int_equal(store_list_questions(f->st, &f->arena, &pub, &list, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, a);
    assert_string_equal(list[0].answered_by, "bientap");
    assert_int_equal(store_list_questions(f->st, &f->arena, &pending, &list, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, b);
    assert_int_equal(store_get_question(f->st, &f->arena, b, &got), CONG_OK);
    assert_int_equal(got.status, QUESTION_PENDING);
    assert_string_equal(got.sender, "10.0.0.2");
    assert_string_equal(got.answer, "");
}

static void questions_search_folded_words_newest_first_paged(void **state)
{
    struct fixture *f = *state;
    struct question_query q = {.status = QUESTION_PUBLISHED, .limit = 2};
    struct question *list;
    size_t n, total;
    int64_t ids[5];

    for (int i = 0; i < 5; i++) {
        ids[i] = add_question(f->st, "Hỏi về đất đai", "hoi ve dat dai", "10.0.0.9", NOW + i);
        publish(f, ids[i], i == 2 ? "hoi ve dat dai so do" : "hoi ve dat dai", NOW + 100 + i);
    }
    assert_int_equal(store_list_questions(f->st, &f->arena, &q, &list, &n, &total), CONG_OK);
    assert_int_equal(total, 5);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, ids[4]); /* answered last: first */
    assert_int_equal(list[1].id, ids[3]);
    q.offset = 4;
    assert_int_equal(store_list_questions(f->st, &f->arena, &q, &list, &n, &total), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, ids[0]);

    q.offset = 0;
    q.terms[0] = "dat";
    q.terms[1] = "so do";
    q.nterms = 2;
    assert_int_equal(store_list_questions(f->st, &f->arena, &q, &list, &n, &total), CONG_OK);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, ids[2]);
    q.terms[1] = "";
    assert_int_equal(store_list_questions(f->st, &f->arena, &q, &list, &n, &total), CONG_EINVAL);
    q.nterms = STORE_QUESTION_TERMS_MAX + 1;
    assert_int_equal(store_list_questions(f->st, &f->arena, &q, &list, &n, &total), CONG_EINVAL);
}

static void questions_from_a_sender_are_counted_since(void **state)
{
    struct fixture *f = *state;
    int64_t n = -1;

    add_question(f->st, "Một", "mot", "192.0.2.7", NOW - 2 * HOUR);
    add_question(f->st, "Hai", "hai", "192.0.2.7", NOW - 10);
    add_question(f->st, "Ba", "ba", "192.0.2.8", NOW - 5);
    assert_int_equal(store_count_questions_from(f->st, "192.0.2.7", NOW - HOUR, &n), CONG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_count_questions_from(f->st, "192.0.2.7", 0, &n), CONG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(store_count_questions_from(f->st, "192.0.2.99", 0, &n), CONG_OK);
    assert_int_equal(n, 0);
}

static void question_rules_are_einval(void **state)
{
    struct fixture *f = *state;
    struct question q = {.status = QUESTION_PENDING,
                         .name = "",
                         .title = "Tiêu đề",
                         .body = "Nội dung",
                         .asked_at = NOW};
    int64_t id = 3;

    assert_int_equal(store_add_question(f->st, &q, &id), CONG_EINVAL);
    assert_int_equal(id, 0);
    q.name = "An";
    q.status = (enum question_status)7;
    assert_int_equal(store_add_question(f->st, &q, &id), CONG_EINVAL);
    q.status = QUESTION_HIDDEN;
    q.id = 12345;
    assert_int_equal(store_update_question(f->st, &q, NOW), CONG_ENOTFOUND);
    assert_int_equal(store_delete_question(f->st, 12345), CONG_ENOTFOUND);
}

static void records_of_one_site_do_not_exist_on_another(void **state)
{
    struct fixture *f = *state;
    struct store *other = NULL;
    struct schedule_entry e, *entries;
    struct question q, *qs;
    struct question_query any = {.status = -1, .limit = 10};
    int64_t site = 0, n64 = -1;
    size_t n, total;
    int64_t entry = add_entry(f->st, "Của cổng chính", NOW, NOW + HOUR);
    int64_t question = add_question(f->st, "Của cổng chính", "cua cong chinh", "10.1.1.1", NOW);

    assert_int_equal(store_add_site(f->st, "khoa.localhost", 0, "Khoa", &site), CONG_OK);
    assert_int_equal(store_for_site(f->st, site, &other), CONG_OK);

    assert_int_equal(store_get_schedule_entry(other, &f->arena, entry, &e), CONG_ENOTFOUND);
    assert_int_equal(store_list_schedule(other, &f->arena, 0, NOW * 2, &entries, &n), CONG_OK);
    assert_int_equal(n, 0);
    e = (struct schedule_entry){.id = entry, .starts_at = NOW, .ends_at = NOW, .title = "Sửa"};
    assert_int_equal(store_update_schedule_entry(other, &e), CONG_ENOTFOUND);
    assert_int_equal(store_delete_schedule_entry(other, entry), CONG_ENOTFOUND);

    assert_int_equal(store_get_question(other, &f->arena, question, &q), CONG_ENOTFOUND);
    assert_int_equal(store_list_questions(other, &f->arena, &any, &qs, &n, &total), CONG_OK);
    assert_int_equal(total, 0);
    assert_int_equal(store_count_questions_from(other, "10.1.1.1", 0, &n64), CONG_OK);
    assert_int_equal(n64, 0);
    assert_int_equal(store_delete_question(other, question), CONG_ENOTFOUND);

    /* the records are still there for their own site */
    assert_int_equal(store_get_schedule_entry(f->st, &f->arena, entry, &e), CONG_OK);
    assert_int_equal(store_get_question(f->st, &f->arena, question, &q), CONG_OK);

    /* a removed site takes its own along, and leaves the others' */
    add_entry(other, "Của khoa", NOW, NOW + HOUR);
    assert_int_equal(store_delete_site(f->st, site, true), CONG_OK);
    assert_int_equal(store_list_schedule(other, &f->arena, 0, NOW * 2, &entries, &n), CONG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_get_schedule_entry(f->st, &f->arena, entry, &e), CONG_OK);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(schedule_entry_round_trip),
        T(schedule_entry_rules_are_einval),
        T(schedule_lists_what_takes_place_in_range),
        T(questions_pending_are_listed_apart_from_published),
        T(questions_search_folded_words_newest_first_paged),
        T(questions_from_a_sender_are_counted_since),
        T(question_rules_are_einval),
        T(records_of_one_site_do_not_exist_on_another),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
