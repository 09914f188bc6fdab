#pragma once
// What moves messages between processes. Callers use RpcClient, RpcServer,
// Notifier and NotificationListener, never a transport directly, so a
// rabbit:// (AMQP 0-9-1) transport can slot in behind make_transport().
//
// The model is AMQP's: a message is published under a routing key; each
// queue bound to that key gets a copy; the consumers of one queue take turns.
//   rpc topic "compute"        one shared queue, all servers on the topic
//   rpc "compute" + "host1"    one queue per server name
//   fanout "compute"           one queue per server: every server gets a copy
//   notifications topic        one queue per listener pool
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/json/object.hpp>

#include "common/rpc/incoming.hpp"
#include "common/rpc/target.hpp"

namespace onestack::rpc {

// Called by the transport on its own thread; must hand the message off
// quickly (the servers push it onto their worker queue).
using Delivery = std::function<void(Incoming message)>;

// Held by a listener. Destroying it stops deliveries: once the destructor
// returns, the Delivery is not running and will not be called again.
class Subscription {
  public:
    virtual ~Subscription() = default;
};

class Transport {
  public:
    virtual ~Transport() = default;

    // Fire and forget: one server on the topic, the named server, or with
    // target.fanout every server. A message nobody listens for is dropped.
    virtual void cast(const Target& target, boost::json::object request) = 0;

    // Sends to one server and waits for its reply envelope (see
    // envelope.hpp). Throws RpcError(messaging_timeout) when none comes in
    // time, including when no server listens on the target.
    virtual boost::json::object call(const Target& target, boost::json::object request,
                                     std::chrono::milliseconds timeout) = 0;

    // Consumes what is sent to target.topic, to target.topic + target.server,
    // and fanouts to target.topic.
    virtual std::unique_ptr<Subscription> listen(const Target& target, Delivery deliver) = 0;

    virtual void notify(const std::string& topic, boost::json::object notification) = 0;

    // Listeners sharing a pool share the notifications; each pool gets all of them.
    virtual std::unique_ptr<Subscription> listen_notifications(const std::string& topic,
                                                               const std::string& pool,
                                                               Delivery deliver) = 0;
};

// "inproc://" is the process-wide in-memory bus; "inproc://name" a separate
// one (every transport made with the same name shares it). "rabbit://..." is
// reserved and not built yet. Anything else: std::invalid_argument.
std::shared_ptr<Transport> make_transport(const std::string& url);

}  // namespace onestack::rpc
