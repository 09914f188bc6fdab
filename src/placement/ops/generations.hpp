#pragma once
// Provider generation increments within one write (ResourceProvider.
// increment_generation): a guarded UPDATE in the transaction and the same
// value in the model once it commits. A write may bump a provider more than
// once (the reshaper does).
#include <map>

#include "placement/model/model.hpp"
#include "placement/store/store.hpp"

namespace onestack::placement::ops {

class GenerationBumps {
  public:
    GenerationBumps(const Model& model, Change& change, Timestamp now)
        : model_(model), change_(change), now_(now) {}
    // Returns the provider's generation after this bump.
    std::int64_t bump(Id provider);
    // The generation the provider will have once the write commits.
    std::int64_t planned(Id provider) const;

  private:
    const Model& model_;
    Change& change_;
    Timestamp now_;
    std::map<Id, std::int64_t> planned_;
};

}  // namespace onestack::placement::ops
