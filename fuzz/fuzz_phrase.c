/*
 * Fuzz target: counts and rates phrased as Chinese reports print them (core/phrase.h), for any
 * count, classifier, style and fraction. The text must be valid UTF-8 and hold the classifier;
 * the exact register below 万 gives every digit; a rate is a number with '%' or "—".
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/phrase.h"
#include "core/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long long take(const uint8_t **p, size_t *left)
{
    uint64_t v = 0;
    size_t n = *left < 8 ? *left : 8;
    memcpy(&v, *p, n);
    *p += n;
    *left -= n;
    return (long long)v;
}

static void need(int ok, const char *what, const char *text)
{
    if (!ok) {
        fprintf(stderr, "%s: [%s]\n", what, text);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data;
    size_t left = size;
    long long n = take(&p, &left), den = take(&p, &left);
    long long threshold = take(&p, &left), min_approx = take(&p, &left);
    char cls[32];
    size_t k = left < sizeof(cls) - 1 ? left : sizeof(cls) - 1;
    memcpy(cls, p, k);
    cls[k] = '\0';
    if (!utf8_valid(cls, strlen(cls)))
        snprintf(cls, sizeof(cls), "份");
    struct phrase_style style = phrase_style_default;
    style.wan_threshold = threshold;
    style.min_approx = min_approx;
    style.near_pct = (int)(den & 63);
    style.qual = den & 64 ? "余" : "多";
    struct buf out;
    buf_init(&out, 4096);
    for (int mode = PHRASE_APPROX; mode <= PHRASE_EXACT; mode++) {
        buf_reset(&out);
        phrase_count(&out, n, cls, (enum phrase_mode)mode);
        need(utf8_valid(out.data, out.len) && strstr(buf_str(&out), cls), "count", buf_str(&out));
        if (mode == PHRASE_EXACT && n >= 0 && n < 100000) {
            char digits[64];
            snprintf(digits, sizeof(digits), "%lld%s", n, cls);
            need(strcmp(buf_str(&out), digits) == 0, "exact count", buf_str(&out));
        }
        buf_reset(&out);
        phrase_count_style(&out, n, cls, (enum phrase_mode)mode, &style);
        need(utf8_valid(out.data, out.len) && strstr(buf_str(&out), cls), "styled", buf_str(&out));
    }
    buf_reset(&out);
    phrase_percent(&out, n, den);
    const char *s = buf_str(&out);
    need(strcmp(s, "—") == 0 || (out.len > 1 && s[out.len - 1] == '%'), "percent", s);
    buf_release(&out);
    return 0;
}
