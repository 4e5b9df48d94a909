#include "core/data/text_cleaning.h"

#include <algorithm>
#include <cstring>
#include <cctype>
#include <sstream>

namespace rs {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) {
        c = char(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

bool isBlank(const std::string& line) {
    return std::all_of(line.begin(), line.end(),
                       [](unsigned char c) { return std::isspace(c) != 0; });
}

size_t indentOf(const std::string& line) {
    size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
    }
    return i;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        out.push_back(line);
    }
    return out;
}

void flush(std::string& current, std::vector<std::string>& out) {
    auto p = collapseWhitespace(current);
    if (!p.empty()) {
        out.push_back(p);
    }
    current.clear();
}

// Removes every <tag ...>...</tag> element (case-insensitive name), contents included, leaving
// `gap` in its place (a paragraph break for block elements, a space for inline notes).
std::string dropElements(const std::string& s, const std::string& tag,
                         const std::string& gap = "\n\n") {
    const std::string ls = lower(s);
    const std::string open = "<" + tag, close = "</" + tag + ">";
    std::string out;
    size_t pos = 0;
    while (true) {
        size_t a = ls.find(open, pos);
        while (a != std::string::npos && a + open.size() < ls.size() &&
               std::isalnum(static_cast<unsigned char>(ls[a + open.size()]))) {
            a = ls.find(open, a + 1); // <pre> must not match <prefix>
        }
        if (a == std::string::npos) {
            out += s.substr(pos);
            return out;
        }
        out += s.substr(pos, a - pos);
        size_t b = ls.find(close, a);
        if (b == std::string::npos) {
            return out;
        }
        pos = b + close.size();
        out += gap;
    }
}

// Replaces every <...> tag by what `replacement` returns for its lower-cased inside.
template <typename F> std::string replaceTags(const std::string& s, F replacement) {
    std::string text;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '<') {
            text += s[i];
            continue;
        }
        const size_t end = s.find('>', i);
        if (end == std::string::npos) {
            break;
        }
        text += replacement(lower(s.substr(i + 1, end - i - 1)));
        i = end;
    }
    return text;
}

} // namespace

std::string collapseWhitespace(const std::string& s) {
    std::string out;
    bool space = false;
    for (unsigned char c : s) {
        if (std::isspace(c)) {
            space = !out.empty();
        } else {
            if (space) {
                out += ' ';
            }
            out += char(c);
            space = false;
        }
    }
    return out;
}

std::string decodeHtmlEntities(const std::string& s) {
    static const std::pair<const char*, const char*> kNamed[] = {
        {"amp", "&"},   {"lt", "<"},    {"gt", ">"},    {"quot", "\""},  {"apos", "'"},
        {"nbsp", " "},  {"mdash", "—"}, {"ndash", "–"}, {"hellip", "…"}, {"rsquo", "’"},
        {"lsquo", "‘"}, {"rdquo", "”"}, {"ldquo", "“"}, {"copy", "©"}};
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        size_t semi = s.find(';', i);
        if (semi == std::string::npos || semi - i > 10) {
            out += s[i];
            continue;
        }
        std::string name = s.substr(i + 1, semi - i - 1);
        std::string rep;
        if (!name.empty() && name[0] == '#') {
            long cp = 0;
            try {
                cp = (name.size() > 1 && (name[1] == 'x' || name[1] == 'X'))
                         ? std::stol(name.substr(2), nullptr, 16)
                         : std::stol(name.substr(1));
            } catch (...) {
                cp = -1;
            }
            if (cp > 0 && cp < 0x110000) { // UTF-8 encode
                if (cp < 0x80) {
                    rep = char(cp);
                } else if (cp < 0x800) {
                    rep = {char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
                } else if (cp < 0x10000) {
                    rep = {char(0xE0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3F)),
                           char(0x80 | (cp & 0x3F))};
                } else {
                    rep = {char(0xF0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3F)),
                           char(0x80 | ((cp >> 6) & 0x3F)), char(0x80 | (cp & 0x3F))};
                }
            }
        } else {
            for (const auto& [n, r] : kNamed) {
                if (name == n) {
                    rep = r;
                }
            }
        }
        if (rep.empty()) {
            out += s[i];
            continue;
        }
        out += rep;
        i = semi;
    }
    return out;
}

size_t countWords(const std::string& s) {
    size_t n = 0;
    bool in_word = false;
    for (unsigned char c : s) {
        bool w = !std::isspace(c);
        n += (w && !in_word) ? 1 : 0;
        in_word = w;
    }
    return n;
}

