/*
 * The demo portal in English: the information a state portal gives in English about its
 * agency (what the school is and how it is organised, its functions and tasks, its leaders
 * and how to reach them), a few English news stories and an English main and footer menu,
 * which the interface in English shows in place of the Vietnamese ones. The school, its
 * people and its numbers are those of the Vietnamese demo (demo_data.c, demo_articles_*.inc),
 * written again in plain English for Cổng; the addresses and numbers are invented. Written
 * through the content and portal modules, after demo_compose and demo_civic.
 */
#include "demo.h"

#include <jansson.h>
#include <string.h>

#include "../content/content.h"
#include "../portal/portal.h"
#include "demo_int.h"

/* The English news category, listed on the home page only in English (it has no other). */
#define NEWS_SLUG "news"

static const char about_html[] =
    "<p>Song Hong Provincial Political School trains and retrains the province's officials "
    "and Party members in political theory, public administration and leadership skills, and "
    "carries out research that supports the work of the provincial Party Committee and "
    "People's Committee. The school works under the direct guidance of the Provincial Party "
    "Committee and the People's Committee, and follows the programmes of the Ho Chi Minh "
    "National Academy of Politics.</p>"
    "<p>Its courses are the intermediate political theory programme (full-time and part-time), "
    "advanced courses run with the National Academy, and short courses for commune leaders, "
    "civil servants and specialists.</p>"
    "<h2>Organisational structure</h2>"
    "<h3>Board of Directors</h3>"
    "<p>The Principal and two Deputy Principals (see <a href=\"/trang/leadership\">Leadership"
    "</a>).</p>"
    "<h3>Departments</h3>"
    "<ul>"
    "<li>Department of Organisation and Administration</li>"
    "<li>Department of Training Management</li>"
    "<li>Department of Research Management and Information</li>"
    "<li>Department of Testing and Quality Assurance</li>"
    "</ul>"
    "<h3>Faculties</h3>"
    "<ul>"
    "<li>Faculty of Basic Political Theory</li>"
    "<li>Faculty of Party Building</li>"
    "<li>Faculty of State and Law</li>"
    "</ul>"
    "<p>The school's Party organisation has six Party cells. The Trade Union and the Youth Union "
    "organise the staff's cultural and sports activities.</p>";

static const char functions_html[] =
    "<p>The school's functions and tasks are set by the Provincial Party Committee in line with "
    "the national rules for provincial political schools.</p>"
    "<h2>Functions</h2>"
    "<p>The school advises the Provincial Party Committee on training and retraining officials "
    "in political theory, and is the place where the province's officials, civil servants and "
    "public employees at provincial, district and commune level are trained and retrained.</p>"
    "<h2>Tasks</h2>"
    "<ul>"
    "<li>Run the intermediate political theory programme, full-time and part-time.</li>"
    "<li>Run advanced political theory courses in the province together with the Ho Chi Minh "
    "National Academy of Politics.</li>"
    "<li>Retrain the leaders of communes and wards, heads of Party cells and officials of the "
    "Fatherland Front and mass organisations.</li>"
    "<li>Retrain civil servants in state management and prepare them for senior grades.</li>"
    "<li>Teach national defence and security knowledge to the officials assigned to it.</li>"
    "<li>Carry out research, organise scientific conferences and study practice in the "
    "province, and bring the results into teaching.</li>"
    "<li>Manage the school's staff, finances and property as the law provides.</li>"
    "</ul>";

static const char leadership_html[] =
    "<p>The Board of Directors leads the school under the Provincial Party Committee. Each "
    "leader can be reached by the phone number or e-mail address below during office hours "
    "(see <a href=\"/trang/contact-us\">Contact us</a>).</p>"
    "<h2>Mr Do Minh Khoi</h2>"
    "<p>Principal; Secretary of the school's Party Committee. Leads the school as a whole, "
    "its organisation, staff and finances.</p>"
    "<ul>"
    "<li>Phone: (0293) 000 0001</li>"
    "<li>E-mail: <a href=\"mailto:hieutruong@truong.example.vn\">hieutruong@truong.example.vn"
    "</a></li>"
    "</ul>"
    "<h2>Ms Le Thi Minh Hanh</h2>"
    "<p>Deputy Principal. In charge of training: courses, learners and examinations.</p>"
    "<ul>"
    "<li>Phone: (0293) 000 0002</li>"
    "<li>E-mail: <a href=\"mailto:pht.daotao@truong.example.vn\">pht.daotao@truong.example.vn"
    "</a></li>"
    "</ul>"
    "<h2>Mr Vu Duc Lam</h2>"
    "<p>Deputy Principal. In charge of research, the library and cooperation with other "
    "schools.</p>"
    "<ul>"
    "<li>Phone: (0293) 000 0003</li>"
    "<li>E-mail: <a href=\"mailto:pht.khoahoc@truong.example.vn\">pht.khoahoc@truong.example.vn"
    "</a></li>"
    "</ul>";

