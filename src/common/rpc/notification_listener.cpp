#include "common/rpc/notification_listener.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

namespace onestack::rpc {

namespace {

std::string string_field(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

NotificationListener::NotificationListener(std::shared_ptr<Transport> transport,
                                           std::vector<std::string> topics, std::string pool,
                                           Handler handler, unsigned workers)
    : transport_(std::move(transport)),
      topics_(std::move(topics)),
      pool_name_(std::move(pool)),
      handler_(std::move(handler)),
      pool_(workers, [this](Incoming& message) { handle(message); }) {}

NotificationListener::~NotificationListener() {
    stop();
}

void NotificationListener::start() {
    std::lock_guard lock(lifecycle_mutex_);
    if (started_ || stopped_) {
        throw std::logic_error("NotificationListener::start() called twice");
    }
    started_ = true;
    pool_.start();
    for (const auto& topic : topics_) {
        subscriptions_.push_back(transport_->listen_notifications(
            topic, pool_name_, [this](Incoming message) { pool_.push(std::move(message)); }));
    }
}

void NotificationListener::stop() {
    // Would wait for itself: refuse before changing any state.
    if (pool_.on_worker_thread()) {
        throw std::logic_error("NotificationListener::stop() called from one of its handlers");
    }
    std::lock_guard lock(lifecycle_mutex_);
    if (stopped_) {
        return;
    }
    stopped_ = true;
    subscriptions_.clear();
    pool_.stop();
}

void NotificationListener::handle(Incoming& message) const {
    const auto& m = message.message();
    Notification n;
    n.message_id = string_field(m, "message_id");
    n.publisher_id = string_field(m, "publisher_id");
    n.event_type = string_field(m, "event_type");
    n.priority = string_field(m, "priority");
    n.timestamp = string_field(m, "timestamp");
    if (const auto* p = m.if_contains("payload")) {
        n.payload = *p;
    }
    if (const auto* c = m.if_contains("context"); c && c->is_object()) {
        n.context = c->get_object();
    }
    try {
        handler_(n);
    } catch (const std::exception& e) {
        spdlog::warn("notification listener ({}): {} from {} failed: {}", pool_name_, n.event_type,
                     n.publisher_id, e.what());
    }
}

}  // namespace onestack::rpc
