#include "common/http/message.hpp"

#include <unistd.h>

#include <boost/json.hpp>

#include "common/api/fault.hpp"

namespace onestack::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%' && i + 2 < s.size()) {
            int hi = hex_value(s[i + 1]);
            int lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
    return out;
}

std::string percent_encode(std::string_view s) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 15]);
        }
    }
    return out;
}

QueryParams::QueryParams(std::string_view raw) {
    while (!raw.empty()) {
        auto amp = raw.find('&');
        auto part = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
        if (part.empty()) {
            continue;
        }
        auto eq = part.find('=');
        if (eq == std::string_view::npos) {
            items_.emplace_back(percent_decode(part, true), std::string{});
        } else {
            items_.emplace_back(percent_decode(part.substr(0, eq), true),
                                percent_decode(part.substr(eq + 1), true));
        }
    }
}

std::optional<std::string> QueryParams::get(std::string_view key) const {
    for (const auto& [k, v] : items_) {
        if (k == key) {
            return v;
        }
    }
    return std::nullopt;
}

std::vector<std::string> QueryParams::get_all(std::string_view key) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : items_) {
        if (k == key) {
            out.push_back(v);
        }
    }
    return out;
}

bool QueryParams::has(std::string_view key) const {
    return get(key).has_value();
}

std::string_view Request::header(std::string_view name) const {
    auto it = headers.find(name);
    if (it == headers.end()) {
        return {};
    }
    auto v = it->value();
    return {v.data(), v.size()};
}

bool Request::has_header(std::string_view name) const {
    return headers.find(name) != headers.end();
}

const std::string& Request::param(std::string_view name) const {
    for (const auto& [k, v] : path_params) {
        if (k == name) {
            return v;
        }
    }
    static const std::string empty;
    return empty;
}

const QueryParams& Request::query() const {
    if (!query_) {
        query_.emplace(query_string);
    }
    return *query_;
}

boost::json::value Request::json() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec) {
        throw api::Fault::bad_request("Malformed request body: " + ec.message());
    }
    return v;
}

std::string Request::base_url() const {
    auto host = header("Host");
    std::string scheme = "http";
    if (auto proto = header("X-Forwarded-Proto"); !proto.empty()) {
        scheme = std::string(proto);
    }
    return scheme + "://" + std::string(host.empty() ? "localhost" : host);
}

FileBody::~FileBody() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

Response Response::json(unsigned status, const boost::json::value& v) {
    Response r(status);
    r.body = boost::json::serialize(v);
    r.headers.set(boost::beast::http::field::content_type, "application/json");
    return r;
}

Response Response::text(unsigned status, std::string body, std::string_view content_type) {
    Response r(status);
    r.body = std::move(body);
    r.headers.set(boost::beast::http::field::content_type, content_type);
    return r;
}

Response& Response::set(std::string_view name, std::string_view value) {
    headers.set(name, value);
    return *this;
}

}  // namespace onestack::http
