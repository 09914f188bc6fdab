#pragma once
// The in-memory transport: every process part shares one bus object, so
// "sending" is handing an Incoming to a listener's Delivery. Routing follows
// the AMQP model described in transport.hpp, so tests see what rabbit will do.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/rpc/transport.hpp"

namespace onestack::rpc {

class InprocTransport final : public Transport,
                              public std::enable_shared_from_this<InprocTransport> {
  public:
    // The bus registered under `name`, created on first use and kept alive
    // by whoever holds it.
    static std::shared_ptr<InprocTransport> named(const std::string& name);

    void cast(const Target& target, boost::json::object request) override;
    boost::json::object call(const Target& target, boost::json::object request,
                             std::chrono::milliseconds timeout) override;
    std::unique_ptr<Subscription> listen(const Target& target, Delivery deliver) override;
    void notify(const std::string& topic, boost::json::object notification) override;
    std::unique_ptr<Subscription> listen_notifications(const std::string& topic,
                                                       const std::string& pool,
                                                       Delivery deliver) override;

    // One listener; the subscription switches it off before unbinding ends.
    struct Consumer {
        std::mutex mutex;  // held while delivering, so switching off waits for it
        bool active = true;
        Delivery deliver;
    };
    struct Binding {
        std::string key;
        std::string queue;
    };

  private:
    struct Queue {
        std::vector<std::shared_ptr<Consumer>> consumers;
        std::size_t next = 0;  // round-robin position
    };

    friend class InprocSubscription;

    std::unique_ptr<Subscription> subscribe(std::vector<Binding> bindings, Delivery deliver);
    void unbind(const std::vector<Binding>& bindings, const std::shared_ptr<Consumer>& consumer);
    // Hands a copy to one consumer of every queue bound to key; the reply
    // sink goes with it (calls only reach single-queue keys). False when
    // nobody listens.
    bool publish(const std::string& key, boost::json::object message,
                 const Incoming::ReplySink& reply_sink);

    std::mutex mutex_;
    std::map<std::string, std::map<std::string, Queue>> routes_;  // key -> queue name -> queue
    std::uint64_t next_queue_id_ = 0;  // names each server's private fanout queue
};

}  // namespace onestack::rpc
