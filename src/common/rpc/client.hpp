#pragma once
// The calling side of RPC (oslo.messaging's RPCClient). Cheap to share:
// const methods, safe from many threads at once.
#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/rpc/target.hpp"
#include "common/rpc/transport.hpp"

namespace onestack::rpc {

class RpcClient {
  public:
    RpcClient(std::shared_ptr<Transport> transport, Target default_target,
              std::chrono::milliseconds default_timeout = std::chrono::seconds(60));

    // Runs `method` on one server and returns its result. `context` (request
    // id, user, project, roles...) travels with the message. Throws RpcError:
    // messaging_timeout, remote_error, no_such_method, server_stopped,
    // invalid_target (fanout or no topic).
    boost::json::value call(const boost::json::object& context, std::string_view method,
                            boost::json::object args = {}, std::optional<Target> target = {},
                            std::optional<std::chrono::milliseconds> timeout = {}) const;

    // Fire and forget; with target.fanout set, every server on the topic.
    void cast(const boost::json::object& context, std::string_view method,
              boost::json::object args = {}, std::optional<Target> target = {}) const;

    // A cast to every server on the default target's topic.
    void fanout_cast(const boost::json::object& context, std::string_view method,
                     boost::json::object args = {}) const;

    const Target& target() const { return default_target_; }

  private:
    std::shared_ptr<Transport> transport_;
    Target default_target_;
    std::chrono::milliseconds default_timeout_;
};

}  // namespace onestack::rpc
