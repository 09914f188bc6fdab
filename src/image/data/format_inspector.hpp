#pragma once
// The virtual size of a disk image, read from its header while the data
// streams by (glance/common/format_inspector.py). Only the first 512 bytes
// are kept. raw: the byte count; qcow2, vhd, vmdk (sparse extent header),
// vdi: the header field. vhdx and others give no virtual size, as a format
// whose header does not match its disk_format does not.
#include <cstdint>
#include <optional>
#include <string>

namespace onestack::image::data {

class FormatInspector {
  public:
    explicit FormatInspector(std::string disk_format);
    void feed(const char* data, std::size_t n);
    std::optional<std::int64_t> virtual_size() const;

  private:
    std::string format_;
    std::string header_;
    std::uint64_t total_ = 0;
};

}  // namespace onestack::image::data
