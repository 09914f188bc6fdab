// make_transport(): url schemes and separate in-memory buses.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include <boost/json.hpp>

#include "common/rpc/client.hpp"
#include "common/rpc/errors.hpp"
#include "common/rpc/server.hpp"
#include "common/rpc/transport.hpp"

namespace rpc = onestack::rpc;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<rpc::RpcServer> echo_server(std::shared_ptr<rpc::Transport> bus) {
    auto server = std::make_unique<rpc::RpcServer>(bus, rpc::Target{"conductor", "host1"}, 1);
    server->add_endpoint("echo", [](const rpc::CallContext&, const json::object& args) {
        return json::value(args);
    });
    server->start();
    return server;
}

}  // namespace

TEST(RpcTransport, UnknownOrMissingSchemesAreRejected) {
    EXPECT_THROW(rpc::make_transport("kafka://broker:9092"), std::invalid_argument);
    EXPECT_THROW(rpc::make_transport("inproc"), std::invalid_argument);
    EXPECT_THROW(rpc::make_transport(""), std::invalid_argument);
}

TEST(RpcTransport, RabbitIsNotBuiltYetAndTheErrorHidesThePassword) {
    try {
        rpc::make_transport("rabbit://nova:s3cret@mq:5672/vhost");
        FAIL() << "expected invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos);
    }
}

TEST(RpcTransport, SameNameSharesOneBus) {
    auto server = echo_server(rpc::make_transport("inproc://shared-bus"));
    rpc::RpcClient client(rpc::make_transport("inproc://shared-bus/"), {"conductor"}, 1s);
    EXPECT_EQ(client.call({}, "echo", {{"x", 1}}).as_object().at("x").as_int64(), 1);
}

TEST(RpcTransport, NamedBusesAreIsolated) {
    auto server = echo_server(rpc::make_transport("inproc://bus-a"));
    rpc::RpcClient other(rpc::make_transport("inproc://bus-b"), {"conductor"}, 20ms);
    EXPECT_THROW(other.call({}, "echo"), rpc::RpcError);
    rpc::RpcClient default_bus(rpc::make_transport("inproc://"), {"conductor"}, 20ms);
    EXPECT_THROW(default_bus.call({}, "echo"), rpc::RpcError);
    rpc::RpcClient same(rpc::make_transport("inproc://bus-a"), {"conductor"}, 1s);
    EXPECT_NO_THROW(same.call({}, "echo"));
}
