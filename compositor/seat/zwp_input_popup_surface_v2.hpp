// zwp_input_popup_surface_v2 (input-method-unstable-v2.xml): a surface of
// the input method (a candidate list) with the input_popup role. Shoji
// gives the role, so that the surface cannot take another one, but does
// not show popups yet: commits to it are accepted and nothing is drawn.
// Owned by its resource.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "surface/surface_role.hpp"
#include "util/listener.hpp"

namespace shoji {

class Surface;

class InputPopupSurface : public SurfaceRole {
public:
    // Makes the object and its resource for `surface`; a surface with
    // another role is a protocol error on `input_method` (the spec names no
    // code: 0). Null on failure.
    static InputPopupSurface* create(wl_resource* input_method, uint32_t id, wl_resource* surface);
    ~InputPopupSurface() override;

    bool validate_commit(Surface&, const SurfaceState&) override { return true; }
    void committed(Surface&, const Region&) override {}
    void surface_destroyed(Surface& surface) override;

private:
    explicit InputPopupSurface(Surface* surface) : surface_(surface) {}
    Surface* surface_; // null once it is destroyed
};

} // namespace shoji
