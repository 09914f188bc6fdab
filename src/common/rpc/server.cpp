#include "common/rpc/server.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <stdexcept>
#include <typeinfo>

#include <spdlog/spdlog.h>

#include "common/rpc/envelope.hpp"
#include "common/rpc/errors.hpp"

namespace onestack::rpc {

namespace {

// "std::invalid_argument" rather than "St16invalid_argument".
std::string type_name(const std::type_info& type) {
    int status = 0;
    char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
    std::string name = status == 0 && demangled ? demangled : type.name();
    std::free(demangled);
    return name;
}

std::string string_field(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::string CallContext::request_id() const {
    return string_field(context, "request_id");
}

RpcServer::RpcServer(std::shared_ptr<Transport> transport, Target listen_on, unsigned workers)
    : transport_(std::move(transport)),
      target_(std::move(listen_on)),
      pool_(workers, [this](Incoming& message) { dispatch(message); }) {
    if (target_.topic.empty() || target_.server.empty()) {
        throw std::invalid_argument("an RPC server listens on a topic and a server name");
    }
    target_.fanout = false;
}

RpcServer::~RpcServer() {
    stop();
}

void RpcServer::add_endpoint(std::string method, Handler handler) {
    std::lock_guard lock(lifecycle_mutex_);
    if (state_ != State::created) {
        throw std::logic_error("add_endpoint() after start()");
    }
    if (!handler) {
        throw std::invalid_argument("add_endpoint(" + method + "): empty handler");
    }
    endpoints_[std::move(method)] = std::move(handler);
}

void RpcServer::start() {
    std::lock_guard lock(lifecycle_mutex_);
    if (state_ != State::created) {
        throw std::logic_error("RpcServer::start() on a server already started");
    }
    pool_.start();
    subscription_ = transport_->listen(target_, [this](Incoming message) {
        // A refused push (the pool stopping) drops the message, which
        // answers a waiting caller with ServerStopped.
        pool_.push(std::move(message));
    });
    state_ = State::running;
    spdlog::info("rpc server {} started: {} endpoints", target_.describe(), endpoints_.size());
}

void RpcServer::stop() {
    // Would wait for itself: refuse before changing any state.
    if (pool_.on_worker_thread()) {
        throw std::logic_error("RpcServer::stop() called from one of its handlers");
    }
    std::lock_guard lock(lifecycle_mutex_);
    if (state_ == State::stopped) {
        return;
    }
    bool was_running = state_ == State::running;
    state_ = State::stopped;
    subscription_.reset();  // no delivery runs or starts after this
    auto dropped = pool_.backlog();
    pool_.stop();
    if (was_running) {
        spdlog::info("rpc server {} stopped ({} queued messages refused)", target_.describe(),
                     dropped);
    }
}

void RpcServer::dispatch(Incoming& message) const {
    const auto& request = message.message();
    CallContext call;
    if (const auto* c = request.if_contains("context"); c && c->is_object()) {
        call.context = c->get_object();
    }
    call.method = string_field(request, "method");
    call.expects_reply = message.expects_reply();
    static const boost::json::object no_args;
    const auto* args = request.if_contains("args");
    const auto& arguments = args && args->is_object() ? args->get_object() : no_args;

    auto endpoint = endpoints_.find(call.method);
    if (endpoint == endpoints_.end()) {
        spdlog::warn("rpc {} [{}]: no endpoint for method '{}'", target_.describe(),
                     call.request_id(), call.method);
        message.reply(failure_reply(ErrorKind::no_such_method, "NoSuchMethod",
                                    "endpoint does not support RPC method " + call.method));
        return;
    }
    spdlog::debug("rpc {} [{}]: {} {}", target_.describe(), call.request_id(),
                  call.expects_reply ? "call" : "cast", call.method);
    try {
        auto result = endpoint->second(call, arguments);
        message.reply(result_reply(std::move(result)));
    } catch (const HandlerError& e) {
        spdlog::info("rpc {} [{}]: {} failed: {}: {}", target_.describe(), call.request_id(),
                     call.method, e.type(), e.what());
        message.reply(failure_reply(ErrorKind::remote_error, e.type(), e.what(), e.data()));
    } catch (const RpcError& e) {
        // A nested call failed: pass on the most specific name we have.
        auto type = e.remote_type.empty() ? std::string(to_string(e.kind)) : e.remote_type;
        spdlog::warn("rpc {} [{}]: {} failed: {}", target_.describe(), call.request_id(),
                     call.method, e.what());
        message.reply(failure_reply(ErrorKind::remote_error, type, e.message, e.remote_data));
    } catch (const std::exception& e) {
        auto type = type_name(typeid(e));
        spdlog::warn("rpc {} [{}]: {} failed: {}: {}", target_.describe(), call.request_id(),
                     call.method, type, e.what());
        message.reply(failure_reply(ErrorKind::remote_error, type, e.what()));
    } catch (...) {
        spdlog::warn("rpc {} [{}]: {} failed with a non-standard exception", target_.describe(),
                     call.request_id(), call.method);
        message.reply(failure_reply(ErrorKind::remote_error, "unknown", "non-standard exception"));
    }
}

}  // namespace onestack::rpc
