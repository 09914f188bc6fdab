#pragma once
// SQL for quota limits (nova's quotas and quota_classes tables) and the
// usage counts nova derives from instances (cores, ram, instances).
#include <cstdint>
#include <map>
#include <string>

#include "common/db/database.hpp"
#include "compute/api/options.hpp"

namespace onestack::compute::api::db {

using onestack::db::Conn;

// Resource names in nova's order (os-quota-sets).
const std::vector<std::string>& quota_resources();

// The "default" class: options, overridden by quota_classes rows.
std::map<std::string, int> default_limits(Conn& c, const QuotaDefaults& defaults);
// A quota class (os-quota-class-sets): the options overridden by that
// class's rows, with nova-network's four resources (-1 unless set).
std::map<std::string, int> class_limits(Conn& c, const QuotaDefaults& defaults,
                                        const std::string& class_name);
// A project's limits: its quotas rows over the defaults (user_id "" rows;
// with user_id, that user's rows over those).
std::map<std::string, int> project_limits(Conn& c, const QuotaDefaults& defaults,
                                          const std::string& project_id,
                                          const std::string& user_id = {});
void set_limit(Conn& c, const std::string& project_id, const std::string& user_id,
               const std::string& resource, int limit);
void set_class_limit(Conn& c, const std::string& class_name, const std::string& resource,
                     int limit);
void delete_limits(Conn& c, const std::string& project_id, const std::string& user_id);

struct Usage {
    std::int64_t instances = 0;
    std::int64_t cores = 0;
    std::int64_t ram = 0;
};
// Live (not deleted) instances of the project (and user, when given).
Usage instance_usage(Conn& c, const std::string& project_id, const std::string& user_id = {});

}  // namespace onestack::compute::api::db
