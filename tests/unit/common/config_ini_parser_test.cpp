#include "common/config/ini_parser.hpp"

#include <gtest/gtest.h>

#include "common/config/option.hpp"

using onestack::config::ConfigError;
using onestack::config::IniDocument;
using onestack::config::parse_ini;

namespace {

std::string error_of(std::string_view text) {
    try {
        parse_ini(text, "test.conf");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(IniParser, SectionsKeysAndLines) {
    const IniDocument doc = parse_ini(
        "[DEFAULT]\n"
        "debug = true\n"
        "\n"
        "[database]\n"
        "connection=sqlite:///x.db\n",
        "test.conf");
    ASSERT_EQ(doc.sections, (std::vector<std::string>{"DEFAULT", "database"}));
    ASSERT_EQ(doc.entries.size(), 2u);
    EXPECT_EQ(doc.entries[0].section, "DEFAULT");
    EXPECT_EQ(doc.entries[0].key, "debug");
    EXPECT_EQ(doc.entries[0].value, "true");
    EXPECT_EQ(doc.entries[0].line, 2);
    EXPECT_EQ(doc.entries[1].section, "database");
    EXPECT_EQ(doc.entries[1].value, "sqlite:///x.db");
    EXPECT_EQ(doc.entries[1].line, 5);
}

TEST(IniParser, CommentsAndWhitespace) {
    const IniDocument doc = parse_ini(
        "# leading comment\n"
        "; semicolon comment\n"
        "[s]\n"
        "   # an indented comment on its own\n"
        "#commented = out\n"
        "  \t\n"
        "a   =   spaced value   \r\n"
        "b = value # not a comment: oslo keeps inline text\n",
        "test.conf");
    ASSERT_EQ(doc.entries.size(), 2u);
    EXPECT_EQ(doc.entries[0].key, "a");
    EXPECT_EQ(doc.entries[0].value, "spaced value");
    EXPECT_EQ(doc.entries[1].value, "value # not a comment: oslo keeps inline text");
}

TEST(IniParser, ColonSeparatorAndFirstSeparatorWins) {
    const IniDocument doc = parse_ini("[s]\na: b=c\nurl = http://h:5000/v3\n", "t");
    ASSERT_EQ(doc.entries.size(), 2u);
    EXPECT_EQ(doc.entries[0].key, "a");
    EXPECT_EQ(doc.entries[0].value, "b=c");
    EXPECT_EQ(doc.entries[1].key, "url");
    EXPECT_EQ(doc.entries[1].value, "http://h:5000/v3");
}

TEST(IniParser, ContinuationLinesJoinWithNewline) {
    const IniDocument doc = parse_ini(
        "[s]\n"
        "multi = first\n"
        "    second\n"
        "\tthird\n"
        "\n"
        "    # after a blank line this is a lone comment\n"
        "next = x\n",
        "t");
    ASSERT_EQ(doc.entries.size(), 2u);
    EXPECT_EQ(doc.entries[0].value, "first\nsecond\nthird");
    EXPECT_EQ(doc.entries[0].line, 2);
    EXPECT_EQ(doc.entries[1].value, "x");
}

TEST(IniParser, ContinuationOfEmptyFirstLine) {
    const IniDocument doc = parse_ini("[s]\nk =\n  a\n  b\n", "t");
    ASSERT_EQ(doc.entries.size(), 1u);
    EXPECT_EQ(doc.entries[0].value, "\na\nb");  // as oslo joins ['', 'a', 'b']
}

TEST(IniParser, EmptyValuesAndQuotes) {
    const IniDocument doc = parse_ini(
        "[s]\n"
        "empty =\n"
        "quoted = \"  padded  \"\n"
        "single = 'x'\n"
        "mismatched = \"x'\n"
        "lone = \"\n",
        "t");
    ASSERT_EQ(doc.entries.size(), 5u);
    EXPECT_EQ(doc.entries[0].value, "");
    EXPECT_EQ(doc.entries[1].value, "  padded  ");
    EXPECT_EQ(doc.entries[2].value, "x");
    EXPECT_EQ(doc.entries[3].value, "\"x'");
    EXPECT_EQ(doc.entries[4].value, "");
}

TEST(IniParser, DuplicateKeysAreAllReportedInOrder) {
    const IniDocument doc = parse_ini("[s]\nk = 1\nk = 2\n", "t");
    ASSERT_EQ(doc.entries.size(), 2u);
    EXPECT_EQ(doc.entries[1].value, "2");
}

TEST(IniParser, EmptySectionIsListed) {
    const IniDocument doc = parse_ini("[empty]\n[ spaced ]\n", "t");
    EXPECT_EQ(doc.sections, (std::vector<std::string>{"empty", "spaced"}));
    EXPECT_TRUE(doc.entries.empty());
}

TEST(IniParser, ByteOrderMarkAndNoTrailingNewline) {
    const IniDocument doc = parse_ini("\xEF\xBB\xBF[s]\nk = v", "t");
    ASSERT_EQ(doc.entries.size(), 1u);
    EXPECT_EQ(doc.entries[0].value, "v");
}

TEST(IniParser, SyntaxErrorsNameOriginAndLine) {
    EXPECT_EQ(error_of("[s]\nno separator here\n"),
              "test.conf:2: No ':' or '=' found in assignment: 'no separator here'");
    EXPECT_EQ(error_of("[s\n"), "test.conf:1: Invalid section (must end with ]): '[s'");
    EXPECT_EQ(error_of("[]\n"), "test.conf:1: Empty section name: '[]'");
    EXPECT_EQ(error_of("[s]\n= v\n"), "test.conf:2: Key cannot be empty: '= v'");
    EXPECT_EQ(error_of("k = v\n"),
              "test.conf:1: Section must be started before assignment: 'k = v'");
    EXPECT_EQ(error_of("[s]\n\n  orphan\n"),
              "test.conf:3: Unexpected continuation line: '  orphan'");
    // A comment or section header ends a value, so indentation after it is an error too.
    EXPECT_EQ(error_of("[s]\nk = v\n# c\n  more\n"),
              "test.conf:4: Unexpected continuation line: '  more'");
}
