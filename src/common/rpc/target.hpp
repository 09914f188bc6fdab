#pragma once
// Where a message goes: oslo.messaging's Target, reduced to what we route on.
#include <string>

namespace onestack::rpc {

struct Target {
    std::string topic{};   // e.g. "conductor", "compute", "scheduler"
    std::string server{};  // a host name: directs a message to that one server on the topic
    bool fanout = false;   // a cast reaches every server on the topic

    // "compute.host1" / "compute" / "compute (fanout)": for logs and errors.
    std::string describe() const {
        if (fanout) {
            return topic + " (fanout)";
        }
        return server.empty() ? topic : topic + "." + server;
    }
};

}  // namespace onestack::rpc
