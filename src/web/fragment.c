/* Rendered page parts per worker thread; see fragment.h. Web layer. */
#include "web/fragment.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

struct part {
    char key[FRAGMENT_KEY_MAX + 1]; /* what it was drawn for; "" when the slot is empty */
    long long version;              /* the data version it was drawn at */
    char *text;                     /* the markup (heap) */
    size_t len;                     /* its bytes */
    unsigned long long used;        /* the thread's use count when last served or kept */
};

struct parts {
    struct part slot[FRAGMENT_SLOTS];
    unsigned long long uses; /* counts gets and puts, for the least recently used */
};

static pthread_key_t parts_key;
static pthread_once_t parts_once = PTHREAD_ONCE_INIT;

static void parts_free(void *arg)
{
    struct parts *p = arg;
    for (int i = 0; i < FRAGMENT_SLOTS; i++)
        free(p->slot[i].text);
    free(p);
}

static void parts_init(void)
{
    if (pthread_key_create(&parts_key, parts_free) != 0)
        BUG("no thread-specific key for the page parts");
}

/* The calling thread's parts, made on first use. */
static struct parts *thread_parts(void)
{
    pthread_once(&parts_once, parts_init);
    struct parts *p = pthread_getspecific(parts_key);
    if (!p) {
        p = xcalloc(1, sizeof(*p));
        pthread_setspecific(parts_key, p);
    }
    return p;
}

int fragment_get(const char *key, long long version, struct buf *out)
{
    if (strlen(key) > FRAGMENT_KEY_MAX)
        return 0;
    struct parts *p = thread_parts();
    for (int i = 0; i < FRAGMENT_SLOTS; i++) {
        struct part *s = &p->slot[i];
        if (s->text && s->version == version && strcmp(s->key, key) == 0) {
            s->used = ++p->uses;
            buf_add(out, s->text, s->len);
            return 1;
        }
    }
    return 0;
}

void fragment_put(const char *key, long long version, const char *text, size_t len)
{
    if (strlen(key) > FRAGMENT_KEY_MAX)
        return;
    struct parts *p = thread_parts();
    struct part *s = &p->slot[0];
    for (int i = 0; i < FRAGMENT_SLOTS; i++) {
        if (strcmp(p->slot[i].key, key) == 0) {
            s = &p->slot[i];
            break;
        }
        if (p->slot[i].used < s->used)
            s = &p->slot[i];
    }
    free(s->text);
    s->text = xmalloc(len ? len : 1);
    memcpy(s->text, text, len);
    s->len = len;
    s->version = version;
    s->used = ++p->uses;
    memcpy(s->key, key, strlen(key) + 1);
}
