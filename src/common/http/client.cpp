#include "common/http/client.hpp"

#include <optional>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url.hpp>

namespace onestack::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr std::size_t kMaxIdlePerHost = 16;
}

// A connection owns its io_context, so a call can wait on exactly its own
// operations (run() returns when they finish or the deadline closes them).
struct HttpClient::Connection {
    std::string key;
    asio::io_context ioc;
    beast::tcp_stream stream{ioc};
    beast::flat_buffer buffer;
    bool reusable = false;

    void run() {
        ioc.restart();
        ioc.run();
    }
};

std::string_view ClientResponse::header(std::string_view name) const {
    auto it = headers.find(name);
    if (it == headers.end()) {
        return {};
    }
    return {it->value().data(), it->value().size()};
}

boost::json::value ClientResponse::json() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec) {
        throw std::runtime_error("response is not JSON: " + ec.message());
    }
    return v;
}

HttpClient::HttpClient(std::chrono::milliseconds timeout) : timeout_(timeout) {}
HttpClient::~HttpClient() = default;

std::unique_ptr<HttpClient::Connection> HttpClient::checkout(const std::string& host,
                                                             const std::string& port, bool fresh) {
    std::string key = host + ":" + port;
    std::vector<std::unique_ptr<Connection>> dropped;  // closed outside the lock
    {
        std::lock_guard lock(mu_);
        auto& pool = idle_[key];
        if (fresh) {
            dropped.swap(pool);
        } else if (!pool.empty()) {
            auto conn = std::move(pool.back());
            pool.pop_back();
            return conn;
        }
    }
    auto conn = std::make_unique<Connection>();
    conn->key = key;
    tcp::resolver resolver(conn->ioc);
    beast::error_code ec;
    auto results = resolver.resolve(host, port, ec);
    if (ec) {
        throw ClientError("resolve " + key + ": " + ec.message());
    }
    conn->stream.expires_after(timeout_);
    conn->stream.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    conn->run();
    if (ec) {
        throw ClientError("connect " + key + ": " + ec.message());
    }
    conn->stream.socket().set_option(tcp::no_delay(true), ec);
    return conn;
}

void HttpClient::checkin(std::unique_ptr<Connection> conn) {
    if (!conn->reusable) {
        return;
    }
    std::lock_guard lock(mu_);
    auto& pool = idle_[conn->key];
    if (pool.size() < kMaxIdlePerHost) {
        pool.push_back(std::move(conn));
    }
}

namespace {

struct Target {
    std::string host, port, path;
};

Target parse_url(const std::string& url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        throw ClientError("bad url: " + url);
    }
    Target t;
    t.host = std::string(parsed->host());
    t.port = parsed->has_port() ? std::string(parsed->port())
                                : (parsed->scheme() == "https" ? "443" : "80");
    t.path = std::string(parsed->encoded_path());
    if (t.path.empty()) {
        t.path = "/";
    }
    if (parsed->has_query()) {
        t.path += "?" + std::string(parsed->encoded_query());
    }
    return t;
}

template <typename Req>
void prepare(Req& req, const Target& t, const Headers& headers) {
    for (const auto& f : headers) {
        req.insert(f.name_string(), f.value());
    }
    req.set(bhttp::field::host, t.host + ":" + t.port);
    if (req.find(bhttp::field::user_agent) == req.end()) {
        req.set(bhttp::field::user_agent, "onestack");
    }
    req.keep_alive(true);
}

}  // namespace

ClientResponse HttpClient::request(Verb method, const std::string& url, const Headers& headers,
                                   std::string body) {
    auto t = parse_url(url);
    // A pooled connection may have been closed by the server: retry once on a
    // new connection (the server closes idle ones together, so not the next pooled one).
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto conn = checkout(t.host, t.port, attempt > 0);
        bool was_pooled = conn->reusable;
        bhttp::request<bhttp::string_body> req{method, t.path, 11};
        prepare(req, t, headers);
        req.body() = body;
        req.prepare_payload();
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(boost::none);
        beast::error_code ec;
        conn->stream.expires_after(timeout_);
        bhttp::async_write(conn->stream, req, [&](beast::error_code e, std::size_t) {
            ec = e;
            if (!e) {
                bhttp::async_read(conn->stream, conn->buffer, parser,
                                  [&](beast::error_code e2, std::size_t) { ec = e2; });
            }
        });
        conn->run();
        if (ec) {
            if (was_pooled && attempt == 0) {
                continue;
            }
            throw ClientError(std::string(bhttp::to_string(method)) + " " + url + ": " +
                              ec.message());
        }
        auto& msg = parser.get();
        ClientResponse out;
        out.status = msg.result_int();
        out.headers = static_cast<const bhttp::fields&>(msg);
        out.body = std::move(msg.body());
        conn->reusable = msg.keep_alive();
        checkin(std::move(conn));
        return out;
    }
    throw ClientError("unreachable");
}

