#pragma once
// Where image bytes live. A store takes data as a stream and gives it back as
// one; the API never holds more than a buffer of it. New drivers (object
// storage, Ceph) implement this interface (glance_store's Store, reduced to
// what the image API uses).
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace onestack::image::store {

// The data a location points to is gone.
struct StoreNotFound : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// Data for this image already exists in the store.
struct StoreDuplicate : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// The medium refused the write (disk full, permissions).
struct StoreWriteError : std::runtime_error {
    using std::runtime_error::runtime_error;
    bool full = false;
};

// Receives one image's bytes. Nothing is visible under the image's final
// location until commit(); destroying an uncommitted writer removes what it
// wrote.
class StoreWriter {
  public:
    virtual ~StoreWriter() = default;
    virtual void write(const char* data, std::size_t n) = 0;
    // Makes the data durable under its final location; returns that location's URL.
    virtual std::string commit() = 0;
};

// An open local file and where the requested range starts in it.
struct FileSpan {
    int fd = -1;
    std::uint64_t offset = 0;
};

class StoreReader {
  public:
    virtual ~StoreReader() = default;
    // 0 at the end of the requested range.
    virtual std::size_t read(char* out, std::size_t n) = 0;
    // When the bytes are a local file: hands over its descriptor (the caller
    // closes it) so the API can send it with sendfile(2) instead of read().
    // The reader is spent afterwards.
    virtual std::optional<FileSpan> release_file() { return std::nullopt; }
};

class Store {
  public:
    virtual ~Store() = default;
    virtual const std::string& id() const = 0;
    virtual const std::string& type() const = 0;
    virtual const std::string& description() const = 0;
    virtual std::unique_ptr<StoreWriter> begin_write(const std::string& image_id) = 0;
    // Reads [offset, offset + length) of the data at url (to its end when no length).
    virtual std::unique_ptr<StoreReader> open(const std::string& url, std::uint64_t offset,
                                              std::optional<std::uint64_t> length) = 0;
    // Removes the data at url; absent data is not an error.
    virtual void remove(const std::string& url) = 0;
    // What GET /v2/info/stores/detail shows under "properties".
    virtual boost::json::object properties() const = 0;
};

}  // namespace onestack::image::store
