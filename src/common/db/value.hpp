#pragma once
// Values that cross the db boundary: parameters and columns.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace onestack::db {

// NULL, text, integer (booleans are 0/1) or real.
using Value = std::variant<std::monostate, std::string, std::int64_t, double>;
using Params = std::vector<Value>;

inline Value null() {
    return std::monostate{};
}
inline Value opt(const std::optional<std::string>& v) {
    return v ? Value(*v) : Value(std::monostate{});
}
// Empty string stored as NULL (optional foreign keys such as parent_id).
inline Value nullable(const std::string& v) {
    return v.empty() ? Value(std::monostate{}) : Value(v);
}
inline Value boolean(bool b) {
    return std::int64_t{b ? 1 : 0};
}

// "a = :v0, b = :v1" for UPDATE ... SET, the values appended to params.
// Column names must come from code, never from requests.
std::string set_clause(std::map<std::string, Value> fields, Params& params);

class Row {
  public:
    Row(std::shared_ptr<const std::vector<std::string>> names, std::vector<Value> values)
        : names_(std::move(names)), values_(std::move(values)) {}

    const Value& at(std::string_view column) const;
    const Value& at(std::size_t index) const { return values_.at(index); }
    std::size_t size() const { return values_.size(); }
    bool is_null(std::string_view column) const;
    // Text of a column: "" for NULL, integers and reals printed.
    std::string str(std::string_view column) const;
    std::optional<std::string> opt_str(std::string_view column) const;
    std::int64_t i64(std::string_view column) const;  // 0 for NULL
    double f64(std::string_view column) const;
    bool flag(std::string_view column) const { return i64(column) != 0; }

  private:
    std::shared_ptr<const std::vector<std::string>> names_;
    std::vector<Value> values_;
};

using Rows = std::vector<Row>;

}  // namespace onestack::db
