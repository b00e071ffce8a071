/*
 * Message catalogs (core layer): every user-visible string is a message ID with a Chinese
 * (default) and an English text, shared by pages, the API and the command line. Depends on libc
 * only.
 */
#ifndef TZ_I18N_H
#define TZ_I18N_H

enum lang { LANG_ZH = 0, LANG_EN = 1 };

/* Sorts the catalog once; call before serving (it is also called lazily). */
void i18n_init(void);
/* The text of id in lang; the id itself when the catalog has none. Static memory. */
const char *i18n(enum lang lang, const char *id);
/* The code whose message id is prefix and the code, or "alias." before them, and whose Chinese
 * text, or one of the names in it separated by '|', is text: "forum" for "channel." and
 * "座谈会". NULL when none. Static memory. */
const char *i18n_code(const char *prefix, const char *text);
/* Calls fn for each message whose id begins with prefix ("channel."), in catalog order, with
 * the rest of the id (the code: "forum") and its Chinese text (names separated by '|'). */
void i18n_each(const char *prefix, void (*fn)(void *ctx, const char *code, const char *zh),
               void *ctx);
/* "zh" or "en". */
const char *lang_code(enum lang lang);

#endif
