#include "surface/wl_subsurface.hpp"

#include <algorithm>
#include <cassert>
#include <vector>

#include <wayland-server-protocol.h>

#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
Subsurface* sub_of(wl_resource* r) { return static_cast<Subsurface*>(wl_resource_get_user_data(r)); }

const struct wl_subsurface_interface subsurface_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_position */ [](wl_client*, wl_resource* r, int32_t x, int32_t y) { sub_of(r)->handle_set_position(x, y); },
    /* place_above */ [](wl_client*, wl_resource* r, wl_resource* sibling) { sub_of(r)->handle_place(sibling, true); },
    /* place_below */ [](wl_client*, wl_resource* r, wl_resource* sibling) { sub_of(r)->handle_place(sibling, false); },
    /* set_sync */ [](wl_client*, wl_resource* r) { sub_of(r)->handle_set_sync(true); },
    /* set_desync */ [](wl_client*, wl_resource* r) { sub_of(r)->handle_set_sync(false); },
};

void subsurface_resource_destroy(wl_resource* r) { delete sub_of(r); }
} // namespace

Subsurface* Subsurface::create(wl_resource* subcompositor, uint32_t id, Surface& surface, Surface& parent) {
    wl_resource* r = create_resource(subcompositor, &wl_subsurface_interface,
                                     uint32_t(wl_resource_get_version(subcompositor)), id, &subsurface_impl, nullptr,
                                     subsurface_resource_destroy);
    if (!r) return nullptr;
    auto* sub = new Subsurface(r, surface, parent);
    wl_resource_set_user_data(r, sub);
    return sub;
}

Subsurface::Subsurface(wl_resource* resource, Surface& surface, Surface& parent)
    : resource_(resource), surface_(&surface), parent_(&parent) {
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

int64_t clamp_tree_offset(int64_t v) { return std::clamp(v, -kMaxTreeOffset, kMaxTreeOffset); }

TreePosition Subsurface::position_in_tree(const Surface& surface) {
    TreePosition where;
    const Surface* s = &surface;
    while (const Subsurface* sub = of(*s)) {
        if (!sub->parent_) return {}; // its parent was destroyed: shown nowhere
        where.x = clamp_tree_offset(where.x + sub->x_);
        where.y = clamp_tree_offset(where.y + sub->y_);
        where.visible = where.visible && sub->mapped();
        s = sub->parent_;
    }
    where.root = const_cast<Surface*>(s);
    return where;
}

TreeShape Subsurface::measure(const Surface& surface, int stop_after) {
    // Depth-first with an explicit stack: the tree is the client's to build.
    struct Step {
        const Surface* surface;
        int depth;
    };
    TreeShape shape;
    std::vector<Step> todo{{&surface, 0}};
    while (!todo.empty() && shape.surfaces <= stop_after) {
        const Step step = todo.back();
        todo.pop_back();
        ++shape.surfaces;
        shape.height = std::max(shape.height, step.depth);
        for (const Subsurface* child : step.surface->children())
            if (child && child->surface_) todo.push_back({child->surface_, step.depth + 1});
    }
    return shape;
}

void Subsurface::detach_from_parent() {
    if (!parent_) return;
    Surface* parent = parent_;
    const bool was_shown = mapped();
    parent->remove_child(this);
    parent_ = nullptr;
    if (was_shown) parent->tell_tree_root({Region(), false, true});
}

bool Subsurface::synchronized() const {
    // wayland.xml, set_desync: "if any of its parent surfaces behaves in the
    // synchronized mode, this surface ... also behaves as if synchronized".
    // One walk up per commit request, at most kMaxSubsurfaceDepth steps; the
    // cascade of a parent's commit never calls this (see Surface::apply_cached).
    for (const Subsurface* s = this; s; s = s->parent_ ? of(*s->parent_) : nullptr)
        if (s->sync_) return true;
    return false;
}

void Subsurface::parent_commit_requested() {
    committed_x_ = pending_x_;
    committed_y_ = pending_y_;
}

bool Subsurface::apply_position() {
    const bool moved = x_ != committed_x_ || y_ != committed_y_;
    x_ = committed_x_;
    y_ = committed_y_;
    return moved;
}

bool Subsurface::update_shown() {
    const Box now{x_, y_, surface_ ? surface_->width() : 0, surface_ ? surface_->height() : 0};
    const bool is_mapped = mapped();
    const bool changed = is_mapped != was_mapped_ || now.width != shown_.width || now.height != shown_.height;
    was_mapped_ = is_mapped;
    shown_ = now;
    return changed;
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

void Subsurface::committed(Surface&, const Region&) {
    // Nothing of its own: Surface::apply_cached tells the root's role what
    // this commit changed, with the rest of the tree.
}

void Subsurface::surface_destroyed(Surface&) {
    detach_from_parent();
    surface_ = nullptr;
}

} // namespace shoji
