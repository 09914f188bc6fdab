#include "placement/client/local_candidates.hpp"

#include "common/api/fault.hpp"
#include "common/api/fault_format.hpp"
#include "common/util/ids.hpp"
#include "placement/api/candidate_request.hpp"
#include "placement/api/common.hpp"
#include "placement/api/error_body.hpp"
#include "placement/api/schemas.hpp"
#include "placement/candidates/search.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::client {

namespace {

// The views of candidate_routes.cpp, as the client's structures.
void fill(const Model& m, const candidates::Result& result, const http::Request& req,
          const std::set<std::string>& requested, bool with_traits, Candidates& out) {
    out.allocation_requests.reserve(result.requests.size());
    for (const auto& areq : result.requests) {
        AllocationMap map;
        for (const auto& rr : areq.resources) {
            map[m.provider(rr.provider)->uuid][m.resource_classes.name(rr.resource_class)] =
                rr.amount;
        }
        out.allocation_requests.push_back(std::move(map));
    }
    const bool traits = with_traits && api::at_least(req, 17);
    const bool all_resources = api::at_least(req, 27);
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

PlacementError error_from_body(unsigned status, const std::string& body) {
    std::string code, detail = body;
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (!ec && v.is_object()) {
        if (const auto* errors = v.get_object().if_contains("errors");
            errors != nullptr && errors->is_array() && !errors->get_array().empty() &&
            errors->get_array()[0].is_object()) {
            const auto& e = errors->get_array()[0].get_object();
            if (const auto* c = e.if_contains("code"); c != nullptr && c->is_string()) {
                code = std::string(c->get_string());
            }
            if (const auto* d = e.if_contains("detail"); d != nullptr && d->is_string()) {
                detail = std::string(d->get_string());
            }
        }
    }
    return PlacementError(status, code, detail);
}

}  // namespace

Candidates local_allocation_candidates(Placement& placement, const std::string& query_string,
                                       const std::string& microversion, bool with_traits) {
    http::Request req;
    req.method = http::Verb::get;
    req.path = "/allocation_candidates";
    req.query_string = query_string;
    req.target = req.path + (query_string.empty() ? "" : "?" + query_string);
    req.headers.set("OpenStack-API-Version", "placement " + microversion);
    req.ctx.request_id = util::request_id();  // the negotiated version is cached per id
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
        // The error body the HTTP handler would send, read as the client reads it.
        req.headers.set("Accept", "application/json");
        auto res = onestack::api::render_fault(onestack::api::FaultFormat::Placement, f,
                                               req.ctx.request_id, "application/json");
        std::optional<onestack::api::Version> version;
        try {
            version = api::version(req);
        } catch (const api::Fault&) {
            // an unusable microversion: the body says so without one
        }
        api::finish_error_body(&req, version, res);
        throw error_from_body(res.status, res.body);
    }
}

}  // namespace onestack::placement::client
