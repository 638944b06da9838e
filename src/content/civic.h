/*
 * What a state agency's portal must publish beyond its news, as the content module's rules:
 * the leaders' work schedule (lịch công tác, schedule.c) and citizens' questions with the
 * agency's answers (hỏi đáp, questions.c). Handlers of the admin, the API and the public
 * question form write through here, never through the store, so the checks, moderation,
 * throttling and the audit log hold everywhere. Messages in err are the UI's (Vietnamese);
 * err->field names the API's key of a refused field.
 */
#ifndef CONG_CONTENT_CIVIC_H
#define CONG_CONTENT_CIVIC_H

#include "content.h"

/* Schedule. */

#define CONTENT_SCHEDULE_TITLE_MAX 300  /* characters */
#define CONTENT_SCHEDULE_FIELD_MAX 1000 /* characters of place, people, unit */
/* The longest an entry may last: a conference of several days, not a standing note. */
#define CONTENT_SCHEDULE_SPAN_MAX (14 * 86400)

struct schedule_input {
    int64_t starts_at; /* required (not 0) */
    int64_t ends_at;   /* 0: as long as an hour; else at or after starts_at */
    const char *title; /* required */
    const char *location, *chair, *people, *host_unit; /* NULL: "" */
};

/*
 * Adds an entry (editors and above: CONG_EPERM otherwise) and sets *id; audited. CONG_EINVAL
 * with err naming the field for a missing title or start, an end before the start or too far
 * after it, text that is not UTF-8 or too long.
 */
enum cong_err content_schedule_create(struct store *st, const struct content_actor *who,
                                      const struct schedule_input *in, int64_t *id,
                                      struct cong_error *err);
/* Replaces every field of entry id with in, as above. CONG_ENOTFOUND. */
enum cong_err content_schedule_update(struct store *st, const struct content_actor *who, int64_t id,
                                      const struct schedule_input *in, struct cong_error *err);
/* Removes entry id (editors and above); audited. CONG_ENOTFOUND. */
enum cong_err content_schedule_delete(struct store *st, const struct content_actor *who, int64_t id,
                                      struct cong_error *err);

/*
 * The ISO week holding t in the site's zone: its Monday's midnight into *monday, and its year
 * and number (the ISO year may differ from the calendar year at new year).
 */
void content_iso_week_of(int64_t t, int64_t *monday, int *year, int *week);
/* "YYYY-Www" (week 01..53, as the ISO year has) as its Monday's midnight in the site's zone;
   false for anything else. */
bool content_iso_week_parse(const char *s, int64_t *monday);
/* The midnight days after (or before, negative) the midnight day, in the site's zone (a day
   is not always 86400 seconds where clocks change). */
int64_t content_day_add(int64_t day, int days);

/* Questions and answers. */

#define CONTENT_QUESTION_NAME_MAX   100  /* characters */
#define CONTENT_QUESTION_EMAIL_MAX  254  /* bytes */
#define CONTENT_QUESTION_TITLE_MAX  300  /* characters */
#define CONTENT_QUESTION_BODY_MAX   5000 /* characters */
#define CONTENT_QUESTION_ANSWER_MAX 20000
/* The most questions one address may send in CONTENT_QUESTION_WINDOW seconds. */
#define CONTENT_QUESTIONS_PER_WINDOW 3
#define CONTENT_QUESTION_WINDOW      3600

struct question_input {
    const char *name, *email, *title, *body; /* all required */
    const char *sender;                      /* the address it came from */
};

/*
 * A visitor's question, kept pending until an editor answers it (nothing of it is public
 * before), and *id. CONG_EINVAL (err names the field) for a missing or too long field or an
 * e-mail address that is not one; CONG_EBUSY with *retry_after (seconds, else 0) when the
 * sender has sent CONTENT_QUESTIONS_PER_WINDOW already in the window. Not audited: it is no
 * editor's act, and a flood of them must not flood the log.
 */
enum cong_err content_question_ask(struct store *st, const struct question_input *in, int64_t now,
                                   int64_t *id, int64_t *retry_after, struct cong_error *err);

struct question_change {
    const char *title;  /* NULL: unchanged (an editor may shorten or correct it) */
    const char *answer; /* NULL: unchanged */
    bool set_status;
    enum question_status status;
};

/*
 * An editor's answer, correction or decision on question id (editors and above: CONG_EPERM),
 * audited. Publishing needs an answer (CONG_ESTATE otherwise); pending cannot be set again
 * once decided (CONG_ESTATE). answered_at is when it was first published. CONG_ENOTFOUND,
 * CONG_EINVAL with err naming the field.
 */
enum cong_err content_question_change(struct store *st, const struct content_actor *who, int64_t id,
                                      const struct question_change *ch, int64_t now,
                                      struct cong_error *err);
/* Removes question id (editors and above); audited. CONG_ENOTFOUND. */
enum cong_err content_question_delete(struct store *st, const struct content_actor *who, int64_t id,
                                      struct cong_error *err);
/* "pending", "published", "hidden" ("unknown" for another value); parse: false for other
   names. */
const char *content_question_status_name(enum question_status s);
bool content_question_status_parse(const char *name, enum question_status *out);
/* "Chờ trả lời", "Đã đăng", "Đã ẩn". */
const char *content_question_status_label(enum question_status s);
/*
 * The search words of text into q: folded (text_fold), split at spaces, at most
 * STORE_QUESTION_TERMS_MAX (the rest ignored), from ar. CONG_EINVAL if text is not UTF-8.
 */
enum cong_err content_question_terms(struct arena *ar, const char *text, struct question_query *q);

/*
 * The public question form's fill-time stamp: a keyed hash (libsodium's HMAC) of the time the
 * form was given out and the form's token, so the time the form comes back with is the one
 * the server wrote. The key is the portal's form_secret setting (of st, the default site's
 * store), made on first use. out gets CONTENT_FORM_STAMP_LEN hex digits and a NUL.
 */
#define CONTENT_FORM_STAMP_LEN 64
enum cong_err content_form_stamp(struct store *st, const char *token, int64_t issued_at,
                                 char out[CONTENT_FORM_STAMP_LEN + 1]);
/* Whether stamp is the one content_form_stamp makes of token and issued_at (constant time). */
bool content_form_stamp_is_valid(struct store *st, const char *token, int64_t issued_at,
                                 const char *stamp);

#endif
