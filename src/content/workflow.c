/*
 * The rules of editorial work: which role may create, edit, delete and move an article from
 * which state (the table in content.h, written here once), the names and Vietnamese labels of
 * actions and states, and the normal form of tags. It decides only; editorial.c applies the
 * answers to writes, and pages ask the content_may_* predicates to show what is allowed.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include <string.h>

static const struct {
    const char *name;
    const char *label;
} actions[] = {
    [CONTENT_SUBMIT] = {"submit", N_("Gửi duyệt")},
    [CONTENT_APPROVE] = {"approve", N_("Duyệt và đăng")},
    [CONTENT_REJECT] = {"reject", N_("Trả lại")},
    [CONTENT_PUBLISH] = {"publish", N_("Đăng ngay")},
    [CONTENT_UNPUBLISH] = {"unpublish", N_("Gỡ xuống")},
};
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

const char *content_action_name(enum content_action act)
{
    return (unsigned)act < NACTIONS ? actions[act].name : "unknown";
}

const char *content_action_label(enum content_action act)
{
    return (unsigned)act < NACTIONS ? _(actions[act].label) : "";
}

bool content_action_parse(const char *name, enum content_action *out)
{
    if (!name)
        return false;
    for (size_t i = 0; i < NACTIONS; i++) {
        if (!strcmp(name, actions[i].name)) {
            *out = (enum content_action)i;
            return true;
        }
    }
    return false;
}

const char *content_status_label(const struct article *a, int64_t now)
{
    switch (a->status) {
    case ARTICLE_DRAFT: return _("Bản nháp");
    case ARTICLE_PENDING: return _("Chờ duyệt");
    case ARTICLE_PUBLISHED:
        return a->published_at > now               ? _("Đã lên lịch")
               : content_article_is_expired(a, now) ? _("Đã hết hạn")
                                                    : _("Đã đăng");
    }
    return _("Không rõ");
}

/* An article is the actor's own only when both sides name a real user (0 is nobody). */
static bool is_own(const struct content_actor *who, const struct article *a)
{
    return who->user_id > 0 && a->owner_id == who->user_id;
}

static bool at_least(const struct content_actor *who, enum auth_role need)
{
    return auth_role_at_least(who->role, need);
}

bool content_may_create(const struct content_actor *who, enum article_status status)
{
    switch (status) {
    case ARTICLE_DRAFT:
    case ARTICLE_PENDING: return at_least(who, AUTH_AUTHOR);
    case ARTICLE_PUBLISHED: return at_least(who, AUTH_PUBLISHER);
    }
    return false;
}

enum cong_err content_rule_edit(const struct content_actor *who, const struct article *a)
{
    if (at_least(who, AUTH_EDITOR))
        return CONG_OK;
    /* an author's hands hold only their own drafts */
    if (at_least(who, AUTH_AUTHOR) && is_own(who, a) && a->status == ARTICLE_DRAFT)
        return CONG_OK;
    return CONG_EPERM;
}

enum cong_err content_rule_delete(const struct content_actor *who, const struct article *a)
{
    if (at_least(who, AUTH_PUBLISHER))
        return CONG_OK;
    if (at_least(who, AUTH_EDITOR))
        return a->status == ARTICLE_PUBLISHED ? CONG_EPERM : CONG_OK;
    if (at_least(who, AUTH_AUTHOR) && is_own(who, a) && a->status == ARTICLE_DRAFT)
        return CONG_OK;
    return CONG_EPERM;
}

/*
 * The role (and, for an author, ownership) is checked before the state, so an author asking
 * to approve hears "not allowed" whatever the state, and a publisher approving a draft hears
 * "not from this state".
 */
enum cong_err content_rule_transition(const struct content_actor *who, const struct article *a,
                                      enum content_action act, enum article_status *to)
{
    enum auth_role need;
    bool from_ok;
    enum article_status dest;

