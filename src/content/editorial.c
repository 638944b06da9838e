/*
 * Editorial writes: creating, saving, moving through the workflow, deleting and restoring
 * articles on behalf of a logged-in person. Each function asks the rules (workflow.c), checks
 * the fields through the same preparation as every other writer (content.c), writes the
 * article with its revision in one store call, and leaves a line in the audit log. The admin's
 * forms and the JSON API both come here; neither writes articles another way.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include <string.h>

/* The longest note a reviewer may send with a transition, in characters. */
#define NOTE_MAX 2000

enum cong_err content_audit(struct store *st, const struct content_actor *who, int64_t now,
                            const char *action, const char *target, const char *detail)
{
    struct audit_entry e = {
        .at = now ? now : time_now(),
        .user_id = who ? who->user_id : 0,
        .user_name = who ? who->name : NULL,
        .ip = who ? who->ip : NULL,
        .action = action,
        .target = target,
        .detail = detail,
    };
    enum cong_err rc = store_add_audit(st, &e);

    if (rc)
        log_error("cannot write the audit entry '%s' for '%s': %s", action, target ? target : "",
                  cong_strerror(rc));
    return rc;
}

/* "#12 Title", how the audit log names an article. */
static const char *article_target(struct arena *ar, int64_t id, const char *title)
{
    const char *t = arena_printf(ar, "#%lld %s", (long long)id, title ? title : "");

    return t ? t : "";
}

/* The audit code of a transition: "article_submitted", ... */
static const char *transition_audit(enum content_action act)
{
    switch (act) {
    case CONTENT_SUBMIT: return "article_submitted";
    case CONTENT_APPROVE: return "article_approved";
    case CONTENT_REJECT: return "article_rejected";
    case CONTENT_PUBLISH: return "article_published";
    case CONTENT_UNPUBLISH: return "article_unpublished";
    }
    return "article_saved";
}

/*
 * Reads article id into *a, and into *rev (may be NULL) its newest revision id read just
 * before it: a save guarded by *rev fails with CONG_EEXIST if anyone saved the article after
 * that read, so a write built from *a can never silently undo a change it did not see.
 * err says what went wrong in Vietnamese.
 */
static enum cong_err load_article(struct store *st, struct arena *ar, int64_t id, struct article *a,
                                  int64_t *rev, struct cong_error *err)
{
    enum cong_err rc = CONG_ENOTFOUND;

    if (id > 0) {
        rc = rev ? store_latest_revision(st, id, rev) : CONG_OK;
        if (rc == CONG_OK)
            rc = store_get_article(st, ar, id, a);
    }
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("không có bài viết #%lld"), (long long)id);
    if (rc)
        return cong_error_set(err, rc, _("không đọc được bài viết: %s"), cong_strerror(rc));
    return CONG_OK;
}

/*
 * How many times a write that found the article saved under it by someone else is tried
 * again from a fresh read, when the caller did not ask to be told (no expected revision).
 */
#define WRITE_TRIES 3

/* Messages for the answers of content_rule_transition. */
static enum cong_err transition_error(enum cong_err rc, const struct content_actor *who,
                                      const struct article *a, enum content_action act, int64_t now,
                                      struct cong_error *err)
{
    if (rc == CONG_EPERM) {
        if (!auth_role_at_least(who->role, AUTH_AUTHOR))
            return cong_error_set(err, rc, _("tài khoản của bạn không làm công việc biên tập"));
        return cong_error_set(err, rc, _("bạn không có quyền '%s' bài viết này"),
                              content_action_label(act));
    }
    return cong_error_set(err, rc, _("không thể '%s' bài viết đang ở trạng thái '%s'"),
                          content_action_label(act), content_status_label(a, now));
}

static enum cong_err edit_error(const struct content_actor *who, struct cong_error *err)
{
    if (!auth_role_at_least(who->role, AUTH_AUTHOR))
        return cong_error_set(err, CONG_EPERM, _("tài khoản của bạn không làm công việc biên tập"));
    if (!auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM,
                              _("tác giả chỉ sửa được bản nháp của chính mình; bài đã gửi duyệt "
                              "hoặc đã đăng do biên tập viên phụ trách"));
    return cong_error_set(err, CONG_EPERM, _("bạn không có quyền sửa bài viết này"));
}

