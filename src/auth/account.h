/*
 * Accounts, passwords, API tokens and sessions (auth layer; DESIGN.md mechanism 9). Passwords
 * are argon2id hashes (libsodium); session and API tokens are random and stored only as BLAKE2b
 * hashes. Every change is audited. Depends on core, db, scope and audit.
 */
#ifndef TZ_ACCOUNT_H
#define TZ_ACCOUNT_H

#include <stddef.h>
#include <time.h>

#include "auth/scope.h"
#include "db/db.h"

enum { TOKEN_TEXT = 44, PASSWORD_MIN = 8, PASSWORD_MAX = 256, PASSWORD_GENERATED = 12 };
/* argon2id's cost for a generated initial password: 12 characters drawn from 55 (69 bits) need
 * no slow hash to resist guessing (2^68 guesses at 0.65 ms each), and the account must replace
 * it at first sign-in, so that 30,000 imported accounts hash in seconds, not the hour the
 * interactive limits (64 MiB) would take: one pass over 64 KiB */
#define INITIAL_OPSLIMIT 1ULL
#define INITIAL_MEMLIMIT ((size_t)1 << 16)

struct account_input {
    const char *login;         /* 2-32 of [a-z0-9_.-], starting with a letter or digit */
    long long person_id;       /* the person the account belongs to; its unit is the scope */
    const char *role;          /* a role name, see role_parse() */
    const char *password_hash; /* from password_hash() */
    int must_change;           /* 1: a generated password, to be replaced at first sign-in */
};

struct account_row {
    long long id;          /* account id */
    const char *login;     /* login name */
    const char *name;      /* the person's name */
    const char *unit_code; /* the account's unit */
    const char *unit_name; /* its name */
    const char *role;      /* role name */
    int disabled;          /* 1 when it may not log in */
};

/* Hashes a password with argon2id into out (crypto_pwhash_STRBYTES bytes). Returns RES_OK,
 * RES_INVALID (length or UTF-8, field "password") or RES_FAIL (out of memory). Slow by design:
 * call it outside transactions. */
enum result password_hash(const char *password, char *out, struct err *err);

/* Hashes a generated initial password (password_generate) with argon2id at the initial cost
 * above into out (crypto_pwhash_STRBYTES bytes). RES_OK or RES_FAIL (out of memory). */
enum result password_hash_initial(const char *password, char *out);
/* Writes a random password of PASSWORD_GENERATED letters and digits that cannot be misread. */
void password_generate(char out[PASSWORD_GENERATED + 1]);
/* Whether s may be a login: 2-32 of [a-z0-9_.-], beginning with a letter or digit. */
int login_valid(const char *s);

/* Creates an account for a person (one each). *id gets the account id. Only an admin may
 * create an admin. */
enum result account_add(struct db *db, const struct actor *who, const struct account_input *in,
                        long long *id, struct err *err);
/* Replaces the password hash of login (in the caller's scope). */
enum result account_set_password(struct db *db, const struct actor *who, const char *login,
                                 const char *password_hash, struct err *err);
/* Changes the password of the actor's own account to hash (from password_hash(); the caller
 * has checked the current password with account_login) and ends every other session of it: all
 * but the one whose token is keep (NULL: all). API tokens stay. Audited as account.password. */
enum result account_own_password(struct db *db, const struct actor *who, const char *hash,
                                 const char *keep, struct err *err);
/* Disables login and ends its sessions and tokens. */
enum result account_disable(struct db *db, const struct actor *who, const char *login,
                            struct err *err);
/* Calls fn for the accounts in the caller's scope, ordered by unit path and login: at most
 * limit of them (0: all) after skipping offset. *total, when not NULL, gets how many there are.
 * The row's strings live only during the call. */
enum result account_list(struct db *db, const struct actor *who, long long offset,
                         long long limit, long long *total,
                         void (*fn)(void *ctx, const struct account_row *row), void *ctx);

/* Checks login and password. Returns RES_OK and fills *actor, or RES_NOT_FOUND for an unknown
 * login, a wrong password or a disabled account alike (the time taken is the same). */
enum result account_login(struct db *db, const char *login, const char *password,
                          struct actor *actor);
/* Loads the actor of an account id; RES_NOT_FOUND when missing or disabled. */
enum result account_actor(struct db *db, long long account_id, struct actor *actor);
/* The enabled account whose login a trusted sign-on proxy vouched for (serve --auth-header):
 * RES_OK with *actor, RES_NOT_FOUND for an unknown or disabled login. */
enum result account_signon(struct db *db, const char *login, struct actor *actor);

/* Creates an API token for login; the text (TOKEN_TEXT bytes) is shown once and only its hash
 * is stored. */
enum result token_create(struct db *db, const struct actor *who, const char *login,
                         char token[TOKEN_TEXT], struct err *err);
/* Finds the actor of a bearer token; RES_NOT_FOUND when unknown or the account is disabled. */
enum result token_actor(struct db *db, const char *token, struct actor *actor);

/* Sessions expire after SESSION_IDLE seconds without a request, and SESSION_MAX after login. */
enum { SESSION_IDLE = 2 * 3600, SESSION_MAX = 12 * 3600, SESSION_TOUCH = 60 };
/* Creates a session for account_id; token gets its text. */
enum result session_create(struct db *db, long long account_id, char token[TOKEN_TEXT]);
/* Sessions neither idle past SESSION_IDLE nor older than SESSION_MAX at now; -1 on failure. */
long long session_count_active(struct db *db, time_t now);
/* Finds the actor of a session token. *stale is set when the last-seen time should be
 * refreshed with session_touch(). RES_NOT_FOUND when unknown or expired. */
enum result session_actor(struct db *db, const char *token, time_t now, struct actor *actor,
                          int *stale);
enum result session_touch(struct db *db, const char *token, time_t now);
enum result session_delete(struct db *db, const char *token);

/* The BLAKE2b-256 hash by which a token is stored. */
void token_digest(unsigned char out[32], const char *token);
/* Fills token with TOKEN_TEXT-1 random URL-safe characters and a NUL. */
void token_random(char token[TOKEN_TEXT]);
/* Fills out with size-1 random URL-safe characters (6 bits each) and a NUL. */
void token_random_n(char *out, size_t size);

/* The server's secret named name (n random bytes, such as the CSRF key) from the meta table,
 * created and stored on first use. RES_OK, or RES_FAIL with the reason in errmsg. */
enum result secret_key(struct db *db, const char *name, unsigned char *out, size_t n,
                       struct buf *errmsg);

#endif
