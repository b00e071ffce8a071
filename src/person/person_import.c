/*
 * People with their accounts in bulk; see person.h (person_import). Mechanism layer: the rows go
 * through person_add() and account_add(), so each is checked, scoped and audited as one added
 * by hand would be.
 */
#include "person/person.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/account.h"
#include "core/collate.h"
#include "core/csv.h"
#include "core/xalloc.h"

enum { LOGIN_BASE_MAX = 24 };

struct import_ctx {
    struct db *db;
    const struct actor *who;
    struct person_import *imp;
    size_t cap;      /* rows allocated */
    long long total; /* rows the check counted (the passwords made) */
    long long lines; /* the file's lines, for the progress */
};

/* Makes a login for name that no account has yet: its pinyin, then with 2, 3... after it. */
static enum result make_login(struct db *db, const char *name, char out[40], struct err *err)
{
    char base[LOGIN_BASE_MAX + 1];
    if (name_pinyin(name, base, sizeof(base)) < 2)
        return err_set(err, RES_INVALID, "login", "err.login_none");
    for (int k = 1; k < 100000; k++) {
        if (k == 1)
            snprintf(out, 40, "%s", base);
        else
            snprintf(out, 40, "%s%d", base, k);
        long long taken = db_count(db, "SELECT count(*) FROM account WHERE login = ?1", out, -1);
        if (taken < 0)
            return db_fail(db, err);
        if (taken == 0)
            return RES_OK;
    }
    return err_set(err, RES_CONFLICT, "login", "err.duplicate");
}

/* One row: login, name, unit, position, phone, email, role (empty: cadre). */
static enum result import_row(void *ctx, char **f, struct err *err)
{
    struct import_ctx *ic = ctx;
    struct person_import *imp = ic->imp;
    if (imp->passwords && imp->n >= ic->total) /* the file changed between the passes */
        return err_set(err, RES_CONFLICT, NULL, "err.changed");
    char made[40];
    const char *login = f[0];
    enum result r;
    if (!*login) {
        if ((r = err_text(err, "name", f[1], 1, PERSON_NAME_MAX, 0)) != RES_OK ||
            (r = make_login(ic->db, f[1], made, err)) != RES_OK)
            return r;
        login = made;
    }
    const struct person_input pin = { .unit_code = f[2], .name = f[1], .position = f[3],
                                      .phone = f[4], .email = f[5] };
    long long person_id, account_id;
    if ((r = person_add(ic->db, ic->who, &pin, &person_id, err)) != RES_OK)
        return r;
    const struct account_input ain = { .login = login,
                                       .person_id = person_id,
                                       .role = *f[6] ? f[6] : "cadre",
                                       .password_hash = imp->hashes ? imp->hashes[imp->n] : "!",
                                       .must_change = 1 };
    if ((r = account_add(ic->db, ic->who, &ain, &account_id, err)) != RES_OK)
        return r;
    if (imp->passwords) {
        imp->rows = vec_grow(imp->rows, imp->n, &ic->cap);
        imp->rows[imp->n] = (struct person_import_row){
            arena_strdup(&imp->mem, login), arena_strdup(&imp->mem, f[1]),
            arena_strdup(&imp->mem, f[2]), imp->passwords[imp->n] };
    }
    imp->n++;
    if (imp->progress && imp->n % 256 == 0)
        imp->progress(imp, imp->n, ic->lines);
    return RES_OK;
}

/* the import file's columns and the catalog prefix of the roles' names */
static const char *const import_header[] = { "login", "name",  "unit", "position",
                                             "phone", "email", "role" };
static const char *const import_values[] = { NULL, NULL, NULL, NULL, NULL, NULL, "role." };
const struct csv_columns person_import_columns = { import_header, 7, 0, import_values };

enum result person_import(struct db *db, const struct actor *who, const char *data, size_t len,
                          struct person_import *imp, const struct import_report *rep)
{
    struct import_ctx ic = { db, who, imp, 0, imp->n, 0 };
    for (size_t i = 0; i < len; i++)
        ic.lines += data[i] == '\n';
    imp->n = 0;
    if (db_tx_begin(db) != RES_OK)
        return RES_FAIL;
    db_bulk_begin(db);
    int bad = csv_each_row(data, len, &person_import_columns, import_row, &ic, rep);
    bad |= db_bulk_end(db) != 0;
    if (!bad && imp->passwords && imp->n != ic.total) {
        struct err e = { 0 };
        err_set(&e, RES_CONFLICT, NULL, "err.changed");
        rep->fn(rep->ctx, 1, &e);
        bad = 1;
    }
    if (imp->progress && !bad)
        imp->progress(imp, imp->n, imp->n);
    if (bad || !imp->passwords) {
        db_tx_rollback(db);
        return bad ? RES_INVALID : RES_OK;
    }
    return db_tx_commit(db);
}

struct hasher {
    struct person_import *imp;
    atomic_llong next; /* the next password to make */
    atomic_llong done; /* passwords made */
    atomic_int failed;
};

static void *hash_some(void *arg)
{
    struct hasher *h = arg;
    long long i;
    while ((i = atomic_fetch_add(&h->next, 1)) < h->imp->n) {
        password_generate(h->imp->passwords[i]);
        if (password_hash_initial(h->imp->passwords[i], h->imp->hashes[i]) != RES_OK)
            atomic_store(&h->failed, 1);
        atomic_fetch_add(&h->done, 1);
    }
    return NULL;
}

enum result person_import_passwords(struct person_import *imp,
                                    void (*progress)(void *ctx, long long done, long long total),
                                    void *ctx)
{
    _Static_assert(sizeof(imp->passwords[0]) > PASSWORD_GENERATED, "password room");
    _Static_assert(sizeof(imp->hashes[0]) >= crypto_pwhash_STRBYTES, "hash room");
    size_t n = imp->n > 0 ? (size_t)imp->n : 1;
    imp->passwords = xcalloc(n, sizeof(*imp->passwords));
    imp->hashes = xcalloc(n, sizeof(*imp->hashes));
    struct hasher h = { .imp = imp };
    long procs = sysconf(_SC_NPROCESSORS_ONLN);
    int k = procs < 1 ? 1 : procs > 16 ? 16 : (int)procs, started = 0;
    pthread_t threads[16];
    for (int i = 0; i < k; i++)
        started += pthread_create(&threads[started], NULL, hash_some, &h) == 0;
    if (started == 0)
        hash_some(&h);
    while (progress && atomic_load(&h.done) < imp->n && started > 0) {
        progress(ctx, atomic_load(&h.done), imp->n);
        nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
    }
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    if (progress)
        progress(ctx, imp->n, imp->n);
    return atomic_load(&h.failed) ? RES_FAIL : RES_OK;
}

void person_import_release(struct person_import *imp)
{
    if (imp->passwords)
        sodium_memzero(imp->passwords, (size_t)imp->n * sizeof(*imp->passwords));
    free(imp->passwords);
    free(imp->hashes);
    free(imp->rows);
    arena_release(&imp->mem);
    memset(imp, 0, sizeof(*imp));
}
