#include "compute/metadata/password.hpp"

#include <algorithm>
#include <vector>

#include "common/json/utf8.hpp"

namespace onestack::compute::metadata {

std::optional<std::string> extract_password(const boost::json::object& system_metadata) {
    std::vector<std::string_view> keys;
    for (const auto& [k, v] : system_metadata) {
        if (k.starts_with("password_") && v.is_string()) {
            keys.push_back(k);
        }
    }
    std::sort(keys.begin(), keys.end());
    std::string out;
    for (auto k : keys) {
        out += system_metadata.at(k).get_string();
    }
    if (out.empty()) {
        return std::nullopt;
    }
    return out;
}

boost::json::object convert_password(std::string_view password) {
    boost::json::object out;
    std::size_t i = 0;
    for (std::size_t chunk = 0; chunk < kPasswordChunks; ++chunk) {
        std::size_t start = i;
        for (std::size_t n = 0; n < kPasswordChunkLength && i < password.size(); ++n) {
            onestack::json::utf8::next(password, i);
        }
        out["password_" + std::to_string(chunk)] = password.substr(start, i - start);
    }
    return out;
}

}  // namespace onestack::compute::metadata
