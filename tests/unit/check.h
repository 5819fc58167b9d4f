/* check.h - the assertions of the C unit tests.  Each failed check prints
 * file:line and what differed; main returns failures != 0. */
#ifndef ANNALS_CHECK_H
#define ANNALS_CHECK_H

#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int failures;
static int checks;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        checks++;                                                                     \
        if (!(cond)) {                                                                \
            failures++;                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
        }                                                                             \
    } while (0)

#define CHECK_INT(got, want)                                                          \
    do {                                                                              \
        long long g_ = (long long)(got), w_ = (long long)(want);                      \
        checks++;                                                                     \
        if (g_ != w_) {                                                               \
            failures++;                                                               \
            fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, #got, \
                    g_, w_);                                                          \
        }                                                                             \
    } while (0)

#define CHECK_STR(got, want)                                                          \
    do {                                                                              \
        const char *g_ = (got), *w_ = (want);                                         \
        checks++;                                                                     \
        if (!g_ || strcmp(g_, w_) != 0) {                                             \
            failures++;                                                               \
            fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__,  \
                    #got, g_ ? g_ : "(null)", w_);                                    \
        }                                                                             \
    } while (0)

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Removes a scratch directory and everything in it; 0 on success. */
static inline int remove_tree(const char *dir)
{
    return nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* DIR/NAME, a path in a test's scratch directory, in one of four static
 * buffers taken in turn (so a result stays valid through three more). */
static inline const char *scratch_path(const char *dir, const char *name)
{
    static char path[4][192];
    static int r;
    r = (r + 1) % 4;
    snprintf(path[r], sizeof path[r], "%s/%s", dir, name);
    return path[r];
}

#define CHECK_DONE()                                                                  \
    do {                                                                              \
        printf("%d checks, %d failed\n", checks, failures);                           \
        return failures != 0;                                                         \
    } while (0)

#endif
