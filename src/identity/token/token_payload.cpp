#include "identity/token/token_payload.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "common/crypto/base64url.hpp"
#include "common/util/ids.hpp"

namespace onestack::identity::token {
namespace {

constexpr std::uint8_t kFormatVersion = 1;

// How an id-like string is stored.
enum class IdForm : std::uint8_t {
    Empty = 0,
    HexUuid = 1,   // 32 lowercase hex digits -> 16 bytes
    AuditId = 2,   // 22 canonical URL-safe base64 chars -> 16 bytes
    Verbatim = 3,  // varint length, then the bytes
};

// Method names with one-byte codes. Append only: codes are on the wire.
constexpr std::array<std::string_view, 11> kMethodNames = {
    "password", "token",    "application_credential",
    "totp",     "external", "oauth1",
    "mapped",   "openid",   "saml2",
    "x509",     "kerberos"};
constexpr std::uint8_t kVerbatimMethod = 0;

constexpr std::size_t kMaxListSize = 64;  // methods, audit ids: far above real use

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

// Lowercase only: packing "ABC..." would come back as "abc...". (Keystone
// normalizes case here; we keep ids exactly as given.)
bool is_hex_uuid(std::string_view s) {
    return s.size() == 32 &&
           std::all_of(s.begin(), s.end(), [](char c) { return hex_value(c) >= 0; });
}

class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}

    void byte(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }

    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            byte(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        byte(static_cast<std::uint8_t>(v));
    }

    // Zigzag, so small negative numbers stay short.
    void signed_varint(std::int64_t v) {
        varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }

    void bytes(std::string_view s) {
        varint(s.size());
        out_.append(s);
    }

    void id(std::string_view s) {
        if (s.empty()) {
            byte(static_cast<std::uint8_t>(IdForm::Empty));
        } else if (is_hex_uuid(s)) {
            byte(static_cast<std::uint8_t>(IdForm::HexUuid));
            for (std::size_t i = 0; i < 32; i += 2) {
                byte(static_cast<std::uint8_t>(hex_value(s[i]) << 4 | hex_value(s[i + 1])));
            }
        } else if (auto raw = audit_id_bytes(s)) {
            byte(static_cast<std::uint8_t>(IdForm::AuditId));
            out_.append(*raw);
        } else {
            byte(static_cast<std::uint8_t>(IdForm::Verbatim));
            bytes(s);
        }
    }

  private:
    static std::optional<std::string> audit_id_bytes(std::string_view s) {
        // The strict decoder only accepts the canonical spelling, so the
        // bytes re-encode to exactly `s`.
        if (s.size() != 22) {
            return std::nullopt;
        }
        return crypto::base64url_decode(s);
    }

    std::string& out_;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}

    bool at_end() const { return in_.empty(); }

    std::optional<std::uint8_t> byte() {
        if (in_.empty()) {
            return std::nullopt;
        }
        const auto b = static_cast<std::uint8_t>(in_.front());
        in_.remove_prefix(1);
        return b;
    }

    std::optional<std::uint64_t> varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto b = byte();
            if (!b) {
                return std::nullopt;
            }
            // The tenth byte may only hold bit 63.
            if (shift == 63 && *b > 1) {
                return std::nullopt;
            }
            v |= static_cast<std::uint64_t>(*b & 0x7f) << shift;
            if ((*b & 0x80) == 0) {
                return v;
            }
        }
        return std::nullopt;
    }

    std::optional<std::int64_t> signed_varint() {
        const auto v = varint();
        if (!v) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>((*v >> 1) ^ (~(*v & 1) + 1));
    }

    std::optional<std::string_view> take(std::size_t n) {
        if (n > in_.size()) {
            return std::nullopt;
        }
        const auto s = in_.substr(0, n);
        in_.remove_prefix(n);
        return s;
    }

    std::optional<std::string_view> bytes() {
        const auto n = varint();
        if (!n) {
            return std::nullopt;
        }
        return take(*n);
    }

    bool id(std::string& out) {
        const auto form = byte();
        if (!form) {
            return false;
        }
        switch (static_cast<IdForm>(*form)) {
            case IdForm::Empty:
                out.clear();
                return true;
            case IdForm::HexUuid: {
                const auto raw = take(16);
                if (!raw) {
                    return false;
                }
                static constexpr char kDigits[] = "0123456789abcdef";
                out.resize(32);
                for (std::size_t i = 0; i < 16; ++i) {
                    const auto b = static_cast<std::uint8_t>((*raw)[i]);
                    out[2 * i] = kDigits[b >> 4];
                    out[2 * i + 1] = kDigits[b & 0x0f];
                }
                return true;
            }
            case IdForm::AuditId: {
                const auto raw = take(16);
                if (!raw) {
                    return false;
                }
                out = crypto::base64url_encode(*raw, crypto::Padding::Strip);
                return true;
            }
            case IdForm::Verbatim: {
                const auto s = bytes();
                if (!s) {
                    return false;
                }
                out.assign(*s);
                return true;
            }
        }
        return false;
    }

    // A count-prefixed list of ids.
    bool id_list(std::vector<std::string>& out) {
        const auto n = byte();
        if (!n || *n > kMaxListSize) {
            return false;
        }
        out.resize(*n);
        return std::all_of(out.begin(), out.end(), [this](std::string& s) { return id(s); });
    }

  private:
    std::string_view in_;
};

