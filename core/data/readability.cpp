#include "core/data/readability.h"

#include <cctype>
#include <cstring>
#include <cmath>
#include <unordered_map>

namespace rs {

FamiliarWords::FamiliarWords(std::vector<std::string> words) : words_(words.begin(), words.end()) {}

FamiliarWords FamiliarWords::fromNpmIndex(const std::string& js) {
    std::vector<std::string> words;
    for (size_t i = js.find('['); i != std::string::npos && i < js.size(); ++i) {
        if (js[i] == '\'' || js[i] == '"') {
            size_t end = js.find(js[i], i + 1);
            if (end == std::string::npos) {
                break;
            }
            words.push_back(js.substr(i + 1, end - i - 1));
            i = end;
        }
    }
    return FamiliarWords(std::move(words));
}

bool FamiliarWords::familiar(const std::string& w) const {
    if (words_.count(w)) {
        return true;
    }
    auto strip = [&](const char* suffix, const char* add) {
        const std::string s = suffix;
        if (w.size() > s.size() + 2 && w.compare(w.size() - s.size(), s.size(), s) == 0) {
            return words_.count(w.substr(0, w.size() - s.size()) + add) > 0;
        }
        return false;
    };
    return strip("s", "") || strip("es", "") || strip("ies", "y") || strip("ed", "") ||
           strip("d", "") || strip("ied", "y") || strip("ing", "") || strip("ing", "e") ||
           strip("'s", "") || strip("er", "") || strip("est", "") || strip("ly", "");
}

int countSyllables(const std::string& w) {
    auto vowel = [](char c) { return std::strchr("aeiouy", c) != nullptr && c != '\0'; };
    int count = 0;
    bool prev = false;
    for (char c : w) {
        bool v = vowel(c);
        count += (v && !prev) ? 1 : 0;
        prev = v;
    }
    // A final silent e ("make"), but not "-le" after a consonant ("table").
    if (w.size() > 2 && w.back() == 'e' && !vowel(w[w.size() - 2]) &&
        !(w[w.size() - 2] == 'l' && !vowel(w[w.size() - 3]))) {
        --count;
    }
    return count < 1 ? 1 : count;
}

std::vector<std::string> wordsOf(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (size_t i = 0; i <= text.size(); ++i) {
        const unsigned char c = i < text.size() ? text[i] : ' ';
        const bool inner = (c == '\'' || c == '-') && !cur.empty() && i + 1 < text.size() &&
                           std::isalpha(static_cast<unsigned char>(text[i + 1]));
        if (std::isalpha(c) || inner) {
            cur += char(std::tolower(c));
        } else if (!cur.empty()) {
            out.push_back(cur);
            cur.clear();
        }
    }
    return out;
}

size_t countSentences(const std::string& text) {
    size_t n = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '.' || text[i] == '!' || text[i] == '?') {
            while (i + 1 < text.size() && std::strchr(".!?\"')”’", text[i + 1]) && text[i + 1]) {
                ++i;
            }
            // "e.g." or "3.5" continue the sentence: require a space and a capital/quote next.
            if (i + 1 >= text.size() || (text[i + 1] == ' ' && i + 2 < text.size() &&
                                         !std::islower(static_cast<unsigned char>(text[i + 2])))) {
                ++n;
            }
        }
    }
    return n == 0 ? 1 : n;
}

double entropyBits(const std::vector<std::string>& items) {
    std::unordered_map<std::string, double> counts;
    for (const auto& w : items) {
        counts[w] += 1.0;
    }
    double h = 0.0;
    for (const auto& [_, c] : counts) {
        const double p = c / double(items.size());
        h -= p * std::log2(p);
    }
    return h;
}

Readability scoreText(const std::string& text, const FamiliarWords& familiar) {
    Readability r;
    const auto words = wordsOf(text);
    r.words = words.size();
    r.sentences = countSentences(text);
    if (r.words == 0) {
        return r;
    }
    for (const auto& w : words) {
        r.syllables += size_t(countSyllables(w));
        r.unfamiliar += familiar.familiar(w) ? 0 : 1;
    }
    const double wps = double(r.words) / double(r.sentences);
    r.mean_sentence_len = wps;
    r.fk_grade = 0.39 * wps + 11.8 * double(r.syllables) / double(r.words) - 15.59;
    r.unfamiliar_share = double(r.unfamiliar) / double(r.words);
    const double pct = 100.0 * r.unfamiliar_share;
    r.dale_chall = 0.1579 * pct + 0.0496 * wps + (pct > 5.0 ? 3.6365 : 0.0);
    r.word_entropy = entropyBits(words);
    return r;
}

} // namespace rs
