#include "common/db/value.hpp"

#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

namespace onestack::db {

const Value& Row::at(std::string_view column) const {
    for (std::size_t i = 0; i < names_->size(); ++i) {
        if ((*names_)[i] == column) {
            return values_[i];
        }
    }
    throw std::out_of_range(fmt::format("no column '{}' in result", column));
}

bool Row::is_null(std::string_view column) const {
    return std::holds_alternative<std::monostate>(at(column));
}

std::string Row::str(std::string_view column) const {
    const auto& v = at(column);
    if (const auto* s = std::get_if<std::string>(&v)) {
        return *s;
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        return std::to_string(*i);
    }
    if (const auto* d = std::get_if<double>(&v)) {
        return fmt::format("{}", *d);
    }
    return {};
}

std::optional<std::string> Row::opt_str(std::string_view column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return str(column);
}

std::int64_t Row::i64(std::string_view column) const {
    const auto& v = at(column);
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        return *i;
    }
    if (const auto* d = std::get_if<double>(&v)) {
        return static_cast<std::int64_t>(*d);
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        std::int64_t out = 0;
        if (*s == "t" || *s == "true") {
            return 1;
        }
        std::from_chars(s->data(), s->data() + s->size(), out);
        return out;
    }
    return 0;
}

double Row::f64(std::string_view column) const {
    const auto& v = at(column);
    if (const auto* d = std::get_if<double>(&v)) {
        return *d;
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        return static_cast<double>(*i);
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        return s->empty() ? 0.0 : std::stod(*s);
    }
    return 0.0;
}

std::string set_clause(std::map<std::string, Value> fields, Params& params) {
    std::string sql;
    for (auto& [column, value] : fields) {
        sql += (sql.empty() ? "" : ", ") + column + " = :v" + std::to_string(params.size());
        params.push_back(std::move(value));
    }
    return sql;
}

}  // namespace onestack::db
