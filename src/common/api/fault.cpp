#include "common/api/fault.hpp"

#include <boost/beast/http/status.hpp>

namespace onestack::api {

std::string_view reason_phrase(unsigned status) {
    auto text =
        boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
    return {text.data(), text.size()};
}

}  // namespace onestack::api