/* Maps the store's answer to a save into a message. */
static enum cong_err save_error(enum cong_err rc, struct cong_error *err)
{
    switch (rc) {
    case CONG_OK: return CONG_OK;
    case CONG_EEXIST:
        return cong_error_set(err, rc,
                              _("bài viết vừa được người khác lưu sau khi bạn mở nó; hãy tải lại "
                              "để xem bản mới nhất trước khi sửa tiếp"));
    case CONG_EINVAL: return cong_error_set(err, rc, _("ảnh bìa hoặc chuyên mục không tồn tại"));
    case CONG_ENOTFOUND: return cong_error_set(err, rc, _("bài viết không còn nữa"));
    default: return cong_error_set(err, rc, _("không lưu được bài viết: %s"), cong_strerror(rc));
    }
}

/* A publish at a time already past makes the article public now, with now as its date. */
static void publish_date(struct article *a, enum article_status from, int64_t now)
{
    if (from != ARTICLE_PUBLISHED && a->status == ARTICLE_PUBLISHED && a->published_at <= now)
        a->published_at = now;
}

/* The most suffixes tried to make a slug made from a title unique ("-2" .. "-N"). */
#define SLUG_TRIES 50

/*
 * Keeps a->slug unique in the site (but for article a->id): a slug the editor typed that
 * another article has is refused (CONG_EEXIST, field "slug"); one made from the title gets
 * "-2", "-3", ... until it is free.
 */
static enum cong_err unique_slug(struct store *st, struct arena *ar, struct article *a,
                                 bool typed, struct cong_error *err)
{
    const char *base = a->slug, *cand = a->slug;
    int64_t other = 0;
    enum cong_err rc;

    for (int i = 1; i <= SLUG_TRIES; i++) {
        rc = store_article_by_slug(st, cand, a->id, &other);
        if (rc == CONG_ENOTFOUND) {
            a->slug = cand;
            return CONG_OK;
        }
        if (rc)
            return cong_error_set(err, rc, _("không đọc được bài viết: %s"), cong_strerror(rc));
        if (typed)
            return cong_error_field(err, "slug", CONG_EEXIST,
                                    _("đường dẫn '%s' đã được bài viết #%lld dùng; hãy chọn "
                                    "đường dẫn khác"),
                                    cand, (long long)other);
        /* cut the base so the suffix fits in CONTENT_SLUG_MAX */
        size_t blen = strlen(base);
        if (blen > CONTENT_SLUG_MAX - 4)
            blen = CONTENT_SLUG_MAX - 4;
        while (blen > 1 && base[blen - 1] == '-')
            blen--;
        cand = arena_printf(ar, "%.*s-%d", (int)blen, base, i + 1);
        if (!cand)
            return cong_error_set(err, CONG_ENOMEM, "out of memory");
    }
    return cong_error_field(err, "slug", CONG_EEXIST,
                            _("đường dẫn '%s' đã có bài viết khác dùng; hãy chọn đường dẫn khác"),
                            base);
}

/*
 * After the slug of a public article changed from old_slug: its old address answers 301 to
 * the new one through the site's redirects (one there from an older change is replaced), and
 * a redirect that pointed the new address elsewhere goes. Audited; a failure is logged and
 * reported, the article stays saved.
 */
static void slug_redirect(struct store *st, struct arena *ar, const struct content_actor *who,
                          const struct article *a, const char *old_slug, int64_t now)
{
    struct article old = *a;
    const char *from, *to;
    struct cong_error err = {0};
    enum cong_err rc;

    old.slug = old_slug;
    from = content_article_path(ar, &old);
    to = content_article_path(ar, a);
    if (!from || !to)
        return;
    (void)store_remove_redirect(st, to);
    rc = content_add_redirect(st, from, to, NULL, &err);
    if (rc == CONG_EEXIST) {
        (void)store_remove_redirect(st, from);
        rc = content_add_redirect(st, from, to, NULL, &err);
    }
    if (rc) {
        log_warn("cannot redirect '%s' to '%s': %s", from, to, err.msg);
        return;
    }
    content_audit(st, who, now, "redirect_added", from, to);
}

enum cong_err content_article_create(struct store *st, const struct content_actor *who,
                                     const struct article_edit *e, int64_t now, int64_t *id,
                                     struct cong_error *err)
{
    struct arena ar;
    struct article a;
    struct article_input in;
    struct revision_meta meta = {
        .user_id = who->user_id, .user_name = who->name, .action = "create"};
    enum article_status status = e->set_status ? e->status : ARTICLE_DRAFT;
    const char *tags, *target;
    enum cong_err rc;

