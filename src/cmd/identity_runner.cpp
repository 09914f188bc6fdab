#include "cmd/identity_runner.hpp"

#include "common/db/migrations.hpp"
#include "common/runtime/common_options.hpp"
#include "identity/api/routes.hpp"
#include "identity/db/schema.hpp"
#include "identity/options.hpp"

namespace onestack::cmd {

std::unique_ptr<identity::Identity> open_identity(const config::Config& conf) {
    auto database = db::Database::open(identity::database_url(conf));
    db::migrate(*database, "identity", identity::db::migrations());
    return std::make_unique<identity::Identity>(identity::options_from(conf), std::move(database));
}

IdentityRunner::IdentityRunner(const config::Config& conf) : identity_(open_identity(conf)) {
    app_ = identity::api::make_app(*identity_);
    server_ =
        std::make_unique<http::Server>(runtime::listen_options(conf, identity::kSection), *app_);
}

IdentityRunner::~IdentityRunner() {
    stop();
}

void IdentityRunner::start() {
    server_->start();
}
void IdentityRunner::stop() {
    if (server_) {
        server_->stop();
    }
}

}  // namespace onestack::cmd
