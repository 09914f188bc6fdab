#include "compute/manager/injected_files.hpp"

#include <boost/json.hpp>

#include <stdexcept>

#include "compute/api/base64.hpp"

namespace onestack::compute::manager {

std::vector<std::pair<std::string, std::string>> decode_injected_files(
    const boost::json::value* files) {
    std::vector<std::pair<std::string, std::string>> out;
    if (files == nullptr || !files->is_array()) {
        return out;
    }
    for (const auto& f : files->get_array()) {
        const auto* pair = f.if_array();
        if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() ||
            !(*pair)[1].is_string()) {
            throw std::runtime_error("malformed injected file");
        }
        std::string path((*pair)[0].get_string());
        auto bytes = compute::api::base64_decode((*pair)[1].get_string());
        if (!bytes) {
            throw std::runtime_error("Invalid Base 64 data for file " + path);
        }
        out.emplace_back(std::move(path), std::move(*bytes));
    }
    return out;
}

}  // namespace onestack::compute::manager
