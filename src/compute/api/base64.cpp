#include "compute/api/base64.hpp"

namespace onestack::compute::api {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int value_of(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
    std::string data;  // alphabet characters and '=', others dropped as binascii does
    for (char c : text) {
        if (value_of(c) >= 0 || c == '=') {
            data.push_back(c);
        }
    }
    // binascii stops at the first complete padded quantum; anything after
    // '=' that is not '=' makes the padding wrong.
    auto pad = data.find('=');
    std::size_t digits = pad == std::string::npos ? data.size() : pad;
    if (pad != std::string::npos) {
        for (std::size_t i = pad; i < data.size(); ++i) {
            if (data[i] != '=') {
                return std::nullopt;
            }
        }
    }
    if (digits % 4 == 1) {
        return std::nullopt;
    }
    if (digits % 4 != 0 && data.size() - digits < 4 - digits % 4) {
        return std::nullopt;  // "Incorrect padding"
    }
    std::string out;
    out.reserve(digits * 3 / 4);
    unsigned acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        acc = (acc << 6) | static_cast<unsigned>(value_of(data[i]));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                     (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                     static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i < bytes.size()) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) {
            n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        }
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

}  // namespace onestack::compute::api
