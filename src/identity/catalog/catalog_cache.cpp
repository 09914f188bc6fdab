#include "identity/catalog/catalog_cache.hpp"

#include <boost/json.hpp>
#include <map>
#include <set>

#include "identity/db/catalog_store.hpp"
#include "identity/db/json_column.hpp"
#include "identity/identity.hpp"

namespace onestack::identity {
namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
        s.replace(pos, from.size(), to);
    }
}

std::string substitute(std::string url, const std::string& project_id) {
    if (project_id.empty()) {
        return url;
    }
    for (auto key : {"$(project_id)s", "%(project_id)s", "$(tenant_id)s", "%(tenant_id)s"}) {
        replace_all(url, key, project_id);
    }
    return url;
}

bool needs_project(const std::string& url) {
    return url.find("project_id)s") != std::string::npos ||
           url.find("tenant_id)s") != std::string::npos;
}

}  // namespace

bool endpoint_group_selects(const Endpoint& e, const boost::json::object& filters) {
    // keystone compares endpoint[key] with the value: one of another JSON
    // type never matches, a null matches only an endpoint without region.
    for (const auto& [key, value] : filters) {
        const std::string* have = key == "service_id"  ? &e.service_id
                                  : key == "region_id" ? &e.region_id
                                  : key == "interface" ? &e.interface
                                                       : nullptr;
        if (have == nullptr) {
            return false;
        }
        if (value.is_null() ? !have->empty()
                            : (!value.is_string() || have->empty() || value.as_string() != *have)) {
            return false;
        }
    }
    return true;
}

struct CatalogCache::Snapshot {
    std::vector<Service> services;
    std::vector<Endpoint> endpoints;
    std::mutex mu;
    std::map<std::string, std::vector<std::string>> filters;  // project -> endpoint ids
};

std::vector<std::string> project_endpoint_filter(onestack::db::Conn& c,
                                                 const std::string& project_id) {
    std::set<std::string> ids;
    for (const auto& r :
         c.query("SELECT endpoint_id FROM project_endpoint WHERE project_id = :p", {project_id})) {
        ids.insert(r.str("endpoint_id"));
    }
    auto groups = c.query(
        "SELECT g.filters FROM endpoint_group g JOIN project_endpoint_group pg"
        " ON pg.endpoint_group_id = g.id WHERE pg.project_id = :p",
        {project_id});
    if (!groups.empty()) {
        auto endpoints = db::list_endpoints(c);
        for (const auto& g : groups) {
            auto filters = db::parse_object(g.str("filters"));
            for (const auto& e : endpoints) {
                if (endpoint_group_selects(e, filters)) {
                    ids.insert(e.id);
                }
            }
        }
    }
    return {ids.begin(), ids.end()};
}

std::shared_ptr<CatalogCache::Snapshot> CatalogCache::snapshot() {
    std::lock_guard lock(mu_);
    auto gen = identity_.generation();
    if (!snapshot_ || generation_ != gen) {
        auto snap = std::make_shared<Snapshot>();
        identity_.db().read([&](onestack::db::Conn& c) {
            snap->services = db::list_services(c);
            snap->endpoints = db::list_endpoints(c);
        });
        snapshot_ = std::move(snap);
        generation_ = gen;
    }
    return snapshot_;
}

boost::json::array CatalogCache::catalog_for(const std::string& project_id) {
    auto snap = snapshot();
    std::vector<std::string> allowed;
    if (!project_id.empty()) {
        std::lock_guard lock(snap->mu);
        auto it = snap->filters.find(project_id);
        if (it == snap->filters.end()) {
            auto ids = identity_.db().read(
                [&](onestack::db::Conn& c) { return project_endpoint_filter(c, project_id); });
            it = snap->filters.emplace(project_id, std::move(ids)).first;
        }
        allowed = it->second;
    }
    std::set<std::string> allowed_set(allowed.begin(), allowed.end());
    boost::json::array catalog;
    for (const auto& svc : snap->services) {
        if (!svc.enabled) {
            continue;
        }
        boost::json::array endpoints;
        for (const auto& e : snap->endpoints) {
            if (e.service_id != svc.id || !e.enabled) {
                continue;
            }
            if (!allowed_set.empty() && allowed_set.count(e.id) == 0) {
                continue;
            }
            if (project_id.empty() && needs_project(e.url)) {
                continue;  // Keystone omits endpoints it cannot complete
            }
            boost::json::object ep{
                {"id", e.id},
                {"interface", e.interface},
                {"region_id", e.region_id.empty() ? boost::json::value(nullptr)
                                                  : boost::json::value(e.region_id)},
                {"url", substitute(e.url, project_id)},
                {"region", e.region_id.empty() ? boost::json::value(nullptr)
                                               : boost::json::value(e.region_id)}};
            endpoints.push_back(std::move(ep));
        }
        if (!allowed_set.empty() && endpoints.empty()) {
            continue;  // keystone drops services a filter leaves empty
        }
        auto name_it = svc.extra.find("name");
        catalog.push_back(
            {{"endpoints", std::move(endpoints)},
             {"id", svc.id},
             {"type", svc.type},
             {"name", name_it != svc.extra.end() ? name_it->value() : boost::json::value("")}});
    }
    return catalog;
}

}  // namespace onestack::identity
