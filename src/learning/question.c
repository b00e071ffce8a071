/*
 * The question bank; see question.h. Mechanism layer: rules and SQL for the question table, and
 * the two import formats (plain text typed in any editor, and CSV).
 */
#include "learning/question.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/str.h"
#include "core/table.h"
#include "core/xalloc.h"
#include "core/xlsx.h"
#include "learning/learning_int.h"
#include "unit/unit.h"

static const char *const kind_names[QKIND_COUNT] = { "single", "multiple", "truefalse" };

int question_kind_parse(const char *name)
{
    for (int i = 0; i < QKIND_COUNT; i++)
        if (name && strcmp(name, kind_names[i]) == 0)
            return i;
    return -1;
}

const char *question_kind_name(enum question_kind kind)
{
    return (unsigned)kind < QKIND_COUNT ? kind_names[kind] : "?";
}

enum result question_check(const struct question_input *in, struct err *err)
{
    int kind = question_kind_parse(in->kind);
    if (kind < 0)
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "single|multiple|truefalse");
    enum result r = err_text(err, "category", in->category, 1, QUESTION_CATEGORY_MAX, 0);
    if (r == RES_OK)
        r = err_text(err, "text", in->text, 1, QUESTION_TEXT_MAX, 1);
    if (r == RES_OK)
        r = err_text(err, "explanation", in->explanation, 0, QUESTION_TEXT_MAX, 1);
    if (r != RES_OK)
        return r;
    if (in->difficulty < 0 || in->difficulty > 3)
        return err_setf(err, RES_INVALID, "difficulty", "err.range", "1-3");
    if (in->n_options < 2 || in->n_options > QUESTION_OPTIONS_MAX ||
        (kind == QKIND_TRUEFALSE && in->n_options != 2))
        return err_setf(err, RES_INVALID, "options", "err.range", "2-%d",
                        kind == QKIND_TRUEFALSE ? 2 : QUESTION_OPTIONS_MAX);
    for (int i = 0; i < in->n_options; i++)
        if ((r = err_text(err, "options", in->options[i], 1, QUESTION_OPTION_MAX, 0)) != RES_OK)
            return r;
    if (in->n_answer < 1 || (kind != QKIND_MULTIPLE && in->n_answer != 1) ||
        in->n_answer > in->n_options)
        return err_set(err, RES_INVALID, "answer", "err.q_answer_count");
    unsigned seen = 0;
    for (int i = 0; i < in->n_answer; i++) {
        int a = in->answer[i];
        if (a < 0 || a >= in->n_options || (seen & (1u << a)))
            return err_setf(err, RES_INVALID, "answer", "err.range", "0-%d", in->n_options - 1);
        seen |= 1u << a;
    }
    return RES_OK;
}

/* The owner unit of new questions: the code given, else the actor's own unit. */
static enum result owner_unit(struct db *db, const struct actor *who, const char *code,
                              struct unit *u, struct err *err)
{
    enum result r = learning_report_unit(db, who, code, u, err);
    if (r == RES_FAIL)
        return r;
    if (r != RES_OK)
        return err_setf(err, RES_NOT_FOUND, "unit", "err.parent_unknown", "%s", code ? code : "");
    return scope_check(who, u->path, PERM_RECORD_WRITE, err);
}

