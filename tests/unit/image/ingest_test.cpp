// Streaming into a filesystem store: hashes match one-shot digests, limits
// stop the stream, and nothing but committed data ever appears in the store.
#include "image/data/ingest.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "image/data/data_digest.hpp"
#include "image/store/filesystem_store.hpp"

namespace fs = std::filesystem;
using namespace onestack::image;

namespace {

class StoreDir : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("onestack-store-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::vector<std::string> files() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir_)) {
            out.push_back(e.path().filename().string());
        }
        return out;
    }
    fs::path dir_;
};

// Serves `total` bytes of a repeating pattern in reads of at most `piece`.
struct PatternSource {
    std::size_t total, piece, sent = 0;
    std::size_t operator()(char* out, std::size_t n) {
        n = std::min({n, piece, total - sent});
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = static_cast<char>('a' + (sent + i) % 26);
        }
        sent += n;
        return n;
    }
};

}  // namespace

TEST_F(StoreDir, DigestsOfTheAlphabet) {
    store::FilesystemStore s("file", dir_.string());
    auto w = s.begin_write("img");
    PatternSource src{26, 5};
    auto r = data::ingest(std::ref(src), *w, {}, "raw", true);
    auto url = w->commit();
    EXPECT_EQ(r.size, 26u);
    EXPECT_EQ(r.checksum, "c3fcd3d76192e4007dfb496cca67e13b");     // md5("a..z")
    EXPECT_EQ(r.os_hash_value.substr(0, 16), "4dbff86cc2ca1bae");  // sha512("a..z")
    EXPECT_EQ(r.virtual_size, 26);
    EXPECT_EQ(url, "file://" + fs::canonical(dir_).string() + "/img");
    auto reader = s.open(url, 3, 4);
    char buf[16];
    auto n = reader->read(buf, sizeof buf);
    EXPECT_EQ(std::string(buf, n), "defg");
    EXPECT_EQ(reader->read(buf, sizeof buf), 0u);
}

TEST_F(StoreDir, SizeCapStopsAndLeavesNoFile) {
    store::FilesystemStore s("file", dir_.string());
    {
        auto w = s.begin_write("big");
        PatternSource src{10 << 20, 65536};
        data::IngestLimits limits;
        limits.size_cap = 1 << 20;
        EXPECT_THROW(data::ingest(std::ref(src), *w, limits, "raw", true), data::SizeLimitExceeded);
        EXPECT_LE(src.sent, (1u << 20) + 65536u);
    }
    EXPECT_TRUE(files().empty());
}

TEST_F(StoreDir, QuotaIsReportedAsSuch) {
    store::FilesystemStore s("file", dir_.string());
    auto w = s.begin_write("q");
    PatternSource src{5000, 1000};
    data::IngestLimits limits;
    limits.quota_remaining = 4096;
    try {
        data::ingest(std::ref(src), *w, limits, "raw", false);
        FAIL() << "no limit hit";
    } catch (const data::SizeLimitExceeded& e) {
        EXPECT_EQ(e.kind, data::SizeLimitExceeded::Kind::storage_quota);
        EXPECT_EQ(e.limit, 4096u);
    }
}

TEST_F(StoreDir, CommitRefusesAnExistingImageAndRemoveIsIdempotent) {
    store::FilesystemStore s("file", dir_.string());
    auto w = s.begin_write("dup");
    w->write("x", 1);
    auto url = w->commit();
    EXPECT_THROW(s.begin_write("dup"), store::StoreDuplicate);
    s.remove(url);
    s.remove(url);
    EXPECT_TRUE(files().empty());
    EXPECT_THROW(s.open(url, 0, std::nullopt), store::StoreNotFound);
}

TEST_F(StoreDir, StaleTemporaryFilesAreRemovedAtStart) {
    fs::create_directories(dir_);
    std::ofstream(dir_ / ".partial-abc-123") << "left by a crash";
    std::ofstream(dir_ / "kept") << "an image";
    store::FilesystemStore s("file", dir_.string());
    EXPECT_EQ(files(), std::vector<std::string>{"kept"});
}

TEST_F(StoreDir, UrlsOfAnotherDirectoryAreNotOurs) {
    store::FilesystemStore s("file", dir_.string());
    EXPECT_THROW(s.path_of("file:///etc/passwd"), store::StoreNotFound);
    EXPECT_THROW(s.path_of("file://" + fs::canonical(dir_).string() + "/../x/y"),
                 store::StoreNotFound);
}

namespace {

std::string one_shot(const std::string& data, bool md5) {
    data::DataDigest d;
    d.update(data.data(), data.size());
    std::string m, s;
    d.finish(m, s);
    return md5 ? m : s;
}

// Keeps what it is given; throws on the write numbered `fail_at` (from 1).
struct MemoryWriter : store::StoreWriter {
    std::string data;
    int writes = 0, fail_at = 0;
    void write(const char* p, std::size_t n) override {
        if (++writes == fail_at) {
            throw store::StoreWriteError("disk full");
        }
        data.append(p, n);
    }
    std::string commit() override { return "mem://"; }
};

}  // namespace

// Several buffers in flight, odd piece sizes: the stored bytes and both
// digests are those of the data as sent.
TEST(IngestPipeline, ManyBuffersKeepOrderAndDigests) {
    PatternSource src{(5u << 20) + 7, 300001};
    std::string expected;
    {
        PatternSource copy = src;
        std::string piece(1 << 20, '\0');
        while (auto n = copy(piece.data(), piece.size())) {
            expected.append(piece.data(), n);
        }
    }
    MemoryWriter w;
    auto r = data::ingest(std::ref(src), w, {}, "raw", true);
    EXPECT_EQ(r.size, expected.size());
    EXPECT_TRUE(w.data == expected);
    EXPECT_EQ(r.checksum, one_shot(expected, true));
    EXPECT_EQ(r.os_hash_value, one_shot(expected, false));
    EXPECT_EQ(r.virtual_size, static_cast<std::int64_t>(expected.size()));
}

TEST(IngestPipeline, AFailedWriteStopsTheStreamAndIsRethrown) {
    PatternSource src{64u << 20, 1 << 20};
    MemoryWriter w;
    w.fail_at = 2;
    EXPECT_THROW(data::ingest(std::ref(src), w, {}, "raw", false), store::StoreWriteError);
    // The reader stops within the buffers in flight, not at the end of the data.
    EXPECT_LT(src.sent, 16u << 20);
}

TEST(IngestPipeline, ASourceErrorWaitsForBuffersInFlight) {
    struct Failing {
        std::size_t sent = 0;
        std::size_t operator()(char* out, std::size_t n) {
            if (sent >= (3u << 20)) {
                throw std::runtime_error("client went away");
            }
            std::memset(out, 'z', n);
            sent += n;
            return n;
        }
    } src;
    MemoryWriter w;
    EXPECT_THROW(data::ingest(std::ref(src), w, {}, "raw", false), std::runtime_error);
    EXPECT_EQ(w.data.size(), 3u << 20);
}

TEST(IngestPipeline, EmptyData) {
    PatternSource src{0, 10};
    MemoryWriter w;
    auto r = data::ingest(std::ref(src), w, {}, "raw", true);
    EXPECT_EQ(r.size, 0u);
    EXPECT_EQ(r.checksum, "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_TRUE(w.data.empty());
}
