// RpcServer: the worker pool, concurrency and stopping with work in flight.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "common/rpc/client.hpp"
#include "common/rpc/errors.hpp"
#include "common/rpc/server.hpp"
#include "common/rpc/transport.hpp"

namespace rpc = onestack::rpc;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<rpc::Transport> test_bus() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return rpc::make_transport(std::string("inproc://server-") + info->name());
}

class Gate {
  public:
    void open() {
        {
            std::lock_guard lock(mutex_);
            open_ = true;
        }
        opened_.notify_all();
    }
    bool wait(std::chrono::milliseconds limit = 2s) {
        std::unique_lock lock(mutex_);
        return opened_.wait_for(lock, limit, [&] { return open_; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable opened_;
    bool open_ = false;
};

// Tracks how many handlers run at once, and lets a test wait for a level.
class Occupancy {
  public:
    void enter() {
        {
            std::lock_guard lock(mutex_);
            ++now_;
            peak_ = std::max(peak_, now_);
        }
        changed_.notify_all();
    }
    void leave() {
        std::lock_guard lock(mutex_);
        --now_;
    }
    bool wait_for_level(int n, std::chrono::milliseconds limit = 2s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return now_ >= n; });
    }
    int peak() {
        std::lock_guard lock(mutex_);
        return peak_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int now_ = 0;
    int peak_ = 0;
};

// Polls a cheap counter; used only to learn that messages are queued.
template <class Predicate>
bool eventually(Predicate done) {
    for (int i = 0; i < 2000 && !done(); ++i) {
        std::this_thread::sleep_for(1ms);
    }
    return done();
}

const json::object kContext{{"request_id", "req-srv"}};

}  // namespace

TEST(RpcServing, SlowHandlersHoldOnlyTheirOwnWorkers) {
    auto bus = test_bus();
    Gate release;
    Occupancy slow;
    rpc::RpcServer server(bus, {"compute", "host1"}, 3);
    server.add_endpoint("build", [&](const rpc::CallContext&, const json::object&) {
        slow.enter();
        release.wait();
        slow.leave();
        return json::value("built");
    });
    server.add_endpoint(
        "ping", [](const rpc::CallContext&, const json::object&) { return json::value("pong"); });
    server.start();
    rpc::RpcClient client(bus, {"compute"}, 2s);

    // Two builds block two of the three workers...
    std::vector<std::future<json::value>> builds;
    for (int i = 0; i < 2; ++i) {
        builds.push_back(
            std::async(std::launch::async, [&] { return client.call(kContext, "build"); }));
    }
    ASSERT_TRUE(slow.wait_for_level(2));

    // ...while many callers at once still get through on the third.
    std::vector<std::future<int>> pingers;
    for (int t = 0; t < 4; ++t) {
        pingers.push_back(std::async(std::launch::async, [&] {
            int ok = 0;
            for (int i = 0; i < 25; ++i) {
                ok += client.call(kContext, "ping", {}, {}, 1s) == "pong";
            }
            return ok;
        }));
    }
    for (auto& p : pingers) {
        EXPECT_EQ(p.get(), 25);
    }
    release.open();
    for (auto& b : builds) {
        EXPECT_EQ(b.get(), "built");
    }
}

TEST(RpcServing, NoMoreHandlersRunAtOnceThanWorkers) {
    auto bus = test_bus();
    Gate release;
    Occupancy running;
    rpc::RpcServer server(bus, {"compute", "host1"}, 2);
    server.add_endpoint("build", [&](const rpc::CallContext&, const json::object&) {
        running.enter();
        release.wait();
        running.leave();
        return json::value(nullptr);
    });
    server.start();
    rpc::RpcClient client(bus, {"compute"}, 2s);
    for (int i = 0; i < 5; ++i) {
        client.cast(kContext, "build");
    }
    ASSERT_TRUE(running.wait_for_level(2));
    ASSERT_TRUE(eventually([&] { return server.backlog() == 3; }));
    release.open();
    EXPECT_TRUE(eventually([&] { return server.backlog() == 0; }));
    server.stop();
    EXPECT_EQ(running.peak(), 2);
}

TEST(RpcServing, StopFinishesRunningCallsAndRefusesQueuedOnes) {
    auto bus = test_bus();
    Gate release;
    Occupancy running;
    rpc::RpcServer server(bus, {"compute", "host1"}, 1);
    server.add_endpoint("build", [&](const rpc::CallContext&, const json::object& args) {
        running.enter();
        release.wait();
        running.leave();
        return args.at("n");
    });
    server.start();
    rpc::RpcClient client(bus, {"compute"}, 2s);

    auto first = std::async(std::launch::async, [&] {
        return client.call(kContext, "build", {{"n", 1}});
    });
    ASSERT_TRUE(running.wait_for_level(1));
    std::vector<std::future<json::value>> queued;
    for (int n = 2; n <= 3; ++n) {
        queued.push_back(std::async(std::launch::async, [&client, n] {
            return client.call(kContext, "build", {{"n", n}});
        }));
    }
    ASSERT_TRUE(eventually([&] { return server.backlog() == 2; }));

    auto stopping = std::async(std::launch::async, [&] { server.stop(); });
    // Queued calls hear at once, long before their 2 s timeout...
    for (auto& q : queued) {
        ASSERT_EQ(q.wait_for(1s), std::future_status::ready);
        try {
            q.get();
            ADD_FAILURE() << "expected RpcError";
        } catch (const rpc::RpcError& e) {
            EXPECT_EQ(e.kind, rpc::ErrorKind::server_stopped);
        }
    }
    // ...while stop() waits for the running handler.
    EXPECT_EQ(stopping.wait_for(20ms), std::future_status::timeout);
    release.open();
    EXPECT_EQ(first.get(), 1);
    ASSERT_EQ(stopping.wait_for(2s), std::future_status::ready);

    // Nobody listens any more.
    try {
        client.call(kContext, "build", {{"n", 4}}, {}, 20ms);
        FAIL() << "expected RpcError";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.kind, rpc::ErrorKind::messaging_timeout);
    }
}

