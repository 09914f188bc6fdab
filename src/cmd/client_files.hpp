#pragma once
// data/clouds.yaml and data/openrc: how the admin reaches this cloud.
#include <string>

namespace onestack::cmd {

struct AdminCredentials {
    std::string auth_url;
    std::string username;
    std::string password;
    std::string project;
    std::string region;
};

void write_client_files(const std::string& state_path, const AdminCredentials& creds);
// The admin password from an earlier clouds.yaml, or "" when there is none.
std::string read_admin_password(const std::string& state_path);

}  // namespace onestack::cmd
