#include "placement/api/views.hpp"

#include "placement/api/common.hpp"

namespace onestack::placement::api {

boost::json::object provider_json(const Request& req, const ops::ProviderView& p,
                                  boost::json::storage_ptr sp) {
    const int minor = version(req).minor;
    const auto url = provider_url(p.uuid);
    boost::json::array links(sp);
    auto link = [&](std::string_view rel, std::string_view href) {
        boost::json::object one(sp);
        one.reserve(2);
        one.emplace("rel", rel);
        one.emplace("href", href);
        links.push_back(std::move(one));
    };
    links.reserve(6);
    link("self", url);
    link("inventories", url + "/inventories");
    link("usages", url + "/usages");
    if (minor >= 1) {
        link("aggregates", url + "/aggregates");
    }
    if (minor >= 6) {
        link("traits", url + "/traits");
    }
    if (minor >= 11) {
        link("allocations", url + "/allocations");
    }
    boost::json::object out(sp);
    out.reserve(6);
    out.emplace("uuid", p.uuid);
    out.emplace("name", p.name);
    out.emplace("generation", p.generation);
    out.emplace("links", std::move(links));
    if (minor >= 14) {
        out.emplace("parent_provider_uuid", p.parent_uuid ? boost::json::value(*p.parent_uuid, sp)
                                                          : boost::json::value(nullptr));
        out.emplace("root_provider_uuid", p.root_uuid);
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
