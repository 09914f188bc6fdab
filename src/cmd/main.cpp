// onestack: one binary, subcommands for every role it plays.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <iostream>

#include "cmd/all_in_one.hpp"
#include "cmd/compute_runner.hpp"
#include "cmd/control_plane_runner.hpp"
#include "cmd/identity_runner.hpp"
#include "cmd/settings.hpp"
#include "common/crypto/key_repository.hpp"
#include "common/db/migrations.hpp"
#include "identity/bootstrap.hpp"
#include "identity/db/schema.hpp"
#include "identity/options.hpp"
#include "image/db/schema.hpp"
#include "image/options.hpp"
#include "placement/db/schema.hpp"
#include "placement/options.hpp"

namespace cmd = onestack::cmd;

int main(int argc, char** argv) {
    // Keep freed memory for reuse: with glibc's defaults a large response (an
    // image list of 1,000 is ~0.7 MB) is mmapped or trimmed back each time, and
    // the fresh pages fault in again on every request (5x slower on this VM).
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    CLI::App app{"onestack: OpenStack's core cloud in one binary"};
    app.require_subcommand(1);
    std::vector<std::string> config_files;
    std::vector<std::string> overrides;
    app.add_option("--config-file", config_files, "INI file(s); later files override earlier ones");
    app.add_option("--set", overrides, "Override one option: section.name=value");

    auto* aio = app.add_subcommand("all-in-one", "Run every service in one process");
    auto* serve = app.add_subcommand("serve", "Run the named services");
    std::vector<std::string> services;
    serve->add_option("services", services, "identity, image, placement, compute, metadata")
        ->required();

    auto* db = app.add_subcommand("db", "Database maintenance");
    auto* db_sync = db->add_subcommand("sync", "Bring a service's schema up to date");
    std::string db_service;
    db_sync->add_option("service", db_service, "identity, image, placement or compute")->required();
    db->require_subcommand(1);

    auto* ident = app.add_subcommand("identity", "Identity administration");
    auto* boot = ident->add_subcommand("bootstrap", "keystone-manage bootstrap");
    onestack::identity::BootstrapOptions boot_opts;
    std::string public_url;
    boot->add_option("--bootstrap-password", boot_opts.admin_password)->required();
    boot->add_option("--bootstrap-username", boot_opts.admin_username);
    boot->add_option("--bootstrap-project-name", boot_opts.admin_project);
    boot->add_option("--bootstrap-region-id", boot_opts.region);
    boot->add_option("--bootstrap-public-url", public_url, "Identity URL for the catalog");
    auto* fernet_setup = ident->add_subcommand("fernet-setup", "Create the Fernet key repository");
    auto* fernet_rotate = ident->add_subcommand("fernet-rotate", "Rotate the Fernet keys");
    ident->require_subcommand(1);

    auto* conf_cmd = app.add_subcommand("config", "Configuration");
    auto* sample =
        conf_cmd->add_subcommand("sample", "Print every option with its help and default");
    conf_cmd->require_subcommand(1);

    auto* agent_cmd = app.add_subcommand("compute-agent", "Run the compute agent of one host");
    std::string agent_host;
    agent_cmd->add_option("--host", agent_host, "The host this agent serves")->required();

    for (auto* sub : {aio, serve, db, ident, conf_cmd, agent_cmd}) {
        sub->fallthrough();
    }
    CLI11_PARSE(app, argc, argv);

    try {
        if (*sample) {
            onestack::config::Registry registry;
            cmd::register_all_options(registry);
            std::cout << registry.sample();
            return 0;
        }
        auto settings = cmd::load_settings(config_files, overrides);
        cmd::setup_logging(*settings->conf);
        auto& conf = *settings->conf;
        if (*aio) {
            return cmd::run_all_in_one(*settings);
        }
        if (*serve) {
            return cmd::run_serve(*settings, services);
        }
        if (*agent_cmd) {
            return cmd::run_compute_agent(*settings, agent_host);
        }
        if (*db_sync) {
            if (db_service == "placement") {
                auto database =
                    onestack::db::Database::open(onestack::placement::database_url(conf));
                int v = onestack::db::migrate(*database, "placement",
                                              onestack::placement::db::migrations());
                std::cout << "placement schema at version " << v << "\n";
                return 0;
            }
            if (db_service == "compute") {
                cmd::open_compute_db(conf);
                std::cout << "compute schema up to date\n";
                return 0;
            }
            if (db_service == "image") {
                auto database = onestack::db::Database::open(onestack::image::database_url(conf));
                int v =
                    onestack::db::migrate(*database, "image", onestack::image::db::migrations());
                std::cout << "image schema at version " << v << "\n";
                return 0;
            }
            if (db_service != "identity") {
                std::cerr << "unknown service: " << db_service << "\n";
                return 2;
            }
            auto database = onestack::db::Database::open(onestack::identity::database_url(conf));
            int v =
                onestack::db::migrate(*database, "identity", onestack::identity::db::migrations());
            std::cout << "identity schema at version " << v << "\n";
            return 0;
        }
        if (*boot) {
            auto identity = cmd::open_identity(conf);
            if (public_url.empty()) {
                public_url = "http://" + conf.get_string("identity", "bind_host") + ":" +
                             std::to_string(conf.get_int("identity", "bind_port")) + "/v3";
            }
            boot_opts.services = {{"identity", "keystone", public_url}};
            onestack::identity::bootstrap(*identity, boot_opts);
            return 0;
        }
        if (*fernet_setup || *fernet_rotate) {
            onestack::crypto::KeyRepository keys(
                conf.get_string("fernet_tokens", "key_repository"),
                static_cast<int>(conf.get_int("fernet_tokens", "max_active_keys")));
            if (*fernet_setup) {
                keys.setup();
            } else {
                keys.rotate();
            }
            return 0;
        }
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
        std::cerr << "onestack: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
