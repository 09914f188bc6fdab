#pragma once
// Receiving notifications (oslo.messaging's notification listener).
// Listeners in the same pool share the stream (each notification reaches one
// of them); every pool gets every notification. Telemetry and orchestration
// each use their own pool.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/rpc/incoming.hpp"
#include "common/rpc/transport.hpp"
#include "common/rpc/worker_pool.hpp"

namespace onestack::rpc {

struct Notification {
    std::string message_id;
    std::string publisher_id;  // "compute.host1"
    std::string event_type;    // "compute.instance.create.end"
    std::string priority;      // "INFO"
    std::string timestamp;     // "2024-05-01 12:00:00.123456", UTC
    boost::json::value payload;
    boost::json::object context;
};

class NotificationListener {
  public:
    // Exceptions from the handler are logged and dropped.
    using Handler = std::function<void(const Notification&)>;

    // topics: e.g. {"notifications.info", "notifications.error"}.
    NotificationListener(std::shared_ptr<Transport> transport, std::vector<std::string> topics,
                         std::string pool, Handler handler, unsigned workers = 1);
    NotificationListener(const NotificationListener&) = delete;
    NotificationListener& operator=(const NotificationListener&) = delete;
    ~NotificationListener();  // stop()

    void start();  // once
    void stop();   // stops consuming, drops queued, finishes the running handlers

  private:
    void handle(Incoming& message) const;

    std::shared_ptr<Transport> transport_;
    std::vector<std::string> topics_;
    std::string pool_name_;
    Handler handler_;
    WorkerPool<Incoming> pool_;
    std::mutex lifecycle_mutex_;
    bool started_ = false;
    bool stopped_ = false;
    std::vector<std::unique_ptr<Subscription>> subscriptions_;
};

}  // namespace onestack::rpc
