/*
 * Fuzz target: whole requests as a client may send them, through the real server: the request
 * line (method, path, query string), the header lines (cookies, content types, the proxy's
 * headers) and a body. The input is the request; its head ends at the first blank line (the
 * whole input when there is none) and "@TOKEN@", "@SESSION@" and "@CSRF@" stand for the
 * administrator's (world.h), so that seeds reach the signed-in pages.
 */
#include <stdint.h>
#include <string.h>

#include "world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    world_next();
    struct buf req, ans;
    buf_init(&req, (size_t)64 << 20);
    buf_init(&ans, (size_t)64 << 20);
    world_expand(&req, (const char *)data, size);
    const char *s = req.data ? req.data : "";
    const char *blank = req.len ? memmem(s, req.len, "\r\n\r\n", 4) : NULL;
    size_t head_len = blank ? (size_t)(blank - s) + 2 : req.len;
    size_t body_at = blank ? head_len + 2 : req.len;
    world_send(s, head_len, s + body_at, req.len - body_at, &ans);
    buf_release(&req);
    buf_release(&ans);
    return 0;
}
