#include "identity/resource/hierarchy.hpp"

#include <boost/json.hpp>
#include <map>
#include <set>

namespace onestack::identity::resource {
namespace {

namespace json = boost::json;

json::value subtree_of(const std::string& id,
                       const std::multimap<std::string, const Project*>& by_parent,
                       std::set<std::string>& seen) {
    auto [first, last] = by_parent.equal_range(id);
    if (first == last) {
        return nullptr;
    }
    json::object children;
    for (auto it = first; it != last; ++it) {
        const auto& child = it->second->id;
        // A repeated id would mean a cycle; keystone's recursion would never end.
        if (seen.insert(child).second) {
            children[child] = subtree_of(child, by_parent, seen);
        }
    }
    if (children.empty()) {
        return nullptr;
    }
    return children;
}

}  // namespace

bool depth_allowed(std::size_t ancestors, std::size_t max_depth) {
    return ancestors + 1 <= max_depth + 1;
}

json::value parents_as_ids(const Project& project, const std::vector<Project>& parents) {
    std::map<std::string, const Project*> by_id;
    for (const auto& p : parents) {
        by_id[p.id] = &p;
    }
    // Walk up collecting the chain, then nest it from the top down.
    std::vector<std::string> chain;
    std::set<std::string> seen;
    std::string next = project.parent_id;
    while (!next.empty() && seen.insert(next).second) {
        chain.push_back(next);
        auto it = by_id.find(next);
        next = it == by_id.end() ? std::string() : it->second->parent_id;
    }
    json::value nested = nullptr;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        json::object level;
        level[*it] = std::move(nested);
        nested = std::move(level);
    }
    return nested;
}

json::value subtree_as_ids(const std::string& root_id, const std::vector<Project>& subtree) {
    std::multimap<std::string, const Project*> by_parent;
    for (const auto& p : subtree) {
        if (!p.parent_id.empty()) {
            by_parent.emplace(p.parent_id, &p);
        }
    }
    std::set<std::string> seen{root_id};
    return subtree_of(root_id, by_parent, seen);
}

}  // namespace onestack::identity::resource
