// Path lookup of InstanceMetadata (base.py lookup, RouteConfiguration,
// find_path_in_tree): what the metadata service answers for a path.
#include <boost/json.hpp>

#include "compute/metadata/instance_metadata.hpp"
#include "compute/metadata/versions.hpp"

namespace onestack::compute::metadata {

namespace json = boost::json;

namespace {

using Kind = LookupResult::Kind;

LookupResult data(std::string body, std::string content_type = "text/plain") {
    return {Kind::Data, std::move(body), std::move(content_type)};
}

LookupResult not_found() {
    return {};
}

LookupResult listing(const std::vector<std::string>& items) {
    json::array a;
    for (const auto& s : items) {
        a.emplace_back(s);
    }
    return data(ec2_md_print(a));
}

// posixpath.normpath("/" + path), split into its segments.
std::vector<std::string> normalized_tokens(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= path.size()) {
        auto slash = path.find('/', i);
        auto end = slash == std::string_view::npos ? path.size() : slash;
        auto seg = path.substr(i, end - i);
        if (seg == "..") {
            if (!out.empty()) {
                out.pop_back();
            }
        } else if (!seg.empty() && seg != ".") {
            out.emplace_back(seg);
        }
        i = end + 1;
    }
    return out;
}

}  // namespace

LookupResult InstanceMetadata::lookup(std::string_view path) const {
    auto tokens = normalized_tokens(path);
    // Anything that is not /openstack/... is EC2, with or without /ec2.
    if (tokens.empty() || (tokens[0] != "ec2" && tokens[0] != "openstack")) {
        tokens.insert(tokens.begin(), "ec2");
    }
    if (tokens.size() == 1) {
        // Every OpenStack version is in the past, so none is hidden.
        auto versions = tokens[0] == "openstack" ? openstack_versions() : ec2_versions();
        versions.emplace_back(kLatest);
        return listing(versions);
    }
    const bool openstack = tokens[0] == "openstack";
    tokens.erase(tokens.begin());
    return openstack ? lookup_openstack(tokens) : lookup_ec2(tokens);
}

LookupResult InstanceMetadata::lookup_openstack(const std::vector<std::string>& tokens) const {
    // openstack/content/NNNN: injected files; servers carry none yet.
    if (tokens[0] == "content") {
        return not_found();
    }
    const std::string& version = tokens[0];
    if (version != kLatest && openstack_version_index(version) < 0) {
        return not_found();
    }
    if (tokens.size() == 1) {
        return listing(version_listing(version));
    }
    std::string item;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        item += (i > 1 ? "/" : "") + tokens[i];
    }
    if (item == "meta_data.json") {
        return data(meta_data_json(version), "application/json");
    }
    if (item == "user_data") {
        return user_data_ ? data(*user_data_) : not_found();
    }
    if (item == "password") {
        return openstack_at_least(version, kGrizzly) ? LookupResult{Kind::Password, "", ""}
                                                     : not_found();
    }
    if (item == "vendor_data.json") {
        return openstack_at_least(version, kHavana) ? data(vendor_data_json(), "application/json")
                                                    : not_found();
    }
    if (item == "vendor_data2.json") {
        return openstack_at_least(version, kNewtonTwo)
                   ? data(vendor_data2_json(), "application/json")
                   : not_found();
    }
    if (item == "network_data.json") {
        return data(network_data_json());
    }
    if (item == "version") {
        return listing(version_listing(version));
    }
    return not_found();
}

LookupResult InstanceMetadata::lookup_ec2(const std::vector<std::string>& tokens) const {
    const std::string& version = tokens[0];
    if (version != kLatest && ec2_version_index(version) < 0) {
        return not_found();
    }
    json::value node = ec2_metadata(version);
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        // Nova fails with a 500 below a leaf (a TypeError); we answer 404.
        if (!node.is_object()) {
            return not_found();
        }
        const auto* next = node.get_object().if_contains(tokens[i]);
        if (next == nullptr) {
            return not_found();
        }
        json::value copy = *next;
        node = std::move(copy);
    }
    return data(ec2_md_print(node));
}

}  // namespace onestack::compute::metadata
