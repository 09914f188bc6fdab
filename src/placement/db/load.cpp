#include "placement/db/load.hpp"

#include <algorithm>

#include "placement/data/standard_names.hpp"

namespace onestack::placement::db {

namespace {

using onestack::db::Conn;

void load_names(Conn& c, const char* table, NameTable& out) {
    for (const auto& r :
         c.query(std::string("SELECT id, name, created_at, updated_at FROM ") + table)) {
        out.put({static_cast<int>(r.i64("id")), r.str("name"), r.i64("created_at"),
                 r.i64("updated_at")});
    }
}

void load_providers(Conn& c, Model& m) {
    std::map<Id, Provider> providers;
    for (const auto& r :
         c.query("SELECT id, uuid, name, generation, parent_provider_id, root_provider_id,"
                 " created_at, updated_at FROM resource_providers")) {
        Provider p;
        p.id = r.i64("id");
        p.uuid = r.str("uuid");
        p.name = r.str("name");
        p.generation = r.i64("generation");
        p.parent_id = r.i64("parent_provider_id");
        p.root_id = r.i64("root_provider_id");
        p.created_at = r.i64("created_at");
        p.updated_at = r.i64("updated_at");
        providers.emplace(p.id, std::move(p));
    }
    for (const auto& r :
         c.query("SELECT resource_provider_id, resource_class_id, total, reserved, min_unit,"
                 " max_unit, step_size, allocation_ratio, created_at, updated_at"
                 " FROM inventories")) {
        auto it = providers.find(r.i64("resource_provider_id"));
        if (it == providers.end()) {
            continue;
        }
        it->second.inventories.push_back(
            {static_cast<int>(r.i64("resource_class_id")), r.i64("total"), r.i64("reserved"),
             r.i64("min_unit"), r.i64("max_unit"), r.i64("step_size"), r.f64("allocation_ratio"),
             r.i64("created_at"), r.i64("updated_at")});
    }
    for (const auto& r :
         c.query("SELECT resource_provider_id, trait_id FROM resource_provider_traits")) {
        if (auto it = providers.find(r.i64("resource_provider_id")); it != providers.end()) {
            it->second.traits.push_back(static_cast<int>(r.i64("trait_id")));
        }
    }
    for (const auto& r : c.query("SELECT resource_provider_id, aggregate_id"
                                 " FROM resource_provider_aggregates ORDER BY position")) {
        if (auto it = providers.find(r.i64("resource_provider_id")); it != providers.end()) {
            it->second.aggregates.push_back(r.i64("aggregate_id"));
        }
    }
    for (auto& [id, p] : providers) {
        std::sort(p.inventories.begin(), p.inventories.end(),
                  [](const Inventory& a, const Inventory& b) {
                      return a.resource_class < b.resource_class;
                  });
        std::sort(p.traits.begin(), p.traits.end());
    }
    // Parents before children, so add_provider can link them.
    std::vector<Id> order;
    std::set<Id> placed;
    while (order.size() < providers.size()) {
        auto before = order.size();
        for (const auto& [id, p] : providers) {
            if (!placed.count(id) &&
                (p.parent_id == 0 || placed.count(p.parent_id) || !providers.count(p.parent_id))) {
                order.push_back(id);
                placed.insert(id);
            }
        }
        if (order.size() == before) {
            break;  // a cycle cannot be written through the API; stop rather than spin
        }
    }
    for (Id id : order) {
        m.add_provider(std::move(providers.at(id)));
    }
}

void load_consumers(Conn& c, Model& m) {
    for (const auto& r : c.query("SELECT id, uuid FROM placement_aggregates")) {
        m.add_aggregate(r.i64("id"), r.str("uuid"));
    }
    std::unordered_map<std::string, Consumer> consumers;
    for (const auto& r : c.query("SELECT id, uuid, project_id, user_id, consumer_type_id,"
                                 " generation, created_at, updated_at FROM consumers")) {
        Consumer k;
        k.id = r.i64("id");
        k.uuid = r.str("uuid");
        k.project_id = r.str("project_id");
        k.user_id = r.str("user_id");
        k.consumer_type = static_cast<int>(r.i64("consumer_type_id"));
        k.generation = r.i64("generation");
        k.created_at = r.i64("created_at");
        k.updated_at = r.i64("updated_at");
        consumers.emplace(k.uuid, std::move(k));
    }
    for (const auto& r :
         c.query("SELECT id, resource_provider_id, consumer_id, resource_class_id, used,"
                 " created_at, updated_at FROM allocations ORDER BY id")) {
        auto it = consumers.find(r.str("consumer_id"));
        if (it == consumers.end()) {
            continue;
        }
        it->second.allocations.push_back({r.i64("id"), r.i64("resource_provider_id"),
                                          static_cast<int>(r.i64("resource_class_id")),
                                          r.i64("used"), r.i64("created_at"), r.i64("updated_at")});
    }
    for (auto& [uuid, k] : consumers) {
        m.next_consumer_id = std::max(m.next_consumer_id, k.id + 1);
        m.replace_consumer(uuid, std::move(k));
    }
}

}  // namespace

Model load_model(onestack::db::Database& database) {
    return database.read([](Conn& c) {
        Model m;
        load_names(c, "resource_classes", m.resource_classes);
        load_names(c, "traits", m.traits);
        load_names(c, "consumer_types", m.consumer_types);
        load_providers(c, m);
        load_consumers(c, m);
        return m;
    });
}

int sync_standard_names(onestack::db::Database& database, Timestamp now) {
    return database.write([&](Conn& c) {
        int added = 0;
        std::set<std::string> classes;
        for (const auto& r : c.query("SELECT name FROM resource_classes")) {
            classes.insert(r.str("name"));
        }
        const auto& standard_rcs = data::standard_resource_classes();
        for (std::size_t i = 0; i < standard_rcs.size(); ++i) {
            if (!classes.count(std::string(standard_rcs[i]))) {
                c.exec(
                    "INSERT INTO resource_classes (id, name, created_at, updated_at)"
                    " VALUES (:id, :name, :c, :u)",
                    {static_cast<std::int64_t>(i), std::string(standard_rcs[i]), now, now});
                ++added;
            }
        }
        std::set<std::string> traits;
        std::int64_t next_id = 1;
        for (const auto& r : c.query("SELECT id, name FROM traits")) {
            traits.insert(r.str("name"));
            next_id = std::max(next_id, r.i64("id") + 1);
        }
        for (auto name : data::standard_traits()) {
            if (!traits.count(std::string(name))) {
                c.exec(
                    "INSERT INTO traits (id, name, created_at, updated_at)"
                    " VALUES (:id, :name, :c, :u)",
                    {next_id++, std::string(name), now, now});
                ++added;
            }
        }
        return added;
    });
}

}  // namespace onestack::placement::db
