#include "common/crypto/base64url.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using onestack::crypto::base64url_decode;
using onestack::crypto::base64url_encode;
using onestack::crypto::Padding;

TEST(FernetBase64url, EncodesRfc4648Vectors) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg==");
    EXPECT_EQ(base64url_encode("fo"), "Zm8=");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64url_encode("foob", Padding::Strip), "Zm9vYg");
}

TEST(FernetBase64url, UsesTheUrlSafeAlphabet) {
    EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
    EXPECT_EQ(base64url_decode("-_-_"), std::string("\xfb\xff\xbf"));
}

TEST(FernetBase64url, DecodesWithAndWithoutPadding) {
    for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        EXPECT_EQ(base64url_decode(base64url_encode(s)), s);
        EXPECT_EQ(base64url_decode(base64url_encode(s, Padding::Strip)), s);
    }
}

TEST(FernetBase64url, RejectsMalformedInput) {
    EXPECT_FALSE(base64url_decode("Zm9v+g=="));  // standard alphabet
    EXPECT_FALSE(base64url_decode("Zm9v/g=="));
    EXPECT_FALSE(base64url_decode("Zm9%Yg=="));   // not base64
    EXPECT_FALSE(base64url_decode("Zm9vY"));      // one dangling character
    EXPECT_FALSE(base64url_decode("Zm=9vYg="));   // padding inside
    EXPECT_FALSE(base64url_decode("Zm9vYg="));    // incomplete padding
    EXPECT_FALSE(base64url_decode("Zm9vYg==="));  // excess padding
    EXPECT_FALSE(base64url_decode("Zm9v===="));
    EXPECT_FALSE(base64url_decode("Zh=="));  // non-zero unused bits
    EXPECT_FALSE(base64url_decode("Zm9="));
    EXPECT_FALSE(base64url_decode(std::string("Zm9v\0\0\0\0", 8)));
}

}  // namespace
