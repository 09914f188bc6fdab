#pragma once
// Microversion negotiation: which API version a request is served at.
//
// Nova (nova/api/openstack/wsgi.py set_api_version_request) and cinder read
// the version with microversion_parse.get_version, default to the minimum,
// map "latest" to the maximum, answer 400 for a malformed string and 406 for
// one out of range. Placement (microversion_parse.extract_version) parses
// more loosely and words its errors differently; MicroversionDialect picks.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/message.hpp"

namespace onestack::api {

struct Version {
    int major = 0;
    int minor = 0;

    auto operator<=>(const Version&) const = default;
    std::string str() const;  // "2.53"
    // nova's APIVersionRequest format ^([1-9]\d*)\.([1-9]\d*|0)$: "2.53",
    // "3.0"; not "2", "2.05", "02.1", " 2.1" or "latest".
    static std::optional<Version> parse(std::string_view text);
};

enum class MicroversionDialect {
    nova,       // nova and cinder: strict "X.Y"; nova's exception wording
    placement,  // microversion_parse: int() on each part; "Invalid microversion: ..."
};

struct MicroversionPolicy {
    std::string service_type;                 // "compute", "volume", "placement"
    std::vector<std::string> legacy_headers;  // read when the standard header has no entry
    Version min;                              // also the default when nothing is asked
    Version max;                              // what "latest" means
    MicroversionDialect dialect = MicroversionDialect::nova;
};

// Nova 26 (Zed): 2.1 to 2.93, legacy X-OpenStack-Nova-API-Version
// (nova/api/openstack/api_version_request.py).
MicroversionPolicy compute_microversions();
// Placement 8 (Zed): 1.0 to 1.39 (placement/microversion.py VERSIONS).
MicroversionPolicy placement_microversions();

// The version text the client sent, found as microversion_parse.get_version
// finds it: the last "<service_type> <version>" entry of OpenStack-API-Version
// (service matched case-insensitively), else the last comma-separated value of
// the first legacy header present, which may be empty. nullopt when neither.
std::optional<std::string> requested_version(const MicroversionPolicy& policy,
                                             const http::Request& request);

// The version to serve. Throws Fault 400 when the text is malformed and 406
// when it is outside [min, max], with upstream's messages.
Version negotiate(const MicroversionPolicy& policy, const http::Request& request);

// OpenStack-API-Version: <service_type> <version>, each legacy header set to
// <version>, and those header names added to Vary.
void add_response_headers(const MicroversionPolicy& policy, Version version,
                          http::Response& response);

}  // namespace onestack::api
