#pragma once
// A connection to libvirtd (C API) and owned domain handles. The connection
// is opened lazily and reopened when libvirtd went away (a restart keeps the
// guests running; only our socket died). Failures throw DriverError with
// libvirt's own message.
#include <libvirt/libvirt.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace onestack::compute::virt::libvirt {

// libvirt's last error message on this thread ("" if none).
std::string last_error();
// Throws DriverError("<what>: <libvirt's last error>").
[[noreturn]] void throw_last_error(const std::string& what);
// Whether libvirtd answers at `uri` (a connection opens and closes).
bool libvirt_answers(const std::string& uri);

class Domain {
  public:
    Domain() = default;
    explicit Domain(virDomainPtr p) : p_(p) {}
    Domain(Domain&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
    Domain& operator=(Domain&& o) noexcept;
    Domain(const Domain&) = delete;
    Domain& operator=(const Domain&) = delete;
    ~Domain();

    virDomainPtr get() const { return p_; }
    std::string name() const;
    std::string uuid() const;
    int state() const;  // VIR_DOMAIN_* (virDomainGetState)
    bool active() const;
    bool has_managed_save() const;
    // The text of our <metadata> element ("" when the domain has none).
    std::string metadata(const std::string& ns_uri) const;

  private:
    virDomainPtr p_ = nullptr;
};

class Connection {
  public:
    explicit Connection(std::string uri);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const std::string& uri() const { return uri_; }
    // The live connection, (re)opened as needed; throws DriverError.
    virConnectPtr get();

    std::optional<Domain> lookup(const std::string& uuid);
    Domain define(const std::string& xml);
    std::vector<Domain> all_domains();

  private:
    std::string uri_;
    std::mutex mu_;
    virConnectPtr conn_ = nullptr;
};

}  // namespace onestack::compute::virt::libvirt
