#pragma once
// Scheduler filters and weighers, registered by name (STYLE.md 8) and chosen
// in [filter_scheduler] enabled_filters / weight_classes, as Nova's are.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compute/manager/options.hpp"
#include "compute/scheduler/host_state.hpp"

namespace onestack::compute::scheduler {

class Filter {
  public:
    virtual ~Filter() = default;
    virtual std::string name() const = 0;
    virtual bool passes(const HostState& host, const FilterRequest& request) const = 0;
};

class Weigher {
  public:
    virtual ~Weigher() = default;
    virtual std::string name() const = 0;
    virtual double multiplier(const SchedulerOptions& options) const = 0;
    // The raw weight; the scheduler normalizes across hosts (nova/weights.py).
    virtual double weigh(const HostState& host, const FilterRequest& request) const = 0;
};

class Registry {
  public:
    using FilterFactory = std::function<std::unique_ptr<Filter>()>;
    using WeigherFactory = std::function<std::unique_ptr<Weigher>()>;
    void add_filter(const std::string& name, FilterFactory f);
    void add_weigher(const std::string& name, WeigherFactory f);
    // Throws std::invalid_argument naming an unknown filter or weigher.
    std::vector<std::unique_ptr<Filter>> filters(const std::vector<std::string>& names) const;
    std::vector<std::unique_ptr<Weigher>> weighers(const std::vector<std::string>& names) const;

  private:
    std::map<std::string, FilterFactory> filters_;
    std::map<std::string, WeigherFactory> weighers_;
};

// Registers every built-in filter and weigher.
void register_all(Registry& registry);

// The availability zones of a host: its aggregates' availability_zone, or
// the default zone when none sets one.
std::vector<std::string> host_availability_zones(const HostState& host,
                                                 const std::string& default_zone);

}  // namespace onestack::compute::scheduler
