// The unit tests' main: gtest's own, plus SIGPIPE ignored as the server
// ignores it (cmd/signals.cpp).
#include <gtest/gtest.h>

#include <csignal>

int main(int argc, char** argv) {
    // A test whose peer hangs up mid-transfer must see EPIPE, not kill the whole run.
    std::signal(SIGPIPE, SIG_IGN);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
