#pragma once
// oslo.config's "$name" / "${name}" template substitution in option values. "$$" and "\$"
// give a literal "$". A reference that names no option is left as written (oslo would
// fail), so a stray "$" in, say, a password does not break the file.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace onestack::config {

// Returns the value of the referenced option ("name" or "section.name"), or nullopt when
// there is no such option.
using ReferenceLookup = std::function<std::optional<std::string>(std::string_view reference)>;

std::string substitute(std::string_view text, const ReferenceLookup& lookup);

}  // namespace onestack::config
