#include "common/util/ids.hpp"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace onestack::util {
namespace {

std::array<unsigned char, 16> uuid4_bytes() {
    std::array<unsigned char, 16> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    return b;
}

std::string hex(const std::array<unsigned char, 16>& b, bool dashes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (dashes && (i == 4 || i == 6 || i == 8 || i == 10)) {
            out.push_back('-');
        }
        out.push_back(digits[b[i] >> 4]);
        out.push_back(digits[b[i] & 0x0f]);
    }
    return out;
}

}  // namespace

std::string uuid_hex() {
    return hex(uuid4_bytes(), false);
}
std::string uuid_dashed() {
    return hex(uuid4_bytes(), true);
}
std::string request_id() {
    return "req-" + uuid_dashed();
}

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return out;
}

bool is_uuid_like(std::string_view s) {
    std::size_t digits = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '-') {
            if (s.size() != 36 || (i != 8 && i != 13 && i != 18 && i != 23)) {
                return false;
            }
            continue;
        }
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return false;
        }
        ++digits;
    }
    return digits == 32 && (s.size() == 32 || s.size() == 36);
}

}  // namespace onestack::util
