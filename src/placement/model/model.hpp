#pragma once
// Placement's state as one process holds it in memory: resource providers
// with their inventories, traits and aggregates, consumers with their
// allocations, and the name tables. The database is the durable copy; this
// is the index every read and every capacity check uses (see store/store.hpp
// for how the two are kept the same).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace onestack::placement {

using Id = std::int64_t;
using Timestamp = std::int64_t;  // unix seconds

// placement/db/constants.py MAX_INT: the largest inventory value.
inline constexpr std::int64_t kMaxInt = 0x7FFFFFFF;
// placement/objects/resource_class.py MIN_CUSTOM_RESOURCE_CLASS_ID.
inline constexpr int kFirstCustomResourceClassId = 10000;
// The consumer type of consumers written before 1.38 (NULL in the table).
inline constexpr std::string_view kUnknownConsumerType = "unknown";

struct Inventory {
    int resource_class = 0;
    std::int64_t total = 0;
    std::int64_t reserved = 0;
    std::int64_t min_unit = 1;
    std::int64_t max_unit = kMaxInt;
    std::int64_t step_size = 1;
    double allocation_ratio = 1.0;
    Timestamp created_at = 0;
    Timestamp updated_at = 0;

    // placement/objects/inventory.py Inventory.capacity: int((total - reserved) * ratio).
    std::int64_t capacity() const;
    bool same_values(const Inventory& other) const;
};

struct Provider {
    Id id = 0;
    std::string uuid;
    std::string name;
    std::int64_t generation = 0;
    Id parent_id = 0;  // 0: a root
    Id root_id = 0;
    Timestamp created_at = 0;
    Timestamp updated_at = 0;
    std::vector<Inventory> inventories;  // sorted by resource class id
    std::vector<int> traits;             // sorted trait ids
    std::vector<Id> aggregates;          // aggregate ids, in association order
    std::vector<Id> children;
    // Sum of allocations per resource class, kept in step with the consumers.
    std::map<int, std::int64_t> usage;
    // Consumers holding allocations here.
    std::set<std::string> consumers;

    const Inventory* inventory(int resource_class) const;
    std::int64_t used(int resource_class) const;
    bool has_trait(int trait) const;
    bool in_aggregate(Id aggregate) const;
};

struct Allocation {
    Id id = 0;
    Id provider_id = 0;
    int resource_class = 0;
    std::int64_t used = 0;
    Timestamp created_at = 0;
    Timestamp updated_at = 0;
};

struct Consumer {
    Id id = 0;
    std::string uuid;
    std::string project_id;
    std::string user_id;
    int consumer_type = 0;  // 0: unknown (NULL)
    std::int64_t generation = 0;
    Timestamp created_at = 0;
    Timestamp updated_at = 0;
    std::vector<Allocation> allocations;
};

// Integer ids <-> names (resource classes, traits, consumer types).
struct NamedEntry {
    int id = 0;
    std::string name;
    Timestamp created_at = 0;
    Timestamp updated_at = 0;
};

class NameTable {
  public:
    const NamedEntry* find(std::string_view name) const;
    const NamedEntry* find(int id) const;
    const std::string& name(int id) const;  // "" when unknown
    std::optional<int> id(std::string_view name) const;
    void put(NamedEntry entry);
    void erase(int id);
    // Entries by id, the order upstream lists them in.
    const std::map<int, NamedEntry>& all() const { return by_id_; }
    int max_id() const { return by_id_.empty() ? 0 : by_id_.rbegin()->first; }

  private:
    std::map<int, NamedEntry> by_id_;
    std::unordered_map<std::string, int> by_name_;
};

struct Model {
    std::map<Id, Provider> providers;  // by internal id: listing order
    std::unordered_map<std::string, Id> provider_by_uuid;
    std::unordered_map<std::string, Id> provider_by_name;
    std::unordered_map<std::string, Consumer> consumers;  // by uuid
    NameTable resource_classes;
    NameTable traits;
    NameTable consumer_types;
    std::unordered_map<std::string, Id> aggregate_by_uuid;
    std::unordered_map<Id, std::string> aggregate_uuid;
    // Providers per aggregate (member_of and sharing-provider anchors).
    std::unordered_map<Id, std::set<Id>> aggregate_members;
    std::size_t nested_providers = 0;  // providers with a parent

    // The next internal ids; the store hands them out under its writer lock.
    Id next_provider_id = 1;
    Id next_consumer_id = 1;
    Id next_allocation_id = 1;
    Id next_aggregate_id = 1;

    const Provider* provider(std::string_view uuid) const;
    const Provider* provider(Id id) const;
    Provider* provider_mut(Id id);
    const Consumer* consumer(std::string_view uuid) const;
    bool has_trees() const { return nested_providers > 0; }
    const std::string& root_uuid(const Provider& p) const;
    const std::string* parent_uuid(const Provider& p) const;  // null for a root
    // The provider and every descendant, depth first.
    std::vector<Id> subtree(Id id) const;

    // Mutations that keep the indexes right (used by the store's apply steps).
    void add_provider(Provider p);
    void remove_provider(Id id);
    void rename_provider(Id id, const std::string& name);
    void set_provider_aggregates(Id id, std::vector<Id> aggregates);
    void add_aggregate(Id id, const std::string& uuid);
    std::optional<Id> aggregate(const std::string& uuid) const;
    // Replaces a consumer and its allocations (nullopt removes it), keeping
    // provider usages and consumer indexes right.
    void replace_consumer(const std::string& uuid, std::optional<Consumer> consumer);
};

}  // namespace onestack::placement
