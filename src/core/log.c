/* Logging; see log.h. Core layer. */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"

/* The lines of a buffering process (log_buffer_start): written by a thread of their own at most
 * LOG_FLUSH_MS after they were logged, many in one write, so that a line per request does not
 * cost each request a system call and the file's lock. An error is written at once. */
enum { LOG_FLUSH_MS = 100, LOG_BUFFER_MAX = 1 << 20 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static char *pending;   /* lines not yet written */
static size_t n_pending; /* their bytes */
static int buffering;   /* 1 while the flusher runs */
static int stopping;    /* set by log_buffer_stop */
static pthread_t flusher;

/* Writes and empties the pending lines; called with lock held. */
static void write_pending(void)
{
    size_t done = 0;
    while (done < n_pending) {
        ssize_t n = write(STDERR_FILENO, pending + done, n_pending - done);
        if (n <= 0)
            break; /* nowhere to log to: the lines are dropped, not the process */
        done += (size_t)n;
    }
    n_pending = 0;
}

static void *flusher_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += LOG_FLUSH_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&wake, &lock, &until);
        write_pending();
    }
    write_pending();
    pthread_mutex_unlock(&lock);
    return NULL;
}

void log_buffer_start(void)
{
    pthread_mutex_lock(&lock);
    if (!buffering) {
        pending = xmalloc(LOG_BUFFER_MAX);
        stopping = 0;
        buffering = pthread_create(&flusher, NULL, flusher_main, NULL) == 0;
    }
    pthread_mutex_unlock(&lock);
}

void log_buffer_stop(void)
{
    pthread_mutex_lock(&lock);
    int was = buffering;
    stopping = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    if (was)
        pthread_join(flusher, NULL);
    pthread_mutex_lock(&lock);
    buffering = 0;
    free(pending);
    pending = NULL;
    pthread_mutex_unlock(&lock);
}

/* Puts one line out: at once, or into the buffer (at once for an error). */
static void emit(const char *line, size_t len, int urgent)
{
    pthread_mutex_lock(&lock);
    if (!buffering) {
        pthread_mutex_unlock(&lock);
        fwrite(line, 1, len, stderr);
        return;
    }
    if (n_pending + len > LOG_BUFFER_MAX)
        write_pending();
    memcpy(pending + n_pending, line, len);
    n_pending += len;
    if (urgent)
        write_pending();
    pthread_mutex_unlock(&lock);
}

/* priority: syslog's, 6 info, 4 warning, 3 error */
__attribute__((format(printf, 3, 0)))
static void vlog(int priority, const char *level, const char *fmt, va_list ap)
{
    static _Atomic int journal = -1; /* under systemd: read once, the same for every thread */
    if (journal < 0)
        journal = getenv("JOURNAL_STREAM") != NULL;
    char text[1024], line[1100];
    vsnprintf(text, sizeof(text), fmt, ap);
    int n;
    /* under systemd the journal stamps the time and reads the priority from "<N>" */
    if (journal) {
        n = snprintf(line, sizeof(line), "<%d>%s %s\n", priority, level, text);
    } else {
        /* the real time, never TAIZHANG_TODAY: a log is evidence of when things happened */
        time_t now = time(NULL);
        struct tm tm;
        char stamp[32];
        gmtime_r(&now, &tm);
        strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
        n = snprintf(line, sizeof(line), "%s %s %s\n", stamp, level, text);
    }
    if (n > 0)
        emit(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1, priority <= 3);
}

void log_clean(const char *text, char *out, size_t size)
{
    size_t i = 0;
    for (; text[i] && i + 1 < size; i++)
        out[i] = (unsigned char)text[i] < 0x20 || text[i] == 0x7f ? '?' : text[i];
    out[i] = '\0';
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(6, "info", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(4, "warning", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(3, "error", fmt, ap);
    va_end(ap);
}
