/*
 * GET /metrics (handler layer): the server's figures in Prometheus' text format for the IT
 * office's monitoring — requests by route class and status, their latency, the write queue and
 * the log's syncs (server_metrics), and the store's: active sessions, exam sittings in
 * progress, the database's size. Only the addresses of serve --metrics-from (the loopback ones
 * by default) may read it; to anyone else it does not exist.
 */
#include "auth/account.h"
#include "core/clock.h"
#include "learning/exam.h"
#include "web/layout.h"
#include "web/web_pages.h"

void metrics_page(struct req *r)
{
    if (!req_metrics_allowed(r)) {
        struct err err = { 0 };
        err_set(&err, RES_NOT_FOUND, NULL, "err.not_found");
        page_error(r, 404, &err);
        return;
    }
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    server_metrics(r->server, &r->out);
    long long pages = db_count(r->db, "PRAGMA page_count", NULL, -1);
    long long page_size = db_count(r->db, "PRAGMA page_size", NULL, -1);
    buf_addf(&r->out,
             "# HELP taizhang_sessions_active Signed-in sessions not yet expired.\n"
             "# TYPE taizhang_sessions_active gauge\ntaizhang_sessions_active %lld\n"
             "# HELP taizhang_exam_sittings_open Exam sittings begun and not yet handed in.\n"
             "# TYPE taizhang_exam_sittings_open gauge\ntaizhang_exam_sittings_open %lld\n"
             "# HELP taizhang_database_bytes The database file's size.\n"
             "# TYPE taizhang_database_bytes gauge\ntaizhang_database_bytes %lld\n",
             session_count_active(r->db, clock_unix()), exam_sittings_open(r->db, clock_time()),
             pages * page_size);
}
