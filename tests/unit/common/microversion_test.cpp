// Microversion negotiation. Expected messages are nova 26's
// (nova/exception.py InvalidAPIVersionString / InvalidGlobalAPIVersion) and
// microversion_parse 1.0.1's as placement 8 returns them.
#include "common/api/microversion.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>

#include "common/api/fault.hpp"

using namespace onestack;
using api::Version;

namespace {

http::Request request_with(std::initializer_list<std::pair<const char*, const char*>> headers) {
    http::Request r;
    for (const auto& [name, value] : headers) {
        r.headers.insert(name, value);
    }
    return r;
}

// The Fault negotiate() throws, as "status: message"; "ok X.Y" when it succeeds.
std::string outcome(const api::MicroversionPolicy& policy, const http::Request& r) {
    try {
        return "ok " + api::negotiate(policy, r).str();
    } catch (const api::Fault& f) {
        return std::to_string(f.status()) + ": " + f.message();
    }
}

api::MicroversionPolicy volume() {
    return {"volume", {}, {3, 0}, {3, 70}, api::MicroversionDialect::nova};
}

}  // namespace

TEST(MicroversionVersion, ParsesOnlyNovasFormat) {
    EXPECT_EQ(Version::parse("2.53"), (Version{2, 53}));
    EXPECT_EQ(Version::parse("3.0"), (Version{3, 0}));
    EXPECT_EQ(Version::parse("10.100"), (Version{10, 100}));
    for (const char* bad : {"2", "2.", ".1", "2.05", "02.1", "0.1", "2.x", " 2.1", "2.1 ", "2.1.1",
                            "latest", "", "-2.1", "+2.1"}) {
        EXPECT_EQ(Version::parse(bad), std::nullopt) << bad;
    }
}

TEST(MicroversionVersion, ComparesAndPrints) {
    EXPECT_TRUE((Version{2, 53}) >= (Version{2, 47}));
    EXPECT_TRUE((Version{2, 9}) < (Version{2, 10}));  // numeric, not textual
    EXPECT_TRUE((Version{3, 0}) > (Version{2, 93}));
    EXPECT_EQ((Version{2, 1}), (Version{2, 1}));
    EXPECT_EQ((Version{2, 10}).str(), "2.10");
}

TEST(MicroversionNegotiate, DefaultsToMinimumWithoutAHeader) {
    auto compute = api::compute_microversions();
    EXPECT_EQ(outcome(compute, request_with({})), "ok 2.1");
    // A standard header for another service does not count.
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "volume 3.5"}})), "ok 2.1");
}

TEST(MicroversionNegotiate, ReadsTheStandardHeader) {
    auto compute = api::compute_microversions();
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "compute 2.53"}})),
              "ok 2.53");
    EXPECT_EQ(outcome(compute, request_with({{"openstack-api-version", "COMPUTE   2.47 "}})),
              "ok 2.47");
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "compute latest"}})),
              "ok 2.93");
}

TEST(MicroversionNegotiate, LastMatchingEntryWinsAcrossCommasAndRepeats) {
    auto compute = api::compute_microversions();
    EXPECT_EQ(
        outcome(compute, request_with({{"OpenStack-API-Version",
                                        "compute 2.5, volume 3.1,compute 2.7, placement 1.2"}})),
        "ok 2.7");
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "compute 2.5"},
                                             {"OpenStack-API-Version", "compute 2.6"}})),
              "ok 2.6");
}

TEST(MicroversionNegotiate, FallsBackToTheLegacyHeader) {
    auto compute = api::compute_microversions();
    EXPECT_EQ(outcome(compute, request_with({{"X-OpenStack-Nova-API-Version", "2.11"}})),
              "ok 2.11");
    EXPECT_EQ(outcome(compute, request_with({{"X-OpenStack-Nova-API-Version", "2.3, 2.12"}})),
              "ok 2.12");
    // The standard header wins when it names compute.
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "compute 2.20"},
                                             {"X-OpenStack-Nova-API-Version", "2.11"}})),
              "ok 2.20");
    // "compute" with no version is skipped, so the legacy header decides.
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "compute"},
                                             {"X-OpenStack-Nova-API-Version", "2.11"}})),
              "ok 2.11");
}

TEST(MicroversionNegotiate, MalformedIs400) {
    auto compute = api::compute_microversions();
    EXPECT_EQ(
        outcome(compute, request_with({{"OpenStack-API-Version", "compute 2.x"}})),
        "400: API Version String 2.x is of invalid format. Must be of format MajorNum.MinorNum.");
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "compute LATEST"}})),
              "400: API Version String LATEST is of invalid format. Must be of format "
              "MajorNum.MinorNum.");
    // An empty legacy header is a version string, and not a valid one.
    EXPECT_EQ(
        outcome(compute, request_with({{"X-OpenStack-Nova-API-Version", ""}})),
        "400: API Version String  is of invalid format. Must be of format MajorNum.MinorNum.");
}

