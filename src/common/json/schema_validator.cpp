// Schema::validate: walks the compiled nodes the way python-jsonschema's
// Draft4Validator.iter_errors does (jsonschema/_validators.py,
// _legacy_validators.py) and stops at the first error, which is the one
// upstream's validate() raises.
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "common/json/formats.hpp"
#include "common/json/python_repr.hpp"
#include "common/json/python_values.hpp"
#include "common/json/schema_node.hpp"
#include "common/json/utf8.hpp"

namespace onestack::json {

namespace {

namespace bj = boost::json;
using python::repr;

unsigned type_bits_of(const bj::value& v) {
    switch (v.kind()) {
        case bj::kind::null:
            return kNull;
        case bj::kind::bool_:
            return kBoolean;
        case bj::kind::int64:
        case bj::kind::uint64:
            return kInteger | kNumber;
        case bj::kind::double_:
            return kNumber;  // Draft 4: 1.0 is a number, not an integer
        case bj::kind::string:
            return kString;
        case bj::kind::array:
            return kArray;
        case bj::kind::object:
            return kObject;
    }
    return 0;
}

std::string joined_reprs(std::vector<std::string> items, bool sort) {
    if (sort) {
        std::sort(items.begin(), items.end());
    }
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + repr(item);
    }
    return out;
}

bool matches_format(Format format, std::string_view s, const SchemaOptions& options) {
    switch (format) {
        case Format::uuid:
            return options.uuid_like_format ? formats::is_uuid_like(s) : formats::is_uuid(s);
        case Format::date_time:
            return formats::is_date_time(s);
        case Format::email:
            return formats::is_email(s);
        case Format::uri:
            return formats::is_uri(s);
        case Format::ipv4:
            return formats::is_ipv4(s);
        case Format::ipv6:
            return formats::is_ipv6(s);
    }
    return true;
}

using Result = std::optional<ValidationError>;

class Validator {
  public:
    // detailed=false only answers valid/invalid (anyOf, oneOf, not): no
    // messages, copies or paths are built for errors that will be dropped.
    Validator(const SchemaOptions& options, bool detailed)
        : options_(options), detailed_(detailed) {}

    Result check(const SchemaNode& node, const bj::value& instance) const {
        if (node.boolean) {
            if (*node.boolean) {
                return std::nullopt;
            }
            return fail(node, nullptr, instance,
                        [&] { return "False schema does not allow " + repr(instance); });
        }
        for (const auto& keyword : node.keywords) {
            if (auto e = check_keyword(node, keyword, instance)) {
                if (detailed_ && keyword.kind != KeywordKind::ref) {
                    e->schema_path.insert(e->schema_path.begin(), keyword.name);
                }
                return e;
            }
        }
        return std::nullopt;
    }

  private:
    template <class MakeMessage>
    ValidationError fail(const SchemaNode& node, const SchemaKeyword* keyword,
                         const bj::value& instance, MakeMessage&& make_message) const {
        ValidationError e;
        if (detailed_) {
            e.keyword = keyword ? keyword->name : std::string();
            e.instance = instance;
            e.schema = *node.json;
            e.message = make_message();
        }
        return e;
    }

    Result descend(const SchemaNode& sub, const bj::value& instance, const PathSegment* path,
                   const PathSegment* schema_path) const {
        auto e = check(sub, instance);
        if (e && detailed_) {
            if (path) {
                e->path.insert(e->path.begin(), *path);
            }
            if (schema_path) {
                e->schema_path.insert(e->schema_path.begin(), *schema_path);
            }
        }
        return e;
    }

    bool valid(const SchemaNode& sub, const bj::value& instance) const {
        return !Validator(options_, false).check(sub, instance);
    }

