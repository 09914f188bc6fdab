#include "placement/ops/resource_classes.hpp"

#include <algorithm>

#include "common/util/time.hpp"
#include "placement/errors.hpp"

namespace onestack::placement::ops {

namespace {

NamedEntry plan_create(const Model& m, const std::string& name, Change& change) {
    NamedEntry entry{std::max(m.resource_classes.max_id() + 1, kFirstCustomResourceClassId), name,
                     util::now_unix(), 0};
    change.exec(
        "INSERT INTO resource_classes (id, name, created_at, updated_at) VALUES (:id, :n, :c, 0)",
        {std::int64_t{entry.id}, name, entry.created_at});
    change.then([entry](Model& model) { model.resource_classes.put(entry); });
    return entry;
}

const NamedEntry& require_class(const Model& m, const std::string& name) {
    const auto* rc = m.resource_classes.find(name);
    if (!rc) {
        throw errors::not_found("No such resource class " + name + ".");
    }
    return *rc;
}

}  // namespace

NamedEntry create_resource_class(Store& store, const std::string& name) {
    return store.write([&](const Model& m, Change& change) {
        if (m.resource_classes.find(name)) {
            throw errors::conflict("Conflicting resource class already exists: " + name);
        }
        return plan_create(m, name, change);
    });
}

bool ensure_resource_class(Store& store, const std::string& name) {
    return store.write([&](const Model& m, Change& change) {
        if (m.resource_classes.find(name)) {
            return false;
        }
        plan_create(m, name, change);
        return true;
    });
}

NamedEntry rename_resource_class(Store& store, const std::string& name,
                                 const std::string& new_name) {
    return store.write([&](const Model& m, Change& change) {
        NamedEntry entry = require_class(m, name);
        if (entry.id < kFirstCustomResourceClassId) {
            throw errors::bad_request("Cannot update standard resource class " + name);
        }
        if (new_name != name && m.resource_classes.find(new_name)) {
            throw errors::conflict("Resource class already exists: " + new_name);
        }
        entry.name = new_name;
        entry.updated_at = util::now_unix();
        change.exec("UPDATE resource_classes SET name = :n, updated_at = :u WHERE id = :id",
                    {new_name, entry.updated_at, std::int64_t{entry.id}});
        change.then([entry](Model& model) { model.resource_classes.put(entry); });
        return entry;
    });
}

void delete_resource_class(Store& store, const std::string& name) {
    store.write([&](const Model& m, Change& change) {
        const NamedEntry& rc = require_class(m, name);
        if (rc.id < kFirstCustomResourceClassId) {
            throw errors::bad_request(
                "Error in delete resource class: Cannot delete standard resource class " + name +
                ".");
        }
        for (const auto& [id, p] : m.providers) {
            if (p.inventory(rc.id)) {
                throw errors::conflict(
                    "Error in delete resource class: Cannot delete resource "
                    "class " +
                    name + ". Class is in use in inventory.");
            }
        }
        const int id = rc.id;
        change.exec("DELETE FROM resource_classes WHERE id = :id", {std::int64_t{id}});
        change.then([id](Model& model) { model.resource_classes.erase(id); });
    });
}

}  // namespace onestack::placement::ops
