#include "identity/delegation/ec2_signature.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

namespace json = boost::json;
using onestack::identity::delegation::aws_quote;
using onestack::identity::delegation::ec2_signature;

// Expected values computed with keystoneclient's Ec2Signer("s3cr3t").
std::optional<std::string> sign(const char* credentials) {
    return ec2_signature("s3cr3t", json::parse(credentials).as_object());
}

TEST(Ec2Signature, Version0) {
    EXPECT_EQ(sign(R"({"params": {"SignatureVersion": "0", "Action": "DescribeInstances",
                                  "Timestamp": "2032-01-01T10:00:00Z"}})"),
              "q/WF9gc05zFFzMk2J18T+EIWUAo=");
}

TEST(Ec2Signature, Version1SortsKeysCaselessly) {
    EXPECT_EQ(sign(R"({"params": {"SignatureVersion": "1", "Action": "Describe", "b": "x y",
                                  "A": "2"}})"),
              "jDxUq4AQ5f/z13xIBPg/UuUozDA=");
}

TEST(Ec2Signature, Version2) {
    EXPECT_EQ(sign(R"({"verb": "GET", "host": "ec2.example.org:8773",
                       "path": "/services/Cloud",
                       "params": {"SignatureVersion": "2", "Action": "DescribeInstances",
                                  "AWSAccessKeyId": "ak", "Timestamp": "2032-01-01T10:00:00Z",
                                  "Name": "a b/c~\u00e9"}})"),
              "Hd6C2ESHrOTtjCOcQh0dghoTIpywDTOv122hvSLGMt0=");
}

TEST(Ec2Signature, Version4FromTheAuthorizationHeader) {
    EXPECT_EQ(sign(R"({"verb": "GET", "host": "example.org", "path": "/",
                 "params": {"Action": "ListUsers", "Version": "2010-05-08"},
                 "headers": {"Host": "example.org", "X-Amz-Date": "20320101T100000Z",
                   "Authorization": "AWS4-HMAC-SHA256 Credential=ak/20320101/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=x"},
                 "body_hash": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})"),
              "786d203f385f0bc8a66a2df6b2be1d43caa61b260dbdb6aa58c6364e3e46e642");
}

TEST(Ec2Signature, UnknownOrIncompleteRequestsHaveNoSignature) {
    EXPECT_FALSE(sign(R"({"params": {"SignatureVersion": "3"}})"));
    EXPECT_FALSE(sign(R"({"params": {}})"));
    EXPECT_FALSE(sign(R"({"host": "h"})"));
    EXPECT_FALSE(sign(R"({"params": {"SignatureVersion": "2"}})"));  // no verb, host, path
    // v4 whose date does not match the credential scope
    EXPECT_FALSE(sign(R"({"verb": "GET", "host": "h", "path": "/", "params": {},
                          "headers": {"X-Amz-Date": "20320102T100000Z",
                            "Authorization": "AWS4-HMAC-SHA256 Credential=ak/20320101/r/s/aws4_request, SignedHeaders=host"},
                          "body_hash": ""})"));
}

TEST(Ec2Signature, QuoteKeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(aws_quote("aZ09-_.~"), "aZ09-_.~");
    EXPECT_EQ(aws_quote("a b/c=d"), "a%20b%2Fc%3Dd");
    EXPECT_EQ(aws_quote("\xc3\xa9"), "%C3%A9");
}

}  // namespace
