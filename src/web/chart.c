/* Inline SVG charts; see chart.h. Web layer. */
#include "web/chart.h"

#include <string.h>

#include "core/html.h"

/* The bar chart's geometry in viewBox units: labels end left of BAR_X, bars run BAR_W from it,
 * the value follows the bar (room for "100.0%"). 480 wide scales to a phone's 360-px column
 * with 13-px text still about 10 px. */
enum {
    BARS_W = 480,
    BAR_X = 130,
    BAR_W = 290,
    BAR_ROW = 26,
    BAR_H = 16,
    BAR_PAD = 6,
    LABEL_CHARS = 9,
};

/* The line chart's: the plot from (LINE_X0, LINE_Y0) to (LINE_X1, LINE_Y1), the x labels under
 * it, the y labels left of it. */
enum {
    LINE_W = 480,
    LINE_H = 240,
    LINE_X0 = 44,
    LINE_X1 = 464,
    LINE_Y0 = 24,
    LINE_Y1 = 196,
};

/* The text of a point: its own, or its value. */
static void point_text(struct buf *out, const struct chart_point *p)
{
    if (p->text)
        html_printf(out, "%s", p->text);
    else
        html_printf(out, "%lld", p->value);
}

/* Writes label escaped, cut after LABEL_CHARS characters with an ellipsis. */
static void short_label(struct buf *out, const char *label)
{
    char cut[LABEL_CHARS * 4 + 1];
    size_t len = 0;
    int chars = 0;
    for (const char *s = label ? label : ""; *s && chars < LABEL_CHARS; chars++) {
        size_t k = 1;
        while (s[k] && ((unsigned char)s[k] & 0xC0) == 0x80)
            k++;
        memcpy(cut + len, s, k);
        len += k;
        s += k;
    }
    cut[len] = '\0';
    html_printf(out, "%s%s", cut, label && label[len] ? "…" : "");
}

static long long clamp(long long v)
{
    return v < 0 ? 0 : v;
}

/* Opens the <svg> of class cls with its accessible name. */
static void svg_begin(struct buf *out, const char *cls, int w, long long h, const char *title)
{
    html_printf(out,
                "<svg class=\"chart %s\" viewBox=\"0 0 %d %lld\" role=\"img\" aria-label=\"%s\""
                " xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>",
                cls, w, h, title, title);
}

void chart_bars(struct buf *out, const char *title, const struct chart_point *p, size_t n,
                long long max)
{
    for (size_t i = 0; max <= 0 && i < n; i++)
        if (clamp(p[i].value) > max)
            max = p[i].value;
    if (max <= 0)
        max = 1;
    long long h = 2 * BAR_PAD + (long long)n * BAR_ROW;
    svg_begin(out, "bars", BARS_W, h, title);
    for (size_t i = 0; i < n; i++) {
        long long y = BAR_PAD + (long long)i * BAR_ROW;
        long long v = clamp(p[i].value) > max ? max : clamp(p[i].value);
        long long w = v * BAR_W / max;
        html_printf(out, "<text class=\"label\" x=\"%d\" y=\"%lld\">", BAR_X - 6, y + 17);
        short_label(out, p[i].label);
        html_printf(out,
                    "</text><rect x=\"%d\" y=\"%lld\" width=\"%lld\" height=\"%d\"></rect>"
                    "<text class=\"value\" x=\"%lld\" y=\"%lld\">",
                    BAR_X, y + (BAR_ROW - BAR_H) / 2, w, BAR_H, BAR_X + w + 5, y + 17);
        point_text(out, &p[i]);
        html_raw(out, "</text>");
    }
    html_printf(out, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%lld\"></line></svg>",
                BAR_X, BAR_PAD / 2, BAR_X, h - BAR_PAD / 2);
}

/* The x of place i of n on the line chart, and the y of value v when top is the highest. */
static long long line_x(size_t i, size_t n)
{
    if (n < 2)
        return (LINE_X0 + LINE_X1) / 2;
    return LINE_X0 + (long long)(LINE_X1 - LINE_X0) * (long long)i / (long long)(n - 1);
}

static long long line_y(long long v, long long top)
{
    return LINE_Y1 - (LINE_Y1 - LINE_Y0) * clamp(v) / top;
}

void chart_line(struct buf *out, const char *title, const struct chart_point *p, size_t n,
                size_t n_drawn)
{
    if (n == 0)
        return;
    if (n_drawn > n)
        n_drawn = n;
    long long max = 0;
    for (size_t i = 0; i < n_drawn; i++)
        if (clamp(p[i].value) > max)
            max = p[i].value;
    long long top = max > 0 ? max : 1;
    svg_begin(out, "line", LINE_W, LINE_H, title);
    /* the y axis: the largest value at the top, half way, 0 on the x axis */
    html_printf(out,
                "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"></line>"
                "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"></line>"
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"></line>"
                "<text class=\"axis\" x=\"%d\" y=\"%d\">%lld</text>"
                "<text class=\"axis\" x=\"%d\" y=\"%d\">0</text>",
                LINE_X0, LINE_Y0, LINE_X1, LINE_Y0, LINE_X0, (LINE_Y0 + LINE_Y1) / 2, LINE_X1,
                (LINE_Y0 + LINE_Y1) / 2, LINE_X0, LINE_Y1, LINE_X1, LINE_Y1, LINE_X0 - 6,
                LINE_Y0 + 4, max, LINE_X0 - 6, LINE_Y1 + 4);
    for (size_t i = 0; i < n; i++) {
        html_printf(out, "<text x=\"%lld\" y=\"%d\">", line_x(i, n), LINE_Y1 + 20);
        short_label(out, p[i].label);
        html_raw(out, "</text>");
    }
    if (n_drawn) {
        html_raw(out, "<polyline points=\"");
        for (size_t i = 0; i < n_drawn; i++)
            html_printf(out, "%s%lld,%lld", i ? " " : "", line_x(i, n), line_y(p[i].value, top));
        html_raw(out, "\"></polyline>");
    }
    for (size_t i = 0; i < n_drawn; i++) {
        long long x = line_x(i, n), y = line_y(p[i].value, top);
        html_printf(out,
                    "<circle cx=\"%lld\" cy=\"%lld\" r=\"3\"></circle>"
                    "<text class=\"value\" x=\"%lld\" y=\"%lld\">",
                    x, y, x, y - 7);
        point_text(out, &p[i]);
        html_raw(out, "</text>");
    }
    html_raw(out, "</svg>");
}
