/*
 * The report's XLSX and the DOCX of a submission or a summary.
 */
#include "report/report_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/docx.h"
#include "core/file.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "report/indicator.h"

/* The Chinese names of the indicator groups, for the XLSX's upper header row. */
static const char *group_zh(const char *group)
{
    static const char *const names[][2] = {
        { "campaign", "主题活动" },   { "training", "教育培训" },  { "essays", "征文评奖" },
        { "media", "宣传报道" },      { "meetings", "会议" },      { "outreach", "征求意见" },
        { "opinions", "意见建议" },   { "ratings", "群众评价" },   { "rectification", "整改落实" },
        { "discipline", "违规违纪查处" }, { "rules", "制度建设" }, { "commendations", "表彰" },
        { "research", "调查研究" },   { "tasks", "工作任务" },     { "supervision", "督查督办" },
        { "evaluations", "民主测评" },
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i][0], group) == 0)
            return names[i][1];
    return group;
}

static const char *const state_zh[] = { "待下级", "未报", "已上报", "已接收" };

/* One row of the sheet. */
struct row {
    struct unit unit;
    char above[UNIT_CODE_MAX + 1];
    enum submission_state state;
    int top;                         /* accepted by the issuer: counted in the totals */
    long long value[REPORT_CODES_MAX];
    int has[REPORT_CODES_MAX];
};

struct rows {
    struct db *db;
    const struct report *rep;
    struct row *list;
    size_t n, cap;
    int failed;
};

static void add_row(void *ctx, const struct submission *s)
{
    struct rows *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->list = xrealloc(c->list, c->cap * sizeof(*c->list));
    }
    struct row *w = &c->list[c->n++];
    memset(w, 0, sizeof(*w));
    w->unit = s->unit;
    str_copy(w->above, sizeof(w->above), s->above);
    w->state = s->state;
    w->top = strcmp(s->above, c->rep->issuer.code) == 0;
    sqlite3_stmt *st = db_stmt(c->db, "SELECT code, value FROM submission_value WHERE"
                                      " report_id = ?1 AND unit_id = ?2");
    if (!st) {
        c->failed = 1;
        return;
    }
    sqlite3_bind_int64(st, 1, c->rep->id);
    sqlite3_bind_int64(st, 2, s->unit.id);
    while (sqlite3_step(st) == SQLITE_ROW)
        for (size_t i = 0; i < c->rep->n_codes; i++)
            if (strcmp(indicators[c->rep->codes[i]].code, db_col_text(st, 0)) == 0) {
                w->value[i] = sqlite3_column_int64(st, 1);
                w->has[i] = 1;
            }
    db_done(st);
}

