/* Text prepared for full-text search of Chinese; see bigram.h. Core layer, uses utf8proc. */
#include "core/bigram.h"

#include <string.h>
#include <utf8proc.h>

static int is_cjk(utf8proc_int32_t c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FA1F);
}

static int is_word(utf8proc_int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return !is_cjk(c) && ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                          (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO));
}

static void add_cp(struct buf *out, utf8proc_int32_t c)
{
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t n = utf8proc_encode_char(c, enc);
    buf_add(out, enc, (size_t)n);
}

/* Calls emit for each token of text; returns the count. A run of one CJK character is a
 * token by itself; longer runs give their overlapping pairs. */
static int tokens(const char *text, void (*emit)(void *ctx, const utf8proc_int32_t *cp, int n),
                  void *ctx)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text);
    utf8proc_int32_t word[64], prev = 0;
    int n_word = 0, n_tokens = 0, run = 0;
    for (;;) {
        utf8proc_int32_t c = -1;
        if (left > 0) {
            utf8proc_ssize_t k = utf8proc_iterate(p, left, &c);
            if (k <= 0)
                c = -1;
            else {
                p += k;
                left -= k;
            }
        }
        int cjk = c >= 0 && is_cjk(c);
        if (!cjk && run == 1) {
            emit(ctx, &prev, 1);
            n_tokens++;
        }
        if (cjk || c < 0 || !is_word(c)) {
            if (n_word) {
                emit(ctx, word, n_word);
                n_tokens++;
                n_word = 0;
            }
        }
        if (c < 0)
            break;
        if (cjk) {
            if (run++ > 0) {
                utf8proc_int32_t pair[2] = { prev, c };
                emit(ctx, pair, 2);
                n_tokens++;
            }
            prev = c;
            continue;
        }
        run = 0;
        if (is_word(c) && n_word < 64)
            word[n_word++] = utf8proc_tolower(c);
    }
    return n_tokens;
}

static void emit_index(void *ctx, const utf8proc_int32_t *cp, int n)
{
    struct buf *out = ctx;
    if (out->len)
        buf_addch(out, ' ');
    for (int i = 0; i < n; i++)
        add_cp(out, cp[i]);
}

void bigram_index(struct buf *out, const char *text)
{
    tokens(text, emit_index, out);
}

struct query_ctx {
    struct buf *out; /* the query */
    int n;           /* tokens written */
    int pair;        /* the last token is a pair of CJK characters */
};

static void emit_query(void *ctx, const utf8proc_int32_t *cp, int n)
{
    struct query_ctx *q = ctx;
    q->pair = n == 2 && is_cjk(cp[0]);
    buf_adds(q->out, q->n++ ? " \"" : "\"");
    for (int i = 0; i < n; i++)
        add_cp(q->out, cp[i]);
    buf_addch(q->out, '"');
}

int bigram_query(struct buf *out, const char *text)
{
    struct query_ctx q = { .out = out };
    int n = tokens(text, emit_query, &q);
    if (n == 1 && !q.pair && out->len >= 2 && out->data[out->len - 1] == '"') {
        /* a single token: also match it as the start of longer tokens; a pair of CJK
         * characters starts none (the index holds such pairs alone), and as a prefix its
         * every text was read and merged (1.7 billion instructions for a common word at a
         * million opinions) */
        buf_addch(out, '*');
    }
    return n;
}