TEST(RpcServing, DestroyingAServerWithCallsInFlightAnswersThem) {
    auto bus = test_bus();
    Gate release;
    Occupancy running;
    rpc::RpcClient client(bus, {"compute"}, 2s);
    std::future<json::value> running_call;
    std::future<json::value> queued_call;
    std::future<void> opener;
    {
        rpc::RpcServer server(bus, {"compute", "host1"}, 1);
        server.add_endpoint("build", [&](const rpc::CallContext&, const json::object&) {
            running.enter();
            release.wait();
            running.leave();
            return json::value("done");
        });
        server.start();
        running_call =
            std::async(std::launch::async, [&] { return client.call(kContext, "build"); });
        ASSERT_TRUE(running.wait_for_level(1));
        queued_call =
            std::async(std::launch::async, [&] { return client.call(kContext, "build"); });
        ASSERT_TRUE(eventually([&] { return server.backlog() == 1; }));
        // The running handler may finish only once the queued call was refused.
        opener = std::async(std::launch::async, [&] {
            queued_call.wait_for(1s);
            release.open();
        });
    }  // ~RpcServer: refuses the queued call, waits for the running one
    EXPECT_EQ(running_call.get(), "done");
    opener.get();
    try {
        queued_call.get();
        FAIL() << "expected RpcError";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.kind, rpc::ErrorKind::server_stopped);
    }
}

TEST(RpcServing, LifecycleMisuseIsRefused) {
    auto bus = test_bus();
    EXPECT_THROW(rpc::RpcServer(bus, {"compute", ""}, 1), std::invalid_argument);
    rpc::RpcServer server(bus, {"compute", "host1"}, 1);
    server.start();
    EXPECT_THROW(server.start(), std::logic_error);
    EXPECT_THROW(server.add_endpoint("late", {}), std::logic_error);
    server.stop();
    server.stop();  // idempotent
    EXPECT_THROW(server.start(), std::logic_error);
}

TEST(RpcServing, StoppingAServerThatNeverStartedIsFine) {
    rpc::RpcServer server(test_bus(), {"compute", "host1"}, 4);
    server.stop();
}

TEST(RpcServing, StopFromOwnHandlerIsRefusedNotDeadlocked) {
    auto bus = test_bus();
    rpc::RpcServer server(bus, {"compute", "host1"}, 1);
    server.add_endpoint("shutdown", [&](const rpc::CallContext&, const json::object&) {
        try {
            server.stop();
        } catch (const std::logic_error&) {
            return json::value("refused");
        }
        return json::value("stopped");
    });
    server.start();
    rpc::RpcClient client(bus, {"compute"}, 2s);
    EXPECT_EQ(client.call(kContext, "shutdown"), "refused");
    EXPECT_EQ(client.call(kContext, "shutdown"), "refused");  // still serving
}
