#include "common/rpc/envelope.hpp"

#include <string>

namespace onestack::rpc {

namespace {

std::string string_field(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

boost::json::object make_request(const boost::json::object& context, std::string_view method,
                                 boost::json::object args) {
    boost::json::object request;
    request["context"] = context;
    request["method"] = method;
    request["args"] = std::move(args);
    return request;
}

boost::json::object result_reply(boost::json::value result) {
    boost::json::object reply;
    reply["result"] = std::move(result);
    return reply;
}

boost::json::object failure_reply(ErrorKind kind, std::string_view type, std::string_view message,
                                  boost::json::object data) {
    boost::json::object failure;
    failure["kind"] = to_string(kind);
    failure["type"] = type;
    failure["message"] = message;
    failure["data"] = std::move(data);
    boost::json::object reply;
    reply["failure"] = std::move(failure);
    return reply;
}

boost::json::value unpack_reply(const boost::json::object& reply) {
    if (const auto* result = reply.if_contains("result")) {
        return *result;
    }
    const auto* failure = reply.if_contains("failure");
    if (!failure || !failure->is_object()) {
        throw RpcError(ErrorKind::remote_error, "malformed reply: neither result nor failure",
                       "MalformedReply");
    }
    const auto& f = failure->get_object();
    const auto* data = f.if_contains("data");
    throw RpcError(error_kind_from_string(string_field(f, "kind")), string_field(f, "message"),
                   string_field(f, "type"),
                   data && data->is_object() ? data->get_object() : boost::json::object{});
}

}  // namespace onestack::rpc