    Result check_keyword(const SchemaNode& node, const SchemaKeyword& k,
                         const bj::value& instance) const {
        auto failure = [&](auto&& make_message) -> Result {
            return fail(node, &k, instance, make_message);
        };
        switch (k.kind) {
            case KeywordKind::ref:
                return descend(*k.sub, instance, nullptr, nullptr);

            case KeywordKind::type:
                if (type_bits_of(instance) & k.types) {
                    return std::nullopt;
                }
                return failure([&] {
                    return repr(instance) + " is not of type " + joined_reprs(k.names, false);
                });

            case KeywordKind::properties:
                if (!instance.is_object()) {
                    return std::nullopt;
                }
                for (const auto& [name, sub] : k.named) {
                    if (const auto* value = instance.get_object().if_contains(name)) {
                        PathSegment segment(name);
                        if (auto e = descend(*sub, *value, &segment, &segment)) {
                            return e;
                        }
                    }
                }
                return std::nullopt;

            case KeywordKind::pattern_properties:
                return check_pattern_properties(node, k, instance);

            case KeywordKind::additional_properties:
                return check_additional_properties(node, k, instance);

            case KeywordKind::required:
                if (!instance.is_object()) {
                    return std::nullopt;
                }
                for (const auto& name : k.names) {
                    if (!instance.get_object().contains(name)) {
                        return failure([&] { return repr(name) + " is a required property"; });
                    }
                }
                return std::nullopt;

            case KeywordKind::items:
                return check_items(k, instance);

            case KeywordKind::additional_items:
                return check_additional_items(node, k, instance);

            case KeywordKind::min_items:
                if (instance.is_array() && instance.get_array().size() < k.count) {
                    return failure([&] { return repr(instance) + " is too short"; });
                }
                return std::nullopt;

            case KeywordKind::max_items:
                if (instance.is_array() && instance.get_array().size() > k.count) {
                    return failure([&] { return repr(instance) + " is too long"; });
                }
                return std::nullopt;

            case KeywordKind::unique_items:
                if (k.flag && instance.is_array() && !python::all_unique(instance.get_array())) {
                    return failure([&] { return repr(instance) + " has non-unique elements"; });
                }
                return std::nullopt;

            case KeywordKind::min_length:
                if (instance.is_string() && utf8::length(instance.get_string()) < k.count) {
                    return failure([&] { return repr(instance) + " is too short"; });
                }
                return std::nullopt;

            case KeywordKind::max_length:
                if (instance.is_string() && utf8::length(instance.get_string()) > k.count) {
                    return failure([&] { return repr(instance) + " is too long"; });
                }
                return std::nullopt;

            case KeywordKind::pattern:
                if (instance.is_string() && !k.regex->search(instance.get_string())) {
                    return failure([&] {
                        return repr(instance) + " does not match " + repr(k.regex->pattern());
                    });
                }
                return std::nullopt;

            case KeywordKind::format:
                return check_format(node, k, instance);

            case KeywordKind::enumeration:
                for (const auto& option : k.value->get_array()) {
                    if (python::equal(instance, option)) {
                        return std::nullopt;
                    }
                }
                return failure([&] { return repr(instance) + " is not one of " + repr(*k.value); });

            case KeywordKind::minimum:
            case KeywordKind::maximum:
                return check_bound(node, k, instance);

            case KeywordKind::multiple_of:
                return check_multiple_of(node, k, instance);

            case KeywordKind::min_properties:
                if (instance.is_object() && instance.get_object().size() < k.count) {
                    return failure(
                        [&] { return repr(instance) + " does not have enough properties"; });
                }
                return std::nullopt;

            case KeywordKind::max_properties:
                if (instance.is_object() && instance.get_object().size() > k.count) {
                    return failure([&] { return repr(instance) + " has too many properties"; });
                }
                return std::nullopt;

            case KeywordKind::all_of:
                for (std::size_t i = 0; i < k.subs.size(); ++i) {
                    PathSegment index(i);
                    if (auto e = descend(*k.subs[i], instance, nullptr, &index)) {
                        return e;
                    }
                }
                return std::nullopt;

            case KeywordKind::any_of:
                for (const auto* sub : k.subs) {
                    if (valid(*sub, instance)) {
                        return std::nullopt;
                    }
                }
                return failure([&] {
                    return repr(instance) + " is not valid under any of the given schemas";
                });

            case KeywordKind::one_of:
                return check_one_of(node, k, instance);

            case KeywordKind::negation:
                if (valid(*k.sub, instance)) {
                    return failure([&] {
                        return repr(instance) + " should not be valid under " + repr(*k.sub->json);
                    });
                }
                return std::nullopt;

            case KeywordKind::dependencies:
                return check_dependencies(node, k, instance);
        }
        return std::nullopt;
    }

