#include "common/http/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/sendfile.h>

#include <cerrno>
#include <cstring>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace onestack::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kStreamChunk = 256 * 1024;
// Bytes one sendfile(2) call may move; after that many without the socket
// filling up, the coroutine yields so other connections on the thread run.
constexpr std::size_t kSendfileChunk = 8 * 1024 * 1024;

struct Connection {
    explicit Connection(tcp::socket s) : stream(std::move(s)) {}
    beast::tcp_stream stream;
    std::atomic<bool> busy{false};
};

// Pulls body bytes for a handler running on the blocking pool: a read posts
// one operation to the connection's strand, which fills `out` with as many
// socket reads as it takes (or up to the end of the body), and is waited for
// here: one thread hop per buffer, not per socket read. A Content-Length body
// is read from the socket straight into `out`; only a chunked one goes
// through Beast's parser (which reads into its own buffer, at most 64 KiB at
// a time, and copies from there).
class SocketBodyReader final : public BodyReader {
  public:
    SocketBodyReader(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                     bhttp::request_parser<bhttp::buffer_body>& parser,
                     std::chrono::seconds timeout)
        : stream_(stream), buffer_(buffer), parser_(parser), timeout_(timeout) {
        if (!parser_.chunked() && parser_.content_length()) {
            direct_remaining_ = *parser_.content_length();
        }
    }

    std::size_t read(char* out, std::size_t n) override {
        if (complete() || n == 0) {
            return 0;
        }
        if (direct_remaining_) {
            return read_direct(out, n);
        }
        std::promise<std::pair<beast::error_code, std::size_t>> done;
        auto result = done.get_future();
        asio::post(stream_.get_executor(), [this, out, n, &done] { fill(out, n, 0, done); });
        auto [ec, got] = result.get();
        if (ec) {
            throw BodyReadError("request body: " + ec.message());
        }
        return got;
    }

    // The whole body has been read (the connection can take another request).
    bool complete() const {
        return direct_remaining_ ? *direct_remaining_ == 0 : parser_.is_done();
    }

    std::optional<std::uint64_t> content_length() const override {
        auto len = parser_.content_length();
        if (!len) {
            return std::nullopt;
        }
        return *len;
    }

  private:
    // Content-Length body: first what the header read left in the buffer,
    // then the socket, into out[got, n).
    std::size_t read_direct(char* out, std::size_t n) {
        n = static_cast<std::size_t>(std::min<std::uint64_t>(n, *direct_remaining_));
        std::size_t got = 0;
        if (buffer_.size() > 0) {
            got = asio::buffer_copy(asio::buffer(out, n), buffer_.data());
            buffer_.consume(got);
        }
        if (got < n) {
            std::promise<std::pair<beast::error_code, std::size_t>> done;
            auto result = done.get_future();
            asio::post(stream_.get_executor(),
                       [this, out, n, got, &done] { fill_direct(out, n, got, done); });
            auto [ec, filled] = result.get();
            if (ec) {
                *direct_remaining_ -= filled;
                throw BodyReadError("request body: " + ec.message());
            }
            got = filled;
        }
        *direct_remaining_ -= got;
        return got;
    }

    // On the strand: socket reads into out[got, n) until it is full; the
    // timeout restarts with each read (a stalled client, not a slow one).
    void fill_direct(char* out, std::size_t n, std::size_t got,
                     std::promise<std::pair<beast::error_code, std::size_t>>& done) {
        stream_.expires_after(timeout_);
        stream_.async_read_some(asio::buffer(out + got, n - got),
                                [this, out, n, got, &done](beast::error_code ec, std::size_t read) {
                                    std::size_t filled = got + read;
                                    if (ec || filled == n) {
                                        done.set_value({ec, filled});
                                        return;
                                    }
                                    fill_direct(out, n, filled, done);
                                });
    }

    // On the strand: reads into out[got, n) until it is full or the body ends.
    void fill(char* out, std::size_t n, std::size_t got,
              std::promise<std::pair<beast::error_code, std::size_t>>& done) {
        auto& body = parser_.get().body();
        body.data = out + got;
        body.size = n - got;
        // Beast reads at most the buffer's free capacity (and 64 KiB) per call;
        // a flat buffer sized for the headers would make every read tiny.
        if (buffer_.capacity() - buffer_.size() < kSocketRead) {
            buffer_.reserve(buffer_.size() + kSocketRead);
        }
        stream_.expires_after(timeout_);
        bhttp::async_read_some(stream_, buffer_, parser_,
                               [this, out, n, &done](beast::error_code ec, std::size_t) {
                                   if (ec == bhttp::error::need_buffer) {
                                       ec = {};
                                   }
                                   std::size_t filled = n - parser_.get().body().size;
                                   if (ec || parser_.is_done() || filled == n) {
                                       done.set_value({ec, filled});
                                       return;
                                   }
                                   fill(out, n, filled, done);
                               });
    }

