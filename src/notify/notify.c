/*
 * Delivering the outbox; see notify.h. Mechanism layer: SQL for the delivery tables, libcurl for
 * the webhook and SMTP. Each delivery's result is committed on its own right after the attempt,
 * so that a run stopped in the middle sends again only the one it was making.
 */
#include "notify/notify.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "report/report.h"
#include "task/task.h"

enum {
    BATCH = 500,          /* deliveries read at a time */
    MAIL_MAX = 100,       /* messages in one mail */
    BACKOFF_FIRST = 60,   /* seconds before the first retry, doubled each time */
    BACKOFF_MAX = 3600,   /* and never more */
    ANSWER_MAX = 65536,   /* bytes of a webhook's answer kept */
    DIGEST_HOUR = 8,      /* a digest goes out at 08:00 */
};

int notify_lock(const char *db_path)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s.notify-lock", db_path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

void notify_unlock(int lock)
{
    if (lock >= 0)
        close(lock);
}

int webhook_format_parse(const char *s)
{
    static const char *const names[] = { [HOOK_JSON] = "json", [HOOK_WECOM] = "wecom",
                                         [HOOK_DINGTALK] = "dingtalk" };
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* The next DIGEST_HOUR o'clock, local time, after now. */
static time_t next_morning(time_t now)
{
    struct tm tm;
    localtime_r(&now, &tm);
    if (tm.tm_hour >= DIGEST_HOUR)
        tm.tm_mday++;
    tm.tm_hour = DIGEST_HOUR;
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

static enum result step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    db_done(st);
    return rc == SQLITE_DONE ? RES_OK : RES_FAIL;
}

/* Ends the caller's transaction: when r is RES_OK, with the cursor of channel set to last and a
 * commit, else with a rollback. */
static enum result cursor_commit(struct db *db, const char *channel, long long last,
                                 enum result r)
{
    sqlite3_stmt *st = r == RES_OK ? db_stmt(db, "INSERT INTO notify_cursor(channel, last_id)"
                                                 " VALUES (?1, ?2) ON CONFLICT(channel)"
                                                 " DO UPDATE SET last_id = excluded.last_id")
                                   : NULL;
    if (st) {
        db_bind_text(st, 1, channel);
        sqlite3_bind_int64(st, 2, last);
        r = step_done(st);
    } else
        r = RES_FAIL;
    if (r != RES_OK) {
        db_tx_rollback(db);
        return RES_FAIL;
    }
    return db_tx_commit(db);
}

/* Takes the outbox's messages after the channel's cursor into deliveries: one for the webhook
 * (mail 0), or one per address of the people each is for (mail 1: the person it names, or the
 * staff of its unit with an account that is not a cadre's). */
static enum result enqueue(struct db *db, const char *cursor, int mail, long long *queued)
{
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    long long last = db_count(db, "SELECT last_id FROM notify_cursor WHERE channel = ?1", cursor,
                              -1);
    if (last < 0) { /* a new channel: the messages of today and yesterday */
        char today[11], yesterday[11];
        clock_today(today);
        date_add(today, -1, yesterday);
        last = db_count(db, "SELECT coalesce(max(id), 0) FROM outbox WHERE created < ?1",
                        yesterday, 0);
    }
    long long top = db_count(db, "SELECT coalesce(max(id), 0) FROM outbox", NULL, 0);
    sqlite3_stmt *st;
    if (mail)
        st = db_stmt(db, "INSERT OR IGNORE INTO delivery(outbox_id, channel, next_try)"
                         " SELECT o.id, 'mail:' || p.email, CASE p.digest WHEN 1 THEN ?3 ELSE 0"
                         " END FROM outbox o JOIN person p ON p.id = o.person_id"
                         " WHERE o.id > ?1 AND o.id <= ?2 AND o.person_id != 0"
                         " AND p.email != '' AND p.active = 1"
                         " UNION ALL SELECT o.id, 'mail:' || p.email, CASE p.digest WHEN 1"
                         " THEN ?3 ELSE 0 END FROM outbox o JOIN person p ON p.unit_id = o.unit_id"
                         " JOIN account a ON a.person_id = p.id"
                         " WHERE o.id > ?1 AND o.id <= ?2 AND o.person_id = 0"
                         " AND p.email != '' AND p.active = 1 AND a.disabled = 0"
                         " AND a.role != 'cadre'");
    else
        st = db_stmt(db, "INSERT OR IGNORE INTO delivery(outbox_id, channel)"
                         " SELECT id, ?3 FROM outbox WHERE id > ?1 AND id <= ?2");
    enum result r = RES_FAIL;
    if (st) {
        sqlite3_bind_int64(st, 1, last);
        sqlite3_bind_int64(st, 2, top);
        if (mail)
            sqlite3_bind_int64(st, 3, (sqlite3_int64)next_morning(clock_unix()));
        else
            db_bind_text(st, 3, cursor);
        r = step_done(st);
        *queued += sqlite3_changes(db->h);
    }
    return cursor_commit(db, cursor, top, r);
}

/* One message as read for delivery. */
struct message {
    long long delivery;
    long long attempts;
    long long id;
    const char *kind, *title, *text, *path, *created, *unit, *unit_name, *channel;
};

/* Reads up to max due deliveries of channel (a LIKE pattern) into out, strings in mem. */
static long long due(struct db *db, const char *channel, long long max, struct message *out,
                     struct arena *mem)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT d.id, d.attempts, o.id, o.kind, o.title, o.text,"
                                   " o.path, o.created, u.code, u.name, d.channel"
                                   " FROM delivery d JOIN outbox o ON o.id = d.outbox_id"
                                   " JOIN unit u ON u.id = o.unit_id"
                                   " WHERE d.state = 'pending' AND d.next_try <= ?2"
                                   " AND d.channel = ?1 ORDER BY d.id LIMIT ?3");
    if (!st)
        return -1;
    db_bind_text(st, 1, channel);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)clock_unix());
    sqlite3_bind_int64(st, 3, max);
    long long n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        struct message *m = &out[n++];
        m->delivery = sqlite3_column_int64(st, 0);
        m->attempts = sqlite3_column_int64(st, 1);
        m->id = sqlite3_column_int64(st, 2);
        const char **text[] = { &m->kind, &m->title,     &m->text,   &m->path,
                                &m->created, &m->unit, &m->unit_name, &m->channel };
        for (int i = 0; i < 8; i++)
            *text[i] = arena_strdup(mem, db_col_text(st, 3 + i));
    }
    db_done(st);
    return n;
}

