/*
 * Tests of src/core/docx.c: the package's parts and their text read back with minizip's unzip
 * API, escaping, heading numbers, limits; then the real check, LibreOffice converting the file
 * to PDF (headless, a private profile) and poppler's pdfinfo and pdftotext reading the page size,
 * the text and the page numbers back. LibreOffice missing fails the test: scripts/deps.sh --test
 * installs it.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <unzip.h>

#include "tests.h"

#include "core/buf.h"
#include "core/docx.h"
#include "core/phrase.h"
#include "core/xlsx.h"

extern char **environ;

enum {
    OFFICE_SECONDS = 300, /* LibreOffice's first start with a new profile takes 10-20 s */
    TOOL_SECONDS = 60,    /* pdfinfo, pdftotext */
};

/* ---- helpers ---- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* The test's temporary directory, removed by remove_tmp_dir() even when the test failed. */
static char tmp_dir[256];

/* Makes tmp_dir, a fresh directory under $TMPDIR (or /tmp), and returns it. */
static const char *make_tmp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    assert_int_equal(tmp_dir[0], '\0');
    snprintf(tmp_dir, sizeof(tmp_dir), "%s/tz-docx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmp_dir))
        fail_msg("mkdtemp %s: %s", tmp_dir, strerror(errno));
    return tmp_dir;
}

