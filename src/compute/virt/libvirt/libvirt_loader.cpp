// libvirt is loaded when the driver first calls it, not when the process
// starts: an all-in-one on the fake driver never maps libvirt.so.0 and the ~55
// libraries it pulls in (gnutls, glib, libxml2, icu, ...: ~6 MB of resident
// memory and part of the start time). onestack links no libvirt library; each
// libvirt function the driver uses is defined here with libvirt's own
// prototype (the header checks it) and forwards to the symbol dlsym resolves.
// When the driver starts using another libvirt function, the linker names it:
// add one line to ONESTACK_LIBVIRT_FUNCTIONS.
#include <dlfcn.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>

namespace {

void* libvirt_library() {
    static void* handle = [] {
        void* h = ::dlopen("libvirt.so.0", RTLD_NOW | RTLD_LOCAL);
        if (h == nullptr) {
            // Every call then fails as libvirt's own do without a daemon:
            // null or -1, and no error object.
            spdlog::error("compute: libvirt.so.0 cannot be loaded: {}", ::dlerror());
        }
        return h;
    }();
    return handle;
}

template <typename Fn>
Fn* resolve(const char* name) {
    void* h = libvirt_library();
    return h == nullptr ? nullptr : reinterpret_cast<Fn*>(::dlsym(h, name));
}

}  // namespace

// X(return type, name, (parameters), (arguments), value when libvirt is absent)
#define ONESTACK_LIBVIRT_FUNCTIONS(X)                                                           \
    X(int, virInitialize, (void), (), -1)                                                       \
    X(virErrorPtr, virGetLastError, (void), (), nullptr)                                        \
    X(virConnectPtr, virConnectOpen, (const char* name), (name), nullptr)                       \
    X(int, virConnectClose, (virConnectPtr conn), (conn), -1)                                   \
    X(int, virConnectIsAlive, (virConnectPtr conn), (conn), -1)                                 \
    X(int, virConnectGetVersion, (virConnectPtr conn, unsigned long* v), (conn, v), -1)         \
    X(int, virConnectListAllDomains, (virConnectPtr conn, virDomainPtr * *d, unsigned int f),   \
      (conn, d, f), -1)                                                                         \
    X(int, virNodeGetInfo, (virConnectPtr conn, virNodeInfoPtr info), (conn, info), -1)         \
    X(virDomainPtr, virDomainLookupByUUIDString, (virConnectPtr conn, const char* uuid),        \
      (conn, uuid), nullptr)                                                                    \
    X(virDomainPtr, virDomainDefineXML, (virConnectPtr conn, const char* xml), (conn, xml),     \
      nullptr)                                                                                  \
    X(virDomainPtr, virDomainCreateXML, (virConnectPtr conn, const char* xml, unsigned int f),  \
      (conn, xml, f), nullptr)                                                                  \
    X(int, virDomainCreate, (virDomainPtr d), (d), -1)                                          \
    X(int, virDomainDestroy, (virDomainPtr d), (d), -1)                                         \
    X(int, virDomainShutdown, (virDomainPtr d), (d), -1)                                        \
    X(int, virDomainSuspend, (virDomainPtr d), (d), -1)                                         \
    X(int, virDomainResume, (virDomainPtr d), (d), -1)                                          \
    X(int, virDomainFree, (virDomainPtr d), (d), -1)                                            \
    X(int, virDomainUndefineFlags, (virDomainPtr d, unsigned int f), (d, f), -1)                \
    X(int, virDomainManagedSave, (virDomainPtr d, unsigned int f), (d, f), -1)                  \
    X(int, virDomainManagedSaveRemove, (virDomainPtr d, unsigned int f), (d, f), -1)            \
    X(int, virDomainHasManagedSaveImage, (virDomainPtr d, unsigned int f), (d, f), -1)          \
    X(int, virDomainIsActive, (virDomainPtr d), (d), -1)                                        \
    X(int, virDomainIsPersistent, (virDomainPtr d), (d), -1)                                    \
    X(int, virDomainGetInfo, (virDomainPtr d, virDomainInfoPtr info), (d, info), -1)            \
    X(int, virDomainGetState, (virDomainPtr d, int* state, int* reason, unsigned int f),        \
      (d, state, reason, f), -1)                                                                \
    X(int, virDomainGetUUIDString, (virDomainPtr d, char* buf), (d, buf), -1)                   \
    X(const char*, virDomainGetName, (virDomainPtr d), (d), nullptr)                            \
    X(char*, virDomainGetMetadata, (virDomainPtr d, int type, const char* uri, unsigned int f), \
      (d, type, uri, f), nullptr)

#define ONESTACK_LIBVIRT_FORWARD(ret, name, params, args, absent) \
    extern "C" ret name params {                                  \
        static auto* fn = resolve<decltype(name)>(#name);         \
        if (fn == nullptr) {                                      \
            return absent;                                        \
        }                                                         \
        return fn args;                                           \
    }
ONESTACK_LIBVIRT_FUNCTIONS(ONESTACK_LIBVIRT_FORWARD)

// The one void function: nothing to report when libvirt is absent.
extern "C" void virSetErrorFunc(void* user_data, virErrorFunc handler) {
    static auto* fn = resolve<decltype(virSetErrorFunc)>("virSetErrorFunc");
    if (fn != nullptr) {
        fn(user_data, handler);
    }
}
