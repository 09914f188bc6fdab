#include "image/store/store_registry.hpp"

namespace onestack::image::store {

StoreRegistry::StoreRegistry(const ImageOptions& options) : default_id_(options.default_backend) {
    for (const auto& s : options.stores) {
        auto store = std::make_unique<FilesystemStore>(s.id, s.datadir, s.description);
        ordered_.push_back(store.get());
        stores_[s.id] = std::move(store);
    }
    staging_ = std::make_unique<FilesystemStore>("os_glance_staging_store", options.staging_dir);
}

Store* StoreRegistry::find(const std::string& id) const {
    auto it = stores_.find(id);
    return it == stores_.end() ? nullptr : it->second.get();
}

}  // namespace onestack::image::store
