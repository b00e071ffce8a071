/*
 * Fuzz target: the XLSX reader (core/xlsx.h) on any bytes, whole workbooks from the seeds
 * mutated (minizip reads the archive, expat the sheet's XML). The CSV it writes must read back
 * with the CSV reader without a broken quote, each row no wider than 64 columns.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/csv.h"
#include "core/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    if (!xlsx_is(in, size))
        return 0;
    struct buf out;
    buf_init(&out, (size_t)256 << 20);
    if (xlsx_to_csv(in, size, &out) == 0) {
        struct csv c;
        csv_init(&c, out.data ? out.data : "", out.len);
        char *fields[CSV_MAX_FIELDS];
        int n;
        while ((n = csv_next(&c, fields)) != 0)
            if (n < 0)
                abort();
        csv_release(&c);
    }
    buf_release(&out);
    size_t part_len;
    free(xlsx_part(in, size, "xl/sharedStrings.xml", &part_len));
    return 0;
}