bool keepParagraph(const std::string& p) {
    const size_t words = countWords(p);
    if (words < 5) {
        return false;
    }
    const char last = p.back();
    auto endsWith = [&](const char* s) {
        const size_t n = std::strlen(s);
        return p.size() >= n && p.compare(p.size() - n, n, s) == 0;
    };
    const bool terminated = last == '.' || last == '!' || last == '?' || last == '"' ||
                            last == '\'' || last == ')' || endsWith("”") || endsWith("’");
    if (!terminated && words < 20) {
        return false;
    }
    size_t symbols = 0, lowers = 0;
    for (unsigned char c : p) {
        symbols += std::strchr("{}[]<>=_/\\|#$@^~*;`", c) && c ? 1 : 0;
        lowers += std::islower(c) ? 1 : 0;
    }
    return lowers > p.size() / 3 && symbols * 25 < p.size();
}

std::vector<std::string> paragraphsFromPlain(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (const auto& line : lines(text)) {
        if (isBlank(line)) {
            flush(cur, out);
        } else {
            cur += line + " ";
        }
    }
    flush(cur, out);
    return out;
}

std::vector<std::string> paragraphsFromHtml(const std::string& html) {
    std::string s = html;
    for (const char* tag : {"script", "style", "pre", "head", "table", "h1", "h2", "h3", "h4", "h5",
                            "h6", "title", "nav"}) {
        s = dropElements(s, tag);
    }
    // Block-level tags end paragraphs; all other tags vanish.
    static const char* kBlock[] = {"p",  "div", "br",         "li", "ul", "ol",      "dd",
                                   "dt", "dl",  "blockquote", "tr", "td", "section", "hr"};
    const std::string text = replaceTags(s, [](const std::string& inside) {
        std::string tag = inside;
        if (!tag.empty() && tag[0] == '/') {
            tag.erase(0, 1);
        }
        tag = tag.substr(0, tag.find_first_of(" \t\n/"));
        const bool block = std::any_of(std::begin(kBlock), std::end(kBlock),
                                       [&](const char* b) { return tag == b; });
        return std::string(block ? "\n\n" : "");
    });
    auto paras = paragraphsFromPlain(text);
    for (auto& p : paras) {
        p = collapseWhitespace(decodeHtmlEntities(p));
    }
    return paras;
}

namespace {

// :role:`text <target>` -> text, ``literal`` -> literal, `link <url>`_ -> link, **b** -> b.
std::string stripRstInline(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ':' && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
            size_t j = i + 1;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-' ||
                                    s[j] == ':' || s[j] == '_')) {
                ++j;
            }
            if (j < s.size() && s[j] == '`' && s[j - 1] == ':') {
                i = j - 1; // the role disappears; the backquoted text follows
                continue;
            }
        }
        if (s[i] == '`') {
            size_t j = i;
            while (j < s.size() && s[j] == '`') {
                ++j;
            }
            size_t ticks = j - i;
            size_t close = s.find(std::string(ticks, '`'), j);
            if (close == std::string::npos) {
                continue;
            }
            std::string inner = s.substr(j, close - j);
            auto lt = inner.find(" <");
            if (lt != std::string::npos && inner.back() == '>') {
                inner = inner.substr(0, lt);
            }
            if (!inner.empty() && inner.front() == '~') {
                inner.erase(0, 1);
            }
            out += inner;
            i = close + ticks - 1;
            while (i + 1 < s.size() && s[i + 1] == '_') {
                ++i;
            }
            continue;
        }
        if (s[i] == '*') {
            continue;
        }
        out += s[i];
    }
    return out;
}

bool isRstAdornment(const std::string& line) {
    if (line.size() < 3 || isBlank(line)) {
        return false;
    }
    const char c = line[0];
    if (!std::strchr("=-~^\"'`#*+_.:", c)) {
        return false;
    }
    return std::all_of(line.begin(), line.end(), [&](char x) { return x == c || x == ' '; });
}

} // namespace

std::vector<std::string> paragraphsFromRst(const std::string& rst) {
    std::vector<std::string> out;
    std::string cur;
    auto ls = lines(rst);
    bool skip_indented = false; // inside a directive, literal block or comment
    for (size_t i = 0; i < ls.size(); ++i) {
        const auto& line = ls[i];
        if (isBlank(line)) {
            flush(cur, out);
            continue;
        }
        const size_t indent = indentOf(line);
        if (indent > 0) {
            // Indented material is literal/code, directive content or a block quote: dropped.
            if (skip_indented || cur.empty()) {
                continue;
            }
        } else {
            skip_indented = false;
        }
        if (line.rfind(".. ", 0) == 0 || line == "..") {
            flush(cur, out);
            skip_indented = true;
            continue;
        }
        if (isRstAdornment(line) || line[indent] == '|' || line[indent] == '+') {
            cur.clear(); // a title above an underline, or a table row
            continue;
        }
        std::string text = line.substr(indent);
        if (text.size() >= 2 && text.compare(text.size() - 2, 2, "::") == 0) {
            text.pop_back(); // "Example::" introduces a literal block, which is skipped
            if (!text.empty() && text.back() == ':') {
                text.back() = '.';
            }
            skip_indented = true;
        }
        if (text.rfind("- ", 0) == 0 || text.rfind("* ", 0) == 0) {
            flush(cur, out);
            text = text.substr(2);
        }
        cur += stripRstInline(text) + " ";
    }
    flush(cur, out);
    return out;
}

