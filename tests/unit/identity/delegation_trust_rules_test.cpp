#include "identity/delegation/trust_rules.hpp"

#include <gtest/gtest.h>

#include "common/api/fault.hpp"
#include "identity/delegation/expiration.hpp"

namespace {

using namespace onestack::identity;
using namespace onestack::identity::delegation;

constexpr std::int64_t kNow = 1956564000LL * 1000000;

unsigned status_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const onestack::api::Fault& e) {
        return e.status();
    }
    return 0;
}

Trust parent_trust() {
    Trust t;
    t.id = "parent";
    t.trustor_user_id = "alice";
    t.trustee_user_id = "bob";
    t.project_id = "p";
    t.impersonation = true;
    t.role_ids = {"member", "reader"};
    t.redelegation_count = 3;
    t.expires_at = stored_time(kNow + 3600LL * 1000000);
    return t;
}

Trust child_of(const Trust& parent) {
    Trust t;
    t.id = "child";
    t.trustor_user_id = parent.trustor_user_id;
    t.trustee_user_id = "carol";
    t.project_id = parent.project_id;
    t.impersonation = true;
    t.role_ids = {"reader"};
    return t;
}

TEST(TrustRules, UsableUntilDeletedExpiredOrUsedUp) {
    auto t = parent_trust();
    EXPECT_TRUE(trust_usable(t, kNow));
    EXPECT_FALSE(trust_usable(t, kNow + 3600LL * 1000000));
    t.remaining_uses = 1;
    EXPECT_TRUE(trust_usable(t, kNow));
    t.remaining_uses = 0;
    EXPECT_FALSE(trust_usable(t, kNow));
    t.remaining_uses.reset();
    t.deleted_at = stored_time(kNow);
    EXPECT_FALSE(trust_usable(t, kNow));
}

TEST(TrustRules, FirstTrustDefaultsItsRedelegationCount) {
    Trust plain = child_of(parent_trust());
    plan_trust(plain, {}, {});
    EXPECT_EQ(plain.redelegation_count, 0);  // no redelegation asked for
    EXPECT_TRUE(plain.redelegated_trust_id.empty());

    Trust redelegatable = child_of(parent_trust());
    plan_trust(redelegatable, {.allow_redelegation = true, .redelegation_count = std::nullopt}, {});
    EXPECT_EQ(redelegatable.redelegation_count, kMaxRedelegationCount);

    Trust two = child_of(parent_trust());
    plan_trust(two, {.allow_redelegation = true, .redelegation_count = 2}, {});
    EXPECT_EQ(two.redelegation_count, 2);

    // allow_redelegation with a count of 0 is no redelegation at all.
    Trust zero = child_of(parent_trust());
    zero.remaining_uses = 2;
    plan_trust(zero, {.allow_redelegation = true, .redelegation_count = 0}, {});
    EXPECT_EQ(zero.redelegation_count, 0);
}

TEST(TrustRules, FirstTrustRefusals) {
    Trust deep = child_of(parent_trust());
    EXPECT_EQ(status_of([&] {
                  plan_trust(deep, {.allow_redelegation = true, .redelegation_count = 4}, {});
              }),
              403u);
    Trust with_uses = child_of(parent_trust());
    with_uses.remaining_uses = 5;
    EXPECT_EQ(status_of([&] {
                  plan_trust(with_uses, {.allow_redelegation = true, .redelegation_count = {}}, {});
              }),
              400u);
}

TEST(TrustRules, RedelegationCountsDownAndInheritsExpiry) {
    auto parent = parent_trust();
    Trust child = child_of(parent);
    plan_trust(child, {.allow_redelegation = true, .redelegation_count = {}}, {parent});
    EXPECT_EQ(child.redelegated_trust_id, "parent");
    EXPECT_EQ(child.redelegation_count, 2);
    EXPECT_EQ(child.expires_at, parent.expires_at);

    // The terminator: no further redelegation.
    Trust last = child_of(parent);
    plan_trust(last, {}, {parent});
    EXPECT_EQ(last.redelegation_count, 0);

    // Asking for the count it would get anyway is fine; another is not.
    Trust exact = child_of(parent);
    plan_trust(exact, {.allow_redelegation = true, .redelegation_count = 2}, {parent});
    EXPECT_EQ(exact.redelegation_count, 2);
    Trust other = child_of(parent);
    EXPECT_EQ(status_of([&] {
                  plan_trust(other, {.allow_redelegation = true, .redelegation_count = 1},
                             {parent});
              }),
              403u);
}

TEST(TrustRules, RedelegationRefusals) {
    auto parent = parent_trust();
    auto refused = [&](Trust child, const Trust& from) {
        return status_of([&] { plan_trust(child, {}, {from}); });
    };
    Trust wider = child_of(parent);
    wider.role_ids = {"admin"};
    EXPECT_EQ(refused(wider, parent), 403u);

    Trust longer = child_of(parent);
    longer.expires_at = stored_time(kNow + 7200LL * 1000000);
    EXPECT_EQ(refused(longer, parent), 403u);

    Trust limited = child_of(parent);
    limited.remaining_uses = 1;
    EXPECT_EQ(refused(limited, parent), 403u);

    auto no_impersonation = parent;
    no_impersonation.impersonation = false;
    EXPECT_EQ(refused(child_of(parent), no_impersonation), 403u);

    auto exhausted = parent;
    exhausted.redelegation_count = 0;
    EXPECT_EQ(refused(child_of(parent), exhausted), 403u);

    // Every ancestor is checked, not only the parent.
    auto grandparent = parent;
    grandparent.id = "grandparent";
    grandparent.role_ids = {"member"};
    EXPECT_EQ(status_of([&] {
                  Trust child = child_of(parent);
                  plan_trust(child, {}, {parent, grandparent});
              }),
              403u);
}

TEST(TrustRules, FirstMissing) {
    EXPECT_FALSE(first_missing({}, {"a"}));
    EXPECT_FALSE(first_missing({"a", "b"}, {"b", "a", "c"}));
    EXPECT_EQ(first_missing({"a", "x", "y"}, {"a"}), "x");
}

}  // namespace
