/*
 * Text and number checks used at every input boundary (core layer): UTF-8 validity, length in
 * characters, strict integer and date parsing. Uses utf8proc; knows nothing of the project.
 */
#ifndef TZ_STR_H
#define TZ_STR_H

#include <stddef.h>

/* 1 if s[0..n) is valid UTF-8 without NUL bytes, else 0. */
int utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8 s, or -1 when s is not valid UTF-8. */
long utf8_chars(const char *s, size_t n);

enum text_check {
    TEXT_OK = 0,   /* acceptable */
    TEXT_EMPTY,    /* required and empty (or only spaces) */
    TEXT_BAD_UTF8, /* invalid UTF-8 or a NUL byte */
    TEXT_TOO_LONG, /* more than max characters */
    TEXT_CONTROL,  /* a control character other than tab and newline */
};
/* Checks a text field: valid UTF-8, 1..max_chars characters (0 allowed when !required),
 * no control characters except \t \r \n when multiline. */
enum text_check text_check(const char *s, int required, long max_chars, int multiline);

/* Parses all of s as a decimal integer in [min, max]. Returns 0 and sets *out, or -1. */
int str_to_ll(const char *s, long long min, long long max, long long *out);

/* 1 if s is a real calendar date written YYYY-MM-DD, else 0. */
int date_valid(const char *s);
/* Reads a date as offices write it in their tables, 2026-03-31, 2026/3/31, 2026.3.31 or
 * 2026年3月31日 (month and day with or without their leading zero, 日 or 号 optional, spaces
 * around ignored), into out as YYYY-MM-DD. Returns 0, or -1 when s is none of these or no real
 * date. */
int date_parse(const char *s, char out[11]);

/* 1 if s is a code: 1..max bytes of [A-Za-z0-9_-] (a unit's, an activity item's). */
int code_valid(const char *s, size_t max);

/* Copies src into dst of size bytes (size > 0), cut short if need be; always NUL-terminated. */
void str_copy(char *dst, size_t size, const char *src);

/* n from 1 to 99 in Chinese numerals (一, 十二, 二十) into out, another n in digits; returns out. */
enum { STR_ZH_NUMBER_MAX = 16 };
char *str_zh_number(char out[STR_ZH_NUMBER_MAX], int n);

/* The decimal digits of v written backwards from end (at most 20 of them); returns the first. */
char *str_digits(char *end, unsigned long long v);
/* The same for a signed v, with its minus sign (at most 20 bytes). */
char *str_int(char *end, long long v);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void hex_encode(char *out, const unsigned char *in, size_t n);

#endif
