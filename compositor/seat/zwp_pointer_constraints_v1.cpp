#include "seat/zwp_pointer_constraints_v1.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "pointer-constraints-unstable-v1-server-protocol.h"
#include "seat/wl_seat.hpp"
#include "seat/zwp_confined_pointer_v1.hpp"
#include "seat/zwp_locked_pointer_v1.hpp"
#include "surface/stage.hpp"
#include "surface/wl_region.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

// --- PointerConstraint ----------------------------------------------------------

PointerConstraint::PointerConstraint(PointerConstraints& manager, Kind kind, wl_resource* resource, Surface* surface,
                                     std::shared_ptr<const Region> region, bool persistent)
    : manager_(manager), resource_(resource), kind_(kind), surface_(surface), region_(std::move(region)),
      persistent_(persistent) {
    surface_destroy_.set_callback([this](void*) { surface_gone(); });
    surface_destroy_.connect_destroy(surface->resource());
    surface_applied_.set_callback([this](void*) {
        // pointer-constraints-unstable-v1.xml, set_region: "The new ...
        // region will only take effect when the associated surface gets its
        // pending state applied."
        if (region_pending_) region_ = std::move(pending_region_);
        region_pending_ = false;
        pending_region_.reset();
        state_applied();
        manager_.update(); // the pointer may be inside the region now
    });
    surface_applied_.connect(surface->state_applied_signal());
}

PointerConstraint::~PointerConstraint() { manager_.remove(this); }

void PointerConstraint::resource_destroyed() {
    resource_ = nullptr;
    manager_.remove(this);
}

void PointerConstraint::surface_gone() {
    // The surface leaves the pointer focus with it: an active constraint
    // ends (its client is told); either way the object is defunct.
    manager_.remove(this);
    surface_ = nullptr;
    surface_destroy_.disconnect();
    surface_applied_.disconnect();
}

Region PointerConstraint::effective_region() const {
    if (!surface_) return Region();
    Region r(Box{0, 0, surface_->width(), surface_->height()});
    if (const Region* input = surface_->input_region()) r.intersect(*input);
    if (region_) r.intersect(*region_);
    return r;
}

void PointerConstraint::handle_set_region(wl_resource* region) {
    std::shared_ptr<const Region> r = region ? wl_region_get(region) : nullptr;
    if (region && !r) return; // past kMaxRegionRects: the client is being disconnected
    pending_region_ = std::move(r);
    region_pending_ = true;
}

// --- the global -------------------------------------------------------------------

