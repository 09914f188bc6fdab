#include "compute/metadata/service.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/api/fault.hpp"
#include "compute/metadata/password.hpp"
#include "compute/metadata/signature.hpp"
#include "compute/metadata/source_store.hpp"
#include "compute/metadata/versions.hpp"

namespace onestack::compute::metadata {

namespace json = boost::json;
using onestack::api::Fault;
using Kind = LookupResult::Kind;

namespace {

std::optional<std::string> header(const http::Request& req, std::string_view name) {
    if (!req.has_header(name)) {
        return std::nullopt;
    }
    return std::string(req.header(name));
}

// webob's HTTPNotFound() without an explanation of its own.
Fault not_found() {
    return Fault::not_found("The resource could not be found.");
}

bool is_root(std::string_view path) {
    return path.find_first_not_of('/') == std::string_view::npos;
}

// webob answers text with its charset; JSON without.
std::string content_type(const std::string& type) {
    return type.starts_with("text/") ? type + "; charset=UTF-8" : type;
}

}  // namespace

MetadataService::MetadataService(onestack::db::Database& db, ServiceOptions options)
    : db_(db), options_(std::move(options)) {
    if (options_.service_metadata_proxy && options_.shared_secret.empty()) {
        spdlog::warn(
            "metadata: metadata_proxy_shared_secret is not configured, the metadata "
            "information returned by the proxy cannot be trusted");
    }
}

http::Response MetadataService::handle(http::Request& req) {
    const std::string path = http::percent_decode(req.path);
    // The EC2 version list needs no instance.
    if (is_root(path)) {
        json::array versions;
        for (const auto& v : ec2_versions()) {
            versions.emplace_back(v);
        }
        versions.emplace_back(kLatest);
        return http::Response::text(200, ec2_md_print(versions));
    }
    auto md = identify(req);
    if (!md) {
        throw not_found();
    }
    auto found = md->lookup(path);
    switch (found.kind) {
        case Kind::NotFound:
            throw not_found();
        case Kind::Password:
            return password(req, *md);
        case Kind::Data:
            break;
    }
    return http::Response::text(200, std::move(found.body), content_type(found.content_type));
}

std::optional<InstanceMetadata> MetadataService::identify(const http::Request& req) {
    if (!options_.service_metadata_proxy) {
        if (req.has_header("X-Instance-ID")) {
            spdlog::warn(
                "metadata: X-Instance-ID present in request headers. The "
                "'service_metadata_proxy' option must be enabled to process this header.");
        }
        // An instance is found by its fixed IP, which needs networking: no
        // address matches yet, so every caller is unknown (404), as Nova
        // answers for an address without a port.
        auto address = req.remote_addr;
        if (options_.use_forwarded_for && req.has_header("X-Forwarded-For")) {
            address = std::string(req.header("X-Forwarded-For"));
        }
        spdlog::error("metadata: Failed to get metadata for IP {}: no metadata", address);
        return std::nullopt;
    }
    if (req.has_header("X-Metadata-Provider")) {
        return by_provider(req);
    }
    return by_instance_id(req);
}

// handler.py _handle_instance_id_request.
std::optional<InstanceMetadata> MetadataService::by_instance_id(const http::Request& req) {
    auto instance_id = header(req, "X-Instance-ID");
    auto tenant_id = header(req, "X-Tenant-ID");
    auto signature = header(req, "X-Instance-ID-Signature");
    auto remote_address = header(req, "X-Forwarded-For");
    if (!instance_id) {
        throw Fault::bad_request("X-Instance-ID header is missing from request.");
    }
    if (!signature) {
        throw Fault::bad_request("X-Instance-ID-Signature header is missing from request.");
    }
    if (!tenant_id) {
        throw Fault::bad_request("X-Tenant-ID header is missing from request.");
    }
    if (!signature_valid(options_.shared_secret, *instance_id, *signature)) {
        if (!instance_id->empty()) {
            spdlog::warn(
                "metadata: X-Instance-ID-Signature: {} does not match the expected value for "
                "id: {}. Request From: {}",
                *signature, *instance_id, remote_address.value_or("None"));
        }
        throw Fault::forbidden("Invalid proxy request signature.");
    }
    return load(*instance_id, *tenant_id, remote_address);
}

// handler.py _handle_instance_id_request_from_lb: the provider's ports are
// networking's to find; without networking no subnet serves the provider.
std::optional<InstanceMetadata> MetadataService::by_provider(const http::Request& req) {
    auto remote_address = header(req, "X-Forwarded-For");
    if (!remote_address) {
        throw Fault::bad_request("X-Forwarded-For is missing from request.");
    }
    auto provider_id = std::string(req.header("X-Metadata-Provider"));
    auto instance_address = remote_address->substr(0, remote_address->find(','));
    if (!options_.shared_secret.empty()) {
        auto signature = header(req, "X-Metadata-Provider-Signature").value_or("");
        if (!signature_valid(options_.shared_secret, provider_id, signature)) {
            throw Fault::forbidden("Invalid proxy request signature.");
        }
    }
    spdlog::error("metadata: Could not find any subnets for provider {} (instance address {})",
                  provider_id, instance_address);
    throw Fault::bad_request("Could not find any subnets for provider " + provider_id);
}

std::optional<InstanceMetadata> MetadataService::load(const std::string& uuid,
                                                      const std::string& tenant_id,
                                                      std::optional<std::string> address) {
    auto source = db_.read([&](onestack::db::Conn& c) { return load_source(c, uuid); });
    if (!source) {
        spdlog::error("metadata: Failed to get metadata for instance id: {}", uuid);
        return std::nullopt;
    }
    if (source->instance.project_id != tenant_id) {
        spdlog::warn("metadata: Tenant_id {} does not match tenant_id of instance {}.", tenant_id,
                     uuid);
        return std::nullopt;
    }
    source->address = std::move(address);
    return InstanceMetadata(std::move(*source), options_.documents);
}

// password.py handle_password: GET reads it, POST sets it once.
http::Response MetadataService::password(const http::Request& req, const InstanceMetadata& md) {
    // webob's default response type (the handler returns a bare string).
    static constexpr const char* kHtml = "text/html; charset=UTF-8";
    if (req.method == http::Verb::get) {
        return http::Response::text(200, md.password().value_or(""), kHtml);
    }
    if (req.method != http::Verb::post) {
        throw Fault::bad_request("GET and POST only are supported.");
    }
    if (md.password()) {
        throw Fault::conflict("There was a conflict when trying to complete your request.");
    }
    if (req.body.size() > kPasswordMaxSize) {
        throw Fault::bad_request("Request is too large.");
    }
    const auto& uuid = md.instance().uuid;
    auto result =
        db_.write([&](onestack::db::Conn& c) { return set_password_once(c, uuid, req.body); });
    if (result == PasswordWrite::NoInstance) {
        throw Fault::bad_request("Instance " + uuid + " could not be found.");
    }
    if (result == PasswordWrite::AlreadySet) {
        throw Fault::conflict("There was a conflict when trying to complete your request.");
    }
    return http::Response::text(200, "", kHtml);
}

std::unique_ptr<onestack::api::ServiceApp> make_app(MetadataService& service) {
    auto app =
        std::make_unique<onestack::api::ServiceApp>("metadata", onestack::api::FaultFormat::Glance);
    auto handler = [&service](http::Request& req) { return service.handle(req); };
    for (auto verb : {http::Verb::get, http::Verb::post, http::Verb::put, http::Verb::delete_,
                      http::Verb::patch}) {
        app->router().add(verb, "/", handler, {.public_route = true});
        app->router().add(verb, "/{path+}", handler, {.public_route = true});
    }
    return app;
}

}  // namespace onestack::compute::metadata
