/* fold.h - diacritic folding of Latin letters, as Lucene's ASCIIFolding and
 * ICU folding filters do: "pólya" -> "polya", "gödel" -> "godel", "são" ->
 * "sao".  The stems (annals_stem) are built from the folded word, at index
 * and query time alike, so a search typed with or without accents finds
 * both spellings; exact (unstemmed) forms keep their accents.
 *
 * A nonspacing combining mark (Unicode category Mn) of the word's canonical
 * decomposition (NFD) is dropped when its base character is of the Latin
 * script, and the rest is recomposed (NFC).  Other scripts keep their marks
 * (Cyrillic "й", Greek "ά", Devanagari vowel signs), and letters without a
 * decomposition ("ø", "ł", "ß", "æ") stay as they are.
 */
#ifndef ANNALS_FOLD_H
#define ANNALS_FOLD_H

#include <stddef.h>

#include "util/buf.h"

/* Replaces out's content with the folded form of the normalized (NFC or
 * NFKC) word w[0, n).  Returns 0, or -1 when out of memory. */
int annals_fold_latin(const char *w, size_t n, abuf *out);

#endif
