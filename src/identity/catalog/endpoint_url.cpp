#include "identity/catalog/endpoint_url.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace onestack::identity {
namespace {

// keystone/common/utils.py WHITELISTED_PROPERTIES; each substitutes "".
constexpr std::array<std::string_view, 9> kWhitelisted = {
    "tenant_id",    "project_id", "user_id",     "public_bind_host", "admin_bind_host",
    "compute_host", "admin_port", "public_port", "public_endpoint"};

bool whitelisted(std::string_view key) {
    return std::find(kWhitelisted.begin(), kWhitelisted.end(), key) != kWhitelisted.end();
}

// Replays CPython's PyUnicode_Format with a dict argument (every value "")
// far enough to know whether it raises KeyError, TypeError or ValueError.
class PercentFormat {
  public:
    explicit PercentFormat(std::string_view fmt) : fmt_(fmt) {}

    bool ok() {
        while (pos_ < fmt_.size()) {
            if (fmt_[pos_++] != '%') {
                continue;
            }
            if (!spec()) {
                return false;
            }
        }
        return true;
    }

  private:
    // There is one argument to consume: the dict itself, then, after each
    // %(key), the value looked up (""). Neither is a number.
    bool next_arg() {
        if (consumed_) {
            return false;  // TypeError: not enough arguments for format string
        }
        consumed_ = true;
        return true;
    }

    bool spec() {
        if (pos_ < fmt_.size() && fmt_[pos_] == '%') {
            ++pos_;  // "%%" only; a '%' after a key, flags or width is unsupported
            return true;
        }
        if (pos_ < fmt_.size() && fmt_[pos_] == '(') {
            if (!mapping_key()) {
                return false;
            }
        }
        while (pos_ < fmt_.size() && std::string_view("-+ #0").find(fmt_[pos_]) != npos) {
            ++pos_;
        }
        if (!width_or_precision()) {
            return false;
        }
        if (pos_ < fmt_.size() && fmt_[pos_] == '.') {
            ++pos_;
            if (!width_or_precision()) {
                return false;
            }
        }
        if (pos_ >= fmt_.size()) {
            return false;  // ValueError: incomplete format
        }
        char conversion = fmt_[pos_++];
        if (!next_arg()) {
            return false;
        }
        switch (conversion) {
            case 's':
            case 'r':
            case 'a':
                return true;
            case 'c':  // "" is not one character, a dict not an int
            case 'd':
            case 'i':
            case 'u':
            case 'o':
            case 'x':
            case 'X':
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G':
                return false;  // TypeError: a number is required
            default:
                return false;  // ValueError: unsupported format character
        }
    }

    bool mapping_key() {
        ++pos_;  // '('
        int depth = 1;
        auto start = pos_;
        while (pos_ < fmt_.size()) {
            char ch = fmt_[pos_++];
            if (ch == '(') {
                ++depth;
            } else if (ch == ')' && --depth == 0) {
                auto key = fmt_.substr(start, pos_ - 1 - start);
                if (!whitelisted(key)) {
                    return false;  // KeyError
                }
                consumed_ = false;
                return true;
            }
        }
        return false;  // ValueError: incomplete format key
    }

    // A '*' takes its value from the arguments and wants an int: always a
    // TypeError here. Digits are fine.
    bool width_or_precision() {
        if (pos_ < fmt_.size() && fmt_[pos_] == '*') {
            ++pos_;
            return false;
        }
        while (pos_ < fmt_.size() && fmt_[pos_] >= '0' && fmt_[pos_] <= '9') {
            ++pos_;
        }
        return true;
    }

    static constexpr auto npos = std::string_view::npos;
    std::string_view fmt_;
    std::size_t pos_ = 0;
    bool consumed_ = false;
};

}  // namespace

bool endpoint_url_substitutions_valid(std::string_view url) {
    // keystone formats url.replace('$(', '%(').
    std::string fmt(url);
    for (auto p = fmt.find("$("); p != std::string::npos; p = fmt.find("$(", p + 2)) {
        fmt[p] = '%';
    }
    return PercentFormat(fmt).ok();
}

}  // namespace onestack::identity
