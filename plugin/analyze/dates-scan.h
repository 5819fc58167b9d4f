/* dates-scan.h - the tokens dates are made of (internal to the date
 * extractor). */
#ifndef ANNALS_DATES_SCAN_H
#define ANNALS_DATES_SCAN_H

#include <stddef.h>

typedef enum { T_NUM, T_NUMDATE, T_MONTH, T_WORD, T_DASH, T_COMMA, T_OTHER } ttype;

typedef struct {
    ttype type;
    long val;         /* T_NUM: the value; T_MONTH: 1..12; T_NUMDATE: the year */
    int digits;       /* T_NUM: how many digits */
    int plain;        /* T_NUM: not glued to '#', '$', '+', '%' or a unit */
    int notyear;      /* T_NUM: read as a quantity, an identifier or a citation (dates-cues.c) */
    int m, d;         /* T_NUMDATE: month and day, 0 when not known */
    int cap, caps;    /* T_WORD: written capitalised; in capitals (2 letters or more) */
    unsigned cp;      /* T_OTHER: its code point ('(', ':', U+00B0 ...) */
    char word[12];    /* T_WORD: lowercased (truncated) */
    size_t start, end;
} tok;

/* Splits text into tokens.  Returns the count, or -1 when out of memory;
 * *out is malloc'd. */
long annals_dates_scan(const char *s, size_t n, tok **out);

#endif
