// SurfaceRole: what a role object (xdg_surface, wl_subsurface) is told about
// its wl_surface's commits, and how damage climbs a surface tree to the node
// that knows where the tree is shown.
#pragma once

#include "util/region.hpp"

namespace shoji {

class Surface;
struct SurfaceState;

class SurfaceRole {
public:
    virtual ~SurfaceRole() = default;

    // Called before any pending state is applied. A role that finds the
    // pending state illegal posts the protocol error and returns false; the
    // commit is then dropped as a whole (validate, then apply).
    virtual bool validate_commit(Surface& surface, const SurfaceState& pending) = 0;

    // wl_surface.attach of a buffer (not null): a role that forbids it now
    // posts the protocol error and returns false.
    virtual bool validate_attach(Surface&) { return true; }

    // Called after the pending state became current. `damage` is the
    // surface-local damage of this commit, clipped to the surface.
    virtual void committed(Surface& surface, const Region& damage) = 0;

    // The wl_surface is being destroyed; the role must drop its pointer.
    virtual void surface_destroyed(Surface& surface) = 0;

    // wl_subsurface: commits are cached until the parent commits.
    virtual bool synchronized() const { return false; }

    // A descendant of this role's surface changed pixels (`damage`, in this
    // surface's coordinates) or its place in the tree (sizes, positions,
    // stacking, mapping).
    virtual void child_damage(Surface& surface, const Region& damage) = 0;
    virtual void child_geometry_changed(Surface& surface) = 0;
};

} // namespace shoji
