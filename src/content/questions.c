/*
 * Questions and answers (civic.h): a visitor's question is checked, throttled per address and
 * kept pending; only an editor's decision makes it public, with its answer. The folded text
 * kept beside each question (title, question, answer) is what the public search matches, so
 * it is written again with every change. Nothing here knows HTTP: the form's own defences
 * (its token, the honeypot, the fill time) are the public handler's.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include "civic.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char msg_editors_only[] = N_("Chỉ biên tập viên trở lên được trả lời câu hỏi.");

const char *content_question_status_name(enum question_status s)
{
    switch (s) {
    case QUESTION_PENDING: return "pending";
    case QUESTION_PUBLISHED: return "published";
    case QUESTION_HIDDEN: return "hidden";
    }
    return "unknown";
}

bool content_question_status_parse(const char *name, enum question_status *out)
{
    static const enum question_status all[] = {QUESTION_PENDING, QUESTION_PUBLISHED,
                                               QUESTION_HIDDEN};

    for (size_t i = 0; name && i < sizeof(all) / sizeof(all[0]); i++) {
        if (!strcmp(name, content_question_status_name(all[i]))) {
            *out = all[i];
            return true;
        }
    }
    return false;
}

const char *content_question_status_label(enum question_status s)
{
    switch (s) {
    case QUESTION_PENDING: return _("Chờ trả lời");
    case QUESTION_PUBLISHED: return _("Đã đăng");
    case QUESTION_HIDDEN: return _("Đã ẩn");
    }
    return "";
}

/* A plausible address: one '@', something before it, a dot after it, no spaces or controls.
   Whether it receives mail only sending can tell. */
static bool is_email(const char *s)
{
    const char *at = strchr(s, '@');

    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[strlen(at) - 1] == '.')
        return false;
    for (const char *p = s; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>')
            return false;
    }
    return true;
}

/* A required text field: present after trimming, UTF-8, at most max characters. */
static enum cong_err required(const char *v, size_t max, const char *field, const char *label,
                              struct cong_error *err)
{
    size_t n = v ? strlen(v) : 0;

    if (!v || !*text_trim(v, &n) || n == 0)
        return cong_error_field(err, field, CONG_EINVAL, _("Cần nhập %s."), label);
    return content_check_text(v, max, field, label, err);
}

/* The folded text the search matches: title, question and answer; NULL when out of memory or
   not UTF-8 (checked before). */
static char *fold_all(struct arena *ar, const char *title, const char *body, const char *answer)
{
    struct buf b;
    char *out = NULL;

    buf_init(&b, 0);
    if (text_fold(title, strlen(title), &b) == CONG_OK && (buf_putc(&b, '\n'), true) &&
        text_fold(body, strlen(body), &b) == CONG_OK && (buf_putc(&b, '\n'), true) &&
        text_fold(answer, strlen(answer), &b) == CONG_OK && !buf_error(&b))
        out = arena_strndup(ar, b.data ? b.data : "", b.len);
    buf_release(&b);
    return out;
}

enum cong_err content_question_ask(struct store *st, const struct question_input *in, int64_t now,
                                   int64_t *id, int64_t *retry_after, struct cong_error *err)
{
    struct question q = {.status = QUESTION_PENDING};
    struct arena ar;
    int64_t sent = 0;
    enum cong_err rc;

    *id = 0;
    *retry_after = 0;
    if ((rc = required(in->name, CONTENT_QUESTION_NAME_MAX, "name", _("họ và tên"), err)) ||
        (rc = required(in->email, CONTENT_QUESTION_EMAIL_MAX, "email", _("địa chỉ thư điện tử"),
                       err)) ||
        (rc = required(in->title, CONTENT_QUESTION_TITLE_MAX, "title", _("tiêu đề câu hỏi"), err)) ||
        (rc = required(in->body, CONTENT_QUESTION_BODY_MAX, "body", _("nội dung câu hỏi"), err)))
        return rc;
    if (strlen(in->email) > CONTENT_QUESTION_EMAIL_MAX || !is_email(in->email))
        return cong_error_field(err, "email", CONG_EINVAL,
                                _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn)."));
    /* the count and the insert are not one transaction: two questions racing from one address
       may both pass, which a limit against floods can afford */
    rc = store_count_questions_from(st, in->sender ? in->sender : "", now - CONTENT_QUESTION_WINDOW,
                                    &sent);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không đọc được số câu hỏi đã gửi: %s"), cong_strerror(rc));
    if (sent >= CONTENT_QUESTIONS_PER_WINDOW) {
        *retry_after = CONTENT_QUESTION_WINDOW;
        return cong_error_set(err, CONG_EBUSY,
                              _("Bạn đã gửi %d câu hỏi trong một giờ qua. Xin vui lòng gửi câu hỏi "
                              "tiếp theo sau ít phút nữa."),
                              CONTENT_QUESTIONS_PER_WINDOW);
    }
    arena_init(&ar, 0);
    q.name = in->name;
    q.email = in->email;
    q.title = in->title;
    q.body = in->body;
    q.sender = in->sender;
    q.asked_at = now;
    q.search_text = fold_all(&ar, in->title, in->body, "");
    rc = q.search_text ? store_add_question(st, &q, id) : CONG_ENOMEM;
    arena_release(&ar);
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không lưu được câu hỏi: %s"), cong_strerror(rc));
    return CONG_OK;
}

