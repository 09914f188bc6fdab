#pragma once
// Typed client for the scheduler topic (rpc/README.md).
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "common/context/request_context.hpp"
#include "common/rpc/client.hpp"

namespace onestack::compute::rpc {

// One host the scheduler picked (Nova's Selection object).
struct Selection {
    std::string host;
    std::string nodename;
    std::string compute_node_uuid;
    // The placement allocation request body ({"allocations": {rp: {"resources": {...}}}}).
    boost::json::object allocation_request;
    boost::json::object limits;

    boost::json::object to_json() const;
    static Selection from_json(const boost::json::object& o);
};

// The scheduler found no host for an instance ("No valid host was found. ...").
struct NoValidHost : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class SchedulerClient {
  public:
    explicit SchedulerClient(std::shared_ptr<onestack::rpc::Transport> transport,
                             std::chrono::milliseconds timeout = std::chrono::seconds(60));

    // call select_destinations {request_spec, instance_uuids, return_alternates}:
    // one list per instance, the chosen host first (its allocations already
    // claimed in placement), then alternates. Throws NoValidHost when the
    // scheduler answered so, onestack::rpc::RpcError for anything else.
    std::vector<std::vector<Selection>> select_destinations(
        const RequestContext& ctx, const boost::json::object& request_spec,
        const std::vector<std::string>& instance_uuids, bool return_alternates) const;

  private:
    onestack::rpc::RpcClient client_;
};

}  // namespace onestack::compute::rpc
