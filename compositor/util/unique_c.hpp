// UniqueC: a unique_ptr for a C object with its own destroy function
// (wl_display_destroy, wlr_backend_destroy, ...), so an object that holds one
// frees it however it goes, a constructor that throws half-way included.
#pragma once

#include <memory>

namespace shoji {

template <auto Destroy>
struct CallDestroy {
    template <class T>
    void operator()(T* object) const { Destroy(object); }
};

template <class T, auto Destroy>
using UniqueC = std::unique_ptr<T, CallDestroy<Destroy>>;

} // namespace shoji
