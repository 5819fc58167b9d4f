// dump-sections - write the sections of an annals database to a flat file, the
// input of the stock baseline (tests/bench/stock-index); part of tests/bench/index.
//
// Usage: dump-sections DB OUT
//
// For each document, in docid order, a record: the line
// "ARTICLE SECTION TITLE_LEN HEADING_LEN TEXT_LEN\n" then the title, heading and
// text bytes (UTF-8, as in the document data's JSON fields of those names).
#include <xapian.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

// A minimal reader of one JSON object: the top-level string and number fields,
// other values skipped.
class JsonObject {
  public:
    explicit JsonObject(const std::string &s) : s_(s) {}

    // Calls on_field(key, value) for each top-level field: a string's decoded
    // text, a number's literal; other values are skipped (value empty).
    template <class F> void fields(F on_field)
    {
        expect('{');
        if (peek() == '}') return;
        for (;;) {
            std::string key = string();
            expect(':');
            std::string value;
            char c = peek();
            if (c == '"')
                value = string();
            else if (c == '-' || (c >= '0' && c <= '9'))
                value = literal();
            else
                skip();
            on_field(key, value);
            if (peek() == '}') return;
            expect(',');
        }
    }

  private:
    const std::string &s_;
    size_t i_ = 0;

    [[noreturn]] void fail() const
    {
        throw std::runtime_error("bad JSON at byte " + std::to_string(i_));
    }

    char peek()
    {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) i_++;
        if (i_ == s_.size()) fail();
        return s_[i_];
    }

    void expect(char c)
    {
        if (peek() != c) fail();
        i_++;
    }

    unsigned hex4()
    {
        if (s_.size() - i_ < 4) fail();
        unsigned v = std::stoul(s_.substr(i_, 4), nullptr, 16);
        i_ += 4;
        return v;
    }

    static void put_utf8(std::string &out, unsigned cp)
    {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | cp >> 6);
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | cp >> 12);
            out += char(0x80 | (cp >> 6 & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | cp >> 18);
            out += char(0x80 | (cp >> 12 & 0x3F));
            out += char(0x80 | (cp >> 6 & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::string string()
    {
        expect('"');
        std::string out;
        for (;;) {
            if (i_ == s_.size()) fail();
            char c = s_[i_++];
            if (c == '"') return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i_ == s_.size()) fail();
            switch (char e = s_[i_++]) {
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00 && s_.compare(i_, 2, "\\u") == 0) {
                    i_ += 2;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4() - 0xDC00);
                }
                put_utf8(out, cp);
                break;
            }
            default: out += e; // \" \\ \/
            }
        }
    }

    std::string literal()
    {
        size_t start = i_;
        while (i_ < s_.size() && std::string(",:}] \t\n\r").find(s_[i_]) == std::string::npos) i_++;
        return s_.substr(start, i_ - start);
    }

    void skip()
    {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            i_++;
            if (peek() == close) {
                i_++;
                return;
            }
            for (;;) {
                if (c == '{') {
                    string();
                    expect(':');
                }
                skip();
                if (peek() == close) {
                    i_++;
                    return;
                }
                expect(',');
            }
        } else {
            if (literal().empty()) fail();
        }
    }
};

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fputs("Usage: dump-sections DB OUT\n", stderr);
        return 2;
    }
    Xapian::docid did = 0;
    try {
        Xapian::Database db(argv[1]);
        std::FILE *out = std::fopen(argv[2], "wb");
        if (!out) {
            std::perror(argv[2]);
            return 2;
        }
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            did = *it;
            std::string data = db.get_document(did).get_data();
            std::string article, section, title, heading, text;
            JsonObject(data).fields([&](const std::string &key, const std::string &value) {
                if (key == "article") article = value;
                else if (key == "section") section = value;
                else if (key == "title") title = value;
                else if (key == "heading") heading = value;
                else if (key == "text") text = value;
            });
            if (article.empty() || section.empty()) throw std::runtime_error("no article or section");
            std::fprintf(out, "%s %s %zu %zu %zu\n", article.c_str(), section.c_str(), title.size(),
                         heading.size(), text.size());
            std::fwrite(title.data(), 1, title.size(), out);
            std::fwrite(heading.data(), 1, heading.size(), out);
            std::fwrite(text.data(), 1, text.size(), out);
        }
        bool write_failed = std::ferror(out) != 0;
        if (std::fclose(out) != 0 || write_failed) {
            std::perror(argv[2]);
            return 2;
        }
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "dump-sections: %s\n", e.get_description().c_str());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dump-sections: document %u: %s\n", did, e.what());
        return 2;
    }
    return 0;
}
