/* docbuild.c - from a section's display text to a Xapian document. */
#include "doc/docbuild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unictype.h>
#include <unistr.h>
#include <xxhash.h>

#include "doc/docdata.h"
#include "analyze/passage.h"
#include "doc/schema.h"
#include "doc/stemvec.h"
#include "analyze/tokenize.h"

typedef struct {
    annals_stemmer *stem;
    xap_doc *doc;
    xap_err *err;
    xap_status st;
    abuf term;
    unsigned pos;
    const char *src;           /* the text being tokenized */
    /* Where the words go: a field prefix (may be NULL) and the body's wdf
     * (0: not into the body). */
    const char *field;
    unsigned body_wdf;
    /* Body only: the words for passages, the mentions to place. */
    avec *word_start;          /* byte starts */
    const annals_mentions *mentions;
    size_t next_mention;
    size_t mention_first_pos_of;  /* index of the mention whose first word was seen */
} builder;

static int fail(builder *b, xap_status st)
{
    if (b->st == XAP_OK) b->st = st;
    return 1;
}

/* Adds prefix + word (with a position when pos != 0). */
static int add(builder *b, const char *prefix, const char *w, size_t n, unsigned pos, unsigned wdf)
{
    size_t pl = strlen(prefix);
    if (pl + n > ANNALS_MAX_TERM) return 0; /* too long to be a term: the word keeps its position */
    abuf_clear(&b->term);
    if (abuf_add(&b->term, prefix, pl) < 0 || abuf_add(&b->term, w, n) < 0)
        return fail(b, XAP_ERR_NOMEM);
    xap_status st = pos ? xap_doc_add_posting(b->doc, b->term.data, b->term.len, pos, wdf, b->err)
                        : xap_doc_add_term(b->doc, b->term.data, b->term.len, wdf, b->err);
    return st == XAP_OK ? 0 : fail(b, st);
}

/* A word at pos; cap: it starts with a capital letter in the text. */
static int add_word(builder *b, const char *w, size_t n, unsigned pos, int cap)
{
    size_t sl;
    const char *stem = annals_stem(b->stem, w, n, &sl);
    if (!stem) return fail(b, XAP_ERR_NOMEM);
    char zp[8];
    if (b->field) {
        snprintf(zp, sizeof zp, "%s%s", P_STEM, b->field);
        if (add(b, zp, stem, sl, pos, 1) || add(b, b->field, w, n, 0, 1)) return 1;
    }
    /* The unstemmed form, without positions (the stem's are the word's):
     * evidence of an exact match where stemming changed the word (a query's
     * exact form is looked up only there), and for a capitalized word the
     * term stock QueryParsers (STEM_SOME) look up for a capitalized query
     * word.  Elsewhere it would only cost Xapian a term more. */
    int changed = sl != n || memcmp(stem, w, n) != 0;
    if (b->body_wdf)
        if (add(b, P_STEM, stem, sl, pos, b->body_wdf) ||
            ((changed || cap) && add(b, P_BODY, w, n, 0, b->body_wdf)))
            return 1;
    return 0;
}

static int on_token(void *ctx, const annals_token *t)
{
    builder *b = ctx;
    unsigned pos = b->pos++;
    ucs4_t uc = 0;
    u8_mbtouc(&uc, (const uint8_t *)b->src + t->start, t->end - t->start);
    if (add_word(b, t->term, t->len, pos, uc_is_upper(uc))) return 1;
    if (!b->mentions) return 0;
    if (avec_push(b->word_start, (unsigned)t->start) < 0) return fail(b, XAP_ERR_NOMEM);
    /* Entity terms at each word of each mention (wdf counts mentions). */
    const annals_mentions *m = b->mentions;
    while (b->next_mention < m->n && m->v[b->next_mention].end <= t->start) b->next_mention++;
    for (size_t i = b->next_mention; i < m->n && m->v[i].start < t->end; i++) {
        char id[24];
        int idn = snprintf(id, sizeof id, "%u", (unsigned)m->v[i].id);
        int first = b->mention_first_pos_of != i + 1;
        b->mention_first_pos_of = i + 1;
        if (add(b, P_ENTITY, id, (size_t)idn, pos, first ? 1 : 0)) return 1;
    }
    return 0;
}

static int tokenize_into(builder *b, const char *text, size_t len)
{
    b->src = text;
    int rc = annals_tokenize(text, len, on_token, b);
    if (rc < 0) fail(b, XAP_ERR_NOMEM);
    return b->st != XAP_OK;
}