ClientResponse HttpClient::request_streaming(
    Verb method, const std::string& url, const Headers& headers,
    const std::function<void(const char*, std::size_t)>& sink) {
    auto t = parse_url(url);
    bhttp::request<bhttp::empty_body> req{method, t.path, 11};
    prepare(req, t, headers);
    beast::error_code ec;
    std::unique_ptr<Connection> conn;
    std::optional<bhttp::response_parser<bhttp::buffer_body>> parser_slot;
    // As in request(): a dead pooled connection is retried once on a new one,
    // which is safe while nothing of the response has arrived.
    for (int attempt = 0; attempt < 2; ++attempt) {
        conn = checkout(t.host, t.port, attempt > 0);
        bool was_pooled = conn->reusable;
        parser_slot.emplace();
        parser_slot->body_limit(boost::none);
        conn->stream.expires_after(timeout_);
        bhttp::async_write(conn->stream, req, [&](beast::error_code e, std::size_t) {
            ec = e;
            if (!e) {
                bhttp::async_read_header(conn->stream, conn->buffer, *parser_slot,
                                         [&](beast::error_code e2, std::size_t) { ec = e2; });
            }
        });
        conn->run();
        if (!ec) {
            break;
        }
        if (!was_pooled || attempt > 0) {
            throw ClientError("read " + url + ": " + ec.message());
        }
    }
    auto& parser = *parser_slot;
    std::vector<char> chunk(256 * 1024);
    while (!parser.is_done()) {
        parser.get().body().data = chunk.data();
        parser.get().body().size = chunk.size();
        conn->stream.expires_after(timeout_);
        bhttp::async_read_some(conn->stream, conn->buffer, parser,
                               [&](beast::error_code e, std::size_t) { ec = e; });
        conn->run();
        if (ec == bhttp::error::need_buffer) {
            ec = {};
        }
        if (ec) {
            throw ClientError("read body " + url + ": " + ec.message());
        }
        sink(chunk.data(), chunk.size() - parser.get().body().size);
    }
    ClientResponse out;
    out.status = parser.get().result_int();
    out.headers = static_cast<const bhttp::fields&>(parser.get());
    conn->reusable = parser.get().keep_alive();
    checkin(std::move(conn));
    return out;
}

ClientResponse HttpClient::request_upload(
    Verb method, const std::string& url, const Headers& headers, std::uint64_t length,
    const std::function<std::size_t(char*, std::size_t)>& source) {
    auto t = parse_url(url);
    auto conn = checkout(t.host, t.port);
    bhttp::request<bhttp::buffer_body> req{method, t.path, 11};
    prepare(req, t, headers);
    req.content_length(length);
    req.body().data = nullptr;
    req.body().more = true;
    bhttp::request_serializer<bhttp::buffer_body> sr{req};
    beast::error_code ec;
    auto step = [&] {
        conn->stream.expires_after(timeout_);
        bhttp::async_write(conn->stream, sr, [&](beast::error_code e, std::size_t) { ec = e; });
        conn->run();
        if (ec == bhttp::error::need_buffer) {
            ec = {};
        }
        if (ec) {
            throw ClientError("upload " + url + ": " + ec.message());
        }
    };
    conn->stream.expires_after(timeout_);
    bhttp::async_write_header(conn->stream, sr, [&](beast::error_code e, std::size_t) { ec = e; });
    conn->run();
    if (ec) {
        throw ClientError("upload " + url + ": " + ec.message());
    }
    std::vector<char> chunk(256 * 1024);
    for (;;) {
        std::size_t n = source(chunk.data(), chunk.size());
        req.body().data = n ? chunk.data() : nullptr;
        req.body().size = n;
        req.body().more = n > 0;
        step();
        if (n == 0) {
            break;
        }
    }
    bhttp::response_parser<bhttp::string_body> parser;
    conn->stream.expires_after(timeout_);
    bhttp::async_read(conn->stream, conn->buffer, parser,
                      [&](beast::error_code e, std::size_t) { ec = e; });
    conn->run();
    if (ec) {
        throw ClientError("upload response " + url + ": " + ec.message());
    }
    ClientResponse out;
    out.status = parser.get().result_int();
    out.headers = static_cast<const bhttp::fields&>(parser.get());
    out.body = std::move(parser.get().body());
    conn->reusable = parser.get().keep_alive();
    checkin(std::move(conn));
    return out;
}

}  // namespace onestack::http
