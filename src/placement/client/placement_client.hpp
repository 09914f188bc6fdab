#pragma once
// A typed REST client for placement, for the compute scheduler and agents:
// providers, inventories, traits, aggregates, allocation candidates and
// claims. Writes that carry a provider generation are retried on 409
// placement.concurrent_update with the generation re-read (nova's report
// client does the same); claims are retried on a stale consumer generation,
// and report "no room" (409 without that code) as a false return.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json.hpp>

#include "common/http/client.hpp"

namespace onestack::placement {
class Placement;
}

namespace onestack::placement::client {

// A placement answer the caller did not expect.
struct PlacementError : std::runtime_error {
    PlacementError(unsigned status, std::string code, std::string detail);
    unsigned status;
    std::string code;    // "placement.concurrent_update", ...
    std::string detail;  // upstream's detail text
};

struct ClientOptions {
    std::string endpoint;                // "http://127.0.0.1:8778"
    std::function<std::string()> token;  // X-Auth-Token for each call
    std::string microversion = "1.39";
    int conflict_retries = 4;
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};
    // Placement running in this process (the all-in-one): allocation
    // candidates are read from its model directly (local_candidates.hpp),
    // and claims, reads and deletes of a consumer's allocations call its
    // allocation operations (local_allocations.hpp); every other call
    // still goes over HTTP.
    Placement* local = nullptr;
};

struct ProviderInfo {
    std::string uuid;
    std::string name;
    std::int64_t generation = 0;
    std::optional<std::string> parent_uuid;
    std::string root_uuid;
};

struct InventoryRecord {
    std::int64_t total = 0;
    std::int64_t reserved = 0;
    std::int64_t min_unit = 1;
    std::int64_t max_unit = 0x7FFFFFFF;
    std::int64_t step_size = 1;
    double allocation_ratio = 1.0;
};

// Resource class -> amount, per provider uuid (looked up by string_view or
// literal without a temporary string: the scheduler does for 1,000 hosts).
using Resources = std::map<std::string, std::int64_t, std::less<>>;
using AllocationMap = std::map<std::string, Resources, std::less<>>;

struct ConsumerAllocations {
    AllocationMap allocations;
    std::optional<std::int64_t> consumer_generation;  // nullopt: no such consumer
    std::string project_id;
    std::string user_id;
    std::string consumer_type;
};

// GET /allocation_candidates parameters (the unnumbered group plus extra
// raw query parameters for granular groups and the like).
struct CandidateQuery {
    Resources resources;
    std::vector<std::string> required;   // "TRAIT" or "!TRAIT"
    std::vector<std::string> member_of;  // "in:a,b" or one uuid each
    std::optional<std::string> in_tree;
    std::optional<std::size_t> limit;
    std::vector<std::pair<std::string, std::string>> extra;
    // False: Candidates::traits stays empty (the scheduler does not read
    // them; a handful of strings per provider otherwise).
    bool with_traits = true;
};

struct Candidates {
    std::vector<AllocationMap> allocation_requests;
    // Provider uuid -> resource class -> {capacity, used}; hashed: the
    // scheduler looks up each of up to 1,000 hosts.
    std::unordered_map<std::string,
                       std::map<std::string, std::pair<std::int64_t, std::int64_t>, std::less<>>>
        summaries;
    std::map<std::string, std::vector<std::string>> traits;  // provider uuid -> traits
};

// The query string of GET /allocation_candidates for q, without the '?'.
std::string candidate_query_string(const CandidateQuery& q);

class PlacementClient {
  public:
    explicit PlacementClient(ClientOptions options);

    std::optional<ProviderInfo> get_provider(const std::string& uuid);
    // Creates the provider unless it exists (by uuid); returns it.
    ProviderInfo ensure_provider(const std::string& uuid, const std::string& name,
                                 const std::optional<std::string>& parent_uuid = std::nullopt);
    std::vector<ProviderInfo> list_providers(const std::string& query = "");
    void delete_provider(const std::string& uuid);

    // Replaces the provider's inventory; returns the new generation.
    std::int64_t set_inventories(const std::string& uuid,
                                 const std::map<std::string, InventoryRecord>& inventories);
    std::map<std::string, InventoryRecord> get_inventories(const std::string& uuid);
    std::int64_t set_traits(const std::string& uuid, const std::vector<std::string>& traits);
    std::vector<std::string> get_traits(const std::string& uuid);
    std::int64_t set_aggregates(const std::string& uuid,
                                const std::vector<std::string>& aggregates);
    void ensure_trait(const std::string& name);
    void ensure_resource_class(const std::string& name);
    Resources provider_usages(const std::string& uuid);

    Candidates allocation_candidates(const CandidateQuery& query);

    ConsumerAllocations get_allocations(const std::string& consumer);
    // Claims `allocations` for a consumer that has none (or replaces what it
    // has when it exists). True when placement accepted the claim, false
    // when it does not fit (409 capacity); throws PlacementError otherwise.
    bool claim(const std::string& consumer, const AllocationMap& allocations,
               const std::string& project_id, const std::string& user_id,
               const std::string& consumer_type = "INSTANCE");
    // Removes the consumer's allocations; false when it had none.
    bool delete_allocations(const std::string& consumer);

  private:
    http::ClientResponse call(http::Verb method, const std::string& path,
                              const std::optional<boost::json::value>& body = std::nullopt);
    [[noreturn]] void fail(const http::ClientResponse& res);
    // PUT /allocations/{consumer} (1.12+ body); throws PlacementError unless 204.
    void put_allocations(const std::string& consumer, const AllocationMap& allocations,
                         const std::string& project_id, const std::string& user_id,
                         const std::string& consumer_type, std::optional<std::int64_t> generation);
    // Runs a generation-guarded write, re-reading the generation on 409
    // placement.concurrent_update.
    std::int64_t with_generation(const std::string& uuid,
                                 const std::function<http::ClientResponse(std::int64_t)>& write);

    ClientOptions options_;
    http::HttpClient http_;
};

}  // namespace onestack::placement::client
