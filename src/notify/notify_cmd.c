/* taizhang notify: delivers the outbox by webhook and e-mail (handler layer; notify.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/str.h"
#include "notify/notify.h"

int notify_cmd(int argc, char **argv)
{
    static const char usage[] =
        "usage: taizhang notify --db PATH [--webhook URL [--format json|wecom|dingtalk]]\n"
        "                       [--smtp smtp://HOST:PORT --from ADDRESS] [--base URL]\n"
        "                       [--ca FILE] [--once | --every SECONDS]\n"
        "Delivers every message of the inbox (tasks assigned, reminders, urges, notices, reports\n"
        "returned) that has not gone out yet: to a webhook as JSON, or as a 企业微信 (wecom) or\n"
        "钉钉 (dingtalk) group robot's message, and by e-mail to the people it is for (one mail\n"
        "per person with what is due; a morning digest for those who asked for one). A failed\n"
        "delivery is tried again later, each time after a longer pause; none is sent twice.\n"
        "Mail goes over TLS (STARTTLS) when the server offers it, smtps:// always; --ca: the\n"
        "certificates to trust instead of the system's (an office's own authority).\n"
        "--base: the server's address for the links. --once: deliver what is due and exit, 0,\n"
        "or 1 when a delivery failed and stays pending; otherwise every SECONDS (default 60)\n"
        "until SIGINT or SIGTERM.\n";
    const char *db_opt = NULL, *webhook = NULL, *format = "json", *smtp = NULL, *from = NULL,
               *base = NULL, *once = NULL, *every = NULL, *ca = NULL;
    const struct cli_opt opts[] = {
        { "db", &db_opt, 0 },     { "webhook", &webhook, 0 }, { "format", &format, 0 },
        { "smtp", &smtp, 0 },     { "from", &from, 0 },       { "base", &base, 0 },
        { "once", &once, 1 },     { "every", &every, 0 },     { "ca", &ca, 0 },
        { NULL, NULL, 0 },
    };
    int rc = cli_parse(argc, argv, opts, NULL, 0, usage);
    if (rc < 0)
        return cli_parse_exit(rc);
    int fmt = webhook_format_parse(format);
    long long seconds = 60;
    if (fmt < 0 || (every && str_to_ll(every, 1, 86400, &seconds) != 0)) {
        fprintf(stderr, "error: %s\n%s", fmt < 0 ? "--format: json, wecom or dingtalk"
                                                 : "--every: a number of seconds",
                usage);
        return EXIT_USAGE;
    }
    if (!webhook && !smtp) {
        fprintf(stderr, "error: --webhook or --smtp is required\n%s", usage);
        return EXIT_USAGE;
    }
    if (smtp && !from) {
        fprintf(stderr, "error: --smtp needs --from\n%s", usage);
        return EXIT_USAGE;
    }
    /* one deliverer per database: a second one would send what the first is sending; the lock
     * goes with the process, so a killed run's successor starts at once */
    const char *path = cli_db_path(db_opt);
    int lock = path ? notify_lock(path) : -1;
    if (path && lock < 0) {
        fprintf(stderr, "error: another taizhang notify is delivering for %s (%s.notify-lock)\n",
                path, path);
        return EXIT_FAIL;
    }
    struct actor who;
    struct db *db = cli_open_as_system(db_opt, &who);
    if (!db) {
        notify_unlock(lock);
        return EXIT_FAIL;
    }
    const struct notify_channels ch = { webhook, (enum webhook_format)fmt, smtp, from, base, 0, ca };
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    if (!once)
        sigprocmask(SIG_BLOCK, &stop, NULL);
    for (;;) {
        struct notify_stats st;
        struct err err = { 0 };
        if (notify_run(db, &ch, &st, &err) != RES_OK) {
            rc = cli_fail(&err);
            break;
        }
        printf("notify: %lld queued, %lld sent, %lld failed, %lld pending\n", st.queued,
               st.sent, st.failed, st.pending);
        fflush(stdout);
        rc = st.failed > 0 ? EXIT_FAIL : EXIT_OK;
        if (once)
            break;
        struct timespec wait = { (time_t)seconds, 0 };
        if (sigtimedwait(&stop, NULL, &wait) > 0) {
            rc = EXIT_OK;
            break;
        }
    }
    db_close(db);
    notify_unlock(lock);
    return rc;
}
