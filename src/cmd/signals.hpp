#pragma once
// Waiting for SIGINT/SIGTERM in the main thread (blocked in every other).
namespace onestack::cmd {

// Call before starting any thread.
void block_termination_signals();
// Returns the signal that arrived.
int wait_for_termination();

}  // namespace onestack::cmd
