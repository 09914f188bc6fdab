#include "compute/api/common.hpp"

#include <algorithm>
#include <cctype>

#include "common/json/formats.hpp"
#include "common/json/utf8.hpp"
#include "common/policy/credentials.hpp"
#include "common/util/time.hpp"
#include "compute/api/base64.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/db/instance_store.hpp"

namespace onestack::compute::api {

Version version(const Request& req) {
    static const auto policy = onestack::api::compute_microversions();
    return onestack::api::negotiate(policy, req);
}

bool at_least(const Request& req, int major, int minor) {
    return version(req) >= Version{major, minor};
}

void add(http::Router& r, http::Verb method, std::string_view path, http::Handler handler) {
    // Nova's router is strict about slashes: "/v2.1/images/" is a 404.
    r.add(method, "/v2.1" + std::string(path), std::move(handler), {.strict_slash = true});
}

json::object creds(ComputeApi& api, const Request& req) {
    auto c = policy::credentials_from(req.ctx);
    // nova's RequestContext.is_admin comes from the context_is_admin rule.
    c["is_admin"] = false;
    c["is_admin"] = api.policy().check("context_is_admin", {}, c);
    return c;
}

bool is_admin(ComputeApi& api, const Request& req) {
    return creds(api, req)["is_admin"].as_bool();
}

bool check(ComputeApi& api, const Request& req, std::string_view rule, const json::object& target) {
    return api.policy().check(rule, target, creds(api, req));
}

void authorize(ComputeApi& api, const Request& req, std::string_view rule,
               const json::object& target) {
    if (!check(api, req, rule, target)) {
        throw Fault::forbidden("Policy doesn't allow " + std::string(rule) + " to be performed.");
    }
}

json::object own_target(const Request& req) {
    return {{"project_id", req.ctx.project_id}, {"user_id", req.ctx.user_id}};
}

json::value body(const Request& req) {
    if (req.body.empty()) {
        return json::object{};
    }
    boost::system::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec) {
        throw Fault::bad_request("Malformed request body");
    }
    return v;
}

void validate(const ::onestack::json::Schema& schema, const json::value& value) {
    if (auto e = schema.validate(value)) {
        throw Fault::bad_request(::onestack::json::nova_message(*e));
    }
}

namespace {

// nova/api/validation/parameter_types.py: printable means not in Unicode's
// C* categories; we treat ASCII and C1 control characters as such.
bool printable(std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7f) {
            return false;
        }
    }
    // C1 controls U+0080..U+009F are 0xC2 0x80..0x9F in UTF-8.
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (static_cast<unsigned char>(s[i]) == 0xC2 &&
            static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            return false;
        }
    }
    return true;
}

bool is_space(unsigned char c) {
    return std::isspace(c) != 0;
}

std::optional<std::string> name_format(const json::value& v, bool allow_edge_spaces,
                                       const char* field) {
    if (v.is_string()) {
        std::string_view s = v.as_string();
        bool ok = !s.empty() && printable(s);
        if (ok && !allow_edge_spaces) {
            ok = !is_space(static_cast<unsigned char>(s.front())) &&
                 !is_space(static_cast<unsigned char>(s.back()));
        }
        if (ok && allow_edge_spaces) {
            ok = std::any_of(s.begin(), s.end(), [](char c) { return !is_space(c); });
        }
        if (ok) {
            return std::nullopt;
        }
    }
    std::string reason = allow_edge_spaces
                             ? "printable characters with at least one non space character"
                             : "printable characters. Can not start or end with whitespace.";
    return std::string("An invalid '") + field +
           "' value was provided. The name must be: " + reason;
}

}  // namespace

