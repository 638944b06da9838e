/*
 * Documents (văn bản) as the agency manages them, and the public consultation on drafts: the
 * rules of who may save, publish and delete a document, the checks of its fields, the text
 * folded for accent-insensitive search, the attached files typed by their bytes, the
 * public's comments (spam checks, closing time, moderation) and the extraction of a PDF's
 * text by pdftotext, outside the request path. Part of the content module; it knows nothing
 * of HTTP. Handlers read documents through the store and write them through here.
 */
#ifndef CONG_CONTENT_DOCUMENTS_H
#define CONG_CONTENT_DOCUMENTS_H

#include "content.h"

/* The largest attached file, in bytes, whatever the media limit. */
#define DOCUMENT_FILE_MAX ((size_t)20 << 20)
/* The most files one document has. */
#define DOCUMENT_FILES_MAX 16
/* A comment's limits: its text in bytes, and per sender address in a window. */
#define DOCUMENT_COMMENT_MAX      5000
#define DOCUMENT_COMMENT_RATE     3
#define DOCUMENT_COMMENT_WINDOW_S 600
/* A comment form sent sooner than this after it was shown is a robot's. */
#define DOCUMENT_COMMENT_MIN_FILL_S 2
/* pdftotext's limits: wall time, and the text kept. */
#define DOCUMENT_PDFTOTEXT_SECONDS 20
#define DOCUMENT_TEXT_MAX          ((size_t)1 << 20)

/* The status's name in the API ("draft", "consultation", "published"). */
const char *content_document_status_name(enum document_status s);
/* Parses a status name; false if it is none. */
bool content_document_status_parse(const char *name, enum document_status *out);
/* The status as the pages show it ("Dự thảo", "Đang lấy ý kiến", "Đã ban hành"). */
const char *content_document_status_label(enum document_status s);
/* Whether guests see it (consultation or published). */
bool content_document_is_public(const struct document *d);
/* Whether its consultation takes comments at now. */
bool content_document_is_open(const struct document *d, int64_t now);
/* "/van-ban/ID-SLUG", from the arena. */
const char *content_document_path(struct arena *a, const struct document *d);

/* Which list of names content_document_names reads. */
enum document_list { DOCUMENT_KINDS, DOCUMENT_ISSUERS };
/*
 * The kinds of documents (or the issuing bodies) the site offers in its forms, in the order
 * its admins wrote them (settings document_kinds, document_issuers: a name a line), blank
 * lines and spaces around names dropped; the kinds are the usual ones (Luật, Nghị định...)
 * while the site has set none. Names and array from a; store failures pass on.
 */
enum cong_err content_document_names(struct store *st, struct arena *a, enum document_list which,
                                     const char ***out, size_t *n);
/*
 * Replaces both lists with the text an admin typed (a name a line), audited as done by who.
 * CONG_EINVAL with err when a list breaks the rule of its setting.
 */
enum cong_err content_document_lists_set(struct store *st, const struct content_actor *who,
                                         const char *kinds, const char *issuers,
                                         struct cong_error *err);

/*
 * Fills q's number_key and words from a visitor's search text: folded (no accents, đ -> d,
 * lowercase), words split on anything but letters and digits (at most STORE_DOCUMENT_WORDS),
 * and the number key those words make together ("12/2026/QD-UBND" -> "122026qdubnd"). Strings
 * from a. CONG_EINVAL if text is not UTF-8; an empty text leaves q unfiltered.
 */
enum cong_err content_document_query_text(struct arena *a, const char *text,
                                          struct document_query *q);

/*
 * Saves document d: a new one (d->id 0; sets *id) or an update of d->id. number and title are
 * required; dates are "YYYY-MM-DD" or ""; status consultation needs consultation_until. The
 * slug, search_text and number_key are derived here (what d carries is ignored). files
 * (nfiles media ids, has_files) replaces the attached files, else they stay. Editors save
 * drafts; making a document public, changing a public one and publishing the summary need a
 * publisher (CONG_EPERM). Audited. CONG_EINVAL with err naming the field; CONG_ENOTFOUND.
 */
