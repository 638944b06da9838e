/*
 * The demo portal's work schedule and questions: a week of the school board's schedule
 * around the day the demo is made (this ISO week and the Monday after), a few questions
 * from the public with the school's answers, one still waiting, and the schedule and
 * questions portlets on the home page. Written through the content and portal modules, with
 * their checks, as an editor would. All the text is the demo's own.
 */
#include "demo.h"

#include <jansson.h>
#include <stdio.h>

#include "../content/civic.h"
#include "../portal/portal.h"

/* The demo's zone, Asia/Ho_Chi_Minh, is UTC+7 all year (see demo.c). */
#define ZONE_OFFSET (7 * 3600)
#define DAY         86400

struct demo_entry {
    int day;          /* 0 Monday of this week ... 7 the next Monday */
    int hour, minute; /* local start */
    int length;       /* minutes */
    const char *title, *location, *chair, *people, *unit;
};

static const struct demo_entry entries[] = {
    {0, 7, 30, 90, "Giao ban Ban Giám hiệu đầu tuần", "Phòng họp tầng 2, nhà A", "Hiệu trưởng",
     "Các Phó Hiệu trưởng, Trưởng các phòng, khoa", "Phòng Tổ chức – Hành chính"},
    {0, 14, 0, 120, "Duyệt đề cương bài giảng học phần Xây dựng Đảng",
     "Phòng họp Khoa Xây dựng Đảng", "Phó Hiệu trưởng phụ trách đào tạo",
     "Giảng viên Khoa Xây dựng Đảng", "Khoa Xây dựng Đảng"},
    {1, 8, 0, 210, "Khai giảng lớp Trung cấp lý luận chính trị – hành chính hệ không tập trung",
     "Hội trường lớn", "Hiệu trưởng", "Ban Giám hiệu, học viên lớp K45, đại biểu các huyện",
     "Phòng Quản lý đào tạo"},
    {1, 14, 30, 90, "Làm việc với đoàn kiểm tra của Ban Tuyên giáo Tỉnh ủy", "Phòng khách nhà A",
     "Hiệu trưởng", "Trưởng Phòng Tổ chức – Hành chính, Trưởng Phòng Quản lý đào tạo",
     "Phòng Tổ chức – Hành chính"},
    {2, 8, 0, 240, "Dự giờ giảng viên trẻ theo kế hoạch bồi dưỡng nghiệp vụ", "Phòng học 3.02",
     "Phó Hiệu trưởng phụ trách đào tạo", "Tổ dự giờ các khoa", "Phòng Quản lý đào tạo"},
    {3, 9, 0, 120, "Họp Hội đồng khoa học nghiệm thu đề tài cấp trường", "Phòng họp tầng 2, nhà A",
     "Chủ tịch Hội đồng khoa học", "Thành viên Hội đồng, chủ nhiệm đề tài",
     "Phòng Quản lý khoa học"},
    {3, 13, 30, 150, "Tiếp và làm việc với Trường Chính trị tỉnh bạn về trao đổi kinh nghiệm",
     "Hội trường nhỏ", "Hiệu trưởng", "Ban Giám hiệu, Trưởng các khoa",
     "Phòng Tổ chức – Hành chính"},
    {4, 7, 30, 60, "Sinh hoạt chi bộ định kỳ", "Các chi bộ", "Bí thư các chi bộ",
     "Đảng viên các chi bộ", "Văn phòng Đảng ủy"},
    {4, 15, 0, 90, "Giao ban công tác tuyển sinh năm học mới", "Phòng họp tầng 2, nhà A",
     "Phó Hiệu trưởng phụ trách đào tạo", "Phòng Quản lý đào tạo, các khoa",
     "Phòng Quản lý đào tạo"},
    {5, 8, 0, 180, "Hướng dẫn học viên nghiên cứu thực tế tại huyện", "Ủy ban nhân dân huyện",
     "Trưởng Khoa Nhà nước và pháp luật", "Giảng viên hướng dẫn, học viên lớp K44",
     "Khoa Nhà nước và pháp luật"},
    {7, 7, 30, 90, "Giao ban Ban Giám hiệu đầu tuần", "Phòng họp tầng 2, nhà A", "Hiệu trưởng",
     "Các Phó Hiệu trưởng, Trưởng các phòng, khoa", "Phòng Tổ chức – Hành chính"},
};

struct demo_question {
    int days_ago;
    const char *name, *email, *title, *body;
    const char *answer; /* NULL: still waiting */
};