::onestack::json::Schema compile_schema(std::string_view text) {
    auto options = ::onestack::json::SchemaOptions::nova();
    options.formats["name"] = [](const json::value& v) { return name_format(v, false, "name"); };
    options.formats["name_with_leading_trailing_spaces"] = [](const json::value& v) {
        return name_format(v, true, "name");
    };
    options.formats["az_name"] = [](const json::value& v) -> std::optional<std::string> {
        if (v.is_string()) {
            std::string_view s = v.as_string();
            if (!s.empty() && printable(s) && s.find(':') == std::string_view::npos &&
                !is_space(static_cast<unsigned char>(s.front())) &&
                !is_space(static_cast<unsigned char>(s.back()))) {
                return std::nullopt;
            }
        }
        return std::string(
            "An invalid 'name' value was provided. The name must be: printable characters "
            "except :.Can not start or end with whitespace.");
    };
    // nova's validators.py: key pair names of these characters only (2.92 adds "@.").
    for (std::string safe : {std::string("_- "), std::string("@._- ")}) {
        safe += "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        auto format = safe.size() == 65 ? "keypair_name_20" : "keypair_name_292";
        options.formats[format] = [safe](const json::value& v) -> std::optional<std::string> {
            if (!v.is_string() ||
                std::string_view(v.as_string()).find_first_not_of(safe) == std::string::npos) {
                return std::nullopt;  // another keyword reports a non-string
            }
            return "An invalid 'name' value was provided. The name must be: Only expected "
                   "characters: [" +
                   safe + "]";
        };
    }
    options.formats["base64"] = [](const json::value& v) -> std::optional<std::string> {
        if (!v.is_string() || base64_decode(v.as_string())) {
            return std::nullopt;
        }
        return std::string();
    };
    return ::onestack::json::Schema::compile(text, std::move(options));
}

Response json_response(unsigned status, const json::value& body) {
    return Response::json(status, body);
}

int json_int(const json::value& v) {
    return v.is_int64() ? static_cast<int>(v.as_int64()) : std::stoi(std::string(v.as_string()));
}

json::value api_time(const std::string& stored) {
    if (stored.empty()) {
        return nullptr;
    }
    return json::value(stored.substr(0, 19) + "Z");
}

json::value py_time(const std::string& stored) {
    if (stored.empty()) {
        return nullptr;
    }
    return json::value(stored);
}

std::string now_stored() {
    return util::iso8601_micros(util::now_unix_micros());
}

std::string normalize_name(std::string_view name) {
    auto b = name.find_first_not_of(" \t\r\n");
    auto e = name.find_last_not_of(" \t\r\n");
    return b == std::string_view::npos ? std::string() : std::string(name.substr(b, e - b + 1));
}

Instance get_instance(ComputeApi& api, const Request& req, const std::string& id,
                      bool include_deleted) {
    auto found = api.db().read(
        [&](onestack::db::Conn& c) { return db::get_instance(c, id, include_deleted); });
    if (!found || (found->project_id != req.ctx.project_id && !is_admin(api, req))) {
        throw Fault::not_found("Instance " + id + " could not be found.");
    }
    return std::move(*found);
}

std::string disk_config(const Instance& instance) {
    const auto* v = instance.system_metadata.if_contains("auto_disk_config");
    return v != nullptr && v->is_string() && v->get_string() == "True" ? "AUTO" : "MANUAL";
}

void set_disk_config(const Instance& instance, const json::object& args,
                     std::map<std::string, onestack::db::Value>& fields) {
    const auto* v = args.if_contains("OS-DCF:diskConfig");
    if (v == nullptr || !v->is_string()) {
        return;
    }
    auto sysmeta = instance.system_metadata;
    sysmeta["auto_disk_config"] = v->get_string() == "AUTO" ? "True" : "False";
    fields["system_metadata"] = json::serialize(sysmeta);
}

json::object instance_target(const Instance& instance) {
    return {{"project_id", instance.project_id}, {"user_id", instance.user_id}};
}

void check_lock(ComputeApi& api, const Request& req, const Instance& instance) {
    if (instance.locked && !is_admin(api, req)) {
        throw Fault::conflict("Instance " + instance.uuid + " is locked");
    }
}

void check_state(const Instance& instance, std::string_view action,
                 std::initializer_list<const char*> vm_states,
                 std::initializer_list<const char*> task_states) {
    auto in = [](std::initializer_list<const char*> list, const std::string& s) {
        return std::any_of(list.begin(), list.end(), [&](const char* x) { return s == x; });
    };
    auto conflict = [&](const char* attr, const std::string& state) {
        return Fault::conflict("Cannot '" + std::string(action) + "' instance " + instance.uuid +
                               " while it is in " + attr + " " +
                               (state.empty() ? std::string("None") : state));
    };
    if (vm_states.size() != 0 && !in(vm_states, instance.vm_state)) {
        throw conflict("vm_state", instance.vm_state);
    }
    if (task_states.size() != 0 && !in(task_states, instance.task_state)) {
        throw conflict("task_state", instance.task_state);
    }
}

bool query_bool(std::string_view text) {
    std::string t;
    for (char c : text) {
        t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return t == "1" || t == "t" || t == "true" || t == "on" || t == "y" || t == "yes";
}

}  // namespace onestack::compute::api
