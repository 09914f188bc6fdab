#include "compute/virt/libvirt/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "compute/virt/driver.hpp"

extern char** environ;

namespace onestack::compute::virt::libvirt {

ProcessResult run_process(const std::vector<std::string>& argv) {
    ProcessResult result;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        result.output = std::string("pipe: ") + std::strerror(errno);
        return result;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    // The services block SIGTERM/SIGINT (a signal thread waits for them); a
    // helper program starts with no blocked signals and default handlers.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        result.output = argv[0] + ": " + std::strerror(rc);
        return result;
    }
    char buf[4096];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n > 0) {
            result.output.append(buf, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string run_checked(const std::vector<std::string>& argv) {
    auto r = run_process(argv);
    if (r.exit_code != 0) {
        std::string cmd;
        for (const auto& a : argv) {
            cmd += (cmd.empty() ? "" : " ") + a;
        }
        while (!r.output.empty() && (r.output.back() == '\n' || r.output.back() == ' ')) {
            r.output.pop_back();
        }
        throw DriverError(cmd + " failed (exit " + std::to_string(r.exit_code) + "): " + r.output);
    }
    return r.output;
}

std::string find_program(const std::vector<std::string>& names) {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    dirs += ":/usr/sbin:/sbin";
    for (const auto& name : names) {
        std::size_t start = 0;
        while (start <= dirs.size()) {
            auto colon = dirs.find(':', start);
            auto dir =
                dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
            if (access(candidate.c_str(), X_OK) == 0) {
                return candidate.string();
            }
            if (colon == std::string::npos) {
                break;
            }
            start = colon + 1;
        }
    }
    return "";
}

}  // namespace onestack::compute::virt::libvirt
