#pragma once
// URL-safe base64 (RFC 4648 §5), as Fernet keys and tokens use it.
// Keystone strips the '=' padding from token strings and restores it when
// validating; the decoders here accept either form.
#include <optional>
#include <string>
#include <string_view>

namespace onestack::crypto {

enum class Padding { Keep, Strip };

std::string base64url_encode(std::string_view bytes, Padding padding = Padding::Keep);

// Strict: only the URL-safe alphabet, padding (if any) only at the end and
// complete, unused trailing bits zero, so every byte string has exactly one
// padded and one unpadded spelling.
std::optional<std::string> base64url_decode(std::string_view text);

// Same, into `out` (replaced, capacity reused) so hot paths decode without
// allocating. False on malformed input; `out` is then unspecified.
bool base64url_decode_into(std::string_view text, std::string& out);

// `text` without its trailing '=' padding.
std::string_view strip_base64_padding(std::string_view text);

}  // namespace onestack::crypto
