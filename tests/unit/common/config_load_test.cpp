#include "common/config/config.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <unistd.h>

using onestack::config::Config;
using onestack::config::ConfigError;
using onestack::config::OptionDef;
using onestack::config::Registry;
using onestack::config::Type;

namespace {

Registry test_registry() {
    Registry registry;
    registry.add({
        OptionDef{
            .section = "DEFAULT", .name = "debug", .type = Type::Bool, .default_value = "false"},
        OptionDef{.section = "DEFAULT", .name = "state_path", .default_value = "/var/lib/onestack"},
        OptionDef{.section = "DEFAULT", .name = "lock_path", .default_value = "$state_path/lock"},
        OptionDef{.section = "DEFAULT", .name = "host", .default_value = "localhost"},
        OptionDef{.section = "DEFAULT",
                  .name = "workers",
                  .type = Type::Int,
                  .default_value = "2",
                  .min = 1,
                  .max = 64},
        OptionDef{.section = "DEFAULT",
                  .name = "ratio",
                  .type = Type::Float,
                  .default_value = "1.5",
                  .min = 0,
                  .max = 10},
        OptionDef{.section = "DEFAULT", .name = "admin_token", .type = Type::Secret},
        OptionDef{.section = "database",
                  .name = "connection",
                  .default_value = "sqlite:///$state_path/keystone.db"},
        OptionDef{
            .section = "database", .name = "max_retries", .type = Type::Int, .default_value = "10"},
        OptionDef{.section = "database", .name = "pool_timeout", .type = Type::Int},
        OptionDef{.section = "token",
                  .name = "provider",
                  .default_value = "fernet",
                  .choices = {"fernet", "jws"}},
        OptionDef{.section = "token",
                  .name = "expiration",
                  .type = Type::Int,
                  .default_value = "3600",
                  .choices = {"60", "3600"}},
        OptionDef{
            .section = "token", .name = "caching", .type = Type::Bool, .default_value = "true"},
        OptionDef{.section = "cors", .name = "allowed_origin", .type = Type::List},
        OptionDef{.section = "cors",
                  .name = "methods",
                  .type = Type::List,
                  .default_value = "GET,POST",
                  .choices = {"GET", "POST", "PUT"}},
        OptionDef{.section = "paths", .name = "state_path", .default_value = "/srv/paths"},
        OptionDef{.section = "paths", .name = "cache", .default_value = "$state_path/cache"},
        OptionDef{.section = "paths", .name = "log", .default_value = "${host}.log"},
        OptionDef{.section = "paths", .name = "cross", .default_value = "$database.max_retries"},
        OptionDef{.section = "paths", .name = "escaped", .default_value = "$$state_path \\$host"},
        OptionDef{.section = "paths", .name = "unknown", .default_value = "pa$$word$nothing"},
        OptionDef{.section = "paths", .name = "trailing_dot", .default_value = "$host."},
        OptionDef{.section = "loop", .name = "a", .default_value = "x"},
        OptionDef{.section = "loop", .name = "b", .default_value = "$a"},
    });
    return registry;
}

const Registry& registry() {
    static const Registry instance = test_registry();
    return instance;
}

// A scratch file, removed when the test ends.
class TempFile {
  public:
    explicit TempFile(std::string_view content) {
        static std::atomic<int> counter{0};
        path_ = (std::filesystem::temp_directory_path() /
                 ("onestack-config-test-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter++) + ".conf"))
                    .string();
        std::ofstream(path_) << content;
    }
    ~TempFile() { std::filesystem::remove(path_); }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

std::string load_error(Config& config, std::string_view text, std::string_view origin = "f.conf") {
    try {
        config.load_string(text, origin);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

std::string set_error(Config& config, std::string_view section, std::string_view name,
                      std::string value) {
    try {
        config.set(section, name, std::move(value));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(ConfigDefaults, RegisteredDefaultsAreTyped) {
    Config config(registry());
    EXPECT_FALSE(config.get_bool("DEFAULT", "debug"));
    EXPECT_EQ(config.get_int("DEFAULT", "workers"), 2);
    EXPECT_DOUBLE_EQ(config.get_float("DEFAULT", "ratio"), 1.5);
    EXPECT_DOUBLE_EQ(config.get_float("DEFAULT", "workers"), 2.0);  // an Int reads as float
    EXPECT_EQ(config.get_string("token", "provider"), "fernet");
    EXPECT_EQ(config.get_list("cors", "methods"), (std::vector<std::string>{"GET", "POST"}));
    EXPECT_TRUE(config.get_list("cors", "allowed_origin").empty());
    EXPECT_EQ(config.get_string("DEFAULT", "admin_token"), "");
    EXPECT_EQ(config.get_string("DEFAULT", "workers"), "2");
}

TEST(ConfigDefaults, UnsetNumbersHaveNoValue) {
    Config config(registry());
    EXPECT_FALSE(config.has_value("database", "pool_timeout"));
    EXPECT_TRUE(config.has_value("database", "max_retries"));
    EXPECT_THROW(config.get_int("database", "pool_timeout"), ConfigError);
    config.set("database", "pool_timeout", "30");
    EXPECT_EQ(config.get_int("database", "pool_timeout"), 30);
    config.set("database", "pool_timeout", "");  // back to unset, as "pool_timeout =" would
    EXPECT_FALSE(config.has_value("database", "pool_timeout"));
}

TEST(ConfigDefaults, UnregisteredOrMistypedGetIsABug) {
    Config config(registry());
    EXPECT_THROW(config.get_string("DEFAULT", "nope"), std::logic_error);
    EXPECT_THROW(config.get_int("nope", "workers"), std::logic_error);
    EXPECT_THROW(config.get_bool("DEFAULT", "workers"), std::logic_error);
    EXPECT_THROW(config.get_int("DEFAULT", "ratio"), std::logic_error);
    EXPECT_THROW(config.get_list("DEFAULT", "host"), std::logic_error);
    // Neither are [DEFAULT] options inherited by other sections.
    EXPECT_THROW(config.get_bool("database", "debug"), std::logic_error);
    config.load_string("[DEFAULT]\nunknown = 1\n");
    EXPECT_THROW(config.get_string("DEFAULT", "unknown"), std::logic_error);
}

TEST(ConfigLoad, ParsesFileValues) {
    Config config(registry());
    config.load_string(
        "# keystone.conf\n"
        "[DEFAULT]\n"
        "debug = True\n"
        "workers=8\n"
        "\n"
        "[database]\n"
        "connection = mysql+pymysql://keystone:secret@db/keystone\n"
        "[token]\n"
        "provider: jws\n");
    EXPECT_TRUE(config.get_bool("DEFAULT", "debug"));
    EXPECT_EQ(config.get_int("DEFAULT", "workers"), 8);
    EXPECT_EQ(config.get_string("database", "connection"),
              "mysql+pymysql://keystone:secret@db/keystone");
    EXPECT_EQ(config.get_string("token", "provider"), "jws");
}

TEST(ConfigLoad, DuplicateKeyLastWins) {
    Config config(registry());
    config.load_string("[DEFAULT]\nworkers = 3\nworkers = 4\n[DEFAULT]\nworkers = 5\n");
    EXPECT_EQ(config.get_int("DEFAULT", "workers"), 5);
}

TEST(ConfigLoad, EmptyValueAndContinuation) {
    Config config(registry());
    config.load_string("[DEFAULT]\nhost =\n[cors]\nallowed_origin = a,\n  b ,\n  c,\n");
    EXPECT_EQ(config.get_string("DEFAULT", "host"), "");
    EXPECT_EQ(config.get_list("cors", "allowed_origin"), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ConfigLoad, SectionNamesAreCaseInsensitive) {
    Config config(registry());
    config.load_string("[Database]\nmax_retries = 7\n");
    EXPECT_EQ(config.get_int("database", "max_retries"), 7);
    EXPECT_EQ(config.get_int("DATABASE", "max_retries"), 7);
}

TEST(ConfigLoad, LaterFilesOverrideEarlierOnes) {
    TempFile base("[DEFAULT]\nworkers = 4\nhost = base\n[database]\nmax_retries = 1\n");
    TempFile override_file("[DEFAULT]\nworkers = 16\n[token]\nprovider = jws\n");
    Config config(registry());
    config.load_file(base.path());
    config.load_file(override_file.path());
    EXPECT_EQ(config.get_int("DEFAULT", "workers"), 16);
    EXPECT_EQ(config.get_string("DEFAULT", "host"), "base");
    EXPECT_EQ(config.get_int("database", "max_retries"), 1);
    EXPECT_EQ(config.get_string("token", "provider"), "jws");
    // set() overrides files, and a later file overrides set() again: last write wins.
    config.set("DEFAULT", "workers", "32");
    EXPECT_EQ(config.get_int("DEFAULT", "workers"), 32);
}

TEST(ConfigLoad, MissingFileIsAnError) {
    Config config(registry());
    EXPECT_THROW(config.load_file("/nonexistent/onestack.conf"), ConfigError);
}

TEST(ConfigLoad, SyntaxErrorNamesFileAndLine) {
    TempFile bad("[DEFAULT]\nworkers = 4\nthis line is broken\n");
    Config config(registry());
    try {
        config.load_file(bad.path());
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(bad.path() + ":3: ", 0), 0u) << e.what();
    }
}

TEST(ConfigLoad, BadValueNamesFileLineAndOptionAndChangesNothing) {
    TempFile bad("[DEFAULT]\nhost = changed\n\n[database]\nmax_retries = lots\n");
    Config config(registry());
    try {
        config.load_file(bad.path());
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()),
                  bad.path() + ":5: [database] max_retries: invalid integer value 'lots'");
    }
    EXPECT_EQ(config.get_string("DEFAULT", "host"), "localhost");
    EXPECT_FALSE(config.raw("DEFAULT", "host") == "changed");
}

TEST(ConfigTypes, Bool) {
    Config config(registry());
    for (const char* yes : {"true", "True", "TRUE", "yes", "on", "1", " on "}) {
        config.set("DEFAULT", "debug", yes);
        EXPECT_TRUE(config.get_bool("DEFAULT", "debug")) << yes;
    }
    for (const char* no : {"false", "False", "no", "off", "0"}) {
        config.set("DEFAULT", "debug", no);
        EXPECT_FALSE(config.get_bool("DEFAULT", "debug")) << no;
    }
    EXPECT_EQ(load_error(config, "[DEFAULT]\n\ndebug = maybe\n"),
              "f.conf:3: [DEFAULT] debug: invalid boolean value 'maybe'");
    EXPECT_EQ(set_error(config, "DEFAULT", "debug", "2"),
              "set(): [DEFAULT] debug: invalid boolean value '2'");
    EXPECT_FALSE(config.get_bool("DEFAULT", "debug"));  // unchanged by the failed set
}

TEST(ConfigTypes, Int) {
    Config config(registry());
    config.set("DEFAULT", "workers", " +12 ");
    EXPECT_EQ(config.get_int("DEFAULT", "workers"), 12);
    config.set("database", "max_retries", "-1");
    EXPECT_EQ(config.get_int("database", "max_retries"), -1);
    config.set("database", "max_retries", "9223372036854775807");
    EXPECT_EQ(config.get_int("database", "max_retries"), INT64_MAX);
    EXPECT_EQ(load_error(config, "[database]\nmax_retries = 1.5\n"),
              "f.conf:2: [database] max_retries: invalid integer value '1.5'");
    EXPECT_EQ(load_error(config, "[database]\nmax_retries = 12abc\n"),
              "f.conf:2: [database] max_retries: invalid integer value '12abc'");
    EXPECT_EQ(load_error(config, "[database]\nmax_retries = 99999999999999999999\n"),
              "f.conf:2: [database] max_retries: integer value '99999999999999999999' is out "
              "of range");
}

TEST(ConfigTypes, Float) {
    Config config(registry());
    config.set("DEFAULT", "ratio", "2.25");
    EXPECT_DOUBLE_EQ(config.get_float("DEFAULT", "ratio"), 2.25);
    config.set("DEFAULT", "ratio", "1e0");
    EXPECT_DOUBLE_EQ(config.get_float("DEFAULT", "ratio"), 1.0);
    config.set("DEFAULT", "ratio", "+3");
    EXPECT_DOUBLE_EQ(config.get_float("DEFAULT", "ratio"), 3.0);
    EXPECT_EQ(load_error(config, "[DEFAULT]\nratio = half\n"),
              "f.conf:2: [DEFAULT] ratio: invalid floating point value 'half'");
}

TEST(ConfigTypes, ListAndSecret) {
    Config config(registry());
    config.load_string(
        "[cors]\nallowed_origin = https://a.example , https://b.example,\n"
        "[DEFAULT]\nadmin_token = s3cr3t\n");
    EXPECT_EQ(config.get_list("cors", "allowed_origin"),
              (std::vector<std::string>{"https://a.example", "https://b.example"}));
    EXPECT_EQ(config.get_string("cors", "allowed_origin"),
              "https://a.example , https://b.example,");
    EXPECT_EQ(config.get_string("DEFAULT", "admin_token"), "s3cr3t");
    config.set("cors", "allowed_origin", "a,,b");
    EXPECT_EQ(config.get_list("cors", "allowed_origin"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(ConfigConstraints, Choices) {
    Config config(registry());
    EXPECT_EQ(load_error(config, "[token]\nprovider = uuid\n"),
              "f.conf:2: [token] provider: value 'uuid' is not one of: fernet, jws");
    config.set("token", "expiration", "60");
    EXPECT_EQ(config.get_int("token", "expiration"), 60);
    EXPECT_EQ(set_error(config, "token", "expiration", "61"),
              "set(): [token] expiration: value '61' is not one of: 60, 3600");
    config.set("cors", "methods", "PUT, GET");
    EXPECT_EQ(config.get_list("cors", "methods"), (std::vector<std::string>{"PUT", "GET"}));
    EXPECT_EQ(set_error(config, "cors", "methods", "GET,DELETE"),
              "set(): [cors] methods: value 'DELETE' is not one of: GET, POST, PUT");
}

TEST(ConfigConstraints, Bounds) {
    Config config(registry());
    config.set("DEFAULT", "workers", "1");
    config.set("DEFAULT", "workers", "64");
    EXPECT_EQ(config.get_int("DEFAULT", "workers"), 64);
    EXPECT_EQ(set_error(config, "DEFAULT", "workers", "0"),
              "set(): [DEFAULT] workers: value 0 is less than the minimum 1");
    EXPECT_EQ(load_error(config, "[DEFAULT]\nworkers = 65\n"),
              "f.conf:2: [DEFAULT] workers: value 65 is greater than the maximum 64");
    EXPECT_EQ(set_error(config, "DEFAULT", "ratio", "10.5"),
              "set(): [DEFAULT] ratio: value 10.5 is greater than the maximum 10");
    EXPECT_EQ(set_error(config, "DEFAULT", "ratio", "-0.1"),
              "set(): [DEFAULT] ratio: value -0.1 is less than the minimum 0");
}

TEST(ConfigSubstitution, ReferencesInDefaultsAndFiles) {
    Config config(registry());
    EXPECT_EQ(config.get_string("DEFAULT", "lock_path"), "/var/lib/onestack/lock");
    // From another section, a name is looked up in that section first, then in DEFAULT.
    EXPECT_EQ(config.get_string("database", "connection"),
              "sqlite:////var/lib/onestack/keystone.db");
    EXPECT_EQ(config.get_string("paths", "cache"), "/srv/paths/cache");
    EXPECT_EQ(config.get_string("paths", "log"), "localhost.log");
    EXPECT_EQ(config.get_string("paths", "cross"), "10");
    EXPECT_EQ(config.get_string("paths", "escaped"), "$state_path $host");
    EXPECT_EQ(config.get_string("paths", "unknown"), "pa$word$nothing");
    EXPECT_EQ(config.get_string("paths", "trailing_dot"), "localhost.");

    config.load_string("[DEFAULT]\nstate_path = /data\n");
    EXPECT_EQ(config.get_string("DEFAULT", "lock_path"), "/data/lock");
    EXPECT_EQ(config.get_string("database", "connection"), "sqlite:////data/keystone.db");
    config.load_string("[DEFAULT]\nlock_path = ${state_path}/locks-$host\n");
    EXPECT_EQ(config.get_string("DEFAULT", "lock_path"), "/data/locks-localhost");
    // raw() is the text as written.
    EXPECT_EQ(config.raw("DEFAULT", "lock_path"), "${state_path}/locks-$host");
}

TEST(ConfigSubstitution, TypedValuesAreCheckedAfterSubstitution) {
    Config config(registry());
    config.set("database", "pool_timeout", "$workers");
    EXPECT_EQ(config.get_int("database", "pool_timeout"), 2);
    config.set("DEFAULT", "workers", "5");
    EXPECT_EQ(config.get_int("database", "pool_timeout"), 5);
    // The bad value comes from where the reference was written.
    EXPECT_EQ(load_error(config, "[database]\npool_timeout = $host\n"),
              "f.conf:2: [database] pool_timeout: invalid integer value 'localhost'");
}

TEST(ConfigSubstitution, LoopIsAnError) {
    Config config(registry());
    EXPECT_EQ(config.get_string("loop", "b"), "x");
    EXPECT_THROW(config.set("loop", "a", "$b"), ConfigError);
    EXPECT_EQ(config.get_string("loop", "a"), "x");
    EXPECT_THROW(config.set("loop", "a", "$a"), ConfigError);
}

TEST(ConfigDynamic, UnknownOptionsAndSectionsAreKept) {
    Config config(registry());
    config.load_string(
        "[domain_ldap]\nurl = ldap://example\nuser = cn=admin\n[empty]\n"
        "[DEFAULT]\nhost = h1\n");
    EXPECT_EQ(config.raw("domain_ldap", "url"), "ldap://example");
    EXPECT_EQ(config.raw("domain_ldap", "user"), "cn=admin");
    EXPECT_EQ(config.raw("domain_ldap", "missing"), std::nullopt);
    EXPECT_EQ(config.raw("DEFAULT", "host"), "h1");
    EXPECT_EQ(config.raw("DEFAULT", "workers"), "2");         // a registered default
    EXPECT_EQ(config.raw("database", "host"), std::nullopt);  // no [DEFAULT] inheritance
    EXPECT_EQ(config.sections(), (std::vector<std::string>{"DEFAULT", "domain_ldap", "empty"}));
    EXPECT_EQ(config.keys("domain_ldap"), (std::vector<std::string>{"url", "user"}));
    EXPECT_TRUE(config.keys("empty").empty());
    EXPECT_TRUE(config.keys("nowhere").empty());
    config.set("domain_ldap", "url", "ldap://other");
    EXPECT_EQ(config.raw("domain_ldap", "url"), "ldap://other");
}

TEST(ConfigDynamic, OptionRegisteredAfterLoadIsReadable) {
    Registry late = test_registry();
    Config config(late);
    config.load_string("[plugin]\nlevel = 3\n");
    late.add(
        OptionDef{.section = "plugin", .name = "level", .type = Type::Int, .default_value = "1"});
    EXPECT_EQ(config.get_int("plugin", "level"), 3);
}

TEST(ConfigThreads, ConcurrentReadersSeeConsistentValues) {
    Config config(registry());
    std::atomic<bool> stop{false};
    std::atomic<int> bad{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&] {
            while (!stop) {
                const auto workers = config.get_int("DEFAULT", "workers");
                if (workers != 2 && workers != 4) {
                    ++bad;
                }
                if (config.get_string("token", "provider").empty()) {
                    ++bad;
                }
            }
        });
    }
    for (int i = 0; i < 200; ++i) {
        config.set("DEFAULT", "workers", i % 2 == 0 ? "4" : "2");
    }
    stop = true;
    for (auto& reader : readers) {
        reader.join();
    }
    EXPECT_EQ(bad, 0);
}
