#pragma once
// A fixed set of threads working through a queue of items. Handlers may block
// (a compute agent building a VM), so a slow item holds one thread, never the
// others.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

namespace onestack::rpc {

template <class Item>
class WorkerPool {
  public:
    using Work = std::function<void(Item&)>;

    WorkerPool(unsigned size, Work work) : size_(size == 0 ? 1 : size), work_(std::move(work)) {}
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;
    ~WorkerPool() { stop(); }

    void start() {
        std::lock_guard lock(mutex_);
        if (!threads_.empty() || closed_) {
            return;
        }
        for (unsigned i = 0; i < size_; ++i) {
            threads_.emplace_back([this] { run(); });
            worker_ids_.push_back(threads_.back().get_id());
        }
    }

    // False once stopped; the item is then destroyed by the caller's scope.
    bool push(Item item) {
        {
            std::lock_guard lock(mutex_);
            if (closed_) {
                return false;
            }
            queue_.push_back(std::move(item));
        }
        wake_.notify_one();
        return true;
    }

    bool on_worker_thread() const {
        std::lock_guard lock(mutex_);
        for (const auto& id : worker_ids_) {
            if (id == std::this_thread::get_id()) {
                return true;
            }
        }
        return false;
    }

    // Items waiting for a free thread.
    std::size_t backlog() const {
        std::lock_guard lock(mutex_);
        return queue_.size();
    }

    // Takes no more items, drops the queued ones (destroyed here, outside
    // the lock), lets running ones finish, and joins the threads. Safe to
    // call more than once and from several threads; not from a worker.
    void stop() {
        if (on_worker_thread()) {
            throw std::logic_error("WorkerPool::stop() called from one of its workers");
        }
        std::deque<Item> dropped;
        std::vector<std::thread> threads;
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            dropped.swap(queue_);
            threads.swap(threads_);
        }
        wake_.notify_all();
        dropped.clear();
        for (auto& t : threads) {
            t.join();
        }
        // A concurrent stop() that found the threads already taken still
        // returns only after they are joined.
        std::unique_lock lock(mutex_);
        joined_ += threads.size();
        joined_cv_.notify_all();
        joined_cv_.wait(lock, [this] { return joined_ == worker_ids_.size(); });
    }

  private:
    void run() {
        for (;;) {
            std::optional<Item> item;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return closed_ || !queue_.empty(); });
                if (closed_) {
                    return;
                }
                item.emplace(std::move(queue_.front()));
                queue_.pop_front();
            }
            try {
                work_(*item);
            } catch (const std::exception& e) {
                spdlog::error("rpc worker: unhandled exception: {}", e.what());
            } catch (...) {
                spdlog::error("rpc worker: unhandled non-standard exception");
            }
        }
    }

    const unsigned size_;
    const Work work_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable joined_cv_;
    std::deque<Item> queue_;
    std::vector<std::thread> threads_;
    std::vector<std::thread::id> worker_ids_;  // kept after stop() takes threads_
    std::size_t joined_ = 0;
    bool closed_ = false;
};

}  // namespace onestack::rpc
