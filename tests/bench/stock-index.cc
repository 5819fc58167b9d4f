// stock-index - the stock Xapian baseline of tests/bench/index: indexes the
// sections written by dump-sections into a fresh Glass database, the way a plain
// Xapian application would.
//
// Usage: stock-index SECTIONS DB
//
// One document per section: TermGenerator with the English stemmer (STEM_SOME,
// positions), the title with prefix S, the heading with prefix XH, then the
// title, heading and text unprefixed; the unique id term Q<article>:<section>
// (replace_document by it, as annals does); the title, heading and text as
// document data. Default flush threshold, one commit at the end. Prints
// "N documents, B bytes" (B: the title, heading and text bytes indexed).
#include <xapian.h>

#include <cstdio>
#include <string>

namespace {

bool read_exact(std::FILE *in, std::string &s, size_t n)
{
    s.resize(n);
    return std::fread(&s[0], 1, n, in) == n;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fputs("Usage: stock-index SECTIONS DB\n", stderr);
        return 2;
    }
    std::FILE *in = std::fopen(argv[1], "rb");
    if (!in) {
        std::perror(argv[1]);
        return 2;
    }
    unsigned long docs = 0, bytes = 0;
    try {
        Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        char article[32], section[32];
        size_t title_len, heading_len, text_len;
        std::string title, heading, text;
        while (std::fscanf(in, "%31s %31s %zu %zu %zu", article, section, &title_len, &heading_len,
                           &text_len) == 5) {
            if (std::fgetc(in) != '\n' || !read_exact(in, title, title_len) ||
                !read_exact(in, heading, heading_len) || !read_exact(in, text, text_len)) {
                std::fprintf(stderr, "stock-index: %s: truncated record %lu\n", argv[1], docs + 1);
                return 2;
            }
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(title, 1, "S");
            tg.index_text(heading, 1, "XH");
            tg.index_text(title);
            tg.increase_termpos();
            tg.index_text(heading);
            tg.increase_termpos();
            tg.index_text(text);
            doc.set_data(title + "\n" + heading + "\n\n" + text);
            std::string id = std::string("Q") + article + ":" + section;
            doc.add_boolean_term(id);
            db.replace_document(id, doc);
            docs++;
            bytes += title_len + heading_len + text_len;
        }
        if (!std::feof(in)) {
            std::fprintf(stderr, "stock-index: %s: bad record %lu\n", argv[1], docs + 1);
            return 2;
        }
        db.commit();
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "stock-index: %s\n", e.get_description().c_str());
        return 2;
    }
    std::fclose(in);
    std::printf("%lu documents, %lu bytes\n", docs, bytes);
    return 0;
}
