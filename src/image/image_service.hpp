#pragma once
// The image service's shared state for one process: options, database,
// policy, stores and the import task runner. Handlers work through it.
#include <memory>

#include "common/db/database.hpp"
#include "common/policy/enforcer.hpp"
#include "image/image_options.hpp"
#include "image/store/store_registry.hpp"

namespace onestack::image {

class ImportRunner;

class ImageService {
  public:
    ImageService(ImageOptions options, std::unique_ptr<onestack::db::Database> db);
    ~ImageService();

    const ImageOptions& options() const { return options_; }
    onestack::db::Database& db() { return *db_; }
    policy::Enforcer& policy() { return policy_; }
    store::StoreRegistry& stores() { return *stores_; }
    ImportRunner& imports() { return *imports_; }

  private:
    ImageOptions options_;
    std::unique_ptr<onestack::db::Database> db_;
    policy::Enforcer policy_;
    std::unique_ptr<store::StoreRegistry> stores_;
    std::unique_ptr<ImportRunner> imports_;
};

}  // namespace onestack::image
