#include <gtest/gtest.h>

#include <string>

#include "common/api/fault.hpp"
#include "common/crypto/password.hpp"
#include "identity/identity.hpp"
#include "identity/users/passwords.hpp"

namespace {

using namespace onestack::identity;

IdentityOptions options() {
    IdentityOptions o;
    o.password_hash_rounds = 4;
    o.max_password_length = 16;
    return o;
}

TEST(UserPasswords, HashVerifiesAndNullMeansNone) {
    auto hash = users::hash_new_password(std::string("s3cret"), options());
    EXPECT_TRUE(onestack::crypto::verify_password("s3cret", hash));
    EXPECT_FALSE(onestack::crypto::verify_password("other", hash));
    EXPECT_EQ(users::hash_new_password(std::nullopt, options()), "");
}

TEST(UserPasswords, TooLongIs403WithKeystoneWords) {
    try {
        users::hash_new_password(std::string(17, 'x'), options());
        FAIL();
    } catch (const onestack::api::Fault& f) {
        EXPECT_EQ(f.status(), 403u);
        EXPECT_EQ(f.message(),
                  "The password length must be less than or equal to 16. The server could not "
                  "comply with the request because the password is invalid.");
    }
    EXPECT_NO_THROW(users::check_password_length(std::string(16, 'x'), options()));
}

TEST(UserPasswords, NulByteIs400) {
    try {
        users::hash_new_password(std::string("a\0b", 3), options());
        FAIL();
    } catch (const onestack::api::Fault& f) {
        EXPECT_EQ(f.status(), 400u);
    }
}

TEST(UserPasswords, SettingStampsCreationAndClearsExpiry) {
    User u;
    u.password_expires_at = "2020-01-01T00:00:00.000000";
    users::set_password_hash(u, "$2b$04$x");
    EXPECT_EQ(u.password_hash, "$2b$04$x");
    EXPECT_FALSE(u.password_created_at.empty());
    EXPECT_TRUE(u.password_expires_at.empty());
}

}  // namespace
