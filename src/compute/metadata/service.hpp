#pragma once
// The metadata service (nova-api-metadata, port 8775; nova's
// api/metadata/handler.py MetadataRequestHandler): guests, through the
// metadata proxy, read their documents and post their password. The proxy
// names the instance (X-Instance-ID, X-Tenant-ID) and signs the id
// (X-Instance-ID-Signature); errors are webob's pages, as Nova's are.
#include <memory>
#include <optional>
#include <string>

#include "common/api/service_app.hpp"
#include "common/db/database.hpp"
#include "compute/metadata/instance_metadata.hpp"
#include "compute/metadata/options.hpp"

namespace onestack::compute::metadata {

class MetadataService {
  public:
    MetadataService(onestack::db::Database& db, ServiceOptions options);

    // Any method on any path; throws api::Fault for 400/403/404/409.
    http::Response handle(http::Request& req);

  private:
    // The instance the request speaks for, or none (404).
    std::optional<InstanceMetadata> identify(const http::Request& req);
    std::optional<InstanceMetadata> by_instance_id(const http::Request& req);
    std::optional<InstanceMetadata> by_provider(const http::Request& req);
    std::optional<InstanceMetadata> load(const std::string& uuid, const std::string& tenant_id,
                                         std::optional<std::string> address);
    http::Response password(const http::Request& req, const InstanceMetadata& md);

    onestack::db::Database& db_;
    ServiceOptions options_;
};

// The service's HTTP application: every path and method reaches handle().
std::unique_ptr<onestack::api::ServiceApp> make_app(MetadataService& service);

}  // namespace onestack::compute::metadata
