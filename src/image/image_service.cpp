#include "image/image_service.hpp"

#include "image/import/import_runner.hpp"
#include "image/policy/default_rules.hpp"

namespace onestack::image {

ImageService::ImageService(ImageOptions options, std::unique_ptr<onestack::db::Database> db)
    : options_(std::move(options)), db_(std::move(db)) {
    policy_.register_defaults(default_rules());
    if (!options_.policy_file.empty()) {
        policy_.load_overrides_file(options_.policy_file);
    }
    stores_ = std::make_unique<store::StoreRegistry>(options_);
    imports_ = std::make_unique<ImportRunner>(*this);
}

ImageService::~ImageService() = default;

}  // namespace onestack::image
