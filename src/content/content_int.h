/*
 * Shared by the files of src/content only: the checks and derived fields every writer of
 * articles goes through (content.c), and the audit line every editorial change leaves
 * (editorial.c). Nothing here is for handlers: they call content.h.
 */
#ifndef CONG_CONTENT_INT_H
#define CONG_CONTENT_INT_H

#include "content.h"

/*
 * Runs fn(arg) on the picture worker for user_id and returns once it has run (media_jobs.c).
 * CONG_EBUSY (err says so, for the uploader) when every slot is taken, user_id has
 * CONTENT_MEDIA_JOBS_PER_USER jobs in hand already, or the job waited in the queue past
 * CONTENT_MEDIA_QUEUE_WAIT_S: fn has not run. Runs fn in the caller's thread when the workers
 * are not started. fn and arg are borrowed until it returns.
 */
enum cong_err media_jobs_run(int64_t user_id, void (*fn)(void *), void *arg,
                             struct cong_error *err);

/* The number of UTF-8 characters in s[0..n) (bytes that start one). */
size_t content_utf8_chars(const char *s, size_t n);
/*
 * Checks an optional text field v (NULL passes): valid UTF-8 and at most max characters.
 * CONG_EINVAL with err->msg naming it by label (Vietnamese) and err->field by field (its key
 * in the API).
 */
enum cong_err content_check_text(const char *v, size_t max, const char *field,
                                 const char *label, struct cong_error *err);
/*
 * Checks in and fills a from it: the category looked up by slug, the slug made from the
 * title, the HTML rendered and the search text folded, every string in ar or borrowed from
 * in. Fields in does not carry (id, owner, tags, review note) are left zero for the caller.
 * CONG_EINVAL with err->msg (in Vietnamese) when a field breaks a rule, CONG_ESTORE when
 * the category cannot be read.
 */
enum cong_err content_prepare_article(struct store *st, struct arena *ar,
                                      const struct article_input *in, int64_t now,
                                      struct article *a, struct cong_error *err);
/*
 * Appends one audit line for who at now (0: the real clock; action a code like
 * "article_saved", target what it was done to, detail may be NULL). A failure is logged
 * here and returned; callers whose change is already written report it but do not undo it.
 */
enum cong_err content_audit(struct store *st, const struct content_actor *who, int64_t now,
                            const char *action, const char *target, const char *detail);

/*
 * The rules of content.h as one answer: CONG_OK, CONG_EPERM (the role, or not being the
 * owner, forbids it) or CONG_ESTATE (the role may do it, but not from the article's state).
 * workflow.c; editorial.c turns them into messages.
 */
enum cong_err content_rule_edit(const struct content_actor *who, const struct article *a);
enum cong_err content_rule_delete(const struct content_actor *who, const struct article *a);
enum cong_err content_rule_transition(const struct content_actor *who, const struct article *a,
                                      enum content_action act, enum article_status *to);

/*
 * notify.c: tells who should know that article id (as a now holds it, after the change) moved
 * by act (note: the reviewer's, for a rejection); nothing for an unpublish. Failures are
 * logged. Called once per change by the editorial functions, after the change is written.
 */
void content_notify_transition(struct store *st, const struct content_actor *who,
                               const struct article *a, int64_t id, enum content_action act,
                               const char *note, int64_t now);
/* notify.c: e-mails q's asker the link to its published answer (when mail is configured). */
void content_notify_answer(struct store *st, const struct question *q);

#endif
