#include "common/crypto/key_repository.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <stdexcept>
#include <system_error>

namespace onestack::crypto {
namespace {

namespace fs = std::filesystem;

constexpr char kStagingName[] = "0.tmp";

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// An open file descriptor, closed on scope exit.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

// flock() on the directory itself: rotations exclude each other and loads
// never observe a half-done rotation made by this code.
class DirectoryLock {
  public:
    DirectoryLock(const fs::path& dir, int operation)
        : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        if (fd_.get() < 0) {
            throw_errno("cannot open key repository " + dir.string());
        }
        while (::flock(fd_.get(), operation) != 0) {
            if (errno != EINTR) {
                throw_errno("cannot lock key repository " + dir.string());
            }
        }
    }
    int fd() const { return fd_.get(); }

  private:
    Fd fd_;
};

// Key files are named by canonical decimal integers ("0", "1", ... not "01").
std::optional<int> parse_index(std::string_view name) {
    if (name.empty() || name.size() > 9 || (name.size() > 1 && name[0] == '0')) {
        return std::nullopt;
    }
    int value = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), value);
    if (ec != std::errc{} || end != name.data() + name.size()) {
        return std::nullopt;
    }
    return value;
}

struct KeyFile {
    int index;
    struct stat info;
};

// Regular files (following symlinks, as os.path.isfile) with integer names,
// highest index first. Empty when the directory cannot be read.
std::vector<KeyFile> scan(const fs::path& dir) {
    std::vector<KeyFile> files;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        return files;
    }
    while (const dirent* entry = ::readdir(d)) {
        const auto index = parse_index(entry->d_name);
        struct stat info {};
        if (index && ::fstatat(::dirfd(d), entry->d_name, &info, 0) == 0 && S_ISREG(info.st_mode)) {
            files.push_back({*index, info});
        }
    }
    ::closedir(d);
    std::sort(files.begin(), files.end(),
              [](const KeyFile& a, const KeyFile& b) { return a.index > b.index; });
    return files;
}

void fsync_directory(int dir_fd, const fs::path& dir) {
    if (::fsync(dir_fd) != 0) {
        throw_errno("cannot sync key repository " + dir.string());
    }
}

void write_all(int fd, std::string_view data, const fs::path& path) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            throw_errno("cannot write " + path.string());
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Reads a key file, trimming surrounding whitespace (Python's lenient base64
// tolerates a trailing newline, so hand-made key files may have one).
std::string read_key_text(const fs::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        return {};
    }
    std::string text;
    char buffer[256];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > 4096) {  // not a key; do not read a huge file
            break;
        }
    }
    OPENSSL_cleanse(buffer, sizeof buffer);
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    std::string key =
        first == std::string::npos ? std::string{} : text.substr(first, last - first + 1);
    OPENSSL_cleanse(text.data(), text.size());
    return key;
}

void warn_if_world_accessible(const fs::path& dir) {
    struct stat info {};
    if (::stat(dir.c_str(), &info) == 0 && (info.st_mode & (S_IROTH | S_IXOTH)) != 0) {
        spdlog::warn("fernet key repository {} is world readable", dir.string());
    }
}

std::uint64_t fnv1a(std::uint64_t hash, const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        hash = (hash ^ p[i]) * 0x100000001b3ULL;
    }
    return hash;
}

}  // namespace

KeyRepository::KeyRepository(fs::path directory, int max_active_keys)
    : directory_(std::move(directory)), max_active_keys_(max_active_keys) {
    if (max_active_keys_ < 1) {
        throw std::invalid_argument("max_active_keys must be at least 1");
    }
}

fs::path KeyRepository::key_path(int index) const {
    return directory_ / std::to_string(index);
}

bool KeyRepository::setup() const {
    if (!fs::exists(directory_)) {
        fs::create_directories(directory_);
        fs::permissions(directory_, fs::perms::owner_all, fs::perm_options::replace);
    }
    DirectoryLock lock(directory_, LOCK_EX);
    if (fs::exists(key_path(0))) {
        return false;  // already initialized, as keystone-manage fernet_setup
    }
    write_staging_key();
    fs::rename(directory_ / kStagingName, key_path(0));
    // Rotating once leaves a primary (1) and a staged key (0).
    rotate_locked(lock.fd());
    return true;
}

