#include "compute/scheduler/extra_specs_ops.hpp"

#include <charconv>
#include <optional>
#include <sstream>
#include <vector>

namespace onestack::compute::scheduler {
namespace {

std::optional<double> number(const std::string& s) {
    try {
        std::size_t used = 0;
        double d = std::stod(s, &used);
        if (used != s.size()) {
            return std::nullopt;
        }
        return d;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

bool extra_spec_matches(const std::string& value, const std::string& req) {
    std::istringstream in(req);
    std::vector<std::string> words;
    for (std::string w; in >> w;) {
        words.push_back(w);
    }
    static const char* kOps[] = {"=",   "<in>", "<all-in>", "==",  "!=", ">=",  "<=",
                                 "s==", "s!=",  "s<",       "s<=", "s>", "s>=", "<or>"};
    std::string op = words.empty() ? "" : words.front();
    bool known = false;
    for (const char* k : kOps) {
        known = known || op == k;
    }
    if (!known) {
        return value == req;
    }
    words.erase(words.begin());
    if (op == "<or>") {
        // "<or> v1 <or> v2": every other word is a candidate.
        for (std::size_t i = 0; i < words.size(); i += 2) {
            if (words[i] == value) {
                return true;
            }
        }
        return false;
    }
    if (words.empty()) {
        return false;
    }
    const auto& want = words.front();
    if (op == "<in>") {
        return value.find(want) != std::string::npos;
    }
    if (op == "<all-in>") {
        for (const auto& w : words) {
            if (value.find(w) == std::string::npos) {
                return false;
            }
        }
        return true;
    }
    if (op[0] == 's') {
        auto c = value.compare(want);
        if (op == "s==") {
            return c == 0;
        }
        if (op == "s!=") {
            return c != 0;
        }
        if (op == "s<") {
            return c < 0;
        }
        if (op == "s<=") {
            return c <= 0;
        }
        if (op == "s>") {
            return c > 0;
        }
        return c >= 0;  // s>=
    }
    auto x = number(value);
    auto y = number(want);
    if (!x || !y) {
        return false;  // upstream raises; a host that cannot be compared does not pass
    }
    if (op == "=" || op == ">=") {
        return *x >= *y;
    }
    if (op == "==") {
        return *x == *y;
    }
    if (op == "!=") {
        return *x != *y;
    }
    return *x <= *y;  // <=
}

}  // namespace onestack::compute::scheduler
