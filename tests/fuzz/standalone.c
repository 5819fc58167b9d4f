/* standalone.c - a main for the fuzz targets without libFuzzer: runs each file
 * named on the command line once and prints how long it took. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 1; }
        size_t cap = 1 << 16, n = 0, got;
        uint8_t *buf = malloc(cap);
        while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
            n += got;
            if (n == cap) buf = realloc(buf, cap *= 2);
        }
        fclose(f);
        if (!buf) return 1;
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        LLVMFuzzerTestOneInput(buf, n);
        clock_gettime(CLOCK_MONOTONIC, &b);
        printf("%s: %zu bytes, %.3f s\n", argv[i], n,
               (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
        free(buf);
    }
    return 0;
}