    static constexpr std::size_t kSocketRead = 64 * 1024;
    beast::tcp_stream& stream_;
    beast::flat_buffer& buffer_;
    bhttp::request_parser<bhttp::buffer_body>& parser_;
    std::chrono::seconds timeout_;
    std::optional<std::uint64_t> direct_remaining_;  // set for a Content-Length body
};

void split_target(Request& req) {
    auto q = req.target.find('?');
    if (q == std::string::npos) {
        req.path = req.target;
    } else {
        req.path = req.target.substr(0, q);
        req.query_string = req.target.substr(q + 1);
    }
}

template <typename Msg>
void copy_headers(const Headers& from, Msg& to) {
    for (const auto& f : from) {
        to.insert(f.name_string(), f.value());
    }
}

}  // namespace

struct Server::Impl {
    Impl(ServerOptions o, Application& a)
        : options(std::move(o)), app(a), acceptor(ioc), blocking(options.blocking_threads) {}

    ServerOptions options;
    Application& app;
    asio::io_context ioc;
    tcp::acceptor acceptor;
    asio::thread_pool blocking;
    std::vector<std::thread> threads;
    std::atomic<bool> stopping{false};
    std::mutex mu;
    std::unordered_set<std::shared_ptr<Connection>> connections;
    std::uint16_t bound_port = 0;

    awaitable<void> accept_loop();
    awaitable<void> session(std::shared_ptr<Connection> conn);
    awaitable<bool> write_response(beast::tcp_stream& stream, const Request& req, Response& res,
                                   bool keep_alive, std::uint64_t& bytes);
    awaitable<bool> write_file(beast::tcp_stream& stream, const Request& req, const Response& res,
                               bool keep_alive, std::uint64_t& bytes);
    awaitable<bool> send_file(beast::tcp_stream& stream, const FileBody& file,
                              std::uint64_t& bytes);
    awaitable<bool> write_fault(beast::tcp_stream& stream, unsigned status, const std::string& msg);
};

awaitable<void> Server::Impl::accept_loop() {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
        if (stopping) {
            co_return;
        }
        if (ec) {
            if (ec == asio::error::operation_aborted) {
                co_return;
            }
            spdlog::warn("{}: accept failed: {}", options.name, ec.message());
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        auto conn = std::make_shared<Connection>(std::move(socket));
        {
            std::lock_guard lock(mu);
            connections.insert(conn);
        }
        asio::co_spawn(conn->stream.get_executor(), session(conn), asio::detached);
    }
}

awaitable<bool> Server::Impl::write_fault(beast::tcp_stream& stream, unsigned status,
                                          const std::string& msg) {
    Request req;
    Response res = app.server_fault(status, msg);
    std::uint64_t bytes = 0;
    co_return co_await write_response(stream, req, res, false, bytes);
}

