#include "common/rpc/transport.hpp"

#include <stdexcept>

#include "common/rpc/inproc_transport.hpp"

namespace onestack::rpc {

std::shared_ptr<Transport> make_transport(const std::string& url) {
    auto separator = url.find("://");
    if (separator == std::string::npos) {
        throw std::invalid_argument("transport url has no scheme: expected inproc:// or rabbit://");
    }
    auto scheme = url.substr(0, separator);
    auto rest = url.substr(separator + 3);
    if (scheme == "inproc") {
        while (!rest.empty() && rest.back() == '/') {
            rest.pop_back();
        }
        return InprocTransport::named(rest);
    }
    // The url itself is never echoed back: a rabbit url carries a password.
    if (scheme == "rabbit") {
        throw std::invalid_argument("the rabbit:// transport is not built yet; use inproc://");
    }
    throw std::invalid_argument("unknown transport scheme '" + scheme + "'");
}

}  // namespace onestack::rpc
