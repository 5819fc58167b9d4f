/* fuzz-query.c - libFuzzer target: the query parser, with operators (plain=0)
 * and as free text (plain=1), no database.  Any bytes without a NUL (the
 * query is a C string): invalid UTF-8 and deep nesting must give an error.
 * Build and run: see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/query.h"

static annals_stemmer *stemmer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    stemmer = annals_stemmer_new();
    if (!stemmer) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '\0', size)) return 0; /* a C string cannot hold one */
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (int plain = 0; plain <= 1; plain++) {
        annals_query q;
        abuf err = ABUF_INIT;
        int rc = annals_query_parse(text, plain, NULL, stemmer, &q, &err);
        if (rc == 0) {
            if (!q.query) __builtin_trap();
            for (size_t i = 0; i < q.nterms; i++)
                if (!q.terms[i].term || q.terms[i].len == 0) __builtin_trap();
            for (size_t i = 1; i < q.nterms; i++)
                if (q.terms[i].qpos < q.terms[i - 1].qpos) __builtin_trap();
            annals_query_free(&q);
        } else {
            if (rc != -1 && rc != -2) __builtin_trap();
            if (q.query || q.terms) __builtin_trap(); /* freed on failure */
            if (!err.data || !err.len) __builtin_trap(); /* a message is promised */
            /* No malloc failure is injected, so -2 ("out of memory") is a
             * misreport, also for text that is not UTF-8. */
            if (rc == -2) __builtin_trap();
        }
        abuf_free(&err);
    }
    free(text);
    return 0;
}