/* The teardown of the tests that make tmp_dir. */
static int remove_tmp_dir(void **state)
{
    (void)state;
    if (tmp_dir[0] && nftw(tmp_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "could not remove %s\n", tmp_dir);
    tmp_dir[0] = '\0';
    return 0;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void read_file(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s: %s", path, strerror(errno));
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(out, chunk, n);
    fclose(f);
    assert_int_equal(out->err, BUF_ERR_NONE);
}

/* Runs argv (found on PATH) in a process group of its own with stdout to out_path and stderr to
 * err_path, killing the group after seconds. Returns its exit status, or -1 when killed. Fails
 * the test when argv[0] cannot be started. */
static int run(char *const argv[], const char *out_path, const char *err_path, int seconds)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
    assert_int_equal(posix_spawnattr_init(&attr), 0);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        fail_msg("cannot run '%s' (%s): scripts/deps.sh --test installs it", argv[0], strerror(rc));
    int status = 0;
    for (long waited_ms = 0;; waited_ms += 100) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        assert_true(got >= 0);
        if (got == pid)
            break;
        if (waited_ms >= seconds * 1000L) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
    }
    /* the group may hold helpers that outlive the launcher (soffice.bin) */
    kill(-pid, SIGKILL);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* s without any white space (pdftotext puts line breaks and spaces between what the layout
 * separated), into out. */
static void squeeze(const char *s, struct buf *out)
{
    for (; *s; s++)
        if (!strchr(" \t\r\n\f\v", *s))
            buf_addch(out, *s);
}

/* ---- the document under test ---- */

static const char title[] = "关于组织人事部门作风建设工作情况的报告";
static const char *const figures[] = {
    "指标",       "数值",   "计量单位", /* the header */
    "征求意见函", "220345", "份",       /* */
    "座谈会",     "2734",   "次",       /* */
    "意见和建议", "149500", "条",
};

/* A report of two pages or more: a title, two headings, paragraphs stating figures, filler,
 * the figures table, the signature and the date. */
static struct docx *build_report(void)
{
    struct docx *d = docx_new(title);
    docx_heading(d, 1, "基本情况");
    struct buf p;
    buf_init(&p, 4096);
    buf_adds(&p, "全省县以上组织人事部门共发出征求意见函");
    phrase_count(&p, 220345, "份", PHRASE_APPROX);
    buf_adds(&p, "，召开座谈会");
    phrase_count(&p, 2734, "次", PHRASE_APPROX);
    buf_adds(&p, "，走访干部群众");
    phrase_count(&p, 36210, "人（次）", PHRASE_APPROX);
    buf_adds(&p, "，共征求到各类意见和建议");
    phrase_count(&p, 149500, "条", PHRASE_APPROX);
    buf_adds(&p, "。");
    docx_para(d, buf_str(&p));
    docx_heading(d, 2, "整改落实");
    buf_reset(&p);
    buf_adds(&p, "制定整改措施");
    phrase_count(&p, 6078, "项", PHRASE_EXACT);
    buf_adds(&p, "，已落实");
    phrase_count(&p, 5347, "项", PHRASE_EXACT);
    buf_adds(&p, "，落实率");
    phrase_percent(&p, 5347, 6078);
    buf_adds(&p, "。");
    docx_para(d, buf_str(&p));
    for (int i = 0; i < 12; i++)
        docx_para(d, "各级组织人事部门坚持边学边改、边查边改、边议边改，着力解决干部群众反映"
                     "强烈的突出问题，以作风建设的新成效取信于民。");
    docx_table(d, 3, figures, 4);
    docx_right(d, "某某省委组织部");
    docx_right(d, "2026年12月6日");
    buf_release(&p);
    return d;
}

/* The member name of the archive data, NUL-terminated (free()); fails the test when missing. */
static char *part(const struct buf *file, const char *name)
{
    size_t len;
    char *text = xlsx_part(file->data, file->len, name, &len);
    if (!text)
        fail_msg("no part %s", name);
    assert_int_equal(strlen(text), len);
    return text;
}

static void assert_has(const char *text, const char *want)
{
    if (!strstr(text, want))
        fail_msg("'%s' not found", want);
}

/* ---- tests ---- */

/* The parts, in order, and what each says: the page, the fonts and sizes, the text, the table,
 * the page-number field, the title. */
static void test_package(void **state)
{
    (void)state;
    struct docx *d = build_report();
    struct buf file;
    buf_init(&file, 1 << 20);
    assert_int_equal(docx_write(d, &file), RES_OK);
    assert_true(file.len > 4 && memcmp(file.data, "PK\x03\x04", 4) == 0);

    char path[300];
    const char *dir = make_tmp_dir();
    snprintf(path, sizeof(path), "%s/report.docx", dir);
    write_file(path, file.data, file.len);
    unzFile z = unzOpen64(path);
    assert_non_null(z);
    static const char *const names[] = {
        "[Content_Types].xml", "_rels/.rels",
        "word/document.xml",   "word/_rels/document.xml.rels",
        "word/styles.xml",     "word/settings.xml",
        "word/footer1.xml",    "word/footer2.xml",
        "docProps/core.xml",
    };
    size_t n = 0;
    for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z), n++) {
        char name[256];
        unz_file_info64 info;
        assert_int_equal(unzGetCurrentFileInfo64(z, &info, name, sizeof(name), NULL, 0, NULL, 0),
                         UNZ_OK);
        assert_true(n < sizeof(names) / sizeof(names[0]));
        assert_string_equal(name, names[n]);
        assert_int_equal(info.compression_method, 8); /* deflated */
    }
    assert_int_equal(n, sizeof(names) / sizeof(names[0]));
    assert_int_equal(unzClose(z), UNZ_OK);

    char *doc = part(&file, "word/document.xml");
    assert_has(doc, title);
    assert_has(doc, "<w:pStyle w:val=\"Title\"/>");
    assert_has(doc, "一、基本情况");
    assert_has(doc, "（一）整改落实");
    assert_has(doc, "共发出征求意见函22万多份，召开座谈会2700多次，走访干部群众36000多人（次），"
                    "共征求到各类意见和建议近15万条。");
    assert_has(doc, "制定整改措施6078项，已落实5347项，落实率88%。");
    assert_has(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>");
    assert_has(doc, "w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\"");
    assert_has(doc, "<w:footerReference w:type=\"default\" r:id=\"rId3\"/>");
    assert_has(doc, "<w:tblHeader/>");
    assert_has(doc, "<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">220345<");
    assert_has(doc, "<w:jc w:val=\"left\"/></w:pPr><w:r><w:t xml:space=\"preserve\">座谈会<");
    assert_has(doc, "<w:b/>");
    assert_has(doc, "<w:pStyle w:val=\"Signature\"/></w:pPr><w:r><w:t "
                    "xml:space=\"preserve\">2026年12月6日<");
    /* a table is not the body's last block: Word wants a paragraph there */
    assert_null(strstr(doc, "</w:tbl><w:sectPr>"));
    free(doc);

    char *styles = part(&file, "word/styles.xml");
    assert_has(styles, "w:eastAsia=\"仿宋_GB2312\"");
    assert_has(styles, "w:ascii=\"Times New Roman\"");
    assert_has(styles, "<w:sz w:val=\"32\"/>");
    assert_has(styles, "w:line=\"560\" w:lineRule=\"exact\"");
    assert_has(styles, "w:firstLineChars=\"200\"");
    assert_has(styles, "方正小标宋简体");
    assert_has(styles, "<w:sz w:val=\"44\"/>");
    assert_has(styles, "w:eastAsia=\"黑体\"");
    assert_has(styles, "w:eastAsia=\"楷体_GB2312\"");
    free(styles);
    char *footer = part(&file, "word/footer1.xml");
    assert_has(footer, "— </w:t>");
    assert_has(footer, "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>");
    free(footer);
    char *core = part(&file, "docProps/core.xml");
    assert_has(core, "<dc:title>关于组织人事部门作风建设工作情况的报告</dc:title>");
    free(core);
    char *types = part(&file, "[Content_Types].xml");
    assert_has(types, "<Override PartName=\"/word/footer1.xml\"");
    free(types);

    /* the document is unchanged by writing: a second file is the same bytes */
    struct buf again;
    buf_init(&again, 1 << 20);
    assert_int_equal(docx_write(d, &again), RES_OK);
    assert_int_equal(again.len, file.len);
    assert_memory_equal(again.data, file.data, file.len);
    buf_release(&again);
    buf_release(&file);
    docx_free(d);
}

/* & < > " ' escaped, control characters (which XML forbids) left out, a tab as a space, lines
 * of a paragraph split, empty ones left out; a NULL text or cell is empty. */
static void test_text(void **state)
{
    (void)state;
    struct docx *d = docx_new("A&B <报告> \"一\" '二'");
    docx_para(d, "x\x01y\tz & <w:p> \"q\"\r\n\n第二段");
    docx_para(d, NULL);
    docx_right(d, NULL);
    docx_heading(d, 1, NULL);
    const char *cells[] = { "a", NULL, "—", "-3.5%" };
    docx_table(d, 2, cells, 2);
    docx_table(d, 2, cells, 0);
    struct buf file;
    buf_init(&file, 1 << 20);
    assert_int_equal(docx_write(d, &file), RES_OK);
    char *doc = part(&file, "word/document.xml");
    assert_has(doc, "A&amp;B &lt;报告&gt; &quot;一&quot; &#39;二&#39;");
    assert_has(doc, ">xy z &amp; &lt;w:p&gt; &quot;q&quot;</w:t></w:r></w:p><w:p><w:r><w:t "
                    "xml:space=\"preserve\">第二段<");
    assert_null(strchr(doc, '\x01'));
    assert_null(strchr(doc, '\r'));
    assert_has(doc, "<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">—<");
    assert_has(doc, "<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">-3.5%<");
    assert_has(doc, ">一、</w:t>");
    /* one table: the one of no rows added nothing */
    assert_non_null(strstr(doc, "<w:tbl>"));
    assert_null(strstr(strstr(doc, "<w:tbl>") + 1, "<w:tbl>"));
    free(doc);
    char *core = part(&file, "docProps/core.xml");
    assert_has(core, "<dc:title>A&amp;B &lt;报告&gt; &quot;一&quot; &#39;二&#39;</dc:title>");
    free(core);
    buf_release(&file);
    docx_free(d);
}

/* Headings numbered per level, and restarted under each higher one: 一、 （一） 1. （1）, with
 * Chinese numerals to 99 (十一, 二十). */
static void test_heading_numbers(void **state)
{
    (void)state;
    struct docx *d = docx_new("t");
    for (int i = 0; i < 21; i++)
        docx_heading(d, 1, "甲");
    docx_heading(d, 2, "乙");
    docx_heading(d, 2, "乙");
    docx_heading(d, 3, "丙");
    docx_heading(d, 4, "丁");
    docx_heading(d, 4, "丁");
    docx_heading(d, 3, "丙");
    docx_heading(d, 4, "丁");
    docx_heading(d, 1, "甲");
    docx_heading(d, 2, "乙");
    struct buf file;
    buf_init(&file, 1 << 20);
    assert_int_equal(docx_write(d, &file), RES_OK);
    char *doc = part(&file, "word/document.xml");
    static const char *const want[] = {
        "一、甲",     "二、甲",   "十、甲",   "十一、甲",   "二十、甲",
        "二十一、甲", "（一）乙", "（二）乙", "1.丙",       "（1）丁",
        "（2）丁",    "2.丙",     "（1）丁",  "二十二、甲", "（一）乙",
    };
    const char *at = doc;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        char needle[64];
        snprintf(needle, sizeof(needle), ">%s<", want[i]);
        const char *next = strstr(at, needle);
        if (!next)
            fail_msg("heading '%s' missing or out of order", want[i]);
        at = next + 1;
    }
    assert_has(doc, "<w:pStyle w:val=\"Heading1\"/>");
    assert_has(doc, "<w:pStyle w:val=\"Heading4\"/>");
    free(doc);
    buf_release(&file);
    docx_free(d);
}

/* A file that does not fit under the buffer's maximum is RES_INVALID, not a broken file. */
static void test_limits(void **state)
{
    (void)state;
    struct docx *d = build_report();
    struct buf small;
    buf_init(&small, 1000);
    assert_int_equal(docx_write(d, &small), RES_INVALID);
    buf_release(&small);
    docx_free(d);
}

/* The real check: LibreOffice opens the file and prints it to an A4 PDF holding the title, the
 * sentences, the table's figures and "— 1 —", "— 2 —" page numbers. */
static void test_libreoffice(void **state)
{
    (void)state;
    char docx_path[300], pdf_path[300], profile[320], out_path[300], err_path[300];
    const char *dir = make_tmp_dir();
    snprintf(docx_path, sizeof(docx_path), "%s/report.docx", dir);
    snprintf(pdf_path, sizeof(pdf_path), "%s/report.pdf", dir);
    snprintf(profile, sizeof(profile), "-env:UserInstallation=file://%s/profile", dir);
    snprintf(out_path, sizeof(out_path), "%s/out.txt", dir);
    snprintf(err_path, sizeof(err_path), "%s/err.txt", dir);

    struct docx *d = build_report();
    struct buf file, text, flat;
    buf_init(&file, 1 << 20);
    buf_init(&text, 1 << 20);
    buf_init(&flat, 1 << 20);
    assert_int_equal(docx_write(d, &file), RES_OK);
    write_file(docx_path, file.data, file.len);

    char *convert[] = { "libreoffice", "--headless", profile, "--convert-to", "pdf", "--outdir",
                        tmp_dir,       docx_path,    NULL };
    int rc = run(convert, out_path, err_path, OFFICE_SECONDS);
    if (rc != 0 || access(pdf_path, R_OK) != 0) {
        read_file(err_path, &text);
        fail_msg("libreoffice --convert-to pdf: status %d, no %s: %s", rc, pdf_path,
                 buf_str(&text));
    }

    char *info[] = { "pdfinfo", pdf_path, NULL };
    assert_int_equal(run(info, out_path, err_path, TOOL_SECONDS), 0);
    read_file(out_path, &text);
    const char *size = strstr(buf_str(&text), "Page size:");
    double w = 0, h = 0;
    if (!size || sscanf(size, "Page size: %lf x %lf pts", &w, &h) != 2)
        fail_msg("pdfinfo: no page size in %s", buf_str(&text));
    if (!(w >= 595 && w < 596 && h >= 841 && h < 843))
        fail_msg("page %.2f x %.2f pts, not A4", w, h);
    const char *pages = strstr(buf_str(&text), "Pages:");
    int n_pages = 0;
    assert_non_null(pages);
    assert_int_equal(sscanf(pages, "Pages: %d", &n_pages), 1);
    assert_true(n_pages >= 2);

    char *totext[] = { "pdftotext", "-enc", "UTF-8", pdf_path, out_path, NULL };
    assert_int_equal(run(totext, "/dev/null", err_path, TOOL_SECONDS), 0);
    buf_reset(&text);
    read_file(out_path, &text);
    squeeze(buf_str(&text), &flat);
    const char *pdf = buf_str(&flat);
    assert_has(pdf, title);
    assert_has(pdf, "一、基本情况");
    assert_has(pdf, "（一）整改落实");
    assert_has(pdf, "共征求到各类意见和建议近15万条。");
    assert_has(pdf, "制定整改措施6078项，已落实5347项，落实率88%。");
    /* pdftotext reads the table a column at a time */
    assert_has(pdf, "征求意见函座谈会意见和建议");
    assert_has(pdf, "220345份2734次149500条");
    assert_has(pdf, "2026年12月6日");
    assert_has(pdf, "—1—");
    assert_has(pdf, "—2—");

    buf_release(&flat);
    buf_release(&text);
    buf_release(&file);
    docx_free(d);
}

int test_docx(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_package, remove_tmp_dir),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_heading_numbers),
        cmocka_unit_test(test_limits),
        cmocka_unit_test_teardown(test_libreoffice, remove_tmp_dir),
    };
    return cmocka_run_group_tests_name("docx", tests, NULL, NULL);
}
