#include "compute/conductor/conductor.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/rpc/errors.hpp"
#include "common/util/time.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/context.hpp"
#include "compute/rpc/json_fields.hpp"
#include "compute/rpc/topics.hpp"
#include "compute/scheduler/placement_json.hpp"
#include "compute/scheduler/scheduler.hpp"

namespace onestack::compute::conductor {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::db::null;

constexpr const char* kBuildEvent = "conductor_schedule_and_build_instances";
constexpr const char* kMigrateEvent = "conductor_migrate_server";

std::string max_retries_message(const std::string& uuid) {
    // nova.exception.MaxRetriesExceeded
    return "Exceeded maximum number of retries. Exhausted all hosts available for retrying "
           "build failures for instance " +
           uuid + ".";
}

}  // namespace

Conductor::Conductor(onestack::db::Database& db, placement::client::PlacementClient& placement,
                     const rpc::SchedulerClient& scheduler, const rpc::ComputeClient& compute,
                     ConductorOptions options)
    : db_(db), placement_(placement), scheduler_(scheduler), compute_(compute), options_(options) {}

void Conductor::fail_build(const RequestContext& ctx, const std::string& uuid,
                           const std::string& message) {
    db_.write([&](Conn& c) {
        try {
            db::update_instance(c, uuid,
                                {{"vm_state", std::string(vm_state::kError)},
                                 {"task_state", null()},
                                 {"task_deadline", null()}},
                                std::vector<std::string>{task_state::kScheduling, ""});
        } catch (const db::UnexpectedTaskState&) {
            return;  // deleted, or someone else moved it on
        }
        db::add_fault(c, uuid, {500, message, "", "", ""});
        db::finish_event(c, uuid, ctx.request_id, kBuildEvent, "Error", message);
    });
    spdlog::info("conductor: instance {} -> ERROR: {}", uuid, message);
}

bool Conductor::send_to_host(const RequestContext& ctx, const std::string& uuid,
                             const json::object& spec, const rpc::Selection& chosen,
                             const json::array& alternates) {
    bool written = db_.write([&](Conn& c) {
        try {
            // The intent first: the row names its host before the host hears of it.
            db::update_instance(c, uuid,
                                {{"host", chosen.host},
                                 {"node", chosen.nodename},
                                 {"task_deadline", util::now_unix() + options_.task_deadline}},
                                std::vector<std::string>{task_state::kScheduling});
        } catch (const db::UnexpectedTaskState&) {
            return false;
        }
        db::finish_event(c, uuid, ctx.request_id, kBuildEvent, "Success");
        return true;
    });
    if (!written) {
        // Deleted while we scheduled: give the claim back.
        spdlog::info("conductor: {} went away while scheduling", uuid);
        placement_.delete_allocations(uuid);
        return false;
    }
    compute_.build_and_run_instance(ctx, chosen.host, uuid, spec, alternates, chosen.nodename);
    return true;
}

void Conductor::build_instances(const RequestContext& ctx, const std::vector<std::string>& uuids,
                                const json::object& spec,
                                const std::optional<json::array>& host_lists) {
    db_.write([&](Conn& c) {
        for (const auto& u : uuids) {
            db::start_event(c, u, ctx.request_id, kBuildEvent, "");
        }
    });
    if (host_lists) {
        // A reschedule: walk the alternates the first decision kept.
        for (std::size_t i = 0; i < uuids.size(); ++i) {
            const auto& uuid = uuids[i];
            std::vector<rpc::Selection> alts;
            if (i < host_lists->size() && (*host_lists)[i].is_array()) {
                for (const auto& s : (*host_lists)[i].get_array()) {
                    alts.push_back(rpc::Selection::from_json(s.as_object()));
                }
            }
            bool sent = false;
            while (!alts.empty() && !sent) {
                auto chosen = alts.front();
                alts.erase(alts.begin());
                if (!placement_.claim(uuid, scheduler::allocation_map(chosen.allocation_request),
                                      rpc::str_field(spec, "project_id"),
                                      rpc::str_field(spec, "user_id"))) {
                    spdlog::info("conductor: alternate {} for {} is full", chosen.host, uuid);
                    continue;
                }
                json::array rest;
                for (const auto& a : alts) {
                    rest.push_back(a.to_json());
                }
                spdlog::info("conductor: rescheduling {} to alternate {}", uuid, chosen.host);
                send_to_host(ctx, uuid, spec, chosen, rest);
                sent = true;
            }
            if (!sent) {
                fail_build(ctx, uuid, max_retries_message(uuid));
            }
        }
        return;
    }
    std::vector<std::vector<rpc::Selection>> selections;
    try {
        selections = scheduler_.select_destinations(ctx, spec, uuids, true);
    } catch (const rpc::NoValidHost& e) {
        for (const auto& u : uuids) {
            fail_build(ctx, u, e.what());
        }
        return;
    } catch (const std::exception& e) {
        for (const auto& u : uuids) {
            fail_build(ctx, u, std::string("Scheduling failed: ") + e.what());
        }
        return;
    }
    for (std::size_t i = 0; i < uuids.size() && i < selections.size(); ++i) {
        const auto& list = selections[i];
        json::array alternates;
        for (std::size_t k = 1; k < list.size(); ++k) {
            alternates.push_back(list[k].to_json());
        }
        send_to_host(ctx, uuids[i], spec, list.front(), alternates);
    }
}

