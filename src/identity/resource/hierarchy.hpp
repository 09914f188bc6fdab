#pragma once
// Project hierarchy rules from keystone/resource/core.py: how deep a tree may
// grow, and the nested {id: {...}} maps of ?parents_as_ids / ?subtree_as_ids.
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "identity/db/records.hpp"

namespace onestack::identity::resource {

// [DEFAULT] max_project_tree_depth at keystone's default.
inline constexpr std::size_t kMaxProjectTreeDepth = 5;

// Whether a project may be created under a parent whose chain of ancestors,
// the parent itself and the domain included, has `ancestors` entries.
// Keystone adds one to the configured depth because the domain counts as a
// level since domains became projects (_assert_max_hierarchy_depth).
bool depth_allowed(std::size_t ancestors, std::size_t max_depth = kMaxProjectTreeDepth);

// {parent: {grandparent: ... {top: null}}}, or null for a root project.
// `parents` are the project's ancestors in any order.
boost::json::value parents_as_ids(const Project& project, const std::vector<Project>& parents);
// {child: {grandchild: null, ...}, ...}, or null for a leaf. `subtree` holds
// every descendant of `root_id` in any order.
boost::json::value subtree_as_ids(const std::string& root_id, const std::vector<Project>& subtree);

}  // namespace onestack::identity::resource
