#pragma once
// Conversion of an option's text into its typed value, with the checks oslo's types do
// (bool spellings, integer/float syntax, bounds, choices). Done once per load, so that
// getters only copy out a ready value.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/option.hpp"

namespace onestack::config {

struct TypedValue {
    std::string text;        // the value after $substitution, as get_string returns it
    bool has_value = false;  // false for an empty value (oslo's None)
    std::int64_t int_value = 0;
    double float_value = 0;
    bool bool_value = false;
    std::vector<std::string> list_value;
};

// Throws std::invalid_argument with a reason (no location; the caller knows it). An empty
// (or blank, for numbers and bools) text means "unset" and passes every check.
TypedValue parse_value(const OptionDef& def, std::string text);

}  // namespace onestack::config
