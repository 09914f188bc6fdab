#include "compute/virt/libvirt/connection.hpp"

#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "compute/virt/driver.hpp"

namespace onestack::compute::virt::libvirt {
namespace {

// libvirt prints every error to stderr by default; we report them ourselves.
void quiet(void*, virErrorPtr) {}

void init_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        virInitialize();
        virSetErrorFunc(nullptr, quiet);
    });
}

}  // namespace

void throw_last_error(const std::string& what) {
    throw DriverError(what + ": " + last_error());
}

std::string last_error() {
    virErrorPtr e = virGetLastError();
    return e != nullptr && e->message != nullptr ? std::string(e->message) : std::string();
}

bool libvirt_answers(const std::string& uri) {
    init_once();
    virConnectPtr c = virConnectOpen(uri.c_str());
    if (c == nullptr) {
        return false;
    }
    virConnectClose(c);
    return true;
}

Domain& Domain::operator=(Domain&& o) noexcept {
    if (this != &o) {
        if (p_ != nullptr) {
            virDomainFree(p_);
        }
        p_ = o.p_;
        o.p_ = nullptr;
    }
    return *this;
}

Domain::~Domain() {
    if (p_ != nullptr) {
        virDomainFree(p_);
    }
}

std::string Domain::name() const {
    const char* n = virDomainGetName(p_);
    return n != nullptr ? n : "";
}

std::string Domain::uuid() const {
    char buf[VIR_UUID_STRING_BUFLEN] = {};
    if (virDomainGetUUIDString(p_, buf) != 0) {
        throw_last_error("virDomainGetUUIDString");
    }
    return buf;
}

int Domain::state() const {
    int state = VIR_DOMAIN_NOSTATE;
    int reason = 0;
    if (virDomainGetState(p_, &state, &reason, 0) != 0) {
        throw_last_error("virDomainGetState of " + name());
    }
    return state;
}

bool Domain::active() const {
    return virDomainIsActive(p_) == 1;
}

bool Domain::has_managed_save() const {
    return virDomainHasManagedSaveImage(p_, 0) == 1;
}

std::string Domain::metadata(const std::string& ns_uri) const {
    char* text = virDomainGetMetadata(p_, VIR_DOMAIN_METADATA_ELEMENT, ns_uri.c_str(), 0);
    if (text == nullptr) {
        return "";
    }
    std::string out(text);
    std::free(text);
    return out;
}

Connection::Connection(std::string uri) : uri_(std::move(uri)) {
    init_once();
}

Connection::~Connection() {
    if (conn_ != nullptr) {
        virConnectClose(conn_);
    }
}

virConnectPtr Connection::get() {
    std::lock_guard lock(mu_);
    if (conn_ != nullptr && virConnectIsAlive(conn_) == 1) {
        return conn_;
    }
    if (conn_ != nullptr) {
        spdlog::warn("libvirt: connection to {} lost; reconnecting", uri_);
        virConnectClose(conn_);
        conn_ = nullptr;
    }
    conn_ = virConnectOpen(uri_.c_str());
    if (conn_ == nullptr) {
        throw_last_error("cannot connect to libvirt at " + uri_);
    }
    return conn_;
}

std::optional<Domain> Connection::lookup(const std::string& uuid) {
    virDomainPtr d = virDomainLookupByUUIDString(get(), uuid.c_str());
    if (d == nullptr) {
        virErrorPtr e = virGetLastError();
        if (e != nullptr && e->code == VIR_ERR_NO_DOMAIN) {
            return std::nullopt;
        }
        throw_last_error("looking up domain " + uuid);
    }
    return Domain(d);
}

Domain Connection::define(const std::string& xml) {
    virDomainPtr d = virDomainDefineXML(get(), xml.c_str());
    if (d == nullptr) {
        throw_last_error("virDomainDefineXML");
    }
    return Domain(d);
}

std::vector<Domain> Connection::all_domains() {
    virDomainPtr* list = nullptr;
    int n = virConnectListAllDomains(get(), &list, 0);
    if (n < 0) {
        throw_last_error("virConnectListAllDomains");
    }
    std::vector<Domain> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        out.emplace_back(list[i]);
    }
    std::free(list);
    return out;
}

}  // namespace onestack::compute::virt::libvirt