void KeyRepository::rotate() const {
    DirectoryLock lock(directory_, LOCK_EX);
    rotate_locked(lock.fd());
}

void KeyRepository::rotate_locked(int dir_fd) const {
    // Keystone ignores empty key files here: they are neither promoted nor purged.
    std::vector<int> active;
    for (const KeyFile& file : scan(directory_)) {
        if (file.info.st_size > 0) {
            active.push_back(file.index);
        }
    }
    if (active.empty() || active.back() != 0) {
        throw std::runtime_error("fernet key repository " + directory_.string() +
                                 " has no staged key 0; run fernet setup first");
    }
    // The next staged key is written before anything moves, so a failure
    // leaves the repository as it was.
    write_staging_key();
    const int new_primary = active.front() + 1;
    fs::rename(key_path(0), key_path(new_primary));
    fs::rename(directory_ / kStagingName, key_path(0));
    fsync_directory(dir_fd, directory_);

    // Keep max_active_keys - 1 non-staged keys (primary included), dropping the lowest.
    active.pop_back();
    active.insert(active.begin(), new_primary);
    while (static_cast<int>(active.size()) > max_active_keys_ - 1) {
        fs::remove(key_path(active.back()));
        active.pop_back();
    }
    fsync_directory(dir_fd, directory_);
    spdlog::info("fernet key repository {}: rotated, primary key is now {}", directory_.string(),
                 new_primary);
}

void KeyRepository::write_staging_key() const {
    const fs::path staging = directory_ / kStagingName;
    // 0600 whatever the umask; O_TRUNC discards a leftover from a crash.
    Fd fd(::open(staging.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                 S_IRUSR | S_IWUSR));
    if (fd.get() < 0 || ::fchmod(fd.get(), S_IRUSR | S_IWUSR) != 0) {
        throw_errno("cannot create " + staging.string());
    }
    std::string key = Fernet::generate_key();
    write_all(fd.get(), key, staging);
    OPENSSL_cleanse(key.data(), key.size());
    if (::fsync(fd.get()) != 0) {
        throw_errno("cannot sync " + staging.string());
    }
}

std::vector<int> KeyRepository::key_indexes() const {
    std::vector<int> indexes;
    for (const KeyFile& file : scan(directory_)) {
        indexes.push_back(file.index);
    }
    return indexes;
}

std::optional<MultiFernet> KeyRepository::load() const {
    std::error_code ec;
    if (!fs::is_directory(directory_, ec)) {
        spdlog::error("fernet key repository {} does not exist or is not readable",
                      directory_.string());
        return std::nullopt;
    }
    warn_if_world_accessible(directory_);
    std::optional<DirectoryLock> lock;
    try {
        lock.emplace(directory_, LOCK_SH);
    } catch (const std::system_error& e) {
        spdlog::error("fernet key repository: {}", e.what());
        return std::nullopt;
    }
    std::vector<Fernet> keys;
    for (const KeyFile& file : scan(directory_)) {
        std::string text = read_key_text(key_path(file.index));
        if (text.empty()) {
            spdlog::warn("fernet key repository {}: ignoring empty key file {}",
                         directory_.string(), file.index);
            continue;
        }
        auto key = Fernet::from_key(text);
        OPENSSL_cleanse(text.data(), text.size());
        if (!key) {
            spdlog::warn("fernet key repository {}: ignoring malformed key file {}",
                         directory_.string(), file.index);
            continue;
        }
        keys.push_back(std::move(*key));
    }
    if (keys.empty()) {
        spdlog::error("fernet key repository {} holds no usable key", directory_.string());
        return std::nullopt;
    }
    return MultiFernet(std::move(keys));
}

std::uint64_t KeyRepository::fingerprint() const {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const KeyFile& file : scan(directory_)) {
        // Inode and ctime catch a file replaced by rename (rsync, our own
        // rotation); size and mtime catch one rewritten in place.
        const std::int64_t fields[] = {file.index,
                                       static_cast<std::int64_t>(file.info.st_ino),
                                       static_cast<std::int64_t>(file.info.st_size),
                                       file.info.st_mtim.tv_sec,
                                       file.info.st_mtim.tv_nsec,
                                       file.info.st_ctim.tv_sec,
                                       file.info.st_ctim.tv_nsec};
        hash = fnv1a(hash, fields, sizeof fields);
    }
    return hash;
}

}  // namespace onestack::crypto
