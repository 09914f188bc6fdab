#include "placement/api/views.hpp"

#include "placement/api/common.hpp"

namespace onestack::placement::api {

boost::json::object provider_json(const Request& req, const ops::ProviderView& p) {
    const auto url = provider_url(p.uuid);
    boost::json::array links{{{"rel", "self"}, {"href", url}}};
    std::vector<const char*> rels{"inventories", "usages"};
    if (at_least(req, 1)) {
        rels.push_back("aggregates");
    }
    if (at_least(req, 6)) {
        rels.push_back("traits");
    }
    if (at_least(req, 11)) {
        rels.push_back("allocations");
    }
    for (const char* rel : rels) {
        links.push_back({{"rel", rel}, {"href", url + "/" + rel}});
    }
    boost::json::object out{
        {"uuid", p.uuid}, {"name", p.name}, {"generation", p.generation}, {"links", links}};
    if (at_least(req, 14)) {
        out["parent_provider_uuid"] =
            p.parent_uuid ? boost::json::value(*p.parent_uuid) : boost::json::value(nullptr);
        out["root_provider_uuid"] = p.root_uuid;
    }
    return out;
}

boost::json::object inventory_json(const Inventory& inv, std::optional<std::int64_t> generation) {
    boost::json::object out{
        {"total", inv.total},         {"reserved", inv.reserved},
        {"min_unit", inv.min_unit},   {"max_unit", inv.max_unit},
        {"step_size", inv.step_size}, {"allocation_ratio", inv.allocation_ratio}};
    // `if generation:` upstream: a generation of 0 is left out.
    if (generation && *generation) {
        out["resource_provider_generation"] = *generation;
    }
    return out;
}

}  // namespace onestack::placement::api