/* Records an attempt at a delivery: sent, or pending again after a pause that doubles with
 * each failure. */
static enum result record(struct db *db, const struct message *m, int ok, const char *result)
{
    long long pause = BACKOFF_FIRST;
    for (long long i = 0; i < m->attempts && pause < BACKOFF_MAX; i++)
        pause *= 2;
    if (pause > BACKOFF_MAX)
        pause = BACKOFF_MAX;
    char now[26];
    clock_now(now);
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    sqlite3_stmt *st = db_stmt(db, "UPDATE delivery SET state = CASE ?2 WHEN 1 THEN 'sent'"
                                   " ELSE 'pending' END, attempts = attempts + 1, next_try = ?3,"
                                   " result = ?4, sent = CASE ?2 WHEN 1 THEN ?5 ELSE '' END"
                                   " WHERE id = ?1 AND state = 'pending'");
    enum result r = RES_FAIL;
    if (st) {
        sqlite3_bind_int64(st, 1, m->delivery);
        sqlite3_bind_int(st, 2, ok);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)(clock_unix() + (ok ? 0 : pause)));
        db_bind_text(st, 4, result);
        db_bind_text(st, 5, now);
        r = step_done(st);
    }
    if (r != RES_OK) {
        db_tx_rollback(db);
        return RES_FAIL;
    }
    return db_tx_commit(db);
}

/* The message as people read it: 【新任务】title, then the text and the link, each on a line. */
static void message_text(struct buf *out, const struct message *m, const char *base)
{
    char id[64];
    snprintf(id, sizeof(id), "outbox.%s", m->kind);
    buf_addf(out, "【%s】%s\n", i18n(LANG_ZH, id), m->title);
    if (*m->text)
        buf_addf(out, "%s\n", m->text);
    buf_addf(out, "%s\n", m->unit_name);
    if (*m->path)
        buf_addf(out, "%s%s\n", base ? base : "", m->path);
}

