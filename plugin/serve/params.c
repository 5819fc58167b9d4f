/* params.c - the parameters of GET /api/search into the options of a search. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistr.h>

#include "serve/params.h"
#include "tools/search-args.h"

/* The parameters, by their bit in serve_params.seen. */
enum { P_Q, P_YEAR, P_ENTITY, P_OFFSET, P_LIMIT, P_SORT, P_PASSAGES, P_FACETS, P_COUNT };

static const struct {
    const char *name;
    search_arg arg;             /* the option it sets (q and facets aside) */
    unsigned max;               /* numbers: the server's cap */
    const char *want;           /* numbers: the range, as the message says */
} PARAMS[P_COUNT] = {
    [P_Q] = {"q", SEARCH_NARGS, 0, NULL},
    [P_YEAR] = {"year", SEARCH_YEAR, 0, NULL},
    [P_ENTITY] = {"entity", SEARCH_ENTITY, 0, NULL},
    [P_OFFSET] = {"offset", SEARCH_OFFSET, SERVE_MAX_OFFSET, "a number from 0 to 10000"},
    [P_LIMIT] = {"limit", SEARCH_LIMIT, SERVE_MAX_LIMIT, "a number from 1 to 100"},
    [P_SORT] = {"sort", SEARCH_SORT, 0, NULL},
    [P_PASSAGES] = {"passages", SEARCH_PASSAGES, SERVE_MAX_PASSAGES, "a number from 1 to 10"},
    [P_FACETS] = {"facets", SEARCH_FACET, 0, NULL},
};

void serve_params_init(serve_params *p)
{
    memset(p, 0, sizeof *p);
    annals_search_opts_init(&p->opts);
}

static int refuse(serve_params *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int refuse(serve_params *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
    return -1;
}

/* facets=year,entity: every facet named, and no other. */
static int facets(serve_params *p, const char *value, size_t len)
{
    search_no_facets(&p->opts);
    for (const char *s = value; len && s <= value + len;) {
        const char *comma = memchr(s, ',', (size_t)(value + len - s));
        size_t n = comma ? (size_t)(comma - s) : (size_t)(value + len - s);
        char name[SERVE_MAX_VALUE + 1];
        memcpy(name, s, n);
        name[n] = '\0';
        if (search_arg_set(&p->opts, SEARCH_FACET, name))
            return refuse(p, "facets=%s: expected a comma list of year, decade, century and entity",
                          value);
        s += n + 1;
    }
    return 0;
}

int serve_params_add(serve_params *p, const char *name, size_t name_len, const char *value,
                     size_t len)
{
    if (!value) value = "";
    if (name_len > SERVE_MAX_VALUE)
        return refuse(p, "a parameter name is longer than %d bytes", SERVE_MAX_VALUE);
    if (strlen(name) != name_len) return refuse(p, "a parameter name holds a NUL byte");
    if (u8_check((const uint8_t *)name, name_len)) return refuse(p, "a parameter name is not valid UTF-8");
    int k = 0;
    while (k < P_COUNT && strcmp(name, PARAMS[k].name) != 0) k++;
    if (k == P_COUNT)
        return refuse(p, "unknown parameter \"%s\" (parameters: q, year, entity, offset, limit, "
                         "sort, passages, facets)", name);
    if (p->seen & 1u << k) return refuse(p, "parameter %s given twice", name);
    p->seen |= 1u << k;
    size_t max = k == P_Q ? SERVE_MAX_QUERY : SERVE_MAX_VALUE;
    if (len > max) return refuse(p, "%s is longer than %zu bytes", name, max);
    if (strlen(value) != len) return refuse(p, "%s holds a NUL byte", name);
    if (k == P_Q) {
        p->opts.query = value; /* annals_search checks it, as annals-search's */
        return 0;
    }
    if (u8_check((const uint8_t *)value, len)) return refuse(p, "%s is not valid UTF-8", name);
    if (k == P_FACETS) return facets(p, value, len);
    const char *want = search_arg_set(&p->opts, PARAMS[k].arg, value);
    if (!want && PARAMS[k].max) {
        unsigned got = k == P_OFFSET ? p->opts.offset : k == P_LIMIT ? p->opts.limit : p->opts.passages;
        if (got > PARAMS[k].max) want = PARAMS[k].want;
    }
    if (want) return refuse(p, "%s=%s: expected %s", name, value, PARAMS[k].want ? PARAMS[k].want : want);
    return 0;
}

int serve_params_finish(serve_params *p)
{
    if (p->seen & 1u << P_Q) return 0;
    return refuse(p, "no query: give it as q (/api/search?q=...)");
}
