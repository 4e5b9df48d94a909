#include "core/config/choices.h"

namespace rs {

std::string quotedChoices(const std::vector<std::string>& keys) {
    std::string out;
    for (size_t i = 0; i < keys.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == keys.size() ? " or " : ", ") + ("\"" + keys[i] + "\"");
    }
    return out;
}

} // namespace rs
