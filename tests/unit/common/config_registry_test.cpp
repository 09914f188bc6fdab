#include "common/config/registry.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using onestack::config::OptionDef;
using onestack::config::Registry;
using onestack::config::Type;

TEST(Registry, FindsRegisteredOptions) {
    Registry registry;
    registry.add(OptionDef{.section = "database", .name = "connection", .help = "DB URL"});
    registry.add(
        {OptionDef{
             .section = "DEFAULT", .name = "debug", .type = Type::Bool, .default_value = "false"},
         OptionDef{.section = "token",
                   .name = "expiration",
                   .type = Type::Int,
                   .default_value = "3600"}});
    ASSERT_NE(registry.find("database", "connection"), nullptr);
    EXPECT_EQ(registry.find("database", "connection")->help, "DB URL");
    EXPECT_EQ(registry.find("token", "expiration")->type, Type::Int);
    EXPECT_EQ(registry.find("token", "nope"), nullptr);
    EXPECT_EQ(registry.find("database", "debug"), nullptr);  // no [DEFAULT] inheritance
    EXPECT_EQ(registry.all().size(), 3u);
}

TEST(Registry, SectionNamesAreCaseInsensitiveExceptDefault) {
    Registry registry;
    registry.add(OptionDef{.section = "Database", .name = "connection"});
    EXPECT_EQ(registry.all()[0].section, "database");
    EXPECT_NE(registry.find("DATABASE", "connection"), nullptr);
    registry.add(OptionDef{.section = "DEFAULT", .name = "x"});
    EXPECT_EQ(registry.find("default", "x"), nullptr);
}

TEST(Registry, SameDefinitionTwiceIsHarmlessDifferentOneThrows) {
    Registry registry;
    const OptionDef def{.section = "s", .name = "n", .default_value = "a"};
    registry.add(def);
    EXPECT_NO_THROW(registry.add(def));
    EXPECT_EQ(registry.all().size(), 1u);
    OptionDef other = def;
    other.default_value = "b";
    EXPECT_THROW(registry.add(other), std::logic_error);
}

TEST(Registry, RejectsBrokenDefinitions) {
    Registry registry;
    EXPECT_THROW(registry.add(OptionDef{.section = "s", .name = ""}), std::logic_error);
    EXPECT_THROW(registry.add(OptionDef{
                     .section = "s", .name = "n", .type = Type::Int, .default_value = "ten"}),
                 std::logic_error);
    EXPECT_THROW(registry.add(OptionDef{.section = "s",
                                        .name = "n",
                                        .type = Type::Int,
                                        .default_value = "20",
                                        .min = 0,
                                        .max = 10}),
                 std::logic_error);
    EXPECT_THROW(registry.add(OptionDef{
                     .section = "s", .name = "n", .type = Type::Int, .min = 10, .max = 1}),
                 std::logic_error);
    EXPECT_THROW(registry.add(OptionDef{.section = "s", .name = "n", .min = 1}), std::logic_error);
    EXPECT_THROW(registry.add(OptionDef{
                     .section = "s", .name = "n", .default_value = "c", .choices = {"a", "b"}}),
                 std::logic_error);
    EXPECT_THROW(registry.add(OptionDef{
                     .section = "s", .name = "n", .type = Type::Int, .choices = {"1", "two"}}),
                 std::logic_error);
    // A default that refers to another option is checked later, by Config.
    EXPECT_NO_THROW(registry.add(OptionDef{
        .section = "s", .name = "port", .type = Type::Int, .default_value = "$base_port"}));
    EXPECT_EQ(registry.all().size(), 1u);
}

namespace {

Registry sample_registry() {
    Registry registry;
    registry.add({
        OptionDef{.section = "token",
                  .name = "expiration",
                  .type = Type::Int,
                  .default_value = "3600",
                  .help = "Amount of time a token should remain valid (in seconds).",
                  .min = 0,
                  .max = 31536000},
        OptionDef{.section = "DEFAULT",
                  .name = "debug",
                  .type = Type::Bool,
                  .default_value = "false",
                  .help = "Enable debug logging."},
        OptionDef{.section = "token",
                  .name = "provider",
                  .default_value = "fernet",
                  .help = "Token provider.",
                  .choices = {"fernet", "jws"}},
        OptionDef{.section = "database",
                  .name = "connection",
                  .type = Type::Secret,
                  .default_value = "mysql://root:hunter2@localhost/keystone",
                  .help = "The SQLAlchemy connection string."},
        OptionDef{.section = "database", .name = "max_retries", .type = Type::Int},
        OptionDef{.section = "DEFAULT",
                  .name = "state_path",
                  .default_value = "/var/lib/onestack",
                  .help = "Where services keep state. This help text is deliberately long so "
                          "that it has to be wrapped across more than one line of the sample "
                          "file.\n\nIt even has a second paragraph."},
        OptionDef{
            .section = "DEFAULT", .name = "padded", .default_value = " x ", .help = "Padded."},
        OptionDef{.section = "oslo_policy",
                  .name = "ratio",
                  .type = Type::Float,
                  .default_value = "0.5",
                  .help = "Ratio.",
                  .min = 0.25,
                  .max = 1.5},
        OptionDef{.section = "cors",
                  .name = "allowed_origin",
                  .type = Type::List,
                  .default_value = "a,b",
                  .help = "Origins."},
    });
    return registry;
}

}  // namespace

