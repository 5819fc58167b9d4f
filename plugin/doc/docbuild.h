/* docbuild.h - one section becomes one Xapian document: terms with
 * positions, entity and date terms, value slots and JSON data (schema.h). */
#ifndef ANNALS_DOCBUILD_H
#define ANNALS_DOCBUILD_H

#include <stdint.h>

#include "shim/xap.h"
#include "util/buf.h"
#include "analyze/section.h"
#include "analyze/stem.h"

typedef struct {
    uint32_t article;
    unsigned section;           /* its number among the article's sections */
    int is_lead;
    const char *title;          /* display title */
    const char *path;           /* source path */
    const char *source;         /* the source fingerprint (SLOT_SOURCE) */
    const annals_section_text *st;
} annals_docinput;

/* Builds the document into *out (owned by the caller).  Returns XAP_OK,
 * XAP_ERR_NOMEM, or the shim's status with err filled. */
xap_status annals_build_document(annals_stemmer *stem, const annals_docinput *in, xap_doc **out,
                                 xap_err *err);

/* Writes the unique id term of a section ("Q1666:3") into buf. */
void annals_uid_term(char *buf, size_t cap, uint32_t article, unsigned section);

/* The key that names a source path in terms (P<key>) and in the indexer's
 * metadata: the path itself, or when too long for a term its first bytes
 * then '#' and a hash of the whole.  Returns 0, -1 when out of memory. */
int annals_path_key(const char *path, abuf *out);

/* 1 when a heading names a boilerplate section (See also, References, ...). */
int annals_is_boilerplate(const char *heading);

#endif
