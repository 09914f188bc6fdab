#pragma once
// The serving side of RPC (oslo.messaging's RPCServer): endpoints by method
// name, run on a pool of worker threads.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/rpc/incoming.hpp"
#include "common/rpc/target.hpp"
#include "common/rpc/transport.hpp"
#include "common/rpc/worker_pool.hpp"

namespace onestack::rpc {

// What a handler learns about the message besides its arguments.
struct CallContext {
    boost::json::object context;  // as the caller gave it: request_id, user, project, roles...
    std::string method;
    bool expects_reply = false;  // false for a cast: the result goes nowhere

    // context["request_id"], or "" when the caller sent none.
    std::string request_id() const;
};

using Handler =
    std::function<boost::json::value(const CallContext& call, const boost::json::object& args)>;

class RpcServer {
  public:
    // Listens on listen_on.topic (shared with the other servers on it), on
    // topic + server (messages for this server only), and on fanouts to the
    // topic. `workers` handlers run at once; more wait in a queue.
    RpcServer(std::shared_ptr<Transport> transport, Target listen_on, unsigned workers = 8);
    RpcServer(const RpcServer&) = delete;
    RpcServer& operator=(const RpcServer&) = delete;
    ~RpcServer();  // stop()

    // Before start() only: endpoints are read without locks afterwards.
    // A handler's exception goes back to the caller as a RemoteError; throw
    // HandlerError to choose its type name.
    void add_endpoint(std::string method, Handler handler);

    // Starts the workers, then consumes. Once only: a stopped server stays stopped.
    void start();

    // Graceful drain: stops consuming, answers queued-but-unstarted calls
    // with ServerStopped (queued casts are dropped), waits for running
    // handlers to finish, joins the workers. Idempotent; never from a handler.
    void stop();

    // Messages waiting for a free worker.
    std::size_t backlog() const { return pool_.backlog(); }
    const Target& target() const { return target_; }

  private:
    enum class State { created, running, stopped };

    void dispatch(Incoming& message) const;

    std::shared_ptr<Transport> transport_;
    Target target_;
    std::unordered_map<std::string, Handler> endpoints_;
    WorkerPool<Incoming> pool_;
    std::mutex lifecycle_mutex_;  // held through start() and stop()
    State state_ = State::created;
    std::unique_ptr<Subscription> subscription_;
};

}  // namespace onestack::rpc
