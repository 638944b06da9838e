/*
 * The mail module: e-mail out of Cổng, through the SMTP server that `[mail] smtp_url` names,
 * sent with libcurl. It owns the building of a well-formed RFC 5322 message (Date,
 * Message-ID, From, To, a Subject encoded as RFC 2047 UTF-8 words, a quoted-printable UTF-8
 * text body with CRLF lines) and a small bounded queue drained by one background thread, so
 * no request thread ever waits on an SMTP server. It knows nothing of HTTP, the store or
 * pages: callers hand it an address, a subject and a text. Header injection is refused at the
 * edge: an address or a subject with a CR, an LF or another control character is CONG_EINVAL.
 */
#ifndef CONG_MAIL_H
#define CONG_MAIL_H

#include "../core/core.h"

/* The longest address (RFC 5321's path limit), subject and body this module accepts. */
#define MAIL_ADDRESS_MAX 254
#define MAIL_SUBJECT_MAX 400
#define MAIL_BODY_MAX    (256u << 10)
/* Messages that may wait to be sent at once; past that mail_queue refuses (CONG_EBUSY). */
#define MAIL_QUEUE_MAX 64
/* How long one SMTP conversation may take, connection included, in seconds. */
#define MAIL_TIMEOUT_S 30

/*
 * True if addr is a plain address "local@domain" that may go into a header and an SMTP
 * envelope: 3..MAIL_ADDRESS_MAX bytes of printable ASCII, no space, none of <>()[],;:"\,
 * exactly one '@' with something on each side, and a dot in the domain that is neither its
 * first nor its last character.
 */
bool mail_address_is_valid(const char *addr);

/* One message as callers give it. Texts are UTF-8; the body's lines end in '\n'. */
struct mail_message {
    const char *from;    /* a plain address (mail_address_is_valid) */
    const char *to;      /* a plain address */
    const char *subject; /* one line, no control characters */
    const char *body;    /* plain text */
};

/*
 * Appends to out the whole message m as it goes over SMTP (before libcurl's dot-stuffing):
 * headers Date (t, in UTC), Message-ID (random, at the sender's domain), From, To, Subject
 * (as it is when it is short printable ASCII, else RFC 2047 "=?UTF-8?B?...?=" words folded
 * at character boundaries), MIME-Version, Content-Type text/plain; charset=UTF-8 and
 * Content-Transfer-Encoding quoted-printable, then the body so encoded, every line ending in
 * CRLF. CONG_EINVAL (err says which) for a bad address, a subject with a control character,
 * texts that are not UTF-8 or too long; CONG_ENOMEM.
 */
enum cong_err mail_build(const struct mail_message *m, int64_t t, struct buf *out,
                         struct cong_error *err);

struct mailer;

struct mail_config {
    /* smtp://host[:port], smtps://user:pass@host[:port] (TLS from the start), or
       smtp+starttls://... (STARTTLS required); NULL or "": mail is off */
    const char *smtp_url;
    const char *from; /* the sender's address; required with smtp_url */
};

/*
 * Makes the mailer of cfg (copied). With no smtp_url it is a mailer that is off
 * (mail_is_configured false; sending is CONG_ESTATE). CONG_EINVAL with err for a URL of
 * another scheme, or a missing or malformed from; CONG_ENOMEM; CONG_EIO if libcurl cannot
 * start. Call at start-up, before other threads run (libcurl's global start).
 */
enum cong_err mail_new(const struct mail_config *cfg, struct mailer **out, struct cong_error *err);
/* Stops the queue's thread (mail_start) after the message being sent, drops what still
   waits (each logged in one line) and frees m. Accepts NULL. */
void mail_free(struct mailer *m);
/* True when m sends mail (m not NULL and an smtp_url set). */
bool mail_is_configured(const struct mailer *m);

/*
 * Sends one message now, in the caller's thread, waiting up to MAIL_TIMEOUT_S: for
 * `cong mail test`. CONG_ESTATE if m is off; CONG_EINVAL (err says which) as mail_build;
 * CONG_EIO with err holding the SMTP or network error in one line.
 */
enum cong_err mail_send(struct mailer *m, const char *to, const char *subject, const char *body,
                        struct cong_error *err);

/* Starts the queue's background thread. CONG_ENOMEM if it cannot start. */
enum cong_err mail_start(struct mailer *m);
/*
 * Queues one message (copied) for the background thread and returns at once; its failure to
 * send is logged there in one line. CONG_ESTATE if m is off (or NULL) or not started,
 * CONG_EINVAL for a bad address or subject (checked now, as mail_build), CONG_EBUSY when
 * MAIL_QUEUE_MAX messages already wait, CONG_ENOMEM.
 */
enum cong_err mail_queue(struct mailer *m, const char *to, const char *subject, const char *body);
/* Waits until the queue is empty and nothing is being sent, at most timeout_ms; true if
   it emptied. For tests and a clean shutdown. */
bool mail_drain(struct mailer *m, int timeout_ms);

#endif
