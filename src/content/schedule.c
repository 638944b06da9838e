/*
 * The work schedule's rules (civic.h): who may change it, what an entry must hold, and the
 * calendar arithmetic of its ISO weeks in the site's time zone (the process's zone, set at
 * start-up from the time_zone setting). Writes go to the store and the audit log; the page
 * generation moves by the table's triggers, so a change shows on the public pages at once.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include "civic.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* An entry without an end lasts an hour on the page. */
#define DEFAULT_LENGTH 3600

static const char msg_editors_only[] = N_("Chỉ biên tập viên trở lên được sửa lịch công tác.");

/* t's local calendar fields; false if the C library cannot say (a time out of its range). */
static bool local_tm(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;

    return localtime_r(&tt, tm) != NULL;
}

/* Midnight of tm's day plus days, in the zone (mktime finds the offset of that day). */
static int64_t midnight_plus(const struct tm *tm, int days)
{
    struct tm m = *tm;

    m.tm_mday += days;
    m.tm_hour = m.tm_min = m.tm_sec = 0;
    m.tm_isdst = -1;
    return (int64_t)mktime(&m);
}

int64_t content_day_add(int64_t day, int days)
{
    struct tm tm;

    if (!local_tm(day, &tm))
        return day + (int64_t)days * 86400;
    return midnight_plus(&tm, days);
}

void content_iso_week_of(int64_t t, int64_t *monday, int *year, int *week)
{
    struct tm tm, th;

    *monday = t;
    *year = 1970;
    *week = 1;
    if (!local_tm(t, &tm))
        return;
    *monday = midnight_plus(&tm, -((tm.tm_wday + 6) % 7));
    /* the week belongs to the year of its Thursday, and is numbered from that year's first
       Thursday's week */
    if (!local_tm(content_day_add(*monday, 3), &th))
        return;
    *year = th.tm_year + 1900;
    *week = th.tm_yday / 7 + 1;
}

bool content_iso_week_parse(const char *s, int64_t *monday)
{
    struct tm jan4 = {0};
    int year, week, y, wk, used = 0;
    int64_t first;

    if (!s || strlen(s) != 8 || sscanf(s, "%4d-W%2d%n", &year, &week, &used) != 2 || used != 8 ||
        s[4] != '-' || s[5] != 'W' || s[6] < '0' || s[6] > '9' || s[7] < '0' || s[7] > '9')
        return false;
    if (year < 1971 || year > 9998 || week < 1 || week > 53)
        return false;
    /* 4 January is always in week 1 */
    jan4.tm_year = year - 1900;
    jan4.tm_mday = 4;
    jan4.tm_hour = 12;
    jan4.tm_isdst = -1;
    content_iso_week_of((int64_t)mktime(&jan4), &first, &y, &wk);
    *monday = content_day_add(first, (week - 1) * 7);
    /* week 53 only in the years that have one */
    content_iso_week_of(*monday, &first, &y, &wk);
    return y == year && wk == week;
}

/* Checks in (editors and above) into e; CONG_EPERM, CONG_EINVAL with err. */
static enum cong_err check_entry(const struct content_actor *who, const struct schedule_input *in,
                                 struct schedule_entry *e, struct cong_error *err)
{
    enum cong_err rc;

    if (!who || !auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM, "%s", _(msg_editors_only));
    if (!in->title || !*in->title)
        return cong_error_field(err, "title", CONG_EINVAL, _("Cần nhập nội dung công việc."));
    if (in->starts_at <= 0)
        return cong_error_field(err, "starts_at", CONG_EINVAL, _("Cần nhập thời gian bắt đầu."));
    if (in->ends_at && in->ends_at < in->starts_at)
        return cong_error_field(err, "ends_at", CONG_EINVAL,
                                _("Thời gian kết thúc phải sau thời gian bắt đầu."));
    if (in->ends_at - in->starts_at > CONTENT_SCHEDULE_SPAN_MAX)
        return cong_error_field(err, "ends_at", CONG_EINVAL, _("Một mục lịch kéo dài tối đa %d ngày."),
                                CONTENT_SCHEDULE_SPAN_MAX / 86400);
    if ((rc =
             content_check_text(in->title, CONTENT_SCHEDULE_TITLE_MAX, "title", _("Nội dung"), err)) ||
        (rc = content_check_text(in->location, CONTENT_SCHEDULE_FIELD_MAX, "location", _("Địa điểm"),
                                 err)) ||
        (rc = content_check_text(in->chair, CONTENT_SCHEDULE_FIELD_MAX, "chair", _("Lãnh đạo chủ trì"),
                                 err)) ||
        (rc = content_check_text(in->people, CONTENT_SCHEDULE_FIELD_MAX, "people", _("Thành phần"),
                                 err)) ||
        (rc = content_check_text(in->host_unit, CONTENT_SCHEDULE_FIELD_MAX, "host_unit",
                                 _("Đơn vị chuẩn bị"), err)))
        return rc;
    *e = (struct schedule_entry){
        .starts_at = in->starts_at,
        .ends_at = in->ends_at ? in->ends_at : in->starts_at + DEFAULT_LENGTH,
        .title = in->title,
        .location = in->location,
        .chair = in->chair,
        .people = in->people,
        .host_unit = in->host_unit,
    };
    return CONG_OK;
}

/* "#12 Title", how the audit log names an entry; "" when out of memory. */
static void audit_entry(struct store *st, const struct content_actor *who, const char *action,
                        int64_t id, const char *title)
{
    char target[400];
    int n = snprintf(target, sizeof(target), "#%lld %s", (long long)id, title ? title : "");

    /* a title longer than the line is cut: the id names the entry */
    (void)content_audit(st, who, 0, action, n < 0 ? "" : target, NULL);
}

enum cong_err content_schedule_create(struct store *st, const struct content_actor *who,
                                      const struct schedule_input *in, int64_t *id,
                                      struct cong_error *err)
{
    struct schedule_entry e;
    enum cong_err rc;

    *id = 0;
    rc = check_entry(who, in, &e, err);
    if (rc != CONG_OK)
        return rc;
    rc = store_add_schedule_entry(st, &e, id);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không lưu được mục lịch: %s"), cong_strerror(rc));
    audit_entry(st, who, "schedule_added", *id, e.title);
    return CONG_OK;
}

enum cong_err content_schedule_update(struct store *st, const struct content_actor *who, int64_t id,
                                      const struct schedule_input *in, struct cong_error *err)
{
    struct schedule_entry e;
    enum cong_err rc;

    rc = check_entry(who, in, &e, err);
    if (rc != CONG_OK)
        return rc;
    e.id = id;
    rc = store_update_schedule_entry(st, &e);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có mục lịch này."));
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không lưu được mục lịch: %s"), cong_strerror(rc));
    audit_entry(st, who, "schedule_changed", id, e.title);
    return CONG_OK;
}

enum cong_err content_schedule_delete(struct store *st, const struct content_actor *who, int64_t id,
                                      struct cong_error *err)
{
    enum cong_err rc;

    if (!who || !auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM, "%s", _(msg_editors_only));
    rc = store_delete_schedule_entry(st, id);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có mục lịch này."));
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không xóa được mục lịch: %s"), cong_strerror(rc));
    audit_entry(st, who, "schedule_removed", id, NULL);
    return CONG_OK;
}
