/*
 * The demo's second site: a faculty's sub-portal (cổng thành phần) of the school, on its own
 * host name, with its own categories and news, one article of which it shares to the
 * school's portal. Every text here was written for Cổng; the names are invented.
 */
#include <string.h>

#include "../content/content.h"
#include "demo.h"

static const struct category faculty_categories[] = {
    {.slug = "tin-hoat-dong", .name = "Tin hoạt động", .position = 1,
     .description = "Hoạt động giảng dạy và sinh hoạt chuyên môn của khoa."},
    {.slug = "tai-lieu-hoc-tap", .name = "Tài liệu học tập", .position = 2,
     .description = "Đề cương, tài liệu tham khảo cho học viên các lớp."},
};

struct faculty_article {
    const char *category;
    int days_ago;
    const char *title, *summary, *body;
    bool shared; /* also shown on the school's portal */
};

static const struct faculty_article faculty_articles[] = {
    {"tin-hoat-dong", 9, "Khoa Xây dựng Đảng sinh hoạt chuyên môn về đổi mới phương pháp giảng dạy",
     "Giảng viên của khoa trao đổi kinh nghiệm đưa tình huống thực tiễn ở cơ sở vào bài giảng "
     "cho lớp Trung cấp lý luận chính trị.",
     "Buổi sinh hoạt chuyên môn tháng này của khoa dành trọn cho một câu hỏi: làm sao để học "
     "viên đang công tác ở xã, phường thấy bài giảng gần với việc mình làm hằng ngày.\n\n"
     "Các giảng viên trẻ trình bày ba tình huống được xây dựng từ chuyến nghiên cứu thực tế "
     "gần đây: một chi bộ thôn sinh hoạt định kỳ còn hình thức, một cuộc họp lấy ý kiến nhân "
     "dân về quy hoạch khu dân cư, và việc phân công đảng viên phụ trách hộ gia đình.\n\n"
     "Khoa thống nhất mỗi bài giảng chuyên đề có ít nhất một tình huống để học viên thảo luận "
     "nhóm, và tổng hợp các tình huống hay thành tài liệu dùng chung.",
     true},
    {"tin-hoat-dong", 4, "Học viên lớp Trung cấp lý luận chính trị K12 đi nghiên cứu thực tế",
     "Đoàn gồm 58 học viên và 3 giảng viên của khoa làm việc với Đảng ủy hai xã về công tác "
     "xây dựng tổ chức cơ sở đảng.",
     "Trong hai ngày, học viên được nghe báo cáo của Đảng ủy xã về kết quả thực hiện nghị quyết "
     "đại hội, dự một buổi sinh hoạt chi bộ thôn và trao đổi trực tiếp với bí thư chi bộ.\n\n"
     "Sau chuyến đi, mỗi tổ học viên viết một bản thu hoạch ngắn, nêu một việc làm tốt và một "
     "kiến nghị cụ thể. Các bản thu hoạch sẽ được khoa chấm và trao đổi lại trên lớp.",
     false},
    {"tai-lieu-hoc-tap", 2, "Đề cương ôn tập học phần Xây dựng Đảng về tổ chức",
     "Đề cương gồm mười câu hỏi trọng tâm và danh mục tài liệu tham khảo cho học viên chuẩn bị "
     "thi kết thúc học phần.",
     "Đề cương được khoa biên soạn theo chương trình hiện hành, gồm các nội dung:\n\n"
     "1. Nguyên tắc tổ chức và hoạt động của Đảng;\n"
     "2. Tổ chức cơ sở đảng: chức năng, nhiệm vụ;\n"
     "3. Nâng cao chất lượng sinh hoạt chi bộ;\n"
     "4. Công tác phát triển đảng viên.\n\n"
     "Học viên cần đọc kỹ tài liệu đã phát và ghi chép các ví dụ thực tiễn ở địa phương mình.",
     false},
};

enum cong_err demo_add_faculty(struct store *st, int64_t now, struct store **site,
                               struct cong_error *err)
{
    static const struct content_actor who = {.name = "demo", .role = AUTH_ADMIN, .ip = ""};
    size_t nart = sizeof(faculty_articles) / sizeof(faculty_articles[0]);
    struct cong_error detail = {0};
    struct site school;
    struct arena a;
    int64_t id, cat;
    enum cong_err rc;

    *site = NULL;
    /* a sub-portal of the school's portal, the default site */
    arena_init(&a, 0);
    rc = store_get_site(st, &a, STORE_DEFAULT_SITE, &school);
    if (rc == CONG_OK)
        rc = content_site_add(st, &who, DEMO_FACULTY_HOST, "Khoa Xây dựng Đảng", school.host, &id,
                              &detail);
    arena_release(&a);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "cannot add the demo's second site: %s", detail.msg);
    if ((rc = store_for_site(st, id, site)) != CONG_OK ||
        (rc = store_set_setting(*site, "tagline", "Cổng thành phần của Trường Chính trị tỉnh "
                                                  "Sông Hồng")) != CONG_OK)
        return cong_error_set(err, rc, "cannot set up the demo's second site: %s",
                              cong_strerror(rc));
    for (size_t i = 0; i < sizeof(faculty_categories) / sizeof(faculty_categories[0]); i++) {
        if ((rc = store_add_category(*site, &faculty_categories[i], &cat)) != CONG_OK)
            return cong_error_set(err, rc, "cannot add a demo category: %s", cong_strerror(rc));
    }
    for (size_t i = 0; i < nart; i++) {
        const struct faculty_article *f = &faculty_articles[i];
        struct article_input in = {
            .title = f->title,
            .summary = f->summary,
            .body_md = f->body,
            .category_slug = f->category,
            .author = "Khoa Xây dựng Đảng",
            .published_at = now - (int64_t)f->days_ago * 86400 - 3 * 3600,
            .status = ARTICLE_PUBLISHED,
        };
        rc = content_create_article(*site, &in, now, &id, &detail);
        if (rc == CONG_OK && f->shared)
            rc = content_article_share(*site, &who, id, true, &detail);
        if (rc != CONG_OK)
            return cong_error_set(err, rc, "cannot add a demo article of the faculty: %s",
                                  detail.msg[0] ? detail.msg : cong_strerror(rc));
    }
    return CONG_OK;
}
