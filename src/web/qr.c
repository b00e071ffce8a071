/* QR codes as SVG; see qr.h. Web layer. */
#include "web/qr.h"

#include <qrencode.h>

#include "core/html.h"

enum { QUIET = 4 };

int qr_svg(struct buf *out, const char *text, int size_mm)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return -1;
    int w = q->width, full = w + 2 * QUIET;
    html_printf(out,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"%dmm\""
                " height=\"%dmm\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
                "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                size_mm, size_mm, full, full, full, full);
    /* one rectangle per horizontal run of dark modules */
    for (int y = 0; y < w; y++) {
        for (int x = 0; x < w;) {
            if (!(q->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < w && (q->data[y * w + x + run] & 1))
                run++;
            html_printf(out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
            x += run;
        }
    }
    html_raw(out, "\"/></svg>");
    QRcode_free(q);
    return 0;
}
