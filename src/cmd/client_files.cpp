#include "cmd/client_files.hpp"

#include <yaml-cpp/yaml.h>

#include <sys/stat.h>
#include <filesystem>
#include <fstream>

namespace onestack::cmd {

void write_client_files(const std::string& state_path, const AdminCredentials& c) {
    std::filesystem::path dir(state_path);
    YAML::Emitter y;
    y << YAML::BeginMap << YAML::Key << "clouds" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "onestack" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "auth" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "auth_url" << YAML::Value << c.auth_url;
    y << YAML::Key << "username" << YAML::Value << c.username;
    y << YAML::Key << "password" << YAML::Value << c.password;
    y << YAML::Key << "project_name" << YAML::Value << c.project;
    y << YAML::Key << "user_domain_name" << YAML::Value << "Default";
    y << YAML::Key << "project_domain_name" << YAML::Value << "Default";
    y << YAML::EndMap;
    y << YAML::Key << "region_name" << YAML::Value << c.region;
    y << YAML::Key << "identity_api_version" << YAML::Value << 3;
    y << YAML::EndMap << YAML::EndMap << YAML::EndMap;
    {
        std::ofstream out(dir / "clouds.yaml");
        out << y.c_str() << "\n";
    }
    {
        std::ofstream out(dir / "openrc");
        out << "# source this file to use the openstack CLI against onestack\n"
            << "export OS_AUTH_URL=" << c.auth_url << "\n"
            << "export OS_USERNAME=" << c.username << "\n"
            << "export OS_PASSWORD='" << c.password << "'\n"
            << "export OS_PROJECT_NAME=" << c.project << "\n"
            << "export OS_USER_DOMAIN_NAME=Default\n"
            << "export OS_PROJECT_DOMAIN_NAME=Default\n"
            << "export OS_REGION_NAME=" << c.region << "\n"
            << "export OS_IDENTITY_API_VERSION=3\n";
    }
    ::chmod((dir / "clouds.yaml").c_str(), 0600);
    ::chmod((dir / "openrc").c_str(), 0600);
}

std::string read_admin_password(const std::string& state_path) {
    auto path = std::filesystem::path(state_path) / "clouds.yaml";
    if (!std::filesystem::exists(path)) {
        return {};
    }
    try {
        auto doc = YAML::LoadFile(path.string());
        return doc["clouds"]["onestack"]["auth"]["password"].as<std::string>("");
    } catch (const YAML::Exception&) {
        return {};
    }
}

}  // namespace onestack::cmd
