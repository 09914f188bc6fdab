#pragma once
// SQL for domain-specific configuration (table domain_config): one row per
// option, values as JSON text, sensitive options flagged.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::identity::db {

using onestack::db::Conn;

struct DomainConfigRow {
    std::string group;
    std::string option;
    boost::json::value value;
    bool sensitive = false;
};

// Options of a domain, narrowed to a group and option when given ("" = any);
// `sensitive` picks the whitelisted (false) or sensitive (true) ones, or both.
std::vector<DomainConfigRow> list_domain_config(Conn& c, const std::string& domain_id,
                                                const std::string& group = {},
                                                const std::string& option = {},
                                                std::optional<bool> sensitive = std::nullopt);
// Replaces the whole configuration of a domain.
void replace_domain_config(Conn& c, const std::string& domain_id,
                           const std::vector<DomainConfigRow>& rows);
// Sets each option, leaving the others alone.
void upsert_domain_config(Conn& c, const std::string& domain_id,
                          const std::vector<DomainConfigRow>& rows);
void delete_domain_config(Conn& c, const std::string& domain_id, const std::string& group = {},
                          const std::string& option = {});

}  // namespace onestack::identity::db
