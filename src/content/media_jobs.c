/*
 * The picture workers of `cong serve`: large pictures are decoded and resized here, on one
 * worker thread, never on the server's request threads. An upload's request thread hands its
 * job over and waits for it; so that waiting requests never take every request thread (and
 * the public pages with them), at most `slots` jobs are in hand at once (running or queued),
 * one less than there are request threads, and one user has at most
 * CONTENT_MEDIA_JOBS_PER_USER of them. A job that finds no slot, or waits in the queue past
 * CONTENT_MEDIA_QUEUE_WAIT_S without starting, is refused with CONG_EBUSY (503 and
 * Retry-After). Without content_media_jobs_start (the command line, the demo, the unit tests)
 * jobs run in the caller's thread. It knows nothing of HTTP, pictures or the store.
 */
#include "content_int.h"
#include "../i18n/i18n.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

/* At most this many jobs in hand, whatever the number of request threads. */
#define SLOTS_MAX 4

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE };

/* One job; lives on the stack of the request thread waiting for it. */
struct media_job {
    void (*fn)(void *);
    void *arg;
    int64_t user_id;
    enum job_state state;
    struct media_job *next;
};

/* The pool: one per process (`cong serve` has one server), guarded by lock. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t work; /* a job was queued, or the pool stops */
    pthread_cond_t done; /* a job ended */
    pthread_t worker;
    bool running, stopping;
    unsigned slots, in_hand;
    struct media_job *head, *tail;
    struct {
        int64_t user_id;
        unsigned n;
    } users[SLOTS_MAX];
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER,
          .work = PTHREAD_COND_INITIALIZER,
          .done = PTHREAD_COND_INITIALIZER};

static void *worker_main(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&pool.lock);
    for (;;) {
        struct media_job *j;

        while (!pool.head && !pool.stopping)
            pthread_cond_wait(&pool.work, &pool.lock);
        if (!pool.head)
            break;
        j = pool.head;
        pool.head = j->next;
        if (!pool.head)
            pool.tail = NULL;
        j->state = JOB_RUNNING;
        pthread_mutex_unlock(&pool.lock);
        j->fn(j->arg);
        pthread_mutex_lock(&pool.lock);
        j->state = JOB_DONE;
        pthread_cond_broadcast(&pool.done);
    }
    pthread_mutex_unlock(&pool.lock);
    return NULL;
}

enum cong_err content_media_jobs_start(unsigned request_threads)
{
    enum cong_err rc = CONG_OK;

    pthread_mutex_lock(&pool.lock);
    if (pool.running)
        goto out;
    pool.slots = request_threads > 1 ? request_threads - 1 : 1;
    if (pool.slots > SLOTS_MAX)
        pool.slots = SLOTS_MAX;
    pool.stopping = false;
    if (pthread_create(&pool.worker, NULL, worker_main, NULL) != 0)
        rc = CONG_ENOMEM;
    else
        pool.running = true;
out:
    pthread_mutex_unlock(&pool.lock);
    return rc;
}

void content_media_jobs_stop(void)
{
    pthread_mutex_lock(&pool.lock);
    if (!pool.running) {
        pthread_mutex_unlock(&pool.lock);
        return;
    }
    pool.stopping = true;
    pthread_cond_broadcast(&pool.work);
    pthread_mutex_unlock(&pool.lock);
    /* the worker ends the queue's jobs first: their request threads are waiting on them */
    pthread_join(pool.worker, NULL);
    pthread_mutex_lock(&pool.lock);
    pool.running = false;
    pthread_mutex_unlock(&pool.lock);
}

/* The count of jobs user_id has in hand, as a slot of pool.users (NULL: none, and no free
 * slot when add is false). Called with the lock held. */
static unsigned *user_count(int64_t user_id, bool add)
{
    unsigned *free_slot = NULL;

    for (size_t i = 0; i < SLOTS_MAX; i++) {
        if (pool.users[i].n && pool.users[i].user_id == user_id)
            return &pool.users[i].n;
        if (!pool.users[i].n && !free_slot) {
            free_slot = &pool.users[i].n;
            if (add)
                pool.users[i].user_id = user_id;
        }
    }
    return add ? free_slot : NULL;
}

/* Takes a slot for user_id, or says why not. Called with the lock held. */
static enum cong_err admit(int64_t user_id, struct cong_error *err)
{
    unsigned *mine = user_count(user_id, false);

    if (mine && *mine >= CONTENT_MEDIA_JOBS_PER_USER)
        return cong_error_set(err, CONG_EBUSY,
                              _("Bạn đang có ảnh khác đang được xử lý; hãy đợi ảnh đó xong rồi "
                              "tải ảnh này lên lại."));
    if (pool.in_hand >= pool.slots || !(mine = user_count(user_id, true)))
        return cong_error_set(err, CONG_EBUSY,
                              _("Máy chủ đang xử lý các ảnh khác; hãy thử tải ảnh lên lại sau "
                              "ít phút."));
    (*mine)++;
    pool.in_hand++;
    return CONG_OK;
}

/* Gives back the slot admit() took. Called with the lock held. */
static void release(int64_t user_id)
{
    unsigned *mine = user_count(user_id, false);

    if (mine)
        (*mine)--;
    pool.in_hand--;
}

/* Takes j out of the queue (it has not started). Called with the lock held. */
static void unqueue(struct media_job *j)
{
    struct media_job **p = &pool.head, *prev = NULL;

    while (*p && *p != j) {
        prev = *p;
        p = &(*p)->next;
    }
    if (!*p)
        return;
    *p = j->next;
    if (pool.tail == j)
        pool.tail = prev;
}

enum cong_err media_jobs_run(int64_t user_id, void (*fn)(void *), void *arg,
                             struct cong_error *err)
{
    struct media_job j = {.fn = fn, .arg = arg, .user_id = user_id, .state = JOB_QUEUED};
    struct timespec until;
    enum cong_err rc;

    pthread_mutex_lock(&pool.lock);
    if (!pool.running || pool.stopping) {
        pthread_mutex_unlock(&pool.lock);
        fn(arg);
        return CONG_OK;
    }
    if ((rc = admit(user_id, err)) != CONG_OK) {
        pthread_mutex_unlock(&pool.lock);
        return rc;
    }
    if (pool.tail)
        pool.tail->next = &j;
    else
        pool.head = &j;
    pool.tail = &j;
    pthread_cond_signal(&pool.work);
    log_info("picture of user %lld handed to the picture worker (%u of %u slots taken)",
             (long long)user_id, pool.in_hand, pool.slots);
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += CONTENT_MEDIA_QUEUE_WAIT_S;
    /* once started, a job is waited for to its end: its budget bounds how long it takes */
    while (j.state != JOB_DONE) {
        if (j.state != JOB_QUEUED) {
            pthread_cond_wait(&pool.done, &pool.lock);
            continue;
        }
        if (pthread_cond_timedwait(&pool.done, &pool.lock, &until) == ETIMEDOUT &&
            j.state == JOB_QUEUED) {
            unqueue(&j);
            release(user_id);
            pthread_mutex_unlock(&pool.lock);
            return cong_error_set(err, CONG_EBUSY,
                                  _("Máy chủ đang xử lý các ảnh khác; hãy thử tải ảnh lên lại "
                                  "sau ít phút."));
        }
    }
    release(user_id);
    pthread_mutex_unlock(&pool.lock);
    return CONG_OK;
}
