// wp_fractional_scale_v1 (fractional-scale-v1.xml): the preferred scale of
// one wl_surface, in 120ths (preferred_scale), sent at creation and whenever
// it changes (FractionalScaleManager::update says when).
//
// Owned by its resource. Once its wl_surface is destroyed it is inert: it
// sends nothing more, no longer counts as the surface's object, and only
// destroy is left to do (the only request).
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class FractionalScaleManager;

class FractionalScale {
public:
    // Null after posting no_memory on `manager_resource`.
    static FractionalScale* create(wl_resource* manager_resource, uint32_t id, FractionalScaleManager& manager,
                                   wl_resource* surface);
    ~FractionalScale();
    FractionalScale(const FractionalScale&) = delete;
    FractionalScale& operator=(const FractionalScale&) = delete;

    wl_resource* resource() const { return resource_; }
    wl_resource* surface() const { return surface_; } // null once destroyed

    // preferred_scale(scale120), unless that is what was sent last or the
    // surface is gone.
    void send(int32_t scale120);
    // The manager is being destroyed (the Server goes): nothing to tell.
    void manager_gone() { manager_ = nullptr; }

private:
    FractionalScale(wl_resource* resource, FractionalScaleManager& manager, wl_resource* surface);

    wl_resource* resource_;
    FractionalScaleManager* manager_;
    wl_resource* surface_;
    int32_t sent_ = 0; // 0: nothing sent yet
    Listener surface_destroyed_{[this](void*) {
        surface_ = nullptr;
        surface_destroyed_.disconnect();
    }};
};

} // namespace shoji
