#pragma once
// The right side of a check ("%(target.user.id)s", "admin"): Python's `match % target`, compiled
// once when the rule is parsed so checking only looks values up.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace onestack::policy {

class MatchTemplate {
  public:
    // nullopt when Python's % would raise whatever the target (a lone '%', a conversion other
    // than %(key)s): such a check can never be evaluated.
    static std::optional<MatchTemplate> compile(std::string_view text);

    const std::string& text() const { return text_; }  // as written, for str()
    bool has_placeholders() const { return has_placeholders_; }

    // The text with placeholders filled from `target`, viewing the template, the target or
    // `scratch`. nullopt when a key is missing (oslo's KeyError: the check fails) or names an
    // array or object.
    std::optional<std::string_view> expand(const boost::json::object& target,
                                           std::string& scratch) const;

  private:
    struct Piece {
        std::string text;  // literal text, or the key of a %(key)s placeholder
        bool is_key = false;
    };
    std::string text_;
    std::vector<Piece> pieces_;
    bool has_placeholders_ = false;
};

// The value `key` names in `target`. oslo looks the key up exactly (keystone flattens its targets
// to "target.user.id"); we also walk nested objects along the dots, so {"target": {"user": ...}}
// works too.
const boost::json::value* find_target_value(const boost::json::object& target,
                                            std::string_view key);

}  // namespace onestack::policy
