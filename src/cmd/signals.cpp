#include "cmd/signals.hpp"

#include <pthread.h>
#include <csignal>

namespace onestack::cmd {
namespace {

sigset_t termination_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

void block_termination_signals() {
    auto set = termination_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

int wait_for_termination() {
    auto set = termination_set();
    int sig = 0;
    sigwait(&set, &sig);
    return sig;
}

}  // namespace onestack::cmd
