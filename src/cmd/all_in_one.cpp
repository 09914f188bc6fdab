#include "cmd/all_in_one.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>

#include "cmd/client_files.hpp"
#include "cmd/compute_runner.hpp"
#include "cmd/control_plane_runner.hpp"
#include "cmd/identity_runner.hpp"
#include "cmd/image_runner.hpp"
#include "cmd/metadata_runner.hpp"
#include "cmd/placement_runner.hpp"
#include "cmd/signals.hpp"
#include "common/auth/remote_token_validator.hpp"
#include "common/rpc/transport.hpp"
#include "common/runtime/common_options.hpp"
#include "common/util/ids.hpp"
#include "compute/api/options.hpp"
#include "compute/metadata/options.hpp"
#include "identity/bootstrap.hpp"
#include "identity/local_token_validator.hpp"

namespace onestack::cmd {
namespace {

std::string endpoint(const config::Config& conf, const std::string& section,
                     const std::string& path) {
    auto host = conf.get_string(section, "bind_host");
    if (host == "0.0.0.0") {
        host = "127.0.0.1";
    }
    return "http://" + host + ":" + std::to_string(conf.get_int(section, "bind_port")) + path;
}

std::string random_password() {
    static constexpr char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (unsigned char b : util::random_bytes(20)) {
        out.push_back(alphabet[b % (sizeof(alphabet) - 1)]);
    }
    return out;
}

}  // namespace

int run_serve(Settings& settings, const std::vector<std::string>& services) {
    auto& conf = *settings.conf;
    block_termination_signals();
    std::unique_ptr<IdentityRunner> identity;
    std::unique_ptr<PlacementRunner> placement;
    std::unique_ptr<ImageRunner> image;
    std::unique_ptr<ComputeApiRunner> compute_api;
    std::unique_ptr<db::Database> metadata_db;
    std::unique_ptr<MetadataRunner> metadata;
    std::shared_ptr<rpc::Transport> transport;
    // Tokens are checked in-process when identity runs here, else over REST.
    auto validator_for = [&](const std::string& section) -> std::shared_ptr<auth::TokenValidator> {
        if (identity) {
            return std::make_shared<identity::LocalTokenValidator>(identity->identity());
        }
        return std::make_shared<auth::RemoteTokenValidator>(
            runtime::service_credentials(conf, section));
    };
    auto identity_root = [&](const std::string& section) {
        return runtime::identity_root(conf.get_string(section, "auth_url"));
    };
    for (const auto& s : services) {
        if (s == "identity") {
            identity = std::make_unique<IdentityRunner>(conf);
            identity->start();
            spdlog::info("identity listening on {}", endpoint(conf, "identity", ""));
        } else if (s == "image") {
            image =
                std::make_unique<ImageRunner>(conf, validator_for("image"), identity_root("image"));
            image->start();
            spdlog::info("image listening on {}", endpoint(conf, "image", ""));
        } else if (s == "placement") {
            bool noauth = conf.get_string("placement", "auth_strategy") == "noauth2";
            placement = std::make_unique<PlacementRunner>(
                conf, noauth ? nullptr : validator_for("placement"), identity_root("placement"));
            placement->start();
            spdlog::info("placement listening on {}", endpoint(conf, "placement", ""));
        } else if (s == "compute") {
            using compute::api::kSection;
            if (!transport) {
                transport = rpc::make_transport(conf.get_string("DEFAULT", "transport_url"));
            }
            compute_api = std::make_unique<ComputeApiRunner>(conf, validator_for(kSection),
                                                             identity_root(kSection), transport);
            compute_api->start();
            spdlog::info("compute listening on {}", endpoint(conf, kSection, ""));
        } else if (s == "metadata") {
            metadata_db = open_compute_db(conf);
            metadata = std::make_unique<MetadataRunner>(conf, *metadata_db);
            metadata->start();
            spdlog::info("metadata listening on {}",
                         endpoint(conf, compute::metadata::kSection, ""));
        } else {
            std::cerr << "unknown service: " << s << "\n";
            return 2;
        }
    }
    int sig = wait_for_termination();
    spdlog::info("signal {}: stopping", sig);
    metadata.reset();
    compute_api.reset();
    image.reset();
    identity.reset();
    return 0;
}

int run_all_in_one(Settings& settings) {
    auto& conf = *settings.conf;
    auto started = std::chrono::steady_clock::now();
    block_termination_signals();
    auto state = conf.get_string("DEFAULT", "state_path");

    IdentityRunner identity(conf);
    identity::BootstrapOptions boot;
    // The password is only needed to create the admin; a restart keeps the
    // stored one (and skips a bcrypt verification at start).
    auto known_password = read_admin_password(state);
    if (known_password.empty()) {
        boot.admin_password = random_password();
    }
    auto auth_url = endpoint(conf, "identity", "/v3");
    auto image_url = endpoint(conf, "image", "");
    boot.services = {{"identity", "keystone", auth_url}, {"image", "glance", image_url}};
    auto placement_url = endpoint(conf, "placement", "");
    boot.services.push_back({"placement", "placement", placement_url});
    auto compute_url = endpoint(conf, compute::api::kSection, "/v2.1");
    boot.services.push_back({"compute", "nova", compute_url});
    identity::bootstrap(identity.identity(), boot);
    identity.start();
    PlacementRunner placement(conf,
                              std::make_shared<identity::LocalTokenValidator>(identity.identity()),
                              endpoint(conf, "identity", ""));
    placement.start();
    ImageRunner image(conf, std::make_shared<identity::LocalTokenValidator>(identity.identity()),
                      endpoint(conf, "identity", ""));
    image.start();
    // The compute API asks this process's image service about imageRef.
    conf.set(compute::api::kSection, "image_url", image_url);
    auto transport = rpc::make_transport(conf.get_string("DEFAULT", "transport_url"));
    ComputeApiRunner compute_api(
        conf, std::make_shared<identity::LocalTokenValidator>(identity.identity()),
        endpoint(conf, "identity", ""), transport);
    compute_api.start();
    // Guests read their metadata (through the metadata proxy) from compute's database.
    std::unique_ptr<MetadataRunner> metadata;
    if (conf.get_bool(compute::metadata::kSection, "enabled")) {
        metadata = std::make_unique<MetadataRunner>(conf, compute_api.api().db());
        metadata->start();
    }
    // Conductor, scheduler, reconciler and the fake hosts' agents; placement
    // is called with the admin's token, issued by identity.
    conf.set("compute", "placement_url", placement_url);
    conf.set("compute", "image_url", image_url);
    auto service_auth = std::make_shared<auth::RemoteTokenValidator>(auth::ServiceCredentials{
        auth_url, boot.admin_username,
        known_password.empty() ? boot.admin_password : known_password, boot.admin_project});
    ControlPlaneRunner control_plane(
        conf, compute_api.api().db(), transport,
        [service_auth] { return service_auth->service_token(); }, true,
        all_in_one_agent_hosts(conf), &placement.placement());
    control_plane.start();
    write_client_files(state, {auth_url, boot.admin_username,
                               known_password.empty() ? boot.admin_password : known_password,
                               boot.admin_project, boot.region});

    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    spdlog::info("all-in-one ready in {} ms", ms);
    std::cout << "onestack is running (ready in " << ms << " ms).\n"
              << "  identity: " << auth_url << "\n"
              << "  placement: " << placement_url << "\n"
              << "  image:    " << image_url << "\n"
              << "  compute:  " << compute_url << "\n"
              << (metadata ? "  metadata: " + endpoint(conf, compute::metadata::kSection, "") + "\n"
                           : std::string())
              << "  admin credentials: " << state << "/clouds.yaml (cloud 'onestack'), " << state
              << "/openrc\n"
              << "Use it:  export OS_CLIENT_CONFIG_FILE=" << state
              << "/clouds.yaml OS_CLOUD=onestack; openstack token issue\n"
              << "     or: source " << state << "/openrc; openstack project list\n"
              << std::flush;

    int sig = wait_for_termination();
    spdlog::info("signal {}: stopping", sig);
    if (metadata) {
        metadata->stop();
    }
    compute_api.stop();
    control_plane.stop();
    placement.stop();
    image.stop();
    identity.stop();
    return 0;
}

}  // namespace onestack::cmd
