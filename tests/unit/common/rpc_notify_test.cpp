// Notifications: topics by priority, pools.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include <boost/json.hpp>

#include "common/rpc/notification_listener.hpp"
#include "common/rpc/notifier.hpp"
#include "common/rpc/transport.hpp"

namespace rpc = onestack::rpc;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<rpc::Transport> test_bus() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return rpc::make_transport(std::string("inproc://notify-") + info->name());
}

// Collects what a listener received.
class Inbox {
  public:
    rpc::NotificationListener::Handler handler() {
        return [this](const rpc::Notification& n) {
            {
                std::lock_guard lock(mutex_);
                received_.push_back(n);
            }
            changed_.notify_all();
        };
    }
    bool wait_for(std::size_t n, std::chrono::milliseconds limit = 2s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return received_.size() >= n; });
    }
    std::vector<rpc::Notification> received() {
        std::lock_guard lock(mutex_);
        return received_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<rpc::Notification> received_;
};

}  // namespace

TEST(RpcNotify, TopicNamesFollowPriority) {
    EXPECT_EQ(rpc::notification_topic(rpc::Priority::info), "notifications.info");
    EXPECT_EQ(rpc::notification_topic(rpc::Priority::error, "versioned_notifications"),
              "versioned_notifications.error");
}

TEST(RpcNotify, EveryPoolGetsTheNotificationWithItsFields) {
    auto bus = test_bus();
    Inbox telemetry;
    Inbox orchestration;
    rpc::NotificationListener a(bus, {"notifications.info"}, "telemetry", telemetry.handler());
    rpc::NotificationListener b(bus, {"notifications.info"}, "orchestration",
                                orchestration.handler());
    a.start();
    b.start();

    rpc::Notifier notifier(bus, "compute.host1");
    json::object context{{"request_id", "req-n"}};
    notifier.notify(context, "compute.instance.create.end", json::object{{"instance_id", "i-1"}});

    ASSERT_TRUE(telemetry.wait_for(1));
    ASSERT_TRUE(orchestration.wait_for(1));
    auto n = telemetry.received().front();
    EXPECT_EQ(n.publisher_id, "compute.host1");
    EXPECT_EQ(n.event_type, "compute.instance.create.end");
    EXPECT_EQ(n.priority, "INFO");
    EXPECT_EQ(n.payload.as_object().at("instance_id").as_string(), "i-1");
    EXPECT_EQ(n.context, context);
    EXPECT_EQ(n.message_id.size(), 36u);
    EXPECT_EQ(n.timestamp.size(), 26u);  // "2024-05-01 12:00:00.123456"
    EXPECT_EQ(orchestration.received().front().message_id, n.message_id);
}

TEST(RpcNotify, ListenersInOnePoolShareTheStream) {
    auto bus = test_bus();
    Inbox first;
    Inbox second;
    rpc::NotificationListener a(bus, {"notifications.info"}, "telemetry", first.handler());
    rpc::NotificationListener b(bus, {"notifications.info"}, "telemetry", second.handler());
    a.start();
    b.start();
    rpc::Notifier notifier(bus, "compute.host1");
    for (int i = 0; i < 4; ++i) {
        notifier.notify({}, "compute.instance.update", json::object{{"i", i}});
    }
    ASSERT_TRUE(first.wait_for(2));
    ASSERT_TRUE(second.wait_for(2));
    a.stop();
    b.stop();
    EXPECT_EQ(first.received().size() + second.received().size(), 4u);
}

TEST(RpcNotify, ListenersHearOnlyTheirPriorities) {
    auto bus = test_bus();
    Inbox errors;
    rpc::NotificationListener listener(bus, {"notifications.error"}, "alarms", errors.handler());
    listener.start();
    rpc::Notifier notifier(bus, "compute.host1");
    notifier.notify({}, "compute.instance.create.end", nullptr, rpc::Priority::info);
    notifier.notify({}, "compute.instance.create.error", nullptr, rpc::Priority::error);
    ASSERT_TRUE(errors.wait_for(1));
    listener.stop();
    ASSERT_EQ(errors.received().size(), 1u);
    EXPECT_EQ(errors.received().front().event_type, "compute.instance.create.error");
    EXPECT_EQ(errors.received().front().priority, "ERROR");
}

TEST(RpcNotify, NotifyingWithoutListenersIsHarmless) {
    rpc::Notifier notifier(test_bus(), "compute.host1");
    EXPECT_NO_THROW(notifier.notify({}, "compute.instance.delete.end", nullptr));
}
