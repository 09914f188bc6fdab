#include "compute/objects/instance.hpp"

#include <boost/json.hpp>
#include <cstdio>

namespace onestack::compute {

namespace json = boost::json;

json::object Flavor::to_json() const {
    json::object o{{"id", id},
                   {"flavorid", flavorid},
                   {"name", name},
                   {"memory_mb", memory_mb},
                   {"vcpus", vcpus},
                   {"root_gb", root_gb},
                   {"ephemeral_gb", ephemeral_gb},
                   {"swap", swap},
                   {"rxtx_factor", rxtx_factor},
                   {"disabled", disabled},
                   {"is_public", is_public},
                   {"description", description},
                   {"extra_specs", extra_specs}};
    o["vcpu_weight"] = vcpu_weight ? json::value(*vcpu_weight) : json::value(nullptr);
    return o;
}

Flavor Flavor::from_json(const json::object& o) {
    auto str = [&](const char* k) {
        auto* v = o.if_contains(k);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    auto num = [&](const char* k) -> std::int64_t {
        auto* v = o.if_contains(k);
        if (!v) {
            return 0;
        }
        if (v->is_int64()) {
            return v->as_int64();
        }
        if (v->is_double()) {
            return static_cast<std::int64_t>(v->as_double());
        }
        return 0;
    };
    auto flag = [&](const char* k, bool dflt) {
        auto* v = o.if_contains(k);
        return v && v->is_bool() ? v->as_bool() : dflt;
    };
    Flavor f;
    f.id = num("id");
    f.flavorid = str("flavorid");
    f.name = str("name");
    f.memory_mb = static_cast<int>(num("memory_mb"));
    f.vcpus = static_cast<int>(num("vcpus"));
    f.root_gb = static_cast<int>(num("root_gb"));
    f.ephemeral_gb = static_cast<int>(num("ephemeral_gb"));
    f.swap = static_cast<int>(num("swap"));
    if (auto* v = o.if_contains("rxtx_factor"); v && v->is_number()) {
        f.rxtx_factor = v->to_number<double>();
    }
    if (auto* v = o.if_contains("vcpu_weight"); v && v->is_int64()) {
        f.vcpu_weight = static_cast<int>(v->as_int64());
    }
    f.disabled = flag("disabled", false);
    f.is_public = flag("is_public", true);
    f.description = str("description");
    if (auto* v = o.if_contains("extra_specs"); v && v->is_object()) {
        f.extra_specs = v->as_object();
    }
    return f;
}

std::string Instance::instance_name() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "instance-%08llx", static_cast<unsigned long long>(id));
    return buf;
}

}  // namespace onestack::compute
