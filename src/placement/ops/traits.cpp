#include "placement/ops/traits.hpp"

#include <algorithm>
#include <set>

#include "common/util/time.hpp"
#include "placement/errors.hpp"
#include "placement/ops/generations.hpp"
#include "placement/ops/providers.hpp"

namespace onestack::placement::ops {

namespace {

// Replaces a provider's trait set; bumps its generation only when it changes.
std::int64_t plan_traits(const Model& m, const Provider& p, std::vector<int> wanted,
                         Change& change) {
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    if (wanted == p.traits) {
        return p.generation;
    }
    for (int t : p.traits) {
        if (!std::binary_search(wanted.begin(), wanted.end(), t)) {
            change.exec(
                "DELETE FROM resource_provider_traits WHERE resource_provider_id = :rp AND"
                " trait_id = :t",
                {p.id, std::int64_t{t}});
        }
    }
    for (int t : wanted) {
        if (!p.has_trait(t)) {
            change.exec(
                "INSERT INTO resource_provider_traits (resource_provider_id, trait_id)"
                " VALUES (:rp, :t)",
                {p.id, std::int64_t{t}});
        }
    }
    const Id id = p.id;
    change.then([id, wanted](Model& model) { model.provider_mut(id)->traits = wanted; });
    return GenerationBumps(m, change, util::now_unix()).bump(p.id);
}

}  // namespace

bool ensure_trait(Store& store, const std::string& name, Timestamp* created_at) {
    return store.write([&](const Model& m, Change& change) {
        if (const auto* t = m.traits.find(name)) {
            *created_at = t->created_at;
            return false;
        }
        NamedEntry entry{m.traits.max_id() + 1, name, util::now_unix(), 0};
        change.exec("INSERT INTO traits (id, name, created_at, updated_at) VALUES (:id, :n, :c, 0)",
                    {std::int64_t{entry.id}, name, entry.created_at});
        change.then([entry](Model& model) { model.traits.put(entry); });
        *created_at = entry.created_at;
        return true;
    });
}

void delete_trait(Store& store, const std::string& name) {
    store.write([&](const Model& m, Change& change) {
        const auto* t = m.traits.find(name);
        if (!t) {
            throw errors::not_found("No such trait(s): " + name + ".");
        }
        if (name.rfind("CUSTOM_", 0) != 0) {
            throw errors::bad_request("Cannot delete standard trait " + name + ".");
        }
        for (const auto& [id, p] : m.providers) {
            if (p.has_trait(t->id)) {
                throw errors::conflict("The trait " + name + " is in use by a resource provider.");
            }
        }
        const int id = t->id;
        change.exec("DELETE FROM traits WHERE id = :id", {std::int64_t{id}});
        change.then([id](Model& model) { model.traits.erase(id); });
    });
}

ProviderTraits set_provider_traits(Store& store, const std::string& uuid,
                                   std::int64_t expected_generation,
                                   const std::vector<std::string>& names) {
    return store.write([&](const Model& m, Change& change) {
        const Provider& p = require_provider(m, uuid);
        if (p.generation != expected_generation) {
            throw errors::conflict(
                "Resource provider's generation already changed. Please update the generation "
                "and try again.",
                errors::kConcurrentUpdate);
        }
        std::vector<int> ids;
        std::vector<std::string> missing;
        for (const auto& n : names) {
            if (auto id = m.traits.id(n)) {
                ids.push_back(*id);
            } else if (std::find(missing.begin(), missing.end(), n) == missing.end()) {
                missing.push_back(n);
            }
        }
        if (!missing.empty()) {
            std::string joined;
            for (const auto& n : missing) {
                joined += (joined.empty() ? "" : ", ") + n;
            }
            throw errors::bad_request("No such trait " + joined);
        }
        ProviderTraits out;
        out.generation = plan_traits(m, p, ids, change);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (int id : ids) {
            out.traits.push_back(m.traits.name(id));
        }
        return out;
    });
}

void delete_provider_traits(Store& store, const std::string& uuid) {
    store.write([&](const Model& m, Change& change) {
        plan_traits(m, require_provider(m, uuid), {}, change);
    });
}

}  // namespace onestack::placement::ops
