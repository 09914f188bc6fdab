#include "identity/delegation/ec2_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <regex>
#include <vector>

namespace onestack::identity::delegation {
namespace {

namespace json = boost::json;

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(md, key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()),
                            static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string hex(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 0xf];
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
    return hex(std::string_view(reinterpret_cast<char*>(out), len));
}

// Ec2Signer._get_utf8_value: strings as they are, anything else as str().
std::string text(const json::value& v) {
    if (v.is_string()) {
        return std::string(v.as_string());
    }
    if (v.is_bool()) {
        return v.as_bool() ? "True" : "False";
    }
    if (v.is_null()) {
        return "None";
    }
    return json::serialize(v);
}

std::optional<std::string> field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) {
        return std::nullopt;
    }
    return text(*v);
}

const json::object* object_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_object() ? &v->as_object() : nullptr;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), ::tolower);
    return s;
}

std::string strip(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) {
        return "";
    }
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<std::string> sorted_keys(const json::object& params) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : params) {
        keys.emplace_back(k);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

std::string canonical_qs(const json::object& params) {
    std::string qs;
    for (const auto& key : sorted_keys(params)) {
        if (!qs.empty()) {
            qs += '&';
        }
        qs += aws_quote(key) + "=" + aws_quote(text(params.at(key)));
    }
    return qs;
}

std::optional<std::string> signature_0(const std::string& secret, const json::object& params) {
    auto action = field(params, "Action");
    auto timestamp = field(params, "Timestamp");
    if (!action || !timestamp) {
        return std::nullopt;
    }
    return base64(hmac(EVP_sha1(), secret, *action + *timestamp));
}

std::optional<std::string> signature_1(const std::string& secret, const json::object& params) {
    auto keys = sorted_keys(params);
    std::stable_sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
        return lower(a) < lower(b);
    });
    std::string data;
    for (const auto& key : keys) {
        data += key + text(params.at(key));
    }
    return base64(hmac(EVP_sha1(), secret, data));
}

std::optional<std::string> signature_2(const std::string& secret, json::object params,
                                       const json::object& credentials) {
    auto verb = field(credentials, "verb");
    auto host = field(credentials, "host");
    auto path = field(credentials, "path");
    if (!verb || !host || !path) {
        return std::nullopt;
    }
    params["SignatureMethod"] = "HmacSHA256";
    auto to_sign = *verb + "\n" + *host + "\n" + *path + "\n" + canonical_qs(params);
    return base64(hmac(EVP_sha256(), secret, to_sign));
}

bool is_v4(const json::object& credentials) {
    if (const auto* headers = object_at(credentials, "headers")) {
        if (auto auth = field(*headers, "Authorization")) {
            return auth->rfind("AWS4-HMAC-SHA256", 0) == 0;
        }
    }
    if (const auto* params = object_at(credentials, "params")) {
        return field(*params, "X-Amz-Algorithm") == "AWS4-HMAC-SHA256";
    }
    return false;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto pos = s.find(sep, start);
        out.push_back(s.substr(start, pos - start));
        if (pos == std::string::npos) {
            return out;
        }
        start = pos + 1;
    }
}

std::optional<std::string> signature_4(const std::string& secret, const json::object& params,
                                       const json::object& credentials) {
    const auto* headers_ptr = object_at(credentials, "headers");
    json::object headers = headers_ptr ? *headers_ptr : json::object{};
    auto verb = field(credentials, "verb");
    auto path = field(credentials, "path");
    auto body_hash = field(credentials, "body_hash");
    if (!verb || !path || !body_hash) {
        return std::nullopt;
    }
    auto authorization = field(headers, "Authorization");
    // The Authorization header's "Name=value" part, else X-Amz-Name.
    auto auth_param = [&](const std::string& name) -> std::optional<std::string> {
        if (authorization) {
            auto pos = authorization->find(name + "=");
            if (pos == std::string::npos) {
                return std::string();
            }
            auto value = authorization->substr(pos + name.size() + 1);
            return value.substr(0, value.find(','));
        }
        return field(params, "X-Amz-" + name);
    };
    auto signed_headers = auth_param("SignedHeaders");
    auto credential = auth_param("Credential");
    auto date =
        headers.contains("X-Amz-Date") ? field(headers, "X-Amz-Date") : field(params, "X-Amz-Date");
    if (!signed_headers || !credential || !date) {
        return std::nullopt;
    }

    std::vector<std::pair<std::string, std::string>> lowered;
    for (const auto& [k, v] : headers) {
        lowered.emplace_back(lower(strip(std::string(k))), strip(text(v)));
    }
    auto header = [&](const std::string& name) -> const std::string* {
        const std::string* found = nullptr;
        for (const auto& [k, v] : lowered) {
            if (k == name) {
                found = &v;  // the last one wins, as in a dict
            }
        }
        return found;
    };
    // Boto < 2.9.3 signs the host without its port.
    const auto* agent = header("user-agent");
    bool strip_port = agent && std::regex_search(*agent, std::regex("^Boto/2\\.[0-9]\\.[0-2]"));
    std::string canonical_headers;
    for (const auto& name : split(*signed_headers, ';')) {
        const auto* value = header(name);
        if (!value) {
            continue;
        }
        std::string v = name == "host" && strip_port ? value->substr(0, value->find(':')) : *value;
        canonical_headers += name + ":" + v + "\n";
    }
    std::string upper_verb = *verb;
    std::transform(upper_verb.begin(), upper_verb.end(), upper_verb.begin(), ::toupper);
    std::string query = upper_verb == "POST" ? "" : canonical_qs(params);
    auto canonical_request = upper_verb + "\n" + *path + "\n" + query + "\n" + canonical_headers +
                             "\n" + *signed_headers + "\n" + *body_hash;

    auto parts = split(*credential, '/');
    if (parts.size() < 4 || date->rfind(parts[1], 0) != 0) {
        return std::nullopt;  // "Request date mismatch error"
    }
    std::string scope;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        scope += (i > 1 ? "/" : "") + parts[i];
    }
    auto to_sign =
        "AWS4-HMAC-SHA256\n" + *date + "\n" + scope + "\n" + sha256_hex(canonical_request);
    auto key = hmac(EVP_sha256(), "AWS4" + secret, parts[1]);
    key = hmac(EVP_sha256(), key, parts[2]);
    key = hmac(EVP_sha256(), key, parts[3]);
    key = hmac(EVP_sha256(), key, "aws4_request");
    return hex(hmac(EVP_sha256(), key, to_sign));
}

}  // namespace

std::string aws_quote(const std::string& value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    return out;
}

std::optional<std::string> ec2_signature(const std::string& secret,
                                         const json::object& credentials) {
    const auto* params_ptr = object_at(credentials, "params");
    if (!params_ptr) {
        return std::nullopt;
    }
    const auto& params = *params_ptr;
    auto version = field(params, "SignatureVersion");
    if (version == "0") {
        return signature_0(secret, params);
    }
    if (version == "1") {
        return signature_1(secret, params);
    }
    if (version == "2") {
        return signature_2(secret, params, credentials);
    }
    if (is_v4(credentials)) {
        return signature_4(secret, params, credentials);
    }
    return std::nullopt;
}

}  // namespace onestack::identity::delegation
