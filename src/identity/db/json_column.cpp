#include "identity/db/json_column.hpp"

#include <boost/json.hpp>

namespace onestack::identity::db {

boost::json::object parse_object(const std::string& text) {
    if (text.empty()) {
        return {};
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) {
        return {};
    }
    return v.as_object();
}

std::string dump(const boost::json::object& obj) {
    return boost::json::serialize(obj);
}

}  // namespace onestack::identity::db