TEST(RegistrySample, ContainsEveryOptionWithHelpTypeAndDefault) {
    const Registry registry = sample_registry();
    const std::string sample = registry.sample();
    EXPECT_NE(sample.find("[DEFAULT]\n"), std::string::npos);
    EXPECT_NE(sample.find("# Enable debug logging. (boolean value)\n#debug = false\n"),
              std::string::npos);
    EXPECT_NE(sample.find("# Amount of time a token should remain valid (in seconds). "
                          "(integer value)\n# Minimum value: 0\n# Maximum value: "
                          "31536000\n#expiration = 3600\n"),
              std::string::npos)
        << sample;
    EXPECT_NE(sample.find("# Token provider. (string value)\n# Possible values:\n# fernet\n"
                          "# jws\n#provider = fernet\n"),
              std::string::npos);
    EXPECT_NE(sample.find("# (integer value)\n#max_retries = <None>\n"), std::string::npos);
    EXPECT_NE(sample.find("# Ratio. (floating point value)\n# Minimum value: 0.25\n"
                          "# Maximum value: 1.5\n#ratio = 0.5\n"),
              std::string::npos);
    EXPECT_NE(sample.find("# Origins. (list value)\n#allowed_origin = a,b\n"), std::string::npos);
    EXPECT_NE(sample.find("#padded = \" x \"\n"), std::string::npos);
    EXPECT_NE(sample.find("#\n# It even has a second paragraph. (string value)\n"),
              std::string::npos);
    for (const auto& def : registry.all()) {
        EXPECT_NE(sample.find("[" + def.section + "]\n"), std::string::npos) << def.section;
        EXPECT_NE(sample.find("\n#" + def.name + " = "), std::string::npos) << def.name;
    }
}

TEST(RegistrySample, NeverPrintsSecretDefaults) {
    const std::string sample = sample_registry().sample();
    EXPECT_EQ(sample.find("hunter2"), std::string::npos);
    EXPECT_NE(sample.find("#connection = ****\n"), std::string::npos);
}

TEST(RegistrySample, WrapsHelpAt78Columns) {
    const std::string sample = sample_registry().sample();
    std::size_t start = 0;
    while (start < sample.size()) {
        std::size_t end = sample.find('\n', start);
        EXPECT_LE(end - start, 78u) << sample.substr(start, end - start);
        start = end + 1;
    }
    EXPECT_NE(sample.find("# Where services keep state. This help text is deliberately long so "
                          "that it\n# has to be wrapped"),
              std::string::npos)
        << sample;
}

TEST(RegistrySample, SectionsInOrderDefaultFirst) {
    const std::string sample = sample_registry().sample();
    EXPECT_EQ(sample.rfind("[DEFAULT]\n", 0), 0u);
    const auto cors = sample.find("[cors]");
    const auto database = sample.find("[database]");
    const auto policy = sample.find("[oslo_policy]");
    const auto token = sample.find("[token]");
    EXPECT_LT(cors, database);
    EXPECT_LT(database, policy);
    EXPECT_LT(policy, token);
    EXPECT_NE(sample.find("#max_retries = <None>\n\n\n[oslo_policy]\n"), std::string::npos);
}

TEST(RegistrySample, IsDeterministicWhateverTheRegistrationOrder) {
    const Registry forward = sample_registry();
    Registry backward;
    for (auto it = forward.all().rbegin(); it != forward.all().rend(); ++it) {
        backward.add(*it);
    }
    EXPECT_EQ(forward.sample(), forward.sample());
    EXPECT_EQ(forward.sample(), backward.sample());
}

TEST(RegistrySample, EmptyRegistryStillHasDefaultSection) {
    EXPECT_EQ(Registry{}.sample(), "[DEFAULT]\n");
}
