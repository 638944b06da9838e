/*
 * Sending: one SMTP conversation per message through libcurl, and the bounded queue that
 * keeps those conversations off the request threads. One background thread takes messages in
 * the order they came and sends each once; a failure is one line in the log, never a retry
 * loop that could hammer a server. The SMTP URL may hold a password: it is never logged.
 */
#include "mail.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct queued {
    char *to, *subject, *body;
};

struct mailer {
    char *url; /* as libcurl takes it (smtp+starttls:// turned into smtp://) */
    char *from;
    bool starttls;

    pthread_mutex_t lock;
    pthread_cond_t wake; /* a message came, or stop */
    pthread_cond_t idle; /* the queue emptied and nothing is being sent */
    struct queued q[MAIL_QUEUE_MAX];
    size_t head, count;
    bool busy, stop, started;
    pthread_t thread;
};

bool mail_is_configured(const struct mailer *m)
{
    return m && m->url;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

enum cong_err mail_new(const struct mail_config *cfg, struct mailer **out, struct cong_error *err)
{
    struct mailer *m;
    const char *url = cfg->smtp_url;
    bool starttls = false;

    *out = NULL;
    if (url && *url) {
        if (has_prefix(url, "smtp+starttls://")) {
            starttls = true;
            url += strlen("smtp+starttls");
        } else if (!has_prefix(url, "smtp://") && !has_prefix(url, "smtps://")) {
            return cong_error_set(err, CONG_EINVAL,
                                  "[mail] smtp_url must begin with smtp://, smtps:// or "
                                  "smtp+starttls://");
        }
        if (!mail_address_is_valid(cfg->from))
            return cong_error_set(err, CONG_EINVAL,
                                  "[mail] from must be an address like noreply@example.org");
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return cong_error_set(err, CONG_EIO, "cannot start libcurl");
    }
    m = calloc(1, sizeof(*m));
    if (!m)
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->wake, NULL);
    pthread_cond_init(&m->idle, NULL);
    if (url && *url) {
        m->starttls = starttls;
        m->url = starttls ? NULL : strdup(url);
        if (starttls) {
            size_t n = strlen(url);
            m->url = malloc(n + 5);
            if (m->url) {
                memcpy(m->url, "smtp", 4);
                memcpy(m->url + 4, url, n + 1);
            }
        }
        m->from = strdup(cfg->from);
        if (!m->url || !m->from) {
            mail_free(m);
            return cong_error_set(err, CONG_ENOMEM, "out of memory");
        }
    }
    *out = m;
    return CONG_OK;
}

/* The message's bytes as libcurl reads them. */
struct upload {
    const char *data;
    size_t len, pos;
};

static size_t read_upload(char *dest, size_t size, size_t nmemb, void *user)
{
    struct upload *u = user;
    size_t room = size * nmemb, n = u->len - u->pos;

    if (n > room)
        n = room;
    memcpy(dest, u->data + u->pos, n);
    u->pos += n;
    return n;
}

/* One SMTP conversation: m's server, envelope from m->from to to, the message msg. */
static enum cong_err smtp_send(const struct mailer *m, const char *to, const struct buf *msg,
                               struct cong_error *err)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct upload up = {msg->data, msg->len, 0};
    struct curl_slist *rcpt = NULL;
    CURL *c = curl_easy_init();
    CURLcode rc;

    if (!c || !(rcpt = curl_slist_append(NULL, to))) {
        curl_easy_cleanup(c);
        return cong_error_set(err, CONG_ENOMEM, "out of memory");
    }
    curl_easy_setopt(c, CURLOPT_URL, m->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)MAIL_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (m->starttls)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, m->from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len);
    rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK)
        return cong_error_set(err, CONG_EIO, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    return CONG_OK;
}

/* Builds and sends one message; the common part of mail_send and the queue. */
static enum cong_err build_and_send(struct mailer *m, const char *to, const char *subject,
                                    const char *body, struct cong_error *err)
{
    struct mail_message msg = {m->from, to, subject, body};
    struct buf b;
    enum cong_err rc;

    buf_init(&b, MAIL_BODY_MAX * 4);
    rc = mail_build(&msg, time_now(), &b, err);
    if (rc == CONG_OK)
        rc = smtp_send(m, to, &b, err);
    buf_release(&b);
    return rc;
}

