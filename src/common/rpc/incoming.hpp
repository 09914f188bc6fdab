#pragma once
// One message handed by a transport to a listener. For a call it also holds
// the way back to the caller, and guarantees the caller hears something: if
// it is dropped unanswered (a server stopping with it still queued), the
// caller gets a ServerStopped failure at once instead of waiting for its
// timeout.
#include <functional>

#include <boost/json/object.hpp>

namespace onestack::rpc {

class Incoming {
  public:
    using ReplySink = std::function<void(boost::json::object reply)>;

    // An empty sink marks a cast or a notification: nobody waits for a reply.
    explicit Incoming(boost::json::object message, ReplySink reply_sink = {});
    Incoming(Incoming&& other) noexcept;
    Incoming& operator=(Incoming&& other) noexcept;
    Incoming(const Incoming&) = delete;
    Incoming& operator=(const Incoming&) = delete;
    ~Incoming();

    const boost::json::object& message() const { return message_; }
    bool expects_reply() const { return static_cast<bool>(reply_sink_); }

    // Sends a reply envelope (see envelope.hpp). Only the first reply is
    // sent; for casts this does nothing.
    void reply(boost::json::object reply);

  private:
    void fail_unanswered();

    boost::json::object message_;
    ReplySink reply_sink_;  // emptied once used
};

}  // namespace onestack::rpc
