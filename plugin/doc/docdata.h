/* docdata.h - a document's data: a JSON object holding all a result needs
 * to be shown without the source file (README lists its fields). */
#ifndef ANNALS_DOCDATA_H
#define ANNALS_DOCDATA_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "analyze/dates.h"
#include "analyze/passage.h"

typedef struct {
    uint32_t id;
    char *name;                 /* the surface text of its first mention */
} annals_entity_ref;

typedef struct {
    uint32_t article;
    unsigned section;
    char *title, *heading, *text, *path;
    size_t text_len;
    int *years;                 /* ascending, distinct */
    size_t nyears;
    annals_entity_ref *entities;  /* distinct, in order of first mention */
    size_t nentities;
    annals_pstart *passages;
    size_t npassages;
} annals_docdata;

/* Writes d (and the dates, as ISO 8601 dates or intervals) as JSON. */
int annals_docdata_encode(const annals_docdata *d, const annals_dates *dates, abuf *out);
/* Returns 0, or -1 when json is not annals document data (or out of memory). */
int annals_docdata_decode(const char *json, size_t len, annals_docdata *out);
void annals_docdata_free(annals_docdata *d);

#endif