static void audit_question(struct store *st, const struct content_actor *who, int64_t now,
                           const char *action, int64_t id, const char *detail)
{
    char target[32];

    (void)snprintf(target, sizeof(target), "#%lld", (long long)id);
    (void)content_audit(st, who, now, action, target, detail);
}

/* The audit action of a change from q's status to to. */
static const char *change_action(enum question_status from, enum question_status to)
{
    if (to == QUESTION_PUBLISHED && from != QUESTION_PUBLISHED)
        return "question_published";
    if (to == QUESTION_HIDDEN && from != QUESTION_HIDDEN)
        return "question_hidden";
    return "question_answered";
}

enum cong_err content_question_change(struct store *st, const struct content_actor *who, int64_t id,
                                      const struct question_change *ch, int64_t now,
                                      struct cong_error *err)
{
    struct arena ar;
    struct question q;
    enum question_status from;
    bool first_public;
    enum cong_err rc;

    if (!who || !auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM, "%s", _(msg_editors_only));
    if ((ch->title &&
         (rc = required(ch->title, CONTENT_QUESTION_TITLE_MAX, "title", _("tiêu đề câu hỏi"), err))) ||
        (rc = content_check_text(ch->answer, CONTENT_QUESTION_ANSWER_MAX, "answer", _("Câu trả lời"),
                                 err)))
        return rc;
    arena_init(&ar, 0);
    rc = store_get_question(st, &ar, id, &q);
    if (rc != CONG_OK) {
        cong_error_set(err, rc,
                       rc == CONG_ENOTFOUND ? _("Không có câu hỏi này.") : _("không đọc được câu hỏi"));
        goto out;
    }
    from = q.status;
    if (ch->title)
        q.title = ch->title;
    if (ch->answer)
        q.answer = ch->answer;
    if (ch->set_status) {
        if (ch->status == QUESTION_PENDING && from != QUESTION_PENDING) {
            rc = cong_error_field(err, "status", CONG_ESTATE,
                                  _("Câu hỏi đã được xử lý, không trả về trạng thái chờ được."));
            goto out;
        }
        q.status = ch->status;
    }
    if (q.status == QUESTION_PUBLISHED && !*text_trim(q.answer, &(size_t){strlen(q.answer)})) {
        rc = cong_error_field(err, "answer", CONG_ESTATE, _("Cần có câu trả lời trước khi đăng."));
        goto out;
    }
    if (ch->answer && *ch->answer)
        q.answered_by = who->name;
    first_public = q.status == QUESTION_PUBLISHED && !q.answered_at;
    if (first_public)
        q.answered_at = now;
    q.search_text = fold_all(&ar, q.title, q.body, q.answer);
    rc = q.search_text ? store_update_question(st, &q, now) : CONG_ENOMEM;
    if (rc != CONG_OK) {
        cong_error_set(err, rc, _("không lưu được câu trả lời: %s"), cong_strerror(rc));
        goto out;
    }
    audit_question(st, who, now, change_action(from, q.status), id,
                   content_question_status_name(q.status));
    /* the asker hears once, when the answer first goes public */
    if (first_public)
        content_notify_answer(st, &q);
out:
    arena_release(&ar);
    return rc;
}

enum cong_err content_question_delete(struct store *st, const struct content_actor *who, int64_t id,
                                      struct cong_error *err)
{
    enum cong_err rc;

