#include "common/rpc/inproc_transport.hpp"

#include <algorithm>
#include <condition_variable>
#include <optional>

#include <spdlog/spdlog.h>

#include "common/rpc/errors.hpp"

namespace onestack::rpc {

namespace {

// Routing keys; the prefixes keep the three kinds of traffic apart.
std::string topic_key(const std::string& topic) {
    return "rpc/" + topic;
}
std::string server_key(const Target& t) {
    return "rpc/" + t.topic + "." + t.server;
}
std::string fanout_key(const std::string& topic) {
    return "fanout/" + topic;
}
std::string notify_key(const std::string& topic) {
    return "notify/" + topic;
}

std::string key_for(const Target& target) {
    if (target.fanout) {
        return fanout_key(target.topic);
    }
    return target.server.empty() ? topic_key(target.topic) : server_key(target);
}

void deliver_to(InprocTransport::Consumer& consumer, Incoming message) {
    std::lock_guard lock(consumer.mutex);
    if (consumer.active) {
        consumer.deliver(std::move(message));
    }
    // Otherwise the listener left between routing and delivery: `message`
    // is dropped here, and a waiting caller hears ServerStopped.
}

// Where a call's reply lands; shared with the sink, so a reply arriving
// after the caller gave up writes into memory that is still alive.
struct ReplySlot {
    std::mutex mutex;
    std::condition_variable arrived;
    std::optional<boost::json::object> reply;
};

}  // namespace

class InprocSubscription final : public Subscription {
  public:
    InprocSubscription(std::shared_ptr<InprocTransport> bus,
                       std::vector<InprocTransport::Binding> bindings,
                       std::shared_ptr<InprocTransport::Consumer> consumer)
        : bus_(std::move(bus)), bindings_(std::move(bindings)), consumer_(std::move(consumer)) {}

    ~InprocSubscription() override {
        bus_->unbind(bindings_, consumer_);
        std::lock_guard lock(consumer_->mutex);  // waits out a delivery in progress
        consumer_->active = false;
    }

  private:
    std::shared_ptr<InprocTransport> bus_;
    std::vector<InprocTransport::Binding> bindings_;
    std::shared_ptr<InprocTransport::Consumer> consumer_;
};

std::shared_ptr<InprocTransport> InprocTransport::named(const std::string& name) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::weak_ptr<InprocTransport>> registry;
    std::lock_guard lock(registry_mutex);
    std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
    auto& slot = registry[name];
    if (auto bus = slot.lock()) {
        return bus;
    }
    auto bus = std::make_shared<InprocTransport>();
    slot = bus;
    return bus;
}

void InprocTransport::cast(const Target& target, boost::json::object request) {
    if (!publish(key_for(target), std::move(request), nullptr)) {
        spdlog::debug("rpc inproc: cast to {} dropped: no server listening", target.describe());
    }
}

boost::json::object InprocTransport::call(const Target& target, boost::json::object request,
                                          std::chrono::milliseconds timeout) {
    if (target.fanout) {
        throw RpcError(ErrorKind::invalid_target, "a call cannot be used with fanout");
    }
    std::string method;
    if (const auto* m = request.if_contains("method"); m && m->is_string()) {
        method = m->get_string();
    }
    auto slot = std::make_shared<ReplySlot>();
    auto sink = [slot](boost::json::object reply) {
        {
            std::lock_guard lock(slot->mutex);
            slot->reply = std::move(reply);
        }
        slot->arrived.notify_all();
    };
    // No server: like a broker with no bound queue, the message is lost and
    // the caller times out.
    if (!publish(key_for(target), std::move(request), sink)) {
        spdlog::debug("rpc inproc: call {} to {}: no server listening", method, target.describe());
    }
    std::unique_lock lock(slot->mutex);
    if (!slot->arrived.wait_for(lock, timeout, [&] { return slot->reply.has_value(); })) {
        throw RpcError(ErrorKind::messaging_timeout, "no reply to '" + method + "' from " +
                                                         target.describe() + " within " +
                                                         std::to_string(timeout.count()) + " ms");
    }
    return std::move(*slot->reply);
}

std::unique_ptr<Subscription> InprocTransport::listen(const Target& target, Delivery deliver) {
    std::string fanout_queue;
    {
        std::lock_guard lock(mutex_);
        fanout_queue = "server-" + std::to_string(next_queue_id_++);
    }
    std::vector<Binding> bindings{{topic_key(target.topic), ""},
                                  {fanout_key(target.topic), fanout_queue}};
    if (!target.server.empty()) {
        bindings.push_back({server_key(target), ""});
    }
    return subscribe(std::move(bindings), std::move(deliver));
}

void InprocTransport::notify(const std::string& topic, boost::json::object notification) {
    if (!publish(notify_key(topic), std::move(notification), nullptr)) {
        spdlog::debug("rpc inproc: notification on {} dropped: no listener", topic);
    }
}

std::unique_ptr<Subscription> InprocTransport::listen_notifications(const std::string& topic,
                                                                    const std::string& pool,
                                                                    Delivery deliver) {
    return subscribe({{notify_key(topic), "pool/" + pool}}, std::move(deliver));
}

std::unique_ptr<Subscription> InprocTransport::subscribe(std::vector<Binding> bindings,
                                                         Delivery deliver) {
    auto consumer = std::make_shared<Consumer>();
    consumer->deliver = std::move(deliver);
    {
        std::lock_guard lock(mutex_);
        for (const auto& b : bindings) {
            routes_[b.key][b.queue].consumers.push_back(consumer);
        }
    }
    return std::make_unique<InprocSubscription>(shared_from_this(), std::move(bindings),
                                                std::move(consumer));
}

void InprocTransport::unbind(const std::vector<Binding>& bindings,
                             const std::shared_ptr<Consumer>& consumer) {
    std::lock_guard lock(mutex_);
    for (const auto& b : bindings) {
        auto route = routes_.find(b.key);
        if (route == routes_.end()) {
            continue;
        }
        auto queue = route->second.find(b.queue);
        if (queue != route->second.end()) {
            std::erase(queue->second.consumers, consumer);
            if (queue->second.consumers.empty()) {
                route->second.erase(queue);
            }
        }
        if (route->second.empty()) {
            routes_.erase(route);
        }
    }
}

bool InprocTransport::publish(const std::string& key, boost::json::object message,
                              const Incoming::ReplySink& reply_sink) {
    std::vector<std::shared_ptr<Consumer>> chosen;
    {
        std::lock_guard lock(mutex_);
        auto route = routes_.find(key);
        if (route == routes_.end()) {
            return false;
        }
        for (auto& [name, queue] : route->second) {
            chosen.push_back(queue.consumers[queue.next++ % queue.consumers.size()]);
        }
    }
    // Delivered outside the bus lock: a consumer's lock is held meanwhile.
    for (std::size_t i = 0; i + 1 < chosen.size(); ++i) {
        deliver_to(*chosen[i], Incoming(message, reply_sink));
    }
    if (!chosen.empty()) {
        deliver_to(*chosen.back(), Incoming(std::move(message), reply_sink));
    }
    return !chosen.empty();
}

}  // namespace onestack::rpc
