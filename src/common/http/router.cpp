#include "common/http/router.hpp"

#include <stdexcept>

namespace onestack::http {

struct Router::Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::string param_name;
    std::unique_ptr<Node> param;
    std::string rest_name;  // "{name+}"
    std::unique_ptr<Node> rest;
    std::map<Verb, Route> routes;
};

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        auto j = path.find('/', i);
        if (j == std::string_view::npos) {
            j = path.size();
        }
        parts.push_back(path.substr(i, j - i));
        i = j;
    }
    return parts;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(Verb method, std::string_view pattern, Handler handler, RouteOptions options) {
    Node* node = root_.get();
    for (auto seg : split_path(pattern)) {
        if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
            std::string name(seg.substr(1, seg.size() - 2));
            if (name.back() == '+') {
                name.pop_back();
                if (!node->rest) {
                    node->rest = std::make_unique<Node>();
                    node->rest_name = name;
                }
                node = node->rest.get();
                continue;
            }
            if (!node->param) {
                node->param = std::make_unique<Node>();
                node->param_name = name;
            } else if (node->param_name != name) {
                throw std::logic_error("route " + std::string(pattern) + ": parameter {" + name +
                                       "} conflicts with {" + node->param_name + "}");
            }
            node = node->param.get();
        } else {
            auto it = node->literals.find(seg);
            if (it == node->literals.end()) {
                it = node->literals.emplace(std::string(seg), std::make_unique<Node>()).first;
            }
            node = it->second.get();
        }
    }
    if (node->routes.count(method) != 0) {
        throw std::logic_error("duplicate route " + std::string(pattern));
    }
    node->routes.emplace(method, Route{method, std::string(pattern), std::move(handler), options});
}

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

template <typename NodeT>
const NodeT* find_node(const NodeT* node, const std::vector<std::string_view>& parts, std::size_t i,
                       std::string_view path, const std::vector<std::size_t>& offsets,
                       Params& params) {
    if (i == parts.size()) {
        return node->routes.empty() ? nullptr : node;
    }
    if (auto it = node->literals.find(parts[i]); it != node->literals.end()) {
        if (auto* found = find_node(it->second.get(), parts, i + 1, path, offsets, params)) {
            return found;
        }
    }
    if (node->param) {
        params.emplace_back(node->param_name, percent_decode(parts[i]));
        if (auto* found = find_node(node->param.get(), parts, i + 1, path, offsets, params)) {
            return found;
        }
        params.pop_back();
    }
    if (node->rest && !node->rest->routes.empty()) {
        params.emplace_back(node->rest_name, percent_decode(path.substr(offsets[i])));
        return node->rest.get();
    }
    return nullptr;
}

}  // namespace

Router::Match Router::match(Verb method, std::string_view path) const {
    Match m;
    auto parts = split_path(path);
    std::vector<std::size_t> offsets;
    offsets.reserve(parts.size());
    for (auto p : parts) {
        offsets.push_back(static_cast<std::size_t>(p.data() - path.data()));
    }
    const Node* node = find_node(root_.get(), parts, 0, path, offsets, m.params);
    if (node == nullptr) {
        m.params.clear();
        return m;
    }
    // Routes that a trailing slash keeps out (RouteOptions::strict_slash).
    bool slash = !parts.empty() && path.ends_with('/');
    auto reachable = [&](const Route& r) { return !(slash && r.options.strict_slash); };
    for (const auto& [verb, route] : node->routes) {
        if (reachable(route)) {
            m.allowed.emplace_back(boost::beast::http::to_string(verb));
        }
    }
    if (m.allowed.empty()) {
        m.params.clear();
        return m;
    }
    m.path_known = true;
    auto it = node->routes.find(method);
    if (it == node->routes.end() && method == Verb::head) {
        it = node->routes.find(Verb::get);
    }
    if (it != node->routes.end() && reachable(it->second)) {
        m.route = &it->second;
    }
    return m;
}

Handler chain(const std::vector<Middleware>& middlewares, Handler last) {
    Handler next = std::move(last);
    for (auto it = middlewares.rbegin(); it != middlewares.rend(); ++it) {
        next = [mw = *it, next](Request& req) { return mw(req, next); };
    }
    return next;
}

}  // namespace onestack::http
