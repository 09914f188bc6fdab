#include "common/config/config.hpp"

#include <stdexcept>

namespace onestack::config {

struct Config::State {};

Config::Config(const Registry& registry)
    : registry_(registry), state_(std::make_shared<const State>()) {}
Config::~Config() = default;

void Config::load_file(const std::string&) {
    throw ConfigError("not implemented yet");
}
void Config::load_string(std::string_view, std::string_view) {
    throw ConfigError("not implemented yet");
}
void Config::set(std::string_view, std::string_view, std::string) {
    throw ConfigError("not implemented yet");
}
std::string Config::get_string(std::string_view, std::string_view) const {
    throw std::logic_error("not implemented yet");
}
std::int64_t Config::get_int(std::string_view, std::string_view) const {
    throw std::logic_error("not implemented yet");
}
bool Config::get_bool(std::string_view, std::string_view) const {
    throw std::logic_error("not implemented yet");
}
double Config::get_float(std::string_view, std::string_view) const {
    throw std::logic_error("not implemented yet");
}
std::vector<std::string> Config::get_list(std::string_view, std::string_view) const {
    throw std::logic_error("not implemented yet");
}
bool Config::has_value(std::string_view, std::string_view) const {
    throw std::logic_error("not implemented yet");
}
std::optional<std::string> Config::raw(std::string_view, std::string_view) const {
    return std::nullopt;
}
std::vector<std::string> Config::sections() const {
    return {};
}
std::vector<std::string> Config::keys(std::string_view) const {
    return {};
}
void Config::log_values() const {}

std::shared_ptr<const Config::State> Config::snapshot() const {
    std::shared_lock lock(state_mutex_);
    return state_;
}
void Config::replace_state(std::shared_ptr<const State> next) {
    std::unique_lock lock(state_mutex_);
    state_ = std::move(next);
}

}  // namespace onestack::config
