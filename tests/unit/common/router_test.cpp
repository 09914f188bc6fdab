#include "common/http/router.hpp"

#include <gtest/gtest.h>

using namespace onestack::http;

namespace {

Handler named(std::string name) {
    return [name](Request&) { return Response::text(200, name); };
}

std::string call(const Router& r, Verb v, std::string_view path) {
    auto m = r.match(v, path);
    if (!m.route) {
        return m.path_known ? "405" : "404";
    }
    Request req;
    req.path_params = m.params;
    return m.route->handler(req).body;
}

}  // namespace

TEST(Router, LiteralBeatsParameter) {
    Router r;
    r.add(Verb::get, "/servers/{server_id}", named("show"));
    r.add(Verb::get, "/servers/detail", named("detail"));
    EXPECT_EQ(call(r, Verb::get, "/servers/detail"), "detail");
    EXPECT_EQ(call(r, Verb::get, "/servers/abc"), "show");
}

TEST(Router, BacktracksFromLiteralToParameter) {
    Router r;
    r.add(Verb::get, "/a/detail/x", named("lit"));
    r.add(Verb::get, "/a/{id}/y", named("param"));
    EXPECT_EQ(call(r, Verb::get, "/a/detail/y"), "param");
    EXPECT_EQ(call(r, Verb::get, "/a/detail/x"), "lit");
}

TEST(Router, ExtractsDecodedParameters) {
    Router r;
    r.add(Verb::get, "/v3/users/{user_id}/groups/{group_id}", named("x"));
    auto m = r.match(Verb::get, "/v3/users/u%201/groups/g2");
    ASSERT_NE(m.route, nullptr);
    ASSERT_EQ(m.params.size(), 2u);
    EXPECT_EQ(m.params[0].second, "u 1");
    EXPECT_EQ(m.params[1].second, "g2");
}

TEST(Router, MethodNotAllowedVersusNotFound) {
    Router r;
    r.add(Verb::get, "/v3/users", named("list"));
    r.add(Verb::post, "/v3/users", named("create"));
    auto m = r.match(Verb::delete_, "/v3/users");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_TRUE(m.path_known);
    EXPECT_EQ(m.allowed.size(), 2u);
    EXPECT_EQ(call(r, Verb::get, "/v3/nothing"), "404");
}

TEST(Router, HeadFallsBackToGet) {
    Router r;
    r.add(Verb::get, "/v3", named("v3"));
    EXPECT_EQ(call(r, Verb::head, "/v3"), "v3");
}

TEST(Router, TrailingSlashAndRestParameter) {
    Router r;
    r.add(Verb::get, "/v1/{account}/{container}/{object+}", named("obj"));
    r.add(Verb::get, "/v3/projects", named("list"));
    EXPECT_EQ(call(r, Verb::get, "/v3/projects/"), "list");
    auto m = r.match(Verb::get, "/v1/AUTH_a/c/dir/sub/file.txt");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.params[2].second, "dir/sub/file.txt");
}

TEST(Router, StrictSlashRoutesRefuseATrailingSlash) {
    Router r;
    RouteOptions strict{.strict_slash = true};
    r.add(Verb::get, "/v2.1/images", named("list"), strict);
    r.add(Verb::get, "/v2.1/images/{id}", named("show"), strict);
    r.add(Verb::delete_, "/v2.1/images/{id}", named("delete"), strict);
    r.add(Verb::get, "/v3/users", named("users"));
    // An empty id is a 404 (Nova), not the collection nor a 405.
    EXPECT_EQ(call(r, Verb::get, "/v2.1/images/"), "404");
    EXPECT_EQ(call(r, Verb::delete_, "/v2.1/images/"), "404");
    EXPECT_EQ(call(r, Verb::get, "/v2.1/images/x/"), "404");
    EXPECT_EQ(call(r, Verb::get, "/v2.1/images"), "list");
    EXPECT_EQ(call(r, Verb::get, "/v2.1/images/x"), "show");
    EXPECT_EQ(call(r, Verb::delete_, "/v2.1/images"), "405");
    // Routes without the option still ignore it.
    EXPECT_EQ(call(r, Verb::get, "/v3/users/"), "users");
}

TEST(Router, StrictSlashKeepsOtherMethodsOnTheSamePath) {
    Router r;
    r.add(Verb::get, "/things", named("list"), {.strict_slash = true});
    r.add(Verb::post, "/things", named("create"));
    EXPECT_EQ(call(r, Verb::post, "/things/"), "create");
    EXPECT_EQ(call(r, Verb::get, "/things/"), "405");
    EXPECT_EQ(r.match(Verb::get, "/things/").allowed, std::vector<std::string>{"POST"});
}

TEST(Router, RejectsDuplicateRoutes) {
    Router r;
    r.add(Verb::get, "/x", named("a"));
    EXPECT_THROW(r.add(Verb::get, "/x", named("b")), std::logic_error);
}

TEST(Router, ChainRunsMiddlewaresOutermostFirst) {
    std::string trace;
    std::vector<Middleware> mws = {
        [&](Request& r, const Handler& next) {
            trace += "a";
            auto res = next(r);
            trace += "A";
            return res;
        },
        [&](Request& r, const Handler& next) {
            trace += "b";
            auto res = next(r);
            trace += "B";
            return res;
        },
    };
    auto h = chain(mws, [&](Request&) {
        trace += "h";
        return Response(204);
    });
    Request req;
    EXPECT_EQ(h(req).status, 204u);
    EXPECT_EQ(trace, "abhBA");
}
