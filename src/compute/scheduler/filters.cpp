#include "compute/scheduler/filters.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

#include "compute/scheduler/extra_specs_ops.hpp"

namespace onestack::compute::scheduler {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : s) {
        if (ch == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(ch);
        }
    }
    out.push_back(cur);
    return out;
}

std::string prop(const boost::json::object& props, const char* a, const char* b = nullptr) {
    for (const char* k : {a, b}) {
        if (k == nullptr) {
            continue;
        }
        if (const auto* v = props.if_contains(k); v != nullptr && v->is_string()) {
            return std::string(v->get_string());
        }
    }
    return {};
}

std::string text(const boost::json::value& v) {
    if (v.is_string()) {
        return std::string(v.get_string());
    }
    if (v.is_double()) {
        auto s = std::to_string(v.get_double());
        return s;
    }
    return boost::json::serialize(v);
}

// nova/scheduler/filters/compute_filter.py
class ComputeFilter : public Filter {
  public:
    std::string name() const override { return "ComputeFilter"; }
    bool passes(const HostState& h, const FilterRequest&) const override {
        return h.node->service_up && !h.node->service_disabled;
    }
};

// nova/scheduler/filters/availability_zone_filter.py
class AvailabilityZoneFilter : public Filter {
  public:
    std::string name() const override { return "AvailabilityZoneFilter"; }
    bool passes(const HostState& h, const FilterRequest& r) const override {
        if (r.availability_zone.empty()) {
            return true;
        }
        auto zones = host_availability_zones(h, r.default_availability_zone);
        return std::find(zones.begin(), zones.end(), r.availability_zone) != zones.end();
    }
};

// nova/scheduler/filters/image_props_filter.py: the image's architecture,
// hypervisor type and VM mode must be one of the node's supported instances.
class ImagePropertiesFilter : public Filter {
  public:
    std::string name() const override { return "ImagePropertiesFilter"; }
    bool passes(const HostState& h, const FilterRequest& r) const override {
        auto arch = prop(r.image_properties, "hw_architecture", "architecture");
        auto hv = prop(r.image_properties, "img_hv_type", "hypervisor_type");
        auto mode = prop(r.image_properties, "hw_vm_mode", "vm_mode");
        if (arch.empty() && hv.empty() && mode.empty()) {
            return true;
        }
        for (const auto& s : h.node->supported_instances) {
            if (s.size() != 3) {
                continue;
            }
            if ((arch.empty() || s[0] == arch) && (hv.empty() || s[1] == hv) &&
                (mode.empty() || s[2] == mode)) {
                return true;
            }
        }
        return false;
    }
};

// nova/scheduler/filters/affinity_filter.py
class ServerGroupAffinityFilter : public Filter {
  public:
    std::string name() const override { return "ServerGroupAffinityFilter"; }
    bool passes(const HostState& h, const FilterRequest& r) const override {
        if (r.group_policy != "affinity" || r.group_hosts.empty()) {
            return true;
        }
        return r.group_hosts.count(h.node->host) > 0;
    }
};

class ServerGroupAntiAffinityFilter : public Filter {
  public:
    std::string name() const override { return "ServerGroupAntiAffinityFilter"; }
    bool passes(const HostState& h, const FilterRequest& r) const override {
        if (r.group_policy != "anti-affinity") {
            return true;
        }
        auto it = r.group_hosts.find(h.node->host);
        int here = it == r.group_hosts.end() ? 0 : it->second;
        return here < r.max_server_per_host;
    }
};