enum cong_err content_document_save(struct store *st, const struct content_actor *who,
                                    const struct document *d, const int64_t *files, size_t nfiles,
                                    bool has_files, int64_t now, int64_t *id,
                                    struct cong_error *err);
/* Deletes document id (publishers). Audited. CONG_EPERM, CONG_ENOTFOUND. */
enum cong_err content_document_delete(struct store *st, const struct content_actor *who, int64_t id,
                                      int64_t now, struct cong_error *err);

/*
 * The type of an attached file from its bytes: PDF, DOC or XLS (an OLE2 file; its name's
 * extension chooses between the two), DOCX, XLSX or ODT (a ZIP whose entries say which);
 * NULL for anything else, an HTML page named .pdf included.
 */
const char *content_document_sniff(const void *data, size_t len, const char *filename);
/*
 * Stores an uploaded file for a document as a media record of user_id (editors), typed by
 * content_document_sniff: CONG_EINVAL ("file") for another type or an empty file,
 * CONG_ETOOBIG past max (0: DOCUMENT_FILE_MAX). Sets *media_id.
 */
enum cong_err content_document_add_file(struct store *st, const struct content_actor *who,
                                        const void *data, size_t len, const char *filename,
                                        size_t max, int64_t *media_id, struct cong_error *err);

/*
 * Stores an uploaded file (as content_document_add_file) and attaches it after document id's
 * others, for who: the rules of saving the document hold first (an editor may not change a
 * public one: CONG_EPERM, and nothing is stored), and at most DOCUMENT_FILES_MAX files.
 * Audited. Sets *media_id. CONG_ENOTFOUND if there is no such document.
 */
enum cong_err content_document_attach(struct store *st, const struct content_actor *who, int64_t id,
                                      const void *data, size_t len, const char *filename,
                                      size_t max, int64_t now, int64_t *media_id,
                                      struct cong_error *err);

/* A comment as the public sends it. */
struct document_comment_form {
    const char *name, *email, *body;
    const char *address; /* the sender's, for the rate limit */
    bool trap_filled;    /* the form's hidden field was filled: a robot */
    int64_t filled_s;    /* seconds between showing the form and sending it; -1: no form */
};
/*
 * Takes a comment on document_id, to wait for moderation: CONG_ENOTFOUND if the document is
 * not public; CONG_ESTATE if it is not in consultation or its closing time has passed;
 * CONG_EINVAL (err->field) for a missing or bad name, e-mail or comment, a filled trap or a
 * form sent too fast; CONG_ETOOBIG for a comment over DOCUMENT_COMMENT_MAX; CONG_EBUSY when
 * the address sent DOCUMENT_COMMENT_RATE in the last DOCUMENT_COMMENT_WINDOW_S seconds.
 * err->msg is for the sender. Sets *id.
 */
enum cong_err content_document_comment(struct store *st, int64_t document_id,
                                       const struct document_comment_form *f, int64_t now,
                                       int64_t *id, struct cong_error *err);
/* Publishes or hides comment id (editors). Audited. CONG_EPERM, CONG_ENOTFOUND. */
enum cong_err content_document_moderate(struct store *st, const struct content_actor *who,
                                        int64_t id, enum document_comment_status status,
                                        int64_t now, struct cong_error *err);

/*
 * Extracts the text of the site's files not yet read, at most max of them: a PDF through
 * pdftotext (DOCUMENT_PDFTOTEXT_SECONDS, DOCUMENT_TEXT_MAX), folded; other types, and a PDF
 * without text or when pdftotext is missing, are recorded as having none. Sets *done to the
 * number read (may be NULL). For the worker below and the demo.
 */
enum cong_err content_documents_index(struct store *st, size_t max, size_t *done);
/*
 * The text worker of `cong serve`: one thread that indexes every site's new files (root is
 * the default site's store, borrowed until stop) when woken and every minute.
 * content_documents_wake after an upload; stop once no request runs. Without start, wake
 * does nothing (the files wait for the next start).
 */
enum cong_err content_documents_jobs_start(struct store *root);
void content_documents_wake(void);
void content_documents_jobs_stop(void);

#endif