static const struct demo_question questions[] = {
    {24, "Trần Thị Hoa", "hoa.tran@example.vn",
     "Điều kiện dự tuyển lớp trung cấp lý luận chính trị",
     "Tôi là công chức cấp xã, đã có bằng đại học. Xin hỏi tôi cần điều kiện gì để được cử đi "
     "học lớp trung cấp lý luận chính trị – hành chính, và hồ sơ gồm những giấy tờ nào?",
     "Chào chị Hoa,\nNhà trường tuyển sinh theo danh sách do cơ quan có thẩm quyền cử đi học. "
     "Chị cần là đảng viên hoặc cán bộ, công chức trong quy hoạch, có xác nhận của cơ quan quản "
     "lý.\nHồ sơ gồm quyết định cử đi học, bản sao văn bằng cao nhất, sơ yếu lý lịch có xác nhận "
     "và giấy khám sức khỏe. Thông báo tuyển sinh từng khóa được đăng tại mục Tin tức của cổng."},
    {15, "Lê Văn Minh", "minh.le@example.vn", "Học viên vắng học có được học bù không?",
     "Trong thời gian học tôi phải đi công tác đột xuất một tuần. Xin hỏi tôi có được học bù "
     "các buổi đã vắng không, và thủ tục như thế nào?",
     "Chào anh Minh,\nHọc viên vắng học có lý do chính đáng (có giấy của cơ quan) được bố trí "
     "học bù hoặc tự nghiên cứu theo hướng dẫn của giảng viên phụ trách. Số tiết vắng không quá "
     "20% thời lượng học phần.\nAnh nộp đơn kèm giấy cử đi công tác cho Phòng Quản lý đào tạo "
     "trước khi vắng hoặc trong vòng ba ngày sau khi trở lại lớp."},
    {8, "Nguyễn Thị Thu", "thu.nguyen@example.vn", "Cấp lại bằng tốt nghiệp bị mất",
     "Tôi tốt nghiệp năm 2015 nhưng đã làm mất bằng. Nhà trường có cấp lại bằng hoặc giấy "
     "chứng nhận tốt nghiệp không?",
     "Chào chị Thu,\nBằng tốt nghiệp không được cấp lại; nhà trường cấp bản sao từ sổ gốc hoặc "
     "giấy chứng nhận tốt nghiệp.\nChị gửi đơn đề nghị kèm bản sao căn cước công dân tới Phòng "
     "Quản lý đào tạo, trực tiếp hoặc qua đường bưu điện. Thời gian giải quyết là năm ngày làm "
     "việc."},
    {3, "Phạm Quốc Dũng", "dung.pham@example.vn", "Thư viện có phục vụ người ngoài trường?",
     "Tôi đang nghiên cứu về lịch sử Đảng bộ tỉnh. Xin hỏi thư viện của trường có cho người "
     "ngoài trường vào đọc tài liệu không?",
     "Chào anh Dũng,\nThư viện phục vụ bạn đọc ngoài trường tại chỗ, từ thứ Hai đến thứ Sáu, "
     "giờ hành chính. Anh mang theo giấy giới thiệu của cơ quan hoặc căn cước công dân để làm "
     "thẻ đọc tạm thời.\nTài liệu quý hiếm chỉ đọc tại phòng đọc đặc biệt."},
    {1, "Võ Thanh Tâm", "tam.vo@example.vn", "Lịch học lớp bồi dưỡng kiến thức quốc phòng",
     "Xin cho biết lịch học lớp bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4 trong "
     "quý tới.",
     NULL},
};

/* Midnight (local) of the Monday of the week holding now, as UTC seconds. */
static int64_t monday_of(int64_t now)
{
    int64_t day = (now + ZONE_OFFSET) / DAY; /* local days since 1970-01-01, a Thursday */

    return (day - (day + 3) % 7) * DAY - ZONE_OFFSET;
}

static enum cong_err add_schedule(struct store *st, const struct content_actor *who, int64_t now,
                                  struct cong_error *err)
{
    int64_t monday = monday_of(now), id;
    enum cong_err rc = CONG_OK;

    for (size_t i = 0; rc == CONG_OK && i < sizeof(entries) / sizeof(entries[0]); i++) {
        const struct demo_entry *e = &entries[i];
        struct schedule_input in = {
            .starts_at = monday + e->day * DAY + e->hour * 3600 + e->minute * 60,
            .title = e->title,
            .location = e->location,
            .chair = e->chair,
            .people = e->people,
            .host_unit = e->unit,
        };
        in.ends_at = in.starts_at + e->length * 60;
        rc = content_schedule_create(st, who, &in, &id, err);
    }
    return rc;
}

static enum cong_err add_questions(struct store *st, const struct content_actor *who, int64_t now,
                                   struct cong_error *err)
{
    enum cong_err rc = CONG_OK;

    for (size_t i = 0; rc == CONG_OK && i < sizeof(questions) / sizeof(questions[0]); i++) {
        const struct demo_question *q = &questions[i];
        char sender[32];
        int64_t asked = now - q->days_ago * DAY, id = 0, retry = 0;
        (void)snprintf(sender, sizeof(sender), "demo-%zu", i);
        struct question_input in = {q->name, q->email, q->title, q->body, sender};
        rc = content_question_ask(st, &in, asked, &id, &retry, err);
        if (rc == CONG_OK && q->answer) {
            struct question_change ch = {
                .answer = q->answer, .set_status = true, .status = QUESTION_PUBLISHED};
            rc = content_question_change(st, who, id, &ch, asked + 2 * DAY / 3, err);
        }
    }
    return rc;
}

/* The two portlets at the end of the home page's right column. */
static enum cong_err add_portlets(struct store *st, struct cong_error *err)
{
    static const char *const types[] = {"schedule", "questions"};
    static const char *const titles[] = {"Lịch công tác", "Hỏi đáp"};
    struct arena a;
    struct page p;
    int64_t pid;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = store_get_page_by_slug(st, &a, PORTAL_HOME_PAGE, &p);
    if (rc != CONG_OK)
        cong_error_set(err, rc, "demo: no page '%s'", PORTAL_HOME_PAGE);
    for (size_t i = 0; rc == CONG_OK && i < 2; i++) {
        struct portal_portlet_change ch = {
            .type = types[i],
            .region = "right",
            .position = PORTAL_POSITION_KEEP,
            .title = titles[i],
        };
        rc = portal_portlet_add(st, &a, p.id, &ch, &pid, err);
    }
    arena_release(&a);
    return rc;
}

enum cong_err demo_civic(struct store *st, int64_t now, struct cong_error *err)
{
    struct content_actor who = {.user_id = 0, .name = "demo", .role = AUTH_ADMIN, .ip = ""};
    enum cong_err rc = add_schedule(st, &who, now, err);

    if (rc == CONG_OK)
        rc = add_questions(st, &who, now, err);
    if (rc == CONG_OK)
        rc = add_portlets(st, err);
    return rc;
}
