/* xap_freqs.h - the memo's term frequencies: an open-addressing table
 * that holds each term in its slot, so that a lookup reads one cache line.
 * Feedback looks up the frequency of some 140 stems a search, nearly all
 * remembered; in a map of nodes each lookup builds a string and reads a
 * bucket and a node, mostly cache misses. */
#ifndef ANNALS_XAP_FREQS_H
#define ANNALS_XAP_FREQS_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

class xap_freqs {
  public:
    /* Terms longer than this are not remembered. */
    static const size_t TERM_MAX = 27;
    /* Forgotten whole when this many are held (the table is then half
     * full: 4 MB). */
    static const size_t MAX = 1 << 16;
    /* Whether term is remembered; its frequency in *freq. */
    bool get(const char *term, size_t len, uint32_t *freq) const;
    /* Remembers term's frequency (not when too long, or when out of
     * memory). */
    void put(const char *term, size_t len, uint32_t freq);
    /* Starts reading term's slot into the cache. */
    void prefetch(const char *term, size_t len) const;
    void clear();

  private:
    struct slot {
        uint32_t freq;
        uint8_t len;            /* 0: empty */
        char term[TERM_MAX];
    };
    static const size_t SLOTS = 2 * MAX;
    slot *find(const char *term, size_t len) const;
    /* calloc'd (its pages are zero until touched), and v its first slot
     * on a cache line's boundary: a slot is then on one line */
    std::unique_ptr<void, decltype(&std::free)> raw{nullptr, &std::free};
    slot *v = nullptr;
    size_t n = 0;
};

#endif
