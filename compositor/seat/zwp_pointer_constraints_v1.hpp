// zwp_pointer_constraints_v1 (pointer-constraints-unstable-v1.xml, version
// 1): clients lock the pointer where it is (zwp_locked_pointer_v1) or confine
// it to a region of a surface (zwp_confined_pointer_v1), e.g. games and 3D
// viewers that turn mouse motion into camera motion.
//
// When a constraint is active: it is on the surface that has the pointer
// focus, in the window that has the keyboard focus (a constraint is the
// focused application's: a window mapped elsewhere, which takes the focus,
// ends it as one mapped under the pointer does), and the pointer was inside
// the constraint's region (its region, or the whole surface if none, within
// the surface's input region) when it became active. It activates as soon as
// that holds (the request, a commit of its region, the pointer or a focus
// changing), and ends when the surface loses either focus (another window
// over it or focused, the surface unmapped, gone); a oneshot constraint never activates again, a persistent one does
// when the conditions hold again. One surface, one constraint
// (already_constrained); one seat, so at most one is active at a time.
//
// While a lock is active the pointer does not move (no wl_pointer.motion;
// relative pointers still get the device's motion); while a confinement is
// active every position the pointer would go to is moved to the nearest
// point of the region. The Seat asks through its hooks (Seat::constrain_pointer,
// Seat::on_input_changed).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <wayland-server-core.h>

#include "util/listener.hpp"
#include "util/region.hpp"

namespace shoji {

class PointerConstraints;
class Seat;
class Surface;

// What a lock and a confinement share: the surface, the region (double-
// buffered on wl_surface.commit), the lifetime and whether it is active.
class PointerConstraint {
public:
    enum class Kind { Lock, Confine };
    virtual ~PointerConstraint();
    PointerConstraint(const PointerConstraint&) = delete;
    PointerConstraint& operator=(const PointerConstraint&) = delete;

    Kind kind() const { return kind_; }
    Surface* surface() const { return surface_; }
    bool active() const { return active_; }
    // A oneshot constraint that was deactivated, or one whose surface is
    // gone: it never activates again (the client should destroy it).
    bool defunct() const { return defunct_ || !surface_; }
    // The region the pointer must be in, in surface coordinates: the
    // surface's extents within its input region, within the constraint's
    // own region if it has one.
    Region effective_region() const;

    // set_region (both interfaces): applied on the surface's next commit.
    void handle_set_region(wl_resource* region);

protected:
    PointerConstraint(PointerConstraints& manager, Kind kind, wl_resource* resource, Surface* surface,
                      std::shared_ptr<const Region> region, bool persistent);
    // locked / confined, unlocked / unconfined.
    virtual void send_activated() = 0;
    virtual void send_deactivated() = 0;
    // The surface's pending state was applied (wl_surface.commit).
    virtual void state_applied() {}
    // Called by the destroy callback of the subclass's resource, first.
    void resource_destroyed();

    PointerConstraints& manager_;
    wl_resource* resource_;

private:
    friend class PointerConstraints;
    void surface_gone();

    Kind kind_;
    Surface* surface_;
    std::shared_ptr<const Region> region_;         // null: the whole surface
    std::shared_ptr<const Region> pending_region_; // set_region since the last commit
    bool region_pending_ = false;
    bool persistent_;
    bool active_ = false, defunct_ = false;
    Listener surface_destroy_, surface_applied_;
};

class PointerConstraints {
public:
    static constexpr uint32_t kVersion = 1;

    PointerConstraints(wl_display* display, Seat& seat);
    ~PointerConstraints();
    PointerConstraints(const PointerConstraints&) = delete;
    PointerConstraints& operator=(const PointerConstraints&) = delete;

    Seat& seat() const { return seat_; }
    // The live constraint on a surface, if any.
    PointerConstraint* on_surface(const Surface* surface) const;
    // The active one, if any.
    PointerConstraint* active() const { return active_; }

    // lock_pointer / confine_pointer.
    void handle_constrain(wl_client* client, wl_resource* manager, PointerConstraint::Kind kind, uint32_t id,
                          wl_resource* surface, wl_resource* region, uint32_t lifetime);

    // Activates or ends constraints for the current pointer focus and
    // position.
    void update();
    // A constraint is going away (resource destroyed, or its surface).
    void remove(PointerConstraint* constraint);
    // Whether `surface` has the pointer focus and is in the window with the
    // keyboard focus.
    bool focused(const Surface* surface) const;
    // Where a surface's (0, 0) is in the layout, if it is shown.
    bool surface_origin(const Surface* surface, double& x, double& y) const;

private:
    // The Seat's hook: false if the pointer must not move; else (x, y) is
    // where it may go.
    bool constrain(double& x, double& y) const;
    void activate(PointerConstraint* c);
    void deactivate(PointerConstraint* c);

    Seat& seat_;
    wl_global* global_;
    std::vector<PointerConstraint*> constraints_;
    PointerConstraint* active_ = nullptr;
};

} // namespace shoji
