// Calls, casts and their routing over the inproc transport.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include <boost/json.hpp>

#include "common/rpc/client.hpp"
#include "common/rpc/errors.hpp"
#include "common/rpc/server.hpp"
#include "common/rpc/transport.hpp"

namespace rpc = onestack::rpc;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

// A bus of its own per test, so no test sees another's servers.
std::shared_ptr<rpc::Transport> test_bus() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return rpc::make_transport(std::string("inproc://call-") + info->name());
}

// Counts events by name; lets a test wait for asynchronous ones.
class Tally {
  public:
    void add(const std::string& name) {
        {
            std::lock_guard lock(mutex_);
            ++counts_[name];
            ++total_;
        }
        changed_.notify_all();
    }
    bool wait_total(int n, std::chrono::milliseconds limit = 2s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return total_ >= n; });
    }
    int count(const std::string& name) {
        std::lock_guard lock(mutex_);
        return counts_[name];
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, int> counts_;
    int total_ = 0;
};

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
    bool is_open() {
        std::lock_guard lock(mutex_);
        return open_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable opened_;
    bool open_ = false;
};

const json::object kContext{{"request_id", "req-1"}, {"user_id", "u1"}, {"project_id", "p1"}};

std::unique_ptr<rpc::RpcServer> named_server(std::shared_ptr<rpc::Transport> bus,
                                             const std::string& topic, const std::string& host,
                                             Tally* tally = nullptr) {
    auto server = std::make_unique<rpc::RpcServer>(bus, rpc::Target{topic, host}, 2);
    server->add_endpoint("whoami", [host, tally](const rpc::CallContext&, const json::object&) {
        if (tally) {
            tally->add(host);
        }
        return json::value(host);
    });
    return server;
}

}  // namespace

TEST(RpcCall, ReturnsTheHandlersResultAndCarriesTheContext) {
    auto bus = test_bus();
    rpc::RpcServer server(bus, {"conductor", "host1"}, 2);
    server.add_endpoint("add", [](const rpc::CallContext& call, const json::object& args) {
        json::object out;
        out["sum"] = args.at("a").as_int64() + args.at("b").as_int64();
        out["context"] = call.context;
        out["request_id"] = call.request_id();
        out["was_call"] = call.expects_reply;
        return json::value(out);
    });
    server.start();

    rpc::RpcClient client(bus, {"conductor"}, 1s);
    auto result = client.call(kContext, "add", {{"a", 2}, {"b", 40}}).as_object();
    EXPECT_EQ(result.at("sum").as_int64(), 42);
    EXPECT_EQ(result.at("context").as_object(), kContext);
    EXPECT_EQ(result.at("request_id").as_string(), "req-1");
    EXPECT_TRUE(result.at("was_call").as_bool());
}

TEST(RpcCall, MissingMethodIsNoSuchMethod) {
    auto bus = test_bus();
    rpc::RpcServer server(bus, {"conductor", "host1"}, 1);
    server.start();
    rpc::RpcClient client(bus, {"conductor"}, 1s);
    try {
        client.call(kContext, "nope");
        FAIL() << "expected RpcError";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.kind, rpc::ErrorKind::no_such_method);
        EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
    }
}

TEST(RpcCall, HandlerErrorComesBackWithItsTypeMessageAndData) {
    auto bus = test_bus();
    rpc::RpcServer server(bus, {"compute", "host1"}, 1);
    server.add_endpoint(
        "get", [](const rpc::CallContext&, const json::object& args) -> json::value {
            throw rpc::HandlerError("InstanceNotFound", "Instance abc could not be found.",
                                    {{"instance_id", args.at("id")}});
        });
    server.start();
    rpc::RpcClient client(bus, {"compute"}, 1s);
    try {
        client.call(kContext, "get", {{"id", "abc"}});
        FAIL() << "expected RpcError";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.kind, rpc::ErrorKind::remote_error);
        EXPECT_EQ(e.remote_type, "InstanceNotFound");
        EXPECT_EQ(e.message, "Instance abc could not be found.");
        EXPECT_EQ(e.remote_data.at("instance_id").as_string(), "abc");
        EXPECT_EQ(std::string(e.what()),
                  "Remote error: InstanceNotFound: Instance abc could not be found.");
    }
}

TEST(RpcCall, StandardExceptionComesBackNamedByItsType) {
    auto bus = test_bus();
    rpc::RpcServer server(bus, {"compute", "host1"}, 1);
    server.add_endpoint("bad", [](const rpc::CallContext&, const json::object&) -> json::value {
        throw std::invalid_argument("flavor must be positive");
    });
    server.start();
    rpc::RpcClient client(bus, {"compute"}, 1s);
    try {
        client.call(kContext, "bad");
        FAIL() << "expected RpcError";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.kind, rpc::ErrorKind::remote_error);
        EXPECT_EQ(e.remote_type, "std::invalid_argument");
        EXPECT_EQ(e.message, "flavor must be positive");
    }
}