void Conductor::migrate_server(const RequestContext& ctx, const std::string& uuid,
                               const std::optional<Flavor>& new_flavor,
                               const std::string& migration_uuid) {
    std::optional<Instance> inst;
    std::optional<json::object> stored_spec;
    std::optional<db::MigrationRow> migration;
    db_.read([&](Conn& c) {
        inst = db::get_instance(c, uuid);
        stored_spec = db::load_request_spec(c, uuid);
        migration = db::get_migration(c, migration_uuid);
    });
    if (!inst || !migration) {
        spdlog::warn("conductor: migrate_server for unknown instance {} or migration {}", uuid,
                     migration_uuid);
        return;
    }
    db_.write([&](Conn& c) { db::start_event(c, uuid, ctx.request_id, kMigrateEvent, ""); });
    json::object spec = stored_spec.value_or(json::object{});
    spec["project_id"] = inst->project_id;
    spec["user_id"] = inst->user_id;
    spec["flavor"] = (new_flavor ? *new_flavor : inst->flavor).to_json();
    spec.erase("force_hosts");
    spec.erase("force_nodes");
    spec.erase("requested_destination");
    if (!new_flavor || !options_.allow_resize_to_same_host) {
        spec["ignore_hosts"] = json::array{json::value(inst->host)};
    }
    // Keep the group policy the instance was built under.
    db_.read([&](Conn& c) {
        if (auto g = db::group_of_instance(c, uuid)) {
            spec["instance_group"] =
                json::object{{"uuid", g->uuid}, {"policy", g->policy}, {"rules", g->rules}};
        }
    });

    // The source's allocations become the migration's (nova's
    // MigrationTask._preallocate_migration), so the instance consumer is
    // free for the destination's claim.
    auto held = placement_.get_allocations(uuid);
    if (!held.allocations.empty()) {
        placement_.claim(migration_uuid, held.allocations, inst->project_id, inst->user_id,
                         "MIGRATION");
        placement_.delete_allocations(uuid);
    }
    auto undo = [&](const std::string& message) {
        if (!held.allocations.empty()) {
            placement_.claim(uuid, held.allocations, inst->project_id, inst->user_id);
            placement_.delete_allocations(migration_uuid);
        }
        db_.write([&](Conn& c) {
            db::update_migration(c, migration_uuid, {{"status", std::string("error")}});
            try {
                db::update_instance(c, uuid, {{"task_state", null()}, {"task_deadline", null()}},
                                    std::vector<std::string>{task_state::kResizePrep});
            } catch (const db::UnexpectedTaskState&) {
            }
            db::add_fault(c, uuid, {500, message, "", "", ""});
            db::finish_event(c, uuid, ctx.request_id, kMigrateEvent, "Error", message);
        });
    };
    std::vector<std::vector<rpc::Selection>> selections;
    try {
        selections = scheduler_.select_destinations(ctx, spec, {uuid}, false);
    } catch (const rpc::NoValidHost& e) {
        undo(e.what());
        return;
    } catch (const std::exception& e) {
        undo(std::string("Scheduling failed: ") + e.what());
        return;
    }
    const auto& dest = selections.front().front();
    db_.write([&](Conn& c) {
        db::update_migration(c, migration_uuid,
                             {{"dest_compute", dest.host},
                              {"dest_node", dest.nodename},
                              {"dest_host", dest.host},
                              {"source_compute", inst->host},
                              {"source_node", inst->node}});
        db::update_instance(c, uuid,
                            {{"task_deadline", util::now_unix() + options_.task_deadline}});
        db::finish_event(c, uuid, ctx.request_id, kMigrateEvent, "Success");
    });
    compute_.prep_resize(ctx, dest.host, uuid, new_flavor ? *new_flavor : inst->flavor,
                         migration_uuid, spec);
}

ConductorService::ConductorService(std::shared_ptr<onestack::rpc::Transport> bus,
                                   Conductor& conductor, const std::string& host, unsigned workers)
    : server_(std::move(bus), {rpc_topic::kConductor, host}, workers) {
    server_.add_endpoint(
        "build_instances",
        [&conductor](const onestack::rpc::CallContext& call,
                     const json::object& args) -> json::value {
            auto ctx = rpc::context_from_json(call.context);
            std::vector<std::string> uuids;
            for (const auto& u : args.at("instance_uuids").as_array()) {
                uuids.emplace_back(u.as_string());
            }
            std::optional<json::array> host_lists;
            if (const auto* h = args.if_contains("host_lists"); h != nullptr && h->is_array()) {
                host_lists = h->get_array();
            }
            json::object spec;
            if (const auto* s = args.if_contains("request_spec"); s != nullptr && s->is_object()) {
                spec = s->get_object();
            }
            conductor.build_instances(ctx, uuids, spec, host_lists);
            return nullptr;
        });
    server_.add_endpoint(
        "migrate_server",
        [&conductor](const onestack::rpc::CallContext& call,
                     const json::object& args) -> json::value {
            auto ctx = rpc::context_from_json(call.context);
            std::optional<Flavor> flavor;
            if (const auto* f = args.if_contains("new_flavor"); f != nullptr && f->is_object()) {
                flavor = Flavor::from_json(f->get_object());
            }
            conductor.migrate_server(ctx, std::string(args.at("instance_uuid").as_string()), flavor,
                                     std::string(args.at("migration_uuid").as_string()));
            return nullptr;
        });
    server_.add_endpoint("unshelve_instance",
                         [&conductor](const onestack::rpc::CallContext& call,
                                      const json::object& args) -> json::value {
                             conductor.unshelve_instance(rpc::context_from_json(call.context),
                                                         rpc::str_field(args, "instance_uuid"),
                                                         rpc::str_field(args, "host"));
                             return nullptr;
                         });
}

void ConductorService::start() {
    server_.start();
}

void ConductorService::stop() {
    server_.stop();
}

}  // namespace onestack::compute::conductor
