#include "identity/api/role_inference_views.hpp"

#include <map>

#include "identity/api/common.hpp"

namespace onestack::identity::api {

namespace json = boost::json;

json::object inference_role_ref(const Request& req, const Role& r) {
    return {{"id", r.id}, {"links", self_links(req, "/v3/roles/" + r.id)}, {"name", r.name}};
}

json::array role_inferences_view(const Request& req,
                                 const std::vector<std::pair<std::string, std::string>>& rules,
                                 const std::vector<Role>& roles) {
    std::map<std::string, const Role*> by_id;
    for (const auto& r : roles) {
        by_id[r.id] = &r;
    }
    std::vector<std::string> order;  // prior roles, first appearance first
    std::map<std::string, json::array> implies;
    for (const auto& [prior, implied] : rules) {
        auto p = by_id.find(prior);
        auto i = by_id.find(implied);
        if (p == by_id.end() || i == by_id.end()) {
            continue;  // the foreign keys make this unreachable
        }
        auto [it, fresh] = implies.try_emplace(prior);
        if (fresh) {
            order.push_back(prior);
        }
        it->second.push_back(inference_role_ref(req, *i->second));
    }
    json::array out;
    for (const auto& prior : order) {
        out.push_back(json::object{{"prior_role", inference_role_ref(req, *by_id.at(prior))},
                                   {"implies", std::move(implies.at(prior))}});
    }
    return out;
}

}  // namespace onestack::identity::api
