#include "common/rpc/client.hpp"

#include <spdlog/spdlog.h>

#include "common/rpc/envelope.hpp"
#include "common/rpc/errors.hpp"

namespace onestack::rpc {

namespace {

void require_topic(const Target& target) {
    if (target.topic.empty()) {
        throw RpcError(ErrorKind::invalid_target, "a target needs a topic");
    }
}

}  // namespace

RpcClient::RpcClient(std::shared_ptr<Transport> transport, Target default_target,
                     std::chrono::milliseconds default_timeout)
    : transport_(std::move(transport)),
      default_target_(std::move(default_target)),
      default_timeout_(default_timeout) {}

boost::json::value RpcClient::call(const boost::json::object& context, std::string_view method,
                                   boost::json::object args, std::optional<Target> target,
                                   std::optional<std::chrono::milliseconds> timeout) const {
    const Target& to = target ? *target : default_target_;
    require_topic(to);
    if (to.fanout) {
        throw RpcError(ErrorKind::invalid_target, "a call cannot be used with fanout");
    }
    auto reply = transport_->call(to, make_request(context, method, std::move(args)),
                                  timeout.value_or(default_timeout_));
    return unpack_reply(reply);
}

void RpcClient::cast(const boost::json::object& context, std::string_view method,
                     boost::json::object args, std::optional<Target> target) const {
    const Target& to = target ? *target : default_target_;
    require_topic(to);
    transport_->cast(to, make_request(context, method, std::move(args)));
}

void RpcClient::fanout_cast(const boost::json::object& context, std::string_view method,
                            boost::json::object args) const {
    Target to{default_target_.topic, "", true};
    cast(context, method, std::move(args), to);
}

}  // namespace onestack::rpc
