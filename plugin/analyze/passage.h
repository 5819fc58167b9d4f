/* passage.h - passages: the units a section is shown and scored in.
 *
 * At index time a section's body is split into passages: each paragraph
 * (a list stays with the sentence that introduces it), and long paragraphs
 * into windows of whole sentences.  The passage table (first word position
 * of each passage) goes into a value slot, so that at query time passages
 * are scored from the index's position lists alone, with BM25 over each
 * passage plus phrase and proximity evidence, as Lucene's UnifiedHighlighter
 * does with its PassageScorer.
 */
#ifndef ANNALS_PASSAGE_H
#define ANNALS_PASSAGE_H

#include <stddef.h>

#include "util/buf.h"

typedef struct {
    size_t byte;        /* where the passage starts in the section text */
    unsigned pos;       /* its first word's position */
} annals_pstart;

typedef struct {
    size_t start;       /* a body word's first byte in the section text */
    unsigned pos;       /* its position */
} annals_word;

/* A paragraph of at most this many words is one passage. */
#define ANNALS_PASSAGE_MAX_WORDS 90
/* Sentence windows of long paragraphs grow to at least this many words. */
#define ANNALS_PASSAGE_TARGET_WORDS 45

/* Splits a section body into passages.  para_start holds the byte offset
 * of each paragraph in text (ascending); words are the body's words in
 * order.  *out is malloc'd (owned by the caller).  Returns 0 or -1 (out of
 * memory). */
int annals_passages_split(const char *text, size_t len, const size_t *para_start, size_t npara,
                          const annals_word *words, size_t nwords, annals_pstart **out,
                          size_t *nout);

/* 1 when the character at text[i] ends a sentence: a period (not after an
 * initial or a common abbreviation), '!' or '?', then space and a capital. */
int annals_sentence_end(const char *text, size_t len, size_t i);

/* Section kinds, kept with the passage table for the ranker. */
#define ANNALS_KIND_LEAD 1
#define ANNALS_KIND_BOILERPLATE 2

/* The value-slot form: the section's kind flags, the body's end position,
 * then each passage's first position, as LEB128 varints. */
int annals_passages_encode(unsigned kind, unsigned body_end, const annals_pstart *p, size_t n,
                           abuf *out);
/* *starts is malloc'd (owned by the caller).  Returns 0, or -1 when s is not
 * a passage table or memory ran out. */
int annals_passages_decode(const char *s, size_t len, unsigned *kind, unsigned *body_end,
                           unsigned **starts, size_t *n);

/* One query term's positions in a document. */
typedef struct {
    const unsigned *pos;    /* ascending */
    size_t n;
    double idf;             /* from the index's statistics */
    double weight;          /* its share of the score (1: a word's stem) */
    unsigned qpos;          /* the word's place in the query (phrase order) */
    int proximity;          /* 1: counts for phrase and proximity evidence */
} annals_pterm;

/* The most query terms a passage is scored against. */
#define ANNALS_PASSAGE_MAX_TERMS 160

/* Scores each passage [starts[i], starts[i+1]) (the last one ends at end)
 * into scores[i].  Terms are ordered by qpos; phrase and proximity evidence
 * is taken between the terms marked proximity of successive words. */
void annals_passages_score(const unsigned *starts, size_t npass, unsigned end,
                           const annals_pterm *terms, size_t nterms, double *scores);

#endif
