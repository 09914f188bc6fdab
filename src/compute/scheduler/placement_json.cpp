#include "compute/scheduler/placement_json.hpp"

#include <string>

namespace onestack::compute::scheduler {

boost::json::object allocation_request_json(const placement::client::AllocationMap& allocations) {
    boost::json::object providers;
    for (const auto& [rp, resources] : allocations) {
        boost::json::object r;
        for (const auto& [rc, amount] : resources) {
            r[rc] = amount;
        }
        providers[rp] = boost::json::object{{"resources", std::move(r)}};
    }
    return {{"allocations", std::move(providers)}};
}

placement::client::AllocationMap allocation_map(const boost::json::object& request) {
    placement::client::AllocationMap out;
    const auto* allocations = request.if_contains("allocations");
    if (allocations == nullptr || !allocations->is_object()) {
        return out;
    }
    for (const auto& [rp, body] : allocations->get_object()) {
        auto& resources = out[std::string(rp)];
        if (!body.is_object()) {
            continue;
        }
        const auto* r = body.get_object().if_contains("resources");
        if (r == nullptr || !r->is_object()) {
            continue;
        }
        for (const auto& [rc, amount] : r->get_object()) {
            if (amount.is_int64()) {
                resources[std::string(rc)] = amount.get_int64();
            } else if (amount.is_uint64()) {
                resources[std::string(rc)] = static_cast<std::int64_t>(amount.get_uint64());
            }
        }
    }
    return out;
}

placement::client::Resources flavor_resources(const Flavor& f) {
    placement::client::Resources r;
    r["VCPU"] = f.vcpus;
    r["MEMORY_MB"] = f.memory_mb;
    r["DISK_GB"] = f.root_gb + f.ephemeral_gb + (f.swap + 1023) / 1024;
    static const std::string kPrefix = "resources:";
    for (const auto& [k, v] : f.extra_specs) {
        std::string key(k);
        if (key.rfind(kPrefix, 0) != 0 || !v.is_string()) {
            continue;
        }
        try {
            r[key.substr(kPrefix.size())] = std::stoll(std::string(v.get_string()));
        } catch (const std::exception&) {
            // The API validates extra specs; an unparsable one asks for nothing.
        }
    }
    for (auto it = r.begin(); it != r.end();) {
        it = it->second <= 0 ? r.erase(it) : std::next(it);
    }
    return r;
}

std::vector<std::string> flavor_traits(const Flavor& f) {
    std::vector<std::string> out;
    static const std::string kPrefix = "trait:";
    for (const auto& [k, v] : f.extra_specs) {
        std::string key(k);
        if (key.rfind(kPrefix, 0) != 0 || !v.is_string()) {
            continue;
        }
        auto name = key.substr(kPrefix.size());
        if (v.get_string() == "required") {
            out.push_back(name);
        } else if (v.get_string() == "forbidden") {
            out.push_back("!" + name);
        }
    }
    return out;
}

}  // namespace onestack::compute::scheduler
