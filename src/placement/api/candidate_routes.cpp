// GET /allocation_candidates (placement/handlers/allocation_candidate.py), mv 1.10+.
#include <algorithm>
#include <iterator>

#include "placement/api/candidate_request.hpp"
#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/candidates/search.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

// Both views are built in one arena (sp): thousands of small objects.
boost::json::array allocation_requests(const Request& req, const Model& m,
                                       const candidates::Result& result,
                                       const boost::json::storage_ptr& sp) {
    boost::json::array out(sp);
    out.reserve(result.requests.size());
    const bool dict_form = at_least(req, 12);
    const bool mappings = at_least(req, 34);
    auto object = [&sp] { return boost::json::object(sp); };
    for (const auto& areq : result.requests) {
        // Each provider's resources, providers in first-seen order.
        std::vector<std::pair<const std::string*, boost::json::object>> by_provider;
        for (const auto& rr : areq.resources) {
            const auto& uuid = m.provider(rr.provider)->uuid;
            auto it = std::find_if(by_provider.begin(), by_provider.end(),
                                   [&](const auto& e) { return *e.first == uuid; });
            if (it == by_provider.end()) {
                by_provider.emplace_back(&uuid, object());
                it = std::prev(by_provider.end());
            }
            it->second[m.resource_classes.name(rr.resource_class)] = rr.amount;
        }
        if (dict_form) {
            auto allocations = object();
            allocations.reserve(by_provider.size());
            for (auto& [uuid, resources] : by_provider) {
                auto entry = object();
                entry.emplace("resources", std::move(resources));
                allocations.emplace(*uuid, std::move(entry));
            }
            auto one = object();
            one.emplace("allocations", std::move(allocations));
            if (mappings) {
                auto maps = object();
                for (const auto& [suffix, providers] : areq.mappings) {
                    boost::json::array uuids(sp);
                    for (Id id : providers) {
                        uuids.emplace_back(boost::json::string_view(m.provider(id)->uuid));
                    }
                    maps.emplace(suffix, std::move(uuids));
                }
                one.emplace("mappings", std::move(maps));
            }
            out.push_back(std::move(one));
        } else {
            boost::json::array allocations(sp);
            for (auto& [uuid, resources] : by_provider) {
                auto provider = object();
                provider.emplace("uuid", *uuid);
                auto entry = object();
                entry.emplace("resource_provider", std::move(provider));
                entry.emplace("resources", std::move(resources));
                allocations.push_back(std::move(entry));
            }
            auto one = object();
            one.emplace("allocations", std::move(allocations));
            out.push_back(std::move(one));
        }
    }
    return out;
}

boost::json::object provider_summaries(const Request& req, const Model& m,
                                       const candidates::Result& result,
                                       const std::set<std::string>& requested,
                                       const boost::json::storage_ptr& sp) {
    const bool traits = at_least(req, 17);
    const bool all_resources = at_least(req, 27);
    const bool nested = at_least(req, 29);
    boost::json::object out(sp);
    out.reserve(result.summaries.size());
    for (Id id : result.summaries) {
        const Provider& p = *m.provider(id);
        boost::json::object resources(sp);
        for (const auto& inv : p.inventories) {
            const auto& name = m.resource_classes.name(inv.resource_class);
            if (all_resources || requested.count(name)) {
                boost::json::object amounts(sp);
                amounts.reserve(2);
                amounts.emplace("capacity", inv.capacity());
                amounts.emplace("used", p.used(inv.resource_class));
                resources.emplace(name, std::move(amounts));
            }
        }
        boost::json::object summary(sp);
        summary.emplace("resources", std::move(resources));
        if (traits) {
            boost::json::array names(sp);
            names.reserve(p.traits.size());
            for (int t : p.traits) {
                names.emplace_back(boost::json::string_view(m.traits.name(t)));
            }
            summary.emplace("traits", std::move(names));
        }
        if (nested) {
            const auto* parent = m.parent_uuid(p);
            summary.emplace("parent_provider_uuid",
                            parent ? boost::json::value(*parent, sp) : boost::json::value(nullptr));
            summary.emplace("root_provider_uuid", m.root_uuid(p));
        }
        out.emplace(p.uuid, std::move(summary));
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
    boost::json::monotonic_resource arena;
    boost::json::storage_ptr sp(&arena);
    auto body = placement.store().read([&](const Model& m) {
        auto result = candidates::find_candidates(m, query.groups, query.wide);
        boost::json::object out(sp);
        out.emplace("allocation_requests", allocation_requests(req, m, result, sp));
        out.emplace("provider_summaries", provider_summaries(req, m, result, requested, sp));
        return out;
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
