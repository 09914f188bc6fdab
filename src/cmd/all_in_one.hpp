#pragma once
#include "cmd/settings.hpp"

namespace onestack::cmd {

// `onestack all-in-one`: every enabled service in this process, bootstrapped
// on first start, with data/clouds.yaml and data/openrc for the admin.
int run_all_in_one(Settings& settings);
// `onestack serve SERVICE...`: the named services only.
int run_serve(Settings& settings, const std::vector<std::string>& services);

}  // namespace onestack::cmd
