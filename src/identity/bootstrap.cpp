#include "identity/bootstrap.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "common/crypto/password.hpp"
#include "common/util/ids.hpp"
#include "common/util/time.hpp"
#include "identity/db/catalog_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity {
namespace {

using onestack::db::Conn;

Project ensure_domain(Conn& c, const std::string& id, const std::string& name) {
    if (auto d = db::get_domain(c, id)) {
        return *d;
    }
    Project d;
    d.id = id;
    d.name = name;
    d.is_domain = true;
    d.description = "The default domain";
    db::insert_project(c, d);
    return d;
}

Project ensure_project(Conn& c, const std::string& domain_id, const std::string& name) {
    if (auto p = db::get_project_by_name(c, domain_id, name)) {
        return *p;
    }
    Project p;
    p.id = util::uuid_hex();
    p.name = name;
    p.domain_id = domain_id;
    p.parent_id = domain_id;
    p.description = "Bootstrap project for initializing the cloud.";
    db::insert_project(c, p);
    return p;
}

Role ensure_role(Conn& c, const std::string& name) {
    if (auto r = db::get_role_by_name(c, name, "")) {
        return *r;
    }
    Role r;
    r.id = util::uuid_hex();
    r.name = name;
    db::insert_role(c, r);
    return r;
}

void ensure_implied(Conn& c, const Role& prior, const Role& implied) {
    for (const auto& [p, i] : db::list_implied_roles(c)) {
        if (p == prior.id && i == implied.id) {
            return;
        }
    }
    db::add_implied_role(c, prior.id, implied.id);
}

void ensure_catalog(Conn& c, const std::string& region, const CatalogEntry& entry) {
    std::string service_id;
    for (const auto& s : db::list_services(c)) {
        if (s.type == entry.type) {
            service_id = s.id;
            break;
        }
    }
    if (service_id.empty()) {
        Service s;
        s.id = util::uuid_hex();
        s.type = entry.type;
        s.extra = {{"name", entry.name}};
        db::insert_service(c, s);
        service_id = s.id;
    }
    auto endpoints = db::list_endpoints(c);
    for (const char* interface : {"public", "internal", "admin"}) {
        bool found = false;
        for (auto& e : endpoints) {
            if (e.service_id == service_id && e.interface == interface && e.region_id == region) {
                found = true;
                if (e.url != entry.url) {
                    e.url = entry.url;
                    db::update_endpoint(c, e);
                }
            }
        }
        if (!found) {
            Endpoint e;
            e.id = util::uuid_hex();
            e.service_id = service_id;
            e.interface = interface;
            e.url = entry.url;
            e.region_id = region;
            db::insert_endpoint(c, e);
        }
    }
}

}  // namespace

bool bootstrap(Identity& identity, const BootstrapOptions& o) {
    bool created_admin = false;
    identity.db().write([&](Conn& c) {
        created_admin = false;
        auto domain = ensure_domain(c, identity.options().default_domain_id, "Default");
        auto admin_project = ensure_project(c, domain.id, o.admin_project);
        ensure_project(c, domain.id, o.service_project);
        auto admin = ensure_role(c, "admin");
        auto member = ensure_role(c, "member");
        auto reader = ensure_role(c, "reader");
        ensure_implied(c, admin, member);
        ensure_implied(c, member, reader);

        auto user = db::get_user_by_name(c, domain.id, o.admin_username);
        if (!user) {
            if (o.admin_password.empty()) {
                throw std::runtime_error("bootstrap: a password is needed to create user " +
                                         o.admin_username);
            }
            User u;
            u.id = util::uuid_hex();
            u.name = o.admin_username;
            u.domain_id = domain.id;
            u.password_hash =
                crypto::hash_password(o.admin_password, identity.options().password_hash_rounds);
            u.password_created_at = util::iso8601_micros(util::now_unix_micros());
            u.created_at = u.password_created_at;
            db::insert_user(c, u);
            user = u;
            created_admin = true;
        } else if (!o.admin_password.empty() &&
                   !crypto::verify_password(o.admin_password, user->password_hash)) {
            user->password_hash =
                crypto::hash_password(o.admin_password, identity.options().password_hash_rounds);
            db::update_user(c, *user);
            // A recovery tool: as Keystone's update_user, it ends a lockout.
            db::reset_failed_auth(c, user->id);
        }
        db::add_assignment(
            c, {assignment_type::kUserProject, user->id, admin_project.id, admin.id, false});
        db::add_assignment(c, {assignment_type::kUserSystem, user->id, "system", admin.id, false});

        if (!db::get_region(c, o.region)) {
            db::insert_region(c, {o.region, "", "", {}});
        }
        for (const auto& entry : o.services) {
            ensure_catalog(c, o.region, entry);
        }
    });
    identity.changed();
    if (created_admin) {
        spdlog::info("identity: bootstrapped user {} with the admin role", o.admin_username);
    }
    return created_admin;
}

}  // namespace onestack::identity
