/* Sort keys of names; see collate.h. Core layer. */
#include "core/collate.h"

#include <pthread.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

enum { NAME_UNITS = 256, KEY_MAX = 1024 };

static const char *const locales[] = { [ORDER_STROKE] = "zh@collation=stroke",
                                       [ORDER_PINYIN] = "zh" };
static pthread_key_t keys[3]; /* the two collators, then the transliterator */
static pthread_once_t keys_made = PTHREAD_ONCE_INIT;

static void close_collator(void *c)
{
    ucol_close(c);
}

static void close_transliterator(void *t)
{
    utrans_close(t);
}

static void make_keys(void)
{
    for (int i = 0; i < 2; i++)
        pthread_key_create(&keys[i], close_collator);
    pthread_key_create(&keys[2], close_transliterator);
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

/* This thread's Han-to-ASCII transliterator (closed when the thread ends), or NULL. */
static UTransliterator *transliterator(void)
{
    pthread_once(&keys_made, make_keys);
    UTransliterator *t = pthread_getspecific(keys[2]);
    if (!t) {
        static const char id[] = "Han-Latin; Latin-ASCII; Lower";
        UChar uid[sizeof(id)];
        u_uastrcpy(uid, id);
        UErrorCode e = U_ZERO_ERROR;
        t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
        if (U_FAILURE(e))
            return NULL;
        pthread_setspecific(keys[2], t);
    }
    return t;
}

int name_pinyin(const char *name, char *out, size_t size)
{
    UTransliterator *t = transliterator();
    if (!t || size == 0)
        return -1;
    enum { CAP = NAME_UNITS * 8 }; /* a Han character becomes up to 6 letters and a space */
    UChar units[CAP];
    int32_t n = 0;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(units, NAME_UNITS, &n, name, -1, &e);
    if (e == U_BUFFER_OVERFLOW_ERROR || e == U_STRING_NOT_TERMINATED_WARNING)
        n = NAME_UNITS;
    else if (U_FAILURE(e))
        return -1;
    e = U_ZERO_ERROR;
    int32_t limit = n;
    utrans_transUChars(t, units, &n, CAP, 0, &limit, &e);
    if (U_FAILURE(e))
        return -1;
    size_t k = 0;
    for (int32_t i = 0; i < n && k + 1 < size; i++)
        if ((units[i] >= 'a' && units[i] <= 'z') || (units[i] >= '0' && units[i] <= '9'))
            out[k++] = (char)units[i];
    out[k] = '\0';
    return (int)k;
}
