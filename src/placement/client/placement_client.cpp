#include "placement/client/placement_client.hpp"

#include "common/http/message.hpp"
#include "placement/client/local_allocations.hpp"
#include "placement/client/local_candidates.hpp"

namespace onestack::placement::client {

namespace {

constexpr const char* kConcurrentUpdate = "placement.concurrent_update";

ProviderInfo provider_from(const boost::json::object& o) {
    ProviderInfo p;
    p.uuid = std::string(o.at("uuid").as_string());
    p.name = std::string(o.at("name").as_string());
    p.generation = o.at("generation").as_int64();
    if (auto* parent = o.if_contains("parent_provider_uuid"); parent && parent->is_string()) {
        p.parent_uuid = std::string(parent->as_string());
    }
    if (auto* root = o.if_contains("root_provider_uuid"); root && root->is_string()) {
        p.root_uuid = std::string(root->as_string());
    }
    return p;
}

// The first error's code and detail of a placement error body.
std::pair<std::string, std::string> error_of(const http::ClientResponse& res) {
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    if (ec || !v.is_object()) {
        return {"", res.body};
    }
    auto* errors = v.as_object().if_contains("errors");
    if (!errors || !errors->is_array() || errors->as_array().empty()) {
        return {"", res.body};
    }
    const auto& e = errors->as_array()[0].as_object();
    std::string code, detail;
    if (auto* c = e.if_contains("code"); c && c->is_string()) {
        code = std::string(c->as_string());
    }
    if (auto* d = e.if_contains("detail"); d && d->is_string()) {
        detail = std::string(d->as_string());
    }
    return {code, detail};
}

boost::json::object allocations_json(const AllocationMap& allocations) {
    boost::json::object out;
    for (const auto& [rp, resources] : allocations) {
        boost::json::object res;
        for (const auto& [rc, amount] : resources) {
            res[rc] = amount;
        }
        out[rp] = boost::json::object{{"resources", std::move(res)}};
    }
    return out;
}

}  // namespace

PlacementError::PlacementError(unsigned s, std::string c, std::string d)
    : std::runtime_error("placement " + std::to_string(s) + (c.empty() ? "" : " " + c) + ": " + d),
      status(s),
      code(std::move(c)),
      detail(std::move(d)) {}

PlacementClient::PlacementClient(ClientOptions options)
    : options_(std::move(options)), http_(options_.timeout) {}

http::ClientResponse PlacementClient::call(http::Verb method, const std::string& path,
                                           const std::optional<boost::json::value>& body) {
    http::Headers headers;
    headers.set("OpenStack-API-Version", "placement " + options_.microversion);
    headers.set("Accept", "application/json");
    if (options_.token) {
        headers.set("X-Auth-Token", options_.token());
    }
    std::string payload;
    if (body) {
        headers.set("Content-Type", "application/json");
        payload = boost::json::serialize(*body);
    }
    return http_.request(method, options_.endpoint + path, headers, std::move(payload));
}

void PlacementClient::fail(const http::ClientResponse& res) {
    auto [code, detail] = error_of(res);
    throw PlacementError(res.status, code, detail);
}

std::optional<ProviderInfo> PlacementClient::get_provider(const std::string& uuid) {
    auto res = call(http::Verb::get, "/resource_providers/" + uuid);
    if (res.status == 404) {
        return std::nullopt;
    }
    if (res.status != 200) {
        fail(res);
    }
    return provider_from(res.json().as_object());
}

ProviderInfo PlacementClient::ensure_provider(const std::string& uuid, const std::string& name,
                                              const std::optional<std::string>& parent_uuid) {
    if (auto existing = get_provider(uuid)) {
        return *existing;
    }
    boost::json::object body{{"uuid", uuid}, {"name", name}};
    if (parent_uuid) {
        body["parent_provider_uuid"] = *parent_uuid;
    }
    auto res = call(http::Verb::post, "/resource_providers", boost::json::value(body));
    if (res.status == 200) {
        return provider_from(res.json().as_object());
    }
    if (res.status == 409) {
        // Someone else created it between our GET and POST.
        if (auto existing = get_provider(uuid)) {
            return *existing;
        }
    }
    fail(res);
}

std::vector<ProviderInfo> PlacementClient::list_providers(const std::string& query) {
    auto res = call(http::Verb::get, "/resource_providers" + (query.empty() ? "" : "?" + query));
    if (res.status != 200) {
        fail(res);
    }
    std::vector<ProviderInfo> out;
    const auto body = res.json();
    for (const auto& p : body.as_object().at("resource_providers").as_array()) {
        out.push_back(provider_from(p.as_object()));
    }
    return out;
}

void PlacementClient::delete_provider(const std::string& uuid) {
    auto res = call(http::Verb::delete_, "/resource_providers/" + uuid);
    if (res.status != 204 && res.status != 404) {
        fail(res);
    }
}

std::int64_t PlacementClient::with_generation(
    const std::string& uuid, const std::function<http::ClientResponse(std::int64_t)>& write) {
    for (int attempt = 0;; ++attempt) {
        auto provider = get_provider(uuid);
        if (!provider) {
            throw PlacementError(404, "", "No resource provider with uuid " + uuid + " found");
        }
        auto res = write(provider->generation);
        if (res.status == 200) {
            return res.json().as_object().at("resource_provider_generation").as_int64();
        }
        if (res.status == 409 && error_of(res).first == kConcurrentUpdate &&
            attempt < options_.conflict_retries) {
            continue;
        }
        fail(res);
    }
}

std::int64_t PlacementClient::set_inventories(
    const std::string& uuid, const std::map<std::string, InventoryRecord>& inventories) {
    boost::json::object invs;
    for (const auto& [rc, inv] : inventories) {
        invs[rc] = {{"total", inv.total},         {"reserved", inv.reserved},
                    {"min_unit", inv.min_unit},   {"max_unit", inv.max_unit},
                    {"step_size", inv.step_size}, {"allocation_ratio", inv.allocation_ratio}};
    }
    return with_generation(uuid, [&](std::int64_t generation) {
        return call(http::Verb::put, "/resource_providers/" + uuid + "/inventories",
                    boost::json::value{{"resource_provider_generation", generation},
                                       {"inventories", invs}});
    });
}

std::map<std::string, InventoryRecord> PlacementClient::get_inventories(const std::string& uuid) {
    auto res = call(http::Verb::get, "/resource_providers/" + uuid + "/inventories");
    if (res.status != 200) {
        fail(res);
    }
    std::map<std::string, InventoryRecord> out;
    const auto body = res.json();
    for (const auto& [rc, v] : body.as_object().at("inventories").as_object()) {
        const auto& o = v.as_object();
        InventoryRecord inv;
        inv.total = o.at("total").as_int64();
        inv.reserved = o.at("reserved").as_int64();
        inv.min_unit = o.at("min_unit").as_int64();
        inv.max_unit = o.at("max_unit").as_int64();
        inv.step_size = o.at("step_size").as_int64();
        inv.allocation_ratio = o.at("allocation_ratio").to_number<double>();
        out[std::string(rc)] = inv;
    }
    return out;
}

void PlacementClient::ensure_trait(const std::string& name) {
    auto res = call(http::Verb::put, "/traits/" + name);
    if (res.status != 201 && res.status != 204) {
        fail(res);
    }
}

void PlacementClient::ensure_resource_class(const std::string& name) {
    auto res = call(http::Verb::put, "/resource_classes/" + name);
    if (res.status != 201 && res.status != 204) {
        fail(res);
    }
}

std::int64_t PlacementClient::set_traits(const std::string& uuid,
                                         const std::vector<std::string>& traits) {
    boost::json::array names;
    for (const auto& t : traits) {
        if (t.rfind("CUSTOM_", 0) == 0) {
            ensure_trait(t);
        }
        names.push_back(boost::json::value(t));
    }
    return with_generation(uuid, [&](std::int64_t generation) {
        return call(
            http::Verb::put, "/resource_providers/" + uuid + "/traits",
            boost::json::value{{"resource_provider_generation", generation}, {"traits", names}});
    });
}

std::vector<std::string> PlacementClient::get_traits(const std::string& uuid) {
    auto res = call(http::Verb::get, "/resource_providers/" + uuid + "/traits");
    if (res.status != 200) {
        fail(res);
    }
    std::vector<std::string> out;
    const auto body = res.json();
    for (const auto& t : body.as_object().at("traits").as_array()) {
        out.emplace_back(t.as_string());
    }
    return out;
}

std::int64_t PlacementClient::set_aggregates(const std::string& uuid,
                                             const std::vector<std::string>& aggregates) {
    boost::json::array list;
    for (const auto& a : aggregates) {
        list.push_back(boost::json::value(a));
    }
    return with_generation(uuid, [&](std::int64_t generation) {
        return call(
            http::Verb::put, "/resource_providers/" + uuid + "/aggregates",
            boost::json::value{{"resource_provider_generation", generation}, {"aggregates", list}});
    });
}

Resources PlacementClient::provider_usages(const std::string& uuid) {
    auto res = call(http::Verb::get, "/resource_providers/" + uuid + "/usages");
    if (res.status != 200) {
        fail(res);
    }
    Resources out;
    const auto body = res.json();
    for (const auto& [rc, used] : body.as_object().at("usages").as_object()) {
        out[std::string(rc)] = used.as_int64();
    }
    return out;
}

std::string candidate_query_string(const CandidateQuery& q) {
    std::string query;
    auto add = [&](const std::string& key, const std::string& value) {
        query += (query.empty() ? "" : "&") + key + "=" + http::percent_encode(value);
    };
    std::string resources;
    for (const auto& [rc, amount] : q.resources) {
        resources += (resources.empty() ? "" : ",") + rc + ":" + std::to_string(amount);
    }
    if (!resources.empty()) {
        add("resources", resources);
    }
    if (!q.required.empty()) {
        std::string required;
        for (const auto& t : q.required) {
            required += (required.empty() ? "" : ",") + t;
        }
        add("required", required);
    }
    for (const auto& m : q.member_of) {
        add("member_of", m);
    }
    if (q.in_tree) {
        add("in_tree", *q.in_tree);
    }
    if (q.limit) {
        add("limit", std::to_string(*q.limit));
    }
    for (const auto& [k, v] : q.extra) {
        add(k, v);
    }
    return query;
}

Candidates PlacementClient::allocation_candidates(const CandidateQuery& q) {
    auto query = candidate_query_string(q);
    if (options_.local != nullptr) {
        return local_allocation_candidates(*options_.local, query, options_.microversion,
                                           q.with_traits);
    }
    auto res = call(http::Verb::get, "/allocation_candidates" + (query.empty() ? "" : "?" + query));
    if (res.status != 200) {
        fail(res);
    }
    Candidates out;
    const auto doc = res.json();
    const auto& raw = doc.as_object();
    for (const auto& areq : raw.at("allocation_requests").as_array()) {
        AllocationMap map;
        for (const auto& [rp, body] : areq.as_object().at("allocations").as_object()) {
            for (const auto& [rc, amount] : body.as_object().at("resources").as_object()) {
                map[std::string(rp)][std::string(rc)] = amount.as_int64();
            }
        }
        out.allocation_requests.push_back(std::move(map));
    }
    for (const auto& [rp, summary] : raw.at("provider_summaries").as_object()) {
        const auto& s = summary.as_object();
        for (const auto& [rc, r] : s.at("resources").as_object()) {
            out.summaries[std::string(rp)][std::string(rc)] = {
                r.as_object().at("capacity").as_int64(), r.as_object().at("used").as_int64()};
        }
        if (auto* traits = s.if_contains("traits"); traits && q.with_traits) {
            auto& list = out.traits[std::string(rp)];
            for (const auto& t : traits->as_array()) {
                list.emplace_back(t.as_string());
            }
        }
    }
    return out;
}

ConsumerAllocations PlacementClient::get_allocations(const std::string& consumer) {
    if (options_.local != nullptr) {
        return local_get_allocations(*options_.local, consumer);
    }
    auto res = call(http::Verb::get, "/allocations/" + consumer);
    if (res.status != 200) {
        fail(res);
    }
    ConsumerAllocations out;
    const auto body = res.json();
    const auto& o = body.as_object();
    for (const auto& [rp, body] : o.at("allocations").as_object()) {
        for (const auto& [rc, amount] : body.as_object().at("resources").as_object()) {
            out.allocations[std::string(rp)][std::string(rc)] = amount.as_int64();
        }
    }
    if (auto* g = o.if_contains("consumer_generation"); g && g->is_int64()) {
        out.consumer_generation = g->as_int64();
    }
    auto str = [&](const char* key) {
        auto* v = o.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    out.project_id = str("project_id");
    out.user_id = str("user_id");
    out.consumer_type = str("consumer_type");
    return out;
}

void PlacementClient::put_allocations(const std::string& consumer, const AllocationMap& allocations,
                                      const std::string& project_id, const std::string& user_id,
                                      const std::string& consumer_type,
                                      std::optional<std::int64_t> generation) {
    if (options_.local != nullptr) {
        local_put_allocations(*options_.local, consumer, allocations, project_id, user_id,
                              consumer_type, generation, options_.microversion);
        return;
    }
    boost::json::object body{{"allocations", allocations_json(allocations)},
                             {"project_id", project_id},
                             {"user_id", user_id},
                             {"consumer_type", consumer_type}};
    body["consumer_generation"] =
        generation ? boost::json::value(*generation) : boost::json::value(nullptr);
    auto res = call(http::Verb::put, "/allocations/" + consumer, boost::json::value(body));
    if (res.status != 204) {
        fail(res);
    }
}

bool PlacementClient::claim(const std::string& consumer, const AllocationMap& allocations,
                            const std::string& project_id, const std::string& user_id,
                            const std::string& consumer_type) {
    std::optional<std::int64_t> generation;  // a new consumer first
    for (int attempt = 0;; ++attempt) {
        try {
            put_allocations(consumer, allocations, project_id, user_id, consumer_type, generation);
            return true;
        } catch (const PlacementError& e) {
            if (e.status != 409) {
                throw;
            }
            if (e.code != kConcurrentUpdate) {
                return false;  // no room: the scheduler tries its next alternate
            }
            // The consumer changed under us: look again, maybe it already
            // holds exactly this claim (a retried request that had landed).
            auto current = get_allocations(consumer);
            if (current.allocations == allocations) {
                return true;
            }
            if (attempt >= options_.conflict_retries) {
                throw;
            }
            generation = current.consumer_generation;
        }
    }
}

bool PlacementClient::delete_allocations(const std::string& consumer) {
    if (options_.local != nullptr) {
        return local_delete_allocations(*options_.local, consumer, options_.microversion);
    }
    auto res = call(http::Verb::delete_, "/allocations/" + consumer);
    if (res.status == 404) {
        return false;
    }
    if (res.status != 204) {
        fail(res);
    }
    return true;
}

}  // namespace onestack::placement::client
