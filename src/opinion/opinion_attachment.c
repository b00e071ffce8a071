/*
 * Files attached to opinions by staff (mechanism model; see opinion.h): minutes of a forum, a
 * scanned letter... kept in the one store of attachment/attachment.c under the opinion, read in
 * scope only. No http types.
 */
#include <jansson.h>

#include "attachment/attachment.h"
#include "auth/audit.h"
#include "opinion/opinion.h"
#include "opinion/opinion_int.h"

enum result opinion_attach(struct db *db, const struct actor *who, long long opinion,
                           const char *name, const char *type, const void *data, size_t size,
                           long long *id, struct err *err)
{
    char path[UNIT_PATH_MAX];
    enum result r = writable(db, who, OPINION_OWNER, opinion, "opinion", path, NULL, err);
    if (r != RES_OK)
        return r;
    if (db_tx_begin(db) != RES_OK)
        return db_fail(db, err);
    const struct attachment_input f = { name, type, data, size };
    if ((r = attachment_add(db, ATTACH_OPINION, opinion, 0, &f, OPINION_FILE_MAX, id, err)) !=
        RES_OK) {
        db_tx_rollback(db);
        return r;
    }
    if (audit_record(db, who, "opinion.attach", "opinion", opinion,
                     json_pack("{s:I, s:s, s:s, s:I}", "file", (json_int_t)*id, "name", name,
                               "type", type, "size", (json_int_t)size)) != RES_OK) {
        db_tx_rollback(db);
        return db_fail(db, err);
    }
    return db_tx_commit(db) == RES_OK ? RES_OK : db_fail(db, err);
}

enum result opinion_attachments(struct db *db, const struct actor *who, long long opinion,
                                void (*fn)(void *ctx, long long file_id, const char *name,
                                           const char *type, long long size),
                                void *ctx)
{
    char path[UNIT_PATH_MAX];
    if (owner_path(db, OPINION_OWNER, opinion, path, NULL) != RES_OK || !scope_has_path(who, path))
        return RES_NOT_FOUND;
    return attachment_each(db, ATTACH_OPINION, opinion, 0, fn, ctx);
}

enum result opinion_attachment_get(struct db *db, const struct actor *who, long long file_id,
                                   void (*fn)(void *ctx, const char *name, const char *type,
                                              const void *data, size_t size),
                                   void *ctx)
{
    long long opinion = 0;
    char path[UNIT_PATH_MAX];
    enum result r = attachment_owner_of(db, ATTACH_OPINION, file_id, &opinion, NULL);
    if (r != RES_OK)
        return r;
    if (owner_path(db, OPINION_OWNER, opinion, path, NULL) != RES_OK || !scope_has_path(who, path))
        return RES_NOT_FOUND;
    return attachment_read(db, ATTACH_OPINION, file_id, fn, ctx);
}
