#include "compute/scheduler/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <string_view>
#include <unordered_set>

#include <boost/json.hpp>

#include "common/rpc/errors.hpp"
#include "common/util/time.hpp"
#include "compute/db/host_store.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/states.hpp"
#include "compute/rpc/context.hpp"
#include "compute/rpc/json_fields.hpp"
#include "compute/rpc/topics.hpp"
#include "compute/scheduler/host_rows_epoch.hpp"
#include "compute/scheduler/placement_json.hpp"

namespace onestack::compute::scheduler {
namespace {

namespace json = boost::json;

int int_of(const json::value* v, int fallback) {
    if (v == nullptr) {
        return fallback;
    }
    if (v->is_int64()) {
        return static_cast<int>(v->get_int64());
    }
    if (v->is_string()) {
        try {
            return std::stoi(std::string(v->get_string()));
        } catch (const std::exception&) {
            return fallback;
        }
    }
    return fallback;
}

// nova/weights.py normalize(): to [0, 1] across the hosts, all 0 when equal.
std::vector<double> normalize(const std::vector<double>& w) {
    if (w.empty()) {
        return {};
    }
    auto [lo, hi] = std::minmax_element(w.begin(), w.end());
    std::vector<double> out(w.size(), 0.0);
    if (*lo == *hi) {
        return out;
    }
    for (std::size_t i = 0; i < w.size(); ++i) {
        out[i] = (w[i] - *lo) / (*hi - *lo);
    }
    return out;
}

// Wall-clock milliseconds since t0, for the decision's log line.
double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Scheduler::Scheduler(onestack::db::Database& db, placement::client::PlacementClient& placement,
                     SchedulerOptions options, const Registry& registry)
    : db_(db),
      placement_(placement),
      options_(std::move(options)),
      filters_(registry.filters(options_.enabled_filters)),
      weighers_(registry.weighers(options_.weighers)),
      random_(std::random_device{}()) {}

Scheduler::~Scheduler() {
    stop_host_refresh();
}

void Scheduler::start_host_refresh() {
    std::lock_guard lock(refresher_mu_);
    if (refresher_.joinable()) {
        return;
    }
    refresher_stop_ = false;
    background_refresh_ = true;
    refresher_ = std::thread([this] {
        const auto ttl = std::chrono::milliseconds(std::max(1, options_.host_state_ttl_ms));
        std::unique_lock lock(refresher_mu_);
        while (!refresher_cv_.wait_for(lock, ttl, [&] { return refresher_stop_; })) {
            lock.unlock();
            try {
                std::lock_guard refresh(refresh_mu_);
                std::chrono::steady_clock::time_point seen;
                {
                    std::lock_guard hosts(hosts_mu_);
                    seen = hosts_read_at_;
                }
                if (std::chrono::steady_clock::now() - seen >= ttl) {
                    reread_hosts(seen);
                }
            } catch (const std::exception& e) {
                // The decisions keep the rows they have; the next round retries.
                spdlog::warn("scheduler: cannot re-read the compute nodes: {}", e.what());
            }
            lock.lock();
        }
    });
}

void Scheduler::stop_host_refresh() {
    std::thread done;
    {
        std::lock_guard lock(refresher_mu_);
        refresher_stop_ = true;
        background_refresh_ = false;
        done = std::move(refresher_);
    }
    refresher_cv_.notify_all();
    if (done.joinable()) {
        done.join();
    }
}

std::shared_ptr<const Scheduler::HostNodes> Scheduler::reread_hosts(
    std::chrono::steady_clock::time_point seen) {
    {
        std::lock_guard lock(hosts_mu_);
        if (hosts_read_at_ != seen) {
            return hosts_;  // another decision (or the refresher) has just re-read them
        }
    }
    // Read before the rows: a change made while they are read bumps it again.
    auto epoch = host_rows_epoch.load(std::memory_order_acquire);
    auto fresh = read_hosts(util::now_unix());
    std::lock_guard lock(hosts_mu_);
    hosts_ = fresh;
    hosts_read_at_ = std::chrono::steady_clock::now();
    hosts_epoch_ = epoch;
    return fresh;
}

std::shared_ptr<const Scheduler::HostNodes> Scheduler::read_hosts(std::int64_t now) {
    auto hosts = std::make_shared<HostNodes>();
    db_.read([&](onestack::db::Conn& c) {
        auto nodes = db::list_compute_nodes(c);
        std::unordered_map<std::string, db::ServiceRow> services;
        for (auto& s : db::list_services(c, "nova-compute")) {
            services.emplace(s.host, std::move(s));
        }
        auto aggregates = db::aggregate_metadata_by_host(c);
        hosts->reserve(nodes.size());
        for (auto& n : nodes) {
            auto h = std::make_shared<HostNode>();
            h->host = n.host;
            h->nodename = n.hypervisor_hostname;
            h->uuid = n.uuid;
            h->hypervisor_type = n.hypervisor_type;
            h->hypervisor_version = n.hypervisor_version;
            boost::system::error_code ec;
            auto cpu = json::parse(n.cpu_info, ec);
            if (!ec && cpu.is_object()) {
                h->cpu_info = std::move(cpu.as_object());
            }
            if (const auto* si = n.stats.if_contains("supported_instances");
                si != nullptr && si->is_array()) {
                for (const auto& triple : si->get_array()) {
                    std::vector<std::string> t;
                    if (triple.is_array()) {
                        for (const auto& x : triple.get_array()) {
                            t.emplace_back(x.is_string() ? std::string(x.get_string()) : "");
                        }
                    }
                    h->supported_instances.push_back(std::move(t));
                }
            }
            h->failed_builds = int_of(n.stats.if_contains("failed_builds"), 0);
            h->num_instances = int_of(n.stats.if_contains("num_instances"), n.running_vms);
            h->stats = std::move(n.stats);
            auto svc = services.find(n.host);
            if (svc != services.end()) {
                h->service_up = db::service_is_up(svc->second, now, options_.service_down_time);
                h->service_disabled = svc->second.disabled;
            }
            auto agg = aggregates.find(n.host);
            if (agg != aggregates.end()) {
                h->aggregates = agg->second;
            }
            auto uuid = h->uuid;
            hosts->emplace(std::move(uuid), std::move(h));
        }
    });
    return hosts;
}

std::vector<HostState> Scheduler::host_states(const placement::client::Candidates& candidates) {
    // Each compute node's first allocation request (the one that takes its
    // VCPU or MEMORY_MB, or its only provider), in placement's order
    // (stable across requests).
    std::vector<std::pair<const std::string*, const placement::client::AllocationMap*>> requests;
    requests.reserve(candidates.allocation_requests.size());
    std::unordered_set<std::string_view> seen;
    for (const auto& ar : candidates.allocation_requests) {
        for (const auto& [rp, resources] : ar) {
            if ((resources.count("VCPU") > 0 || resources.count("MEMORY_MB") > 0 ||
                 ar.size() == 1) &&
                seen.insert(rp).second) {
                requests.emplace_back(&rp, &ar);
            }
        }
    }
    // Node, service and aggregate rows change slowly: read at most every
    // host_state_ttl (Nova's HostManager keeps them in memory too); free
    // resources come fresh from placement with every request.
    std::shared_ptr<const HostNodes> nodes;
    std::chrono::steady_clock::time_point read_at;
    bool stale = false;
    bool unknown = false;
    {
        std::lock_guard lock(hosts_mu_);
        nodes = hosts_;
        read_at = hosts_read_at_;
        auto age = std::chrono::steady_clock::now() - read_at;
        // A provider we have not seen is a node that just registered.
        unknown = age >= std::chrono::milliseconds(50) &&
                  std::any_of(requests.begin(), requests.end(),
                              [&](const auto& r) { return !nodes->contains(*r.first); });
        stale =
            !background_refresh_ && age >= std::chrono::milliseconds(options_.host_state_ttl_ms);
        // The API changed an aggregate or a service since: read them now.
        unknown = unknown || hosts_epoch_ != host_rows_epoch.load(std::memory_order_acquire);
    }
    if (stale || unknown || nodes->empty()) {
        // One decision re-reads; the others go on with the rows they have
        // (a refresh of 1,000 nodes takes tens of ms) unless they miss a
        // host or have none yet.
        std::unique_lock refresh(refresh_mu_, std::defer_lock);
        if (unknown || nodes->empty()) {
            refresh.lock();
        } else {
            (void)refresh.try_lock();
        }
        if (refresh.owns_lock()) {
            nodes = reread_hosts(read_at);
        }
    }
    std::vector<HostState> out;
    out.reserve(requests.size());
    for (const auto& [uuid, ar] : requests) {
        auto it = nodes->find(*uuid);
        if (it == nodes->end()) {
            continue;
        }
        auto& h = out.emplace_back();
        h.node = it->second;
        h.num_instances = h.node->num_instances;
        h.allocation = ar;
        auto sum = candidates.summaries.find(*uuid);
        if (sum != candidates.summaries.end()) {
            auto get = [&](const char* rc) -> std::pair<double, double> {
                auto r = sum->second.find(rc);
                if (r == sum->second.end()) {
                    return {0, 0};
                }
                return {static_cast<double>(r->second.first),
                        static_cast<double>(r->second.second)};
            };
            auto [vcap, vused] = get("VCPU");
            h.vcpus_total = vcap;
            h.vcpus_used = vused;
            auto [mcap, mused] = get("MEMORY_MB");
            h.total_usable_ram_mb = mcap;
            h.free_ram_mb = mcap - mused;
            auto [dcap, dused] = get("DISK_GB");
            h.free_disk_mb = (dcap - dused) * 1024.0;
        }
    }
    return out;
}

std::vector<std::vector<rpc::Selection>> Scheduler::select_destinations(
    const RequestContext& ctx, const json::object& spec,
    const std::vector<std::string>& instance_uuids, bool return_alternates, DecisionTimes* times) {
    DecisionTimes local_times;
    if (times == nullptr) {
        times = &local_times;
    }
    FilterRequest req;
    req.flavor = Flavor::from_json(rpc::obj_field(spec, "flavor"));
    req.image_properties = rpc::obj_field(rpc::obj_field(spec, "image"), "properties");
    req.availability_zone = rpc::str_field(spec, "availability_zone");
    req.default_availability_zone = options_.default_availability_zone;
    const auto& group = rpc::obj_field(spec, "instance_group");
    std::string group_uuid = rpc::str_field(group, "uuid");
    req.group_policy = rpc::str_field(group, "policy");
    if (req.group_policy.empty()) {
        // Policies as a list (the API's pre-2.64 shape).
        auto policies = rpc::strings_field(group, "policies");
        if (!policies.empty()) {
            req.group_policy = policies.front();
        }
    }
    req.max_server_per_host =
        int_of(rpc::obj_field(group, "rules").if_contains("max_server_per_host"), 1);
    auto force_hosts = rpc::strings_field(spec, "force_hosts");
    auto force_nodes = rpc::strings_field(spec, "force_nodes");
    auto ignore_hosts = rpc::strings_field(spec, "ignore_hosts");
    const auto& destination = rpc::obj_field(spec, "requested_destination");
    auto dest_host = rpc::str_field(destination, "host");
    auto dest_node = rpc::str_field(destination, "node");
    std::string project_id = rpc::str_field(spec, "project_id");
    std::string user_id = rpc::str_field(spec, "user_id");
    if (project_id.empty()) {
        project_id = ctx.project_id;
    }
    if (user_id.empty()) {
        user_id = ctx.user_id;
    }

    placement::client::CandidateQuery q;
    q.resources = flavor_resources(req.flavor);
    q.required = flavor_traits(req.flavor);
    q.limit = static_cast<std::size_t>(options_.max_placement_results);
    q.with_traits = false;
    auto t0 = std::chrono::steady_clock::now();
    auto candidates = placement_.allocation_candidates(q);
    times->candidates = ms_since(t0);
    t0 = std::chrono::steady_clock::now();
    auto hosts = host_states(candidates);
    times->host_states = ms_since(t0);

    std::unique_lock<std::mutex> group_lock(group_mu_, std::defer_lock);
    if (!group_uuid.empty()) {
        group_lock.lock();
        auto& placed = placed_[group_uuid];
        db_.read([&](onestack::db::Conn& c) {
            req.group_hosts = db::group_hosts(c, group_uuid, instance_uuids);
            // Members placed by earlier requests whose host is not written yet.
            auto known = db::instances_by_uuid(c, [&] {
                std::vector<std::string> v;
                for (const auto& [u, h] : placed) {
                    v.push_back(u);
                }
                return v;
            }());
            for (const auto& i : known) {
                if (!i.host.empty() || i.deleted || i.vm_state == vm_state::kError) {
                    placed.erase(i.uuid);
                }
            }
            for (const auto& [u, h] : placed) {
                if (std::find(instance_uuids.begin(), instance_uuids.end(), u) ==
                    instance_uuids.end()) {
                    ++req.group_hosts[h];
                }
            }
        });
    }

    std::vector<std::vector<rpc::Selection>> result;
    std::vector<std::string> claimed;
    auto give_back = [&] {
        for (const auto& u : claimed) {
            try {
                placement_.delete_allocations(u);
            } catch (const std::exception& e) {
                spdlog::warn("scheduler: cannot give back allocations of {}: {}", u, e.what());
            }
        }
    };
    for (const auto& uuid : instance_uuids) {
        // Filter.
        std::vector<HostState*> passing;
        for (auto& h : hosts) {
            const HostNode& node = *h.node;
            if (std::find(ignore_hosts.begin(), ignore_hosts.end(), node.host) !=
                ignore_hosts.end()) {
                continue;
            }
            if (!force_hosts.empty() || !force_nodes.empty()) {
                // Forced hosts skip the filters, as upstream.
                bool host_ok = force_hosts.empty() ||
                               std::find(force_hosts.begin(), force_hosts.end(), node.host) !=
                                   force_hosts.end();
                bool node_ok = force_nodes.empty() ||
                               std::find(force_nodes.begin(), force_nodes.end(), node.nodename) !=
                                   force_nodes.end();
                if (host_ok && node_ok) {
                    passing.push_back(&h);
                }
                continue;
            }
            if ((!dest_host.empty() && node.host != dest_host) ||
                (!dest_node.empty() && node.nodename != dest_node)) {
                continue;
            }
            bool ok = true;
            for (const auto& f : filters_) {
                if (!f->passes(h, req)) {
                    spdlog::debug("scheduler: {} rejects {} for {}", f->name(), node.host, uuid);
                    ok = false;
                    break;
                }
            }
            if (ok) {
                passing.push_back(&h);
            }
        }
        // Weigh.
        std::vector<double> total(passing.size(), 0.0);
        for (const auto& w : weighers_) {
            std::vector<double> raw;
            raw.reserve(passing.size());
            for (const auto* h : passing) {
                raw.push_back(w->weigh(*h, req));
            }
            auto norm = normalize(raw);
            double m = w->multiplier(options_);
            for (std::size_t i = 0; i < passing.size(); ++i) {
                total[i] += m * norm[i];
            }
        }
        std::vector<std::size_t> order(passing.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return total[a] > total[b]; });
        std::vector<HostState*> weighed;
        for (auto i : order) {
            weighed.push_back(passing[i]);
        }
        // Choose among the best host_subset_size, claiming in placement; a
        // host that lost its room to another scheduler is dropped.
        HostState* chosen = nullptr;
        while (!weighed.empty()) {
            std::size_t subset = std::min<std::size_t>(
                weighed.size(), static_cast<std::size_t>(std::max(1, options_.host_subset_size)));
            std::size_t pick = 0;
            if (subset > 1) {
                std::lock_guard lock(random_mu_);
                pick = std::uniform_int_distribution<std::size_t>(0, subset - 1)(random_);
            }
            HostState* h = weighed[pick];
            weighed.erase(weighed.begin() + static_cast<std::ptrdiff_t>(pick));
            auto claim_started = std::chrono::steady_clock::now();
            bool claimed_here = placement_.claim(uuid, *h->allocation, project_id, user_id);
            times->claims += ms_since(claim_started);
            if (claimed_here) {
                chosen = h;
                break;
            }
            spdlog::info("scheduler: claim for {} on {} refused, trying the next host", uuid,
                         h->node->host);
        }
        if (chosen == nullptr) {
            give_back();
            spdlog::info("scheduler: no valid host for {} ({} candidates, {} passed filters)", uuid,
                         hosts.size(), passing.size());
            throw onestack::rpc::HandlerError("NoValidHost", kNoValidHostMessage);
        }
        claimed.push_back(uuid);
        chosen->consume(req.flavor);
        const HostNode& node = *chosen->node;
        ++req.group_hosts[node.host];
        if (!group_uuid.empty()) {
            placed_[group_uuid][uuid] = node.host;
        }
        auto& list = result.emplace_back();
        list.push_back({node.host,
                        node.nodename,
                        node.uuid,
                        allocation_request_json(*chosen->allocation),
                        {}});
        if (return_alternates) {
            for (const auto* alt : weighed) {
                if (static_cast<int>(list.size()) >= options_.max_attempts) {
                    break;
                }
                if (alt->node->host == node.host) {
                    continue;
                }
                list.push_back({alt->node->host,
                                alt->node->nodename,
                                alt->node->uuid,
                                allocation_request_json(*alt->allocation),
                                {}});
            }
        }
    }
    return result;
}

SchedulerService::SchedulerService(std::shared_ptr<onestack::rpc::Transport> bus,
                                   Scheduler& scheduler, const std::string& host, unsigned workers)
    : scheduler_(scheduler),
      gate_(static_cast<unsigned>(std::max(0, scheduler.options().workers))),
      server_(std::move(bus), {rpc_topic::kScheduler, host}, workers) {
    server_.add_endpoint(
        "select_destinations",
        [this, &scheduler](const onestack::rpc::CallContext& call,
                           const json::object& args) -> json::value {
            auto ctx = rpc::context_from_json(call.context);
            std::vector<std::string> uuids = rpc::strings_field(args, "instance_uuids");
            bool alternates = false;
            if (const auto* a = args.if_contains("return_alternates"); a && a->is_bool()) {
                alternates = a->get_bool();
            }
            auto arrived = std::chrono::steady_clock::now();
            std::vector<std::vector<rpc::Selection>> selections;
            DecisionTimes times;
            double queued = 0;
            double decided = 0;
            {
                DecisionGate::Slot slot(gate_);
                queued = ms_since(arrived);
                auto started = std::chrono::steady_clock::now();
                selections = scheduler.select_destinations(
                    ctx, rpc::obj_field(args, "request_spec"), uuids, alternates, &times);
                decided = ms_since(started);
            }
            // One line per decision: bench/compute.py reads the decision's
            // own time (from its slot on) and the wait for the slot from it.
            spdlog::info(
                "scheduler: selected destinations for {} instance(s) in {:.3f} ms "
                "(candidates {:.3f} ms, host states {:.3f} ms, claims {:.3f} ms) "
                "after {:.3f} ms queued for a decision slot",
                uuids.size(), decided, times.candidates, times.host_states, times.claims, queued);
            json::array out;
            for (const auto& list : selections) {
                json::array inner;
                for (const auto& s : list) {
                    inner.push_back(s.to_json());
                }
                out.push_back(std::move(inner));
            }
            return json::object{{"selections", std::move(out)}};
        });
}

void SchedulerService::start() {
    scheduler_.start_host_refresh();
    server_.start();
}

void SchedulerService::stop() {
    server_.stop();
    scheduler_.stop_host_refresh();
}

}  // namespace onestack::compute::scheduler
