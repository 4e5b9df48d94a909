#pragma once
// What every fuzz target shares: the input written as a file (the readers read files, so the
// code under test is the code users run), and the one acceptable refusal of bad input.
#include "core/util/error.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace rs::fuzz {

// A private folder for this process (mkdtemp), removed when the fuzzer exits normally.
class Scratch {
  public:
    Scratch() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "rankscope-fuzz.XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            std::abort();
        }
        dir_ = pattern;
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path dir_;
};

inline std::filesystem::path writeInput(const uint8_t* data, size_t size, const std::string& name) {
    static Scratch scratch;
    const auto path = scratch.dir() / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    return path;
}

// A reader may refuse bad input only with a UserError that says something; any other exception
// escapes, and libFuzzer reports it as a crash (an "internal error" a user would have seen).
template <class Read> void refuseOnlyWithUserError(Read&& read) {
    try {
        read();
    } catch (const UserError& e) {
        if (e.what()[0] == '\0') {
            std::abort();
        }
    }
}

} // namespace rs::fuzz
