// libFuzzer target: raw bytes -> Beast's HTTP request parser (with the
// server's header and body limits) -> identity's application (router,
// middlewares, JSON bodies, handlers) over an in-memory database.
// Crashes, sanitizer reports, leaks and hangs are findings.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "common/db/migrations.hpp"
#include "identity/api/routes.hpp"
#include "identity/bootstrap.hpp"
#include "identity/db/schema.hpp"
#include "identity/identity.hpp"

namespace {

namespace bhttp = boost::beast::http;
using namespace onestack;

struct Fixture {
    Fixture() {
        auto dir = std::filesystem::temp_directory_path() / "onestack-fuzz-keys";
        std::filesystem::create_directories(dir);
        auto database = db::Database::open("sqlite://");
        db::migrate(*database, "identity", identity::db::migrations());
        identity::IdentityOptions options;
        options.key_repository = dir.string();
        options.password_hash_rounds = 4;
        ident = std::make_unique<identity::Identity>(options, std::move(database));
        identity::BootstrapOptions boot;
        boot.admin_password = "fuzz-password";
        identity::bootstrap(*ident, boot);
        app = identity::api::make_app(*ident);
        admin_token = issue_admin_token();
    }
    // A project-scoped admin token, so that inputs naming the placeholder
    // "ADMIN" as their X-Auth-Token reach every handler past authentication.
    std::string issue_admin_token() {
        http::Request req;
        req.method = bhttp::verb::post;
        req.target = req.path = "/v3/auth/tokens";
        req.headers.set(bhttp::field::content_type, "application/json");
        req.body = R"({"auth":{"identity":{"methods":["password"],"password":{"user":{)"
                   R"("name":"admin","domain":{"id":"default"},"password":"fuzz-password"}}},)"
                   R"("scope":{"project":{"name":"admin","domain":{"id":"default"}}}}})";
        auto res = app->handle(req);
        auto it = res.headers.find("X-Subject-Token");
        if (res.status != 201 || it == res.headers.end()) {
            __builtin_trap();
        }
        return std::string(it->value());
    }
    std::unique_ptr<identity::Identity> ident;
    std::unique_ptr<api::ServiceApp> app;
    std::string admin_token;
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto& f = fixture();
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(112 * 1024);
    parser.eager(true);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (ec || !parser.is_header_done()) {
        return 0;
    }
    if (!parser.is_done()) {
        parser.put_eof(ec);
    }
    const auto& msg = parser.get();
    http::Request req;
    req.method = msg.method();
    req.target = std::string(msg.target());
    auto q = req.target.find('?');
    req.path = req.target.substr(0, q);
    req.query_string = q == std::string::npos ? "" : req.target.substr(q + 1);
    req.headers = static_cast<const bhttp::fields&>(msg);
    if (auto it = req.headers.find("X-Auth-Token");
        it != req.headers.end() && it->value() == "ADMIN") {
        req.headers.set("X-Auth-Token", f.admin_token);
    }
    req.body = msg.body();
    auto res = f.app->handle(req);
    // A response always has a status an HTTP client understands.
    if (res.status < 100 || res.status > 599) {
        __builtin_trap();
    }
    return 0;
}
