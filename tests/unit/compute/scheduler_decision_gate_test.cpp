// The decision gate lets `slots` decisions in at once, in arrival order.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "compute/scheduler/decision_gate.hpp"

namespace onestack::compute::scheduler {
namespace {

// Runs `threads` callers through a gate of `slots`; returns the most that
// were ever inside at once.
int most_inside(unsigned slots, int threads) {
    DecisionGate gate(slots);
    std::atomic<int> inside{0};
    std::atomic<int> most{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < threads; ++t) {
        callers.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                DecisionGate::Slot slot(gate);
                int now = ++inside;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                std::this_thread::yield();
                --inside;
            }
        });
    }
    for (auto& c : callers) {
        c.join();
    }
    return most.load();
}

TEST(SchedulerDecisionGate, OneSlotLetsOneDecisionInAtATime) {
    EXPECT_EQ(most_inside(1, 8), 1);
}

TEST(SchedulerDecisionGate, TwoSlotsNeverLetAThirdIn) {
    EXPECT_LE(most_inside(2, 8), 2);
}

TEST(SchedulerDecisionGate, WaitersEnterInArrivalOrder) {
    DecisionGate gate(1);
    std::vector<int> order;
    std::mutex order_mu;
    std::vector<std::thread> waiters;
    {
        DecisionGate::Slot held(gate);
        for (int i = 0; i < 4; ++i) {
            waiters.emplace_back([&, i] {
                DecisionGate::Slot slot(gate);
                std::lock_guard lock(order_mu);
                order.push_back(i);
            });
            // The next one arrives once this one has queued.
            while (gate.arrivals() < static_cast<std::uint64_t>(i + 2)) {
                std::this_thread::yield();
            }
        }
    }
    for (auto& w : waiters) {
        w.join();
    }
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(SchedulerDecisionGate, ZeroSlotsIsNoLimit) {
    DecisionGate gate(0);
    DecisionGate::Slot a(gate);
    DecisionGate::Slot b(gate);  // would block with any limit of one
    EXPECT_EQ(gate.slots(), 0u);
}

}  // namespace
}  // namespace onestack::compute::scheduler
