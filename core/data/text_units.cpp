#include "core/data/experiment_data.h"
#include "core/data/text_cleaning.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace rs {

namespace {

// Splits text into sentences (ends at . ! ? followed by a space and a non-lowercase letter).
std::vector<std::string> sentences(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && i + 2 < text.size() &&
            text[i + 1] == ' ' && !std::islower(static_cast<unsigned char>(text[i + 2]))) {
            out.push_back(text.substr(start, i + 1 - start));
            start = i + 2;
        }
    }
    if (start < text.size()) {
        out.push_back(text.substr(start));
    }
    return out;
}

} // namespace

std::vector<std::string> cutUnits(const Document& doc, size_t min_words, size_t max_words) {
    std::vector<std::string> units;
    std::string cur;
    size_t cur_words = 0;
    for (const auto& para : doc.paragraphs) {
        for (const auto& s : sentences(para)) {
            const size_t w = countWords(s);
            if (cur_words >= min_words / 2 && cur_words + w > max_words) {
                units.push_back(cur);
                cur.clear();
                cur_words = 0;
            }
            cur += (cur.empty() ? "" : " ") + s;
            cur_words += w;
            if (cur_words >= min_words) {
                units.push_back(cur);
                cur.clear();
                cur_words = 0;
            }
        }
    }
    if (cur_words >= min_words / 2) { // a short tail is kept only if it is half a unit
        units.push_back(cur);
    }
    return units;
}

double quantile(std::vector<double> xs, double q) {
    if (xs.empty()) {
        return 0.0;
    }
    std::sort(xs.begin(), xs.end());
    const double pos = q * double(xs.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(xs.size() - 1, lo + 1);
    return xs[lo] + (pos - double(lo)) * (xs[hi] - xs[lo]);
}

} // namespace rs