namespace {

// POD formatting codes: B<x> I<x> C<x> F<x> S<x> -> x, L<text|link> -> text, E<lt> -> <,
// X<...> and Z<> -> nothing. Handles the << >> forms by counting angle brackets.
std::string stripPodCodes(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i + 1 < s.size() && std::strchr("BICFSLEXZ", s[i]) && s[i + 1] == '<' &&
            (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1])))) {
            const char code = s[i];
            size_t j = i + 1;
            size_t opens = 0;
            while (j < s.size() && s[j] == '<') {
                ++opens;
                ++j;
            }
            size_t end = j;
            int depth = 1;
            if (opens > 1) {
                std::string closer(opens + 1, '>');
                closer[0] = ' ';
                end = s.find(closer, j);
                if (end == std::string::npos) {
                    end = s.size();
                }
            } else {
                while (end < s.size() && depth > 0) {
                    depth += s[end] == '<' ? 1 : s[end] == '>' ? -1 : 0;
                    end += depth > 0 ? 1 : 0;
                }
            }
            std::string inner = stripPodCodes(collapseWhitespace(s.substr(j, end - j)));
            if (code == 'L') {
                auto bar = inner.find('|');
                inner = bar == std::string::npos ? inner : inner.substr(0, bar);
                auto slash = inner.find('/');
                if (bar == std::string::npos && slash != std::string::npos) {
                    inner = inner.substr(0, slash);
                }
            } else if (code == 'E') {
                static const std::pair<const char*, char> kEscapes[] = {
                    {"lt", '<'}, {"gt", '>'}, {"verbar", '|'}, {"sol", '/'}};
                char c = 0;
                for (const auto& [name, ch] : kEscapes) {
                    c = inner == name ? ch : c;
                }
                inner.clear();
                if (c) {
                    inner.push_back(c);
                }
            } else if (code == 'X' || code == 'Z') {
                inner.clear();
            }
            out += inner;
            // Continue after the closing bracket(s): ">" or " >>".
            i = std::min(s.size(), end + (opens > 1 ? opens + 1 : 1)) - 1;
            continue;
        }
        out += s[i];
    }
    return out;
}

} // namespace

std::vector<std::string> paragraphsFromPod(const std::string& pod) {
    std::vector<std::string> out;
    std::string cur;
    bool in_pod = true, in_begin = false, verbatim = false;
    for (const auto& line : lines(pod)) {
        if (line.rfind("=cut", 0) == 0) {
            flush(cur, out);
            in_pod = false;
            continue;
        }
        if (!line.empty() && line[0] == '=') {
            flush(cur, out);
            in_pod = true;
            if (line.rfind("=begin", 0) == 0) {
                in_begin = true;
            } else if (line.rfind("=end", 0) == 0) {
                in_begin = false;
            } else if (line.rfind("=item", 0) == 0) {
                // "=item text" starts a list entry whose text may be prose
                std::string rest = collapseWhitespace(line.substr(5));
                if (!rest.empty() && rest != "*" &&
                    !std::isdigit(static_cast<unsigned char>(rest[0]))) {
                    cur = stripPodCodes(rest) + " ";
                }
            }
            continue;
        }
        if (!in_pod || in_begin) {
            continue;
        }
        if (isBlank(line)) {
            flush(cur, out);
            verbatim = false;
            continue;
        }
        if (cur.empty() && (line[0] == ' ' || line[0] == '\t')) {
            verbatim = true; // a verbatim (code) paragraph
        }
        if (!verbatim) {
            cur += stripPodCodes(line) + " ";
        }
    }
    flush(cur, out);
    return out;
}

std::vector<std::string> paragraphsFromOsis(const std::string& osis) {
    std::string s = osis;
    for (const char* tag : {"note", "title", "rdg"}) {
        s = dropElements(s, tag, " ");
    }
    const std::string text = replaceTags(s, [](const std::string& tag) {
        // Chapters and paragraph milestones end a paragraph; verses just run on.
        const bool boundary = tag.rfind("chapter", 0) == 0 || tag.rfind("/chapter", 0) == 0 ||
                              (tag.rfind("p", 0) == 0 && (tag.size() == 1 || tag[1] == ' ')) ||
                              tag.find("x-p") != std::string::npos || tag.rfind("div", 0) == 0;
        return std::string(boundary ? "\n\n" : " ");
    });
    auto paras = paragraphsFromPlain(text);
    for (auto& p : paras) {
        p = collapseWhitespace(decodeHtmlEntities(p));
        // Spaces left by removed tags before punctuation: "word ." -> "word."
        std::string fixed;
        for (size_t i = 0; i < p.size(); ++i) {
            if (p[i] == ' ' && i + 1 < p.size() && std::strchr(".,;:!?’”)", p[i + 1])) {
                continue;
            }
            fixed += p[i];
        }
        p = fixed;
    }
    return paras;
}

} // namespace rs
