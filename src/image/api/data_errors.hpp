#pragma once
// Store and size-limit failures while moving image data, as glance answers them.
#include <exception>

namespace onestack::image::api {

// Rethrows the exception, translated to a Fault when it is a data error
// (limits: 413; full medium: 413; refused write: 503; duplicate data: 409).
[[noreturn]] void rethrow_data_error(std::exception_ptr e);

}  // namespace onestack::image::api
