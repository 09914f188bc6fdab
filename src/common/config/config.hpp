#pragma once
// Loaded configuration: values from INI files (later files override earlier ones) and
// overrides, checked against the Registry and pre-parsed into typed values so that the
// frequent, concurrent reads are cheap. Mirrors oslo.config's ConfigOpts.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/option.hpp"
#include "common/config/registry.hpp"

namespace onestack::config {

class Config {
  public:
    // The registry must outlive the Config (it is normally a long-lived global).
    explicit Config(const Registry& registry);
    explicit Config(Registry&&) = delete;
    ~Config();
    Config(const Config&) = delete;
    Config& operator=(const Config&) = delete;

    // ConfigError (with file:line) on syntax errors or a bad value for a registered option;
    // on error nothing from that file is applied. Unknown options are kept (dynamic
    // sections) but a warning is logged.
    void load_file(const std::string& path);
    void load_string(std::string_view ini_text, std::string_view origin = "<string>");
    // Overrides (command line, tests); validated like file values.
    void set(std::string_view section, std::string_view name, std::string value);

    // Typed reads of registered options. Reading an option that was never registered, or
    // with the wrong type, is a bug: std::logic_error. get_string works for every type and
    // returns the value's text. An Int/Float/Bool whose value is empty (unset) throws
    // ConfigError; check has_value() first when the option may legitimately be unset.
    std::string get_string(std::string_view section, std::string_view name) const;
    std::int64_t get_int(std::string_view section, std::string_view name) const;
    bool get_bool(std::string_view section, std::string_view name) const;  // true/yes/on/1...
    double get_float(std::string_view section, std::string_view name) const;
    std::vector<std::string> get_list(std::string_view section, std::string_view name) const;
    // False when a registered option's value is empty (oslo's None).
    bool has_value(std::string_view section, std::string_view name) const;

    // Any value by section/key, registered or not (for dynamic sections such as per-domain
    // config): the text from the last file or set() that gave it, else a registered option's
    // default, else nullopt. No $substitution is applied.
    std::optional<std::string> raw(std::string_view section, std::string_view name) const;
    // Sections and keys that appear in loaded files or set() (not registered-only ones), sorted.
    std::vector<std::string> sections() const;
    std::vector<std::string> keys(std::string_view section) const;

    // Logs every registered option's effective value at info level, secrets masked
    // (oslo's log_opt_values), for service startup.
    void log_values() const;

  private:
    struct State;
    struct Assignment;

    // Finds a registered option's typed value and passes it to `use` under the read lock;
    // defined, and only used, in config.cpp.
    template <class Result, class Use>
    Result read_typed(std::string_view section, std::string_view name, Use&& use) const;
    // Builds the next state with `assignments` applied and validated, then publishes it.
    void apply(const std::vector<Assignment>& assignments);

    const Registry& registry_;
    std::mutex write_mutex_;                 // one writer at a time builds the next state
    mutable std::shared_mutex state_mutex_;  // readers share; a writer only swaps the pointer
    std::shared_ptr<const State> state_;
};

}  // namespace onestack::config
