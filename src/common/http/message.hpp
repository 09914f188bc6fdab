#pragma once
// The request and response every handler sees. Bodies are read whole
// (bounded by the server's body limit) unless the route asks to stream, in
// which case the handler pulls bytes through body_reader.
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/context/request_context.hpp"

namespace onestack::http {

using Verb = boost::beast::http::verb;
using Headers = boost::beast::http::fields;

// Pulls a streamed request body. read() returns 0 at the end of the body and
// throws BodyReadError when the client stalls or the connection breaks.
class BodyReader {
  public:
    virtual ~BodyReader() = default;
    virtual std::size_t read(char* out, std::size_t n) = 0;
    // Content-Length when the client sent one (absent for chunked bodies).
    virtual std::optional<std::uint64_t> content_length() const = 0;
};

struct Route;

struct BodyReadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Decoded query string: ordered, repeated keys kept.
class QueryParams {
  public:
    QueryParams() = default;
    explicit QueryParams(std::string_view raw);
    std::optional<std::string> get(std::string_view key) const;
    std::vector<std::string> get_all(std::string_view key) const;
    bool has(std::string_view key) const;
    const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

  private:
    std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
    Verb method = Verb::get;
    std::string target;  // raw path + query as sent
    std::string path;    // percent-encoded path, no query
    std::string query_string;
    Headers headers;
    std::string body;
    BodyReader* body_reader = nullptr;  // set only for streaming routes
    std::string remote_addr;
    unsigned version = 11;

    // Filled by the router: decoded values of {name} segments.
    std::vector<std::pair<std::string, std::string>> path_params;
    // Filled by the auth middleware.
    RequestContext ctx;
    // The route that matched (set before middlewares run).
    const Route* matched_route = nullptr;
    // Its template ("/v3/users/{user_id}"), for logs and policy.
    std::string route;
    // True for routes that need no token (version documents, token issue).
    bool public_route = false;

    std::string_view header(std::string_view name) const;
    bool has_header(std::string_view name) const;
    const std::string& param(std::string_view name) const;
    const QueryParams& query() const;
    // Body parsed as JSON; throws Fault 400 when it is not JSON.
    boost::json::value json() const;
    // Scheme://host[:port] the client used, for links in responses.
    std::string base_url() const;

  private:
    mutable std::optional<QueryParams> query_;
};

// A response body that is a range of an open file. The server writes the
// headers itself and hands the bytes to the kernel with sendfile(2): no copy
// through user space. Owns the descriptor.
class FileBody {
  public:
    FileBody(int fd, std::uint64_t offset, std::uint64_t length)
        : fd_(fd), offset_(offset), length_(length) {}
    ~FileBody();
    FileBody(const FileBody&) = delete;
    FileBody& operator=(const FileBody&) = delete;

    int fd() const { return fd_; }
    std::uint64_t offset() const { return offset_; }
    std::uint64_t length() const { return length_; }

  private:
    int fd_;
    std::uint64_t offset_;
    std::uint64_t length_;
};

struct Response {
    unsigned status = 200;
    Headers headers;
    std::string body;
    // A streamed body: called until it returns 0. When content_length is set
    // the response carries it, otherwise the body is sent chunked.
    std::function<std::size_t(char*, std::size_t)> body_source;
    std::optional<std::uint64_t> content_length;
    // A file-backed body (takes precedence over body and body_source); its
    // length is the Content-Length.
    std::shared_ptr<FileBody> file_body;
    // Close the connection after this response.
    bool close = false;

    Response() = default;
    explicit Response(unsigned s) : status(s) {}

    static Response json(unsigned status, const boost::json::value& v);
    static Response text(unsigned status, std::string body,
                         std::string_view content_type = "text/plain; charset=UTF-8");
    static Response empty(unsigned status = 204) { return Response(status); }
    Response& set(std::string_view name, std::string_view value);
};

// Percent-decoding of a path segment or query component ('+' kept in paths).
std::string percent_decode(std::string_view s, bool plus_is_space = false);
std::string percent_encode(std::string_view s);

}  // namespace onestack::http
