#pragma once
// A small blocking HTTP/1.1 client for service-to-service REST calls, with
// kept-alive connections pooled per host and a deadline on every call.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/http/message.hpp"

namespace onestack::http {

struct ClientResponse {
    unsigned status = 0;
    Headers headers;
    std::string body;
    std::string_view header(std::string_view name) const;
    boost::json::value json() const;  // throws std::runtime_error on bad JSON
};

struct ClientError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class HttpClient {
  public:
    explicit HttpClient(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    ~HttpClient();

    // url: "http://host:port/path?query". Throws ClientError on connection
    // failure or timeout; any HTTP status is returned.
    ClientResponse request(Verb method, const std::string& url, const Headers& headers = {},
                           std::string body = {});
    // Streams a response body into sink (image downloads); returns status and headers.
    ClientResponse request_streaming(Verb method, const std::string& url, const Headers& headers,
                                     const std::function<void(const char*, std::size_t)>& sink);
    // Sends a body produced by source (returns 0 at the end), with a known length.
    ClientResponse request_upload(Verb method, const std::string& url, const Headers& headers,
                                  std::uint64_t length,
                                  const std::function<std::size_t(char*, std::size_t)>& source);

    struct Connection;

  private:
    // fresh: drop the host's idle connections and open a new one (after a
    // pooled one turned out dead, its idle siblings likely are too).
    std::unique_ptr<Connection> checkout(const std::string& host, const std::string& port,
                                         bool fresh = false);
    void checkin(std::unique_ptr<Connection> conn);

    std::chrono::milliseconds timeout_;
    std::mutex mu_;
    std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

}  // namespace onestack::http
