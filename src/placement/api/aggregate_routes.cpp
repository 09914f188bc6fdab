// /resource_providers/{uuid}/aggregates (placement/handlers/aggregate.py).
#include "placement/api/common.hpp"
#include "placement/api/routes.hpp"
#include "placement/api/schemas.hpp"
#include "placement/ops/aggregates.hpp"
#include "placement/ops/providers.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::api {

namespace {

// mv 1.19 added the generation to the body and the conflict check.
constexpr int kGenerationVersion = 19;

Response send_aggregates(const Request& req, boost::json::array aggregates,
                         std::int64_t generation) {
    boost::json::object body{{"aggregates", std::move(aggregates)}};
    if (at_least(req, kGenerationVersion)) {
        body["resource_provider_generation"] = generation;
    }
    auto res = json_response(200, body);
    set_last_modified(req, res, now());
    return res;
}

Response get_aggregates(Placement& placement, Request& req) {
    check_accept_json(req);
    require_version(req, 1);
    authorize(placement, req, "placement:resource_providers:aggregates:list");
    boost::json::array aggs;
    std::int64_t generation = 0;
    placement.store().read([&](const Model& m) {
        const Provider& p = ops::require_provider(m, path_param(req, "uuid"));
        for (Id agg : p.aggregates) {
            aggs.push_back(boost::json::value(m.aggregate_uuid.at(agg)));
        }
        generation = p.generation;
    });
    return send_aggregates(req, std::move(aggs), generation);
}

Response set_aggregates(Placement& placement, Request& req) {
    require_json_content(req);
    require_version(req, 1);
    authorize(placement, req, "placement:resource_providers:aggregates:update");
    const bool with_generation = at_least(req, kGenerationVersion);
    const auto& uuid = path_param(req, "uuid");
    placement.store().read([&](const Model& m) { ops::require_provider(m, uuid); });
    auto data = extract_json(req, schemas::put_aggregates(with_generation));
    boost::json::array list;
    std::optional<std::int64_t> expected;
    if (with_generation) {
        list = data.as_object().at("aggregates").as_array();
        expected = data.as_object().at("resource_provider_generation").as_int64();
    } else {
        list = data.as_array();
    }
    std::vector<std::string> uuids;
    for (const auto& v : list) {
        uuids.emplace_back(v.as_string());
    }
    auto generation = ops::set_provider_aggregates(placement.store(), uuid, expected, uuids);
    return send_aggregates(req, std::move(list), generation);
}

}  // namespace

void add_aggregate_routes(Placement& placement, Router& r) {
    using onestack::http::Verb;
    r.add(Verb::get, "/resource_providers/{uuid}/aggregates", bind(placement, get_aggregates));
    r.add(Verb::put, "/resource_providers/{uuid}/aggregates", bind(placement, set_aggregates));
}

}  // namespace onestack::placement::api
