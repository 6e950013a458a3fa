// wl_subsurface: a surface shown as part of its parent (wayland.xml,
// version 1). The role object of the child surface; owned by its resource.
//
// Synchronized (the default): the child's commits are cached and applied when
// the parent's state is applied. Desynchronized: they apply at once, unless an
// ancestor is synchronized. Position and stacking are the parent's
// double-buffered state.
//
// A tree may be as deep as kMaxSubsurfaceDepth (wl_subcompositor.hpp); every
// walk here is a loop, never a recursion.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "surface/surface_role.hpp"

namespace shoji {

class Surface;

// Offsets summed down a surface tree are clamped to ±kMaxTreeOffset: each
// position is clamped to ±Region::kLimit (2^26), and 64 of them could add past
// int32. A surface that far from its root is never on any output.
constexpr int64_t kMaxTreeOffset = int64_t(1) << 28;
int64_t clamp_tree_offset(int64_t v);

// Where a surface's tree is shown from: the root (the surface at the top, not
// itself a subsurface), the surface's offset in the root's coordinates, and
// whether every subsurface on the way up (the surface's own included) is
// mapped. root is null if the chain is broken (a parent was destroyed):
// then the surface is shown nowhere.
struct TreePosition {
    Surface* root = nullptr;
    int64_t x = 0, y = 0;
    bool visible = true;
};

// Size of the tree below (and including) a surface.
struct TreeShape {
    int surfaces = 0; // the surface itself included
    int height = 0;   // wl_subsurface links down to its deepest descendant
};

class Subsurface : public SurfaceRole {
public:
    static constexpr const char* kRole = "wl_subsurface";

    // Creates the wl_subsurface resource (made by `subcompositor`'s
    // get_subsurface) that owns the Subsurface, and gives `surface` its role
    // under `parent`; null after posting no_memory.
    static Subsurface* create(wl_resource* subcompositor, uint32_t id, Surface& surface, Surface& parent);
    ~Subsurface() override;

    static Subsurface* from(wl_resource* resource);
    // The Subsurface whose surface this is, or null.
    static Subsurface* of(const Surface& surface);

    // Walks up from `surface` (at most its depth, bounded by the limit).
    static TreePosition position_in_tree(const Surface& surface);
    // Walks the tree below `surface`; stops counting once it has seen more
    // than `stop_after` surfaces (the result is then past the limit anyway).
    static TreeShape measure(const Surface& surface, int stop_after);

    wl_resource* resource() const { return resource_; }
    Surface* surface() const { return surface_; }
    Surface* parent() const { return parent_; }
    int32_t x() const { return x_; }
    int32_t y() const { return y_; }
    // Shown with its parent: it has a buffer and a parent.
    bool mapped() const;
    // set_sync (true) or set_desync (false), ignoring the ancestors.
    bool sync_requested() const { return sync_; }

    // From the parent Surface. It committed: the position set so far goes
    // with that commit.
    void parent_commit_requested();
    // That commit was applied: the position becomes current. True if it moved.
    bool apply_position();
    // This surface's state was applied as part of its parent's: true if it
    // was mapped, unmapped or resized since last reported (then the tree's
    // shape changed; otherwise only its pixels did).
    bool update_shown();
    void parent_destroyed();

    // Requests.
    void handle_set_position(int32_t x, int32_t y);
    void handle_place(wl_resource* sibling, bool above);
    void handle_set_sync(bool sync);

    // SurfaceRole. What its commits change is told to the root's role by
    // Surface::apply_cached, with the rest of the tree, in one hop.
    bool validate_commit(Surface& surface, const SurfaceState& pending) override { return true; }
    void committed(Surface& surface, const Region& damage) override;
    void surface_destroyed(Surface& surface) override;
    bool synchronized() const override;

private:
    Subsurface(wl_resource* resource, Surface& surface, Surface& parent);

    void detach_from_parent();

    wl_resource* resource_ = nullptr;
    Surface* surface_;
    Surface* parent_;
    int32_t x_ = 0, y_ = 0;
    int32_t pending_x_ = 0, pending_y_ = 0;     // set_position
    int32_t committed_x_ = 0, committed_y_ = 0; // as of the parent's last commit
    bool sync_ = true;
    Box shown_; // size and mapping last reported to the parent
    bool was_mapped_ = false;
};

} // namespace shoji