static const char contact_html[] =
    "<h2>Song Hong Provincial Political School</h2>"
    "<p>Address: 12 Le Loi Street, Trung Tam Ward, Song Hong Province, Viet Nam</p>"
    "<p>Phone: (0293) 000 0000 (Department of Organisation and Administration)</p>"
    "<p>E-mail: <a href=\"mailto:vanphong@truong.example.vn\">vanphong@truong.example.vn</a></p>"
    "<h2>Office hours</h2>"
    "<p>Monday to Friday, 7:30 to 11:30 and 13:30 to 17:00 (Viet Nam time). Closed on public "
    "holidays.</p>"
    "<h2>Training and admissions</h2>"
    "<p>Questions about courses and applications go to the Department of Training Management, "
    "phone (0293) 000 0004, e-mail "
    "<a href=\"mailto:daotao@truong.example.vn\">daotao@truong.example.vn</a>. You may also send "
    "a question in Vietnamese through the <a href=\"/hoi-dap\">questions and answers</a> "
    "page.</p>";

struct en_page {
    const char *slug, *title, *html;
};

static const struct en_page en_pages[] = {
    {"about-the-school", "About the School", about_html},
    {"functions-and-tasks", "Functions and tasks", functions_html},
    {"leadership", "Leadership", leadership_html},
    {"contact-us", "Contact us", contact_html},
};

/* An English story; like is the title of the Vietnamese story it retells, whose date and
   cover it takes. */
struct en_article {
    const char *like;
    const char *title, *summary, *author, *caption, *body;
    bool featured;
};

