/* Sort keys of names; see collate.h. Core layer. */
#include "core/collate.h"

#include <pthread.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

enum { NAME_UNITS = 256, KEY_MAX = 1024 };

static const char *const locales[] = { [ORDER_STROKE] = "zh@collation=stroke",
                                       [ORDER_PINYIN] = "zh" };
static pthread_key_t keys[2];
static pthread_once_t keys_made = PTHREAD_ONCE_INIT;

static void close_collator(void *c)
{
    ucol_close(c);
}

static void make_keys(void)
{
    for (int i = 0; i < 2; i++)
        pthread_key_create(&keys[i], close_collator);
}

/* This thread's collator for order (closed when the thread ends), or NULL. */
static UCollator *collator(enum name_order order)
{
    pthread_once(&keys_made, make_keys);
    UCollator *c = pthread_getspecific(keys[order]);
    if (!c) {
        UErrorCode e = U_ZERO_ERROR;
        c = ucol_open(locales[order], &e);
        if (U_FAILURE(e))
            return NULL;
        pthread_setspecific(keys[order], c);
    }
    return c;
}

int name_key(enum name_order order, const char *name, struct buf *out)
{
    UCollator *c = collator(order);
    if (!c)
        return -1;
    UChar units[NAME_UNITS];
    int32_t n = 0;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(units, NAME_UNITS, &n, name, -1, &e);
    if (e == U_BUFFER_OVERFLOW_ERROR || e == U_STRING_NOT_TERMINATED_WARNING)
        n = NAME_UNITS; /* a longer name sorts by its beginning */
    else if (U_FAILURE(e))
        return -1;
    uint8_t key[KEY_MAX];
    int32_t k = ucol_getSortKey(c, units, n, key, KEY_MAX);
    if (k <= 0)
        return -1;
    buf_add(out, key, (size_t)(k < KEY_MAX ? k : KEY_MAX));
    return 0;
}
