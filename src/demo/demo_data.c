/*
 * The demo portal's content: a fictional provincial political school, its settings, its
 * categories and its articles. Every text here was written for Cổng; names of people and of
 * the school are invented. The articles live in demo_articles_*.inc, one initializer each.
 */
#include "demo_int.h"

const struct demo_setting demo_settings[] = {
    {"site_name", "Trường Chính trị tỉnh Sông Hồng"},
    {"tagline", "Đào tạo, bồi dưỡng cán bộ - Nghiên cứu khoa học"},
    {"time_zone", "Asia/Ho_Chi_Minh"},
};
const size_t demo_setting_count = sizeof(demo_settings) / sizeof(demo_settings[0]);

const struct demo_category demo_categories[] = {
    {"tin-tuc-su-kien", "Tin tức - Sự kiện",
     "Hoạt động của nhà trường, các hội nghị, lễ khai giảng và bế giảng."},
    {"dao-tao-boi-duong", "Đào tạo - Bồi dưỡng",
     "Các lớp trung cấp, cao cấp lý luận chính trị và bồi dưỡng cán bộ."},
    {"nghien-cuu-khoa-hoc", "Nghiên cứu khoa học",
     "Đề tài, hội thảo khoa học và công tác nghiên cứu thực tế."},
    {"xay-dung-dang", "Công tác xây dựng Đảng",
     "Sinh hoạt chi bộ, học tập nghị quyết và công tác đảng viên."},
    {"doan-the", "Hoạt động đoàn thể",
     "Công đoàn, Đoàn thanh niên, văn nghệ, thể thao trong nhà trường."},
    {"thong-bao", "Thông báo",
     "Thông báo tuyển sinh, lịch học, lịch thi và các văn bản của nhà trường."},
};
const size_t demo_category_count = sizeof(demo_categories) / sizeof(demo_categories[0]);

const struct demo_article demo_articles[] = {
#include "demo_articles_1.inc"
#include "demo_articles_2.inc"
};
const size_t demo_article_count = sizeof(demo_articles) / sizeof(demo_articles[0]);
