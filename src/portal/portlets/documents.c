/*
 * documents: the latest public documents (văn bản) of the site, of every kind or of one, each
 * with its number, summary and date of issue, and a link to the whole table at /van-ban.
 */
#include "../portal_int.h"
#include "../../i18n/i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../content/documents.h"

static const struct portlet_field fields[] = {
    {"kind", N_("Loại văn bản"), PORTLET_TEXT, "\"\"", 0, 200, NULL,
     N_("Để trống để hiện mọi loại; ví dụ: Quyết định, Kế hoạch, Thông báo.")},
    {"count", N_("Số văn bản"), PORTLET_INT, "5", 1, 20, NULL, N_("Từ 1 đến 20.")},
};

/* "YYYY-MM-DD" as a date in the page's language (04-12-2026, 4 Dec 2026); "" stays "". */
static json_t *day_shown(const char *ymd)
{
    struct tm tm = {0}, local;
    struct buf b;
    json_t *out;
    int64_t t;

    if (!ymd || strlen(ymd) != 10 || sscanf(ymd, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
                                            &tm.tm_mday) != 3)
        return json_string("");
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = 12;
    /* noon of that day in the site's zone, which the date is written in */
    t = (int64_t)timegm(&tm);
    time_local(t, &local);
    t -= (int64_t)timegm(&local) - t;
    buf_init(&b, 64);
    i18n_add_date(&b, t);
    out = json_string(buf_error(&b) ? "" : b.data);
    buf_release(&b);
    return out;
}

static enum cong_err render(const struct portal_env *env, const json_t *config, json_t *view)
{
    const char *kind = portal_cfg_str(config, "kind");
    struct document_query q = {
        .public_only = true, .kind = kind, .limit = (size_t)portal_cfg_int(config, "count")};
    struct document *docs;
    json_t *list;
    size_t n;
    enum cong_err rc = store_list_documents(env->store, env->arena, &q, &docs, &n, NULL);

    if (rc != CONG_OK)
        return rc;
    if (!(list = json_array()))
        return CONG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        if (!o || json_array_append_new(list, o)) {
            json_decref(list);
            return CONG_ENOMEM;
        }
        json_object_set_new(o, "number", portal_jstr(docs[i].number));
        json_object_set_new(o, "title", portal_jstr(docs[i].title));
        json_object_set_new(o, "url", portal_jstr(content_document_path(env->arena, &docs[i])));
        json_object_set_new(o, "issued", day_shown(docs[i].issued_on));
        json_object_set_new(o, "issued_iso", portal_jstr(docs[i].issued_on));
        json_object_set_new(o, "consultation",
                            json_boolean(docs[i].status == DOCUMENT_CONSULTATION));
    }
    json_object_set_new(view, "documents", list);
    json_object_set_new(view, "empty", json_boolean(n == 0));
    json_object_set_new(
        view, "more_url",
        portal_jstr(*kind ? arena_printf(env->arena, "/van-ban?loai=%s", kind) : "/van-ban"));
    return CONG_OK;
}

const struct portlet_type portlet_documents = {
    .name = "documents",
    .label = N_("Văn bản mới"),
    .description = N_("Các văn bản mới ban hành và dự thảo lấy ý kiến, của mọi loại hoặc một loại."),
    .fields = fields,
    .nfields = sizeof(fields) / sizeof(fields[0]),
    .check = NULL,
    .render = render,
};