    // _validators.format; FormatChecker.check words the failure.
    Result check_format(const SchemaNode& node, const SchemaKeyword& k,
                        const bj::value& instance) const {
        std::optional<std::string> cause;
        if (k.custom_format) {
            cause = (*k.custom_format)(instance);
            if (!cause) {
                return std::nullopt;
            }
        } else if (!instance.is_string() ||
                   matches_format(k.format, instance.get_string(), options_)) {
            return std::nullopt;
        }
        auto e = fail(node, &k, instance,
                      [&] { return repr(instance) + " is not a " + repr(*k.value); });
        if (detailed_ && cause) {
            e.cause = std::move(*cause);
        }
        return e;
    }

    Result check_pattern_properties(const SchemaNode& node, const SchemaKeyword& k,
                                    const bj::value& instance) const {
        if (!instance.is_object()) {
            return std::nullopt;
        }
        for (std::size_t i = 0; i < k.subs.size(); ++i) {
            const auto& regex = node.property_patterns[i];
            for (const auto& member : instance.get_object()) {
                if (!regex.search(member.key())) {
                    continue;
                }
                PathSegment key(std::string(member.key()));
                PathSegment pattern(regex.pattern());
                if (auto e = descend(*k.subs[i], member.value(), &key, &pattern)) {
                    return e;
                }
            }
        }
        return std::nullopt;
    }

    // _utils.find_additional_properties: keys neither in "properties" nor
    // matched by a "patternProperties" regex.
    std::vector<std::string> additional_properties(const SchemaNode& node,
                                                   const bj::object& instance) const {
        std::vector<std::string> extras;
        for (const auto& member : instance) {
            if (node.properties && node.properties->contains(member.key())) {
                continue;
            }
            bool matched = std::any_of(node.property_patterns.begin(), node.property_patterns.end(),
                                       [&](const auto& r) { return r.search(member.key()); });
            if (!matched) {
                extras.emplace_back(member.key());
            }
        }
        return extras;
    }

    Result check_additional_properties(const SchemaNode& node, const SchemaKeyword& k,
                                       const bj::value& instance) const {
        if (!instance.is_object() || (!k.sub && k.flag)) {
            return std::nullopt;
        }
        auto extras = additional_properties(node, instance.get_object());
        if (k.sub) {
            for (const auto& extra : extras) {
                PathSegment key(extra);
                if (auto e = descend(*k.sub, instance.get_object().at(extra), &key, nullptr)) {
                    return e;
                }
            }
            return std::nullopt;
        }
        if (extras.empty()) {
            return std::nullopt;
        }
        return fail(node, &k, instance, [&] {
            bool one = extras.size() == 1;
            if (node.has_pattern_properties) {
                std::vector<std::string> patterns;
                for (const auto& r : node.property_patterns) {
                    patterns.push_back(r.pattern());
                }
                return joined_reprs(extras, true) + (one ? " does" : " do") +
                       " not match any of the regexes: " + joined_reprs(patterns, true);
            }
            return "Additional properties are not allowed (" + joined_reprs(extras, true) +
                   (one ? " was" : " were") + " unexpected)";
        });
    }

    Result check_items(const SchemaKeyword& k, const bj::value& instance) const {
        if (!instance.is_array()) {
            return std::nullopt;
        }
        const auto& items = instance.get_array();
        if (k.sub) {
            for (std::size_t i = 0; i < items.size(); ++i) {
                PathSegment index(i);
                if (auto e = descend(*k.sub, items[i], &index, nullptr)) {
                    return e;
                }
            }
            return std::nullopt;
        }
        for (std::size_t i = 0; i < items.size() && i < k.subs.size(); ++i) {
            PathSegment index(i);
            if (auto e = descend(*k.subs[i], items[i], &index, &index)) {
                return e;
            }
        }
        return std::nullopt;
    }

    // Only meaningful beside an array-form "items".
    Result check_additional_items(const SchemaNode& node, const SchemaKeyword& k,
                                  const bj::value& instance) const {
        if (!instance.is_array() || !node.tuple_items || (!k.sub && k.flag)) {
            return std::nullopt;
        }
        const auto& items = instance.get_array();
        std::size_t first_extra = *node.tuple_items;
        if (k.sub) {
            for (std::size_t i = first_extra; i < items.size(); ++i) {
                PathSegment index(i);
                if (auto e = descend(*k.sub, items[i], &index, nullptr)) {
                    return e;
                }
            }
            return std::nullopt;
        }
        if (items.size() <= first_extra) {
            return std::nullopt;
        }
        return fail(node, &k, instance, [&] {
            std::string extras;
            for (std::size_t i = first_extra; i < items.size(); ++i) {
                extras += (extras.empty() ? "" : ", ") + repr(items[i]);
            }
            bool one = items.size() - first_extra == 1;
            return "Additional items are not allowed (" + extras + (one ? " was" : " were") +
                   " unexpected)";
        });
    }

