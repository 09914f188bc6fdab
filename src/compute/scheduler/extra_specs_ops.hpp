#pragma once
// nova/scheduler/filters/extra_specs_ops.py: "<in> x", ">= 4", "s== x",
// "<or> a <or> b", ... matched against a host's value; a plain string
// matches by equality.
#include <string>

namespace onestack::compute::scheduler {

bool extra_spec_matches(const std::string& value, const std::string& requirement);

}  // namespace onestack::compute::scheduler
