// The EC2 format of InstanceMetadata (base.py get_ec2_metadata, ec2_md_print).
#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdio>

#include "compute/metadata/instance_metadata.hpp"
#include "compute/metadata/versions.hpp"

namespace onestack::compute::metadata {

namespace json = boost::json;

std::string ec2_instance_id(std::int64_t id) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "i-%08llx", static_cast<unsigned long long>(id));
    return buf;
}

// Nova numbers images in its s3_images table; we have no such table, so the
// number is the first 32 bits of the image's uuid: stable, and the same on
// every host.
json::value ec2_image_id(std::string_view image_id, std::string_view prefix) {
    std::string hex;
    for (char c : image_id) {
        if (std::isxdigit(static_cast<unsigned char>(c)) != 0) {
            hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else if (c != '-') {
            break;
        }
        if (hex.size() == 8) {
            return json::value(std::string(prefix) + "-" + hex);
        }
    }
    return nullptr;
}

namespace {

// block_device.instance_block_mapping without block device mappings.
json::object block_device_mapping(const Instance& i) {
    if (i.root_device_name.empty()) {
        return {{"ami", "sda1"}, {"ephemeral0", "sda2"}, {"root", "/dev/sda1"}, {"swap", "sda3"}};
    }
    std::string ami = i.root_device_name;
    if (ami.rfind("/dev/", 0) == 0) {
        ami = ami.substr(5);
    }
    return {{"ami", ami}, {"root", i.root_device_name}};
}

}  // namespace

json::object InstanceMetadata::ec2_metadata(std::string_view version) const {
    const Instance& i = source_.instance;
    const std::string host = hostname();
    json::object md;
    md["ami-id"] = ec2_image_id(i.image_ref);
    md["ami-launch-index"] = i.launch_index;
    md["ami-manifest-path"] = "FIXME";
    md["instance-id"] = ec2_instance_id(i.id);
    md["hostname"] = host;
    // The fixed IP once networking exists; until then the caller's address.
    md["local-ipv4"] = source_.address ? json::value(*source_.address) : json::value(nullptr);
    md["reservation-id"] = i.reservation_id;
    md["security-groups"] = json::array{};
    // public-keys/ lists "0=<name>"; public-keys/0/openssh-key is the key.
    if (!i.key_name.empty()) {
        md["public-keys"] = json::object{
            {"0", json::object{{"_name", "0=" + i.key_name}, {"openssh-key", i.key_data}}}};
    }
    if (ec2_at_least(version, "2007-01-19")) {
        md["local-hostname"] = host;
        md["public-hostname"] = host;
        md["public-ipv4"] = "";  // the floating IP, once there are any
    }
    if (ec2_at_least(version, "2007-08-29")) {
        md["instance-type"] = i.flavor.name;
    }
    if (ec2_at_least(version, "2007-12-15")) {
        md["block-device-mapping"] = block_device_mapping(i);
        if (!i.kernel_id.empty()) {
            md["kernel-id"] = ec2_image_id(i.kernel_id, "aki");
        }
        if (!i.ramdisk_id.empty()) {
            md["ramdisk-id"] = ec2_image_id(i.ramdisk_id, "ari");
        }
    }
    if (ec2_at_least(version, "2008-02-01")) {
        md["placement"] =
            json::object{{"availability-zone", [&]() -> json::value {
                              auto az = i.availability_zone;
                              if (az.empty() && !i.host.empty()) {
                                  az = options_.default_availability_zone;
                              }
                              return az.empty() ? json::value(nullptr) : json::value(az);
                          }()}};
    }
    if (ec2_at_least(version, "2008-09-01")) {
        md["instance-action"] = "none";
    }
    json::object data{{"meta-data", std::move(md)}};
    if (user_data_) {
        data["user-data"] = *user_data_;
    }
    return data;
}

std::string ec2_md_print(const json::value& v) {
    switch (v.kind()) {
        case json::kind::object: {
            const auto& o = v.get_object();
            std::vector<std::string_view> keys;
            for (const auto& [k, _] : o) {
                keys.push_back(k);
            }
            std::sort(keys.begin(), keys.end());
            std::string out;
            for (auto k : keys) {
                if (k == "_name") {
                    continue;
                }
                const auto& item = o.at(k);
                if (item.is_object()) {
                    const auto* name = item.get_object().if_contains("_name");
                    out += name != nullptr ? ec2_md_print(*name) : std::string(k) + "/";
                } else {
                    out += k;
                }
                out += '\n';
            }
            if (!out.empty()) {
                out.pop_back();
            }
            return out;
        }
        case json::kind::array: {
            std::string out;
            bool first = true;
            for (const auto& item : v.get_array()) {
                out += first ? "" : "\n";
                first = false;
                out += ec2_md_print(item);
            }
            return out;
        }
        case json::kind::string:
            return std::string(v.get_string());
        case json::kind::null:
            return "None";  // Python's str(None)
        case json::kind::bool_:
            return v.get_bool() ? "True" : "False";
        default:
            return json::serialize(v);
    }
}

}  // namespace onestack::compute::metadata
