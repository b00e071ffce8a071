/*
 * The world the HTTP fuzz targets send their requests to (fuzz code): the demo province in a
 * temporary database, the real server in-process on an ephemeral loopback port, an
 * administrator's API token and a signed-in administrator's session with its CSRF token. The
 * world starts over from the pristine demo every WORLD_INPUTS inputs and whenever the
 * administrator has been locked out (looked at after a 401 and every WORLD_CHECK inputs: a
 * fuzzed request may disable the account or end the session), so that the state an input meets
 * depends on a bounded past.
 *
 * An answer is a finding (the process aborts, and libFuzzer keeps the input) when the server
 * gives no answer within WORLD_WAIT seconds, answers 500, shows in an error answer an SQL
 * message or a source path that the request did not send itself, or labels as JSON a body that
 * does not parse.
 */
#ifndef TZ_FUZZ_WORLD_H
#define TZ_FUZZ_WORLD_H

#include <stddef.h>

#include "auth/account.h"
#include "core/buf.h"

enum { WORLD_INPUTS = 2000, WORLD_CHECK = 100, WORLD_WAIT = 20 };

struct world {
    int port;                  /* the server's loopback port */
    char token[TOKEN_TEXT];    /* the administrator's API token */
    char session[TOKEN_TEXT];  /* the administrator's session cookie (tz_session) */
    char csrf[128];            /* that session's CSRF token */
};

/* The world for the next input, made on the first call and renewed as said above. */
const struct world *world_next(void);
/* Sends the head (header lines ending in "\r\n", no blank line; Content-Length, Connection and
 * Transfer-Encoding lines are dropped from it) and body[0..body_len) as one request with the right
 * Content-Length and "Connection: close", reads the whole answer into out and checks it as said
 * above. Returns the status. */
long world_send(const char *head, size_t head_len, const char *body, size_t body_len,
                struct buf *out);
/* Appends to b the text of in[0..len) with "@TOKEN@", "@SESSION@" and "@CSRF@" replaced by the
 * world's values, so that a seed can stand for an authorized request. */
void world_expand(struct buf *b, const char *in, size_t len);

#endif