    // _legacy_validators.minimum_draft3_draft4 / maximum_draft3_draft4.
    Result check_bound(const SchemaNode& node, const SchemaKeyword& k,
                       const bj::value& instance) const {
        auto number = options_.bounds_check_numeric_strings ? python::number_from_str(instance)
                                                            : python::as_number(instance);
        if (!number) {
            return std::nullopt;
        }
        auto bound = python::as_number(*k.value);
        bool is_min = k.kind == KeywordKind::minimum;
        bool failed = is_min
                          ? (k.flag ? number->value <= bound->value : number->value < bound->value)
                          : (k.flag ? number->value >= bound->value : number->value > bound->value);
        if (!failed) {
            return std::nullopt;
        }
        return fail(node, &k, instance, [&] {
            std::string comparison = is_min ? "less than" : "greater than";
            if (k.flag) {
                comparison += " or equal to";
            }
            return number->repr + " is " + comparison + " the " + (is_min ? "minimum" : "maximum") +
                   " of " + bound->repr;
        });
    }

    Result check_multiple_of(const SchemaNode& node, const SchemaKeyword& k,
                             const bj::value& instance) const {
        auto number = python::as_number(instance);
        if (!number) {
            return std::nullopt;
        }
        auto divisor = python::as_number(*k.value);
        bool failed;
        if (k.value->is_double()) {
            long double quotient = number->value / divisor->value;
            failed = std::isfinite(quotient) && std::trunc(quotient) != quotient;
        } else {
            failed = divisor->value != 0 && std::fmod(number->value, divisor->value) != 0;
        }
        if (!failed) {
            return std::nullopt;
        }
        return fail(node, &k, instance,
                    [&] { return repr(instance) + " is not a multiple of " + divisor->repr; });
    }

    Result check_one_of(const SchemaNode& node, const SchemaKeyword& k,
                        const bj::value& instance) const {
        std::size_t first_valid = k.subs.size();
        for (std::size_t i = 0; i < k.subs.size(); ++i) {
            if (valid(*k.subs[i], instance)) {
                first_valid = i;
                break;
            }
        }
        if (first_valid == k.subs.size()) {
            return fail(node, &k, instance, [&] {
                return repr(instance) + " is not valid under any of the given schemas";
            });
        }
        std::vector<const SchemaNode*> more_valid;
        for (std::size_t i = first_valid + 1; i < k.subs.size(); ++i) {
            if (valid(*k.subs[i], instance)) {
                more_valid.push_back(k.subs[i]);
            }
        }
        if (more_valid.empty()) {
            return std::nullopt;
        }
        more_valid.push_back(k.subs[first_valid]);
        return fail(node, &k, instance, [&] {
            std::string schemas;
            for (const auto* sub : more_valid) {
                schemas += (schemas.empty() ? "" : ", ") + repr(*sub->json);
            }
            return repr(instance) + " is valid under each of " + schemas;
        });
    }

    Result check_dependencies(const SchemaNode& node, const SchemaKeyword& k,
                              const bj::value& instance) const {
        if (!instance.is_object()) {
            return std::nullopt;
        }
        const auto& object = instance.get_object();
        for (const auto& dependency : k.dependencies) {
            if (!object.contains(dependency.property)) {
                continue;
            }
            if (dependency.schema) {
                PathSegment property(dependency.property);
                if (auto e = descend(*dependency.schema, instance, nullptr, &property)) {
                    return e;
                }
                continue;
            }
            for (const auto& name : dependency.required) {
                if (!object.contains(name)) {
                    return fail(node, &k, instance, [&] {
                        return repr(name) + " is a dependency of " + repr(dependency.property);
                    });
                }
            }
        }
        return std::nullopt;
    }

    const SchemaOptions& options_;
    bool detailed_;
};

}  // namespace

std::optional<ValidationError> Schema::validate(const boost::json::value& instance) const {
    return Validator(compiled_->options, true).check(*compiled_->root, instance);
}

bool Schema::is_valid(const boost::json::value& instance) const {
    return !Validator(compiled_->options, false).check(*compiled_->root, instance);
}

}  // namespace onestack::json
