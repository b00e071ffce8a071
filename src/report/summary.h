/*
 * The drafted summary (综述; mechanism model, issue 17 item 4): a unit's figures for a period
 * stated as a work report states them, one sentence part per indicator that is not zero, in the
 * order of a report (activities, training and tests, essays, media, solicitation and outreach,
 * rectification, discipline, rules, commendations), with approximate numbers where reports
 * round them (22万多份, 近15万条) and exact ones where they do not (6078项). No http types.
 */
#ifndef TZ_SUMMARY_H
#define TZ_SUMMARY_H

#include "core/buf.h"

/* Writes the paragraph for the values v (indicators order; see indicator.h) of unit_name
 * between from and to (YYYY-MM-DD) into out, in Chinese (en 0) or English (en 1); fn, when
 * given, gets each figure stated with its code, value and phrase ("22万多份"). */
void summary_write(struct buf *out, int en, const char *unit_name, const char *from,
                   const char *to, const long long *v,
                   void (*fn)(void *ctx, const char *code, long long value, const char *phrase),
                   void *ctx);

#endif
