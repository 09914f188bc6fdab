#pragma once
// Topic names on compute's bus (see rpc/README.md for the methods).
namespace onestack::compute::rpc_topic {

inline constexpr const char* kConductor = "conductor";
inline constexpr const char* kScheduler = "scheduler";
inline constexpr const char* kCompute = "compute";

}  // namespace onestack::compute::rpc_topic
