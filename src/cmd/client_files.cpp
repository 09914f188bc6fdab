#include "cmd/client_files.hpp"

#include <yaml-cpp/yaml.h>

#include <sys/stat.h>
#include <filesystem>
#include <fstream>
#include <sstream>

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
    // Each file appears whole (written aside, then renamed), already 0600: a
    // reader waiting for clouds.yaml must never find it empty.
    auto publish = [&dir](const char* name, const std::string& text) {
        auto final_path = dir / name;
        auto temp = dir / (std::string(".") + name + ".tmp");
        {
            std::ofstream out(temp, std::ios::trunc);
            out << text;
        }
        ::chmod(temp.c_str(), 0600);
        std::filesystem::rename(temp, final_path);
    };
    publish("clouds.yaml", std::string(y.c_str()) + "\n");
    std::ostringstream rc;
    rc << "# source this file to use the openstack CLI against onestack\n"
       << "export OS_AUTH_URL=" << c.auth_url << "\n"
       << "export OS_USERNAME=" << c.username << "\n"
       << "export OS_PASSWORD='" << c.password << "'\n"
       << "export OS_PROJECT_NAME=" << c.project << "\n"
       << "export OS_USER_DOMAIN_NAME=Default\n"
       << "export OS_PROJECT_DOMAIN_NAME=Default\n"
       << "export OS_REGION_NAME=" << c.region << "\n"
       << "export OS_IDENTITY_API_VERSION=3\n";
    publish("openrc", rc.str());
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
