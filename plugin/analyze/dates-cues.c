/* dates-cues.c - the words around a number that make it something other
 * than a year: a unit or quantity noun after it ("1000 feet", "1000 million
 * years", "2095 BC"), an identifier noun, an abbreviation in capitals or a
 * measure before it ("nos. 1246", "RFC 1149", "a factor of 1000"), a
 * citation ("(Smith 1998:14)", "TAPA 56 (1925) 120"), and the round number
 * 1000 with no date cue ("Amiga 1000"). */
#include "analyze/dates-cues.h"

#include <string.h>

/* Units, quantity nouns and counted nouns after a number, and eras before
 * ours (lowercased; a word is read up to 11 letters). */
static const char *const AFTER_WORDS[] = {
    /* length, area, volume */
    "m", "km", "cm", "mm", "nm", "mi", "ft", "yd", "nmi", "sqmi", "sqkm", "sq", "square", "cubic",
    "inch", "inches", "foot", "feet", "yard", "yards", "mile", "miles", "meter", "meters",
    "metre", "metres", "kilometre", "kilometres", "kilometer", "kilometers", "acre", "acres",
    "hectare", "hectares", "ha", "l", "ml", "litre", "litres", "liter", "liters", "gallon",
    "gallons", "barrel", "barrels", "bbl", "cc", "parsecs", "ly", "au",
    /* mass, force, pressure, energy, power, electricity */
    "g", "kg", "mg", "t", "kt", "lb", "lbs", "oz", "ounce", "ounces", "gram", "grams",
    "kilogram", "kilograms", "ton", "tons", "tonne", "tonnes", "pound", "pounds", "carats",
    "n", "kn", "psi", "kpa", "mpa", "hpa", "mbar", "atm", "torr", "j", "kj", "mj", "kcal",
    "calories", "ev", "kev", "mev", "gev", "w", "kw", "mw", "gw", "kwh", "mwh",
    "hp", "bhp", "horsepower", "v", "kv", "mv", "volts", "watts", "amps", "mah", "ohms",
    /* time, speed, frequency, data */
    "years", "yr", "yrs", "months", "weeks", "days", "hours", "hrs", "minutes", "min",
    "seconds", "sec", "ms", "millennia", "centuries", "generations", "mph", "kmh", "knots",
    "kph", "rpm", "hz", "khz", "mhz", "ghz", "bit", "bits", "byte", "bytes", "kb",
    "mb", "gb", "tb", "kbit", "mbit", "gbit", "kbps", "mbps", "gbps", "bps", "baud", "pixels",
    "px", "dpi", "kelvin", "degrees", "db", "ppm", "percent", "per",
    /* numbers, money, counted things */
    "hundred", "thousand", "million", "billion", "trillion", "dozen", "times", "fold",
    "dollars", "euros", "yen", "rupees", "francs", "people", "persons", "men", "women",
    "children", "troops", "soldiers", "prisoners", "casualties", "votes", "copies", "units",
    "points", "students", "residents", "inhabitants", "employees", "members", "cases",
    "deaths", "families", "households", "houses", "ships", "vehicles", "cars", "horses",
    "species", "words", "pages", "strong",
    /* before our era (BC_WORDS) */
    "bc", "bce", "b", NULL};

static const char *const BC_WORDS[] = {"bc", "bce", "b", NULL};

/* Marks after a number that make it a measure: degrees, minutes of arc,
 * a product, a percentage. */
static const unsigned AFTER_MARKS[] = {0xB0, 0x2032, 0x2033, 0xD7, '%', 0};

/* Words before a number that make it an identifier.  The abbreviations
 * count only with their full stop ("no. 1246", not "no 1990 election"). */
static const char *const IDENT_WORDS[] = {
    "number", "numbers", "route", "routes", "highway", "interstate", "flight", "model",
    "type", "page", "pages", "volume", "chapter", "verse", "verses", "psalm", "hymn", "room",
    "catalogue", "catalog", "opus", "resolution", "section", "exit", "platform", "patent",
    NULL};
static const char *const IDENT_ABBREVS[] = {"no", "nos", "nr", "p", "pp", "vol", "vols", "ch",
                                            "op", "fig", "cat", "ref", NULL};

/* Abbreviations in capitals that a year does follow: eras, fiscal years,
 * academic degrees ("BS 1928, MS 1929"), countries and unions ("the US
 * 2003 invasion"). */
static const char *const YEAR_ACRONYMS[] = {
    "ad", "ce", "fy", "ba", "bs", "bsc", "ma", "ms", "msc", "phd", "mba", "md", "jd", "llb",
    "llm", "us", "usa", "uk", "ussr", "eu", "un", "uae", NULL};

/* Measures before "of" and a number: "a factor of 1000", "a depth of 1100". */
static const char *const MEASURE_NOUNS[] = {
    "factor", "factors", "multiple", "multiples", "total", "sum", "maximum", "minimum",
    "average", "depth", "height", "altitude", "elevation", "length", "width", "distance",
    "radius", "diameter", "weight", "mass", "capacity", "speed", "ratio", "magnitude",
    "density", "temperature", "attendance", "crowd", "strength", NULL};

