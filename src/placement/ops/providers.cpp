#include "placement/ops/providers.hpp"

#include <algorithm>

#include "common/util/time.hpp"
#include "placement/errors.hpp"

namespace onestack::placement::ops {

namespace {

std::string action_failed(const std::string& action, const std::string& reason) {
    return "Object action " + action + " failed because: " + reason;
}

}  // namespace

ProviderView view_of(const Model& m, const Provider& p) {
    ProviderView v;
    v.id = p.id;
    v.uuid = p.uuid;
    v.name = p.name;
    v.generation = p.generation;
    if (const auto* parent = m.parent_uuid(p)) {
        v.parent_uuid = *parent;
    }
    v.root_uuid = m.root_uuid(p);
    v.created_at = p.created_at;
    v.updated_at = p.updated_at;
    return v;
}

const Provider& require_provider(const Model& m, const std::string& uuid) {
    const auto* p = m.provider(uuid);
    if (!p) {
        throw errors::not_found("No resource provider with uuid " + uuid + " found");
    }
    return *p;
}

ProviderView create_provider(Store& store, const NewProvider& req) {
    return store.write([&](const Model& m, Change& change) {
        auto unable = [&](const std::string& reason) {
            return errors::bad_request("Unable to create resource provider \"" + req.name + "\", " +
                                       req.uuid + ": " + action_failed("create", reason));
        };
        Provider p;
        p.id = m.next_provider_id;
        p.uuid = req.uuid;
        p.name = req.name;
        p.root_id = p.id;
        p.created_at = util::now_unix();
        if (req.parent_uuid) {
            if (*req.parent_uuid == req.uuid) {
                throw unable(
                    "parent provider UUID cannot be same as UUID. Please set parent provider "
                    "UUID to None if there is no parent.");
            }
            const auto* parent = m.provider(*req.parent_uuid);
            if (!parent) {
                throw unable("parent provider UUID does not exist.");
            }
            p.parent_id = parent->id;
            p.root_id = parent->root_id;
        }
        if (m.provider(req.uuid)) {
            throw errors::conflict(
                "Conflicting resource provider uuid: " + req.uuid + " already exists.",
                errors::kDuplicateName);
        }
        if (m.provider_by_name.count(req.name)) {
            throw errors::conflict(
                "Conflicting resource provider name: " + req.name + " already exists.",
                errors::kDuplicateName);
        }
        change.exec(
            "INSERT INTO resource_providers (id, uuid, name, generation, parent_provider_id,"
            " root_provider_id, created_at, updated_at) VALUES (:id, :uuid, :name, 0, :parent,"
            " :root, :created, 0)",
            {p.id, p.uuid, p.name,
             p.parent_id ? onestack::db::Value(p.parent_id) : onestack::db::null(), p.root_id,
             p.created_at});
        ProviderView view;
        view.id = p.id;
        view.uuid = p.uuid;
        view.name = p.name;
        view.parent_uuid = req.parent_uuid;
        view.root_uuid = p.parent_id ? m.provider(p.root_id)->uuid : p.uuid;
        view.created_at = p.created_at;
        change.then([p](Model& model) { model.add_provider(p); });
        return view;
    });
}

ProviderView update_provider(Store& store, const std::string& uuid, const ProviderUpdate& upd) {
    return store.write([&](const Model& m, Change& change) {
        const Provider& me = require_provider(m, uuid);
        auto unable = [&](const std::string& action, const std::string& reason) {
            return errors::bad_request("Unable to save resource provider " + uuid + ": " +
                                       action_failed(action, reason));
        };
        // placement/objects/resource_provider.py _update_in_db: the parent is
        // re-evaluated on every save (an absent field means "keep it").
        Id new_parent = me.parent_id;
        if (upd.parent_given) {
            if (upd.parent_uuid) {
                const auto* parent = m.provider(*upd.parent_uuid);
                if (!parent) {
                    throw unable("create", "parent provider UUID does not exist.");
                }
                if (me.parent_id && me.parent_id != parent->id && !upd.allow_reparenting) {
                    throw unable("update", "re-parenting a provider is not currently allowed.");
                }
                auto subtree = m.subtree(me.id);
                if (std::find(subtree.begin(), subtree.end(), parent->id) != subtree.end()) {
                    throw unable("update", "creating loop in the provider tree is not allowed.");
                }
                new_parent = parent->id;
            } else {
                if (me.parent_id && !upd.allow_reparenting) {
                    throw unable("update", "un-parenting a provider is not currently allowed.");
                }
                new_parent = 0;
            }
        }
        if (upd.name != me.name && m.provider_by_name.count(upd.name)) {
            throw errors::conflict("Conflicting resource provider " + upd.name + " already exists.",
                                   errors::kDuplicateName);
        }
        const Timestamp now = util::now_unix();
        const Id new_root = new_parent ? m.provider(new_parent)->root_id : me.id;
        const Id id = me.id;
        const bool reparent = new_parent != me.parent_id;
        std::vector<Id> subtree = reparent ? m.subtree(id) : std::vector<Id>{};
        change.exec(
            "UPDATE resource_providers SET name = :name, parent_provider_id = :parent,"
            " root_provider_id = :root, updated_at = :now WHERE id = :id",
            {upd.name, new_parent ? onestack::db::Value(new_parent) : onestack::db::null(),
             new_root, now, id});
        for (Id child : subtree) {
            if (child != id) {
                change.exec("UPDATE resource_providers SET root_provider_id = :root WHERE id = :id",
                            {new_root, child});
            }
        }
        change.then([=, name = upd.name](Model& model) {
            model.rename_provider(id, name);
            Provider* p = model.provider_mut(id);
            p->updated_at = now;
            if (reparent) {
                if (p->parent_id) {
                    std::erase(model.provider_mut(p->parent_id)->children, id);
                    --model.nested_providers;
                }
                p->parent_id = new_parent;
                if (new_parent) {
                    model.provider_mut(new_parent)->children.push_back(id);
                    ++model.nested_providers;
                }
                for (Id member : subtree) {
                    model.provider_mut(member)->root_id = new_root;
                }
            }
        });
        ProviderView view = view_of(m, me);
        view.name = upd.name;
        view.updated_at = now;
        view.parent_uuid.reset();
        if (new_parent) {
            view.parent_uuid = m.provider(new_parent)->uuid;
        }
        view.root_uuid = m.provider(new_root)->uuid;
        return view;
    });
}

void delete_provider(Store& store, const std::string& uuid) {
    store.write([&](const Model& m, Change& change) {
        const auto* p = m.provider(uuid);
        if (!p) {
            throw errors::not_found("No resource provider with uuid " + uuid + " found for delete");
        }
        if (!p->children.empty()) {
            throw errors::conflict("Unable to delete parent resource provider " + uuid +
                                       ": It has child resource providers.",
                                   errors::kProviderCannotDeleteParent);
        }
        if (!p->consumers.empty()) {
            throw errors::conflict("Unable to delete resource provider " + uuid +
                                       ": Resource provider has allocations.",
                                   errors::kProviderInUse);
        }
        const Id id = p->id;
        for (const char* sql :
             {"DELETE FROM inventories WHERE resource_provider_id = :id",
              "DELETE FROM resource_provider_aggregates WHERE resource_provider_id = :id",
              "DELETE FROM resource_provider_traits WHERE resource_provider_id = :id",
              "DELETE FROM resource_providers WHERE id = :id"}) {
            change.exec(sql, {id});
        }
        change.then([id](Model& model) { model.remove_provider(id); });
    });
}

}  // namespace onestack::placement::ops
