#include "common/json/python_regex.hpp"

#include <algorithm>
#include <boost/regex.hpp>
#include <stdexcept>

#include "common/json/utf8.hpp"

namespace onestack::json {

struct PythonRegex::Compiled {
    boost::wregex regex;
};

namespace {

bool is_hex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// Rewrites the Python-only spellings into Boost's Perl dialect:
//   $          -> (?=\n?\z)  Python's $ also matches before a final newline
//   \Z         -> \z         Python's \Z is the very end
//   \uXXXX     -> \x{XXXX}   (and \UXXXXXXXX)
//   (?P<n>...) -> (?<n>...), (?P=n) -> \k<n>
//   [0-9-_]    -> [0-9\-_]   Python reads a '-' that cannot form a range
//                            as a literal; Boost rejects it
class Translator {
  public:
    explicit Translator(std::string_view pattern) : p_(pattern) {}

    std::string run() {
        while (i_ < p_.size()) {
            char c = p_[i_];
            if (c == '\\') {
                escape(false);
            } else if (c == '[') {
                char_class();
            } else if (c == '$') {
                out_ += "(?=\\n?\\z)";
                ++i_;
            } else if (p_.substr(i_, 4) == "(?P<") {
                out_ += "(?<";
                i_ += 4;
            } else if (p_.substr(i_, 4) == "(?P=" && p_.find(')', i_) != std::string_view::npos) {
                auto close = p_.find(')', i_);
                out_ += "\\k<";
                out_ += p_.substr(i_ + 4, close - i_ - 4);
                out_ += ">";
                i_ = close + 1;
            } else {
                out_.push_back(c);
                ++i_;
            }
        }
        return std::move(out_);
    }

  private:
    // p_[i_] is a backslash.
    void escape(bool in_class) {
        if (i_ + 1 >= p_.size()) {
            out_.push_back(p_[i_++]);
            return;
        }
        char e = p_[i_ + 1];
        std::size_t hex_len = e == 'u' ? 4 : e == 'U' ? 8 : 0;
        if (hex_len && i_ + 2 + hex_len <= p_.size()) {
            auto digits = p_.substr(i_ + 2, hex_len);
            if (std::all_of(digits.begin(), digits.end(), is_hex)) {
                out_ += "\\x{";
                out_ += digits;
                out_ += "}";
                i_ += 2 + hex_len;
                return;
            }
        }
        out_ += e == 'Z' && !in_class ? "\\z" : std::string{'\\', e};
        i_ += 2;
    }

    // One whole UTF-8 sequence, never split.
    void code_point() {
        do {
            out_.push_back(p_[i_++]);
        } while (i_ < p_.size() && (static_cast<unsigned char>(p_[i_]) & 0xC0) == 0x80);
    }

    // Mirrors sre_parse: an item, then "-item" makes a range; any other '-'
    // (and a ']' in first place) is a literal.
    void char_class() {
        out_.push_back(p_[i_++]);
        if (i_ < p_.size() && p_[i_] == '^') {
            out_.push_back(p_[i_++]);
        }
        bool first = true;
        while (i_ < p_.size()) {
            if (p_[i_] == ']' && !first) {
                out_.push_back(p_[i_++]);
                return;
            }
            first = false;
            class_item();
            if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
                out_.push_back(p_[i_++]);
                class_item();
            }
        }
    }

    void class_item() {
        char c = p_[i_];
        if (c == '\\') {
            escape(true);
        } else if (c == '-' || c == '[' || c == ']') {
            out_.push_back('\\');
            out_.push_back(c);
            ++i_;
        } else {
            code_point();
        }
    }

    std::string_view p_;
    std::size_t i_ = 0;
    std::string out_;
};

std::string to_boost_syntax(std::string_view pattern) {
    return Translator(pattern).run();
}

}  // namespace

PythonRegex::PythonRegex(std::string_view pattern) : pattern_(pattern) {
    namespace rc = boost::regex_constants;
    // no_mod_m: ^ and $ anchor to the whole string; no_mod_s: '.' skips '\n'.
    auto flags = rc::perl | rc::no_mod_m | rc::no_mod_s;
    try {
        auto compiled = std::make_shared<Compiled>();
        compiled->regex.assign(utf8::to_wide(to_boost_syntax(pattern)), flags);
        compiled_ = std::move(compiled);
    } catch (const boost::regex_error& e) {
        throw std::invalid_argument("invalid regular expression '" + pattern_ + "': " + e.what());
    }
}

bool PythonRegex::search(std::string_view utf8_subject) const {
    auto subject = utf8::to_wide(utf8_subject);
    try {
        return boost::regex_search(subject, compiled_->regex);
    } catch (const std::runtime_error&) {
        return false;
    }
}

}  // namespace onestack::json