    *id = 0;
    if (!content_may_create(who, status)) {
        if (!auth_role_at_least(who->role, AUTH_AUTHOR))
            return cong_error_set(err, CONG_EPERM,
                                  _("tài khoản của bạn không làm công việc biên tập"));
        return cong_error_set(err, CONG_EPERM,
                              _("bạn không được đăng bài trực tiếp; hãy lưu nháp hoặc gửi duyệt"));
    }
    arena_init(&ar, 0);
    if ((rc = content_tags_normalise(&ar, e->tags, &tags, err)))
        goto out;
    in = (struct article_input){
        .title = e->title,
        .summary = e->summary,
        .body_md = e->body_md,
        .body_format = e->set_body_format ? e->body_format : ARTICLE_BODY_MARKDOWN,
        .category_slug = e->category_slug,
        .author = e->author,
        .published_at = e->set_published_at ? e->published_at : 0,
        .status = status,
        .cover_media_id = e->set_cover ? e->cover_media_id : 0,
        .cover_caption = e->cover_caption,
        .slug = e->slug,
        .meta_description = e->meta_description,
        .cover_alt = e->cover_alt,
        .expires_at = e->set_expires_at ? e->expires_at : 0,
        .featured = e->set_featured && e->featured,
        .lang = e->lang,
    };
    if ((rc = content_prepare_article(st, &ar, &in, now, &a, err)) ||
        (rc = unique_slug(st, &ar, &a, e->slug && *e->slug, err)))
        goto out;
    a.owner_id = who->user_id;
    a.tags = tags;
    a.review_note = "";
    if ((rc = save_error(store_save_article(st, &a, &meta, -1, id, NULL), err)))
        goto out;
    target = article_target(&ar, *id, a.title);
    content_audit(st, who, now, "article_created", target, store_article_status_name(status));
    if (status == ARTICLE_PENDING) {
        content_audit(st, who, now, "article_submitted", target, NULL);
        content_notify_transition(st, who, &a, *id, CONTENT_SUBMIT, NULL, now);
    } else if (status == ARTICLE_PUBLISHED) {
        content_audit(st, who, now, "article_published", target, NULL);
        content_notify_transition(st, who, &a, *id, CONTENT_PUBLISH, NULL, now);
    }
out:
    arena_release(&ar);
    return rc;
}

/*
 * The transition a status change asks for, or false when there is none (the same status).
 * Pending back to draft is a rejection, which needs a note: a status alone cannot carry it.
 */
static enum cong_err implied_action(enum article_status from, enum article_status to,
                                    enum content_action *act, bool *has, struct cong_error *err)
{
    *has = from != to;
    if (!*has)
        return CONG_OK;
    if (from == ARTICLE_DRAFT && to == ARTICLE_PENDING)
        *act = CONTENT_SUBMIT;
    else if (from == ARTICLE_DRAFT && to == ARTICLE_PUBLISHED)
        *act = CONTENT_PUBLISH;
    else if (from == ARTICLE_PENDING && to == ARTICLE_PUBLISHED)
        *act = CONTENT_APPROVE;
    else if (from == ARTICLE_PUBLISHED && to == ARTICLE_DRAFT)
        *act = CONTENT_UNPUBLISH;
    else if (from == ARTICLE_PENDING && to == ARTICLE_DRAFT)
        return cong_error_field(err, "status", CONG_EINVAL,
                              _("muốn trả bài chờ duyệt về nháp, hãy dùng thao tác 'reject' kèm "
                              "ghi chú cho tác giả"));
    else
        return cong_error_set(err, CONG_ESTATE, _("bài đã đăng chỉ có thể gỡ xuống thành bản nháp"));
    return CONG_OK;
}

static enum cong_err update_once(struct store *st, const struct content_actor *who, int64_t id,
                                 const struct article_edit *e, int64_t expect_rev, int64_t now,
                                 struct cong_error *err)
{
    struct arena ar;
    struct article cur, a;
    struct article_input in;
    struct revision_meta meta = {.user_id = who->user_id, .user_name = who->name, .action = "save"};
    enum content_action act = CONTENT_SUBMIT;
    enum article_status to;
    bool moves = false;
    const char *tags, *target;
    int64_t guard;
    enum cong_err rc;

