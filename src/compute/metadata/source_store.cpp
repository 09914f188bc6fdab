#include "compute/metadata/source_store.hpp"

#include <boost/json.hpp>

#include "compute/api/db/keypair_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/metadata/password.hpp"

namespace onestack::compute::metadata {

std::optional<MetadataSource> load_source(onestack::db::Conn& c, const std::string& uuid) {
    auto inst = compute::db::get_instance(c, uuid);
    if (!inst) {
        return std::nullopt;
    }
    MetadataSource s;
    s.instance = std::move(*inst);
    s.meta = compute::db::instance_metadata(c, uuid);
    s.password = extract_password(s.instance.system_metadata);
    const auto& i = s.instance;
    if (!i.key_name.empty()) {
        // Nova copies the key pair into the instance at boot; we keep its
        // public key on the row and read the type from the owner's key pair
        // while it still holds that key.
        KeyPairData kp{i.key_name, "ssh", i.key_data};
        if (auto stored = compute::api::db::get_keypair(c, i.user_id, i.key_name);
            stored && stored->public_key == i.key_data) {
            kp.type = stored->type;
        }
        s.keypair = std::move(kp);
    }
    return s;
}

PasswordWrite set_password_once(onestack::db::Conn& c, const std::string& uuid,
                                std::string_view password) {
    auto inst = compute::db::get_instance(c, uuid);
    if (!inst) {
        return PasswordWrite::NoInstance;
    }
    if (extract_password(inst->system_metadata)) {
        return PasswordWrite::AlreadySet;
    }
    auto sysmeta = inst->system_metadata;
    for (const auto& [k, v] : convert_password(password)) {
        sysmeta[k] = v;
    }
    compute::db::update_instance(c, uuid, {{"system_metadata", boost::json::serialize(sysmeta)}});
    return PasswordWrite::Set;
}

}  // namespace onestack::compute::metadata
