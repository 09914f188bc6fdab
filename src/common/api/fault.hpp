#pragma once
// A Fault is the one error type an API handler raises. It carries the HTTP
// status and a human message; each service renders it at the edge in its
// upstream dialect (see api/fault_format.hpp). Handlers throw it, the service
// application catches it once.
#include <boost/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace onestack::api {

class Fault : public std::exception {
  public:
    Fault(unsigned status, std::string message, std::string code = {})
        : status_(status), message_(std::move(message)), code_(std::move(code)) {}

    unsigned status() const { return status_; }
    const std::string& message() const { return message_; }
    // Machine-readable code where the dialect has one (placement's "placement.xxx").
    const std::string& code() const { return code_; }
    const char* what() const noexcept override { return message_.c_str(); }

    // Extra response headers (Allow on 405, Retry-After, ...).
    std::vector<std::pair<std::string, std::string>> headers;

    Fault& with_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    static Fault bad_request(std::string m) { return {400, std::move(m)}; }
    static Fault unauthorized(
        std::string m = "The request you have made requires authentication.") {
        return {401, std::move(m)};
    }
    static Fault forbidden(std::string m) { return {403, std::move(m)}; }
    static Fault not_found(std::string m) { return {404, std::move(m)}; }
    static Fault method_not_allowed(
        std::string m = "The method is not allowed for the requested URL.") {
        return {405, std::move(m)};
    }
    static Fault not_acceptable(std::string m) { return {406, std::move(m)}; }
    static Fault conflict(std::string m) { return {409, std::move(m)}; }
    static Fault gone(std::string m) { return {410, std::move(m)}; }
    static Fault precondition_failed(std::string m) { return {412, std::move(m)}; }
    static Fault too_large(std::string m = "Request is too large.") { return {413, std::move(m)}; }
    static Fault unsupported_media_type(std::string m) { return {415, std::move(m)}; }
    static Fault range_not_satisfiable(std::string m) { return {416, std::move(m)}; }
    static Fault too_many_requests(std::string m) { return {429, std::move(m)}; }
    static Fault internal(std::string m) { return {500, std::move(m)}; }
    static Fault not_implemented(std::string m) { return {501, std::move(m)}; }
    static Fault unavailable(std::string m) { return {503, std::move(m)}; }

  private:
    unsigned status_;
    std::string message_;
    std::string code_;
};

// Standard reason phrase for a status ("Not Found").
std::string_view reason_phrase(unsigned status);

}  // namespace onestack::api
