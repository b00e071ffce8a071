/* CSRF tokens; see csrf.h. Http layer. */
#include "http/csrf.h"

#include <sodium.h>
#include <string.h>

static const char ANON_COOKIE[] = "tz_anon";

static void csrf_compute(struct req *r, const char *binding)
{
    unsigned char mac[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, server_key(r->server), 32, sizeof(mac));
    crypto_generichash_update(&st, (const unsigned char *)"csrf:", 5);
    crypto_generichash_update(&st, (const unsigned char *)binding, strlen(binding));
    /* signed on by a proxy (no session of ours): the anonymous cookie and the account */
    if (r->by_signon)
        crypto_generichash_update(&st, (const unsigned char *)&r->actor.account_id,
                                  sizeof(r->actor.account_id));
    crypto_generichash_final(&st, mac, sizeof(mac));
    sodium_bin2base64(r->csrf, sizeof(r->csrf), mac, sizeof(mac),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void csrf_prepare(struct req *r)
{
    if (r->csrf[0])
        return;
    if (r->authed && !r->by_token && r->session[0]) {
        csrf_compute(r, r->session);
        return;
    }
    const char *anon = req_cookie(r, ANON_COOKIE);
    if (!anon || strlen(anon) != TOKEN_TEXT - 1) {
        char *fresh = arena_alloc(&r->arena, TOKEN_TEXT);
        token_random(fresh);
        resp_cookie(r, ANON_COOKIE, fresh, -1);
        anon = fresh;
    }
    csrf_compute(r, anon);
}

int csrf_check(struct req *r, const char *given)
{
    const char *anon = req_cookie(r, ANON_COOKIE);
    if (!(r->authed && !r->by_token) && (!anon || strlen(anon) != TOKEN_TEXT - 1))
        return 0;
    csrf_prepare(r);
    size_t n = strlen(r->csrf);
    return given && strlen(given) == n && sodium_memcmp(given, r->csrf, n) == 0;
}
