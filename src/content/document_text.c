/*
 * The text of documents' PDF files, for search: poppler's pdftotext reads each new file in a
 * child process, bounded in time (killed after DOCUMENT_PDFTOTEXT_SECONDS) and in output
 * (DOCUMENT_TEXT_MAX bytes kept), and the text is stored folded. Under `cong serve` this runs
 * on one worker thread of its own, never on a request thread: an upload only wakes it. A PDF
 * that yields nothing (a scan, a broken file, pdftotext missing) is recorded as having no
 * text and is still listed.
 */
#include "content_int.h"
#include "documents.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* How often the worker looks without being woken, in seconds. */
#define IDLE_SECONDS 60
/* Files one pass reads per site, so one site cannot hold the worker forever. */
#define PER_PASS 20

/* Writes all of data to fd; false on failure. */
static bool write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        len -= (size_t)k;
    }
    return true;
}

/* Reads the child's output from fd into out until EOF, the cap or the deadline. */
static void read_bounded(int fd, struct buf *out, int64_t deadline_ms)
{
    char chunk[8192];

    for (;;) {
        struct timespec ts;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int64_t now_ms, wait_ms;
        ssize_t k;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
        wait_ms = deadline_ms - now_ms;
        if (wait_ms <= 0 || poll(&pfd, 1, (int)wait_ms) <= 0)
            return;
        k = read(fd, chunk, sizeof(chunk));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return;
        if (out->len + (size_t)k > DOCUMENT_TEXT_MAX)
            return; /* enough for search; the rest is dropped with the child */
        buf_add(out, chunk, (size_t)k);
    }
}

/*
 * The text pdftotext finds in the PDF data[0..len) into out (raw UTF-8, possibly empty).
 * CONG_EIO when the temporary file or the child could not be made.
 */
static enum cong_err pdf_text(const void *data, size_t len, struct buf *out)
{
    char path[] = "/tmp/cong-pdf-XXXXXX";
    char *argv[] = {"pdftotext", "-q", "-enc", "UTF-8", path, "-", NULL};
    posix_spawn_file_actions_t fa;
    struct timespec ts;
    int fd, pipefd[2] = {-1, -1}, status;
    pid_t pid = -1;
    enum cong_err rc = CONG_EIO;

    fd = mkstemp(path);
    if (fd < 0)
        return CONG_EIO;
    if (!write_all(fd, data, len) || close(fd) != 0) {
        unlink(path);
        return CONG_EIO;
    }
    if (pipe(pipefd) != 0)
        goto out;
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto out;
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    if (posix_spawnp(&pid, "pdftotext", &fa, NULL, argv, environ) != 0)
        pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    pipefd[1] = -1;
    if (pid < 0)
        goto out;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    read_bounded(pipefd[0], out,
                 (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 +
                     DOCUMENT_PDFTOTEXT_SECONDS * 1000);
    /* over time or over size, or done: in every case the child goes now */
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    rc = CONG_OK;
out:
    if (pipefd[0] >= 0)
        close(pipefd[0]);
    if (pipefd[1] >= 0)
        close(pipefd[1]);
    unlink(path);
    return rc;
}

/* The folded, searchable text of file f ("" when it has none). */
static const char *file_text(struct store *st, struct arena *a, const struct document_file *f)
{
    struct media m;
    struct buf raw, folded;
    const char *text = "";
    size_t n;

    if (strcmp(f->mime, "application/pdf") != 0)
        return "";
    if (store_get_media(st, a, f->media_id, &m) != CONG_OK)
        return "";
    buf_init(&raw, DOCUMENT_TEXT_MAX + 8192);
    buf_init(&folded, 0);
    if (pdf_text(m.data, m.size, &raw) == CONG_OK && buf_error(&raw) == CONG_OK) {
        /* a cut may end inside a character: drop the partial one, text_fold wants UTF-8 */
        n = raw.len;
        while (n && !text_is_utf8(raw.data, n))
            n--;
        if (n && text_fold(raw.data, n, &folded) == CONG_OK && buf_error(&folded) == CONG_OK)
            text = arena_strndup(a, folded.data, folded.len);
    }
    buf_release(&raw);
    buf_release(&folded);
    return text ? text : "";
}

enum cong_err content_documents_index(struct store *st, size_t max, size_t *done)
{
    struct document_file f;
    enum cong_err rc = CONG_OK;
    size_t k = 0;

    while (k < max) {
        struct arena a;
        arena_init(&a, 0);
        rc = store_next_document_file(st, &a, &f);
        if (rc == CONG_OK)
            rc = store_set_document_file_text(st, f.document_id, f.media_id, file_text(st, &a, &f));
        arena_release(&a);
        if (rc == CONG_ENOTFOUND) {
            rc = CONG_OK;
            break;
        }
        if (rc != CONG_OK)
            break;
        k++;
    }
    if (done)
        *done = k;
    return rc;
}

/* The worker: one per process, guarded by lock. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    struct store *root;
    bool running, stopping, woken;
} worker = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

/* One pass over every site. */
static void index_sites(struct store *root)
{
    struct arena a;
    struct site *sites;
    size_t n;

    arena_init(&a, 0);
    if (store_list_sites(root, &a, &sites, &n) == CONG_OK) {
        for (size_t i = 0; i < n; i++) {
            struct store *st;
            if (store_for_site(root, sites[i].id, &st) == CONG_OK)
                (void)content_documents_index(st, PER_PASS, NULL);
        }
    }
    arena_release(&a);
}

static void *worker_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&worker.lock);
    while (!worker.stopping) {
        struct timespec until;
        worker.woken = false;
        pthread_mutex_unlock(&worker.lock);
        index_sites(worker.root);
        pthread_mutex_lock(&worker.lock);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += IDLE_SECONDS;
        while (!worker.stopping && !worker.woken &&
               pthread_cond_timedwait(&worker.wake, &worker.lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&worker.lock);
    return NULL;
}

enum cong_err content_documents_jobs_start(struct store *root)
{
    enum cong_err rc = CONG_OK;

    pthread_mutex_lock(&worker.lock);
    if (!worker.running) {
        worker.root = root;
        worker.stopping = false;
        if (pthread_create(&worker.thread, NULL, worker_main, NULL) == 0)
            worker.running = true;
        else
            rc = CONG_ENOMEM;
    }
    pthread_mutex_unlock(&worker.lock);
    return rc;
}

void content_documents_wake(void)
{
    pthread_mutex_lock(&worker.lock);
    worker.woken = true;
    pthread_cond_signal(&worker.wake);
    pthread_mutex_unlock(&worker.lock);
}

void content_documents_jobs_stop(void)
{
    bool join;

    pthread_mutex_lock(&worker.lock);
    join = worker.running;
    worker.stopping = true;
    pthread_cond_signal(&worker.wake);
    pthread_mutex_unlock(&worker.lock);
    if (join)
        pthread_join(worker.thread, NULL);
    pthread_mutex_lock(&worker.lock);
    worker.running = false;
    pthread_mutex_unlock(&worker.lock);
}