static size_t keep_answer(char *data, size_t size, size_t n, void *arg)
{
    struct buf *b = arg;
    if (b->len + size * n <= ANSWER_MAX)
        buf_add(b, data, size * n);
    return size * n;
}

/* The webhook's body for one message. */
static char *webhook_body(const struct notify_channels *ch, const struct message *m)
{
    struct buf text;
    buf_init(&text, 1 << 20);
    message_text(&text, m, ch->base);
    char kind[64];
    snprintf(kind, sizeof(kind), "outbox.%s", m->kind);
    json_t *j;
    if (ch->format == HOOK_WECOM)
        j = json_pack("{s:s, s:{s:s}}", "msgtype", "markdown", "markdown", "content",
                      buf_str(&text));
    else if (ch->format == HOOK_DINGTALK)
        j = json_pack("{s:s, s:{s:s, s:s}}", "msgtype", "markdown", "markdown", "title",
                      m->title, "text", buf_str(&text));
    else
        j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)m->id,
                      "kind", m->kind, "kind_name", i18n(LANG_ZH, kind), "unit", m->unit,
                      "unit_name", m->unit_name, "title", m->title, "text", m->text, "path",
                      m->path, "created", m->created);
    buf_release(&text);
    char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return body;
}

/* POSTs one message; 1 when the receiver took it (2xx, and errcode 0 from a group robot). */
static int webhook_send(CURL *curl, const struct notify_channels *ch, const struct message *m,
                        char *result, size_t result_size)
{
    char *body = webhook_body(ch, m);
    if (!body) {
        snprintf(result, result_size, "cannot encode the message");
        return 0;
    }
    struct buf answer;
    buf_init(&answer, ANSWER_MAX + 1);
    char key[64];
    snprintf(key, sizeof(key), "Idempotency-Key: taizhang-%lld", m->delivery);
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, key);
    curl_easy_setopt(curl, CURLOPT_URL, ch->webhook);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_answer);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    int ok = rc == CURLE_OK && status >= 200 && status < 300;
    if (ok && ch->format != HOOK_JSON) {
        json_t *j = json_loadb(answer.data ? answer.data : "", answer.len, 0, NULL);
        json_t *code = json_object_get(j, "errcode");
        ok = !code || (json_is_integer(code) && json_integer_value(code) == 0);
        json_decref(j);
    }
    if (rc != CURLE_OK)
        snprintf(result, result_size, "%s", curl_easy_strerror(rc));
    else
        snprintf(result, result_size, "HTTP %ld %.200s", status, buf_str(&answer));
    curl_slist_free_all(headers);
    buf_release(&answer);
    free(body);
    return ok;
}

/* A handle for one channel's deliveries: at most timeout seconds each, those protocols only,
 * TLS certificates checked against the channels' authorities. */
static CURL *curl_open(const struct notify_channels *ch, long timeout, const char *protocols)
{
    CURL *curl = curl_easy_init();
    if (curl) {
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols);
        if (ch->ca)
            curl_easy_setopt(curl, CURLOPT_CAINFO, ch->ca);
    }
    return curl;
}

/* Delivers what is due to the webhook, a batch at a time. */
static enum result webhook_run(struct db *db, const struct notify_channels *ch,
                               const char *channel, long timeout, struct notify_stats *st)
{
    CURL *curl = curl_open(ch, timeout, "http,https");
    if (!curl)
        return RES_FAIL;
    struct message *batch = xcalloc(BATCH, sizeof(*batch));
    enum result r = RES_OK;
    for (;;) {
        struct arena mem;
        arena_init(&mem);
        long long n = due(db, channel, BATCH, batch, &mem);
        if (n < 0)
            r = RES_FAIL;
        for (long long i = 0; i < n && r == RES_OK; i++) {
            char result[256];
            int ok = webhook_send(curl, ch, &batch[i], result, sizeof(result));
            r = record(db, &batch[i], ok, result);
            if (ok)
                st->sent++;
            else
                st->failed++;
        }
        arena_release(&mem);
        if (n < BATCH || r != RES_OK)
            break;
    }
    free(batch);
    curl_easy_cleanup(curl);
    return r;
}