    if (!who || !auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM, "%s", _(msg_editors_only));
    rc = store_delete_question(st, id);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có câu hỏi này."));
    if (rc != CONG_OK)
        return cong_error_set(err, rc, _("không xóa được câu hỏi: %s"), cong_strerror(rc));
    audit_question(st, who, 0, "question_removed", id, NULL);
    return CONG_OK;
}

enum cong_err content_question_terms(struct arena *ar, const char *text, struct question_query *q)
{
    struct buf b;
    enum cong_err rc;
    char *folded, *p;

    q->nterms = 0;
    if (!text)
        return CONG_OK;
    buf_init(&b, 4096);
    rc = text_fold(text, strlen(text), &b);
    if (rc == CONG_OK && buf_error(&b))
        rc = CONG_ENOMEM;
    folded = rc == CONG_OK ? arena_strndup(ar, b.data ? b.data : "", b.len) : NULL;
    buf_release(&b);
    if (rc != CONG_OK)
        return rc;
    if (!folded)
        return CONG_ENOMEM;
    /* words are cut at ASCII spaces and punctuation that searching by would only miss */
    for (p = folded; *p && q->nterms < STORE_QUESTION_TERMS_MAX;) {
        size_t n;
        p += strspn(p, " \t\r\n,.;:!?\"'()");
        n = strcspn(p, " \t\r\n,.;:!?\"'()");
        if (!n)
            break;
        q->terms[q->nterms++] = p;
        if (!p[n])
            break;
        p[n] = '\0';
        p += n + 1;
    }
    return CONG_OK;
}

/* The form key of st into key: the form_secret setting, made by the first caller (an insert
   only one node can win; the others read the winner's). */
static enum cong_err form_key(struct store *st, unsigned char key[crypto_auth_KEYBYTES])
{
    unsigned char raw[32];
    char hex[2 * sizeof(raw) + 1], *v = NULL;
    struct arena ar;
    size_t len = 0;
    enum cong_err rc;

    arena_init(&ar, 0);
    rc = store_get_setting(st, &ar, "form_secret", &v);
    if (rc == CONG_OK && !v) {
        randombytes_buf(raw, sizeof(raw));
        sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
        rc = store_add_setting(st, "form_secret", hex);
        sodium_memzero(hex, sizeof(hex));
        if (rc == CONG_OK || rc == CONG_EEXIST)
            rc = store_get_setting(st, &ar, "form_secret", &v);
    }
    if (rc == CONG_OK &&
        (!v || sodium_hex2bin(raw, sizeof(raw), v, strlen(v), NULL, &len, NULL) != 0 ||
         len != sizeof(raw)))
        rc = CONG_ESTORE; /* damaged: the form says "retry later" rather than trust it */
    if (rc == CONG_OK)
        crypto_generichash(key, crypto_auth_KEYBYTES, raw, sizeof(raw), NULL, 0);
    sodium_memzero(raw, sizeof(raw));
    arena_release(&ar);
    return rc;
}

enum cong_err content_form_stamp(struct store *st, const char *token, int64_t issued_at,
                                 char out[CONTENT_FORM_STAMP_LEN + 1])
{
    unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
    char msg[256];
    int n;
    enum cong_err rc;

    out[0] = '\0';
    n = snprintf(msg, sizeof(msg), "%lld:%s", (long long)issued_at, token ? token : "");
    if (n < 0 || (size_t)n >= sizeof(msg))
        return CONG_EINVAL;
    rc = form_key(st, key);
    if (rc != CONG_OK)
        return rc;
    crypto_auth(mac, (const unsigned char *)msg, (size_t)n, key);
    sodium_bin2hex(out, CONTENT_FORM_STAMP_LEN + 1, mac, CONTENT_FORM_STAMP_LEN / 2);
    sodium_memzero(key, sizeof(key));
    return CONG_OK;
}

bool content_form_stamp_is_valid(struct store *st, const char *token, int64_t issued_at,
                                 const char *stamp)
{
    char want[CONTENT_FORM_STAMP_LEN + 1];

    if (!stamp || strlen(stamp) != CONTENT_FORM_STAMP_LEN ||
        content_form_stamp(st, token, issued_at, want) != CONG_OK)
        return false;
    return sodium_memcmp(want, stamp, CONTENT_FORM_STAMP_LEN) == 0;
}
