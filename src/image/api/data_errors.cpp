#include "image/api/data_errors.hpp"

#include "common/api/fault.hpp"
#include "image/api/quotas.hpp"
#include "image/data/ingest.hpp"
#include "image/store/store.hpp"

namespace onestack::image::api {

using onestack::api::Fault;

void rethrow_data_error(std::exception_ptr e) {
    try {
        std::rethrow_exception(e);
    } catch (const data::SizeLimitExceeded& x) {
        if (x.kind == data::SizeLimitExceeded::Kind::size_cap) {
            throw Fault::too_large(
                "The incoming image is too large: The provided image is too large.");
        }
        throw_storage_quota(x.limit + 1, x.limit);
    } catch (const store::StoreWriteError& x) {
        if (x.full) {
            throw Fault::too_large(std::string("Image storage media is full: ") + x.what());
        }
        throw Fault::unavailable(std::string("Insufficient permissions on image storage media: ") +
                                 x.what());
    } catch (const store::StoreDuplicate& x) {
        throw Fault::conflict(x.what());
    }
}

}  // namespace onestack::image::api
