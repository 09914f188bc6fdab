// Expectations recorded from CPython: url.replace('$(', '%(') % whitelist.
#include "identity/catalog/endpoint_url.hpp"

#include <gtest/gtest.h>

namespace onestack::identity {
namespace {

TEST(EndpointUrl, AcceptsWhitelistedSubstitutions) {
    for (const char* url :
         {"http://x:5000/v3", "http://x/v2.1/%(tenant_id)s", "http://x/v1/$(project_id)s",
          "http://x/%s", "http://x/%s/%(project_id)s", "http://x/%%", "http://x/%(user_id)-5s",
          "http://x/%(project_id)s%(tenant_id)r", "http://x/$(admin_port)s:%(public_port)s"}) {
        EXPECT_TRUE(endpoint_url_substitutions_valid(url)) << url;
    }
}

TEST(EndpointUrl, RejectsWhatPythonFormattingRejects) {
    for (const char* url :
         {"http://x/$(foo)s", "http://x/%20y", "http://x/%", "http://x/%s%s", "http://x/%d",
          "http://x/%(project_id)d", "http://x/%(project_id)s/%s", "http://x/%(project_id",
          "http://x/%*s", "http://x/%.*s", "http://x/%(a(b)c)s", "http://x/%(project_id)c",
          "http://x/%q", "http://x/%5%", "http://x/%(project_id)%"}) {
        EXPECT_FALSE(endpoint_url_substitutions_valid(url)) << url;
    }
}

}  // namespace
}  // namespace onestack::identity
