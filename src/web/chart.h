/*
 * Charts drawn on the server as inline SVG (web layer): horizontal bars and a line, with their
 * axis labels, a <title> and an aria-label. The size is a viewBox only, so a chart scales to its
 * column down to a 390-px phone and to the printed page; the look (colours, text anchors) is in
 * style.css under svg.chart, as the CSP allows no style attribute. No script, no mechanism
 * knowledge: the page gives labels and numbers, and shows the same figures in a table too.
 */
#ifndef TZ_CHART_H
#define TZ_CHART_H

#include <stddef.h>

#include "core/buf.h"

struct chart_point {
    const char *label; /* the bar's or the point's label (a unit, a month); escaped here */
    long long value;   /* its length or height in the chart's own units; below 0 counts as 0 */
    const char *text;  /* the value as printed beside it ("87.5%"); NULL: value in decimal */
};

/* Writes a horizontal bar chart titled title (aria-label and <title>): one bar per point in
 * the order given, the label left of it (cut to a few characters: the table beside the chart
 * names it in full) and the text at its end. max is the value of the full width (0: the
 * largest value, so the longest bar fills it). */
void chart_bars(struct buf *out, const char *title, const struct chart_point *p, size_t n,
                long long max);

/* Writes a line chart titled title: n places along the x axis, each with its label below, and
 * the first n_drawn points (n_drawn <= n) joined by one polyline, each with a dot and its text;
 * the y axis runs from 0 to the largest value, labelled at both ends. Draws nothing for n 0. */
void chart_line(struct buf *out, const char *title, const struct chart_point *p, size_t n,
                size_t n_drawn);

#endif
