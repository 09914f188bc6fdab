#include "common/crypto/key_repository.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/crypto/key_ring.hpp"

namespace {

namespace fs = std::filesystem;
using onestack::crypto::Fernet;
using onestack::crypto::KeyRepository;
using onestack::crypto::KeyRing;

class KeyRepositoryTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "onestack-keys-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
    }
    void TearDown() override { fs::remove_all(root_); }

    fs::path root_;
};

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

std::vector<int> indexes(const KeyRepository& repo) {
    return repo.key_indexes();
}

TEST_F(KeyRepositoryTest, SetupCreatesStagedAndPrimaryKeys) {
    const KeyRepository repo(root_ / "fernet-keys");
    EXPECT_TRUE(repo.setup());
    EXPECT_EQ(mode_of(repo.directory()), 0700u);
    EXPECT_EQ(indexes(repo), (std::vector<int>{1, 0}));
    for (const char* name : {"0", "1"}) {
        const auto path = repo.directory() / name;
        EXPECT_EQ(mode_of(path), 0600u) << name;
        EXPECT_EQ(read(path).size(), 44u) << name;
        EXPECT_TRUE(Fernet::from_key(read(path))) << name;
    }
    EXPECT_NE(read(repo.directory() / "0"), read(repo.directory() / "1"));
    EXPECT_FALSE(fs::exists(repo.directory() / "0.tmp"));
}

TEST_F(KeyRepositoryTest, SetupIsANoOpOnceInitialized) {
    const KeyRepository repo(root_);
    ASSERT_TRUE(repo.setup());
    const std::string primary = read(root_ / "1");
    EXPECT_FALSE(repo.setup());
    EXPECT_EQ(indexes(repo), (std::vector<int>{1, 0}));
    EXPECT_EQ(read(root_ / "1"), primary);
}

TEST_F(KeyRepositoryTest, RotatePromotesTheStagedKeyAndPrunes) {
    const KeyRepository repo(root_);  // max_active_keys = 3
    repo.setup();
    const std::string staged = read(root_ / "0");
    repo.rotate();
    EXPECT_EQ(indexes(repo), (std::vector<int>{2, 1, 0}));
    EXPECT_EQ(read(root_ / "2"), staged);  // 0 became the primary
    EXPECT_NE(read(root_ / "0"), staged);  // and a new key is staged

    repo.rotate();
    EXPECT_EQ(indexes(repo), (std::vector<int>{3, 2, 0}));
    repo.rotate();
    EXPECT_EQ(indexes(repo), (std::vector<int>{4, 3, 0}));
    EXPECT_FALSE(fs::exists(root_ / "0.tmp"));
    for (int i : {0, 3, 4}) {
        EXPECT_EQ(mode_of(root_ / std::to_string(i)), 0600u);
    }
}

TEST_F(KeyRepositoryTest, MaxActiveKeysBoundsTheRepository) {
    const KeyRepository repo(root_, 5);
    repo.setup();
    for (int i = 0; i < 6; ++i) {
        repo.rotate();
    }
    EXPECT_EQ(indexes(repo), (std::vector<int>{7, 6, 5, 4, 0}));
    EXPECT_THROW(KeyRepository(root_, 0), std::invalid_argument);
}

TEST_F(KeyRepositoryTest, RotateNeedsAStagedKey) {
    const KeyRepository repo(root_);
    EXPECT_THROW(repo.rotate(), std::runtime_error);
    write(root_ / "1", Fernet::generate_key());
    EXPECT_THROW(repo.rotate(), std::runtime_error);
    EXPECT_EQ(indexes(repo), (std::vector<int>{1}));
}

TEST_F(KeyRepositoryTest, LoadPutsThePrimaryFirst) {
    const KeyRepository repo(root_);
    repo.setup();
    repo.rotate();  // keys 2 (primary), 1, 0 (staged)
    const auto keys = repo.load();
    ASSERT_TRUE(keys);
    ASSERT_EQ(keys->keys().size(), 3u);
    const char* order[] = {"2", "1", "0"};
    for (std::size_t i = 0; i < 3; ++i) {
        const auto token = keys->keys()[i].encrypt("x", 1);
        EXPECT_EQ(Fernet::from_key(read(root_ / order[i]))->decrypt(token), "x") << i;
    }
    EXPECT_EQ(Fernet::from_key(read(root_ / "2"))->decrypt(keys->encrypt("p", 1)), "p");
}

