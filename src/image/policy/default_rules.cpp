#include "image/policy/default_rules.hpp"

namespace onestack::image {
namespace {

// glance/policies/base.py
constexpr const char* kProjectMember = "role:member and project_id:%(project_id)s";
constexpr const char* kProjectReader = "role:reader and project_id:%(project_id)s";
constexpr const char* kImageMemberOrVisible =
    "project_id:%(project_id)s or project_id:%(member_id)s or 'community':%(visibility)s or "
    "'public':%(visibility)s or 'shared':%(visibility)s";

std::string admin_or(const std::string& s) {
    return "role:admin or (" + s + ")";
}

// Zed ships with [oslo_policy] enforce_new_defaults = False: each rule is its
// new default OR its deprecated one, and the deprecated image rules are
// "rule:default" (empty, always true). Ownership is then enforced by the API
// itself (glance/api/v2/policy.py check_is_image_mutable), as upstream does.
std::string with_legacy(const std::string& new_default) {
    return "(" + new_default + ") or rule:default";
}

policy::RuleDefault rule(std::string name, std::string check, std::string description,
                         std::vector<std::pair<std::string, std::string>> ops) {
    return {std::move(name), std::move(check), std::move(description), std::move(ops), {"project"}};
}

}  // namespace

const std::vector<policy::RuleDefault>& default_rules() {
    static const std::vector<policy::RuleDefault> rules{
        {"default", "", "Rule used when a policy has none.", {}, {}},
        {"context_is_admin", "role:admin", "Defines the rule for the is_admin:True check.", {}, {}},
        rule("add_image",
             with_legacy(admin_or(std::string(kProjectMember) + " and project_id:%(owner)s")),
             "Create new image", {{"POST", "/v2/images"}}),
        rule("delete_image", with_legacy(admin_or(kProjectMember)), "Deletes the image",
             {{"DELETE", "/v2/images/{image_id}"}}),
        rule("get_image",
             with_legacy(admin_or(std::string("role:reader and (") + kImageMemberOrVisible + ")")),
             "Get specified image", {{"GET", "/v2/images/{image_id}"}}),
        rule("get_images", with_legacy(admin_or(kProjectReader)), "Get all available images",
             {{"GET", "/v2/images"}}),
        rule("modify_image", with_legacy(admin_or(kProjectMember)), "Updates given image",
             {{"PATCH", "/v2/images/{image_id}"}}),
        rule("publicize_image", "role:admin", "Publicize given image",
             {{"PATCH", "/v2/images/{image_id}"}}),
        rule("communitize_image", with_legacy(admin_or(kProjectMember)), "Communitize given image",
             {{"PATCH", "/v2/images/{image_id}"}}),
        rule("download_image",
             with_legacy(admin_or(std::string("role:member and (") + kImageMemberOrVisible + ")")),
             "Downloads given image", {{"GET", "/v2/images/{image_id}/file"}}),
        rule("upload_image", with_legacy(admin_or(kProjectMember)),
             "Uploads data to specified image", {{"PUT", "/v2/images/{image_id}/file"}}),
        rule("delete_image_location", with_legacy("role:admin"),
             "Deletes the location of given image", {{"PATCH", "/v2/images/{image_id}"}}),
        rule("get_image_location", with_legacy(admin_or(kProjectReader)),
             "Reads the location of the image", {{"GET", "/v2/images/{image_id}"}}),
        rule("set_image_location", with_legacy(admin_or(kProjectMember)),
             "Sets location URI to given image", {{"PATCH", "/v2/images/{image_id}"}}),
        rule("add_member", with_legacy(admin_or(kProjectMember)), "Create image member",
             {{"POST", "/v2/images/{image_id}/members"}}),
        rule("delete_member", with_legacy(admin_or(kProjectMember)), "Delete image member",
             {{"DELETE", "/v2/images/{image_id}/members/{member_id}"}}),
        rule("get_member",
             with_legacy("role:admin or role:reader and (project_id:%(project_id)s or "
                         "project_id:%(member_id)s)"),
             "Show image member details", {{"GET", "/v2/images/{image_id}/members/{member_id}"}}),
        rule("get_members",
             with_legacy("role:admin or role:reader and (project_id:%(project_id)s or "
                         "project_id:%(member_id)s)"),
             "List image members", {{"GET", "/v2/images/{image_id}/members"}}),
        rule("modify_member",
             with_legacy("role:admin or (role:member and project_id:%(member_id)s)"),
             "Update image member", {{"PUT", "/v2/images/{image_id}/members/{member_id}"}}),
        rule("deactivate", with_legacy(admin_or(kProjectMember)), "Deactivate image",
             {{"POST", "/v2/images/{image_id}/actions/deactivate"}}),
        rule("reactivate", with_legacy(admin_or(kProjectMember)), "Reactivate image",
             {{"POST", "/v2/images/{image_id}/actions/reactivate"}}),
        rule("copy_image", "role:admin", "Copy existing image to other stores",
             {{"POST", "/v2/images/{image_id}/import"}}),
        rule("get_task", "rule:default", "Get an image task", {{"GET", "/v2/tasks/{task_id}"}}),
        rule("get_tasks", "rule:default", "List tasks for all images", {{"GET", "/v2/tasks"}}),
        rule("add_task", "rule:default", "List tasks for all images", {{"POST", "/v2/tasks"}}),
        rule("modify_task", "rule:default", "This policy is not used.", {}),
        rule("tasks_api_access", "role:admin",
             "Governs access to the tasks API (not to import, which runs tasks itself).",
             {{"GET", "/v2/tasks"}, {"GET", "/v2/tasks/{task_id}"}}),
        rule("stores_info_detail", "role:admin", "Expose store specific information",
             {{"GET", "/v2/info/stores/detail"}}),
    };
    return rules;
}

}  // namespace onestack::image