int annals_is_boilerplate(const char *heading)
{
    static const char *const NAMES[] = {"see also", "references", "external links", "notes",
                                        "further reading", "bibliography", "sources",
                                        "footnotes", "citations", NULL};
    for (const char *const *n = NAMES; *n; n++)
        if (strcasecmp(heading, *n) == 0) return 1;
    return 0;
}

/* Keys longer than this are shortened (terms and metadata keys both stay
 * well under Glass's 245 bytes). */
#define PATH_KEY_MAX 200

int annals_path_key(const char *path, abuf *out)
{
    size_t n = strlen(path);
    abuf_clear(out);
    if (n <= PATH_KEY_MAX) return abuf_add(out, path, n);
    size_t keep = PATH_KEY_MAX - 17;
    while (keep && ((unsigned char)path[keep] & 0xC0) == 0x80) keep--; /* whole characters */
    return abuf_add(out, path, keep) < 0 ? -1
           : abuf_printf(out, "#%016llx", (unsigned long long)XXH3_64bits(path, n));
}

void annals_uid_term(char *buf, size_t cap, uint32_t article, unsigned section)
{
    snprintf(buf, cap, "%s%u:%u", P_UID, (unsigned)article, section);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Date terms (Omega's D, M, Y) for one date; years go to *years. */
static int add_date(builder *b, const annals_date *d, avec *years)
{
    char t[16];
    int y2 = d->y2 - d->y1 > ANNALS_MAX_YEAR_SPAN ? d->y1 : d->y2;
    for (int y = d->y1; y <= y2; y++) {
        snprintf(t, sizeof t, "%04d", y);
        if (add(b, P_YEAR, t, 4, 0, 0)) return 1;
        if (avec_push(years, (unsigned)y) < 0) return fail(b, XAP_ERR_NOMEM);
    }
    if (y2 != d->y2) { /* an absurd span: its two ends only */
        snprintf(t, sizeof t, "%04d", d->y2);
        if (add(b, P_YEAR, t, 4, 0, 0) || avec_push(years, (unsigned)d->y2) < 0)
            return fail(b, XAP_ERR_NOMEM);
    }
    if (d->m1) {
        snprintf(t, sizeof t, "%04d%02d", d->y1, d->m1);
        if (add(b, P_MONTH, t, 6, 0, 0)) return 1;
    }
    if (d->m2 && (d->m2 != d->m1 || d->y2 != d->y1)) {
        snprintf(t, sizeof t, "%04d%02d", d->y2, d->m2);
        if (add(b, P_MONTH, t, 6, 0, 0)) return 1;
    }
    if (d->d1 && d->y1 == d->y2 && d->m1 == d->m2)
        for (int day = d->d1; day <= d->d2; day++) {
            snprintf(t, sizeof t, "%04d%02d%02d", d->y1, d->m1, day);
            if (add(b, P_DAY, t, 8, 0, 0)) return 1;
        }
    return 0;
}

static int set_value(builder *b, unsigned slot, const char *s, size_t n)
{
    xap_status st = xap_doc_set_value(b->doc, slot, s, n, b->err);
    return st == XAP_OK ? 0 : fail(b, st);
}

/* The sort key of SLOT_DATE: earliest date, then article and section. */
static int date_key(builder *b, const annals_docinput *in)
{
    const annals_dates *ds = &in->st->dates;
    const annals_date *best = NULL;
    for (size_t i = 0; i < ds->n; i++) {
        const annals_date *d = &ds->v[i];
        if (!best || d->y1 < best->y1 || (d->y1 == best->y1 && (d->m1 < best->m1 ||
                                                                (d->m1 == best->m1 && d->d1 < best->d1))))
            best = d;
    }
    char key[64];
    int n = best ? snprintf(key, sizeof key, "%04d%02d%02d:%010u:%06u", best->y1, best->m1,
                            best->d1, (unsigned)in->article, in->section)
                 : snprintf(key, sizeof key, "~:%010u:%06u", (unsigned)in->article, in->section);
    return set_value(b, SLOT_DATE, key, (size_t)n);
}

/* Distinct entities in order of first mention, and the XEN name terms. */
static int entities(builder *b, const annals_docinput *in, annals_entity_ref **out, size_t *nout,
                    abuf *idset)
{
    const annals_mentions *m = &in->st->mentions;
    annals_entity_ref *v = calloc(m->n + 1, sizeof *v);
    if (!v) return fail(b, XAP_ERR_NOMEM);
    *out = v;
    size_t n = 0;
    abuf name = ABUF_INIT;
    for (size_t i = 0; i < m->n; i++) {
        const char *surface = in->st->text.data + m->v[i].start;
        size_t sl = m->v[i].end - m->v[i].start;
        abuf_clear(&name);
        if (annals_normalized_words(surface, sl, &name) < 0) { abuf_free(&name); return fail(b, XAP_ERR_NOMEM); }
        if (name.len && add(b, P_ENTITY_NAME, name.data, name.len, 0, 0)) { abuf_free(&name); return 1; }
        size_t j = 0;
        while (j < n && v[j].id != m->v[i].id) j++;
        if (j < n) continue;
        v[n].id = m->v[i].id;
        v[n].name = strndup(surface, sl);
        if (!v[n].name) { abuf_free(&name); return fail(b, XAP_ERR_NOMEM); }
        n++;
    }
    abuf_free(&name);
    *nout = n;
    /* The id set, ascending, for the entity facet. */
    uint32_t *ids = malloc((n + 1) * sizeof *ids);
    if (!ids) return fail(b, XAP_ERR_NOMEM);
    for (size_t i = 0; i < n; i++) ids[i] = v[i].id;
    for (size_t i = 1; i < n; i++) /* insertion sort: a section names few entities */
        for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
            uint32_t t = ids[j]; ids[j] = ids[j - 1]; ids[j - 1] = t;
        }
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) bad = abuf_printf(idset, i ? " %u" : "%u", (unsigned)ids[i]) < 0;
    free(ids);
    return bad ? fail(b, XAP_ERR_NOMEM) : 0;
}