struct upload {
    const char *data;
    size_t len, at;
};

static size_t read_mail(char *out, size_t size, size_t n, void *arg)
{
    struct upload *u = arg;
    size_t k = u->len - u->at < size * n ? u->len - u->at : size * n;
    memcpy(out, u->data + u->at, k);
    u->at += k;
    return k;
}

/* text as base64 in memory the caller frees. */
static char *base64(const char *text, size_t len)
{
    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = xmalloc(cap);
    sodium_bin2base64(b64, cap, (const unsigned char *)text, len, sodium_base64_VARIANT_ORIGINAL);
    return b64;
}

/* Appends text as base64 in lines of 76 characters (RFC 2045). */
static void add_base64(struct buf *out, const char *text, size_t len)
{
    char *b64 = base64(text, len);
    size_t n = strlen(b64);
    for (size_t i = 0; i < n; i += 76) {
        buf_add(out, b64 + i, n - i < 76 ? n - i : 76);
        buf_adds(out, "\r\n");
    }
    free(b64);
}

/* One mail to address with the messages (n of them), as RFC 5322 text. */
static void compose(struct buf *mail, const struct notify_channels *ch, const char *address,
                    const struct message *m, long long n)
{
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
    const char *subject = n == 1 ? m[0].title : i18n(LANG_ZH, "outbox.digest");
    buf_addf(mail, "From: <%s>\r\nTo: <%s>\r\nDate: %s\r\nMessage-ID: <taizhang-%lld-%lld@%s>\r\n",
             ch->from, address, date, m[0].delivery, (long long)now,
             strchr(ch->from, '@') + 1);
    /* one encoded word (RFC 2047), folded by nobody: a title is at most 200 characters */
    char *encoded = base64(subject, strlen(subject));
    buf_addf(mail, "Subject: =?UTF-8?B?%s", encoded);
    free(encoded);
    buf_adds(mail, "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n");
    struct buf body;
    buf_init(&body, 1 << 24);
    for (long long i = 0; i < n; i++) {
        message_text(&body, &m[i], ch->base);
        buf_adds(&body, "\n");
    }
    add_base64(mail, body.data ? body.data : "", body.len);
    buf_release(&body);
}

/* Sends one mail; 1 when the server accepted it. */
static int mail_send(CURL *curl, const struct notify_channels *ch, const char *address,
                     const struct buf *mail, char *result, size_t result_size)
{
    char from[160], to[160];
    snprintf(from, sizeof(from), "<%s>", ch->from);
    snprintf(to, sizeof(to), "<%s>", address);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    struct upload up = { mail->data, mail->len, 0 };
    curl_easy_setopt(curl, CURLOPT_URL, ch->smtp);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_mail);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    snprintf(result, result_size, "%s (SMTP %ld)", curl_easy_strerror(rc), status);
    return rc == CURLE_OK;
}

/* Delivers what is due by e-mail: for each address, one mail with up to MAIL_MAX messages. */
static enum result mail_run(struct db *db, const struct notify_channels *ch, long timeout,
                            struct notify_stats *st)
{
    CURL *curl = curl_open(ch, timeout, "smtp,smtps");
    if (!curl)
        return RES_FAIL;
    struct message *batch = xcalloc(MAIL_MAX, sizeof(*batch));
    enum result r = RES_OK;
    long long after = 0; /* addresses in the order of their first due delivery */
    for (;;) {
        sqlite3_stmt *q = db_stmt(db, "SELECT min(id), channel FROM delivery"
                                      " WHERE state = 'pending' AND next_try <= ?1"
                                      " AND channel >= 'mail:' AND channel < 'mail;'"
                                      " GROUP BY channel HAVING min(id) > ?2"
                                      " ORDER BY min(id) LIMIT 1");
        if (!q) {
            r = RES_FAIL;
            break;
        }
        sqlite3_bind_int64(q, 1, (sqlite3_int64)clock_unix());
        sqlite3_bind_int64(q, 2, after);
        char channel[160] = "";
        if (sqlite3_step(q) == SQLITE_ROW) {
            after = sqlite3_column_int64(q, 0);
            snprintf(channel, sizeof(channel), "%s", db_col_text(q, 1));
        }
        db_done(q);
        if (!*channel)
            break;
        struct arena mem;
        arena_init(&mem);
        long long n = due(db, channel, MAIL_MAX, batch, &mem);
        if (n > 0) {
            struct buf mail;
            buf_init(&mail, 1 << 26);
            compose(&mail, ch, channel + 5, batch, n);
            char result[256];
            int ok = mail_send(curl, ch, channel + 5, &mail, result, sizeof(result));
            buf_release(&mail);
            for (long long i = 0; i < n && r == RES_OK; i++)
                r = record(db, &batch[i], ok, result);
            if (ok)
                st->sent += n;
            else
                st->failed += n;
        } else if (n < 0)
            r = RES_FAIL;
        arena_release(&mem);
        if (r != RES_OK)
            break;
    }
    free(batch);
    curl_easy_cleanup(curl);
    return r;
}

