/* schema.h - the database schema: term prefixes (Omega's conventions) and
 * value slots.  README.md documents each for users of stock Xapian tools. */
#ifndef ANNALS_SCHEMA_H
#define ANNALS_SCHEMA_H

/* Written to the metadata key ANNALS_META_SCHEMA of every annals database. */
#define ANNALS_SCHEMA_VERSION "2"
#define ANNALS_META_SCHEMA "annals.schema"

/* Part of every source fingerprint (SLOT_SOURCE) and file record: raise it
 * when the same article text would give other documents, so that a re-run
 * re-indexes.  2: Latin diacritics folded in the stems.  3: the body stems
 * packed in SLOT_STEMS (a section without them is read from its term
 * list: feedback gives the same either way).  4: stopwords' stems left out
 * of SLOT_STEMS (feedback leaves them out of any section's stems).  The
 * schema stays: a database of an earlier analysis is still read, and a
 * re-run upgrades it in place. */
#define ANNALS_ANALYSIS_VERSION 4

/* Terms.  Words are NFKC + case-folded; "Z" marks a stemmed form (English
 * Snowball, of the word with its Latin diacritics folded), which carries
 * the positions; the unstemmed form has none and keeps its accents. */
#define P_BODY ""           /* body words (title and heading words too, weighted) */
#define P_TITLE "S"         /* article title words (ZS: stemmed, positional) */
#define P_HEADING "XH"      /* section heading words (ZXH: stemmed, positional) */
#define P_STEM "Z"
#define P_UID "Q"           /* Q<article>:<section>, one per document */
#define P_ARTICLE "XA"      /* XA<article>, every section of the article */
#define P_ENTITY "XE"       /* XE<id> at each word position of each mention */
#define P_ENTITY_NAME "XEN" /* XEN<surface>, the normalized surface text */
#define P_EXACT_HEADING "XEH" /* XEH<normalized heading words> (the lead: title) */
#define P_DAY "D"           /* DYYYYMMDD */
#define P_MONTH "M"         /* MYYYYMM */
#define P_YEAR "Y"          /* YYYYY */
#define P_KIND "XK"         /* XKlead, XKboilerplate */
#define P_PATH "P"          /* P<source path> (annals_path_key): what --prune checks */

/* Value slots. */
#define SLOT_YEARS 0        /* the section's years, ascending, space-separated */
#define SLOT_DATE 1         /* sort key: earliest date YYYYMMDD, then article and
                             * section (undated: "~" then the same) */
#define SLOT_ENTITIES 2     /* distinct entity ids, ascending, space-separated */
#define SLOT_PASSAGES 3     /* packed passage table (passage.h) */
#define SLOT_ARTICLE 4      /* the article id, decimal */
#define SLOT_TITLE 5        /* the article title (display text) */
#define SLOT_SECTION 6      /* the section's number in its article, decimal */
#define SLOT_SOURCE 7       /* the article's source fingerprint (16 hex digits) then
                             * its path's key: a re-run skips an article whose
                             * source has not changed */
#define SLOT_STEMS 8        /* the feedback stems and their wdfs, packed (stemvec.h) */

/* Word positions: the title starts at 1; the heading, then the body, each
 * start ANNALS_POS_GAP past the end of what came before, so that no phrase
 * runs from one into the next. */
#define ANNALS_POS_GAP 8

/* Weights of title and heading words among the body words (within-document
 * frequency per occurrence). */
#define ANNALS_TITLE_WDF 2
#define ANNALS_HEADING_WDF 2

/* Longest term written (Glass takes 245 bytes). */
#define ANNALS_MAX_TERM 240

#endif
