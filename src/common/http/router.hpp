#pragma once
// Method + path-template routing. Templates are "/v3/users/{user_id}";
// a final "{name+}" takes the rest of the path (object names with '/').
// Literal segments win over parameters, so "/servers/detail" is never read
// as a server id; a miss on a deeper literal backtracks to the parameter.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/message.hpp"

namespace onestack::http {

using Handler = std::function<Response(Request&)>;
// A middleware wraps the rest of the chain: it may act before and after
// next(req), or answer without calling it.
using Middleware = std::function<Response(Request&, const Handler& next)>;

struct RouteOptions {
    // The handler reads the body itself through Request::body_reader.
    bool stream_body = false;
    // Skip the auth middleware (version documents, POST /v3/auth/tokens).
    bool public_route = false;
    // A trailing slash on the request path does not reach this route, as
    // with Nova's routes Mapper: "/images/" is not "/images" (an empty id
    // is a 404 there, not the collection). Other routes ignore it.
    bool strict_slash = false;
};

struct Route {
    Verb method;
    std::string pattern;
    Handler handler;
    RouteOptions options;
};

class Router {
  public:
    Router();
    ~Router();
    Router(Router&&) noexcept;
    Router& operator=(Router&&) noexcept;

    void add(Verb method, std::string_view pattern, Handler handler, RouteOptions options = {});

    struct Match {
        const Route* route = nullptr;      // null: no route for this method
        bool path_known = false;           // some method serves this path (405 vs 404)
        std::vector<std::string> allowed;  // methods serving the path, for Allow
        std::vector<std::pair<std::string, std::string>> params;
    };
    // HEAD falls back to GET when no HEAD route exists.
    Match match(Verb method, std::string_view path) const;

  private:
    struct Node;
    std::unique_ptr<Node> root_;
};

// Composes middlewares (outermost first) around a final handler.
Handler chain(const std::vector<Middleware>& middlewares, Handler last);

}  // namespace onestack::http
