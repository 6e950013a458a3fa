// XdgRole: what an xdg_surface's role object (xdg_toplevel or xdg_popup)
// answers. XdgSurface owns the configure handshake and window geometry and
// passes everything else to its role through this interface.
#pragma once

#include <cstdint>
#include <utility>
#include <variant>

#include <wayland-server-core.h>

#include "util/region.hpp"

namespace shoji {

struct SurfaceState;

// What a configure asks of the role object, kept with its serial until the
// client acks it (XdgSurface keeps the one queue of them).
struct ToplevelConfigure {
    int32_t width = 0, height = 0; // 0: the client picks
    // activated: the window has the keyboard focus, which it gets when
    // mapped (Scene::map), not before; so the initial configure has no
    // activated state and a new window's first map brings a second
    // configure, as after a remap.
    bool maximized = false, fullscreen = false, activated = false;
};
using PopupConfigure = Box; // placement relative to the parent's window geometry
using RoleConfigure = std::variant<ToplevelConfigure, PopupConfigure>;

class XdgRole {
public:
    virtual ~XdgRole() = default;
    virtual wl_resource* resource() const = 0;

    // The first commit after the role was given: answer with a configure.
    virtual void initial_commit() = 0;
    virtual bool validate_commit(const SurfaceState& pending) = 0;
    virtual void committed(const Region& damage) = 0;
    // The client acked a configure of this role object: `state` is what it
    // asked for, to be applied with the next commit that has a buffer.
    virtual void acked(const RoleConfigure& state) = 0;
    virtual void unmap() = 0;
    virtual void xdg_surface_destroyed() = 0;

    // A subsurface changed pixels (in root-surface coordinates) or shape.
    virtual void tree_damage(const Region& damage) = 0;
    virtual void tree_changed() = 0;

    // Where the window geometry's top-left is in the layout, if mapped.
    virtual bool mapped() const = 0;
    virtual std::pair<int32_t, int32_t> geometry_origin() const = 0;
};

} // namespace shoji
