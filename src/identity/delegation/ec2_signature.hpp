#pragma once
// AWS request signatures as keystoneclient's Ec2Signer computes them
// (versions 0, 1, 2 and 4), for POST /v3/ec2tokens: the caller sends what it
// signed and its signature; Keystone recomputes it with the stored secret.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

namespace onestack::identity::delegation {

// `credentials` is the request's {"access", "signature", "host", "verb",
// "path", "params", "headers", "body_hash"} object. nullopt when its
// signature version is unknown or a field the version needs is missing
// (Ec2Signer raises there).
std::optional<std::string> ec2_signature(const std::string& secret,
                                         const boost::json::object& credentials);

// Python's urllib.parse.quote(value, safe="-_~"): every byte but letters,
// digits and "-_.~" percent-encoded.
std::string aws_quote(const std::string& value);

}  // namespace onestack::identity::delegation
