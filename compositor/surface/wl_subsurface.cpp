#include "surface/wl_subsurface.hpp"

#include <algorithm>
#include <cassert>

#include <wayland-server-protocol.h>

#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"

namespace shoji {

namespace {
Subsurface* sub_of(wl_resource* r) { return static_cast<Subsurface*>(wl_resource_get_user_data(r)); }

const struct wl_subsurface_interface subsurface_impl = {
    [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    [](wl_client*, wl_resource* r, int32_t x, int32_t y) { sub_of(r)->handle_set_position(x, y); },
    [](wl_client*, wl_resource* r, wl_resource* sibling) { sub_of(r)->handle_place(sibling, true); },
    [](wl_client*, wl_resource* r, wl_resource* sibling) { sub_of(r)->handle_place(sibling, false); },
    [](wl_client*, wl_resource* r) { sub_of(r)->handle_set_sync(true); },
    [](wl_client*, wl_resource* r) { sub_of(r)->handle_set_sync(false); },
};

void subsurface_resource_destroy(wl_resource* r) { delete sub_of(r); }
} // namespace

Subsurface::Subsurface(wl_client* client, uint32_t version, uint32_t id, Surface& surface, Surface& parent)
    : surface_(&surface), parent_(&parent) {
    resource_ = wl_resource_create(client, &wl_subsurface_interface, int(version), id);
    if (!resource_) {
        wl_client_post_no_memory(client);
        return;
    }
    wl_resource_set_implementation(resource_, &subsurface_impl, this, subsurface_resource_destroy);
    surface_->set_role(kRole, this);
    parent_->add_child(this);
}

Subsurface::~Subsurface() {
    // wayland.xml, wl_subsurface.destroy: "the wl_surface is unmapped".
    detach_from_parent();
    if (surface_) surface_->clear_role(this);
}

Subsurface* Subsurface::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &wl_subsurface_interface, &subsurface_impl));
    return sub_of(resource);
}

Subsurface* Subsurface::of(const Surface& surface) {
    return dynamic_cast<Subsurface*>(surface.role());
}

bool Subsurface::mapped() const { return parent_ && surface_ && surface_->buffer(); }

void Subsurface::detach_from_parent() {
    if (!parent_) return;
    Surface* parent = parent_;
    const bool was_shown = mapped();
    parent->remove_child(this);
    parent_ = nullptr;
    if (was_shown && parent->role()) parent->role()->child_geometry_changed(*parent);
}

bool Subsurface::synchronized() const {
    // wayland.xml, set_desync: "if any of its parent surfaces behaves in the
    // synchronized mode, this surface ... also behaves as if synchronized".
    for (const Subsurface* s = this; s; s = s->parent_ ? of(*s->parent_) : nullptr)
        if (s->sync_) return true;
    return false;
}

void Subsurface::parent_commit_requested() {
    committed_x_ = pending_x_;
    committed_y_ = pending_y_;
}

void Subsurface::parent_committed() {
    const bool moved = x_ != committed_x_ || y_ != committed_y_;
    x_ = committed_x_;
    y_ = committed_y_;
    if (synchronized() && surface_) surface_->apply_cached();
    if (moved && mapped() && parent_->role()) parent_->role()->child_geometry_changed(*parent_);
}

void Subsurface::parent_destroyed() {
    parent_ = nullptr; // inert: nothing to be shown in
}

void Subsurface::handle_set_position(int32_t x, int32_t y) {
    // Any int32 is allowed; clamped so sums of positions never overflow.
    pending_x_ = int32_t(std::clamp<int64_t>(x, -Region::kLimit, Region::kLimit));
    pending_y_ = int32_t(std::clamp<int64_t>(y, -Region::kLimit, Region::kLimit));
}

void Subsurface::handle_place(wl_resource* sibling_resource, bool above) {
    if (!parent_) return;
    Surface* sibling_surface = Surface::from(sibling_resource);
    Subsurface* sibling = sibling_surface == parent_ ? nullptr : of(*sibling_surface);
    // wayland.xml: the reference surface "must be ... a sibling or the parent";
    // anything else is bad_surface.
    if ((sibling_surface != parent_ && (!sibling || sibling->parent_ != parent_)) ||
        !parent_->restack_child(this, sibling, above)) {
        post_protocol_error(resource_, WL_SUBSURFACE_ERROR_BAD_SURFACE,
                            "place_%s: wl_surface@%u is neither a sibling nor the parent",
                            above ? "above" : "below", wl_resource_get_id(sibling_resource));
    }
}

void Subsurface::handle_set_sync(bool sync) {
    const bool was = synchronized();
    sync_ = sync;
    // set_desync: "If cached state exists when wl_surface.commit is called in
    // desynchronized mode, the pending state is added to the cached state, and
    // applied as a whole" — and leaving sync mode applies what is cached.
    if (was && !synchronized() && surface_) surface_->apply_cached();
}

void Subsurface::committed(Surface& surface, const Region& damage) {
    const Box now{x_, y_, surface.width(), surface.height()};
    const bool is_mapped = mapped();
    if (!parent_ || !parent_->role()) {
        was_mapped_ = is_mapped;
        shown_ = now;
        return;
    }
    if (is_mapped != was_mapped_ || now.width != shown_.width || now.height != shown_.height) {
        parent_->role()->child_geometry_changed(*parent_);
    } else if (is_mapped) { // (empty damage too: it may carry a frame callback)
        Region d = damage;
        d.translate(x_, y_);
        parent_->role()->child_damage(*parent_, d);
    }
    was_mapped_ = is_mapped;
    shown_ = now;
}

void Subsurface::surface_destroyed(Surface&) {
    detach_from_parent();
    surface_ = nullptr;
}

void Subsurface::child_damage(Surface&, const Region& damage) {
    if (!parent_ || !parent_->role() || !mapped()) return;
    Region d = damage;
    d.translate(x_, y_);
    parent_->role()->child_damage(*parent_, d);
}

void Subsurface::child_geometry_changed(Surface&) {
    if (parent_ && parent_->role()) parent_->role()->child_geometry_changed(*parent_);
}

} // namespace shoji