TEST_F(KeyRepositoryTest, LoadSkipsStrangersEmptyAndMalformedFiles) {
    write(root_ / "0", Fernet::generate_key() + "\n");  // a trailing newline is tolerated
    write(root_ / "3", Fernet::generate_key());
    write(root_ / "0.tmp", Fernet::generate_key());
    write(root_ / "01", Fernet::generate_key());
    write(root_ / "README", "not a key");
    write(root_ / "4", "");
    write(root_ / "5", "not base64!");
    fs::create_directory(root_ / "6");
    const KeyRepository repo(root_);
    EXPECT_EQ(indexes(repo), (std::vector<int>{5, 4, 3, 0}));
    const auto keys = repo.load();
    ASSERT_TRUE(keys);
    EXPECT_EQ(keys->keys().size(), 2u);
    EXPECT_EQ(Fernet::from_key(read(root_ / "3"))->decrypt(keys->encrypt("p", 1)), "p");
}

TEST_F(KeyRepositoryTest, LoadOfNothingIsNullopt) {
    EXPECT_FALSE(KeyRepository(root_ / "missing").load());
    EXPECT_FALSE(KeyRepository(root_).load());
}

TEST_F(KeyRepositoryTest, FingerprintTracksChanges) {
    const KeyRepository repo(root_);
    repo.setup();
    const auto before = repo.fingerprint();
    EXPECT_EQ(repo.fingerprint(), before);
    write(root_ / "README", "ignored");
    EXPECT_EQ(repo.fingerprint(), before);
    repo.rotate();
    const auto rotated = repo.fingerprint();
    EXPECT_NE(rotated, before);
    // A key replaced by rename (how keys are synced between nodes).
    write(root_ / "new", Fernet::generate_key());
    fs::rename(root_ / "new", root_ / "1");
    EXPECT_NE(repo.fingerprint(), rotated);
}

TEST_F(KeyRepositoryTest, KeyRingFollowsRotation) {
    const KeyRepository repo(root_);
    repo.setup();
    const KeyRing ring(repo, std::chrono::milliseconds(0));
    const auto token = ring.current()->encrypt("t", 1);  // by key 1
    repo.rotate();
    EXPECT_EQ(ring.current()->keys().size(), 3u);
    EXPECT_EQ(Fernet::from_key(read(root_ / "2"))->decrypt(ring.current()->encrypt("n", 1)), "n");
    EXPECT_EQ(ring.current()->decrypt(token), "t");
    repo.rotate();  // prunes key 1
    EXPECT_FALSE(ring.current()->decrypt(token));
}

TEST_F(KeyRepositoryTest, KeyRingChecksAtMostOncePerInterval) {
    const KeyRepository repo(root_);
    repo.setup();
    const KeyRing ring(repo, std::chrono::hours(1));
    repo.rotate();
    EXPECT_EQ(ring.current()->keys().size(), 2u);  // not looked yet
    ring.reload();
    EXPECT_EQ(ring.current()->keys().size(), 3u);
}

TEST_F(KeyRepositoryTest, KeyRingKeepsItsKeysWhenTheRepositoryEmpties) {
    const KeyRepository repo(root_);
    repo.setup();
    const KeyRing ring(repo, std::chrono::milliseconds(0));
    const auto token = ring.current()->encrypt("t", 1);
    fs::remove(root_ / "0");
    fs::remove(root_ / "1");
    EXPECT_EQ(ring.current()->decrypt(token), "t");
}

TEST_F(KeyRepositoryTest, KeyRingNeedsKeys) {
    EXPECT_THROW(KeyRing(KeyRepository(root_)), std::runtime_error);
}

}  // namespace
