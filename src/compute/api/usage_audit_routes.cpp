// os-instance_usage_audit_log (instance_usage_audit_log.py): the audit of
// the last completed period (nova's default unit, a month) per compute
// host. onestack's agents run no usage audit, so no task_log rows exist:
// every compute host shows as not run.
#include <fmt/format.h>

#include <regex>

#include "common/util/time.hpp"
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/host_admin.hpp"
#include "compute/api/routes.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

struct Moment {
    int year = 0;
    int month = 0;
    bool start_of_month = false;  // exactly day 1, 00:00:00.000000
};

int days_in(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// datetime.strptime(id, "%Y-%m-%d %H:%M:%S[.%f]").
std::optional<Moment> parse_before(const std::string& text) {
    static const std::regex re(
        R"(^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?$)");
    std::smatch m;
    if (!std::regex_match(text, m, re)) {
        return std::nullopt;
    }
    int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
    int h = std::stoi(m[4]), mi = std::stoi(m[5]), s = std::stoi(m[6]);
    int us = m[7].matched ? std::stoi(m[7]) : 0;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo) || h > 23 || mi > 59 || s > 61) {
        return std::nullopt;
    }
    return Moment{y, mo, d == 1 && h == 0 && mi == 0 && s == 0 && us == 0};
}

std::string month_start(int year, int month) {
    return fmt::format("{:04}-{:02}-01 00:00:00", year, month);
}

// utils.last_completed_audit_period(unit="month"): the month before the
// one `before` falls in (before itself when it is a month's first instant).
std::pair<std::string, std::string> last_completed_month(const Moment& before) {
    int end_y = before.year, end_m = before.month;
    if (before.start_of_month) {
        end_m -= 1;
        if (end_m == 0) {
            end_m = 12;
            end_y -= 1;
        }
    }
    int begin_y = end_y, begin_m = end_m - 1;
    if (begin_m == 0) {
        begin_m = 12;
        begin_y -= 1;
    }
    return {month_start(begin_y, begin_m), month_start(end_y, end_m)};
}

Moment now_moment() {
    auto micros = onestack::util::now_unix_micros();
    auto iso = onestack::util::iso8601_micro_z(micros / 1000000);  // "2024-01-02T03:04:05.000000Z"
    return {std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)),
            iso.substr(8, 11) == "01T00:00:00" && micros % 1000000 == 0};
}

json::object audit_log(ComputeApi& api, const Moment& before) {
    auto [begin, end] = last_completed_month(before);
    json::array not_run;
    api.db().read([&](Conn& c) {
        for (const auto& s : db::all_services(c)) {
            if (s.binary == "nova-compute") {
                not_run.emplace_back(s.host);
            }
        }
    });
    auto hosts = not_run.size();
    return {{"period_beginning", begin},
            {"period_ending", end},
            {"num_hosts", hosts},
            {"num_hosts_done", 0},
            {"num_hosts_running", 0},
            {"num_hosts_not_run", hosts},
            {"hosts_not_run", not_run},
            {"total_instances", 0},
            {"total_errors", 0},
            {"overall_status", hosts == 0 ? std::string("ALL hosts done. 0 errors.")
                                          : fmt::format("0 of {} hosts done. 0 errors.", hosts)},
            {"log", json::object{}}};
}

}  // namespace

void add_usage_audit_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-instance_usage_audit_log", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-instance-usage-audit-log:list", {});
        return json_response(
            200, json::object{{"instance_usage_audit_logs", audit_log(api, now_moment())}});
    });
    add(r, http::Verb::get, "/os-instance_usage_audit_log/{before}", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-instance-usage-audit-log:show", {});
        auto id = req.param("before");
        auto before = parse_before(id);
        if (!before) {
            throw Fault::bad_request("Invalid timestamp for date " + id);
        }
        return json_response(200,
                             json::object{{"instance_usage_audit_log", audit_log(api, *before)}});
    });
}

}  // namespace onestack::compute::api
