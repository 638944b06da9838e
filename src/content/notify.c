/*
 * Notices: who should act on or know about an editorial change hears of it. When an article
 * is submitted for review, the site's publishers and admins (who can approve it) are told;
 * when it is returned, its author gets the note; when it is published (or scheduled), its
 * author is told. Each gets a notice on the site's dashboard (the store's notices) and, when
 * [mail] is set and the person has an e-mail, a message through the mailer's queue. A citizen
 * whose question is answered and published gets the answer's link by e-mail.
 *
 * What they say is written in the site's language (content_site_lang), not in the language of
 * the request that caused them: they are read later by someone else, and a notice is kept as
 * text. The person who asked gets their own language back in the answer to their request.
 *
 * The editorial functions of editorial.c and questions.c call this once each, after their
 * change is written: a notice that cannot be written or sent is logged and never undoes the
 * change. The mailer is set once at start-up (content_notify_set_mailer), before any request
 * thread runs, and only read after that.
 */
#include "content_int.h"

#include <string.h>

#include "../i18n/i18n.h"
#include "../mail/mail.h"

/* The most bytes of an article's title in a subject line. */
#define SUBJECT_TITLE_MAX 120

static struct mailer *notify_mailer;

void content_notify_set_mailer(struct mailer *m)
{
    notify_mailer = m;
}

/* s on one line (control characters become spaces), cut to at most max bytes at a character
   boundary with "…" after it; from ar (NULL: out of memory). */
static const char *one_line(struct arena *ar, const char *s, size_t max)
{
    size_t n = strlen(s), keep = n;
    char *out;

    if (n > max) {
        keep = max;
        while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
            keep--;
    }
    out = arena_alloc(ar, keep + 4);
    if (!out)
        return NULL;
    for (size_t i = 0; i < keep; i++)
        out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
    if (keep < n)
        memcpy(out + keep, _("…"), 4);
    return out;
}

/* The absolute origin of st's site: its base_url setting, else http:// and its host. */
static const char *site_origin(struct store *st, struct arena *ar)
{
    char *base = NULL;
    struct site site;
    size_t n;

    if (store_get_setting(st, ar, "base_url", &base) == CONG_OK && base && *base) {
        n = strlen(base);
        while (n > 0 && base[n - 1] == '/')
            base[--n] = '\0';
        return base;
    }
    if (store_get_site(st, ar, store_site_id(st), &site) == CONG_OK && *site.host)
        return arena_printf(ar, "http://%s", site.host);
    return "";
}

static const char *site_name(struct store *st, struct arena *ar)
{
    char *name = NULL;

    if (store_get_setting(st, ar, "site_name", &name) != CONG_OK || !name || !*name)
        return _("Cổng thông tin");
    return name;
}

/* What one notice says, on the dashboard and by e-mail. */
struct message {
    const char *kind;    /* "submitted", "returned", "published" */
    const char *notice;  /* the dashboard's line */
    const char *link;    /* a path on the site */
    const char *subject; /* the e-mail's */
    const char *body;    /* the e-mail's, without greeting */
};

/* Tells user u about m: a notice on st's site and, where possible, an e-mail. */
static void tell(struct store *st, struct arena *ar, const struct user *u, const struct message *m,
                 const char *origin, int64_t now)
{
    struct notice n = {
        .user_id = u->id, .kind = m->kind, .text = m->notice, .link = m->link, .created_at = now};
    const char *body;
    enum cong_err rc;

    if ((rc = store_add_notice(st, &n)) != CONG_OK)
        log_error("notice: cannot keep '%s' for '%s': %s", m->kind, u->name, cong_strerror(rc));
    if (!mail_is_configured(notify_mailer) || !u->email || !*u->email)
        return;
    body = arena_printf(ar,
                        _("Xin chào %s,\n\n%s\n\n%s%s\n\n-- \nThư tự động của %s; "
                        "bạn nhận thư vì có tài khoản trên cổng.\n"),
                        *u->display_name ? u->display_name : u->name, m->body, origin, m->link,
                        site_name(st, ar));
    rc = body ? mail_queue(notify_mailer, u->email, m->subject, body) : CONG_ENOMEM;
    if (rc != CONG_OK)
        log_error("mail: cannot queue '%s' for '%s': %s", m->kind, u->name, cong_strerror(rc));
}

/* The users of st's site who may approve (publishers and admins), but not who. */
static void tell_approvers(struct store *st, struct arena *ar, const struct content_actor *who,
                           const struct message *m, const char *origin, int64_t now)
{
    struct user *users;
    size_t n;
    enum cong_err rc = store_list_users(st, ar, true, &users, &n);

    if (rc != CONG_OK) {
        log_error("notice: cannot list the site's users: %s", cong_strerror(rc));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        struct user full;
        if (users[i].disabled || users[i].id == who->user_id ||
            (strcmp(users[i].role, "publisher") != 0 && strcmp(users[i].role, "admin") != 0))
            continue;
        /* lists leave the hash out, and the e-mail comes with the user's own row */
        if (store_get_user(st, ar, users[i].id, &full) == CONG_OK)
            tell(st, ar, &full, m, origin, now);
    }
}

