#include "compute/api/injected_files.hpp"

#include <algorithm>

#include "common/api/fault.hpp"

namespace onestack::compute::api {

using onestack::api::Fault;

InjectedFiles injected_files_from(const boost::json::value* personality) {
    InjectedFiles files;
    if (personality == nullptr || !personality->is_array()) {
        return files;
    }
    for (const auto& item : personality->get_array()) {
        const auto& o = item.as_object();
        auto text = [&](const char* key) {
            const auto* v = o.if_contains(key);
            return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
        };
        files.emplace_back(text("path"), text("contents"));
    }
    return files;
}

void check_injected_file_quota(const std::map<std::string, int>& limits,
                               const InjectedFiles& files) {
    if (files.empty()) {
        return;
    }
    auto limit = [&](const char* name) {
        auto it = limits.find(name);
        return it == limits.end() ? -1 : it->second;
    };
    auto over = [](int allowed, std::size_t n) {
        return allowed >= 0 && n > static_cast<std::size_t>(allowed);
    };
    if (over(limit("injected_files"), files.size())) {
        throw Fault::forbidden("Personality file limit exceeded");
    }
    std::size_t max_path = 0;
    std::size_t max_content = 0;
    for (const auto& [path, contents] : files) {
        max_path = std::max(max_path, path.size());
        max_content = std::max(max_content, contents.size());
    }
    // Nova reports the path limit before the content one.
    if (over(limit("injected_file_path_bytes"), max_path)) {
        throw Fault::forbidden("Personality file path exceeds maximum " +
                               std::to_string(limit("injected_file_path_bytes")));
    }
    if (over(limit("injected_file_content_bytes"), max_content)) {
        throw Fault::forbidden("Personality file content exceeds maximum " +
                               std::to_string(limit("injected_file_content_bytes")));
    }
}

boost::json::array injected_files_json(const InjectedFiles& files) {
    boost::json::array out;
    for (const auto& [path, contents] : files) {
        out.push_back(boost::json::array{boost::json::value(path), boost::json::value(contents)});
    }
    return out;
}

}  // namespace onestack::compute::api
