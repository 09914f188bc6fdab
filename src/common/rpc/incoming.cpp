#include "common/rpc/incoming.hpp"

#include <utility>

#include "common/rpc/envelope.hpp"

namespace onestack::rpc {

Incoming::Incoming(boost::json::object message, ReplySink reply_sink)
    : message_(std::move(message)), reply_sink_(std::move(reply_sink)) {}

Incoming::Incoming(Incoming&& other) noexcept
    : message_(std::move(other.message_)), reply_sink_(std::exchange(other.reply_sink_, nullptr)) {}

Incoming& Incoming::operator=(Incoming&& other) noexcept {
    if (this != &other) {
        fail_unanswered();
        message_ = std::move(other.message_);
        reply_sink_ = std::exchange(other.reply_sink_, nullptr);
    }
    return *this;
}

Incoming::~Incoming() {
    fail_unanswered();
}

void Incoming::reply(boost::json::object reply) {
    if (auto sink = std::exchange(reply_sink_, nullptr)) {
        sink(std::move(reply));
    }
}

void Incoming::fail_unanswered() {
    if (reply_sink_) {
        try {
            reply(failure_reply(ErrorKind::server_stopped, "",
                                "the server stopped before handling the message"));
        } catch (...) {
            // Runs in destructors: the caller will time out instead.
        }
    }
}

}  // namespace onestack::rpc