awaitable<void> Server::Impl::session(std::shared_ptr<Connection> conn) {
    auto& stream = conn->stream;
    beast::flat_buffer buffer;
    std::string remote;
    {
        beast::error_code ec;
        auto ep = stream.socket().remote_endpoint(ec);
        if (!ec) {
            remote = ep.address().to_string();
        }
    }
    bool keep_alive = true;
    while (keep_alive && !stopping) {
        bhttp::request_parser<bhttp::empty_body> head;
        head.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        head.body_limit(boost::none);
        conn->busy = false;
        stream.expires_after(options.idle_timeout);
        auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, head, use_tuple);
        if (ec) {
            if (ec == bhttp::error::header_limit) {
                co_await write_fault(stream, 431, "Request header fields too large.");
            } else if (ec == bhttp::error::bad_content_length) {
                co_await write_fault(stream, 400, "content-length header must be an integer");
            } else if (ec.category() ==
                           bhttp::make_error_code(bhttp::error::bad_method).category() &&
                       ec != bhttp::error::end_of_stream) {
                co_await write_fault(stream, 400, "Bad request.");
            }
            break;
        }
        conn->busy = true;
        auto started = std::chrono::steady_clock::now();

        Request req;
        const auto& h = head.get();
        req.method = h.method();
        req.target = std::string(h.target());
        req.version = h.version();
        req.headers = static_cast<const bhttp::fields&>(h);
        req.remote_addr = remote;
        split_target(req);
        bool client_keep_alive = h.keep_alive();

        if (beast::iequals(h[bhttp::field::expect], "100-continue")) {
            bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
            stream.expires_after(options.write_timeout);
            auto [wec, wn] = co_await bhttp::async_write(stream, cont, use_tuple);
            if (wec) {
                break;
            }
        }

        Response res;
        bool request_complete = true;
        if (app.streams_body(req)) {
            bhttp::request_parser<bhttp::buffer_body> parser{std::move(head)};
            parser.body_limit(boost::none);
            SocketBodyReader reader(stream, buffer, parser, options.read_timeout);
            req.body_reader = &reader;
            res = co_await asio::co_spawn(
                blocking, [&]() -> awaitable<Response> { co_return app.handle(req); },
                asio::use_awaitable);
            req.body_reader = nullptr;
            request_complete = reader.complete();
        } else {
            auto declared = head.content_length();
            if (declared && *declared > options.max_body_bytes) {
                res = app.server_fault(413, "Request is too large.");
                request_complete = false;
            } else {
                bhttp::request_parser<bhttp::string_body> parser{std::move(head)};
                parser.body_limit(options.max_body_bytes);
                stream.expires_after(options.read_timeout);
                auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
                if (rec == bhttp::error::body_limit) {
                    res = app.server_fault(413, "Request is too large.");
                    request_complete = false;
                } else if (rec) {
                    break;  // client went away or stalled: nothing to answer
                } else {
                    req.body = std::move(parser.get().body());
                    res = app.handle(req);
                }
            }
        }

        keep_alive = client_keep_alive && request_complete && !res.close && !stopping;
        std::uint64_t bytes = 0;
        bool written = co_await write_response(stream, req, res, keep_alive, bytes);
        if (options.access_log) {
            auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
            auto rid = res.headers["x-openstack-request-id"];
            spdlog::info("{} [{}] {} \"{} {}\" status: {} len: {} time: {:.6f}", options.name,
                         std::string_view(rid.data(), rid.size()), remote,
                         std::string_view(bhttp::to_string(req.method)), req.path, res.status,
                         bytes, secs.count());
        }
        if (!written) {
            break;
        }
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
    std::lock_guard lock(mu);
    connections.erase(conn);
}

awaitable<bool> Server::Impl::write_response(beast::tcp_stream& stream, const Request& req,
                                             Response& res, bool keep_alive, std::uint64_t& bytes) {
    if (res.file_body) {
        co_return co_await write_file(stream, req, res, keep_alive, bytes);
    }
    const bool head_only = req.method == Verb::head;
    stream.expires_after(options.write_timeout);
    if (!res.body_source) {
        bhttp::response<bhttp::string_body> msg{static_cast<bhttp::status>(res.status),
                                                req.version};
        copy_headers(res.headers, msg);
        msg.keep_alive(keep_alive);
        bytes = res.body.size();
        if (head_only) {
            if (res.status != 204 && res.status != 304) {
                msg.content_length(res.body.size());
            }
        } else {
            msg.body() = std::move(res.body);
            msg.prepare_payload();
        }
        auto [ec, n] = co_await bhttp::async_write(stream, msg, use_tuple);
        co_return !ec;
    }

    bhttp::response<bhttp::buffer_body> msg{static_cast<bhttp::status>(res.status), req.version};
    copy_headers(res.headers, msg);
    msg.keep_alive(keep_alive);
    if (res.content_length) {
        msg.content_length(*res.content_length);
    } else if (!head_only) {
        msg.chunked(true);
    }
    msg.body().data = nullptr;
    msg.body().more = !head_only;
    bhttp::response_serializer<bhttp::buffer_body> sr{msg};
    auto [ec, n] = co_await bhttp::async_write_header(stream, sr, use_tuple);
    if (ec || head_only) {
        co_return !ec;
    }
    std::vector<char> chunk(kStreamChunk);
    for (;;) {
        std::size_t got = 0;
        try {
            got = res.body_source(chunk.data(), chunk.size());
        } catch (const std::exception& e) {
            spdlog::error("{}: response body failed: {}", options.name, e.what());
            co_return false;
        }
        bytes += got;
        msg.body().data = got ? chunk.data() : nullptr;
        msg.body().size = got;
        msg.body().more = got > 0;
        stream.expires_after(options.write_timeout);
        auto [wec, wn] = co_await bhttp::async_write(stream, sr, use_tuple);
        if (wec == bhttp::error::need_buffer) {
            wec = {};
        }
        if (wec) {
            co_return false;
        }
        if (got == 0) {
            break;
        }
    }
    co_return true;
}

