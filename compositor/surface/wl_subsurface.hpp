// wl_subsurface: a surface shown as part of its parent (wayland.xml,
// version 1). The role object of the child surface; owned by its resource.
//
// Synchronized (the default): the child's commits are cached and applied when
// the parent commits. Desynchronized: they apply at once, unless an ancestor
// is synchronized. Position and stacking are the parent's double-buffered
// state.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "surface/surface_role.hpp"

namespace shoji {

class Surface;

class Subsurface : public SurfaceRole {
public:
    static constexpr const char* kRole = "wl_subsurface";

    Subsurface(wl_client* client, uint32_t version, uint32_t id, Surface& surface, Surface& parent);
    ~Subsurface() override;

    static Subsurface* from(wl_resource* resource);
    // The Subsurface whose surface this is, or null.
    static Subsurface* of(const Surface& surface);

    wl_resource* resource() const { return resource_; }
    Surface* surface() const { return surface_; }
    Surface* parent() const { return parent_; }
    int32_t x() const { return x_; }
    int32_t y() const { return y_; }
    // Shown with its parent: it has a buffer and a parent.
    bool mapped() const;

    // From the parent Surface: it committed (the position set so far goes
    // with that commit), then that state was applied.
    void parent_commit_requested();
    void parent_committed();
    void parent_destroyed();

    // Requests.
    void handle_set_position(int32_t x, int32_t y);
    void handle_place(wl_resource* sibling, bool above);
    void handle_set_sync(bool sync);

    // SurfaceRole.
    bool validate_commit(Surface& surface, const SurfaceState& pending) override { return true; }
    void committed(Surface& surface, const Region& damage) override;
    void surface_destroyed(Surface& surface) override;
    bool synchronized() const override;
    void child_damage(Surface& surface, const Region& damage) override;
    void child_geometry_changed(Surface& surface) override;

private:
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