static const struct en_article en_articles[] = {
    {"Khai giảng lớp Trung cấp lý luận chính trị hệ không tập trung khóa 52",
     "Part-time intermediate political theory course 52 opens",
     "The school has opened its 52nd part-time course in intermediate political theory for 94 "
     "officials from communes, wards and provincial agencies.",
     "Department of Training Management",
     "Deputy Principal Le Thi Minh Hanh speaks at the opening of the course",
     "The school held the opening ceremony of part-time intermediate political theory course "
     "52 this week. Deputy Principal Le Thi Minh Hanh, the heads of the faculties and the 94 "
     "learners of the course attended.\n\n"
     "The learners are officials working in communes and wards, in provincial departments and "
     "in the armed forces. Many of them already lead a unit, which helps the course link "
     "theory with practice. Learners come to the school for one week each month; at the end of "
     "the course they study practice in a locality and sit the final examination.\n\n"
     "Opening the course, Ms Hanh asked the learners to follow the study rules, arrange their "
     "work so as to attend every session, and take an active part in discussions.\n",
     true},
    {"Thư viện nhà trường đưa vào sử dụng hệ thống thư viện số phục vụ giảng viên và học "
     "viên",
     "Digital library opens to lecturers and learners",
     "Lecturers and learners can now search and read textbooks, reference books and graduation "
     "papers online through the school's digital library.",
     "Nguyen Thanh Tam",
     "A learner searches the digital library",
     "The school library has opened its digital library after more than six months of "
     "scanning documents and cleaning up the catalogue.\n\n"
     "The first collections are:\n\n"
     "- textbooks of the intermediate political theory programme and the short courses;\n"
     "- Party documents and the decisions of the province;\n"
     "- more than 1,200 graduation papers and field study reports by former learners;\n"
     "- conference proceedings and the results of the lecturers' research projects.\n\n"
     "Users sign in with the account the school gives them and can read on a computer or a "
     "phone. Part-time learners, especially those in remote communes, can now study between "
     "their weeks at the school.\n",
     false},
    {"Đoàn công tác Trường Chính trị tỉnh Đông Lĩnh đến thăm và trao đổi kinh nghiệm",
     "Delegation from Dong Linh Provincial Political School visits the school",
     "A delegation led by Deputy Principal Ha Van Quy of Dong Linh Provincial Political School "
     "came to share experience in training management and research.",
     "Department of Organisation and Administration",
     "Principal Do Minh Khoi welcomes the delegation",
     "Principal Do Minh Khoi and the heads of the faculties and departments welcomed a "
     "delegation from Dong Linh Provincial Political School, led by its Deputy Principal Ha "
     "Van Quy.\n\n"
     "The two schools compared how they organise field studies, write open examination "
     "questions, manage part-time learners and use software in training management. The "
     "visitors praised the school's question bank and the regular professional meetings of "
     "its faculties.\n\n"
     "Both sides agreed to exchange visiting lecturers, hold joint scientific conferences and "
     "share teaching materials. The delegation then visited the classrooms, the library and "
     "the school's history room.\n",
     false},
    {"Thông báo tuyển sinh lớp Trung cấp lý luận chính trị hệ không tập trung năm học {nh}",
     "Admissions: part-time intermediate political theory course",
     "The school is admitting about 80 learners to its next part-time intermediate political "
     "theory course. Applications are received for two weeks, starting one week after this "
     "notice.",
     "Department of Training Management",
     "Learners in a lecture hall of the school",
     "The course is open to officials, civil servants and public employees of the province "
     "who are sent by their agency and who:\n\n"
     "- are Party members (others may be admitted by the competent Party committee);\n"
     "- have finished upper secondary school;\n"
     "- have worked for at least three years;\n"
     "- have not yet studied political theory at intermediate level or above.\n\n"
     "The application includes the agency's decision to send the applicant, a CV certified by "
     "the agency, copies of diplomas, a health certificate and two photographs. Please bring "
     "it to the Department of Training Management during office hours (see "
     "[Contact us](/trang/contact-us)).\n",
     false},
};

/* The published date and cover of the Vietnamese story titled like (its {nh} mark matched
   as a prefix); found none: now and no cover. */
static void vietnamese_twin(const struct article *arts, size_t n, const char *like,
                            int64_t now, int64_t *published, int64_t *cover)
{
    const char *mark = strchr(like, '{');
    size_t len = mark ? (size_t)(mark - like) : strlen(like);

    *published = now - 3600;
    *cover = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strncmp(arts[i].title, like, len) && (mark || !arts[i].title[len])) {
            /* a little after it, as a translation comes */
            *published = arts[i].published_at + 2 * 3600 < now ? arts[i].published_at + 2 * 3600
                                                                : now - 60;
            *cover = arts[i].cover_media_id;
            return;
        }
    }
}

static enum cong_err add_articles(struct store *st, struct arena *a, int64_t now,
                                  struct cong_error *err)
{
    const struct content_actor who = {.user_id = 0, .name = "cli", .role = AUTH_ADMIN, .ip = ""};
    struct article_query q = {.limit = STORE_LIST_MAX, .lang = "vi"};
    struct category_edit cat = {
        .name = "News",
        .slug = NEWS_SLUG,
        .description = "News of the school in English.",
    };
    struct cong_error detail = {0};
    struct article *arts;
    size_t n;
    int64_t id;
    enum cong_err rc;

    rc = content_category_create(st, &who, &cat, &id, &detail);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, "demo: cannot add category '%s': %s", NEWS_SLUG,
                              detail.msg[0] ? detail.msg : cong_strerror(rc));
    if ((rc = store_list_articles(st, a, &q, &arts, &n, NULL)) != CONG_OK)
        return cong_error_set(err, rc, "demo: cannot list articles: %s", cong_strerror(rc));
    for (size_t i = 0; i < sizeof(en_articles) / sizeof(en_articles[0]); i++) {
        const struct en_article *e = &en_articles[i];
        struct article_input in = {
            .title = e->title,
            .summary = e->summary,
            .body_md = e->body,
            .category_slug = NEWS_SLUG,
            .author = e->author,
            .cover_caption = e->caption,
            .status = ARTICLE_PUBLISHED,
            .featured = e->featured,
            .lang = "en",
        };
        vietnamese_twin(arts, n, e->like, now, &in.published_at, &in.cover_media_id);
        rc = content_create_article(st, &in, now, &id, &detail);
        if (rc != CONG_OK)
            return cong_error_set(err, rc, "demo: cannot create article '%s': %s", e->title,
                                  detail.msg[0] ? detail.msg : cong_strerror(rc));
    }
    return CONG_OK;
}

