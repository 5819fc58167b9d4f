/* xap_freqs.cc - the memo's term frequencies (xap_freqs.h). */
#include "xap_freqs.h"

#include <cstring>
#include <xxhash.h>

static size_t home(const char *term, size_t len, size_t slots)
{
    return XXH3_64bits(term, len) & (slots - 1);
}

xap_freqs::slot *xap_freqs::find(const char *term, size_t len) const
{
    for (size_t i = home(term, len, SLOTS);; i = (i + 1) & (SLOTS - 1)) {
        slot *s = &v[i];
        if (s->len == 0 || (s->len == len && std::memcmp(s->term, term, len) == 0)) return s;
    }
}

bool xap_freqs::get(const char *term, size_t len, uint32_t *freq) const
{
    if (!v || len == 0 || len > TERM_MAX) return false;
    const slot *s = find(term, len);
    if (s->len == 0) return false;
    *freq = s->freq;
    return true;
}

void xap_freqs::prefetch(const char *term, size_t len) const
{
    if (v && len > 0 && len <= TERM_MAX) __builtin_prefetch(&v[home(term, len, SLOTS)]);
}

void xap_freqs::put(const char *term, size_t len, uint32_t freq)
{
    if (len == 0 || len > TERM_MAX) return;
    if (n >= MAX) clear();
    if (!v) {
        static_assert(64 % sizeof(slot) == 0, "a slot within a cache line");
        raw.reset(std::calloc(SLOTS + 64 / sizeof(slot), sizeof(slot)));
        if (!raw) return;
        uintptr_t at = reinterpret_cast<uintptr_t>(raw.get());
        v = reinterpret_cast<slot *>((at + 63) & ~uintptr_t(63));
    }
    slot *s = find(term, len);
    if (s->len == 0) {
        s->len = (uint8_t)len;
        std::memcpy(s->term, term, len);
        n++;
    }
    s->freq = freq;
}

void xap_freqs::clear()
{
    raw.reset();
    v = nullptr;
    n = 0;
}
