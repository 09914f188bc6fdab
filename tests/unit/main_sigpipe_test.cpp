// The unit tests' main ignores SIGPIPE (tests/unit/main.cpp): a write to a
// peer that hung up fails with EPIPE instead of killing the test binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace {

TEST(UnitTestMain, IgnoresSigpipe) {
    struct sigaction current {};
    ASSERT_EQ(sigaction(SIGPIPE, nullptr, &current), 0);
    EXPECT_EQ(current.sa_handler, SIG_IGN);
}

TEST(UnitTestMain, WriteToAClosedPipeIsEpipe) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    close(fds[0]);  // the reader hangs up
    errno = 0;
    EXPECT_EQ(write(fds[1], "x", 1), -1);
    EXPECT_EQ(errno, EPIPE);
    close(fds[1]);
}

}  // namespace
