/* fuzz-query.c - libFuzzer target: the query parser, with operators (plain=0)
 * and as free text (plain=1), no database.  The bytes are NUL-terminated;
 * set ANNALS_FUZZ_ALLOW_INVALID=1 to also feed text that is not valid UTF-8
 * (annals_search passes the query text through unchecked).
 * Build and run: see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "../../plugin/query.h"

static annals_stemmer *stemmer;
static int allow_invalid;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    stemmer = annals_stemmer_new();
    if (!stemmer) abort();
    const char *e = getenv("ANNALS_FUZZ_ALLOW_INVALID");
    allow_invalid = e && *e == '1';
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '\0', size)) return 0; /* a C string cannot hold one */
    int valid = u8_check(data, size) == NULL;
    if (!valid && !allow_invalid) return 0;
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
            /* A valid query text is never "out of memory" here (no malloc
             * failure is injected): -2 means a misreport. */
            if (rc == -2 && valid) __builtin_trap();
        }
        abuf_free(&err);
    }
    free(text);
    return 0;
}
