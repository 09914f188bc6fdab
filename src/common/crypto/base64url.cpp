#include "common/crypto/base64url.hpp"

#include <array>
#include <cstdint>

namespace onestack::crypto {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::int8_t kInvalid = -1;

constexpr std::array<std::int8_t, 256> make_decode_table() {
    std::array<std::int8_t, 256> table{};
    table.fill(kInvalid);
    for (int i = 0; i < 64; ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    }
    return table;
}

constexpr auto kDecode = make_decode_table();

}  // namespace

std::string base64url_encode(std::string_view bytes, Padding padding) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        std::uint32_t v = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(kAlphabet[(v >> 6) & 63]);
        out.push_back(kAlphabet[v & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 0) {
        return out;
    }
    std::uint32_t v = in[i] << 16;
    if (rest == 2) {
        v |= in[i + 1] << 8;
    }
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    if (rest == 2) {
        out.push_back(kAlphabet[(v >> 6) & 63]);
    }
    if (padding == Padding::Keep) {
        out.append(rest == 1 ? 2 : 1, '=');
    }
    return out;
}

std::string_view strip_base64_padding(std::string_view text) {
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
    }
    return text;
}

bool base64url_decode_into(std::string_view text, std::string& out) {
    out.clear();
    const std::string_view body = strip_base64_padding(text);
    const std::size_t pad = text.size() - body.size();
    const std::size_t tail = body.size() % 4;  // characters in the last, partial quantum
    if (tail == 1) {
        return false;
    }
    // Padding, when present, must complete the last quantum exactly.
    if (pad != 0 && (tail == 0 || pad != 4 - tail)) {
        return false;
    }
    out.resize(body.size() / 4 * 3 + (tail == 0 ? 0 : tail - 1));
    const auto* in = reinterpret_cast<const unsigned char*>(body.data());
    char* dst = out.data();
    std::size_t i = 0;
    for (; i + 4 <= body.size(); i += 4) {
        const int a = kDecode[in[i]], b = kDecode[in[i + 1]], c = kDecode[in[i + 2]],
                  d = kDecode[in[i + 3]];
        if ((a | b | c | d) < 0) {
            return false;
        }
        const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
        *dst++ = static_cast<char>(v >> 16);
        *dst++ = static_cast<char>(v >> 8);
        *dst++ = static_cast<char>(v);
    }
    if (tail == 0) {
        return true;
    }
    const int a = kDecode[in[i]], b = kDecode[in[i + 1]];
    const int c = tail == 3 ? kDecode[in[i + 2]] : 0;
    if ((a | b | c) < 0) {
        return false;
    }
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6);
    *dst++ = static_cast<char>(v >> 16);
    if (tail == 3) {
        *dst++ = static_cast<char>(v >> 8);
    }
    // Bits past the last whole byte must be zero (canonical encoding).
    const std::uint32_t unused = tail == 2 ? (v & 0xffff) : (v & 0xff);
    return unused == 0;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    if (!base64url_decode_into(text, out)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace onestack::crypto