    arena_init(&ar, 0);
    if ((rc = load_article(st, &ar, id, &cur, &guard, err)))
        goto out;
    if (content_rule_edit(who, &cur) != CONG_OK) {
        rc = edit_error(who, err);
        goto out;
    }
    to = e->set_status ? e->status : cur.status;
    if ((rc = implied_action(cur.status, to, &act, &moves, err)))
        goto out;
    if (moves && (rc = content_rule_transition(who, &cur, act, NULL))) {
        rc = transition_error(rc, who, &cur, act, now, err);
        goto out;
    }
    /* the same text read in another format would be another article: a change of format
     * comes with the body written in it */
    if (e->set_body_format && e->body_format != cur.body_format && !e->body_md) {
        rc = cong_error_field(err, "body_format", CONG_EINVAL,
                              _("đổi cách soạn nội dung cần gửi kèm nội dung viết theo cách mới"));
        goto out;
    }
    tags = cur.tags;
    if (e->tags && (rc = content_tags_normalise(&ar, e->tags, &tags, err)))
        goto out;
    in = (struct article_input){
        .title = e->title ? e->title : cur.title,
        .summary = e->summary ? e->summary : cur.summary,
        .body_md = e->body_md ? e->body_md : cur.body_md,
        .body_format = e->set_body_format ? e->body_format : cur.body_format,
        .category_slug = e->category_slug ? e->category_slug : cur.category_slug,
        .author = e->author ? e->author : cur.author,
        .published_at = e->set_published_at ? e->published_at : cur.published_at,
        .status = to,
        .cover_media_id = e->set_cover ? e->cover_media_id : cur.cover_media_id,
        .cover_caption = e->cover_caption ? e->cover_caption : cur.cover_caption,
        .slug = e->slug ? e->slug : cur.slug,
        .meta_description = e->meta_description ? e->meta_description : cur.meta_description,
        .cover_alt = e->cover_alt ? e->cover_alt : cur.cover_alt,
        .expires_at = e->set_expires_at ? e->expires_at : cur.expires_at,
        .featured = e->set_featured ? e->featured : cur.featured,
        .lang = e->lang ? e->lang : cur.lang,
    };
    /*
     * When a published article is seen is a publishing decision: an editor may mend its text
     * but not bring a scheduled one forward, nor move a public one's date (compared to the
     * minute, the precision of the forms)
     */
    if (cur.status == ARTICLE_PUBLISHED && to == ARTICLE_PUBLISHED &&
        !auth_role_at_least(who->role, AUTH_PUBLISHER) &&
        (in.published_at ? in.published_at : now) / 60 != cur.published_at / 60) {
        rc = cong_error_set(err, CONG_EPERM,
                            _("chỉ người duyệt đăng mới đổi được ngày đăng của bài đã đăng hoặc "
                            "đã lên lịch"));
        goto out;
    }
    if ((rc = content_prepare_article(st, &ar, &in, now, &a, err)))
        goto out;
    a.id = id;
    if (strcmp(a.slug, cur.slug) &&
        (rc = unique_slug(st, &ar, &a, e->slug && *e->slug, err)))
        goto out;
    a.owner_id = cur.owner_id;
    a.tags = tags;
    a.review_note = cur.review_note;
    if (moves && !e->set_published_at)
        publish_date(&a, cur.status, now);
    if (moves)
        meta.action = content_action_name(act);
    if ((rc = save_error(
             store_save_article(st, &a, &meta, expect_rev >= 0 ? expect_rev : guard, NULL, NULL),
             err)))
        goto out;
    target = article_target(&ar, id, a.title);
    content_audit(st, who, now, "article_saved", target, NULL);
    if (moves) {
        content_audit(st, who, now, transition_audit(act), target, NULL);
        content_notify_transition(st, who, &a, id, act, NULL, now);
    }
    /* a public address that changes keeps answering: visitors and search engines follow */
    if (strcmp(a.slug, cur.slug) && cur.status == ARTICLE_PUBLISHED && cur.published_at <= now)
        slug_redirect(st, &ar, who, &a, cur.slug, now);
out:
    arena_release(&ar);
    return rc;
}

enum cong_err content_article_update(struct store *st, const struct content_actor *who, int64_t id,
                                     const struct article_edit *e, int64_t expect_rev, int64_t now,
                                     struct cong_error *err)
{
    enum cong_err rc;

    for (int i = 0;; i++) {
        rc = update_once(st, who, id, e, expect_rev, now, err);
        /* a slug another article has stays taken however often it is tried */
        if (rc != CONG_EEXIST || expect_rev >= 0 || i + 1 == WRITE_TRIES ||
            (err && !strcmp(err->field, "slug")))
            return rc;
    }
}

