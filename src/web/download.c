/* A stored file as the response; see download.h. Web layer. */
#include "web/download.h"

#include "core/html.h"
#include "http/http.h"

void page_send_file(void *ctx, const char *name, const char *type, const void *data, size_t size)
{
    struct req *r = ctx;
    buf_reset(&r->out);
    buf_add(&r->out, data, size);
    r->content_type = arena_strdup(&r->arena, type);
    struct buf cd;
    buf_init(&cd, 1024);
    buf_adds(&cd, "attachment; filename=\"attachment\"; filename*=UTF-8''");
    html_urlpart(&cd, name);
    resp_header(r, "Content-Disposition", arena_strdup(&r->arena, buf_str(&cd)));
    buf_release(&cd);
}
