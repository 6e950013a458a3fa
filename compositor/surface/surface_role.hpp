// SurfaceRole: what a role object (xdg_surface, wl_subsurface) is told about
// its wl_surface's commits; and, for the role of a tree's root, what changed
// anywhere in its tree (Surface::tell_tree_root: in one hop, not parent by
// parent).
#pragma once

#include "util/region.hpp"

namespace shoji {

class Surface;
struct SurfaceState;

// What changed in a surface tree since the root's role was last told, in the
// root surface's coordinates.
struct TreeChange {
    Region damage;         // pixels of shown descendants (maybe empty: frame callbacks)
    bool damaged = false;  // a shown descendant committed
    bool reshaped = false; // a descendant was mapped, unmapped, resized, moved or restacked
};

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

    // A role that may take its surface out of view when a commit removes the
    // buffer (an xdg window unmaps): the old buffer then stays shown, and
    // readable, until committed() returns, so that whoever watches the window
    // leave (Scene::before_unmap) still sees its pixels; the role asks
    // Surface::has_buffer, which already says no.
    virtual bool shows_old_buffer_while_told() const { return false; }

    // Only for the role of a tree's root (a surface that is no subsurface):
    // something below `root` changed (a cursor ignores it; a subsurface is
    // never told).
    virtual void tree_changed(Surface& root, const TreeChange& change) {}
};

} // namespace shoji