static int build(builder *b, const annals_docinput *in, annals_docdata *dd, avec *years,
                 annals_pstart **passages, size_t *npass, abuf *scratch)
{
    const annals_section_text *st = in->st;
    char t[64];
    /* Identity and kind. */
    annals_uid_term(t, sizeof t, in->article, in->section);
    if (add(b, "", t, strlen(t), 0, 0)) return 1;
    snprintf(t, sizeof t, "%u", (unsigned)in->article);
    if (add(b, P_ARTICLE, t, strlen(t), 0, 0)) return 1;
    unsigned kind = (in->is_lead ? ANNALS_KIND_LEAD : 0) |
                    (annals_is_boilerplate(st->heading.data) ? ANNALS_KIND_BOILERPLATE : 0);
    if ((kind & ANNALS_KIND_LEAD) && add(b, P_KIND, "lead", 4, 0, 0)) return 1;
    if ((kind & ANNALS_KIND_BOILERPLATE) && add(b, P_KIND, "boilerplate", 11, 0, 0)) return 1;
    if (annals_path_key(in->path, scratch) < 0) return fail(b, XAP_ERR_NOMEM);
    if (add(b, P_PATH, scratch->data, scratch->len, 0, 0)) return 1;

    /* Title, heading, body: each its own run of positions. */
    b->pos = 1;
    b->field = P_TITLE;
    b->body_wdf = ANNALS_TITLE_WDF;
    if (tokenize_into(b, in->title, strlen(in->title))) return 1;
    unsigned heading_pos = in->is_lead ? 1 : b->pos + ANNALS_POS_GAP;
    unsigned after_title = b->pos;
    b->pos = heading_pos;
    b->field = P_HEADING;
    b->body_wdf = in->is_lead ? 0 : ANNALS_HEADING_WDF;
    if (tokenize_into(b, st->heading.data, st->heading.len)) return 1;
    if (b->pos < after_title) b->pos = after_title;
    unsigned body_start = b->pos + ANNALS_POS_GAP;
    b->pos = body_start;
    b->field = NULL;
    b->body_wdf = 1;
    avec starts = AVEC_INIT;
    b->word_start = &starts;
    b->mentions = &st->mentions;
    int rc = tokenize_into(b, st->text.data, st->text.len);
    b->mentions = NULL;
    unsigned body_end = b->pos;
    if (!rc) {
        /* Passages, from the words' byte starts and positions. */
        annals_word *w = malloc((starts.n + 1) * sizeof *w);
        if (!w) rc = fail(b, XAP_ERR_NOMEM);
        for (size_t i = 0; !rc && i < starts.n; i++) w[i] = (annals_word){starts.v[i], body_start + (unsigned)i};
        if (!rc && annals_passages_split(st->text.data, st->text.len, st->para_start, st->npara, w,
                                         starts.n, passages, npass) < 0)
            rc = fail(b, XAP_ERR_NOMEM);
        free(w);
    }
    avec_free(&starts);
    if (rc) return 1;

    /* Exact heading (the lead's is the title): for "heading equals query".
     * A wdf of 1 gives it a BM25 weight when a query asks for it. */
    abuf_clear(scratch);
    if (annals_normalized_words(st->heading.data, st->heading.len, scratch) < 0) return fail(b, XAP_ERR_NOMEM);
    if (scratch->len && add(b, P_EXACT_HEADING, scratch->data, scratch->len, 0, 1)) return 1;

    /* Dates. */
    for (size_t i = 0; i < st->dates.n; i++)
        if (add_date(b, &st->dates.v[i], years)) return 1;
    if (years->n > 1) qsort(years->v, years->n, sizeof *years->v, cmp_int);
    size_t ny = 0;
    for (size_t i = 0; i < years->n; i++)
        if (ny == 0 || years->v[ny - 1] != years->v[i]) years->v[ny++] = years->v[i];
    years->n = ny;

    /* Values. */
    abuf_clear(scratch);
    xap_status packed = annals_stemvec_pack(b->doc, scratch, b->err);
    if (packed != XAP_OK) return fail(b, packed);
    if (scratch->len && set_value(b, SLOT_STEMS, scratch->data, scratch->len)) return 1;
    abuf_clear(scratch);
    for (size_t i = 0; i < ny; i++)
        if (abuf_printf(scratch, i ? " %u" : "%u", years->v[i]) < 0) return fail(b, XAP_ERR_NOMEM);
    if (ny && set_value(b, SLOT_YEARS, scratch->data, scratch->len)) return 1;
    if (date_key(b, in)) return 1;
    abuf_clear(scratch);
    if (entities(b, in, &dd->entities, &dd->nentities, scratch)) return 1;
    if (scratch->len && set_value(b, SLOT_ENTITIES, scratch->data, scratch->len)) return 1;
    abuf_clear(scratch);
    if (annals_passages_encode(kind, body_end, *passages, *npass, scratch) < 0) return fail(b, XAP_ERR_NOMEM);
    if (set_value(b, SLOT_PASSAGES, scratch->data, scratch->len)) return 1;
    snprintf(t, sizeof t, "%u", (unsigned)in->article);
    if (set_value(b, SLOT_ARTICLE, t, strlen(t))) return 1;
    if (set_value(b, SLOT_TITLE, in->title, strlen(in->title))) return 1;
    snprintf(t, sizeof t, "%u", in->section);
    if (set_value(b, SLOT_SECTION, t, strlen(t))) return 1;
    if (in->source && set_value(b, SLOT_SOURCE, in->source, strlen(in->source))) return 1;

    /* Data. */
    dd->article = in->article;
    dd->section = in->section;
    dd->title = (char *)in->title;
    dd->heading = st->heading.data;
    dd->text = st->text.data ? st->text.data : (char *)"";
    dd->text_len = st->text.len;
    dd->path = (char *)in->path;
    dd->years = (int *)years->v;
    dd->nyears = ny;
    dd->passages = *passages;
    dd->npassages = *npass;
    abuf_clear(scratch);
    if (annals_docdata_encode(dd, &st->dates, scratch) < 0) return fail(b, XAP_ERR_NOMEM);
    xap_status s = xap_doc_set_data(b->doc, scratch->data, scratch->len, b->err);
    return s == XAP_OK ? 0 : fail(b, s);
}

xap_status annals_build_document(annals_stemmer *stem, const annals_docinput *in, xap_doc **out,
                                 xap_err *err)
{
    *out = NULL;
    builder b;
    memset(&b, 0, sizeof b);
    b.stem = stem;
    b.err = err;
    b.doc = xap_doc_new();
    if (!b.doc) return XAP_ERR_NOMEM;
    annals_docdata dd;
    memset(&dd, 0, sizeof dd);
    avec years = AVEC_INIT;
    annals_pstart *passages = NULL;
    size_t npass = 0;
    abuf scratch = ABUF_INIT;
    build(&b, in, &dd, &years, &passages, &npass, &scratch);
    for (size_t i = 0; dd.entities && i < dd.nentities; i++) free(dd.entities[i].name);
    free(dd.entities);
    free(passages);
    avec_free(&years);
    abuf_free(&scratch);
    abuf_free(&b.term);
    if (b.st != XAP_OK) {
        xap_doc_free(b.doc);
        if (b.st == XAP_ERR_NOMEM) xap_err_nomem(err);
        return b.st;
    }
    *out = b.doc;
    return XAP_OK;
}