awaitable<bool> Server::Impl::write_file(beast::tcp_stream& stream, const Request& req,
                                         const Response& res, bool keep_alive,
                                         std::uint64_t& bytes) {
    bhttp::response<bhttp::empty_body> msg{static_cast<bhttp::status>(res.status), req.version};
    copy_headers(res.headers, msg);
    msg.keep_alive(keep_alive);
    msg.content_length(res.file_body->length());
    stream.expires_after(options.write_timeout);
    auto [ec, n] = co_await bhttp::async_write(stream, msg, use_tuple);
    if (ec || req.method == Verb::head) {
        co_return !ec;
    }
    co_return co_await send_file(stream, *res.file_body, bytes);
}

// The headers are out; the kernel copies the file to the socket. A socket
// with no room is waited for under the write timeout (a slow client). A
// failure after the headers can only be told by closing the connection.
awaitable<bool> Server::Impl::send_file(beast::tcp_stream& stream, const FileBody& file,
                                        std::uint64_t& bytes) {
    using namespace asio::experimental::awaitable_operators;
    auto& socket = stream.socket();
    beast::error_code ec;
    socket.native_non_blocking(true, ec);
    if (ec) {
        co_return false;
    }
    auto offset = static_cast<off_t>(file.offset());
    std::uint64_t left = file.length();
    std::size_t since_yield = 0;
    std::optional<asio::steady_timer> timer;
    while (left > 0) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, kSendfileChunk));
        ssize_t sent = ::sendfile(socket.native_handle(), file.fd(), &offset, want);
        if (sent > 0) {
            left -= static_cast<std::uint64_t>(sent);
            bytes += static_cast<std::uint64_t>(sent);
            since_yield += static_cast<std::size_t>(sent);
            if (since_yield >= kSendfileChunk && left > 0) {
                since_yield = 0;
                co_await asio::post(stream.get_executor(), asio::use_awaitable);
            }
            continue;
        }
        if (sent == 0) {
            spdlog::error("{}: response file ended {} bytes early", options.name, left);
            co_return false;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            // A client that hung up: EPIPE only because the process ignores
            // SIGPIPE (cmd/signals.cpp); sendfile(2) has no MSG_NOSIGNAL.
            if (errno != EPIPE && errno != ECONNRESET) {
                spdlog::error("{}: sendfile failed: {}", options.name, std::strerror(errno));
            }
            co_return false;
        }
        since_yield = 0;
        if (!timer) {
            timer.emplace(stream.get_executor());
        }
        timer->expires_after(options.write_timeout);
        auto woke = co_await (socket.async_wait(tcp::socket::wait_write, use_tuple) ||
                              timer->async_wait(use_tuple));
        if (woke.index() != 0 || std::get<0>(std::get<0>(woke))) {
            co_return false;  // the client stopped reading (or the socket broke)
        }
    }
    co_return true;
}

Server::Server(ServerOptions options, Application& app)
    : impl_(std::make_unique<Impl>(std::move(options), app)) {}

Server::~Server() {
    stop();
}

void Server::start() {
    auto& o = impl_->options;
    tcp::endpoint ep(asio::ip::make_address(o.host), o.port);
    auto& acc = impl_->acceptor;
    acc.open(ep.protocol());
    acc.set_option(asio::socket_base::reuse_address(true));
    acc.bind(ep);
    acc.listen(asio::socket_base::max_listen_connections);
    impl_->bound_port = acc.local_endpoint().port();
    asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
    unsigned n = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) {
        impl_->threads.emplace_back([this] { impl_->ioc.run(); });
    }
}

std::uint16_t Server::port() const {
    return impl_->bound_port;
}

void Server::stop() {
    if (!impl_ || impl_->threads.empty()) {
        return;
    }
    impl_->stopping = true;
    asio::post(impl_->ioc, [this] {
        beast::error_code ignored;
        impl_->acceptor.close(ignored);
    });
    auto deadline = std::chrono::steady_clock::now() + impl_->options.shutdown_grace;
    for (;;) {
        {
            std::lock_guard lock(impl_->mu);
            if (impl_->connections.empty()) {
                break;
            }
            for (const auto& c : impl_->connections) {
                if (!c->busy) {
                    asio::post(c->stream.get_executor(), [c] { c->stream.cancel(); });
                }
            }
        }
        if (std::chrono::steady_clock::now() > deadline) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    impl_->ioc.stop();
    for (auto& t : impl_->threads) {
        t.join();
    }
    impl_->threads.clear();
    impl_->blocking.join();
}

}  // namespace onestack::http
