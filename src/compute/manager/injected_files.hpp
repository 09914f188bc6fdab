#pragma once
// Personality files as the API sends them to the compute host.
#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <vector>

namespace onestack::compute::manager {

// [[path, base64 contents], ...] -> (path, bytes), as nova's
// ComputeManager._decode_files; throws std::runtime_error naming the path
// whose contents are not base64 (the build/rebuild then fails). Null or
// not an array: none.
std::vector<std::pair<std::string, std::string>> decode_injected_files(
    const boost::json::value* files);

}  // namespace onestack::compute::manager
