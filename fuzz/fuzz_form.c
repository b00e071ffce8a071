/*
 * Fuzz target: the forms of every page route, url-encoded and multipart, posted by a signed-in
 * administrator's browser session with its CSRF token, through the real server (the request's
 * form parsing, the uploads' CSV and XLSX imports, the handlers' validation). The first
 * PICK_BYTES bytes choose the route and ids (route_pick.h); the next byte the encoding: even,
 * url-encoded fields (the rest of the input, after "csrf=TOKEN&"); odd, a multipart body (the
 * rest, with "@CSRF@" standing for the token) under the boundary "fuzzBOUNDARY".
 */
#include <stdint.h>

#include "route_pick.h"
#include "world.h"

static int page_row(const struct route *row)
{
    return (row->flags & RF_API) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < PICK_BYTES + 1)
        return 0;
    const struct world *w = world_next();
    struct buf head, body, ans;
    buf_init(&head, 1 << 16);
    buf_init(&body, (size_t)64 << 20);
    buf_init(&ans, (size_t)64 << 20);
    route_pick(&head, data, page_row, 0);
    buf_addf(&head, "Cookie: tz_session=%s\r\n", w->session);
    const char *rest = (const char *)data + PICK_BYTES + 1;
    size_t rest_len = size - PICK_BYTES - 1;
    if (data[PICK_BYTES] % 2 == 0) {
        buf_adds(&head, "Content-Type: application/x-www-form-urlencoded\r\n");
        buf_addf(&body, "csrf=%s&", w->csrf);
        buf_add(&body, rest, rest_len);
    } else {
        buf_adds(&head, "Content-Type: multipart/form-data; boundary=fuzzBOUNDARY\r\n");
        world_expand(&body, rest, rest_len);
    }
    world_send(head.data, head.len, body.data ? body.data : "", body.len, &ans);
    buf_release(&head);
    buf_release(&body);
    buf_release(&ans);
    return 0;
}
