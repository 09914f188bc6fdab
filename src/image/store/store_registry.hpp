#pragma once
// The configured stores by id, the default one, and the staging area that
// PUT /v2/images/{id}/stage writes to (glance's os_glance_staging_store).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "image/image_options.hpp"
#include "image/store/filesystem_store.hpp"

namespace onestack::image::store {

class StoreRegistry {
  public:
    explicit StoreRegistry(const ImageOptions& options);

    // nullptr when no store has that id.
    Store* find(const std::string& id) const;
    Store& default_store() const { return *find(default_id_); }
    const std::string& default_id() const { return default_id_; }
    // In configuration order.
    const std::vector<Store*>& all() const { return ordered_; }
    FilesystemStore& staging() const { return *staging_; }

  private:
    std::map<std::string, std::unique_ptr<Store>> stores_;
    std::vector<Store*> ordered_;
    std::string default_id_;
    std::unique_ptr<FilesystemStore> staging_;
};

}  // namespace onestack::image::store
