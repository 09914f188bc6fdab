#pragma once
// glance_store's "file" driver: one file per image under a data directory,
// written to a hidden temporary name and linked into place on commit, so a
// crash or an aborted upload never leaves a partial image under its real name.
#include <string>

#include "image/store/store.hpp"

namespace onestack::image::store {

class FilesystemStore final : public Store {
  public:
    FilesystemStore(std::string id, std::string datadir, std::string description = {});

    const std::string& id() const override { return id_; }
    const std::string& type() const override { return type_; }
    const std::string& description() const override { return description_; }
    const std::string& datadir() const { return datadir_; }

    std::unique_ptr<StoreWriter> begin_write(const std::string& image_id) override;
    std::unique_ptr<StoreReader> open(const std::string& url, std::uint64_t offset,
                                      std::optional<std::uint64_t> length) override;
    void remove(const std::string& url) override;
    boost::json::object properties() const override;

    // The path a file:// URL of this store names; throws StoreNotFound for another store's URL.
    std::string path_of(const std::string& url) const;
    std::string url_of(const std::string& image_id) const;

  private:
    std::string id_;
    std::string type_ = "file";
    std::string datadir_;
    std::string description_;
};

}  // namespace onestack::image::store
