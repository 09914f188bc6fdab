#pragma once
// SQL for instances and what hangs off them: metadata, tags, faults, actions
// and their events, request specs. State changes are compare-and-set on
// task_state (Nova's expected_task_state), so two actors never both win.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::db {

using onestack::db::Conn;
using onestack::db::Value;

// Thrown by update_instance when task_state was not one of the expected ones.
struct UnexpectedTaskState : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void insert_instance(Conn& c, Instance& instance);  // sets instance.id
std::optional<Instance> get_instance(Conn& c, const std::string& uuid,
                                     bool include_deleted = false);
std::vector<Instance> instances_on_host(Conn& c, const std::string& host);
// Rows matching a WHERE clause (which may end in ORDER BY), full instances.
std::vector<Instance> select_instances(Conn& c, const std::string& where,
                                       const onestack::db::Params& params);
std::vector<Instance> instances_by_uuid(Conn& c, const std::vector<std::string>& uuids);
// Instances whose task has been pending past its deadline (for the reconciler).
std::vector<Instance> overdue_instances(Conn& c, std::int64_t now);

// Column -> new value ("task_state" null clears it). When expected_task_states
// is set, the row must currently hold one of them ("" meaning NULL) or
// UnexpectedTaskState is thrown. Sets updated_at.
using InstanceUpdate = std::map<std::string, Value>;
void update_instance(Conn& c, const std::string& uuid, InstanceUpdate fields,
                     const std::optional<std::vector<std::string>>& expected_task_states = {});
// Marks deleted (deleted = id, deleted_at, vm_state deleted, task_state NULL).
void soft_delete_instance(Conn& c, const std::string& uuid);

std::map<std::string, std::string> instance_metadata(Conn& c, const std::string& uuid);
void set_instance_metadata(Conn& c, const std::string& uuid,
                           const std::map<std::string, std::string>& metadata, bool replace_all);
void delete_instance_metadata_key(Conn& c, const std::string& uuid, const std::string& key);
std::vector<std::string> instance_tags(Conn& c, const std::string& uuid);
void set_instance_tags(Conn& c, const std::string& uuid, const std::vector<std::string>& tags);

struct Fault {
    int code = 500;
    std::string message;
    std::string details;
    std::string host;
    std::string created_at;
};
void add_fault(Conn& c, const std::string& uuid, const Fault& fault);
std::optional<Fault> latest_fault(Conn& c, const std::string& uuid);

// Instance actions (os-instance-actions): one per API request, events per step.
std::int64_t start_action(Conn& c, const std::string& uuid, const std::string& action,
                          const std::string& request_id, const std::string& user_id,
                          const std::string& project_id);
void finish_action(Conn& c, const std::string& uuid, const std::string& request_id,
                   const std::string& message = "");
void start_event(Conn& c, const std::string& uuid, const std::string& request_id,
                 const std::string& event, const std::string& host);
void finish_event(Conn& c, const std::string& uuid, const std::string& request_id,
                  const std::string& event, const std::string& result,
                  const std::string& traceback = "");

void save_request_spec(Conn& c, const std::string& uuid, const boost::json::object& spec);
std::optional<boost::json::object> load_request_spec(Conn& c, const std::string& uuid);

}  // namespace onestack::compute::db
