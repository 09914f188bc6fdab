#pragma once
// Placement's error codes (placement/errors.py) and the faults handlers and
// operations raise with them. The detail is the handler's own sentence; the
// application wraps it the way webob does at the edge (api/app.cpp).
#include <string>

#include "common/api/fault.hpp"

namespace onestack::placement::errors {

inline constexpr const char* kDefault = "placement.undefined_code";
inline constexpr const char* kInventoryInUse = "placement.inventory.inuse";
inline constexpr const char* kConcurrentUpdate = "placement.concurrent_update";
inline constexpr const char* kDuplicateName = "placement.duplicate_name";
inline constexpr const char* kProviderInUse = "placement.resource_provider.inuse";
inline constexpr const char* kProviderCannotDeleteParent =
    "placement.resource_provider.cannot_delete_parent";
inline constexpr const char* kProviderNotFound = "placement.resource_provider.not_found";
inline constexpr const char* kDuplicateQueryParam = "placement.query.duplicate_key";
inline constexpr const char* kQueryBadValue = "placement.query.bad_value";
inline constexpr const char* kQueryMissingValue = "placement.query.missing_value";

inline api::Fault bad_request(std::string detail, std::string code = {}) {
    return {400, std::move(detail), std::move(code)};
}
inline api::Fault not_found(std::string detail = {}, std::string code = {}) {
    return {404, std::move(detail), std::move(code)};
}
inline api::Fault conflict(std::string detail, std::string code = {}) {
    return {409, std::move(detail), std::move(code)};
}

}  // namespace onestack::placement::errors
