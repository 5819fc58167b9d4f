/* stopwords.c - Snowball's English stopword list and its stems (sorted,
 * for bsearch). */
#include "analyze/stopwords.h"

#include <stdlib.h>
#include <string.h>

static const char *const WORDS[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
    "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't",
    "has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here",
    "here's", "hers", "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll",
    "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's",
    "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on",
    "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own",
    "same", "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some",
    "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then",
    "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "wasn't", "we",
    "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when", "when's",
    "where", "where's", "which", "while", "who", "who's", "whom", "why", "why's", "with",
    "won't", "would", "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your", "yours",
    "yourself", "yourselves",
};

/* The stems of WORDS under annals_stem, each once, in byte order
 * (test-stopwords checks them against WORDS). */
static const char *const STEMS[] = {
    "a", "about", "abov", "after", "again", "against", "all", "am", "an", "and", "ani", "are",
    "aren't", "as", "at", "be", "becaus", "been", "befor", "below", "between", "both", "but", "by",
    "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "doe", "doesn't", "don't",
    "down", "dure", "each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't",
    "have", "haven't", "he", "he'd", "he'll", "her", "here", "herself", "him", "himself", "his",
    "how", "i", "i'd", "i'll", "i'm", "i'v", "if", "in", "into", "is", "isn't", "it", "itself",
    "let", "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on",
    "onc", "onli", "or", "other", "ought", "our", "ourselv", "out", "over", "own", "same", "shan't",
    "she", "she'd", "she'll", "should", "shouldn't", "so", "some", "such", "than", "that", "the",
    "their", "them", "themselv", "then", "there", "these", "they", "they'd", "they'll", "they'r",
    "they'v", "this", "those", "through", "to", "too", "under", "until", "up", "veri", "was",
    "wasn't", "we", "we'd", "we'll", "we'r", "we'v", "were", "weren't", "what", "when", "where",
    "whi", "which", "while", "who", "whom", "with", "won't", "would", "wouldn't", "you", "you'd",
    "you'll", "you'r", "you'v", "your", "yourself", "yourselv",
};

typedef struct {
    const char *w;
    size_t n;
} key;

static int cmp(const void *a, const void *b)
{
    const key *k = a;
    const char *w = *(const char *const *)b;
    size_t wn = strlen(w);
    int c = memcmp(k->w, w, k->n < wn ? k->n : wn);
    if (c) return c;
    return (k->n > wn) - (k->n < wn);
}

#define COUNT(a) (sizeof a / sizeof a[0])

int annals_is_stopword(const char *w, size_t n)
{
    key k = {w, n};
    return bsearch(&k, WORDS, COUNT(WORDS), sizeof WORDS[0], cmp) != NULL;
}

int annals_is_stopword_stem(const char *stem, size_t n)
{
    key k = {stem, n};
    return bsearch(&k, STEMS, COUNT(STEMS), sizeof STEMS[0], cmp) != NULL;
}

const char *const *annals_stopwords(size_t *n)
{
    *n = COUNT(WORDS);
    return WORDS;
}

const char *const *annals_stopword_stems(size_t *n)
{
    *n = COUNT(STEMS);
    return STEMS;
}
