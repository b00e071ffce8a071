/*
 * Text prepared for full-text search of Chinese (core layer): runs of CJK characters become
 * overlapping two-character tokens, other letters and digits lower-cased words, so SQLite FTS5's
 * unicode61 tokenizer finds a two-character term such as 考核 as one token.
 */
#ifndef TZ_BIGRAM_H
#define TZ_BIGRAM_H

#include "core/buf.h"

/* Appends the index form of text to out: tokens separated by spaces. */
void bigram_index(struct buf *out, const char *text);
/* Appends an FTS5 query for text to out: a phrase of its tokens, each quoted; a single CJK
 * character or a single word of letters or digits becomes a prefix query. Returns the number of tokens (0: nothing to search). */
int bigram_query(struct buf *out, const char *text);

#endif
