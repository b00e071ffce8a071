/*
 * Fuzz target: JSON bodies of every state-changing API route, through the real server and the
 * handlers' own parsing and validation, as the administrator (a bearer token). The first
 * PICK_BYTES bytes choose the route, method and ids (route_pick.h); the rest is the body. Every
 * answer must be a readable one (world.h): a 4xx naming the field, never a 500.
 */
#include <stdint.h>

#include "route_pick.h"
#include "world.h"

static int api_row(const struct route *row)
{
    return (row->flags & RF_API) != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < PICK_BYTES)
        return 0;
    const struct world *w = world_next();
    struct buf head, ans;
    buf_init(&head, 1 << 16);
    buf_init(&ans, (size_t)64 << 20);
    route_pick(&head, data, api_row, 0);
    buf_addf(&head, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n", w->token);
    world_send(head.data, head.len, (const char *)data + PICK_BYTES, size - PICK_BYTES, &ans);
    buf_release(&head);
    buf_release(&ans);
    return 0;
}