TEST(MicroversionNegotiate, OutOfRangeIs406) {
    auto compute = api::compute_microversions();
    EXPECT_EQ(
        outcome(compute, request_with({{"OpenStack-API-Version", "compute 2.100"}})),
        "406: Version 2.100 is not supported by the API. Minimum is 2.1 and maximum is 2.93.");
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "compute 2.0"}})),
              "406: Version 2.0 is not supported by the API. Minimum is 2.1 and maximum is 2.93.");
    EXPECT_EQ(outcome(compute, request_with({{"OpenStack-API-Version", "compute 99999999999.1"}})),
              "406: Version 99999999999.1 is not supported by the API. Minimum is 2.1 and maximum "
              "is 2.93.");
}

TEST(MicroversionNegotiate, VolumeHasNoLegacyHeader) {
    EXPECT_EQ(outcome(volume(), request_with({{"OpenStack-API-Version", "volume 3.64"}})),
              "ok 3.64");
    EXPECT_EQ(outcome(volume(), request_with({{"X-OpenStack-Nova-API-Version", "3.5"}})), "ok 3.0");
    EXPECT_EQ(outcome(volume(), request_with({{"OpenStack-API-Version", "volume 3.71"}})),
              "406: Version 3.71 is not supported by the API. Minimum is 3.0 and maximum is 3.70.");
}

TEST(MicroversionNegotiate, PlacementParsesAndWordsLikeMicroversionParse) {
    auto placement = api::placement_microversions();
    EXPECT_EQ(outcome(placement, request_with({})), "ok 1.0");
    EXPECT_EQ(outcome(placement, request_with({{"OpenStack-API-Version", "placement latest"}})),
              "ok 1.39");
    EXPECT_EQ(outcome(placement, request_with({{"OpenStack-API-Version", "placement 1.05"}})),
              "ok 1.5");
    EXPECT_EQ(outcome(placement, request_with({{"OpenStack-API-Version", "placement 1.99"}})),
              "406: Invalid microversion: Unacceptable version header: 1.99");
    EXPECT_EQ(outcome(placement, request_with({{"OpenStack-API-Version", "placement -1.5"}})),
              "406: Invalid microversion: Unacceptable version header: -1.5");
    EXPECT_EQ(outcome(placement, request_with({{"OpenStack-API-Version", "placement 1.x"}})),
              "400: Invalid microversion: invalid version string: 1.x; invalid literal for int() "
              "with base 10: 'x'");
    EXPECT_EQ(outcome(placement, request_with({{"OpenStack-API-Version", "placement 1.2.3"}})),
              "400: Invalid microversion: invalid version string: 1.2.3; invalid literal for int() "
              "with base 10: '2.3'");
    EXPECT_EQ(outcome(placement, request_with({{"OpenStack-API-Version", "placement 1"}})),
              "400: Invalid microversion: invalid version string: 1; Version.__new__() missing 1 "
              "required positional argument: 'minor'");
    EXPECT_EQ(outcome(placement, request_with({{"OpenStack-API-Version", "placement LATEST"}})),
              "400: Invalid microversion: invalid version string: LATEST; invalid literal for "
              "int() with base 10: 'LATEST'");
}

TEST(MicroversionHeaders, ComputeSetsStandardLegacyAndVary) {
    http::Response response;
    api::add_response_headers(api::compute_microversions(), {2, 53}, response);
    EXPECT_EQ(response.headers["OpenStack-API-Version"], "compute 2.53");
    EXPECT_EQ(response.headers["X-OpenStack-Nova-API-Version"], "2.53");
    EXPECT_EQ(response.headers["Vary"], "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
}

TEST(MicroversionHeaders, VaryIsMergedNotDuplicated) {
    http::Response response;
    response.set("Vary", "Accept-Encoding, openstack-api-version");
    api::add_response_headers(volume(), {3, 64}, response);
    EXPECT_EQ(response.headers["OpenStack-API-Version"], "volume 3.64");
    EXPECT_EQ(response.headers["Vary"], "Accept-Encoding, openstack-api-version");
    api::add_response_headers(api::compute_microversions(), {2, 1}, response);
    EXPECT_EQ(response.headers["Vary"],
              "Accept-Encoding, openstack-api-version, X-OpenStack-Nova-API-Version");
}
