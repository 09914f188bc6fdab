#pragma once
// The service catalog as tokens carry it: enabled services with their
// enabled endpoints, filtered per project by OS-EP-FILTER associations, and
// with $(project_id)s / %(tenant_id)s substituted in URLs. Rebuilt only when
// identity's generation moves.
#include <boost/json/array.hpp>
#include <mutex>
#include <string>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity {

class Identity;

class CatalogCache {
  public:
    explicit CatalogCache(Identity& identity) : identity_(identity) {}
    // project_id may be empty (unscoped, domain or system tokens).
    boost::json::array catalog_for(const std::string& project_id);

  private:
    struct Snapshot;
    std::shared_ptr<Snapshot> snapshot();

    Identity& identity_;
    std::mutex mu_;
    std::shared_ptr<Snapshot> snapshot_;
    std::uint64_t generation_ = 0;
};

// Endpoint ids a project is restricted to (OS-EP-FILTER): those associated
// with it directly and those its endpoint groups select; empty: no filter.
std::vector<std::string> project_endpoint_filter(onestack::db::Conn& c,
                                                 const std::string& project_id);

// Whether an endpoint group's filters ({"service_id": ..., "region_id": ...,
// "interface": ...}) all select this endpoint.
bool endpoint_group_selects(const Endpoint& e, const boost::json::object& filters);

}  // namespace onestack::identity
