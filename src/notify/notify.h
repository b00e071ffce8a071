/*
 * Delivering the outbox (mechanism model; issue 22, auth/outbox.h): every message the inbox
 * gets goes out, once, through the channels configured: a webhook (a JSON POST, or the group
 * robots of 企业微信 and 钉钉 in their published formats) and e-mail over SMTP (libcurl, STARTTLS
 * when the server offers it), one mail per person and run with all that is due for them, or a
 * daily digest for people who asked for one. A failed delivery stays pending and is tried again
 * after a growing pause; each attempt's result is recorded. Owns the delivery and notify_cursor
 * tables. No http or web types.
 */
#ifndef TZ_NOTIFY_H
#define TZ_NOTIFY_H

#include "db/db.h"

enum webhook_format { HOOK_JSON, HOOK_WECOM, HOOK_DINGTALK };

struct notify_channels {
    const char *webhook;        /* URL, or NULL for none */
    enum webhook_format format; /* its payload */
    const char *smtp;           /* smtp://HOST:PORT (or smtps://), or NULL for no e-mail */
    const char *from;           /* the sender's address, required with smtp */
    const char *base;           /* the server's address for links ("https://tz.example"), or
                                   NULL for paths alone */
    long timeout;               /* seconds a delivery may take; 0: 10 */
    const char *ca;             /* a file of the certificates to trust for TLS (an office's own
                                   certificate authority), or NULL for the system's */
};

struct notify_stats {
    long long queued;  /* deliveries taken from the outbox this run */
    long long sent;    /* delivered this run */
    long long failed;  /* attempts that failed this run (they stay pending) */
    long long pending; /* left pending after the run */
};

/* Takes the one deliverer's lock of the database at db_path (a file beside it, DB.notify-lock;
 * held until the process ends or notify_unlock): a second deliverer would send what the first
 * is sending. Returns the lock's descriptor, or -1 when another process holds it or the file
 * cannot be made. */
int notify_lock(const char *db_path);
void notify_unlock(int lock);

/* Parses "json", "wecom" or "dingtalk"; -1 for anything else. */
int webhook_format_parse(const char *s);

/* Takes the outbox's new messages into deliveries for each channel (a channel seen for the
 * first time starts with the messages of the last day), then makes every delivery that is
 * due. RES_OK (failures are counted in st, not errors), RES_INVALID for channels that cannot
 * work (err names the option), RES_FAIL when the database fails. */
enum result notify_run(struct db *db, const struct notify_channels *ch, struct notify_stats *st,
                       struct err *err);

#endif