    switch (act) {
    case CONTENT_SUBMIT:
        need = AUTH_AUTHOR;
        from_ok = a->status == ARTICLE_DRAFT;
        dest = ARTICLE_PENDING;
        break;
    case CONTENT_REJECT:
        need = AUTH_EDITOR;
        from_ok = a->status == ARTICLE_PENDING;
        dest = ARTICLE_DRAFT;
        break;
    case CONTENT_APPROVE:
        need = AUTH_PUBLISHER;
        from_ok = a->status == ARTICLE_PENDING;
        dest = ARTICLE_PUBLISHED;
        break;
    case CONTENT_PUBLISH:
        need = AUTH_PUBLISHER;
        from_ok = a->status == ARTICLE_DRAFT || a->status == ARTICLE_PENDING;
        dest = ARTICLE_PUBLISHED;
        break;
    case CONTENT_UNPUBLISH:
        need = AUTH_PUBLISHER;
        from_ok = a->status == ARTICLE_PUBLISHED;
        dest = ARTICLE_DRAFT;
        break;
    default: return CONG_EPERM;
    }
    if (!at_least(who, need))
        return CONG_EPERM;
    if (!at_least(who, AUTH_EDITOR) && !is_own(who, a))
        return CONG_EPERM;
    if (!from_ok)
        return CONG_ESTATE;
    if (to)
        *to = dest;
    return CONG_OK;
}

bool content_may_edit(const struct content_actor *who, const struct article *a)
{
    return content_rule_edit(who, a) == CONG_OK;
}

bool content_may_delete(const struct content_actor *who, const struct article *a)
{
    return content_rule_delete(who, a) == CONG_OK;
}

bool content_may_transition(const struct content_actor *who, const struct article *a,
                            enum content_action act, enum article_status *to)
{
    return content_rule_transition(who, a, act, to) == CONG_OK;
}

/* True if s[0..n) holds a control character (tags are shown on one line, in lists). */
static bool has_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return true;
    }
    return false;
}

enum cong_err content_tags_normalise(struct arena *ar, const char *typed, const char **out,
                                     struct cong_error *err)
{
    /* the folded form of each tag kept, to drop later spellings of the same one */
    const char *folded[CONTENT_TAGS_MAX];
    size_t nkept = 0, len;
    struct buf res, fold;
    const char *p, *end, *tag;
    enum cong_err rc = CONG_OK;

    *out = NULL;
    if (!typed)
        typed = "";
    len = strlen(typed);
    if (!text_is_utf8(typed, len))
        return cong_error_field(err, "tags", CONG_EINVAL, _("thẻ không phải văn bản UTF-8 hợp lệ"));
    buf_init(&res, (CONTENT_TAG_LEN_MAX * 4 + 1) * CONTENT_TAGS_MAX + 1);
    buf_init(&fold, CONTENT_TAG_LEN_MAX * 8 + 16);
    for (p = typed; rc == CONG_OK && p <= typed + len; p = end + 1) {
        size_t n;
        bool dup = false;

        end = strchr(p, ',');
        if (!end)
            end = typed + len;
        n = (size_t)(end - p);
        tag = text_trim(p, &n);
        if (n == 0)
            continue;
        if (has_control(tag, n)) {
            rc = cong_error_field(err, "tags", CONG_EINVAL, _("thẻ không được chứa ký tự điều khiển"));
            break;
        }
        if (content_utf8_chars(tag, n) > CONTENT_TAG_LEN_MAX) {
            rc = cong_error_field(err, "tags", CONG_EINVAL, _("mỗi thẻ dài nhiều nhất %d ký tự"),
                                CONTENT_TAG_LEN_MAX);
            break;
        }
        buf_reset(&fold);
        rc = text_fold(tag, n, &fold);
        if (rc == CONG_OK)
            rc = buf_error(&fold);
        if (rc) {
            cong_error_set(err, rc, _("không xử lý được thẻ: %s"), cong_strerror(rc));
            break;
        }
        for (size_t i = 0; i < nkept && !dup; i++)
            dup = !strcmp(folded[i], fold.data);
        if (dup)
            continue;
        if (nkept == CONTENT_TAGS_MAX) {
            rc = cong_error_field(err, "tags", CONG_EINVAL, _("một bài viết có nhiều nhất %d thẻ"),
                                CONTENT_TAGS_MAX);
            break;
        }
        folded[nkept] = arena_strndup(ar, fold.data, fold.len);
        if (!folded[nkept]) {
            rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
            break;
        }
        nkept++;
        if (res.len)
            buf_putc(&res, ',');
        buf_add(&res, tag, n);
    }
    if (rc == CONG_OK && (rc = buf_error(&res)) != CONG_OK)
        cong_error_set(err, rc, "out of memory");
    if (rc == CONG_OK) {
        *out = arena_strndup(ar, res.data, res.len);
        if (!*out)
            rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
    }
    buf_release(&res);
    buf_release(&fold);
    return rc;
}
