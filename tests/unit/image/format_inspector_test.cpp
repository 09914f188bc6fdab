// Virtual sizes read from disk headers while data streams. The qcow2 and vmdk
// headers are the ones `qemu-img create` writes (fields at the offsets
// glance/common/format_inspector.py reads).
#include "image/data/format_inspector.hpp"

#include <gtest/gtest.h>

#include <string>

using onestack::image::data::FormatInspector;

namespace {

std::string be64(std::uint64_t v) {
    std::string s(8, '\0');
    for (int i = 7; i >= 0; --i) {
        s[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
    return s;
}
std::string le64(std::uint64_t v) {
    std::string s(8, '\0');
    for (std::size_t i = 0; i < 8; ++i) {
        s[i] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
    return s;
}

void feed_in_pieces(FormatInspector& f, const std::string& data, std::size_t piece) {
    for (std::size_t i = 0; i < data.size(); i += piece) {
        auto chunk = data.substr(i, piece);
        f.feed(chunk.data(), chunk.size());
    }
}

}  // namespace

TEST(FormatInspector, RawIsTheByteCount) {
    FormatInspector f("raw");
    std::string data(100000, 'x');
    feed_in_pieces(f, data, 333);
    EXPECT_EQ(f.virtual_size(), 100000);
}

TEST(FormatInspector, Qcow2HeaderAcrossSmallChunks) {
    std::string header = std::string("QFI\xfb", 4) + std::string("\0\0\0\3", 4) +
                         std::string(16, '\0') + be64(10ULL << 30);
    header.resize(1024, '\0');
    FormatInspector f("qcow2");
    feed_in_pieces(f, header, 7);
    EXPECT_EQ(f.virtual_size(), 10LL << 30);
}

TEST(FormatInspector, Qcow2WithWrongMagicHasNoVirtualSize) {
    FormatInspector f("qcow2");
    std::string data(4096, 'z');
    f.feed(data.data(), data.size());
    EXPECT_FALSE(f.virtual_size().has_value());
}

TEST(FormatInspector, VmdkSparseCapacityInSectors) {
    std::string header = "KDMV" + std::string(8, '\0') + le64(2048);
    header.resize(512, '\0');
    FormatInspector f("vmdk");
    f.feed(header.data(), header.size());
    EXPECT_EQ(f.virtual_size(), 2048 * 512);
}

TEST(FormatInspector, VdiSignatureAndDiskSize) {
    std::string header(512, '\0');
    header.replace(0x40, 4, std::string("\x7f\x10\xda\xbe", 4));
    header.replace(0x170, 8, le64(5ULL << 20));
    FormatInspector f("vdi");
    f.feed(header.data(), header.size());
    EXPECT_EQ(f.virtual_size(), 5LL << 20);
}

TEST(FormatInspector, VhdFooterCopyOriginalSize) {
    std::string header = "conectix" + std::string(32, '\0') + be64(3ULL << 20);
    header.resize(512, '\0');
    FormatInspector f("vhd");
    f.feed(header.data(), header.size());
    EXPECT_EQ(f.virtual_size(), 3LL << 20);
}

TEST(FormatInspector, IsoHasNone) {
    FormatInspector f("iso");
    std::string data(4096, 'a');
    f.feed(data.data(), data.size());
    EXPECT_FALSE(f.virtual_size().has_value());
}
