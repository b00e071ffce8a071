/*
 * QR codes as inline SVG (web layer), through libqrencode: for printed slips whose code a phone
 * camera opens as a link. No project knowledge.
 */
#ifndef TZ_QR_H
#define TZ_QR_H

#include "core/buf.h"

/* Appends an <svg> of text's QR code (error correction M, 4-module quiet zone) drawn
 * size_mm millimetres square. Returns 0, or -1 when text cannot be encoded (nothing added). */
int qr_svg(struct buf *out, const char *text, int size_mm);

#endif
