#pragma once
// Errors an RPC caller sees, and the one a handler throws to choose how its
// failure is named on the wire (oslo.messaging's RemoteError and friends).
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace onestack::rpc {

enum class ErrorKind {
    messaging_timeout,  // no reply in time: no server, or a server too slow
    remote_error,       // the handler threw; remote_type names what it threw
    no_such_method,     // the server has no endpoint for the method
    server_stopped,     // a server accepted the message but stopped before handling it
    invalid_target,     // the target cannot be used this way (a call with fanout, no topic)
};

// The wire and log name: "MessagingTimeout", "RemoteError", ...
std::string_view to_string(ErrorKind kind);
// Inverse of to_string; unknown names map to remote_error.
ErrorKind error_kind_from_string(std::string_view name);

class RpcError : public std::runtime_error {
  public:
    RpcError(ErrorKind kind, std::string message, std::string remote_type = {},
             boost::json::object remote_data = {});

    ErrorKind kind;
    std::string message;  // without the "Kind: " prefix what() carries
    // For remote errors: the exception's type ("InstanceNotFound",
    // "std::invalid_argument"), so a caller can rethrow it as a typed error.
    std::string remote_type;
    boost::json::object remote_data;  // extra fields a HandlerError carried
};

// Thrown by a handler to name its failure (C++ type names are not stable
// across builds) and attach fields the caller may need, e.g. an instance id.
class HandlerError : public std::runtime_error {
  public:
    HandlerError(std::string type, std::string message, boost::json::object data = {})
        : std::runtime_error(std::move(message)), type_(std::move(type)), data_(std::move(data)) {}

    const std::string& type() const { return type_; }
    const boost::json::object& data() const { return data_; }

  private:
    std::string type_;
    boost::json::object data_;
};

}  // namespace onestack::rpc
