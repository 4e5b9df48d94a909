#pragma once

#include <string>
#include <unordered_set>
#include <vector>

namespace rs {

// Readability of one text unit. Word = run of letters (with inner apostrophes/hyphens).
struct Readability {
    size_t words = 0, sentences = 0, syllables = 0, unfamiliar = 0;
    double fk_grade = 0.0;          // Flesch-Kincaid grade level
    double dale_chall = 0.0;        // New Dale-Chall score (with the 3.6365 adjustment)
    double mean_sentence_len = 0.0; // words per sentence
    double unfamiliar_share = 0.0;  // fraction of words not on the familiar list
    double word_entropy = 0.0;      // unigram entropy of the unit's words, bits per word
};

// The 2,942-entry familiar-word list as published in the npm package `dale-chall`.
class FamiliarWords {
  public:
    FamiliarWords() = default;
    explicit FamiliarWords(std::vector<std::string> words);
    // Reads the quoted words of the package's index.js.
    static FamiliarWords fromNpmIndex(const std::string& index_js);
    // Familiar as listed, or a regular inflection of a listed word (-s, -es, -ed, -ing, ...).
    bool familiar(const std::string& lower_word) const;
    size_t size() const { return words_.size(); }

  private:
    std::unordered_set<std::string> words_;
};

int countSyllables(const std::string& lower_word);
std::vector<std::string> wordsOf(const std::string& text); // lower-cased
size_t countSentences(const std::string& text);
Readability scoreText(const std::string& text, const FamiliarWords& familiar);
double entropyBits(const std::vector<std::string>& items);

} // namespace rs
