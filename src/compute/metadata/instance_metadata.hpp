#pragma once
// What a guest learns about itself (nova/api/metadata/base.py
// InstanceMetadata): the OpenStack documents (meta_data.json, user_data,
// vendor_data.json, vendor_data2.json, network_data.json, password), the EC2
// tree (meta-data/..., user-data), path lookup as the metadata service
// answers it, and the files of a config drive. Built from one instance's
// rows; no I/O after construction.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compute/metadata/options.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::metadata {

// The key pair copied into the instance at boot (nova's instance.keypairs).
struct KeyPairData {
    std::string name;
    std::string type = "ssh";
    std::string public_key;
};

// Everything the documents are made of.
struct MetadataSource {
    Instance instance;
    std::map<std::string, std::string> meta;  // the server's metadata ("meta")
    std::optional<KeyPairData> keypair;       // when the server has key_name
    std::optional<std::string> password;      // what the guest posted (password_0..3)
    std::optional<std::string> address;       // the caller's address, when known
    std::string admin_pass;                   // config drives only (nova's extra_md)
    // network_data.json; none until the server has ports (Nova then writes {}).
    std::optional<boost::json::object> network_data;
};

// One answer of lookup().
struct LookupResult {
    enum class Kind {
        Data,      // body with content_type
        Password,  // openstack/<version>/password: GET reads it, POST sets it
        NotFound,
    };
    Kind kind = Kind::NotFound;
    std::string body;
    std::string content_type = "text/plain";
};

class InstanceMetadata {
  public:
    InstanceMetadata(MetadataSource source, DocumentOptions options);

    const Instance& instance() const { return source_.instance; }
    const std::optional<std::string>& password() const { return source_.password; }
    // The decoded user data; none when the server was created without.
    const std::optional<std::string>& user_data() const { return user_data_; }
    // hostname.dhcp_domain (or the bare hostname).
    std::string hostname() const;

    // --- EC2 format (version: one of ec2_versions() or "latest") ---
    // {"meta-data": {...}, "user-data": bytes}, keys in Nova's order.
    boost::json::object ec2_metadata(std::string_view version) const;

    // --- OpenStack format (version: one of openstack_versions() or "latest") ---
    std::string meta_data_json(std::string_view version) const;
    std::vector<std::string> version_listing(std::string_view version) const;
    std::string vendor_data_json() const;
    std::string vendor_data2_json() const;
    std::string network_data_json() const;

    // The metadata service's answer for a path ("/openstack/latest/meta_data.json",
    // "/latest/meta-data/hostname", "/2009-04-04/user-data", ...).
    LookupResult lookup(std::string_view path) const;

    // The config drive's files (path inside the drive -> content), as
    // nova's metadata_for_config_drive yields them.
    std::map<std::string, std::string> config_drive_files() const;

  private:
    LookupResult lookup_openstack(const std::vector<std::string>& tokens) const;
    LookupResult lookup_ec2(const std::vector<std::string>& tokens) const;

    MetadataSource source_;
    DocumentOptions options_;
    std::optional<std::string> user_data_;
};

// nova's ec2_md_print: how a value of the EC2 tree (or a listing) is shown.
std::string ec2_md_print(const boost::json::value& v);

// EC2 ids as Nova shows them: "i-0000002a" from the instance's id,
// "ami-xxxxxxxx" from an image uuid (null when there is none).
std::string ec2_instance_id(std::int64_t id);
boost::json::value ec2_image_id(std::string_view image_id, std::string_view prefix = "ami");

}  // namespace onestack::compute::metadata