static enum cong_err transition_once(struct store *st, const struct content_actor *who, int64_t id,
                                     enum content_action act, const char *note, int64_t now,
                                     struct cong_error *err)
{
    struct arena ar;
    struct article a;
    struct revision_meta meta = {
        .user_id = who->user_id, .user_name = who->name, .action = content_action_name(act)};
    enum article_status from, to;
    size_t nlen = note ? strlen(note) : 0;
    int64_t guard;
    enum cong_err rc;

    arena_init(&ar, 0);
    if ((rc = load_article(st, &ar, id, &a, &guard, err)))
        goto out;
    if ((rc = content_rule_transition(who, &a, act, &to))) {
        rc = transition_error(rc, who, &a, act, now, err);
        goto out;
    }
    if ((rc = content_check_text(note, NOTE_MAX, "note", _("ghi chú"), err)))
        goto out;
    note = note ? text_trim(note, &nlen) : "";
    note = arena_strndup(&ar, note, nlen);
    if (!note) {
        rc = cong_error_set(err, CONG_ENOMEM, "out of memory");
        goto out;
    }
    if (act == CONTENT_REJECT && nlen == 0) {
        rc = cong_error_field(err, "note", CONG_EINVAL, _("trả lại bài cần có ghi chú cho tác giả"));
        goto out;
    }
    from = a.status;
    a.status = to;
    if (act == CONTENT_REJECT)
        a.review_note = note;
    publish_date(&a, from, now);
    meta.note = note;
    /* the store rewrites the search entry with the article: it needs the folded text */
    if ((rc = content_search_fill(&ar, &a))) {
        cong_error_set(err, rc, _("không xử lý được nội dung: %s"), cong_strerror(rc));
        goto out;
    }
    if ((rc = save_error(store_save_article(st, &a, &meta, guard, NULL, NULL), err)))
        goto out;
    content_audit(st, who, now, transition_audit(act), article_target(&ar, id, a.title),
                  nlen ? note : NULL);
    content_notify_transition(st, who, &a, id, act, note, now);
out:
    arena_release(&ar);
    return rc;
}

enum cong_err content_article_transition(struct store *st, const struct content_actor *who,
                                         int64_t id, enum content_action act, const char *note,
                                         int64_t now, struct cong_error *err)
{
    enum cong_err rc;

    /* a save that lands between the read and the write: move the article as it is now */
    for (int i = 0;; i++) {
        rc = transition_once(st, who, id, act, note, now, err);
        if (rc != CONG_EEXIST || i + 1 == WRITE_TRIES)
            return rc;
    }
}

enum cong_err content_article_delete(struct store *st, const struct content_actor *who, int64_t id,
                                     struct cong_error *err)
{
    struct arena ar;
    struct article a;
    int64_t rev = 0;
    enum cong_err rc;
    int tries = 0;

    arena_init(&ar, 0);
again:
    if ((rc = load_article(st, &ar, id, &a, &rev, err)))
        goto out;
    if (content_rule_delete(who, &a) != CONG_OK) {
        if (!auth_role_at_least(who->role, AUTH_AUTHOR))
            rc = cong_error_set(err, CONG_EPERM, _("tài khoản của bạn không làm công việc biên tập"));
        else if (auth_role_at_least(who->role, AUTH_EDITOR))
            rc = cong_error_set(err, CONG_EPERM,
                                _("bài đã đăng chỉ người duyệt đăng mới xóa được; hãy gỡ xuống "
                                "trước"));
        else
            rc = cong_error_set(err, CONG_EPERM, _("tác giả chỉ xóa được bản nháp của chính mình"));
        goto out;
    }
    /* the rule was decided on what was read: a change in between (a publisher publishing it)
     * makes it decide again on the new state */
    rc = store_delete_article(st, id, rev);
    if (rc == CONG_EEXIST && ++tries < WRITE_TRIES)
        goto again;
    if (rc == CONG_EEXIST) {
        cong_error_set(err, rc, _("bài viết vừa được người khác thay đổi; hãy tải lại rồi thử lại"));
        goto out;
    }
    if (rc == CONG_ENOTFOUND) {
        cong_error_set(err, rc, _("không có bài viết #%lld"), (long long)id);
        goto out;
    }
    if (rc) {
        cong_error_set(err, rc, _("không xóa được bài viết: %s"), cong_strerror(rc));
        goto out;
    }
    content_audit(st, who, 0, "article_deleted", article_target(&ar, id, a.title),
                  store_article_status_name(a.status));
out:
    arena_release(&ar);
    return rc;
}

