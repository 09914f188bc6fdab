// GET /allocation_candidates (placement/handlers/allocation_candidate.py), mv 1.10+.
#include "placement/api/candidate_request.hpp"
#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/candidates/search.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

boost::json::array allocation_requests(const Request& req, const Model& m,
                                       const candidates::Result& result) {
    boost::json::array out;
    const bool dict_form = at_least(req, 12);
    const bool mappings = at_least(req, 34);
    for (const auto& areq : result.requests) {
        boost::json::object by_provider;
        std::vector<std::string> order;
        for (const auto& rr : areq.resources) {
            const auto& uuid = m.provider(rr.provider)->uuid;
            auto& entry = by_provider[uuid];
            if (!entry.is_object()) {
                entry = boost::json::object{};
                order.push_back(uuid);
            }
            entry.as_object()[m.resource_classes.name(rr.resource_class)] = rr.amount;
        }
        if (dict_form) {
            boost::json::object allocations;
            for (const auto& uuid : order) {
                allocations[uuid] = boost::json::object{{"resources", by_provider[uuid]}};
            }
            boost::json::object one{{"allocations", std::move(allocations)}};
            if (mappings) {
                boost::json::object maps;
                for (const auto& [suffix, providers] : areq.mappings) {
                    boost::json::array uuids;
                    for (Id id : providers) {
                        uuids.push_back(boost::json::value(m.provider(id)->uuid));
                    }
                    maps[suffix] = std::move(uuids);
                }
                one["mappings"] = std::move(maps);
            }
            out.push_back(std::move(one));
        } else {
            boost::json::array allocations;
            for (const auto& uuid : order) {
                allocations.push_back(
                    {{"resource_provider", {{"uuid", uuid}}}, {"resources", by_provider[uuid]}});
            }
            out.push_back(boost::json::object{{"allocations", std::move(allocations)}});
        }
    }
    return out;
}

boost::json::object provider_summaries(const Request& req, const Model& m,
                                       const candidates::Result& result,
                                       const std::set<std::string>& requested) {
    const bool traits = at_least(req, 17);
    const bool all_resources = at_least(req, 27);
    const bool nested = at_least(req, 29);
    boost::json::object out;
    for (Id id : result.summaries) {
        const Provider& p = *m.provider(id);
        boost::json::object resources;
        for (const auto& inv : p.inventories) {
            const auto& name = m.resource_classes.name(inv.resource_class);
            if (all_resources || requested.count(name)) {
                resources[name] = {{"capacity", inv.capacity()},
                                   {"used", p.used(inv.resource_class)}};
            }
        }
        boost::json::object summary{{"resources", std::move(resources)}};
        if (traits) {
            boost::json::array names;
            for (int t : p.traits) {
                names.push_back(boost::json::value(m.traits.name(t)));
            }
            summary["traits"] = std::move(names);
        }
        if (nested) {
            const auto* parent = m.parent_uuid(p);
            summary["parent_provider_uuid"] =
                parent ? boost::json::value(*parent) : boost::json::value(nullptr);
            summary["root_provider_uuid"] = m.root_uuid(p);
        }
        out[p.uuid] = std::move(summary);
    }
    return out;
}

Response list_candidates(Placement& placement, Request& req) {
    require_version(req, 10);
    check_accept_json(req);
    authorize(placement, req, "placement:allocation_candidates:list");
    validate_query(req, schemas::allocation_candidates(version(req).minor));
    auto query = parse_candidate_query(req);
    query.wide.randomize = placement.options().randomize_allocation_candidates;
    std::set<std::string> requested;
    for (const auto& g : query.groups) {
        for (const auto& [rc, amount] : g.resources) {
            requested.insert(rc);
        }
    }
    auto body = placement.store().read([&](const Model& m) {
        auto result = candidates::find_candidates(m, query.groups, query.wide);
        return boost::json::object{
            {"allocation_requests", allocation_requests(req, m, result)},
            {"provider_summaries", provider_summaries(req, m, result, requested)}};
    });
    auto res = json_response(200, body);
    set_last_modified(req, res, now());
    return res;
}

}  // namespace

void add_candidate_routes(Placement& placement, Router& r) {
    r.add(onestack::http::Verb::get, "/allocation_candidates", bind(placement, list_candidates));
}

}  // namespace onestack::placement::api