TEST(RpcCall, TimesOutWhenNoServerListens) {
    rpc::RpcClient client(test_bus(), {"scheduler"}, 1s);
    auto started = std::chrono::steady_clock::now();
    try {
        client.call(kContext, "select_destinations", {}, {}, 30ms);
        FAIL() << "expected RpcError";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.kind, rpc::ErrorKind::messaging_timeout);
    }
    auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_GE(waited, 30ms);
    EXPECT_LT(waited, 1s);
}

TEST(RpcCall, TimesOutWhenTheHandlerIsTooSlow) {
    auto bus = test_bus();
    Gate release;
    rpc::RpcServer server(bus, {"compute", "host1"}, 1);
    server.add_endpoint("slow", [&](const rpc::CallContext&, const json::object&) {
        release.wait();
        return json::value(nullptr);
    });
    server.start();
    rpc::RpcClient client(bus, {"compute"}, 20ms);
    EXPECT_THROW(client.call(kContext, "slow"), rpc::RpcError);
    release.open();  // the late reply lands in memory the caller no longer waits on
}

TEST(RpcCall, FanoutCallAndMissingTopicAreInvalidTargets) {
    rpc::RpcClient client(test_bus(), {"compute"}, 1s);
    try {
        client.call(kContext, "x", {}, rpc::Target{"compute", "", true});
        FAIL() << "expected RpcError";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.kind, rpc::ErrorKind::invalid_target);
    }
    try {
        client.cast(kContext, "x", {}, rpc::Target{});
        FAIL() << "expected RpcError";
    } catch (const rpc::RpcError& e) {
        EXPECT_EQ(e.kind, rpc::ErrorKind::invalid_target);
    }
}

TEST(RpcCall, TopicCallsRoundRobinAcrossServers) {
    auto bus = test_bus();
    auto a = named_server(bus, "scheduler", "a");
    auto b = named_server(bus, "scheduler", "b");
    a->start();
    b->start();
    rpc::RpcClient client(bus, {"scheduler"}, 1s);
    std::map<std::string, int> seen;
    std::string previous;
    for (int i = 0; i < 6; ++i) {
        auto host = std::string(client.call(kContext, "whoami").as_string());
        EXPECT_NE(host, previous);
        previous = host;
        ++seen[host];
    }
    EXPECT_EQ(seen["a"], 3);
    EXPECT_EQ(seen["b"], 3);
}

TEST(RpcCall, DirectedCallReachesTheNamedServerOnly) {
    auto bus = test_bus();
    auto host1 = named_server(bus, "compute", "host1");
    auto host2 = named_server(bus, "compute", "host2");
    host1->start();
    host2->start();
    rpc::RpcClient client(bus, {"compute"}, 1s);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(client.call(kContext, "whoami", {}, rpc::Target{"compute", "host2"}), "host2");
    }
    // A directed call to a host nobody runs goes nowhere.
    EXPECT_THROW(client.call(kContext, "whoami", {}, rpc::Target{"compute", "host9"}, 20ms),
                 rpc::RpcError);
}

TEST(RpcCall, FanoutCastReachesEveryServerOnTheTopic) {
    auto bus = test_bus();
    Tally tally;
    auto h1 = named_server(bus, "compute", "host1", &tally);
    auto h2 = named_server(bus, "compute", "host2", &tally);
    auto h3 = named_server(bus, "compute", "host3", &tally);
    auto other = named_server(bus, "network", "host1", &tally);
    for (auto* s : {h1.get(), h2.get(), h3.get(), other.get()}) {
        s->start();
    }
    rpc::RpcClient client(bus, {"compute"}, 1s);
    client.fanout_cast(kContext, "whoami");
    ASSERT_TRUE(tally.wait_total(3));
    h1->stop();
    h2->stop();
    h3->stop();
    other->stop();  // drains: any stray delivery would be counted by now
    EXPECT_EQ(tally.count("host1"), 1);
    EXPECT_EQ(tally.count("host2"), 1);
    EXPECT_EQ(tally.count("host3"), 1);
}

TEST(RpcCall, CastReturnsBeforeTheHandlerRuns) {
    auto bus = test_bus();
    Gate release;
    Gate finished;
    bool handler_saw_cast = true;
    rpc::RpcServer server(bus, {"compute", "host1"}, 1);
    server.add_endpoint("build", [&](const rpc::CallContext& call, const json::object&) {
        handler_saw_cast = !call.expects_reply;
        release.wait();
        finished.open();
        return json::value(nullptr);
    });
    server.start();
    rpc::RpcClient client(bus, {"compute"}, 1s);
    client.cast(kContext, "build", {{"instance", "i-1"}});  // would hang here if it waited
    EXPECT_FALSE(finished.is_open());
    release.open();
    EXPECT_TRUE(finished.wait());
    EXPECT_TRUE(handler_saw_cast);
}