static enum cong_err restore_once(struct store *st, const struct content_actor *who, int64_t id,
                                  int64_t rev_id, int64_t now, struct cong_error *err)
{
    struct arena ar;
    struct article cur, a;
    struct article_revision rev;
    struct category cat;
    struct article_input in;
    struct revision_meta meta = {
        .user_id = who->user_id, .user_name = who->name, .action = "restore"};
    int64_t guard;
    enum cong_err rc;

    arena_init(&ar, 0);
    if ((rc = load_article(st, &ar, id, &cur, &guard, err)))
        goto out;
    if (content_rule_edit(who, &cur) != CONG_OK) {
        rc = edit_error(who, err);
        goto out;
    }
    rc = rev_id > 0 ? store_get_revision(st, &ar, rev_id, &rev) : CONG_ENOTFOUND;
    if (rc == CONG_OK && rev.article_id != id)
        rc = CONG_ENOTFOUND;
    if (rc == CONG_ENOTFOUND) {
        cong_error_set(err, rc, _("bài viết #%lld không có phiên bản #%lld"), (long long)id,
                       (long long)rev_id);
        goto out;
    }
    if (rc) {
        cong_error_set(err, rc, _("không đọc được phiên bản: %s"), cong_strerror(rc));
        goto out;
    }
    rc = store_get_category(st, &ar, rev.category_id, &cat);
    if (rc == CONG_ENOTFOUND) {
        rc = cong_error_set(err, CONG_EINVAL,
                            _("chuyên mục của phiên bản này đã bị xóa; hãy sửa bài trực tiếp"));
        goto out;
    }
    if (rc) {
        cong_error_set(err, rc, _("không đọc được chuyên mục: %s"), cong_strerror(rc));
        goto out;
    }
    if (rev.cover_media_id) {
        /* a cover deleted from the library since: the text comes back, the present cover
         * (if any) stays */
        struct media m;
        rc = store_get_media_info(st, &ar, rev.cover_media_id, &m);
        if (rc == CONG_ENOTFOUND) {
            rev.cover_media_id = cur.cover_media_id;
            rev.cover_caption = cur.cover_caption;
            rc = CONG_OK;
        }
        if (rc) {
            cong_error_set(err, rc, _("không đọc được ảnh bìa: %s"), cong_strerror(rc));
            goto out;
        }
    }
    in = (struct article_input){
        .title = rev.title,
        .summary = rev.summary,
        .body_md = rev.body_md,
        .body_format = rev.body_format,
        .category_slug = cat.slug,
        .author = rev.author,
        /* a published article keeps its date: restoring text never changes what is public */
        .published_at = cur.status == ARTICLE_PUBLISHED ? cur.published_at : rev.published_at,
        .status = cur.status,
        .cover_media_id = rev.cover_media_id,
        .cover_caption = rev.cover_caption,
        /* revisions keep the text; the address and these settings stay as they are */
        .slug = cur.slug,
        .meta_description = cur.meta_description,
        .cover_alt = cur.cover_alt,
        .expires_at = cur.expires_at,
        .featured = cur.featured,
        .lang = cur.lang,
    };
    if ((rc = content_prepare_article(st, &ar, &in, now, &a, err)))
        goto out;
    a.id = id;
    a.owner_id = cur.owner_id;
    a.tags = rev.tags;
    a.review_note = cur.review_note;
    /* kept with the revision for every editor to read: in the site's language */
    meta.note = arena_printf(&ar, i18n_tr(content_site_lang(st), N_("từ phiên bản #%lld")),
                             (long long)rev_id);
    if ((rc = save_error(store_save_article(st, &a, &meta, guard, NULL, NULL), err)))
        goto out;
    content_audit(st, who, now, "article_restored", article_target(&ar, id, a.title), meta.note);
out:
    arena_release(&ar);
    return rc;
}

enum cong_err content_article_restore(struct store *st, const struct content_actor *who, int64_t id,
                                      int64_t rev_id, int64_t now, struct cong_error *err)
{
    enum cong_err rc;

    for (int i = 0;; i++) {
        rc = restore_once(st, who, id, rev_id, now, err);
        if (rc != CONG_EEXIST || i + 1 == WRITE_TRIES)
            return rc;
    }
}