/* The author of a (its owner) unless she did it herself or is gone. */
static void tell_author(struct store *st, struct arena *ar, const struct content_actor *who,
                        const struct article *a, const struct message *m, const char *origin,
                        int64_t now)
{
    struct user u;

    if (a->owner_id <= 0 || a->owner_id == who->user_id)
        return;
    if (store_get_user(st, ar, a->owner_id, &u) == CONG_OK && !u.disabled)
        tell(st, ar, &u, m, origin, now);
}

void content_notify_transition(struct store *st, const struct content_actor *who,
                               const struct article *a, int64_t id, enum content_action act,
                               const char *note, int64_t now)
{
    struct arena ar;
    struct message m = {0};
    const char *title, *origin, *actor;
    struct buf when;
    enum i18n_lang was = i18n_set_lang(content_site_lang(st));

    arena_init(&ar, 0);
    buf_init(&when, 64);
    title = one_line(&ar, a->title ? a->title : "", SUBJECT_TITLE_MAX);
    origin = site_origin(st, &ar);
    actor = who->name && *who->name ? who->name : _("Ban biên tập");
    if (!title || !origin)
        goto out;
    switch (act) {
    case CONTENT_SUBMIT:
        m.kind = "submitted";
        m.link = arena_printf(&ar, "/quan-tri/bai-viet/%lld", (long long)id);
        m.notice = arena_printf(&ar, _("%s gửi duyệt bài “%s”."), actor, title);
        m.subject = arena_printf(&ar, _("Bài chờ duyệt: %s"), title);
        m.body =
            arena_printf(&ar, _("%s vừa gửi duyệt bài “%s”. Xem và duyệt bài tại:"), actor, title);
        if (m.link && m.notice && m.subject && m.body)
            tell_approvers(st, &ar, who, &m, origin, now);
        break;
    case CONTENT_REJECT:
        m.kind = "returned";
        m.link = arena_printf(&ar, "/quan-tri/bai-viet/%lld", (long long)id);
        m.notice = arena_printf(&ar, _("Bài “%s” bị trả lại: %s"), title, note ? note : "");
        m.subject = arena_printf(&ar, _("Bài bị trả lại: %s"), title);
        m.body = arena_printf(&ar,
                              _("Bài “%s” của bạn đã được trả lại để sửa.\n\n"
                              "Ghi chú của người duyệt:\n%s\n\nSửa bài tại:"),
                              title, note ? note : "");
        if (m.link && m.notice && m.subject && m.body)
            tell_author(st, &ar, who, a, &m, origin, now);
        break;
    case CONTENT_APPROVE:
    case CONTENT_PUBLISH:
        m.kind = "published";
        m.link = content_article_path(&ar, &(struct article){.id = id, .slug = a->slug});
        if (a->published_at > now) {
            i18n_add_datetime(&when, a->published_at);
            m.notice =
                arena_printf(&ar, _("Bài “%s” đã được lên lịch đăng lúc %s."), title, when.data);
            m.body = arena_printf(
                &ar, _("Bài “%s” của bạn đã được duyệt và sẽ đăng lúc %s tại:"), title, when.data);
        } else {
            m.notice = arena_printf(&ar, _("Bài “%s” đã được đăng."), title);
            m.body = arena_printf(&ar, _("Bài “%s” của bạn đã được đăng tại:"), title);
        }
        m.subject = arena_printf(&ar, _("Bài đã được duyệt đăng: %s"), title);
        if (m.link && m.notice && m.subject && m.body)
            tell_author(st, &ar, who, a, &m, origin, now);
        break;
    case CONTENT_UNPUBLISH:
    default: break;
    }
out:
    buf_release(&when);
    arena_release(&ar);
    i18n_set_lang(was);
}

void content_notify_answer(struct store *st, const struct question *q)
{
    struct arena ar;
    const char *subject, *body, *title;
    enum i18n_lang was;
    enum cong_err rc;

    if (!mail_is_configured(notify_mailer) || !q->email || !mail_address_is_valid(q->email))
        return;
    was = i18n_set_lang(content_site_lang(st));
    arena_init(&ar, 0);
    title = one_line(&ar, q->title ? q->title : "", SUBJECT_TITLE_MAX);
    subject = title ? arena_printf(&ar, _("Câu hỏi của bạn đã được trả lời: %s"), title) : NULL;
    body = title ? arena_printf(&ar,
                                _("Xin chào %s,\n\n"
                                "Câu hỏi “%s” bạn gửi tới %s đã được trả lời. Xem câu trả lời "
                                "tại:\n\n%s/hoi-dap/%lld\n\n"
                                "-- \nThư tự động; bạn nhận thư vì đã gửi câu hỏi kèm địa chỉ "
                                "này.\n"),
                                q->name && *q->name ? q->name : _("bạn"), title, site_name(st, &ar),
                                site_origin(st, &ar), (long long)q->id)
                 : NULL;
    rc = subject && body ? mail_queue(notify_mailer, q->email, subject, body) : CONG_ENOMEM;
    if (rc != CONG_OK)
        log_error("mail: cannot queue the answer to question %lld: %s", (long long)q->id,
                  cong_strerror(rc));
    arena_release(&ar);
    i18n_set_lang(was);
}
