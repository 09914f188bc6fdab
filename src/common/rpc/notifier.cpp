#include "common/rpc/notifier.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>

#include <fmt/format.h>

#include "common/util/ids.hpp"

namespace onestack::rpc {

namespace {

// oslo's str(utcnow()): "2024-05-01 12:00:00.123456".
std::string utc_timestamp() {
    auto now = std::chrono::system_clock::now();
    auto seconds = std::chrono::floor<std::chrono::seconds>(now);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now - seconds).count();
    auto days = std::chrono::floor<std::chrono::days>(seconds);
    std::chrono::year_month_day date{days};
    std::chrono::hh_mm_ss time{seconds - days};
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}", int(date.year()),
                       unsigned(date.month()), unsigned(date.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count(), micros);
}

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

}  // namespace

std::string_view to_string(Priority priority) {
    static constexpr std::array<std::string_view, 7> names{"audit", "debug",    "info",  "warn",
                                                           "error", "critical", "sample"};
    return names[static_cast<std::size_t>(priority)];
}

std::string notification_topic(Priority priority, std::string_view base) {
    return std::string(base) + "." + std::string(to_string(priority));
}

Notifier::Notifier(std::shared_ptr<Transport> transport, std::string publisher_id,
                   std::string topic_base)
    : transport_(std::move(transport)),
      publisher_id_(std::move(publisher_id)),
      topic_base_(std::move(topic_base)) {}

void Notifier::notify(const boost::json::object& context, std::string_view event_type,
                      boost::json::value payload, Priority priority) const {
    boost::json::object message;
    message["message_id"] = util::uuid_dashed();
    message["publisher_id"] = publisher_id_;
    message["event_type"] = event_type;
    message["priority"] = upper(to_string(priority));
    message["payload"] = std::move(payload);
    message["timestamp"] = utc_timestamp();
    message["context"] = context;
    transport_->notify(notification_topic(priority, topic_base_), std::move(message));
}

}  // namespace onestack::rpc