/* Capitalised words before a year in parentheses that are not an author:
 * seasons and feasts, events and laws, life events, prepositions:
 * "(Summer 1998)", "(Reform Act 1832)", "(Born 1856)", "(In 1998)". */
static const char *const NOT_AUTHORS[] = {
    "act", "acts", "treaty", "conference", "congress", "convention", "cup", "games",
    "olympics", "championship", "championships", "election", "elections", "census",
    "festival", "expo", "awards", "edition", "season", "war", "revolution", "battle",
    "spring", "summer", "autumn", "fall", "winter", "christmas", "easter", "eve", "day",
    "year", "midsummer", "halloween", "born", "died", "est", "founded", "fl", "reigned",
    "in", "on", "at", "by", "since", "until", "till", "from", "to", "after", "before",
    "during", "around", "about", "circa", "c", "ca", "the", "a", "an", "of", "for", "and",
    "or", "through", "as", "late", "early", "mid", "end", "also", "ad", "ce", NULL};

/* Words before 1000 that make it a date: "in 1000", "c. 1000", "AD 1000". */
static const char *const DATE_CUES[] = {"in", "by", "since", "until", "till", "before", "after",
                                        "around", "about", "circa", "c", "ca", "ad", "from",
                                        "during", "year", NULL};

static const char *const ERA_AD[] = {"ad", "ce", NULL};

static const char *const CITE_AFTER[] = {"p", "pp", "pl", "page", "pages", "col", NULL};

int annals_dates_word_in(const tok *v, long n, long i, const char *const *words)
{
    if (i < 0 || i >= n || v[i].type != T_WORD) return 0;
    for (; *words; words++)
        if (strcmp(v[i].word, *words) == 0) return 1;
    return 0;
}

static int is_mark(const tok *v, long n, long i, unsigned cp)
{
    return i >= 0 && i < n && v[i].type == T_OTHER && v[i].cp == cp;
}

static int is_num(const tok *v, long n, long i)
{
    return i >= 0 && i < n && v[i].type == T_NUM;
}

/* v[i] and v[j] touch (no space between). */
static int glued(const tok *v, long i, long j)
{
    return v[i].end == v[j].start;
}

/* A unit, quantity noun, mark or era after the number v[i] ("1000-foot" too). */
static int unit_after(const tok *v, long n, long i)
{
    long j = i + 1;
    if (j < n && v[j].type == T_DASH && glued(v, i, j) && j + 1 < n && glued(v, j, j + 1)) j++;
    if (annals_dates_word_in(v, n, j, AFTER_WORDS)) return 1;
    for (const unsigned *m = AFTER_MARKS; *m; m++)
        if (is_mark(v, n, i + 1, *m)) return 1;
    return 0;
}

/* The word before v[i], stepping over an abbreviation's full stop; *stop
 * says whether there was one.  Returns its index or -1. */
static long word_before(const tok *v, long n, long i, int *stop)
{
    *stop = is_mark(v, n, i - 1, '.');
    long j = i - 1 - *stop;
    return j >= 0 && v[j].type == T_WORD ? j : -1;
}

/* A Roman numeral of a name ("World War II 1941", "Henry VIII 1509"). */
static int roman(const tok *t)
{
    return strspn(t->word, "ivx") == strlen(t->word);
}

/* An identifier noun, an abbreviation in capitals, a measure or an
 * operator before the number v[i]. */
static int ident_before(const tok *v, long n, long i)
{
    int stop;
    long w = word_before(v, n, i, &stop);
    if (is_mark(v, n, i - 1, '=') || is_mark(v, n, i - 1, 0xD7) || is_mark(v, n, i - 1, '#'))
        return 1;
    if (w < 0) return 0;
    if (annals_dates_word_in(v, n, w, stop ? IDENT_ABBREVS : IDENT_WORDS)) return 1;
    if (!stop && v[w].caps && !annals_dates_word_in(v, n, w, YEAR_ACRONYMS) && !roman(&v[w]))
        return 1;
    return !stop && strcmp(v[w].word, "of") == 0 &&
           annals_dates_word_in(v, n, w - 1, MEASURE_NOUNS);
}

/* The number v[i] as a citation's year: "1998:14", "1891, p. 4",
 * "(Smith 1998)", "(Smith, Jones and Brown 1998)", "(Smith et al. 1998; ...)",
 * and a journal's "56 (1925) 120". */
