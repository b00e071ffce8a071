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

/* The slot of key, or NULL; with create, a free or expired slot (else the oldest) is taken
 * when the key has none. Lock held. */
static struct slot *find(const unsigned char d[16], time_t now, int create)
{
    size_t h = ((size_t)d[0] | (size_t)d[1] << 8) % SLOTS;
    for (size_t i = 0; i < 16; i++) {
        struct slot *s = &slots[(h + i) % SLOTS];
        if (s->failures > 0 && now - s->start < THROTTLE_WINDOW && memcmp(s->key, d, 16) == 0)
            return s;
    }
    if (!create)
        return NULL;
    struct slot *take = NULL;
    for (size_t i = 0; i < 16; i++) {
        struct slot *s = &slots[(h + i) % SLOTS];
        if (s->failures == 0 || now - s->start >= THROTTLE_WINDOW) {
            take = s;
            break;
        }
        if (!take || s->start < take->start)
            take = s;
    }
    memset(take, 0, sizeof(*take));
    memcpy(take->key, d, 16);
    take->start = now;
    return take;
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

int rate_take(const char *key, int max, time_t now)
{
    unsigned char d[16];
    digest(d, key);
    pthread_mutex_lock(&lock);
    struct slot *s = find(d, now, 1);
    int ok = s->failures < max;
    if (ok)
        s->failures++;
    pthread_mutex_unlock(&lock);
    return ok;
}