enum cong_err mail_send(struct mailer *m, const char *to, const char *subject, const char *body,
                        struct cong_error *err)
{
    if (!mail_is_configured(m))
        return cong_error_set(err, CONG_ESTATE, "no [mail] smtp_url is set");
    return build_and_send(m, to, subject, body, err);
}

/* Frees a queued message; its body is wiped first, as it may hold a one-time link. */
static void queued_free(struct queued *q)
{
    if (q->body)
        sodium_memzero(q->body, strlen(q->body));
    free(q->to);
    free(q->subject);
    free(q->body);
    memset(q, 0, sizeof(*q));
}

static void *worker(void *arg)
{
    struct mailer *m = arg;
    struct cong_error err;
    struct queued q;

    pthread_mutex_lock(&m->lock);
    for (;;) {
        while (!m->count && !m->stop)
            pthread_cond_wait(&m->wake, &m->lock);
        if (m->stop)
            break;
        q = m->q[m->head];
        memset(&m->q[m->head], 0, sizeof(q));
        m->head = (m->head + 1) % MAIL_QUEUE_MAX;
        m->count--;
        m->busy = true;
        pthread_mutex_unlock(&m->lock);

        memset(&err, 0, sizeof(err));
        if (build_and_send(m, q.to, q.subject, q.body, &err) != CONG_OK)
            log_error("mail: cannot send '%s' to '%s': %s", q.subject, q.to, err.msg);
        queued_free(&q);

        pthread_mutex_lock(&m->lock);
        m->busy = false;
        if (!m->count)
            pthread_cond_broadcast(&m->idle);
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

enum cong_err mail_start(struct mailer *m)
{
    if (!mail_is_configured(m) || m->started)
        return CONG_OK;
    if (pthread_create(&m->thread, NULL, worker, m) != 0)
        return CONG_ENOMEM;
    m->started = true;
    return CONG_OK;
}

enum cong_err mail_queue(struct mailer *m, const char *to, const char *subject, const char *body)
{
    struct queued q = {0};
    size_t slen;
    enum cong_err rc = CONG_OK;

    if (!mail_is_configured(m) || !m->started)
        return CONG_ESTATE;
    slen = subject ? strlen(subject) : 0;
    if (!mail_address_is_valid(to) || !slen || slen > MAIL_SUBJECT_MAX)
        return CONG_EINVAL;
    for (size_t i = 0; i < slen; i++) {
        if ((unsigned char)subject[i] < 0x20 || subject[i] == 0x7f)
            return CONG_EINVAL;
    }
    q.to = strdup(to);
    q.subject = strdup(subject);
    q.body = strdup(body ? body : "");
    if (!q.to || !q.subject || !q.body) {
        queued_free(&q);
        return CONG_ENOMEM;
    }
    pthread_mutex_lock(&m->lock);
    if (m->count == MAIL_QUEUE_MAX) {
        rc = CONG_EBUSY;
    } else {
        m->q[(m->head + m->count) % MAIL_QUEUE_MAX] = q;
        m->count++;
        pthread_cond_signal(&m->wake);
    }
    pthread_mutex_unlock(&m->lock);
    if (rc != CONG_OK)
        queued_free(&q);
    return rc;
}

bool mail_drain(struct mailer *m, int timeout_ms)
{
    struct timespec until;
    bool empty;

    if (!m)
        return true;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&m->lock);
    while ((m->count || m->busy) && m->started &&
           pthread_cond_timedwait(&m->idle, &m->lock, &until) == 0) {
    }
    empty = !m->count && !m->busy;
    pthread_mutex_unlock(&m->lock);
    return empty;
}

void mail_free(struct mailer *m)
{
    if (!m)
        return;
    if (m->started) {
        pthread_mutex_lock(&m->lock);
        m->stop = true;
        pthread_cond_broadcast(&m->wake);
        pthread_mutex_unlock(&m->lock);
        pthread_join(m->thread, NULL);
    }
    for (size_t i = 0; i < m->count; i++) {
        struct queued *q = &m->q[(m->head + i) % MAIL_QUEUE_MAX];
        log_error("mail: not sent at shutdown: '%s' to '%s'", q->subject, q->to);
        queued_free(q);
    }
    pthread_cond_destroy(&m->wake);
    pthread_cond_destroy(&m->idle);
    pthread_mutex_destroy(&m->lock);
    free(m->url);
    free(m->from);
    free(m);
}