static int citation(const tok *v, long n, long i)
{
    if (is_mark(v, n, i + 1, ':') && glued(v, i, i + 1) && is_num(v, n, i + 2) &&
        glued(v, i + 1, i + 2))
        return 1;
    if (i + 2 < n && v[i + 1].type == T_COMMA && annals_dates_word_in(v, n, i + 2, CITE_AFTER) &&
        !v[i + 2].cap && is_mark(v, n, i + 3, '.'))
        return 1;
    /* A volume, the year, the pages: "56 (1925) 120–129", "25 (1870): 4". */
    int pages = is_num(v, n, i + 2) ||
                ((is_mark(v, n, i + 2, ':') || (i + 2 < n && v[i + 2].type == T_COMMA)) &&
                 is_num(v, n, i + 3));
    if (is_mark(v, n, i - 1, '(') && is_mark(v, n, i + 1, ')') && is_num(v, n, i - 2) &&
        v[i - 2].plain && pages)
        return 1;
    /* Back from the year over an author list to the parenthesis or the
     * semicolon that opens it; a few tokens at most.  With a comma before
     * the year it is as often a place or a publisher ("(London, 1908)",
     * "(Gnome Press, 1952)"), whose year is the work's date: not taken. */
    long j = i - 1;
    if (is_mark(v, n, j, '.') && j > 0 && v[j - 1].type == T_WORD &&
        strcmp(v[j - 1].word, "al") == 0)
        j--;
    if (j < 0 || v[j].type != T_WORD) return 0;
    if (strcmp(v[j].word, "al") != 0 &&
        (!v[j].cap || annals_dates_word_in(v, n, j, NOT_AUTHORS) ||
         annals_dates_word_in(v, n, j, YEAR_ACRONYMS) || (v[j].caps && roman(&v[j]))))
        return 0;
    for (long k = 0; k < 8 && j >= 0; k++, j--) {
        if (is_mark(v, n, j, '(') || is_mark(v, n, j, ';')) return 1;
        int name = v[j].type == T_WORD &&
                   (v[j].cap || strcmp(v[j].word, "and") == 0 || strcmp(v[j].word, "et") == 0 ||
                    strcmp(v[j].word, "al") == 0);
        if (!name && !is_mark(v, n, j, '.') && !is_mark(v, n, j, '&') && v[j].type != T_COMMA)
            return 0;
    }
    return 0;
}

/* 1000 is far more often a round quantity or a model number ("Amiga 1000")
 * than the year: it is one only with a date cue before or an era after. */
static int bare_thousand(const tok *v, long n, long i)
{
    if (v[i].val != 1000 || v[i].digits != 4) return 0;
    if (annals_dates_word_in(v, n, i + 1, ERA_AD)) return 0;
    int stop;
    long w = word_before(v, n, i, &stop);
    if (w >= 0 && annals_dates_word_in(v, n, w, DATE_CUES)) return 0;
    for (long j = i - 1; j >= 0 && j >= i - 3; j--)
        if (v[j].type == T_MONTH) return 0;
    return 1;
}

/* Connectors of numbers in one list or range: "nos. 1246 and 1811",
 * "2112–2095 BC", "between 1000 and 2000 feet". */
static int joins(const tok *v, long n, long i)
{
    if (i < 0 || i >= n) return 0;
    if (v[i].type == T_DASH || v[i].type == T_COMMA || is_mark(v, n, i, '&')) return 1;
    return v[i].type == T_WORD && (strcmp(v[i].word, "and") == 0 ||
                                   strcmp(v[i].word, "or") == 0 || strcmp(v[i].word, "to") == 0);
}

void annals_dates_mark_cues(tok *v, long n)
{
    /* Identifiers and citations carry forward through a list of bare
     * numbers of one size ("nos. 1246 and 1811", not "op. 41, 1878") or a
     * range ("pp. 965–1040"); units carry back through it, but not over
     * commas ("1990, 2000 people" keeps its year). */
    enum { IDENT = 1, UNIT = 2, ROUND = 4, BC = 8 };
    for (long i = 0; i < n; i++) {
        if (v[i].type != T_NUM) continue;
        if (ident_before(v, n, i) || citation(v, n, i) ||
            (joins(v, n, i - 1) && is_num(v, n, i - 2) && v[i - 2].plain &&
             (v[i - 2].digits == v[i].digits || v[i - 1].type == T_DASH) &&
             v[i - 2].notyear & IDENT))
            v[i].notyear |= IDENT;
        if (bare_thousand(v, n, i)) v[i].notyear |= ROUND;
    }
    for (long i = n - 1; i >= 0; i--) {
        if (v[i].type != T_NUM) continue;
        if (unit_after(v, n, i))
            v[i].notyear |= annals_dates_word_in(v, n, i + 1, BC_WORDS) ? BC : UNIT;
        long j = i + 2;
        if (!joins(v, n, i + 1) || v[i + 1].type == T_COMMA || !is_num(v, n, j) || !v[j].plain)
            continue;
        /* A unit reaches back over a dash or to a number of its size
         * ("300–1200 m", "1000 to 2000 feet", not "in 1950 to 3 per
         * 1,000"); an era before ours to the larger start of its range
         * ("between 1800 and 800 BCE"). */
        if ((v[j].notyear & UNIT) && (v[j].digits == v[i].digits || v[i + 1].type == T_DASH))
            v[i].notyear |= UNIT;
        if ((v[j].notyear & BC) && v[j].val < v[i].val) v[i].notyear |= BC;
    }
}
