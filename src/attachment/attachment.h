/*
 * The one store of uploaded files (mechanism layer): a task's progress reports, an opinion, an
 * official's duty report, an essay, a research report. The store checks a file's name, type and
 * size and keeps it under its owner; the owning mechanism checks the caller's scope over the
 * owner before it lists or sends a file. Depends on core and db.
 */
#ifndef TZ_ATTACHMENT_H
#define TZ_ATTACHMENT_H

#include <stddef.h>

#include "core/result.h"
#include "db/db.h"

enum attachment_owner {
    ATTACH_TASK,       /* owner_id a task, part_id its progress report */
    ATTACH_OPINION,    /* owner_id an opinion */
    ATTACH_EVALUATION, /* owner_id a session, part_id the official (person) */
    ATTACH_ESSAY,      /* owner_id an essay of a contest */
    ATTACH_RESEARCH,   /* owner_id a research report */
};

/* A file as uploaded. */
struct attachment_input {
    const char *name; /* file name, up to FILE_NAME_MAX characters */
    const char *type; /* content type; must match the name's kind (file_check) */
    const void *data; /* contents */
    size_t size;      /* bytes */
};

/* Stores f under (owner, owner_id, part_id) after file_check() against max bytes, inside the
 * caller's transaction. RES_OK with the new id, RES_INVALID naming "attachment", or RES_FAIL
 * (logged). */
enum result attachment_add(struct db *db, enum attachment_owner owner, long long owner_id,
                           long long part_id, const struct attachment_input *f, size_t max,
                           long long *id, struct err *err);
/* Removes the files under (owner, owner_id, part_id), as a duty report's one file is replaced. */
enum result attachment_clear(struct db *db, enum attachment_owner owner, long long owner_id,
                             long long part_id, struct err *err);
/* Calls fn with each file of owner_id (of part_id only, when part_id > 0), oldest first,
 * without its contents. RES_OK, or RES_FAIL. */
enum result attachment_each(struct db *db, enum attachment_owner owner, long long owner_id,
                            long long part_id,
                            void (*fn)(void *ctx, long long id, const char *name, const char *type,
                                       long long size),
                            void *ctx);
/* The record a file belongs to, for the caller's scope check: RES_NOT_FOUND when id is not a file
 * of owner. */
enum result attachment_owner_of(struct db *db, enum attachment_owner owner, long long id,
                                long long *owner_id, long long *part_id);
/* Calls fn with the file's name, type and contents (valid during the call). RES_NOT_FOUND when
 * there is no such file of owner. */
enum result attachment_read(struct db *db, enum attachment_owner owner, long long id,
                            void (*fn)(void *ctx, const char *name, const char *type,
                                       const void *data, size_t size),
                            void *ctx);
/* The same for the first file of owner_id (an essay's or a report's one file). RES_NOT_FOUND
 * when it has none. */
enum result attachment_read_first(struct db *db, enum attachment_owner owner, long long owner_id,
                                  void (*fn)(void *ctx, const char *name, const char *type,
                                             const void *data, size_t size),
                                  void *ctx);

#endif