void write_methods(Writer& w, const std::vector<std::string>& methods) {
    w.byte(static_cast<std::uint8_t>(methods.size()));
    for (const auto& method : methods) {
        const auto it = std::find(kMethodNames.begin(), kMethodNames.end(), method);
        if (it != kMethodNames.end()) {
            w.byte(static_cast<std::uint8_t>(it - kMethodNames.begin() + 1));
        } else {
            w.byte(kVerbatimMethod);
            w.bytes(method);
        }
    }
}

bool read_methods(Reader& r, std::vector<std::string>& methods) {
    const auto n = r.byte();
    if (!n || *n > kMaxListSize) {
        return false;
    }
    methods.resize(*n);
    for (auto& method : methods) {
        const auto code = r.byte();
        if (!code || *code > kMethodNames.size()) {
            return false;
        }
        if (*code != kVerbatimMethod) {
            method = kMethodNames[*code - 1];
            continue;
        }
        const auto name = r.bytes();
        if (!name) {
            return false;
        }
        method = *name;
    }
    return true;
}

void write_id_list(Writer& w, const std::vector<std::string>& ids) {
    w.byte(static_cast<std::uint8_t>(ids.size()));
    for (const auto& id : ids) {
        w.id(id);
    }
}

}  // namespace

std::string serialize(const TokenPayload& p) {
    if (p.methods.size() > kMaxListSize || p.audit_ids.size() > kMaxListSize) {
        throw std::invalid_argument("token payload: too many methods or audit ids");
    }
    std::string out;
    out.reserve(96);
    Writer w(out);
    w.byte(kFormatVersion);
    w.byte(static_cast<std::uint8_t>(p.scope));
    w.id(p.user_id);
    write_methods(w, p.methods);
    w.id(p.scope_id);
    w.signed_varint(p.issued_at);
    // expires_at as an offset from issued_at: a few bytes instead of five.
    // Unsigned arithmetic wraps, so any pair of values round-trips.
    w.signed_varint(static_cast<std::int64_t>(static_cast<std::uint64_t>(p.expires_at) -
                                              static_cast<std::uint64_t>(p.issued_at)));
    write_id_list(w, p.audit_ids);
    w.id(p.trust_id);
    w.id(p.app_cred_id);
    return out;
}

std::optional<TokenPayload> deserialize(std::string_view bytes) {
    Reader r(bytes);
    TokenPayload p;
    const auto version = r.byte();
    const auto scope = version == kFormatVersion ? r.byte() : std::nullopt;
    if (!scope || *scope > static_cast<std::uint8_t>(Scope::System)) {
        return std::nullopt;
    }
    p.scope = static_cast<Scope>(*scope);
    if (!r.id(p.user_id) || !read_methods(r, p.methods) || !r.id(p.scope_id)) {
        return std::nullopt;
    }
    const auto issued_at = r.signed_varint();
    const auto lifetime = r.signed_varint();
    if (!issued_at || !lifetime) {
        return std::nullopt;
    }
    p.issued_at = *issued_at;
    p.expires_at = static_cast<std::int64_t>(static_cast<std::uint64_t>(*issued_at) +
                                             static_cast<std::uint64_t>(*lifetime));
    if (!r.id_list(p.audit_ids) || !r.id(p.trust_id) || !r.id(p.app_cred_id) || !r.at_end()) {
        return std::nullopt;
    }
    return p;
}

std::string new_audit_id() {
    return crypto::base64url_encode(util::random_bytes(16), crypto::Padding::Strip);
}

}  // namespace onestack::identity::token
