#include "image/data/ingest.hpp"

#include <sys/mman.h>

#include <array>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <thread>

#include "image/data/data_digest.hpp"
#include "image/data/format_inspector.hpp"

namespace onestack::image::data {
namespace {

constexpr std::size_t kBuffer = 1024 * 1024;
// Buffers in flight: one being filled, the others waiting to be or being
// hashed and written (the reader runs ahead of a slow stage by this much).
constexpr std::size_t kBuffers = 8;

// A thread running jobs in the order they were posted. Its destructor runs
// what is still queued, then joins.
class Lane {
  public:
    Lane() : thread_([this] { run(); }) {}
    ~Lane() {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        cv_.notify_one();
        thread_.join();
    }
    Lane(const Lane&) = delete;
    Lane& operator=(const Lane&) = delete;

    void post(std::function<void()> job) {
        {
            std::lock_guard lock(mu_);
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
    }

  private:
    void run() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(mu_);
                cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
                if (jobs_.empty()) {
                    return;
                }
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

// Fixed buffers handed from the reader to its consumers and back: a buffer
// is free again when its last consumer is done with it. They live in one
// anonymous mapping, returned to the system when the upload ends (heap
// arenas of the pool threads would keep them resident).
class BufferPool {
  public:
    struct Buffer {
        char* data = nullptr;
        std::size_t size = 0;
        int users = 0;
    };

    BufferPool() {
        void* p = ::mmap(nullptr, kBuffers * kBuffer, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            throw std::bad_alloc();
        }
        memory_ = static_cast<char*>(p);
        for (std::size_t i = 0; i < kBuffers; ++i) {
            buffers_[i].data = memory_ + i * kBuffer;
            free_.push_back(&buffers_[i]);
        }
    }
    ~BufferPool() { ::munmap(memory_, kBuffers * kBuffer); }
    BufferPool(const BufferPool&) = delete;
    BufferPool& operator=(const BufferPool&) = delete;

    Buffer& acquire() {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !free_.empty(); });
        auto* b = free_.back();
        free_.pop_back();
        return *b;
    }
    // One consumer is done with b.
    void release(Buffer& b) {
        {
            std::lock_guard lock(mu_);
            if (--b.users > 0) {
                return;
            }
            free_.push_back(&b);
        }
        cv_.notify_all();
    }
    void give_back(Buffer& b) {
        b.users = 1;
        release(b);
    }
    // Waits until every buffer is back.
    void drain() {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return free_.size() == buffers_.size(); });
    }

  private:
    char* memory_ = nullptr;
    std::array<Buffer, kBuffers> buffers_;
    std::vector<Buffer*> free_;
    std::mutex mu_;
    std::condition_variable cv_;
};

void check_limits(std::uint64_t size, const IngestLimits& limits) {
    if (size > limits.size_cap) {
        throw SizeLimitExceeded(SizeLimitExceeded::Kind::size_cap, limits.size_cap);
    }
    if (limits.quota_remaining && size > *limits.quota_remaining) {
        throw SizeLimitExceeded(SizeLimitExceeded::Kind::storage_quota, *limits.quota_remaining);
    }
}

}  // namespace

// Four stages overlap on a fixed set of buffers: this thread only reads, so
// the client keeps sending while the data of earlier buffers is hashed (MD5
// and format inspection on one lane, SHA-512 on another) and written to the
// store (a third lane). Memory stays at kBuffers * kBuffer whatever the size.
IngestResult ingest(const std::function<std::size_t(char*, std::size_t)>& source,
                    store::StoreWriter& sink, const IngestLimits& limits,
                    const std::string& disk_format, bool inspect) {
    DataDigest digest;
    FormatInspector inspector(disk_format);
    IngestResult result;
    BufferPool pool;
    std::mutex error_mu;
    std::exception_ptr write_error;
    auto failed = [&] {
        std::lock_guard lock(error_mu);
        return write_error;
    };
    {
        // Declared after what their jobs use, so they finish first on every exit.
        Lane md5_lane;
        Lane sha_lane;
        Lane write_lane;
        bool more = true;
        while (more) {
            if (auto e = failed()) {
                std::rethrow_exception(e);
            }
            auto& buf = pool.acquire();
            buf.size = 0;
            while (buf.size < kBuffer) {
                std::size_t n = source(buf.data + buf.size, kBuffer - buf.size);
                if (n == 0) {
                    more = false;
                    break;
                }
                buf.size += n;
                result.size += n;
                check_limits(result.size, limits);
            }
            if (buf.size == 0) {
                pool.give_back(buf);
                break;
            }
            buf.users = 3;
            md5_lane.post([&digest, &inspector, &pool, &buf, inspect] {
                digest.update_md5(buf.data, buf.size);
                if (inspect) {
                    inspector.feed(buf.data, buf.size);
                }
                pool.release(buf);
            });
            sha_lane.post([&digest, &pool, &buf] {
                digest.update_sha512(buf.data, buf.size);
                pool.release(buf);
            });
            write_lane.post([&, b = &buf] {
                if (!failed()) {
                    try {
                        sink.write(b->data, b->size);
                    } catch (...) {
                        std::lock_guard lock(error_mu);
                        write_error = std::current_exception();
                    }
                }
                pool.release(*b);
            });
        }
        pool.drain();
    }
    if (auto e = failed()) {
        std::rethrow_exception(e);
    }
    digest.finish(result.checksum, result.os_hash_value);
    if (inspect) {
        result.virtual_size = inspector.virtual_size();
    }
    return result;
}

}  // namespace onestack::image::data
