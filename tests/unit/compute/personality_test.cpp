// Personality (injected files, API < 2.57): nova's quota checks and
// messages on the API side, the base64 decoding on the compute host.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <stdexcept>

#include "common/api/fault.hpp"
#include "compute/api/injected_files.hpp"
#include "compute/manager/injected_files.hpp"

namespace onestack::compute {
namespace {

using api::check_injected_file_quota;
using api::InjectedFiles;

const std::map<std::string, int> kLimits = {
    {"injected_files", 2}, {"injected_file_path_bytes", 8}, {"injected_file_content_bytes", 12}};

// The Fault's status and message, or "ok".
std::string outcome(const std::map<std::string, int>& limits, const InjectedFiles& files) {
    try {
        check_injected_file_quota(limits, files);
        return "ok";
    } catch (const onestack::api::Fault& f) {
        return std::to_string(f.status()) + " " + f.what();
    }
}

TEST(ComputePersonality, ReadsPathsAndContentsFromTheBody) {
    auto body = boost::json::parse(R"([{"path": "/a.txt", "contents": "aGk="}, {"path": "b"}])");
    auto files = api::injected_files_from(&body);
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0], (std::pair<std::string, std::string>{"/a.txt", "aGk="}));
    EXPECT_EQ(files[1], (std::pair<std::string, std::string>{"b", ""}));
    EXPECT_TRUE(api::injected_files_from(nullptr).empty());
}

TEST(ComputePersonality, QuotaMessagesAreNovas) {
    EXPECT_EQ(outcome(kLimits, {{"/a", "aGk="}, {"/b", "aGk="}}), "ok");
    EXPECT_EQ(outcome(kLimits, {{"/a", ""}, {"/b", ""}, {"/c", ""}}),
              "403 Personality file limit exceeded");
    EXPECT_EQ(outcome(kLimits, {{"/123456789", "aGk="}}),
              "403 Personality file path exceeds maximum 8");
    // The base64 text is measured, as nova does (16 characters > 12).
    EXPECT_EQ(outcome(kLimits, {{"/a", "aGVsbG8gd29ybGQ="}}),
              "403 Personality file content exceeds maximum 12");
    // The path limit is reported first when both are over.
    EXPECT_EQ(outcome(kLimits, {{"/123456789", "aGVsbG8gd29ybGQ="}}),
              "403 Personality file path exceeds maximum 8");
}

TEST(ComputePersonality, MinusOneIsUnlimited) {
    std::map<std::string, int> unlimited = {{"injected_files", -1},
                                            {"injected_file_path_bytes", -1},
                                            {"injected_file_content_bytes", -1}};
    InjectedFiles many(50, {std::string(300, 'p'), std::string(20000, 'A')});
    EXPECT_EQ(outcome(unlimited, many), "ok");
}

TEST(ComputePersonality, ComputeHostDecodesTheRpcForm) {
    auto files = api::injected_files_json({{"/etc/motd", "aGVsbG8="}, {"x", ""}});
    boost::json::value v(files);
    auto decoded = manager::decode_injected_files(&v);
    ASSERT_EQ(decoded.size(), 2u);
    EXPECT_EQ(decoded[0], (std::pair<std::string, std::string>{"/etc/motd", "hello"}));
    EXPECT_EQ(decoded[1], (std::pair<std::string, std::string>{"x", ""}));
    EXPECT_TRUE(manager::decode_injected_files(nullptr).empty());
    boost::json::value bad = boost::json::parse(R"([["/p", "not base64!"]])");
    EXPECT_THROW(manager::decode_injected_files(&bad), std::runtime_error);
}

}  // namespace
}  // namespace onestack::compute
