#include "common/config/option_value.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

namespace onestack::config {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::int64_t parse_int(std::string_view s) {
    std::string_view digits = trim(s);
    if (!digits.empty() && digits.front() == '+') {
        digits.remove_prefix(1);  // Python's int() accepts "+5"; from_chars does not
    }
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range) {
        throw std::invalid_argument(fmt::format("integer value '{}' is out of range", s));
    }
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size()) {
        throw std::invalid_argument(fmt::format("invalid integer value '{}'", s));
    }
    return value;
}

double parse_float(std::string_view s) {
    std::string_view number = trim(s);
    if (!number.empty() && number.front() == '+') {
        number.remove_prefix(1);
    }
    double value = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || ec != std::errc{} || end != number.data() + number.size()) {
        throw std::invalid_argument(fmt::format("invalid floating point value '{}'", s));
    }
    return value;
}

bool parse_bool(std::string_view s) {
    const std::string word = lower(trim(s));
    if (word == "true" || word == "1" || word == "on" || word == "yes") {
        return true;
    }
    if (word == "false" || word == "0" || word == "off" || word == "no") {
        return false;
    }
    throw std::invalid_argument(fmt::format("invalid boolean value '{}'", s));
}

// oslo's List type: strip, drop one trailing comma run, split on commas, strip each item.
std::vector<std::string> parse_list(std::string_view s) {
    std::string_view body = trim(s);
    while (!body.empty() && body.back() == ',') {
        body.remove_suffix(1);
    }
    std::vector<std::string> items;
    if (body.empty()) {
        return items;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = body.find(',', start);
        items.emplace_back(trim(body.substr(start, comma - start)));
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return items;
}

std::string join_choices(const std::vector<std::string>& choices) {
    std::string out;
    for (const auto& choice : choices) {
        out += out.empty() ? "" : ", ";
        out += choice;
    }
    return out;
}

void check_choice(const OptionDef& def, std::string_view value) {
    if (def.choices.empty()) {
        return;
    }
    bool allowed = false;
    for (const auto& choice : def.choices) {
        switch (def.type) {
            case Type::Int:
                allowed = parse_int(choice) == parse_int(value);
                break;
            case Type::Float:
                allowed = parse_float(choice) == parse_float(value);
                break;
            case Type::Bool:
                allowed = parse_bool(choice) == parse_bool(value);
                break;
            default:
                allowed = choice == value;
                break;
        }
        if (allowed) {
            return;
        }
    }
    throw std::invalid_argument(
        fmt::format("value '{}' is not one of: {}", value, join_choices(def.choices)));
}

void check_bounds(const OptionDef& def, double value, std::string_view text) {
    if (def.min && value < *def.min) {
        throw std::invalid_argument(
            fmt::format("value {} is less than the minimum {}", trim(text), *def.min));
    }
    if (def.max && value > *def.max) {
        throw std::invalid_argument(
            fmt::format("value {} is greater than the maximum {}", trim(text), *def.max));
    }
}

}  // namespace

TypedValue parse_value(const OptionDef& def, std::string text) {
    TypedValue out;
    const bool blank = trim(text).empty();
    switch (def.type) {
        case Type::String:
        case Type::Secret:
            out.has_value = !text.empty();
            if (out.has_value) {
                check_choice(def, text);
            }
            break;
        case Type::Int:
            out.has_value = !blank;
            if (out.has_value) {
                out.int_value = parse_int(text);
                out.float_value = static_cast<double>(out.int_value);
                check_bounds(def, out.float_value, text);
                check_choice(def, text);
            }
            break;
        case Type::Float:
            out.has_value = !blank;
            if (out.has_value) {
                out.float_value = parse_float(text);
                check_bounds(def, out.float_value, text);
                check_choice(def, text);
            }
            break;
        case Type::Bool:
            out.has_value = !blank;
            if (out.has_value) {
                out.bool_value = parse_bool(text);
                check_choice(def, text);
            }
            break;
        case Type::List:
            out.list_value = parse_list(text);
            out.has_value = !out.list_value.empty();
            for (const auto& item : out.list_value) {
                check_choice(def, item);
            }
            break;
    }
    out.text = std::move(text);
    return out;
}

}  // namespace onestack::config
