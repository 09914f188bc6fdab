// Python spellings of JSON values. Every expected string was printed by
// CPython 3.11 for json.loads() of the same text: repr(), str(), and
// pprint.pformat(width=N), which jsonschema uses to show schemas and values.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>
#include <string_view>

#include "common/json/python_repr.hpp"

using namespace std::literals;
namespace python = onestack::json::python;

namespace {

struct ReprCase {
    std::string_view json;
    std::string_view repr;
    std::string_view str;
};

const ReprCase kReprCases[] = {
    {R"json(null)json", "None"sv, "None"sv},
    {R"json(true)json", "True"sv, "True"sv},
    {R"json(false)json", "False"sv, "False"sv},
    {R"json(0)json", "0"sv, "0"sv},
    {R"json(-12)json", "-12"sv, "-12"sv},
    {R"json(18446744073709551615)json", "18446744073709551615"sv, "18446744073709551615"sv},
    {R"json(1.0)json", "1.0"sv, "1.0"sv},
    {R"json(1.5)json", "1.5"sv, "1.5"sv},
    {R"json(-0.0)json", "-0.0"sv, "-0.0"sv},
    {R"json(1e16)json", "1e+16"sv, "1e+16"sv},
    {R"json(1e15)json", "1000000000000000.0"sv, "1000000000000000.0"sv},
    {R"json(123456789012345678)json", "123456789012345678"sv, "123456789012345678"sv},
    {R"json(1e-5)json", "1e-05"sv, "1e-05"sv},
    {R"json(0.0001)json", "0.0001"sv, "0.0001"sv},
    {R"json(0.1)json", "0.1"sv, "0.1"sv},
    {R"json(1e22)json", "1e+22"sv, "1e+22"sv},
    {R"json(5e-324)json", "5e-324"sv, "5e-324"sv},
    {R"json(1.7976931348623157e308)json", "1.7976931348623157e+308"sv, "1.7976931348623157e+308"sv},
    {R"json(3.14159)json", "3.14159"sv, "3.14159"sv},
    {R"json("")json", "''"sv, ""sv},
    {R"json("plain")json", "'plain'"sv, "plain"sv},
    {R"json("it's")json", "\"it's\""sv, "it's"sv},
    {R"json("say \"hi\"")json", "'say \"hi\"'"sv, "say \"hi\""sv},
    {R"json("both ' and \"")json", "'both \\' and \"'"sv, "both ' and \""sv},
    {R"json("back\\slash")json", "'back\\\\slash'"sv, "back\\slash"sv},
    {R"json("nl\nand\ttab\r")json", "'nl\\nand\\ttab\\r'"sv,
     "nl\nand\x09"
     "tab\x0d"
     ""sv},
    {R"json("\u0000\u001f\u007f\u0080\u009f")json", "'\\x00\\x1f\\x7f\\x80\\x9f'"sv,
     "\x00"
     "\x1f"
     "\x7f"
     "\xc2\x80"
     "\xc2\x9f"
     ""sv},
    {R"json("\u00a0\u00ad\u00e9\u4e2d")json",
     "'\\xa0\\xad\xc3\xa9"
     "\xe4\xb8\xad"
     "'"sv,
     "\xc2\xa0"
     "\xc2\xad"
     "\xc3\xa9"
     "\xe4\xb8\xad"
     ""sv},
    {R"json("\u200b\u2028\u3000\ufeff")json", "'\\u200b\\u2028\\u3000\\ufeff'"sv,
     "\xe2\x80\x8b"
     "\xe2\x80\xa8"
     "\xe3\x80\x80"
     "\xef\xbb\xbf"
     ""sv},
    {R"json("\ue000\ud83d\ude00")json",
     "'\\ue000\xf0\x9f\x98\x80"
     "'"sv,
     "\xee\x80\x80"
     "\xf0\x9f\x98\x80"
     ""sv},
    {R"json([])json", "[]"sv, "[]"sv},
    {R"json({})json", "{}"sv, "{}"sv},
    {R"json([1, "a", null, [true]])json", "[1, 'a', None, [True]]"sv, "[1, 'a', None, [True]]"sv},
    {R"json({"b": 1, "a": {"d": [], "c": "x"}})json", "{'b': 1, 'a': {'d': [], 'c': 'x'}}"sv,
     "{'b': 1, 'a': {'d': [], 'c': 'x'}}"sv},
};

struct PformatCase {
    std::string_view json;
    std::size_t width;
    std::string_view expected;
};

const PformatCase kPformatCases[] = {
    {R"json({"b": 1, "a": 2})json", 80, "{'a': 2, 'b': 1}"sv},
    {R"json({"name": {"type": "string", "minLength": 1, "maxLength": 255}, "enabled": {"type": "boolean"}, "description": {"type": ["string", "null"]}})json",
     72,
     "{'description': {'type': ['string', 'null']},\n 'enabled': {'type': 'boolean'},\n 'name': {'maxLength': 255, 'minLength': 1, 'type': 'string'}}"sv},
    {R"json([["aaaaaaaaaa", "bbbbbbbbbb"], ["cccccccccc", "dddddddddd"], {"k": "eeeeeeeeee"}])json",
     30, "[['aaaaaaaaaa', 'bbbbbbbbbb'],\n ['cccccccccc', 'dddddddddd'],\n {'k': 'eeeeeeeeee'}]"sv},
    {R"json("the quick brown fox jumps over the lazy dog and keeps on running far away")json", 30,
     "('the quick brown fox jumps '\n 'over the lazy dog and '\n 'keeps on running far away')"sv},
    {R"json({"text": "the quick brown fox jumps over the lazy dog and keeps on running far away", "n": 1})json",
     40,
     "{'n': 1,\n 'text': 'the quick brown fox jumps '\n         'over the lazy dog and keeps '\n         'on running far away'}"sv},
    {R"json(["line one\nline two\nline three which is rather long indeed for a narrow width"])json",
     25,
     "['line one\\n'\n 'line two\\n'\n 'line three which is '\n 'rather long indeed '\n 'for a narrow width']"sv},
    {R"json({"x": "averyveryveryverylongwordwithoutanyspacesatallthatcannotbesplit", "y": "z"})json",
     30, "{'x': 'averyveryveryverylongwordwithoutanyspacesatallthatcannotbesplit',\n 'y': 'z'}"sv},
    {R"json({"h\u00e9llo": "w\u00f6rld w\u00f6rld w\u00f6rld w\u00f6rld", "a": 1})json", 20,
     "{'a': 1,\n 'h\xc3\xa9"
     "llo': 'w\xc3\xb6"
     "rld '\n          'w\xc3\xb6"
     "rld '\n          'w\xc3\xb6"
     "rld '\n          'w\xc3\xb6"
     "rld'}"sv},
    {R"json({"deep": {"deeper": {"deepest": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]}}})json",
     40,
     "{'deep': {'deeper': {'deepest': [1,\n                                 2,\n                                 3,\n                                 4,\n                                 5,\n                                 6,\n                                 7,\n                                 8,\n                                 9,\n                                 10,\n                                 11,\n                                 12,\n                                 13,\n                                 14,\n                                 15,\n                                 16,\n                                 17,\n                                 18,\n                                 19,\n                                 20]}}}"sv},
    {R"json("")json", 1, "''"sv},
    {R"json("  leading and trailing spaces  ")json", 10,
     "('  '\n 'leading '\n 'and '\n 'trailing '\n 'spaces  ')"sv},
};

}  // namespace

TEST(SchemaPythonRepr, MatchesCPythonRepr) {
    for (const auto& c : kReprCases) {
        auto v = boost::json::parse(c.json);
        EXPECT_EQ(python::repr(v), c.repr) << c.json;
    }
}

TEST(SchemaPythonRepr, MatchesCPythonStr) {
    for (const auto& c : kReprCases) {
        auto v = boost::json::parse(c.json);
        EXPECT_EQ(python::str(v), c.str) << c.json;
    }
}

TEST(SchemaPythonRepr, MatchesCPythonPformat) {
    for (const auto& c : kPformatCases) {
        auto v = boost::json::parse(c.json);
        EXPECT_EQ(python::pformat(v, c.width), c.expected) << c.json << " width " << c.width;
    }
}

TEST(SchemaPythonRepr, FloatReprSwitchesToExponentAtSixteenDigits) {
    EXPECT_EQ(python::repr(9999999999999998.0), "9999999999999998.0");
    EXPECT_EQ(python::repr(1e16), "1e+16");
    EXPECT_EQ(python::repr(0.0001), "0.0001");
    EXPECT_EQ(python::repr(0.00001), "1e-05");
    EXPECT_EQ(python::repr(std::numeric_limits<double>::infinity()), "inf");
}
