#include "identity/resource/projects.hpp"

#include <boost/json.hpp>

#include "common/api/fault.hpp"
#include "identity/db/domain_config_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/resource_cleanup_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"
#include "identity/resource/hierarchy.hpp"
#include "identity/resource/project_tags.hpp"
#include "identity/revoke/revocations.hpp"

namespace onestack::identity::resource {
namespace {

namespace json = boost::json;
using onestack::api::Fault;

// Attributes a project has as columns; anything else in a body is "extra".
bool is_column(std::string_view key) {
    for (auto k : {"id", "name", "domain_id", "description", "enabled", "parent_id", "is_domain",
                   "tags", "options"}) {
        if (key == k) {
            return true;
        }
    }
    return false;
}

// Manager._generate_project_name_conflict_msg (exception.Conflict, type 'project').
Fault name_conflict(const Project& p) {
    std::string details =
        p.is_domain ? "it is not permitted to have two projects acting as domains with the same "
                      "name: " +
                          p.name
                    : "it is not permitted to have two projects with either the same name or "
                      "same id in the same domain: name is " +
                          p.name + ", project id " + p.id;
    return Fault::conflict("Conflict occurred attempting to store project - " + details + ".");
}

bool name_taken(Conn& c, const Project& p) {
    auto other = p.is_domain ? db::get_domain_by_name(c, p.name)
                             : db::get_project_by_name(c, p.domain_id, p.name);
    return other && other->id != p.id;
}

// exception.ResourceUpdateForbidden / ResourceDeleteForbidden.
Fault immutable_fault(const char* verb, const Project& p) {
    return Fault::forbidden(std::string("Unable to ") + verb + " immutable " +
                            (p.is_domain ? "domain" : "project") + " resource: `" + p.id +
                            ". Set resource option \"immutable\" to false first.");
}

// _assert_regular_project_constraints and the rest of
// _enforce_project_constraints for a project that is not a domain.
void enforce_regular_constraints(Conn& c, const Project& p) {
    auto domain = db::get_domain(c, p.domain_id);
    if (!domain) {
        // The API turns DomainNotFound / ProjectNotFound into a 400 here.
        throw Fault::bad_request("Could not find domain: " + p.domain_id + ".");
    }
    auto parent = db::get_project(c, p.parent_id);
    if (!parent) {
        throw Fault::bad_request("Could not find project: " + p.parent_id + ".");
    }
    if (parent->is_domain && parent->id != domain->id) {
        throw Fault::bad_request("Cannot create project, the parent (" + parent->id +
                                 ") is acting as a domain, but this project's domain id (" +
                                 domain->id + ") does not match the parent's id.");
    }
    if (!parent->is_domain && parent->domain_id != domain->id) {
        throw Fault::bad_request("Cannot create project, since it specifies its domain_id " +
                                 domain->id + ", but specifies a parent in a different domain (" +
                                 parent->domain_id + ").");
    }
    // The whole branch above must be enabled, the parent checked last.
    auto branch = db::parents_of(c, *parent);
    branch.push_back(*parent);
    for (const auto& ancestor : branch) {
        if (!ancestor.enabled) {
            throw Fault::bad_request(
                "cannot create a project in a branch containing a disabled project: " +
                ancestor.id);
        }
    }
    if (!depth_allowed(branch.size())) {
        throw Fault::forbidden("Max hierarchy depth reached for " + parent->id + " branch.");
    }
}

void merge_options(boost::json::object& options, const json::object& patch) {
    for (const auto& [k, v] : patch) {
        if (v.is_null()) {
            options.erase(k);  // null resets an option
        } else {
            options[k] = v;
        }
    }
}

std::vector<std::string> strings_of(const json::value& v) {
    std::vector<std::string> out;
    for (const auto& item : v.as_array()) {
        out.emplace_back(item.as_string());
    }
    return out;
}

json::value domain_id_json(const Project& p) {
    return p.is_domain ? json::value(nullptr) : json::value(p.domain_id);
}

json::value parent_id_json(const Project& p) {
    return p.parent_id.empty() ? json::value(nullptr) : json::value(p.parent_id);
}

// Removes one project row and what refers to it; tokens scoped to it are
// revoked (revoke/core.py _project_callback on the project's deletion).
void remove(Identity& identity, Conn& c, const Project& p) {
    db::delete_project_references(c, p.id);
    db::delete_project(c, p.id);
    RevocationEvent event;
    if (p.is_domain) {
        event.domain_id = p.id;
    } else {
        event.project_id = p.id;
    }
    identity.revocations().record(c, event);
}

// _delete_project without cascade.
void delete_leaf(Identity& identity, Conn& c, const Project& p) {
    if (is_immutable(p)) {
        throw immutable_fault("delete", p);
    }
    if (!db::children_of(c, p.id).empty()) {
        throw Fault::forbidden("Cannot delete the project " + p.id +
                               " since it is not a leaf in the hierarchy. Use the cascade option "
                               "if you want to delete a whole subtree.");
    }
    remove(identity, c, p);
}

// _delete_domain_contents: every project of the domain, leaves first.
void delete_branch(Identity& identity, Conn& c, const Project& p,
                   const std::vector<Project>& in_domain, std::vector<std::string>& examined) {
    if (std::find(examined.begin(), examined.end(), p.id) != examined.end()) {
        return;  // a cycle; keystone logs and skips it too
    }
    examined.push_back(p.id);
    for (const auto& child : in_domain) {
        if (child.parent_id == p.id) {
            delete_branch(identity, c, child, in_domain, examined);
        }
    }
    delete_leaf(identity, c, p);
}

}  // namespace

bool is_immutable(const Project& p) {
    const auto* v = p.options.if_contains("immutable");
    return v && v->is_bool() && v->as_bool();
}

Project create_project(Conn& c, Project p) {
    p.name = strip(p.name);
    if (p.is_domain) {
        // _assert_is_domain_project_constraints
        if (!p.parent_id.empty()) {
            throw Fault::bad_request("only root projects are allowed to act as domains.");
        }
        p.domain_id.clear();
    } else {
        enforce_regular_constraints(c, p);
    }
    if (name_taken(c, p) || db::get_project(c, p.id)) {
        throw name_conflict(p);
    }
    try {
        db::insert_project(c, p);
    } catch (const onestack::db::ConstraintError&) {
        throw name_conflict(p);
    }
    return *db::get_project(c, p.id);
}

Project update_project(Conn& c, const Project& original, const json::object& body, bool as_domain) {
    json::object patch = body;
    if (as_domain) {
        // base.get_project_from_domain
        patch["is_domain"] = true;
        patch["domain_id"] = nullptr;
        patch["parent_id"] = nullptr;
    }
    if (const auto* d = patch.if_contains("domain_id"); d && *d != domain_id_json(original)) {
        throw Fault::bad_request("Cannot change Domain ID");
    }
    if (is_immutable(original)) {
        // check_immutable_update: only {"options": {"immutable": false|null}} passes.
        const auto* opts = patch.if_contains("options");
        const json::value* imm =
            opts && opts->is_object() ? opts->as_object().if_contains("immutable") : nullptr;
        bool unsetting = imm && (imm->is_null() || (imm->is_bool() && !imm->as_bool()));
        if (patch.size() > 1 || !unsetting) {
            throw immutable_fault("update", original);
        }
    }
    Project p = original;
    if (const auto* n = patch.if_contains("name"); n && n->as_string() != original.name) {
        p.name = strip(n->as_string());
    }
    if (const auto* parent = patch.if_contains("parent_id");
        parent && *parent != parent_id_json(original)) {
        throw Fault::forbidden("Update of `parent_id` is not allowed.");
    }
    if (const auto* d = patch.if_contains("is_domain"); d && d->as_bool() != original.is_domain) {
        throw Fault::bad_request("Update of `is_domain` is not allowed.");
    }
    // Keystone reads a missing "enabled" as true, so even a rename of a
    // disabled project checks that its parents are enabled.
    const auto* e = patch.if_contains("enabled");
    bool enabled = e ? e->as_bool() : true;
    if (!original.enabled && enabled) {
        for (const auto& parent : db::parents_of(c, original)) {
            if (!parent.enabled) {
                throw Fault::forbidden("Cannot enable project " + original.id +
                                       " since it has disabled parents");
            }
        }
    }
    if (original.enabled && !enabled && !original.is_domain) {
        // A domain may be disabled whatever its projects; a project only once
        // its whole subtree is disabled.
        for (const auto& child : db::subtree_of(c, original.id)) {
            if (child.enabled) {
                throw Fault::forbidden("Cannot disable project " + original.id +
                                       " since its subtree contains enabled projects.");
            }
        }
    }
    if (e) {
        p.enabled = enabled;
    }
    if (const auto* d = patch.if_contains("description")) {
        p.description = d->is_string() ? std::string(d->as_string()) : std::string();
    }
    if (const auto* t = patch.if_contains("tags")) {
        p.tags = strings_of(*t);
    }
    if (const auto* o = patch.if_contains("options")) {
        merge_options(p.options, o->as_object());
    }
    for (const auto& [k, v] : patch) {
        if (!is_column(k)) {
            p.extra[k] = v;
        }
    }
    if (name_taken(c, p)) {
        throw name_conflict(p);
    }
    try {
        db::update_project(c, p);
    } catch (const onestack::db::ConstraintError&) {
        throw name_conflict(p);
    }
    return *db::get_project(c, p.id);
}

void delete_project(Identity& identity, Conn& c, const Project& project) {
    if (project.is_domain) {
        delete_domain(identity, c, project);
        return;
    }
    delete_leaf(identity, c, project);
}

void delete_domain(Identity& identity, Conn& c, const Project& domain) {
    if (is_immutable(domain)) {
        throw immutable_fault("delete", domain);
    }
    // Insisting on a disabled domain avoids accidents, and a user cannot
    // delete their own domain with a token it backs (resource/core.py).
    if (domain.enabled) {
        throw Fault::forbidden("Cannot delete a domain that is enabled, please disable it first.");
    }
    db::ProjectFilter in_domain;
    in_domain.domain_id = domain.id;
    in_domain.is_domain = false;
    auto projects = db::list_projects(c, in_domain);
    std::vector<std::string> examined;
    for (const auto& p : projects) {
        if (p.parent_id == domain.id) {
            delete_branch(identity, c, p, projects, examined);
        }
    }
    // identity/core.py _domain_deleted: groups, then users (each user's
    // deletion revokes their tokens).
    for (const auto& g : db::list_groups(c, domain.id, std::nullopt)) {
        db::delete_group_and_references(c, g.id);
    }
    db::UserFilter users;
    users.domain_id = domain.id;
    for (const auto& u : db::list_users(c, users)) {
        db::delete_user_and_references(c, u.id);
        RevocationEvent event;
        event.user_id = u.id;
        identity.revocations().record(c, event);
    }
    // Roles defined in the domain have nothing left to be assigned on.
    for (const auto& r : db::list_roles(c, domain.id, std::nullopt)) {
        db::delete_role(c, r.id);
    }
    db::delete_domain_config(c, domain.id);
    remove(identity, c, domain);
}

}  // namespace onestack::identity::resource
