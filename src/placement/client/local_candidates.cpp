#include "placement/client/local_candidates.hpp"

#include "placement/api/candidate_request.hpp"
#include "placement/api/common.hpp"
#include "placement/api/schemas.hpp"
#include "placement/candidates/search.hpp"
#include "placement/client/local_request.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::client {

namespace {

// The views of candidate_routes.cpp, as the client's structures.
void fill(const Model& m, const candidates::Result& result, const http::Request& req,
          const std::set<std::string>& requested, bool with_traits, Candidates& out) {
    out.allocation_requests.reserve(result.requests.size());
    for (const auto& areq : result.requests) {
        auto& map = out.allocation_requests.emplace_back();
        // A provider's amounts come together: one model lookup per provider
        // (the scheduler asks for 1,000 candidates of three classes each).
        Resources* resources = nullptr;
        Id provider = 0;
        for (const auto& rr : areq.resources) {
            if (resources == nullptr || rr.provider != provider) {
                provider = rr.provider;
                resources = &map[m.provider(provider)->uuid];
            }
            (*resources)[m.resource_classes.name(rr.resource_class)] = rr.amount;
        }
    }
    const bool traits = with_traits && api::at_least(req, 17);
    const bool all_resources = api::at_least(req, 27);
    out.summaries.reserve(result.summaries.size());
    for (Id id : result.summaries) {
        const Provider& p = *m.provider(id);
        auto& summary = out.summaries[p.uuid];
        for (const auto& inv : p.inventories) {
            const auto& name = m.resource_classes.name(inv.resource_class);
            if (all_resources || requested.count(name)) {
                summary[name] = {inv.capacity(), p.used(inv.resource_class)};
            }
        }
        if (traits) {
            auto& names = out.traits[p.uuid];
            names.reserve(p.traits.size());
            for (int t : p.traits) {
                names.push_back(m.traits.name(t));
            }
        }
    }
}

}  // namespace

Candidates local_allocation_candidates(Placement& placement, const std::string& query_string,
                                       const std::string& microversion, bool with_traits) {
    auto req = local_request(http::Verb::get, "/allocation_candidates", query_string, microversion);
    try {
        api::require_version(req, 10);
        api::validate_query(req, api::schemas::allocation_candidates(api::version(req).minor));
        auto query = api::parse_candidate_query(req);
        query.wide.randomize = placement.options().randomize_allocation_candidates;
        std::set<std::string> requested;
        for (const auto& g : query.groups) {
            for (const auto& [rc, amount] : g.resources) {
                requested.insert(rc);
            }
        }
        Candidates out;
        placement.store().read([&](const Model& m) {
            fill(m, candidates::find_candidates(m, query.groups, query.wide), req, requested,
                 with_traits, out);
        });
        return out;
    } catch (const api::Fault& f) {
        throw local_error(f, req);
    }
}

}  // namespace onestack::placement::client
