/*
 * What the opinion pages share (handler layer, private to src/opinion/; opinion_parts_page.c):
 * the labels of the codes, the selects of channels, areas and units, the unit a page is about,
 * the links between the ledger's pages, a 404, and the answer of an export.
 */
#ifndef TZ_OPINION_PARTS_WEB_H
#define TZ_OPINION_PARTS_WEB_H

#include "http/http.h"
#include "opinion/opinion.h"
#include "person/person.h"
#include "unit/unit.h"
#include "web/export.h"

enum { BULK_MAX = 500 }; /* opinions one form may name */

/* The text of a code in the request's language, the code itself when unknown; area_text and
 * rating_text give "—" for none. */
const char *channel_text(struct req *r, const char *code);
const char *area_text(struct req *r, const char *code);
const char *outreach_text(struct req *r, const char *code);
const char *measure_state_text(struct req *r, const char *code);
const char *opinion_state_text(struct req *r, const char *code);
const char *rating_text(struct req *r, const char *code);


/* A select named name of the channels or the areas, current selected, with a first option ""
 * labelled by message ID any_id when it is not NULL. */
void channel_select(struct req *r, const char *name, const char *current, const char *any_id);
void area_select(struct req *r, const char *name, const char *current, const char *any_id);
/* A select of the units in who's scope (NULL: every unit), down to depth levels (-1: all). */
void unit_select(struct req *r, const struct actor *who, const char *name, const char *current,
                 int depth);
/* The actor's own unit code (arena), or "". */
const char *own_unit(struct req *r);
/* The unit named by ?unit=, defaulting to the actor's own (arena). */
const char *unit_param(struct req *r);

/* The links between the ledger's pages for unit. */
void ledger_links(struct req *r, const char *unit);
/* An <option> of a person, for person_each(); ctx is the request. */
void person_option(void *ctx, const struct person *p);
/* Answers 404 for field. */
void opinion_not_found(struct req *r, const char *field);

#endif
