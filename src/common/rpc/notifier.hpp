#pragma once
// Sending notifications (oslo.messaging's Notifier): events such as
// "compute.instance.create.end" published on "notifications.<priority>" for
// telemetry and orchestration to consume. Nobody replies.
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/rpc/transport.hpp"

namespace onestack::rpc {

enum class Priority { audit, debug, info, warn, error, critical, sample };

std::string_view to_string(Priority priority);  // "info"

// "notifications.info": the topic a priority's notifications go to.
std::string notification_topic(Priority priority, std::string_view base = "notifications");

class Notifier {
  public:
    // publisher_id names the sender, e.g. "compute.host1".
    Notifier(std::shared_ptr<Transport> transport, std::string publisher_id,
             std::string topic_base = "notifications");

    // Sends {message_id, publisher_id, event_type, priority ("INFO"),
    // payload, timestamp, context}. Never throws for want of listeners.
    void notify(const boost::json::object& context, std::string_view event_type,
                boost::json::value payload, Priority priority = Priority::info) const;

    const std::string& publisher_id() const { return publisher_id_; }

  private:
    std::shared_ptr<Transport> transport_;
    std::string publisher_id_;
    std::string topic_base_;
};

}  // namespace onestack::rpc
