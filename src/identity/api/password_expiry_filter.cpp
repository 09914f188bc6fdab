#include "identity/api/password_expiry_filter.hpp"

#include <array>
#include <utility>

#include "common/api/fault.hpp"
#include "common/util/time.hpp"

namespace onestack::identity::api {

PasswordExpiryFilter parse_password_expiry_filter(std::string_view value) {
    using Op = PasswordExpiryFilter::Op;
    // As Keystone: an operator is present when ':' is among characters 2-3;
    // the value is then split at its first ':'.
    std::string_view op_name = "eq";
    std::string_view timestamp = value;
    if (value.size() > 2 && value.substr(2, 2).find(':') != std::string_view::npos) {
        auto colon = value.find(':');
        op_name = value.substr(0, colon);
        timestamp = value.substr(colon + 1);
    }
    auto at = util::parse_iso8601(timestamp);
    if (!at) {
        throw onestack::api::Fault::bad_request(
            "Timestamp not in expected format. The server could not comply with the request "
            "since it is either malformed or otherwise incorrect. The client is assumed to be "
            "in error.");
    }
    static constexpr std::array<std::pair<std::string_view, Op>, 6> kOps = {{
        {"lt", Op::lt},
        {"gt", Op::gt},
        {"eq", Op::eq},
        {"lte", Op::lte},
        {"gte", Op::gte},
        {"neq", Op::neq},
    }};
    for (const auto& [name, op] : kOps) {
        if (name == op_name) {
            return {op, *at};
        }
    }
    throw onestack::api::Fault::bad_request(
        "The given operator " + std::string(op_name) +
        " is not valid. It must be one of the following: 'eq', 'neq', 'lt', 'lte', 'gt', or "
        "'gte'.");
}

bool passes(const PasswordExpiryFilter& filter, const std::string& expires_at) {
    auto t = util::parse_iso8601(expires_at);
    if (!t) {
        return false;  // NULL in SQL compares false with every operator
    }
    using Op = PasswordExpiryFilter::Op;
    switch (filter.op) {
        case Op::lt:
            return *t < filter.at;
        case Op::gt:
            return *t > filter.at;
        case Op::eq:
            return *t == filter.at;
        case Op::lte:
            return *t <= filter.at;
        case Op::gte:
            return *t >= filter.at;
        case Op::neq:
            return *t != filter.at;
    }
    return false;
}

}  // namespace onestack::identity::api
