#include "compute/api/schemas.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "compute/api/common.hpp"

namespace onestack::compute::api {

const onestack::json::Schema& schema(std::string_view name) {
    static std::mutex mu;
    static std::map<std::string, std::unique_ptr<onestack::json::Schema>, std::less<>> compiled;
    std::lock_guard lock(mu);
    if (auto it = compiled.find(name); it != compiled.end()) {
        return *it->second;
    }
    for (const auto& [key, text] : schema_texts()) {
        if (name == key) {
            auto s = std::make_unique<onestack::json::Schema>(compile_schema(text));
            auto& ref = *s;
            compiled.emplace(std::string(name), std::move(s));
            return ref;
        }
    }
    throw std::invalid_argument("no such compute schema: " + std::string(name));
}

}  // namespace onestack::compute::api
