/* Login throttling; see throttle.h. Auth layer. A fixed table: when full, the oldest window is
 * reused, so memory stays bounded under a flood of distinct keys. */
#include "auth/throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

enum { SLOTS = 4096 };

struct slot {
    unsigned char key[16]; /* BLAKE2b-128 of the key */
    time_t start;          /* first failure of the window */
    int failures;          /* failures in the window */
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void digest(unsigned char out[16], const char *key)
{
    crypto_generichash(out, 16, (const unsigned char *)key, strlen(key), NULL, 0);
}

/* The slot of key, or NULL; with create, a free or expired slot is taken. Lock held. */
static struct slot *find(const unsigned char d[16], time_t now, int create)
{
    size_t h = ((size_t)d[0] | (size_t)d[1] << 8) % SLOTS;
    struct slot *oldest = NULL;
    for (size_t i = 0; i < 16; i++) {
        struct slot *s = &slots[(h + i) % SLOTS];
        int live = s->failures > 0 && now - s->start < THROTTLE_WINDOW;
        if (live && memcmp(s->key, d, 16) == 0)
            return s;
        if (!live && create) {
            memset(s, 0, sizeof(*s));
            memcpy(s->key, d, 16);
            s->start = now;
            return s;
        }
        if (!oldest || s->start < oldest->start)
            oldest = s;
    }
    if (!create)
        return NULL;
    memset(oldest, 0, sizeof(*oldest));
    memcpy(oldest->key, d, 16);
    oldest->start = now;
    return oldest;
}

long throttle_wait(const char *key, int max_failures, time_t now)
{
    unsigned char d[16];
    digest(d, key);
    pthread_mutex_lock(&lock);
    struct slot *s = find(d, now, 0);
    long wait = 0;
    if (s && s->failures >= max_failures)
        wait = (long)(s->start + THROTTLE_WINDOW - now);
    pthread_mutex_unlock(&lock);
    return wait > 0 ? wait : 0;
}

void throttle_fail(const char *key, time_t now)
{
    unsigned char d[16];
    digest(d, key);
    pthread_mutex_lock(&lock);
    struct slot *s = find(d, now, 1);
    s->failures++;
    pthread_mutex_unlock(&lock);
}

void throttle_reset(const char *key)
{
    unsigned char d[16];
    digest(d, key);
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < SLOTS; i++)
        if (memcmp(slots[i].key, d, 16) == 0)
            memset(&slots[i], 0, sizeof(slots[i]));
    pthread_mutex_unlock(&lock);
}