// nova/scheduler/filters/aggregate_instance_extra_specs.py
class AggregateInstanceExtraSpecsFilter : public Filter {
  public:
    std::string name() const override { return "AggregateInstanceExtraSpecsFilter"; }
    bool passes(const HostState& h, const FilterRequest& r) const override {
        static const std::string kScope = "aggregate_instance_extra_specs";
        for (const auto& [k, v] : r.flavor.extra_specs) {
            std::string key(k);
            auto colon = key.find(':');
            if (colon != std::string::npos) {
                if (key.substr(0, colon) != kScope) {
                    continue;
                }
                key = key.substr(colon + 1);
            }
            std::set<std::string> values;
            for (const auto& meta : h.node->aggregates) {
                auto it = meta.find(key);
                if (it == meta.end()) {
                    continue;
                }
                for (const auto& part : split(it->second, ',')) {
                    values.insert(part);
                }
            }
            if (values.empty()) {
                return false;
            }
            auto req = text(v);
            bool any = false;
            for (const auto& val : values) {
                if (extra_spec_matches(val, req)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }
};

// nova/scheduler/filters/compute_capabilities_filter.py: "capabilities:<attr>[:<key>...]"
// extra specs against the host state (unscoped keys too, as upstream).
class ComputeCapabilitiesFilter : public Filter {
  public:
    std::string name() const override { return "ComputeCapabilitiesFilter"; }
    bool passes(const HostState& h, const FilterRequest& r) const override {
        for (const auto& [k, v] : r.flavor.extra_specs) {
            auto scope = split(std::string(k), ':');
            if (scope.size() > 1) {
                if (scope[0] != "capabilities") {
                    continue;
                }
                scope.erase(scope.begin());
            }
            auto cap = capability(h, scope);
            if (!cap || !extra_spec_matches(*cap, text(v))) {
                return false;
            }
        }
        return true;
    }

  private:
    static std::optional<std::string> capability(const HostState& h,
                                                 const std::vector<std::string>& path) {
        if (path.empty()) {
            return std::nullopt;
        }
        const auto& a = path[0];
        auto num = [](double d) {
            auto s = std::to_string(d);
            return s;
        };
        if (path.size() == 1) {
            if (a == "hypervisor_type") {
                return h.node->hypervisor_type;
            }
            if (a == "hypervisor_version") {
                return std::to_string(h.node->hypervisor_version);
            }
            if (a == "host") {
                return h.node->host;
            }
            if (a == "nodename" || a == "hypervisor_hostname") {
                return h.node->nodename;
            }
            if (a == "vcpus_total") {
                return num(h.vcpus_total);
            }
            if (a == "vcpus_used") {
                return num(h.vcpus_used);
            }
            if (a == "free_ram_mb") {
                return num(h.free_ram_mb);
            }
            if (a == "total_usable_ram_mb") {
                return num(h.total_usable_ram_mb);
            }
            if (a == "free_disk_mb") {
                return num(h.free_disk_mb);
            }
            if (a == "num_instances") {
                return std::to_string(h.num_instances);
            }
        }
        // cpu_info / stats dictionaries, walked key by key.
        const boost::json::object* dict = nullptr;
        if (a == "cpu_info") {
            dict = &h.node->cpu_info;
        } else if (a == "stats") {
            dict = &h.node->stats;
        }
        if (dict == nullptr || path.size() < 2) {
            return std::nullopt;
        }
        const boost::json::value* cur = nullptr;
        for (std::size_t i = 1; i < path.size(); ++i) {
            cur = dict->if_contains(path[i]);
            if (cur == nullptr) {
                return std::nullopt;
            }
            if (i + 1 < path.size()) {
                if (!cur->is_object()) {
                    return std::nullopt;
                }
                dict = &cur->get_object();
            }
        }
        return text(*cur);
    }
};

// nova/scheduler/weights/*.py
class RamWeigher : public Weigher {
  public:
    std::string name() const override { return "RAMWeigher"; }
    double multiplier(const SchedulerOptions& o) const override { return o.ram_weight_multiplier; }
    double weigh(const HostState& h, const FilterRequest&) const override { return h.free_ram_mb; }
};

class CpuWeigher : public Weigher {
  public:
    std::string name() const override { return "CPUWeigher"; }
    double multiplier(const SchedulerOptions& o) const override { return o.cpu_weight_multiplier; }
    double weigh(const HostState& h, const FilterRequest&) const override {
        return h.vcpus_total - h.vcpus_used;
    }
};

class DiskWeigher : public Weigher {
  public:
    std::string name() const override { return "DiskWeigher"; }
    double multiplier(const SchedulerOptions& o) const override { return o.disk_weight_multiplier; }
    double weigh(const HostState& h, const FilterRequest&) const override { return h.free_disk_mb; }
};

class BuildFailureWeigher : public Weigher {
  public:
    std::string name() const override { return "BuildFailureWeigher"; }
    double multiplier(const SchedulerOptions& o) const override {
        return o.build_failure_weight_multiplier;
    }
    double weigh(const HostState& h, const FilterRequest&) const override {
        return -static_cast<double>(h.node->failed_builds);
    }
};

class SoftAffinityWeigher : public Weigher {
  public:
    std::string name() const override { return "ServerGroupSoftAffinityWeigher"; }
    double multiplier(const SchedulerOptions& o) const override {
        return o.soft_affinity_weight_multiplier;
    }
    double weigh(const HostState& h, const FilterRequest& r) const override {
        if (r.group_policy != "soft-affinity") {
            return 0;
        }
        auto it = r.group_hosts.find(h.node->host);
        return it == r.group_hosts.end() ? 0 : it->second;
    }
};

class SoftAntiAffinityWeigher : public Weigher {
  public:
    std::string name() const override { return "ServerGroupSoftAntiAffinityWeigher"; }
    double multiplier(const SchedulerOptions& o) const override {
        return o.soft_anti_affinity_weight_multiplier;
    }
    double weigh(const HostState& h, const FilterRequest& r) const override {
        if (r.group_policy != "soft-anti-affinity") {
            return 0;
        }
        auto it = r.group_hosts.find(h.node->host);
        return it == r.group_hosts.end() ? 0 : -it->second;
    }
};

template <typename T>
Registry::FilterFactory filter() {
    return [] { return std::make_unique<T>(); };
}
template <typename T>
Registry::WeigherFactory weigher() {
    return [] { return std::make_unique<T>(); };
}

}  // namespace

void HostState::consume(const Flavor& f) {
    free_ram_mb -= f.memory_mb;
    vcpus_used += f.vcpus;
    free_disk_mb -= (f.root_gb + f.ephemeral_gb) * 1024.0 + f.swap;
    ++num_instances;
}

std::vector<std::string> host_availability_zones(const HostState& h,
                                                 const std::string& default_zone) {
    std::vector<std::string> zones;
    for (const auto& meta : h.node->aggregates) {
        auto it = meta.find("availability_zone");
        if (it != meta.end() && std::find(zones.begin(), zones.end(), it->second) == zones.end()) {
            zones.push_back(it->second);
        }
    }
    if (zones.empty()) {
        zones.push_back(default_zone);
    }
    return zones;
}

void Registry::add_filter(const std::string& name, FilterFactory f) {
    filters_[name] = std::move(f);
}

void Registry::add_weigher(const std::string& name, WeigherFactory f) {
    weighers_[name] = std::move(f);
}

std::vector<std::unique_ptr<Filter>> Registry::filters(
    const std::vector<std::string>& names) const {
    std::vector<std::unique_ptr<Filter>> out;
    for (const auto& n : names) {
        auto it = filters_.find(n);
        if (it == filters_.end()) {
            throw std::invalid_argument("unknown scheduler filter: " + n);
        }
        out.push_back(it->second());
    }
    return out;
}

std::vector<std::unique_ptr<Weigher>> Registry::weighers(
    const std::vector<std::string>& names) const {
    std::vector<std::unique_ptr<Weigher>> out;
    for (const auto& n : names) {
        auto it = weighers_.find(n);
        if (it == weighers_.end()) {
            throw std::invalid_argument("unknown scheduler weigher: " + n);
        }
        out.push_back(it->second());
    }
    return out;
}

void register_all(Registry& r) {
    r.add_filter("ComputeFilter", filter<ComputeFilter>());
    r.add_filter("AvailabilityZoneFilter", filter<AvailabilityZoneFilter>());
    r.add_filter("ImagePropertiesFilter", filter<ImagePropertiesFilter>());
    r.add_filter("ServerGroupAffinityFilter", filter<ServerGroupAffinityFilter>());
    r.add_filter("ServerGroupAntiAffinityFilter", filter<ServerGroupAntiAffinityFilter>());
    r.add_filter("AggregateInstanceExtraSpecsFilter", filter<AggregateInstanceExtraSpecsFilter>());
    r.add_filter("ComputeCapabilitiesFilter", filter<ComputeCapabilitiesFilter>());
    r.add_weigher("RAMWeigher", weigher<RamWeigher>());
    r.add_weigher("CPUWeigher", weigher<CpuWeigher>());
    r.add_weigher("DiskWeigher", weigher<DiskWeigher>());
    r.add_weigher("BuildFailureWeigher", weigher<BuildFailureWeigher>());
    r.add_weigher("ServerGroupSoftAffinityWeigher", weigher<SoftAffinityWeigher>());
    r.add_weigher("ServerGroupSoftAntiAffinityWeigher", weigher<SoftAntiAffinityWeigher>());
}

}  // namespace onestack::compute::scheduler
