// GET / and GET /v3: the version documents clients discover identity with.
#include <boost/json.hpp>

#include "identity/api/common.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/versions.hpp"

namespace onestack::identity::api {

void add_version_routes(Identity&, Router& r) {
    using onestack::http::Verb;
    r.add(Verb::get, "/",
          [](Request& req) {
              auto res = Response::json(
                  300,
                  {{"versions", {{"values", boost::json::array{v3_version(req.base_url())}}}}});
              res.set("Location", req.base_url() + "/v3/");
              return res;
          },
          {.public_route = true});
    r.add(Verb::get, "/v3",
          [](Request& req) {
              return Response::json(200, {{"version", v3_version(req.base_url())}});
          },
          {.public_route = true});
}

}  // namespace onestack::identity::api
