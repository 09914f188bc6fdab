#pragma once
// What every compute handler uses: the microversion of the request, policy
// checks with Nova's 403, JSON bodies validated against Nova's schemas with
// Nova's 400s, lookups with Nova's 404s, and the instance state checks of
// nova/compute/api.py (check_instance_state, check_instance_lock).
#include <boost/json.hpp>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "common/api/fault.hpp"
#include "common/api/microversion.hpp"
#include "common/db/value.hpp"
#include "common/http/message.hpp"
#include "common/http/router.hpp"
#include "common/json/schema.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::api {

class ComputeApi;

using onestack::api::Fault;
using onestack::api::Version;
using onestack::http::Request;
using onestack::http::Response;
namespace json = boost::json;

// The microversion this request is served at (already negotiated by the
// app's middleware, so this cannot fail there).
Version version(const Request& req);
bool at_least(const Request& req, int major, int minor);

// Registers a route under /v2.1.
void add(http::Router& r, http::Verb method, std::string_view path, http::Handler handler);

// The caller's credentials with nova's context.is_admin.
json::object creds(ComputeApi& api, const Request& req);
bool is_admin(ComputeApi& api, const Request& req);
bool check(ComputeApi& api, const Request& req, std::string_view rule, const json::object& target);
// 403 "Policy doesn't allow <rule> to be performed." when denied.
void authorize(ComputeApi& api, const Request& req, std::string_view rule,
               const json::object& target);
// The usual target: {"project_id": <project>, "user_id": <user>} of the caller.
json::object own_target(const Request& req);

// The body as JSON ({} when empty, as nova's wsgi reads it); 400
// "Malformed request body" when it is not JSON.
json::value body(const Request& req);
// 400 with nova's validation message when `value` fails the schema.
void validate(const ::onestack::json::Schema& schema, const json::value& value);
// Compiles a schema with nova's formats (name, uuid-like, base64, ...).
::onestack::json::Schema compile_schema(std::string_view text);

Response json_response(unsigned status, const json::value& body);
// An integer the schema let through as a number or a numeric string
// (nova's parameter_types accept both).
int json_int(const json::value& v);

// Nova's timestamps: stored "2024-01-02T03:04:05.123456" -> "2024-01-02T03:04:05Z";
// "" -> null.
json::value api_time(const std::string& stored);
// Nova's "updated"/"created" style with microseconds ("...05.123456"), for
// os-services/os-hypervisors/... fields shown as str(datetime).
json::value py_time(const std::string& stored);
std::string now_stored();

// common.normalize_name: a name without its surrounding whitespace
// (keypair, createBackup).
std::string normalize_name(std::string_view name);

// An instance the caller may see (project match, or admin), else 404
// "Instance <id> could not be found.".
// OS-DCF:diskConfig, kept as Nova's auto_disk_config in system_metadata:
// "AUTO" or "MANUAL" (the default).
std::string disk_config(const Instance& instance);
// The system_metadata field to write when `args` carries OS-DCF:diskConfig
// (create, update, rebuild, resize); nothing otherwise.
void set_disk_config(const Instance& instance, const json::object& args,
                     std::map<std::string, onestack::db::Value>& fields);

// include_deleted: a deleted server too (instance actions from 2.21).
Instance get_instance(ComputeApi& api, const Request& req, const std::string& id,
                      bool include_deleted = false);
// The target nova checks server rules against.
json::object instance_target(const Instance& instance);

// check_instance_lock: 409 "Instance <uuid> is locked" for a non-admin.
void check_lock(ComputeApi& api, const Request& req, const Instance& instance);
// check_instance_state: 409 "Cannot '<action>' instance <uuid> while it is
// in vm_state <s>" / "... task_state <s>". An empty task list means any;
// "" in it stands for None.
void check_state(const Instance& instance, std::string_view action,
                 std::initializer_list<const char*> vm_states,
                 std::initializer_list<const char*> task_states = {""});

// Parses a query boolean as nova's strutils.bool_from_string does (strict=false).
bool query_bool(std::string_view text);

}  // namespace onestack::compute::api
