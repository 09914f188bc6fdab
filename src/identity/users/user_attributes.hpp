#pragma once
// How a user body maps onto the stored record, as Keystone's SQL model does
// it (identity/backends/sql_model.py User.from_dict): the known attributes
// go to their columns, `options` merge into the user's resource options
// (null removes one), and every other attribute is kept in `extra` and
// returned at the top level. Bodies are already schema-validated.
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "identity/db/records.hpp"

namespace onestack::identity::users {

// A new user from a create body: top-level keys normalized (':' and '-'
// become '_', as ks_flask does on create), name stripped, enabled by
// default. The caller sets id, domain_id and the password.
User user_from_create_body(const boost::json::object& body);

// Applies an update body to the stored user. id, domain_id and password are
// the caller's business (they need checks and hashing).
void apply_user_update(User& user, const boost::json::object& body);

// Merges option changes into a user's options: a null value removes it.
void merge_options(boost::json::object& options, const boost::json::object& changes);

// Python's str.strip() for the ASCII whitespace that names carry.
std::string strip(std::string_view s);

}  // namespace onestack::identity::users
