#include "common/policy/policy_file.hpp"

#include <filesystem>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

namespace onestack::policy {

std::optional<RuleOverrides> read_policy_file(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        return std::nullopt;
    }
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::Exception& e) {
        throw std::runtime_error("policy file " + path + ": " + e.what());
    }
    RuleOverrides rules;
    if (!root || root.IsNull()) {
        return rules;  // an empty file overrides nothing
    }
    if (!root.IsMap()) {
        throw std::runtime_error("policy file " + path + ": expected a mapping of rule names");
    }
    for (const auto& entry : root) {
        if (!entry.first.IsScalar()) {
            throw std::runtime_error("policy file " + path + ": rule names must be strings");
        }
        const std::string name = entry.first.Scalar();
        const YAML::Node& value = entry.second;
        if (value.IsNull()) {
            rules.emplace_back(name, "");
        } else if (value.IsScalar()) {
            rules.emplace_back(name, value.Scalar());
        } else {
            // oslo's old list-of-lists syntax is not supported: refuse rather than guess.
            throw std::runtime_error("policy file " + path + ": rule \"" + name +
                                     "\" must be a check string");
        }
    }
    return rules;
}

}  // namespace onestack::policy
