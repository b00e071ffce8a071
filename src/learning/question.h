/*
 * The question bank (题库; mechanism model, DESIGN.md mechanism 6): single-choice,
 * multiple-choice and true/false questions with a category, a difficulty and an explanation,
 * added one by one or imported all or nothing from a plain-text format or CSV. Questions are
 * never edited once added, so a paper drawn from them always regrades the same. Owns the
 * question table. No http or web types.
 */
#ifndef TZ_QUESTION_H
#define TZ_QUESTION_H

#include <stddef.h>

#include "auth/scope.h"
#include "core/csv.h"
#include "db/db.h"

enum {
    QUESTION_OPTIONS_MAX = 8,
    QUESTION_TEXT_MAX = 2000,
    QUESTION_OPTION_MAX = 500,
    QUESTION_CATEGORY_MAX = 50,
    QUESTION_DIFFICULTY_DEFAULT = 2, /* 1 easy, 2 medium, 3 hard */
};

enum question_kind { QKIND_SINGLE = 0, QKIND_MULTIPLE, QKIND_TRUEFALSE, QKIND_COUNT };

struct question_input {
    const char *unit;     /* owner unit code; NULL or "" for the actor's unit */
    const char *kind;     /* "single", "multiple" or "truefalse" */
    const char *category; /* required, up to 50 characters */
    long long difficulty; /* 1-3; 0 for QUESTION_DIFFICULTY_DEFAULT */
    const char *text;     /* required, up to 2000 characters */
    const char *options[QUESTION_OPTIONS_MAX]; /* option texts; true/false: 2 (对, 错) */
    int n_options;                             /* 2-8 */
    int answer[QUESTION_OPTIONS_MAX];          /* indexes of the right options */
    int n_answer;                              /* single, true/false: 1; multiple: 1 or more */
    const char *explanation;                   /* optional, up to 2000 characters */
};

/* The kind named name, or -1. */
int question_kind_parse(const char *name);
const char *question_kind_name(enum question_kind kind);

/* Fills in->answer from what a person typed: letters ("AC", "A,C") naming options; for a
 * question without options, 对/错 (T/F, 正确/错误), which makes it true/false with the options
 * 对 and 错. Without a kind, the kind follows the count of right options. RES_INVALID names
 * "answer". */
enum result question_parse_answer(const char *typed, struct question_input *in, struct err *err);

/* Checks the fields of a question (RES_INVALID naming the field). */
enum result question_check(const struct question_input *in, struct err *err);

/* Adds a question to the bank of a unit in scope (PERM_RECORD_WRITE). *id gets its id. */
enum result question_add(struct db *db, const struct actor *who, const struct question_input *in,
                         long long *id, struct err *err);

/* question_add() as a job for db_writer_run(). */
struct question_add_job {
    const struct actor *who;  /* the caller */
    struct question_input in; /* the question */
    long long id;             /* set on success */
    struct err err;           /* set on failure */
};
enum result question_add_job(struct db *db, void *arg);

enum question_format { QFORMAT_TEXT = 0, QFORMAT_CSV };

/* Imports questions into the bank of unit (NULL: the actor's unit), all or nothing: every bad
 * line goes to rep with its line number and nothing is added. The plain-text format (README):
 *   [category]            sets the category for the questions below (also "分类: name")
 *   1. text               a question (the number is optional); further lines continue it
 *   A. option             options A-H, the right ones marked with a leading '*' or in ANSWER
 *   ANSWER: AC            (or 答案:) right options; 对/错/T/F for a true/false question
 *   DIFFICULTY: 1-3       (or 难度:) optional
 *   EXPLANATION: text     (or 解析:) optional
 * a blank line ends a question. A question with no options and answer 对/错/T/F is true/false;
 * one with more than one right option is multiple choice.
 * CSV has the header kind,category,difficulty,text,options,answer,explanation (or the Chinese
 * column names 题型 分类 难度 题干 选项 答案 解析; kinds as single|multiple|truefalse or
 * 单选题 多选题 判断题) with options separated by '|' and answer as letters (e.g. "AC") or 对/错. An XLSX workbook (whatever the
 * format says) is read as that CSV from its first sheet.
 * *n_added gets the count. */
enum result question_import(struct db *db, const struct actor *who, const char *unit,
                            enum question_format format, const char *data, size_t len,
                            long long *n_added, const struct import_report *rep);

struct question {
    long long id;             /* question id */
    const char *unit_code;    /* the owner */
    const char *kind;         /* single | multiple | truefalse */
    const char *category;     /* category */
    int difficulty;           /* 1-3 */
    const char *text;         /* question text */
    const char *options_json; /* JSON array of option texts */
    long long answer;         /* bit mask of right options */
    const char *explanation;  /* may be "" */
};

/* Calls fn for the questions of the bank of the unit (in scope, PERM_RECORD_WRITE: the bank
 * holds the answers), of one category when category is not NULL or "", by id, skipping offset
 * and stopping after limit; *total gets the count of matches. */
enum result question_each(struct db *db, const struct actor *who, const char *unit,
                          const char *category, long long offset, long long limit, long long *total,
                          void (*fn)(void *ctx, const struct question *q), void *ctx,
                          struct err *err);

/* Calls fn for each category of the unit's bank with its question counts by difficulty. */
enum result question_categories(struct db *db, const struct actor *who, const char *unit,
                                void (*fn)(void *ctx, const char *category, const long long n[3]),
                                void *ctx, struct err *err);

/* The columns of the CSV form (csv_each_row), for the import and its template. */
extern const struct csv_columns question_import_columns;

#endif
