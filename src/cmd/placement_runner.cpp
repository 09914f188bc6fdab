#include "cmd/placement_runner.hpp"

#include "common/db/migrations.hpp"
#include "common/runtime/common_options.hpp"
#include "placement/api/routes.hpp"
#include "placement/db/schema.hpp"
#include "placement/options.hpp"

namespace onestack::cmd {

std::unique_ptr<placement::Placement> open_placement(const config::Config& conf) {
    auto database = db::Database::open(placement::database_url(conf));
    db::migrate(*database, "placement", placement::db::migrations());
    return std::make_unique<placement::Placement>(placement::options_from(conf),
                                                  std::move(database));
}

PlacementRunner::PlacementRunner(const config::Config& conf,
                                 std::shared_ptr<auth::TokenValidator> validator,
                                 std::string identity_uri)
    : placement_(open_placement(conf)) {
    app_ = placement::api::make_app(*placement_, std::move(validator), std::move(identity_uri));
    server_ =
        std::make_unique<http::Server>(runtime::listen_options(conf, placement::kSection), *app_);
}

PlacementRunner::~PlacementRunner() {
    stop();
}

void PlacementRunner::start() {
    server_->start();
}

void PlacementRunner::stop() {
    if (server_) {
        server_->stop();
    }
}

}  // namespace onestack::cmd
