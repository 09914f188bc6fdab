#include "common/rpc/errors.hpp"

#include <array>
#include <utility>

namespace onestack::rpc {

namespace {

constexpr std::array<std::pair<ErrorKind, std::string_view>, 5> kNames{{
    {ErrorKind::messaging_timeout, "MessagingTimeout"},
    {ErrorKind::remote_error, "RemoteError"},
    {ErrorKind::no_such_method, "NoSuchMethod"},
    {ErrorKind::server_stopped, "ServerStopped"},
    {ErrorKind::invalid_target, "InvalidTarget"},
}};

std::string describe(ErrorKind kind, const std::string& message, const std::string& remote_type) {
    if (kind == ErrorKind::remote_error && !remote_type.empty()) {
        return "Remote error: " + remote_type + ": " + message;
    }
    return std::string(to_string(kind)) + ": " + message;
}

}  // namespace

std::string_view to_string(ErrorKind kind) {
    for (const auto& [k, name] : kNames) {
        if (k == kind) {
            return name;
        }
    }
    return "RemoteError";
}

ErrorKind error_kind_from_string(std::string_view name) {
    for (const auto& [k, n] : kNames) {
        if (n == name) {
            return k;
        }
    }
    return ErrorKind::remote_error;
}

RpcError::RpcError(ErrorKind kind, std::string message, std::string remote_type,
                   boost::json::object remote_data)
    : std::runtime_error(describe(kind, message, remote_type)),
      kind(kind),
      message(std::move(message)),
      remote_type(std::move(remote_type)),
      remote_data(std::move(remote_data)) {}

}  // namespace onestack::rpc
