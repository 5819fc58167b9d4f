/* walk.c - inputs from paths and directory trees. */
#include "read/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "read/reader.h"
#include "util/buf.h"

static int is_archive_name(const char *name)
{
    if (annals_format_from_name(name) != ANNALS_FORMAT_AUTO) return 1;
    /* WikiExtractor writes AA/wiki_00, AA/wiki_01, ... */
    if (strncmp(name, "wiki_", 5) != 0) return 0;
    const char *p = name + 5;
    if (*p < '0' || *p > '9') return 0;
    while (*p >= '0' && *p <= '9') p++;
    return *p == '\0' || strcmp(p, ".gz") == 0 || strcmp(p, ".xz") == 0;
}

static int cmp_names(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dots(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static int walk_dir(const char *dir, int all_files, annals_walk_fn fn, void *ctx)
{
    struct dirent **names;
    int n = scandir(dir, &names, skip_dots, cmp_names);
    if (n < 0) return fn(ctx, dir, NULL, strerror(errno));
    int rc = 0;
    abuf path = ABUF_INIT;
    for (int i = 0; i < n; i++) {
        if (rc == 0) {
            struct stat sb, lsb;
            abuf_clear(&path);
            size_t dl = strlen(dir);
            if (abuf_printf(&path, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", names[i]->d_name) < 0) rc = fn(ctx, dir, NULL, "out of memory");
            else if (stat(path.data, &sb) != 0) {
                /* A dangling link is passed over, like a non-archive file. */
                if (lstat(path.data, &lsb) != 0 || !S_ISLNK(lsb.st_mode)) rc = fn(ctx, path.data, NULL, strerror(errno));
            } else if (S_ISDIR(sb.st_mode)) {
                if (lstat(path.data, &lsb) == 0 && !S_ISLNK(lsb.st_mode)) rc = walk_dir(path.data, all_files, fn, ctx);
            } else if (S_ISREG(sb.st_mode) && (all_files || is_archive_name(names[i]->d_name))) {
                rc = fn(ctx, path.data, &sb, NULL);
            }
        }
        free(names[i]);
    }
    free(names);
    abuf_free(&path);
    return rc;
}

int annals_walk(const char *path, int all_files, annals_walk_fn fn, void *ctx)
{
    if (strcmp(path, "-") == 0) return fn(ctx, path, NULL, NULL);
    struct stat sb;
    if (stat(path, &sb) != 0) return fn(ctx, path, NULL, strerror(errno));
    if (S_ISDIR(sb.st_mode)) return walk_dir(path, all_files, fn, ctx);
    if (!S_ISREG(sb.st_mode)) return fn(ctx, path, NULL, "not a regular file");
    return fn(ctx, path, &sb, NULL);
}
