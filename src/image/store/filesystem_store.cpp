#include "image/store/filesystem_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/util/ids.hpp"

namespace onestack::image::store {
namespace {

constexpr std::string_view kPartialPrefix = ".partial-";

std::string errno_text(const std::string& what, int err) {
    return what + ": " + std::strerror(err);
}

class FileWriter final : public StoreWriter {
  public:
    FileWriter(std::string temp, std::string final_path, std::string url)
        : temp_(std::move(temp)), final_(std::move(final_path)), url_(std::move(url)) {
        fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
        if (fd_ < 0) {
            StoreWriteError e(errno_text("cannot create " + temp_, errno));
            e.full = errno == ENOSPC || errno == EDQUOT;
            throw e;
        }
    }
    ~FileWriter() override {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        if (!committed_) {
            ::unlink(temp_.c_str());
        }
    }

    void write(const char* data, std::size_t n) override {
        while (n > 0) {
            ssize_t w = ::write(fd_, data, n);
            if (w < 0) {
                if (errno == EINTR) {
                    continue;
                }
                StoreWriteError e(errno_text("write to " + temp_, errno));
                e.full = errno == ENOSPC || errno == EDQUOT;
                throw e;
            }
            data += w;
            n -= static_cast<std::size_t>(w);
        }
    }

    std::string commit() override {
        if (::close(fd_) != 0) {
            fd_ = -1;
            throw StoreWriteError(errno_text("close " + temp_, errno));
        }
        fd_ = -1;
        // link() refuses an existing name, which rename() would silently replace.
        if (::link(temp_.c_str(), final_.c_str()) != 0) {
            if (errno == EEXIST) {
                throw StoreDuplicate("Image file " + final_ + " already exists!");
            }
            throw StoreWriteError(errno_text("link " + final_, errno));
        }
        ::unlink(temp_.c_str());
        committed_ = true;
        return url_;
    }

  private:
    std::string temp_, final_, url_;
    int fd_ = -1;
    bool committed_ = false;
};

class FileReader final : public StoreReader {
  public:
    FileReader(const std::string& path, std::uint64_t offset, std::optional<std::uint64_t> length)
        : offset_(offset), remaining_(length) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) {
            throw StoreNotFound("Image file " + path + " not found");
        }
        ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
        if (offset > 0 && ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
            ::close(fd_);
            throw StoreNotFound(errno_text("seek in " + path, errno));
        }
    }
    ~FileReader() override {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    std::optional<FileSpan> release_file() override {
        FileSpan span{fd_, offset_};
        fd_ = -1;
        return span;
    }

    std::size_t read(char* out, std::size_t n) override {
        if (remaining_) {
            n = static_cast<std::size_t>(std::min<std::uint64_t>(n, *remaining_));
        }
        if (n == 0) {
            return 0;
        }
        for (;;) {
            ssize_t r = ::read(fd_, out, n);
            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r < 0) {
                throw std::runtime_error(errno_text("read image file", errno));
            }
            if (remaining_) {
                *remaining_ -= static_cast<std::uint64_t>(r);
            }
            return static_cast<std::size_t>(r);
        }
    }

  private:
    int fd_ = -1;
    std::uint64_t offset_;
    std::optional<std::uint64_t> remaining_;
};

}  // namespace

FilesystemStore::FilesystemStore(std::string id, std::string datadir, std::string description)
    : id_(std::move(id)), datadir_(std::move(datadir)), description_(std::move(description)) {
    std::filesystem::create_directories(datadir_);
    datadir_ = std::filesystem::canonical(datadir_).string();
    // Temporary files of uploads that a crash interrupted.
    for (const auto& entry : std::filesystem::directory_iterator(datadir_)) {
        if (entry.path().filename().string().rfind(kPartialPrefix, 0) == 0) {
            std::error_code ec;
            std::filesystem::remove(entry.path(), ec);
        }
    }
}

std::string FilesystemStore::url_of(const std::string& image_id) const {
    return "file://" + datadir_ + "/" + image_id;
}

std::string FilesystemStore::path_of(const std::string& url) const {
    const std::string prefix = "file://" + datadir_ + "/";
    if (url.rfind(prefix, 0) != 0 || url.find('/', prefix.size()) != std::string::npos ||
        url.size() == prefix.size() || url.substr(prefix.size()) == "." ||
        url.substr(prefix.size()) == "..") {
        throw StoreNotFound("location " + url + " is not in store " + id_);
    }
    return url.substr(std::string_view("file://").size());
}

std::unique_ptr<StoreWriter> FilesystemStore::begin_write(const std::string& image_id) {
    auto final_path = datadir_ + "/" + image_id;
    if (std::filesystem::exists(final_path)) {
        throw StoreDuplicate("Image file " + final_path + " already exists!");
    }
    auto temp = datadir_ + "/" + std::string(kPartialPrefix) + image_id + "-" + util::uuid_hex();
    return std::make_unique<FileWriter>(temp, final_path, url_of(image_id));
}

std::unique_ptr<StoreReader> FilesystemStore::open(const std::string& url, std::uint64_t offset,
                                                   std::optional<std::uint64_t> length) {
    return std::make_unique<FileReader>(path_of(url), offset, length);
}

void FilesystemStore::remove(const std::string& url) {
    std::string path;
    try {
        path = path_of(url);
    } catch (const StoreNotFound&) {
        return;
    }
    ::unlink(path.c_str());
}

boost::json::object FilesystemStore::properties() const {
    // glance/api/v2/discovery.py _get_file_properties; glance_store's default chunk size.
    return {{"data_dir", datadir_}, {"chunk_size", 65536}, {"thin_provisioning", false}};
}

}  // namespace onestack::image::store
