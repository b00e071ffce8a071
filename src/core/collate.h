/*
 * Names of people in the orders that official lists use (core layer, ICU): surname stroke order
 * (姓氏笔画, ICU's zh@collation=stroke: 丁 马 王 白 欧阳), the default of rosters and candidate
 * lists, and pinyin (zh: 白 丁 马 欧阳 王). A name's sort key is bytes whose memcmp order is the
 * order, so that a list sorts by a stored, indexed key. One collator per thread and order. And
 * a name's pinyin in plain letters, for logins.
 */
#ifndef TZ_COLLATE_H
#define TZ_COLLATE_H

#include "core/buf.h"

enum name_order { ORDER_STROKE, ORDER_PINYIN };

/* Appends the sort key of the UTF-8 text name (its first 256 UTF-16 units) in order to out.
 * Returns 0, or -1 when ICU cannot open the collation or name is not UTF-8. */
int name_key(enum name_order order, const char *name, struct buf *out);

/* Writes the pinyin of the UTF-8 text name in lower-case ASCII letters and digits alone into
 * out (size bytes with the NUL; longer pinyin is cut): "ouyangwu" for 欧阳五, through ICU's
 * Han-Latin transliteration, the way offices make logins from names. Returns its length (0 when
 * nothing of name is a letter or digit), or -1 when ICU cannot transliterate it. */
int name_pinyin(const char *name, char *out, size_t size);

#endif
