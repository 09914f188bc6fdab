#include "identity/api/role_assignment_view.hpp"

#include "identity/api/common.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;

json::object named(const std::string& id, const AssignmentNames::Named* n) {
    json::object out{{"id", id}};
    if (n) {
        out["name"] = n->name;
        out["domain"] = json::object{{"id", n->domain_id}, {"name", n->domain_name}};
    }
    return out;
}

}  // namespace

json::object role_assignment_view(const Request& req, const assignment::AssignmentRef& ref,
                                  const AssignmentNames* names) {
    json::object out;
    json::object links;
    json::object scope;
    std::string link;
    bool inherited = ref.inherited_to_projects;

    if (!ref.project_id.empty()) {
        scope["project"] = named(ref.project_id, names ? &names->project : nullptr);
        if (!ref.indirect.domain_id.empty()) {
            inherited = true;
            link = "/domains/" + ref.indirect.domain_id;
        } else if (!ref.indirect.project_id.empty()) {
            inherited = true;
            link = "/projects/" + ref.indirect.project_id;
        } else {
            link = "/projects/" + ref.project_id;
        }
    } else if (!ref.domain_id.empty()) {
        json::object domain{{"id", ref.domain_id}};
        if (names) {
            domain["name"] = names->domain_name;
        }
        scope["domain"] = std::move(domain);
        link = "/domains/" + ref.domain_id;
    } else if (ref.system) {
        scope["system"] = json::object{{"all", true}};
        link = "/system";
    }

    if (!ref.user_id.empty()) {
        out["user"] = named(ref.user_id, names ? &names->user : nullptr);
        if (!ref.indirect.group_id.empty()) {
            links["membership"] =
                url(req, "/v3/groups/" + ref.indirect.group_id + "/users/" + ref.user_id);
            link += "/groups/" + ref.indirect.group_id;
        } else {
            link += "/users/" + ref.user_id;
        }
    } else if (!ref.group_id.empty()) {
        out["group"] = named(ref.group_id, names ? &names->group : nullptr);
        link += "/groups/" + ref.group_id;
    }

    json::object role{{"id", ref.role_id}};
    if (names) {
        role["name"] = names->role.name;
        if (!names->role.domain_id.empty()) {
            role["domain"] =
                json::object{{"id", names->role.domain_id}, {"name", names->role.domain_name}};
        }
    }
    out["role"] = std::move(role);
    std::string prior_role_link;
    if (!ref.indirect.role_id.empty()) {
        link += "/roles/" + ref.indirect.role_id;
        // Keystone's own spelling: the implied role first, under /prior_role.
        prior_role_link = "/v3/prior_role/" + ref.role_id + "/implies/" + ref.indirect.role_id;
    } else {
        link += "/roles/" + ref.role_id;
    }

    if (inherited) {
        scope["OS-INHERIT:inherited_to"] = "projects";
        link = "/OS-INHERIT" + link + "/inherited_to_projects";
    }
    links["assignment"] = url(req, "/v3" + link);
    if (!prior_role_link.empty()) {
        links["prior_role"] = url(req, prior_role_link);
    }
    out["scope"] = std::move(scope);
    out["links"] = std::move(links);
    return out;
}

}  // namespace onestack::identity::api
