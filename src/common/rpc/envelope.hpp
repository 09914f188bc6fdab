#pragma once
// The JSON shape of requests and replies, in one place so every transport
// carries the same bytes:
//   request: {"context": {...}, "method": "build_instance", "args": {...}}
//   reply:   {"result": <any>}
//        or  {"failure": {"kind": "RemoteError", "type": "InstanceNotFound",
//                         "message": "...", "data": {...}}}
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/rpc/errors.hpp"

namespace onestack::rpc {

boost::json::object make_request(const boost::json::object& context, std::string_view method,
                                 boost::json::object args);

boost::json::object result_reply(boost::json::value result);
boost::json::object failure_reply(ErrorKind kind, std::string_view type, std::string_view message,
                                  boost::json::object data = {});

// The result a reply carries, or the RpcError its failure describes.
boost::json::value unpack_reply(const boost::json::object& reply);

}  // namespace onestack::rpc
