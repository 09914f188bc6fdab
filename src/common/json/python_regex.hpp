#pragma once
// A regular expression written for Python's re module (OpenStack's schema
// "pattern" and "patternProperties"), run with Boost.Regex on code points.
// Boost's matcher is non-recursive and bounded, so a hostile string cannot
// overflow the stack the way libstdc++'s std::regex can.
#include <memory>
#include <string>
#include <string_view>

namespace onestack::json {

class PythonRegex {
  public:
    // Throws std::invalid_argument when the pattern does not compile.
    explicit PythonRegex(std::string_view pattern);

    // re.search(pattern, subject) is not None. A match that exceeds Boost's
    // complexity bound counts as no match (Python would hang instead).
    bool search(std::string_view utf8_subject) const;

    const std::string& pattern() const { return pattern_; }

  private:
    struct Compiled;
    std::string pattern_;
    std::shared_ptr<const Compiled> compiled_;  // immutable: safe to share across threads
};

}  // namespace onestack::json