/* The English pages, each an HTML block in one column, in the menu (which shows them in
   English, as the Vietnamese page "Giới thiệu" in Vietnamese). */
static enum cong_err add_pages(struct store *st, struct arena *a, struct cong_error *err)
{
    enum cong_err rc = CONG_OK;

    for (size_t i = 0; rc == CONG_OK && i < sizeof(en_pages) / sizeof(en_pages[0]); i++) {
        struct portal_page_change pc = {.slug = en_pages[i].slug,
                                        .title = en_pages[i].title,
                                        .layout = "mot-cot",
                                        .in_menu = 1,
                                        .lang = "en"};
        int64_t id, pid;
        json_t *cfg;

        if ((rc = portal_page_create(st, a, &pc, &id, err)) != CONG_OK)
            return rc;
        cfg = json_pack("{s:s}", "html", en_pages[i].html);
        if (!cfg)
            return cong_error_set(err, CONG_ENOMEM, "out of memory");
        struct portal_portlet_change body = {
            .type = "html",
            .region = "main",
            .position = PORTAL_POSITION_KEEP,
            .title = "",
            .config = cfg,
        };
        rc = portal_portlet_add(st, a, id, &body, &pid, err);
        json_decref(cfg);
    }
    return rc;
}

/* The English news on the home page: an empty list shows nothing, so only in English. */
static enum cong_err add_home_news(struct store *st, struct arena *a, struct cong_error *err)
{
    struct page p;
    int64_t pid;
    json_t *cfg;
    enum cong_err rc;

    if ((rc = store_get_page_by_slug(st, a, PORTAL_HOME_PAGE, &p)) != CONG_OK)
        return cong_error_set(err, rc, "demo: no page '%s'", PORTAL_HOME_PAGE);
    cfg = json_pack("{s:s,s:s,s:i,s:s,s:b}", "mode", "category", "category", NEWS_SLUG, "count",
                    4, "display", "cards", "thumbnails", 1);
    if (!cfg)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    struct portal_portlet_change news = {
        .type = "news_list",
        .region = "main",
        .position = PORTAL_POSITION_KEEP,
        .title = "News",
        .config = cfg,
    };
    rc = portal_portlet_add(st, a, p.id, &news, &pid, err);
    json_decref(cfg);
    return rc;
}

/* One item of the English menus; parent is the index of its parent in the list, or -1. */
static const struct demo_menu_item en_items[] = {
    {"main", "About the School", "page", "about-the-school", -1},
    {"main", "Functions and tasks", "page", "functions-and-tasks", 0},
    {"main", "Leadership", "page", "leadership", 0},
    {"main", "News", "category", NEWS_SLUG, -1},
    {"main", "Contact us", "page", "contact-us", -1},
    {"footer", "About the School", "page", "about-the-school", -1},
    {"footer", "Contact us", "page", "contact-us", -1},
    {"footer", "Sitemap", "url", "/sitemap.xml", -1},
};

static enum cong_err add_menus(struct store *st, struct arena *a, struct cong_error *err)
{
    return demo_add_menu_items(st, a, en_items, sizeof(en_items) / sizeof(en_items[0]), "en",
                               err);
}

enum cong_err demo_english(struct store *st, int64_t now, struct cong_error *err)
{
    struct arena a;
    enum cong_err rc;

    arena_init(&a, 0);
    rc = add_articles(st, &a, now, err);
    if (rc == CONG_OK)
        rc = add_pages(st, &a, err);
    if (rc == CONG_OK)
        rc = add_home_news(st, &a, err);
    if (rc == CONG_OK)
        rc = add_menus(st, &a, err);
    arena_release(&a);
    return rc;
}
