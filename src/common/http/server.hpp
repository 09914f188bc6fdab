#pragma once
// HTTP/1.1 server on Boost.Beast with C++20 coroutines: keep-alive, header and
// body limits, idle and slow-client timeouts, graceful shutdown. Handlers run
// on the I/O threads (they are short); routes that stream their request body
// run on a separate blocking pool so a slow upload never stalls other clients.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/http/message.hpp"

namespace onestack::http {

struct ServerOptions {
    std::string name = "http";  // service name in logs
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0: any free port
    unsigned threads = 0;    // 0: one per core
    unsigned blocking_threads = 4;
    std::size_t max_header_bytes = 64 * 1024;
    std::size_t max_body_bytes = 112 * 1024;
    std::chrono::seconds idle_timeout{60};  // keep-alive wait for the next request
    std::chrono::seconds read_timeout{30};  // a started request must arrive in this time
    std::chrono::seconds write_timeout{60};
    std::chrono::seconds shutdown_grace{10};
    bool access_log = true;
};

// What the server needs from a service: whether a request streams its body,
// how to answer it, and how to render the server's own faults (413, 431, ...).
class Application {
  public:
    virtual ~Application() = default;
    virtual bool streams_body(const Request& head) const = 0;
    virtual Response handle(Request& req) noexcept = 0;
    virtual Response server_fault(unsigned status, const std::string& message) noexcept = 0;
};

class Server {
  public:
    Server(ServerOptions options, Application& app);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts the threads; throws when the address is taken.
    void start();
    std::uint16_t port() const;
    // Stops accepting, lets requests in flight finish (up to shutdown_grace), closes idle ones.
    void stop();

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace onestack::http