/* Writes the messages that time alone causes into the outbox, once a day: the red lights of the
 * tasks whose deadline passed and the reports not submitted by their due date, for the days from
 * the last sweep (yesterday's, the first time) up to today. */
static enum result sweep(struct db *db)
{
    char today[11], from[11];
    clock_today(today);
    long long last = db_count(db, "SELECT last_id FROM notify_cursor WHERE channel = 'sweep'",
                              NULL, -1);
    if (last < 0)
        date_add(today, -1, from);
    else
        snprintf(from, sizeof(from), "%04lld-%02lld-%02lld", last / 10000 % 10000,
                 last / 100 % 100, last % 100);
    if (strcmp(from, today) >= 0)
        return RES_OK;
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    enum result r = task_red_messages(db, from, today);
    if (r == RES_OK)
        r = report_overdue_messages(db, from, today);
    long long day = strtoll(today, NULL, 10) * 10000 + strtoll(today + 5, NULL, 10) * 100 +
                    strtoll(today + 8, NULL, 10);
    return cursor_commit(db, "sweep", day, r);
}

enum result notify_run(struct db *db, const struct notify_channels *ch, struct notify_stats *st,
                       struct err *err)
{
    memset(st, 0, sizeof(*st));
    if (ch->smtp && (!ch->from || !strchr(ch->from, '@') || strpbrk(ch->from, "<>\r\n ")))
        return err_set(err, RES_INVALID, "from", "err.bad_email");
    if (!ch->webhook && !ch->smtp)
        return err_set(err, RES_INVALID, "webhook", "err.required");
    static int started;
    if (!started && curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
        return err_set(err, RES_FAIL, NULL, "err.internal");
    started = 1;
    long timeout = ch->timeout > 0 ? ch->timeout : 10;
    /* each delivery's result is committed on its own (a run stopped in the middle sends again
     * only the message it was sending), without waiting for the disk: a killed process loses
     * nothing of a WAL commit, only the machine losing power could make a run send again what
     * went out in its last moments; with FULL, an fsync per message held 10,000 of them to 21
     * a second */
    if (db_exec(db, "PRAGMA synchronous=NORMAL") != RES_OK)
        return db_fail(db, err);
    enum result r = sweep(db);
    char channel[2048];
    if (ch->webhook) {
        snprintf(channel, sizeof(channel), "webhook:%s", ch->webhook);
        r = enqueue(db, channel, 0, &st->queued);
        if (r == RES_OK)
            r = webhook_run(db, ch, channel, timeout, st);
    }
    if (r == RES_OK && ch->smtp) {
        snprintf(channel, sizeof(channel), "mail:%s", ch->smtp);
        r = enqueue(db, channel, 1, &st->queued);
        if (r == RES_OK)
            r = mail_run(db, ch, timeout, st);
    }
    if (r == RES_OK)
        st->pending = db_count(db, "SELECT count(*) FROM delivery WHERE state = 'pending'",
                               NULL, 0);
    if (db_exec(db, "PRAGMA synchronous=FULL") != RES_OK)
        r = RES_FAIL;
    return r == RES_OK ? RES_OK : db_fail(db, err);
}