namespace {
PointerConstraints* manager_of(wl_resource* r) { return static_cast<PointerConstraints*>(wl_resource_get_user_data(r)); }

void handle_lock_pointer(wl_client* client, wl_resource* r, uint32_t id, wl_resource* surface, wl_resource*,
                         wl_resource* region, uint32_t lifetime) {
    manager_of(r)->handle_constrain(client, r, PointerConstraint::Kind::Lock, id, surface, region, lifetime);
}
void handle_confine_pointer(wl_client* client, wl_resource* r, uint32_t id, wl_resource* surface, wl_resource*,
                            wl_resource* region, uint32_t lifetime) {
    manager_of(r)->handle_constrain(client, r, PointerConstraint::Kind::Confine, id, surface, region, lifetime);
}

const struct zwp_pointer_constraints_v1_interface manager_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* lock_pointer */ handle_lock_pointer,
    /* confine_pointer */ handle_confine_pointer,
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_pointer_constraints_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

PointerConstraints::PointerConstraints(wl_display* display, Seat& seat)
    : seat_(seat), global_(wl_global_create(display, &zwp_pointer_constraints_v1_interface, kVersion, this, bind)) {
    seat_.constrain_pointer = [this](double& x, double& y) { return constrain(x, y); };
    seat_.on_input_changed = [this] { update(); };
}

PointerConstraints::~PointerConstraints() {
    seat_.constrain_pointer = nullptr;
    seat_.on_input_changed = nullptr;
    wl_global_destroy(global_);
}

PointerConstraint* PointerConstraints::on_surface(const Surface* surface) const {
    for (PointerConstraint* c : constraints_)
        if (c->surface() == surface) return c;
    return nullptr;
}

void PointerConstraints::handle_constrain(wl_client* client, wl_resource* manager, PointerConstraint::Kind kind,
                                          uint32_t id, wl_resource* surface_resource, wl_resource* region_resource,
                                          uint32_t lifetime) {
    Surface* surface = Surface::from(surface_resource);
    const char* request = kind == PointerConstraint::Kind::Lock ? "lock_pointer" : "confine_pointer";
    // pointer-constraints-unstable-v1.xml: "If a lock or confinement is
    // requested when another lock or confinement is active or requested on
    // the same surface ..., an 'already_constrained' error will be raised."
    if (PointerConstraint* other = on_surface(surface)) {
        post_protocol_error(manager, ZWP_POINTER_CONSTRAINTS_V1_ERROR_ALREADY_CONSTRAINED,
                            "%s: wl_surface@%u already has a %s pointer (destroy it first)", request,
                            wl_resource_get_id(surface_resource),
                            other->kind() == PointerConstraint::Kind::Lock ? "locked" : "confined");
        return;
    }
    std::shared_ptr<const Region> region = region_resource ? wl_region_get(region_resource) : nullptr;
    if (region_resource && !region) return; // past kMaxRegionRects: the client is being disconnected
    // The lifetime enum has two values and the spec defines no error for
    // others: anything but persistent is taken as oneshot, which never
    // holds the pointer longer than the client asked.
    const bool persistent = lifetime == ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT;
    PointerConstraint* c = kind == PointerConstraint::Kind::Lock
                               ? static_cast<PointerConstraint*>(
                                     LockedPointer::create(*this, manager, id, surface, std::move(region), persistent))
                               : ConfinedPointer::create(*this, manager, id, surface, std::move(region), persistent);
    if (!c) return;
    constraints_.push_back(c);
    update();
}

void PointerConstraints::remove(PointerConstraint* c) {
    auto it = std::find(constraints_.begin(), constraints_.end(), c);
    if (it == constraints_.end()) return;
    constraints_.erase(it);
    if (active_ == c) deactivate(c);
}

bool PointerConstraints::surface_origin(const Surface* surface, double& x, double& y) const {
    for (const View& v : seat_.scene().views()) {
        if (v.surface == surface) {
            x = v.x, y = v.y;
            return true;
        }
    }
    return false;
}

void PointerConstraints::activate(PointerConstraint* c) {
    active_ = c;
    c->active_ = true;
    c->send_activated();
}

void PointerConstraints::deactivate(PointerConstraint* c) {
    active_ = nullptr;
    c->active_ = false;
    // pointer-constraints-unstable-v1.xml, unlocked: "If this is a oneshot
    // pointer lock ... this object is now defunct"; a persistent one "may
    // again reactivate in the future".
    if (!c->persistent_) c->defunct_ = true;
    if (c->resource_) c->send_deactivated();
}

bool PointerConstraints::focused(const Surface* surface) const {
    if (!surface || surface != seat_.pointer_focus()) return false;
    // The window it is in: the node under the pointer (unless a held button
    // keeps the focus on a surface the pointer has left: then none).
    const Stage& scene = seat_.scene();
    const auto hit = scene.hit_test(seat_.pointer_x(), seat_.pointer_y());
    if (!hit || hit->surface != surface) return false;
    return hit->node == scene.focused() ||
           (seat_.keyboard_focus() && hit->node->main_surface() == seat_.keyboard_focus());
}

void PointerConstraints::update() {
    Surface* focus = seat_.pointer_focus();
    if (active_) {
        if (focused(active_->surface())) return;
        deactivate(active_);
    }
    if (!focused(focus)) return;
    PointerConstraint* c = on_surface(focus);
    if (!c || c->defunct() || !c->resource_) return;
    // locked/confined: "it is guaranteed that the ... surface will already
    // have received pointer focus and that the pointer will be within the
    // region".
    double ox = 0, oy = 0;
    if (!surface_origin(focus, ox, oy)) return;
    const double sx = seat_.pointer_x() - ox, sy = seat_.pointer_y() - oy;
    if (!c->effective_region().contains(int32_t(std::floor(sx)), int32_t(std::floor(sy)))) return;
    activate(c);
}

bool PointerConstraints::constrain(double& x, double& y) const {
    if (!active_) return true;
    if (active_->kind() == PointerConstraint::Kind::Lock) return false;
    double ox = 0, oy = 0;
    if (!surface_origin(active_->surface(), ox, oy)) return true;
    // The nearest point of the region (of its rectangles, one pixel in
    // from their far edges: a position is inside a pixel's square).
    const std::vector<Box> boxes = active_->effective_region().boxes();
    if (boxes.empty()) return false;
    const double sx = x - ox, sy = y - oy;
    double best = std::numeric_limits<double>::infinity(), bx = sx, by = sy;
    for (const Box& b : boxes) {
        const double cx = std::clamp(sx, double(b.x), double(b.x) + b.width - 1);
        const double cy = std::clamp(sy, double(b.y), double(b.y) + b.height - 1);
        const double d = (cx - sx) * (cx - sx) + (cy - sy) * (cy - sy);
        if (d < best) best = d, bx = cx, by = cy;
    }
    x = ox + bx, y = oy + by;
    return true;
}

} // namespace shoji