/* Inserts one checked question; the caller holds the transaction. */
static enum result insert_question(struct db *db, long long unit_id,
                                   const struct question_input *in, long long *id)
{
    json_t *opts = json_array();
    for (int i = 0; i < in->n_options; i++)
        json_array_append_new(opts, json_string(in->options[i]));
    char *opts_text = json_dumps(opts, JSON_COMPACT);
    json_decref(opts);
    long long mask = 0;
    for (int i = 0; i < in->n_answer; i++)
        mask |= 1LL << in->answer[i];
    char today[11];
    clock_today(today);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO question(unit_id, kind, category, difficulty,"
                                   " text, options, n_options, answer, explanation, created)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    int rc = SQLITE_ERROR;
    if (st && opts_text) {
        sqlite3_bind_int64(st, 1, unit_id);
        db_bind_text(st, 2, in->kind);
        db_bind_text(st, 3, in->category);
        sqlite3_bind_int64(st, 4, in->difficulty ? in->difficulty : QUESTION_DIFFICULTY_DEFAULT);
        db_bind_text(st, 5, in->text);
        db_bind_text(st, 6, opts_text);
        sqlite3_bind_int(st, 7, in->n_options);
        sqlite3_bind_int64(st, 8, mask);
        db_bind_text(st, 9, in->explanation);
        db_bind_text(st, 10, today);
        rc = sqlite3_step(st);
        db_done(st);
    }
    free(opts_text);
    if (rc != SQLITE_DONE)
        return RES_FAIL;
    *id = sqlite3_last_insert_rowid(db->h);
    return RES_OK;
}

enum result question_add(struct db *db, const struct actor *who, const struct question_input *in,
                         long long *id, struct err *err)
{
    enum result r = question_check(in, err);
    struct unit u;
    if (r == RES_OK)
        r = owner_unit(db, who, in->unit, &u, err);
    if (r != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    char object[48];
    r = insert_question(db, u.id, in, id);
    if (r == RES_OK) {
        snprintf(object, sizeof(object), "question:%lld", *id);
        r = audit_record_object(db, who, "question.add", object,
                                json_pack("{s:s, s:s, s:s}", "unit", u.code, "kind", in->kind,
                                          "category", in->category));
    }
    if (r != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result question_add_job(struct db *db, void *arg)
{
    struct question_add_job *job = arg;
    return question_add(db, job->who, &job->in, &job->id, &job->err);
}

/* ---- import ---- */

/* One question being read, with the line where it starts. */
struct parsed {
    struct question_input in; /* the fields; strings point into text */
    int line;                 /* first line */
    char *text;               /* owned copies of the strings, NUL separated */
    size_t text_len;          /* bytes used in text */
    size_t text_cap;          /* bytes allocated */
    size_t off_text;          /* offsets into text, resolved when the question is done */
    size_t off_options[QUESTION_OPTIONS_MAX];
    size_t off_category;
    size_t off_explanation;
    int has_text;     /* a text line was read */
    char answer[64];  /* the ANSWER letters or 对/错 as typed, "" when none */
    unsigned starred; /* options marked right with '*' */
};

static size_t keep(struct parsed *p, const char *s, size_t n)
{
    if (p->text_len + n + 1 > p->text_cap) {
        p->text_cap = (p->text_len + n + 1) * 2;
        p->text = xrealloc(p->text, p->text_cap);
    }
    size_t at = p->text_len;
    memcpy(p->text + at, s, n);
    p->text[at + n] = '\0';
    p->text_len += n + 1;
    return at;
}

/* The truth value of a true/false answer as typed: 1 true, 0 false, -1 neither. */
static int truth(const char *s)
{
    static const char *const yes[] = { "对", "T", "TRUE", "正确", "√", "是", NULL };
    static const char *const no[] = { "错", "F", "FALSE", "错误", "×", "否", NULL };
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    return -1;
}

enum result question_parse_answer(const char *typed, struct question_input *in, struct err *err)
{
    in->n_answer = 0;
    if (in->n_options == 0) {
        int t = truth(typed ? typed : "");
        if (t < 0)
            return err_set(err, RES_INVALID, "answer",
                           typed && *typed ? "err.q_truth" : "err.required");
        in->kind = "truefalse";
        in->options[0] = "对";
        in->options[1] = "错";
        in->n_options = 2;
        in->answer[0] = t ? 0 : 1;
        in->n_answer = 1;
        return RES_OK;
    }
    for (const char *s = typed ? typed : ""; *s; s++) {
        if (*s == ' ' || *s == ',' || *s == ';')
            continue;
        int c = *s >= 'a' && *s <= 'h' ? *s - 'a' : *s - 'A';
        if (c < 0 || c >= in->n_options || in->n_answer >= QUESTION_OPTIONS_MAX)
            return err_setf(err, RES_INVALID, "answer", "err.q_answer", "%s", s);
        in->answer[in->n_answer++] = c;
    }
    if (in->n_answer == 0)
        return err_set(err, RES_INVALID, "answer", "err.required");
    if (!in->kind)
        in->kind = in->n_answer > 1 ? "multiple" : "single";
    return RES_OK;
}

/* Completes a parsed question: the answer from ANSWER or the starred options, the kind from
 * the answer unless given. */
static enum result finish_parsed(struct parsed *p, int kind_given, struct err *err)
{
    struct question_input *in = &p->in;
    in->text = p->text + p->off_text;
    in->category = p->text + p->off_category;
    in->explanation = p->text + p->off_explanation;
    for (int i = 0; i < in->n_options; i++)
        in->options[i] = p->text + p->off_options[i];
    if (!kind_given)
        in->kind = NULL;
    if (p->answer[0] || in->n_options == 0)
        return question_parse_answer(p->answer, in, err);
    in->n_answer = 0;
    for (int i = 0; i < in->n_options; i++)
        if (p->starred & (1u << i))
            in->answer[in->n_answer++] = i;
    if (in->n_answer == 0)
        return err_set(err, RES_INVALID, "answer", "err.required");
    if (!kind_given)
        in->kind = in->n_answer > 1 ? "multiple" : "single";
    return RES_OK;
}

/* If line starts with one of the keywords followed by ':' or '：', returns the rest (spaces
 * skipped), else NULL. */
static const char *keyword(const char *line, const char *const *words)
{
    for (; *words; words++) {
        size_t n = strlen(*words);
        if (strncasecmp(line, *words, n) != 0)
            continue;
        const char *p = line + n;
        while (*p == ' ')
            p++;
        if (*p == ':')
            p++;
        else if (strncmp(p, "：", 3) == 0)
            p += 3;
        else
            continue;
        while (*p == ' ' || *p == '\t')
            p++;
        return p;
    }
    return NULL;
}

/* What follows the mark of an option letter or a question number: p past one of . ) 、 ． and
 * the blanks after it, or NULL when p starts with none of them. */
static const char *after_mark(const char *p)
{
    if (*p == '.' || *p == ')')
        p++;
    else if (strncmp(p, "、", 3) == 0 || strncmp(p, "．", 3) == 0)
        p += 3;
    else
        return NULL;
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* An option line "A. text" / "*B、text" / "C) text": returns the text and sets *letter and
 * *star, or NULL. */
static const char *option_line(const char *line, int *letter, int *star)
{
    const char *p = line;
    *star = *p == '*';
    if (*star)
        p++;
    if (*p < 'A' || *p > 'H')
        return NULL;
    *letter = *p - 'A';
    return after_mark(p + 1);
}

/* Skips a leading question number "12." "12、" "(12)". */
static const char *skip_number(const char *line)
{
    const char *p = line;
    while (*p >= '0' && *p <= '9')
        p++;
    const char *text = p == line ? NULL : after_mark(p);
    return text ? text : line;
}

/* The import's state: collected questions and the count of problems. */
struct import_state {
    struct parsed *list;             /* questions read */
    size_t n;                        /* how many */
    size_t cap;                      /* allocated */
    int n_bad;                       /* problems reported */
    const struct import_report *rep; /* where problems go */
};

static void report(struct import_state *s, int line, const struct err *err)
{
    s->n_bad++;
    if (s->rep && s->rep->fn)
        s->rep->fn(s->rep->ctx, line, err);
}

static struct parsed *push(struct import_state *s, int line)
{
    s->list = vec_grow(s->list, s->n, &s->cap);
    struct parsed *p = &s->list[s->n++];
    memset(p, 0, sizeof(*p));
    p->line = line;
    return p;
}

static void free_state(struct import_state *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->list[i].text);
    free(s->list);
}

/* Closes the question being read in the text format. */
static void close_text_question(struct import_state *s, struct parsed **cur, int kind_given)
{
    struct parsed *p = *cur;
    *cur = NULL;
    if (!p)
        return;
    struct err err = { 0 };
    if (finish_parsed(p, kind_given, &err) != RES_OK || question_check(&p->in, &err) != RES_OK)
        report(s, p->line, &err);
}

static void parse_text(struct import_state *s, const char *data, size_t len)
{
    char category[256] = "";
    struct parsed *cur = NULL;
    int kind_given = 0, lineno = 0, after_options = 0;
    static const char *const w_answer[] = { "ANSWER", "答案", NULL };
    static const char *const w_diff[] = { "DIFFICULTY", "难度", NULL };
    static const char *const w_expl[] = { "EXPLANATION", "解析", NULL };
    static const char *const w_cat[] = { "CATEGORY", "分类", NULL };
    static const char *const w_kind[] = { "KIND", "题型", NULL };
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        char line[4096];
        struct err err = { 0 };
        if (n >= sizeof(line) || !utf8_valid(p, n)) {
            err_set(&err, RES_INVALID, "line", n >= sizeof(line) ? "err.too_long" : "err.bad_utf8");
            report(s, lineno, &err);
            p += n + 1;
            continue;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + 1;
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        const char *t = line;
        while (*t == ' ' || *t == '\t')
            t++;
        const char *v = NULL;
        int letter, star;
        if (!*t) {
            close_text_question(s, &cur, kind_given);
            kind_given = after_options = 0;
        } else if (*t == '#') {
            continue;
        } else if ((t[0] == '[' && t[strlen(t) - 1] == ']') || (v = keyword(t, w_cat))) {
            close_text_question(s, &cur, kind_given);
            kind_given = after_options = 0;
            if (t[0] == '[')
                snprintf(category, sizeof(category), "%.*s", (int)strlen(t) - 2, t + 1);
            else
                snprintf(category, sizeof(category), "%s", v);
        } else if (!cur) {
            cur = push(s, lineno);
            cur->off_category = keep(cur, category, strlen(category));
            cur->off_explanation = keep(cur, "", 0);
            const char *q = skip_number(t);
            cur->off_text = keep(cur, q, strlen(q));
            cur->has_text = 1;
        } else if ((v = keyword(t, w_answer))) {
            snprintf(cur->answer, sizeof(cur->answer), "%s", v);
            after_options = 1;
        } else if ((v = keyword(t, w_diff))) {
            long long d = 0;
            if (str_to_ll(v, 1, 3, &d) != 0) {
                err_setf(&err, RES_INVALID, "difficulty", "err.range", "1-3");
                report(s, lineno, &err);
            }
            cur->in.difficulty = d;
        } else if ((v = keyword(t, w_expl))) {
            cur->off_explanation = keep(cur, v, strlen(v));
        } else if ((v = keyword(t, w_kind))) {
            int k = strcmp(v, "多选") == 0   ? QKIND_MULTIPLE
                    : strcmp(v, "单选") == 0 ? QKIND_SINGLE
                    : strcmp(v, "判断") == 0 ? QKIND_TRUEFALSE
                                             : question_kind_parse(v);
            if (k < 0) {
                err_setf(&err, RES_INVALID, "kind", "err.bad_enum", "single|multiple|truefalse");
                report(s, lineno, &err);
            } else {
                cur->in.kind = kind_names[k];
                kind_given = 1;
            }
        } else if ((v = option_line(t, &letter, &star))) {
            if (after_options || letter != cur->in.n_options) {
                err_setf(&err, RES_INVALID, "options", "err.q_option_order", "%c",
                         'A' + cur->in.n_options);
                report(s, lineno, &err);
                continue;
            }
            cur->off_options[cur->in.n_options++] = keep(cur, v, strlen(v));
            if (star)
                cur->starred |= 1u << letter;
        } else if (cur->in.n_options == 0 && !after_options) {
            /* the question text goes on over several lines */
            struct buf joined;
            buf_init(&joined, 2 * QUESTION_TEXT_MAX * 4);
            buf_addf(&joined, "%s\n%s", cur->text + cur->off_text, t);
            cur->off_text = keep(cur, buf_str(&joined), joined.len);
            buf_release(&joined);
        } else {
            err_set(&err, RES_INVALID, "line", "err.q_line");
            report(s, lineno, &err);
        }
    }
    close_text_question(s, &cur, kind_given);
}

/* the CSV and workbook form's columns, and the catalog names of the question kinds */
static const char *const csv_header[] = { "kind",   "category", "difficulty", "text",
                                          "options", "answer",  "explanation" };
static const char *const csv_values[] = { "question.", NULL, NULL, NULL, NULL, NULL, NULL };
const struct csv_columns question_import_columns = { csv_header, 7, 0, csv_values };

/* One record of the CSV form: its question kept in the state, or err saying why not. */
static enum result csv_row(void *ctx, char **f, struct err *err)
{
    struct import_state *s = ctx;
    int kind = question_kind_parse(f[0]);
    if (kind < 0 && *f[0])
        return err_setf(err, RES_INVALID, "kind", "err.bad_enum", "single|multiple|truefalse");
    long long d = 0;
    if (*f[2] && str_to_ll(f[2], 1, 3, &d) != 0)
        return err_setf(err, RES_INVALID, "difficulty", "err.range", "1-3");
    struct parsed *p = push(s, 0);
    p->off_category = keep(p, f[1], strlen(f[1]));
    p->off_text = keep(p, f[3], strlen(f[3]));
    p->off_explanation = keep(p, f[6], strlen(f[6]));
    snprintf(p->answer, sizeof(p->answer), "%s", f[5]);
    p->in.kind = kind >= 0 ? kind_names[kind] : NULL;
    p->in.difficulty = d;
    for (const char *o = kind != QKIND_TRUEFALSE && *f[4] ? f[4] : NULL; o;) {
        const char *bar = strchr(o, '|');
        size_t on = bar ? (size_t)(bar - o) : strlen(o);
        if (p->in.n_options == QUESTION_OPTIONS_MAX)
            return err_setf(err, RES_INVALID, "options", "err.range", "2-%d",
                            QUESTION_OPTIONS_MAX);
        p->off_options[p->in.n_options++] = keep(p, o, on);
        o = bar ? bar + 1 : NULL;
    }
    if (finish_parsed(p, kind >= 0, err) != RES_OK)
        return RES_INVALID;
    return question_check(&p->in, err);
}

static void parse_csv(struct import_state *s, const char *data, size_t len)
{
    s->n_bad += csv_each_row(data, len, &question_import_columns, csv_row, s, s->rep);
}

enum result question_import(struct db *db, const struct actor *who, const char *unit,
                            enum question_format format, const char *data, size_t len,
                            long long *n_added, const struct import_report *rep)
{
    *n_added = 0;
    struct err err = { 0 };
    struct unit u;
    enum result r = owner_unit(db, who, unit, &u, &err);
    if (r != RES_OK) {
        if (rep && rep->fn)
            rep->fn(rep->ctx, 0, &err);
        return r;
    }
    struct import_state s = { .rep = rep };
    struct buf sheet;
    buf_init(&sheet, (size_t)64 << 20);
    /* a workbook's first sheet, or text saved in GB18030, as UTF-8 (core/table.h) */
    if (table_text(data, len, &sheet, &err) != RES_OK)
        report(&s, 0, &err);
    else if (xlsx_is(data, len) || format == QFORMAT_CSV)
        parse_csv(&s, buf_str(&sheet), sheet.len);
    else
        parse_text(&s, buf_str(&sheet), sheet.len);
    buf_release(&sheet);
    if (s.n == 0 && s.n_bad == 0) {
        err_set(&err, RES_INVALID, "file", "err.empty_file");
        report(&s, 1, &err);
    }
    if (s.n_bad) {
        free_state(&s);
        return RES_INVALID;
    }
    r = db_tx_begin(db);
    long long first = 0, id = 0;
    for (size_t i = 0; i < s.n && r == RES_OK; i++) {
        r = insert_question(db, u.id, &s.list[i].in, &id);
        if (!first)
            first = id;
    }
    if (r == RES_OK) {
        char object[48];
        snprintf(object, sizeof(object), "unit:%s", u.code);
        r = audit_record_object(db, who, "question.import", object,
                                json_pack("{s:I, s:I, s:I}", "count", (json_int_t)s.n, "first",
                                          (json_int_t)first, "last", (json_int_t)id));
    }
    if (r == RES_OK)
        r = db_tx_commit(db);
    else
        db_tx_rollback(db);
    if (r == RES_OK)
        *n_added = (long long)s.n;
    else if (rep && rep->fn) {
        db_fail(db, &err);
        rep->fn(rep->ctx, 0, &err);
    }
    free_state(&s);
    return r == RES_OK ? RES_OK : RES_FAIL;
}

/* ---- reading ---- */

enum result question_each(struct db *db, const struct actor *who, const char *unit,
                          const char *category, long long offset, long long limit, long long *total,
                          void (*fn)(void *ctx, const struct question *q), void *ctx,
                          struct err *err)
{
    struct unit u;
    enum result r = owner_unit(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    int all = !category || !*category;
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM question WHERE unit_id = ?1"
                                   " AND (?2 = 1 OR category = ?3)");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    sqlite3_bind_int(st, 2, all);
    db_bind_text(st, 3, category);
    *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    st = db_stmt(db, "SELECT id, kind, category, difficulty, text, options, answer, explanation"
                     " FROM question WHERE unit_id = ?1 AND (?2 = 1 OR category = ?3)"
                     " ORDER BY id LIMIT ?4 OFFSET ?5");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    sqlite3_bind_int(st, 2, all);
    db_bind_text(st, 3, category);
    sqlite3_bind_int64(st, 4, limit);
    sqlite3_bind_int64(st, 5, offset);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct question q = {
            .id = sqlite3_column_int64(st, 0),
            .unit_code = u.code,
            .kind = db_col_text(st, 1),
            .category = db_col_text(st, 2),
            .difficulty = sqlite3_column_int(st, 3),
            .text = db_col_text(st, 4),
            .options_json = db_col_text(st, 5),
            .answer = sqlite3_column_int64(st, 6),
            .explanation = db_col_text(st, 7),
        };
        fn(ctx, &q);
    }
    db_done(st);
    return RES_OK;
}

enum result question_categories(struct db *db, const struct actor *who, const char *unit,
                                void (*fn)(void *ctx, const char *category, const long long n[3]),
                                void *ctx, struct err *err)
{
    struct unit u;
    enum result r = owner_unit(db, who, unit, &u, err);
    if (r != RES_OK)
        return r;
    sqlite3_stmt *st = db_stmt(db, "SELECT category, sum(difficulty = 1), sum(difficulty = 2),"
                                   " sum(difficulty = 3) FROM question WHERE unit_id = ?1"
                                   " GROUP BY category ORDER BY category");
    if (!st)
        return db_fail(db, err);
    sqlite3_bind_int64(st, 1, u.id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long n[3] = { sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                           sqlite3_column_int64(st, 3) };
        fn(ctx, db_col_text(st, 0), n);
    }
    db_done(st);
    return RES_OK;
}
