// The server's file-backed response bodies (Response::file_body, sent with
// sendfile(2)) against a real loopback server: full and ranged bodies are
// byte-exact, keep-alive and HEAD work, a file shorter than promised closes
// the connection, a client that stops reading is dropped after the write
// timeout, and stop() lets a transfer in flight finish.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "common/http/server.hpp"
#include "http_test_support.hpp"

using namespace onestack::http;

namespace {

// Serves one file: /full (all of it), /range (bytes [1000, 1000 + 70000)),
// /short (promises 100 bytes more than the file has).
class FileApp final : public Application {
  public:
    explicit FileApp(std::string path) : path_(std::move(path)) {}

    bool streams_body(const Request&) const override { return false; }

    Response handle(Request& req) noexcept override {
        int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        auto size = static_cast<std::uint64_t>(std::filesystem::file_size(path_));
        Response res(200);
        res.set("Content-Type", "application/octet-stream");
        res.set("x-openstack-request-id", "req-file");
        if (req.path == "/range") {
            res.status = 206;
            res.set("Content-Range", "bytes 1000-70999/" + std::to_string(size));
            res.file_body = std::make_shared<FileBody>(fd, 1000, 70000);
        } else if (req.path == "/short") {
            res.file_body = std::make_shared<FileBody>(fd, 0, size + 100);
        } else {
            res.file_body = std::make_shared<FileBody>(fd, 0, size);
        }
        return res;
    }

    Response server_fault(unsigned status, const std::string& message) noexcept override {
        return Response::text(status, message);
    }

  private:
    std::string path_;
};

class HttpFileBodyTest : public ::testing::Test {
  protected:
    void start(std::size_t size, ServerOptions so = {}) {
        content_ = random_bytes(size, 42);
        path_ = std::filesystem::temp_directory_path() /
                ("onestack-file-body-" + std::to_string(::getpid()) + ".bin");
        std::ofstream(path_, std::ios::binary) << content_;
        app_ = std::make_unique<FileApp>(path_.string());
        so.access_log = false;
        server_ = std::make_unique<Server>(so, *app_);
        server_->start();
    }
    void TearDown() override {
        if (server_) {
            server_->stop();
        }
        std::filesystem::remove(path_);
    }

    tcp::socket connect(int rcvbuf = 0) {
        tcp::socket s(ioc_);
        s.open(tcp::v4());
        if (rcvbuf > 0) {
            s.set_option(asio::socket_base::receive_buffer_size(rcvbuf));
        }
        s.connect({asio::ip::address_v4::loopback(), server_->port()});
        return s;
    }

    static void send(tcp::socket& s, bhttp::verb method, const std::string& target,
                     bool keep_alive = true) {
        bhttp::request<bhttp::empty_body> req{method, target, 11};
        req.set(bhttp::field::host, "localhost");
        req.keep_alive(keep_alive);
        bhttp::write(s, req);
    }

    bhttp::response<bhttp::string_body> get(tcp::socket& s, const std::string& target) {
        send(s, bhttp::verb::get, target);
        bhttp::response<bhttp::string_body> res;
        bhttp::read(s, buffer_, res);
        return res;
    }

    asio::io_context ioc_;
    beast::flat_buffer buffer_;
    std::string content_;
    std::filesystem::path path_;
    std::unique_ptr<FileApp> app_;
    std::unique_ptr<Server> server_;
};

TEST_F(HttpFileBodyTest, FullRangedAndHeadOnOneKeepAliveConnection) {
    start(3 * 1024 * 1024 + 17);
    auto s = connect();

    auto full = get(s, "/full");
    EXPECT_EQ(full.result_int(), 200u);
    EXPECT_EQ(full[bhttp::field::content_length], std::to_string(content_.size()));
    EXPECT_EQ(full["x-openstack-request-id"], "req-file");
    EXPECT_TRUE(full.body() == content_) << "body differs";
    EXPECT_TRUE(full.keep_alive());

    auto part = get(s, "/range");
    EXPECT_EQ(part.result_int(), 206u);
    EXPECT_EQ(part[bhttp::field::content_range],
              "bytes 1000-70999/" + std::to_string(content_.size()));
    EXPECT_EQ(part[bhttp::field::content_length], "70000");
    EXPECT_TRUE(part.body() == content_.substr(1000, 70000)) << "range differs";

    // HEAD: the length of the body, no body (the next response parses cleanly).
    send(s, bhttp::verb::head, "/full");
    bhttp::response_parser<bhttp::empty_body> head;
    head.skip(true);
    bhttp::read(s, buffer_, head);
    EXPECT_EQ(head.get().result_int(), 200u);
    EXPECT_EQ(head.get()[bhttp::field::content_length], std::to_string(content_.size()));

    auto again = get(s, "/range");
    EXPECT_TRUE(again.body() == content_.substr(1000, 70000));
}

TEST_F(HttpFileBodyTest, ConnectionCloseIsHonoured) {
    start(100000);
    auto s = connect();
    send(s, bhttp::verb::get, "/full", false);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(s, buffer_, res);
    EXPECT_TRUE(res.body() == content_);
    EXPECT_FALSE(res.keep_alive());
    char byte = 0;
    beast::error_code ec;
    s.read_some(asio::buffer(&byte, 1), ec);
    EXPECT_EQ(ec, asio::error::eof);
}

TEST_F(HttpFileBodyTest, FileShorterThanPromisedClosesTheConnection) {
    start(50000);
    auto s = connect();
    send(s, bhttp::verb::get, "/short");
    bhttp::response<bhttp::string_body> res;
    beast::error_code ec;
    bhttp::read(s, buffer_, res, ec);
    EXPECT_EQ(ec, bhttp::error::partial_message);
}

TEST_F(HttpFileBodyTest, ClientThatStopsReadingIsDroppedAfterTheWriteTimeout) {
    ServerOptions so;
    so.write_timeout = std::chrono::seconds(1);
    start(24 * 1024 * 1024, so);
    auto s = connect(64 * 1024);
    send(s, bhttp::verb::get, "/full");
    // Read nothing until the server has given up, then drain what reached us.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    std::size_t got = 0;
    std::vector<char> buf(1 << 20);
    beast::error_code ec;
    while (!ec) {
        got += s.read_some(asio::buffer(buf), ec);
    }
    EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
    EXPECT_LT(got, content_.size());
}

TEST_F(HttpFileBodyTest, StopLetsATransferInFlightFinish) {
    start(16 * 1024 * 1024);
    auto s = connect(64 * 1024);
    send(s, bhttp::verb::get, "/full");
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    bhttp::read_header(s, buffer_, parser);
    std::thread stopper([this] { server_->stop(); });
    beast::error_code ec;
    bhttp::read(s, buffer_, parser, ec);
    stopper.join();
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_TRUE(parser.get().body() == content_) << "body differs";
    // Then the server closes the connection instead of waiting for another request.
    char byte = 0;
    s.read_some(asio::buffer(&byte, 1), ec);
    EXPECT_EQ(ec, asio::error::eof);
}

}  // namespace
