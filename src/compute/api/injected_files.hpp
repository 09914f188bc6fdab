#pragma once
// Personality: files injected into a server at create and rebuild (API
// < 2.57; the 2.57 schemas have no "personality", so it is a 400 there).
#include <boost/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace onestack::compute::api {

// (path, contents as the base64 the caller sent), as nova's
// helpers.get_injected_files; the schema has already checked the items.
using InjectedFiles = std::vector<std::pair<std::string, std::string>>;
InjectedFiles injected_files_from(const boost::json::value* personality);

// compute/api.py _check_injected_file_quota against the project's limits
// (injected_files, injected_file_path_bytes, injected_file_content_bytes;
// -1 unlimited). Throws Fault 403 with nova's OnsetFile* messages. The
// content measured is the base64 text, as nova measures it.
void check_injected_file_quota(const std::map<std::string, int>& limits,
                               const InjectedFiles& files);

// The RPC form: [[path, base64 contents], ...].
boost::json::array injected_files_json(const InjectedFiles& files);

}  // namespace onestack::compute::api
