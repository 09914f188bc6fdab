// Filters, weighers and extra-spec matching, each on hand-made host states.
#include <gtest/gtest.h>

#include "compute/scheduler/extra_specs_ops.hpp"
#include "compute/scheduler/filters.hpp"
#include "compute/scheduler/placement_json.hpp"

namespace onestack::compute::scheduler {
namespace {

std::unique_ptr<Filter> filter(const std::string& name) {
    Registry r;
    register_all(r);
    return std::move(r.filters({name}).front());
}

HostState host(const std::string& name) {
    auto n = std::make_shared<HostNode>();
    n->host = name;
    n->nodename = name;
    n->service_up = true;
    n->hypervisor_type = "fake";
    n->supported_instances = {{"x86_64", "fake", "hvm"}};
    HostState h;
    h.node = std::move(n);
    return h;
}

// The node rows of a hand-made host (created non-const by host() above).
HostNode& node(HostState& h) {
    return const_cast<HostNode&>(*h.node);
}

TEST(ExtraSpecsOps, MatchesNovasOperators) {
    EXPECT_TRUE(extra_spec_matches("4", ">= 2"));
    EXPECT_FALSE(extra_spec_matches("1", ">= 2"));
    EXPECT_TRUE(extra_spec_matches("4", "= 4"));
    EXPECT_TRUE(extra_spec_matches("ssd", "ssd"));
    EXPECT_FALSE(extra_spec_matches("hdd", "ssd"));
    EXPECT_TRUE(extra_spec_matches("a,b,c", "<in> b"));
    EXPECT_TRUE(extra_spec_matches("a b c", "<all-in> a c"));
    EXPECT_FALSE(extra_spec_matches("a b", "<all-in> a c"));
    EXPECT_TRUE(extra_spec_matches("x", "<or> y <or> x"));
    EXPECT_FALSE(extra_spec_matches("z", "<or> y <or> x"));
    EXPECT_TRUE(extra_spec_matches("abc", "s== abc"));
    EXPECT_TRUE(extra_spec_matches("abd", "s> abc"));
    EXPECT_FALSE(extra_spec_matches("notanumber", ">= 2"));
}

TEST(Filters, UnknownNamesAreRefused) {
    Registry r;
    register_all(r);
    EXPECT_THROW(r.filters({"NoSuchFilter"}), std::invalid_argument);
    EXPECT_THROW(r.weighers({"NoSuchWeigher"}), std::invalid_argument);
}

TEST(Filters, ComputeFilterWantsAnUpEnabledService) {
    auto f = filter("ComputeFilter");
    FilterRequest req;
    auto h = host("a");
    EXPECT_TRUE(f->passes(h, req));
    node(h).service_disabled = true;
    EXPECT_FALSE(f->passes(h, req));
    node(h).service_disabled = false;
    node(h).service_up = false;
    EXPECT_FALSE(f->passes(h, req));
}

TEST(Filters, AvailabilityZoneFromAggregatesOrTheDefault) {
    auto f = filter("AvailabilityZoneFilter");
    FilterRequest req;
    req.availability_zone = "nova";
    auto h = host("a");
    EXPECT_TRUE(f->passes(h, req));
    node(h).aggregates = {{{"availability_zone", "az1"}}};
    EXPECT_FALSE(f->passes(h, req));
    req.availability_zone = "az1";
    EXPECT_TRUE(f->passes(h, req));
}

TEST(Filters, ImagePropertiesAgainstSupportedInstances) {
    auto f = filter("ImagePropertiesFilter");
    FilterRequest req;
    auto h = host("a");
    EXPECT_TRUE(f->passes(h, req));
    req.image_properties = {{"hw_architecture", "x86_64"}, {"img_hv_type", "fake"}};
    EXPECT_TRUE(f->passes(h, req));
    req.image_properties = {{"hw_architecture", "aarch64"}};
    EXPECT_FALSE(f->passes(h, req));
}

TEST(Filters, ServerGroupPolicies) {
    auto anti = filter("ServerGroupAntiAffinityFilter");
    auto aff = filter("ServerGroupAffinityFilter");
    FilterRequest req;
    req.group_hosts = {{"a", 1}};
    auto a = host("a");
    auto b = host("b");
    req.group_policy = "anti-affinity";
    EXPECT_FALSE(anti->passes(a, req));
    EXPECT_TRUE(anti->passes(b, req));
    req.max_server_per_host = 2;
    EXPECT_TRUE(anti->passes(a, req));
    req.group_policy = "affinity";
    EXPECT_TRUE(aff->passes(a, req));
    EXPECT_FALSE(aff->passes(b, req));
    req.group_hosts.clear();
    EXPECT_TRUE(aff->passes(b, req));  // the first member goes anywhere
}

TEST(Filters, AggregateInstanceExtraSpecs) {
    auto f = filter("AggregateInstanceExtraSpecsFilter");
    FilterRequest req;
    auto h = host("a");
    req.flavor.extra_specs = {{"aggregate_instance_extra_specs:ssd", "true"}};
    EXPECT_FALSE(f->passes(h, req));
    node(h).aggregates = {{{"ssd", "true"}}};
    EXPECT_TRUE(f->passes(h, req));
    req.flavor.extra_specs = {{"hw:cpu_policy", "dedicated"}};  // other scopes are not ours
    EXPECT_TRUE(f->passes(h, req));
}

TEST(Filters, ComputeCapabilities) {
    auto f = filter("ComputeCapabilitiesFilter");
    FilterRequest req;
    auto h = host("a");
    h.free_ram_mb = 4096;
    node(h).cpu_info = {{"arch", "x86_64"}};
    req.flavor.extra_specs = {{"capabilities:hypervisor_type", "s== fake"},
                              {"capabilities:free_ram_mb", ">= 2048"},
                              {"capabilities:cpu_info:arch", "x86_64"}};
    EXPECT_TRUE(f->passes(h, req));
    req.flavor.extra_specs = {{"capabilities:free_ram_mb", ">= 8192"}};
    EXPECT_FALSE(f->passes(h, req));
}

TEST(Weighers, RegisteredByNameWithMultipliers) {
    Registry r;
    register_all(r);
    auto ws =
        r.weighers({"RAMWeigher", "BuildFailureWeigher", "ServerGroupSoftAntiAffinityWeigher"});
    SchedulerOptions o;
    o.ram_weight_multiplier = -1.0;
    auto h = host("a");
    h.free_ram_mb = 100;
    node(h).failed_builds = 3;
    FilterRequest req;
    req.group_policy = "soft-anti-affinity";
    req.group_hosts = {{"a", 2}};
    EXPECT_EQ(ws[0]->multiplier(o), -1.0);
    EXPECT_EQ(ws[0]->weigh(h, req), 100);
    EXPECT_EQ(ws[1]->weigh(h, req), -3);
    EXPECT_EQ(ws[2]->weigh(h, req), -2);
}

TEST(PlacementJson, FlavorResourcesAndTraits) {
    Flavor f;
    f.vcpus = 2;
    f.memory_mb = 1024;
    f.root_gb = 10;
    f.swap = 512;
    f.extra_specs = {{"resources:VCPU", "0"},
                     {"resources:CUSTOM_GPU", "1"},
                     {"trait:HW_CPU_X86_AVX", "required"},
                     {"trait:CUSTOM_SLOW", "forbidden"}};
    auto r = flavor_resources(f);
    EXPECT_EQ(r.count("VCPU"), 0u);
    EXPECT_EQ(r.at("MEMORY_MB"), 1024);
    EXPECT_EQ(r.at("DISK_GB"), 11);
    EXPECT_EQ(r.at("CUSTOM_GPU"), 1);
    auto t = flavor_traits(f);
    std::sort(t.begin(), t.end());
    EXPECT_EQ(t, (std::vector<std::string>{"!CUSTOM_SLOW", "HW_CPU_X86_AVX"}));
    auto json = allocation_request_json({{"rp", {{"VCPU", 1}}}});
    EXPECT_EQ(allocation_map(json).at("rp").at("VCPU"), 1);
}

}  // namespace
}  // namespace onestack::compute::scheduler
