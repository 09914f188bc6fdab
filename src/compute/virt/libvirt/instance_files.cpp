#include "compute/virt/libvirt/instance_files.hpp"

#include <fstream>
#include <sstream>

namespace onestack::compute::virt::libvirt {

std::string image_property(const ImageMeta& image, const char* name) {
    const auto* v = image.properties.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    auto tmp = p.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) {
            throw DriverError("cannot write " + tmp);
        }
    }
    std::filesystem::rename(tmp, p);
}

}  // namespace onestack::compute::virt::libvirt
