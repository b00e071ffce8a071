/* Unit-scoped roles and the one access check; see scope.h. Auth layer. */
#include "auth/scope.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_ADMIN] = "admin", [ROLE_UNIT_ADMIN] = "unit_admin", [ROLE_LEADER] = "leader",
    [ROLE_STAFF] = "staff", [ROLE_SUPERVISOR] = "supervisor", [ROLE_CADRE] = "cadre",
};

static const unsigned role_perms[ROLE_COUNT] = {
    /* supervision is the supervisors' alone (issue #3: other roles get 403) */
    [ROLE_ADMIN] = PERM_READ | PERM_UNIT_WRITE | PERM_PERSON_WRITE | PERM_ACCOUNT_WRITE |
                   PERM_RECORD_WRITE,
    [ROLE_UNIT_ADMIN] =
        PERM_READ | PERM_UNIT_WRITE | PERM_PERSON_WRITE | PERM_ACCOUNT_WRITE | PERM_RECORD_WRITE,
    [ROLE_LEADER] = PERM_READ | PERM_RECORD_WRITE,
    [ROLE_STAFF] = PERM_READ | PERM_PERSON_WRITE | PERM_RECORD_WRITE,
    [ROLE_SUPERVISOR] = PERM_READ | PERM_SUPERVISE,
    [ROLE_CADRE] = PERM_READ,
};

void actor_system(struct actor *a)
{
    memset(a, 0, sizeof(*a));
    snprintf(a->unit_path, sizeof(a->unit_path), "/");
    a->role = ROLE_ADMIN;
    snprintf(a->login, sizeof(a->login), "cli");
}

int role_parse(const char *name)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (name && strcmp(name, role_names[i]) == 0)
            return i;
    return -1;
}

const char *role_name(enum role role)
{
    return (unsigned)role < ROLE_COUNT ? role_names[role] : "?";
}

int role_may(enum role role, unsigned perm)
{
    return (unsigned)role < ROLE_COUNT && (role_perms[role] & perm) == perm;
}

int scope_has_path(const struct actor *a, const char *unit_path)
{
    return strncmp(unit_path, a->unit_path, strlen(a->unit_path)) == 0;
}

enum result scope_check(const struct actor *a, const char *unit_path, unsigned perm,
                        struct err *err)
{
    if (!unit_path || !scope_has_path(a, unit_path))
        return err_set(err, RES_NOT_FOUND, "unit", "err.not_found");
    if (!role_may(a->role, perm))
        return err_set(err, RES_FORBIDDEN, NULL, "err.forbidden");
    return RES_OK;
}

int path_ids(const char *path, long long *ids, int max)
{
    int n = 0;
    const char *p = path;
    /* digit by digit: every roll-up count a write makes reads its unit's path this way, a
     * hundred times a row of a task import (strtoll, with its locale and signs, cost 2%) */
    while (*p == '/' && n < max && p[1] >= '0' && p[1] <= '9') {
        long long id = 0;
        for (p++; *p >= '0' && *p <= '9' && id <= (LLONG_MAX - (*p - '0')) / 10; p++)
            id = id * 10 + (*p - '0');
        ids[n++] = id;
    }
    return n;
}

void path_end(char end[UNIT_PATH_MAX], const char *path)
{
    snprintf(end, UNIT_PATH_MAX, "%s", path);
    size_t n = strlen(end);
    if (n > 0 && end[n - 1] == '/')
        end[n - 1] = '0';
}

int path_overlap(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    return strncmp(a, b, na < nb ? na : nb) == 0;
}