/* Writes the sheet of rows into book. */
static void write_sheet(lxw_workbook *book, const struct report *rep, const struct rows *c)
{
    lxw_worksheet *ws = workbook_add_worksheet(book, "报表");
    lxw_format *title = workbook_add_format(book), *head = workbook_add_format(book),
               *cell = workbook_add_format(book), *num = workbook_add_format(book),
               *total = workbook_add_format(book), *total_num = workbook_add_format(book),
               *plain = workbook_add_format(book);
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_align(title, LXW_ALIGN_CENTER);
    lxw_format *boxed[] = { head, cell, num, total, total_num };
    for (size_t i = 0; i < sizeof(boxed) / sizeof(boxed[0]); i++)
        format_set_border(boxed[i], LXW_BORDER_THIN);
    format_set_bold(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(head);
    format_set_num_format(num, "0");
    format_set_num_format(total_num, "0");
    format_set_bold(total);
    format_set_bold(total_num);
    int n_cols = 3 + (int)rep->n_codes;
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(n_cols - 1), rep->title, title);
    char line[512];
    snprintf(line, sizeof(line), "填报单位：%s    统计期间：%s 至 %s    报送截止：%s",
             rep->issuer.name, rep->from, rep->to, rep->due);
    worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(n_cols - 1), line, plain);
    const char *fixed[] = { "序号", "单位", "状态" };
    for (int k = 0; k < 3; k++)
        worksheet_merge_range(ws, 2, (lxw_col_t)k, 3, (lxw_col_t)k, fixed[k], head);
    /* the upper header: one merged cell per run of indicators of the same group */
    for (size_t i = 0; i < rep->n_codes;) {
        const char *g = indicators[rep->codes[i]].group;
        size_t j = i;
        while (j + 1 < rep->n_codes && strcmp(indicators[rep->codes[j + 1]].group, g) == 0)
            j++;
        if (j == i)
            worksheet_write_string(ws, 2, (lxw_col_t)(3 + i), group_zh(g), head);
        else
            worksheet_merge_range(ws, 2, (lxw_col_t)(3 + i), 2, (lxw_col_t)(3 + j), group_zh(g),
                                  head);
        i = j + 1;
    }
    for (size_t i = 0; i < rep->n_codes; i++) {
        const struct indicator *ind = &indicators[rep->codes[i]];
        snprintf(line, sizeof(line), "%s（%s）", ind->zh, ind->word);
        worksheet_write_string(ws, 3, (lxw_col_t)(3 + i), line, head);
    }
    /* the totals row first, under the header, as statistical tables put it */
    worksheet_write_string(ws, 4, 0, "", total);
    worksheet_write_string(ws, 4, 1, "合计", total);
    worksheet_write_string(ws, 4, 2, "", total);
    for (size_t i = 0; i < rep->n_codes; i++) {
        long long sum = 0;
        for (size_t k = 0; k < c->n; k++)
            if (c->list[k].top && c->list[k].has[i])
                sum += c->list[k].value[i];
        worksheet_write_number(ws, 4, (lxw_col_t)(3 + i), (double)sum, total_num);
    }
    for (size_t k = 0; k < c->n; k++) {
        const struct row *w = &c->list[k];
        lxw_row_t row = (lxw_row_t)(5 + k);
        worksheet_write_number(ws, row, 0, (double)(k + 1), cell);
        worksheet_write_string(ws, row, 1, w->unit.name, cell);
        worksheet_write_string(ws, row, 2, state_zh[w->state], cell);
        for (size_t i = 0; i < rep->n_codes; i++)
            if (w->has[i])
                worksheet_write_number(ws, row, (lxw_col_t)(3 + i), (double)w->value[i], num);
            else
                worksheet_write_string(ws, row, (lxw_col_t)(3 + i), "—", cell);
    }
    worksheet_set_column(ws, 0, 0, 6, NULL);
    worksheet_set_column(ws, 1, 1, 28, NULL);
    worksheet_set_column(ws, 2, 2, 8, NULL);
    worksheet_set_column(ws, 3, (lxw_col_t)(n_cols - 1), 12, NULL);
    worksheet_set_row(ws, 3, 45, NULL);
    worksheet_freeze_panes(ws, 5, 2);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 2, 3);
    worksheet_set_footer(ws, "&C第 &P 页 共 &N 页");
}

enum result report_xlsx(struct db *db, const struct actor *who, const struct report *rep,
                        struct buf *out, struct err *err)
{
    struct rows c = { .db = db, .rep = rep };
    enum result r = report_submissions(db, who, rep, add_row, &c, err);
    if (r == RES_OK && c.failed)
        r = db_fail(db, err);
    char path[64];
    snprintf(path, sizeof(path), "/tmp/taizhang-report-XXXXXX");
    int fd = r == RES_OK ? mkstemp(path) : -1;
    if (r == RES_OK && fd < 0)
        r = err_set(err, RES_FAIL, NULL, "err.internal");
    if (fd >= 0) {
        close(fd);
        lxw_workbook *book = workbook_new(path);
        if (book)
            write_sheet(book, rep, &c);
        if (!book || workbook_close(book) != LXW_NO_ERROR || file_read_all(path, out) != 0)
            r = err_set(err, RES_FAIL, NULL, "err.internal");
        unlink(path);
    }
    free(c.list);
    return r;
}

enum result report_docx(const char *title, const char *text, const int *codes,
                        const long long *values, size_t n, const char *signer, const char *day,
                        struct buf *out, struct err *err)
{
    struct docx *d = docx_new(title);
    if (text && *text)
        docx_para(d, text);
    if (n) {
        docx_heading(d, 1, "主要数据");
        const char **cells = xcalloc(3 * (n + 1), sizeof(*cells));
        char (*nums)[32] = xcalloc(n, sizeof(*nums));
        cells[0] = "指标";
        cells[1] = "计量单位";
        cells[2] = "数值";
        for (size_t i = 0; i < n; i++) {
            snprintf(nums[i], sizeof(nums[i]), "%lld", values[i]);
            cells[3 * (i + 1)] = indicators[codes[i]].zh;
            cells[3 * (i + 1) + 1] = indicators[codes[i]].word;
            cells[3 * (i + 1) + 2] = nums[i];
        }
        docx_table(d, 3, cells, (int)n + 1);
        free(cells);
        free(nums);
    }
    docx_right(d, signer);
    int y, m, dd;
    char date[32] = "";
    if (sscanf(day, "%4d-%2d-%2d", &y, &m, &dd) == 3)
        snprintf(date, sizeof(date), "%d年%d月%d日", y, m, dd);
    docx_right(d, date);
    enum result r = docx_write(d, out);
    docx_free(d);
    return r == RES_OK ? RES_OK : err_set(err, RES_FAIL, NULL, "err.internal");
}
