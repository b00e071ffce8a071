/*
 * Fuzz target: the dates and numbers every form and API field goes through (core/str.h,
 * core/clock.h): a valid date survives the day-number round trip and date_add, a local time
 * formats back to what was parsed, a date as offices write it reads as a valid one, and
 * str_to_ll keeps its range. (A valid date lies in 1900-9999; only sums inside that range are
 * checked.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[64];
    size_t n = size < sizeof(s) - 1 ? size : sizeof(s) - 1;
    memcpy(s, data, n);
    s[n] = '\0';
    if (date_valid(s)) {
        char back[11];
        date_from_days(date_days(s), back);
        if (strcmp(back, s) != 0) {
            fprintf(stderr, "date %s came back as %s\n", s, back);
            abort();
        }
        long shift = size > 1 ? (long)(int8_t)data[size - 1] * 400 : 1;
        date_add(s, shift, back);
        long to = date_days(s) + shift;
        if (to >= date_days("1900-01-01") && to <= date_days("9999-12-31") &&
            (!date_valid(back) || date_days(back) != to)) {
            fprintf(stderr, "date %s + %ld gave %s\n", s, shift, back);
            abort();
        }
    }
    char iso[11];
    if (date_parse(s, iso) == 0 && !date_valid(iso)) {
        fprintf(stderr, "date %s read as %s\n", s, iso);
        abort();
    }
    time_t t;
    if (clock_parse_local(s, &t) == 0) {
        char out[20];
        clock_format_local(t, out);
        time_t again;
        if (clock_parse_local(out, &again) != 0 || again != t) {
            fprintf(stderr, "local time %s formatted as %s does not read back\n", s, out);
            abort();
        }
    }
    long long v;
    if (str_to_ll(s, -1000, 1000000, &v) == 0 && (v < -1000 || v > 1000000))
        abort();
    (void)text_check(s, 1, 10, 0);
    (void)code_valid(s, 16);
    return 0;
}
