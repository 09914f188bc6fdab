// HttpClient's pool against a server that closes idle keep-alive connections
// (as placement's server does after its idle timeout): a call must not fail
// with "end of stream" because every pooled connection is dead.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

#include "common/http/client.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using onestack::http::HttpClient;
using onestack::http::Verb;

namespace {

// Reads one request head (these requests carry no body).
void read_request(tcp::socket& s) {
    asio::streambuf buf;
    asio::read_until(s, buf, "\r\n\r\n");
}

void respond(tcp::socket& s) {
    static const std::string kOk =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok";
    asio::write(s, asio::buffer(kOk));
}

// Accepts `together` connections, answers one request on each, then closes
// them all while they sit idle in the client's pool; afterwards answers one
// request per new connection.
class ClosingServer {
  public:
    explicit ClosingServer(int together)
        : acceptor_(ioc_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {
        thread_ = std::thread([this, together] {
            std::vector<tcp::socket> first;
            for (int i = 0; i < together; ++i) {
                first.push_back(acceptor_.accept());
                read_request(first.back());
            }
            for (auto& s : first) {
                respond(s);
            }
            first.clear();  // closed idle: what an idle timeout does
            for (;;) {
                tcp::socket s = acceptor_.accept();
                if (stopping_) {
                    return;
                }
                read_request(s);
                respond(s);
                ++later_;
            }
        });
    }
    ~ClosingServer() {
        stopping_ = true;
        tcp::socket wake(ioc_);
        wake.connect(acceptor_.local_endpoint());
        thread_.join();
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/";
    }
    int later() const { return later_; }

  private:
    asio::io_context ioc_;
    tcp::acceptor acceptor_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> later_{0};
};

}  // namespace

TEST(HttpClient, RetriesOnANewConnectionWhenEveryPooledOneWasClosed) {
    ClosingServer server(2);
    HttpClient client(std::chrono::seconds(10));
    // Two calls at once: two connections, both pooled after their answers.
    std::thread other([&] { EXPECT_EQ(client.request(Verb::get, server.url()).status, 200u); });
    EXPECT_EQ(client.request(Verb::get, server.url()).status, 200u);
    other.join();
    // The server has closed both; the first pooled one fails, and so would the second.
    for (int i = 0; i < 3; ++i) {
        auto r = client.request(Verb::get, server.url());
        EXPECT_EQ(r.status, 200u);
        EXPECT_EQ(r.body, "ok");
    }
    EXPECT_EQ(server.later(), 3);
}
