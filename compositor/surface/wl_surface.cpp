#include "surface/wl_surface.hpp"

#include <cassert>
#include <algorithm>
#include <string_view>

#include <wayland-server-protocol.h>

#include "surface/view.hpp"
#include "surface/wl_region.hpp"
#include "surface/wl_subsurface.hpp"
#include "surface/wp_single_pixel_buffer_manager_v1.hpp"
#include "util/protocol_error.hpp"
#include "viewporter-server-protocol.h"
#include "util/resource.hpp"

namespace shoji {

namespace {
Surface* surface_of(wl_resource* resource) {
    return static_cast<Surface*>(wl_resource_get_user_data(resource));
}

void surface_destroy(wl_client*, wl_resource* r) { wl_resource_destroy(r); }
void surface_attach(wl_client*, wl_resource* r, wl_resource* buffer, int32_t x, int32_t y) {
    surface_of(r)->handle_attach(buffer, x, y);
}
void surface_damage(wl_client*, wl_resource* r, int32_t x, int32_t y, int32_t w, int32_t h) {
    surface_of(r)->handle_damage(x, y, w, h);
}
void surface_frame(wl_client*, wl_resource* r, uint32_t callback) {
    surface_of(r)->handle_frame(callback);
}
void surface_set_opaque_region(wl_client*, wl_resource* r, wl_resource* region) {
    surface_of(r)->handle_set_opaque_region(region);
}
void surface_set_input_region(wl_client*, wl_resource* r, wl_resource* region) {
    surface_of(r)->handle_set_input_region(region);
}
void surface_commit(wl_client*, wl_resource* r) { surface_of(r)->handle_commit(); }
void surface_set_buffer_transform(wl_client*, wl_resource* r, int32_t transform) {
    surface_of(r)->handle_set_buffer_transform(transform);
}
void surface_set_buffer_scale(wl_client*, wl_resource* r, int32_t scale) {
    surface_of(r)->handle_set_buffer_scale(scale);
}
void surface_damage_buffer(wl_client*, wl_resource* r, int32_t x, int32_t y, int32_t w, int32_t h) {
    surface_of(r)->handle_damage_buffer(x, y, w, h);
}
void surface_offset(wl_client*, wl_resource* r, int32_t x, int32_t y) {
    surface_of(r)->handle_offset(x, y);
}

const struct wl_surface_interface surface_impl = {
    /* destroy */ surface_destroy,
    /* attach */ surface_attach,
    /* damage */ surface_damage,
    /* frame */ surface_frame,
    /* set_opaque_region */ surface_set_opaque_region,
    /* set_input_region */ surface_set_input_region,
    /* commit */ surface_commit,
    /* set_buffer_transform */ surface_set_buffer_transform,
    /* set_buffer_scale */ surface_set_buffer_scale,
    /* damage_buffer */ surface_damage_buffer,
    /* offset */ surface_offset,
};

// wl_callback resources sit in a wl_list through their link; a callback the
// client's disconnection destroys must leave the list.
void callback_resource_destroy(wl_resource* resource) {
    wl_list_remove(wl_resource_get_link(resource));
}

void append_callbacks(wl_list* to, wl_list* from) {
    wl_list_insert_list(to->prev, from);
    wl_list_init(from);
}

// A single-pixel buffer's size (single-pixel-buffer-v1.xml: "The width and
// height of the buffer are 1"); it has no shm format.
ShmBufferInfo single_pixel_info() {
    ShmBufferInfo info;
    info.width = info.height = 1;
    return info;
}

void destroy_callbacks(wl_list* list) {
    wl_resource *cb, *tmp;
    wl_resource_for_each_safe(cb, tmp, list) wl_resource_destroy(cb);
}
} // namespace

Surface* Surface::create(wl_resource* compositor, uint32_t id) {
    wl_resource* r = create_resource(compositor, &wl_surface_interface, uint32_t(wl_resource_get_version(compositor)),
                                     id, &surface_impl, nullptr, &Surface::handle_resource_destroy);
    if (!r) return nullptr;
    auto* surface = new Surface(r);
    wl_resource_set_user_data(r, surface);
    return surface;
}

Surface::Surface(wl_resource* resource) : resource_(resource) {
    wl_list_init(&frame_callbacks_);
    wl_list_init(&feedbacks_);
    wl_signal_init(&state_applied_);
}

Surface::~Surface() {
    // Children outlive their parent as inert subsurfaces.
    for (Subsurface* child : order_)
        if (child) child->parent_destroyed();
    pending_.reset();
    cached_.reset();
    destroy_callbacks(&frame_callbacks_);
    discard_feedbacks(&feedbacks_); // never to be shown
}

void Surface::handle_resource_destroy(wl_resource* resource) {
    Surface* surface = surface_of(resource);
    if (surface->role_) surface->role_->surface_destroyed(*surface);
    // We no longer need the buffer: tell the client, if it still listens.
    if (surface->buffer_) surface->buffer_->release();
    surface->resource_ = nullptr;
    delete surface;
}

Surface* Surface::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &wl_surface_interface, &surface_impl));
    return surface_of(resource);
}

bool Surface::set_role(const char* name, SurfaceRole* role) {
    if (role_ && role_ != role) return false;
    if (name) {
        if (role_name_ && std::string_view(role_name_) != name) return false;
        role_name_ = name;
    }
    role_ = role;
    return true;
}

bool Surface::accepts_input(int32_t x, int32_t y) const {
    if (x < 0 || y < 0 || x >= width() || y >= height()) return false;
    return !input_ || input_->contains(x, y);
}

void Surface::handle_attach(wl_resource* buffer, int32_t x, int32_t y) {
    // wayland.xml (v5): "the x and y arguments must be 0 ... otherwise
    // invalid_offset"; offsets moved to wl_surface.offset.
    if (wl_resource_get_version(resource_) >= WL_SURFACE_OFFSET_SINCE_VERSION && (x != 0 || y != 0)) {
        post_protocol_error(resource_, WL_SURFACE_ERROR_INVALID_OFFSET,
                            "attach with x=%d, y=%d on a version %d wl_surface: use wl_surface.offset",
                            x, y, wl_resource_get_version(resource_));
        return;
    }
    if (buffer && role_ && !role_->validate_attach(*this)) return;
    pending_.buffer.set(buffer);
    pending_.committed |= SurfaceState::kBuffer;
    if (wl_resource_get_version(resource_) < WL_SURFACE_OFFSET_SINCE_VERSION) handle_offset(x, y);
}

void Surface::handle_offset(int32_t x, int32_t y) {
    pending_.dx = x;
    pending_.dy = y;
    pending_.committed |= SurfaceState::kOffset;
}

// Rectangles of the opaque region kept per surface: past this, only its
// largest rectangle counts as opaque (see apply_state). Real clients send one
// to a few (a window minus its rounded corners and shadow).
constexpr size_t kMaxOpaqueRects = 256;

void Surface::handle_damage(int32_t x, int32_t y, int32_t w, int32_t h) {
    pending_.surface_damage.add_clamped(x, y, w, h);
    pending_.surface_damage.simplify(kMaxDamageRects);
}

void Surface::handle_damage_buffer(int32_t x, int32_t y, int32_t w, int32_t h) {
    pending_.buffer_damage.add_clamped(x, y, w, h);
    pending_.buffer_damage.simplify(kMaxDamageRects);
}

void Surface::handle_frame(uint32_t callback_id) {
    // wl_callback is version 1 whatever the surface's version.
    wl_resource* cb = create_resource(resource_, &wl_callback_interface, 1, callback_id, nullptr, nullptr,
                                      callback_resource_destroy);
    if (!cb) return;
    wl_list_insert(pending_.frame_callbacks.prev, wl_resource_get_link(cb));
}

void Surface::handle_set_opaque_region(wl_resource* region) {
    std::shared_ptr<const Region> r = region ? wl_region_get(region) : nullptr;
    if (region && !r) return; // past kMaxRegionRects: the client was sent the error
    pending_.opaque = std::move(r);
    pending_.committed |= SurfaceState::kOpaque;
}

void Surface::handle_set_input_region(wl_resource* region) {
    std::shared_ptr<const Region> r = region ? wl_region_get(region) : nullptr;
    if (region && !r) return;
    pending_.input = std::move(r);
    pending_.committed |= SurfaceState::kInput;
}

void Surface::handle_set_buffer_transform(int32_t transform) {
    if (transform < WL_OUTPUT_TRANSFORM_NORMAL || transform > WL_OUTPUT_TRANSFORM_FLIPPED_270) {
        post_protocol_error(resource_, WL_SURFACE_ERROR_INVALID_TRANSFORM,
                            "buffer transform %d is not a wl_output.transform (0..7)", transform);
        return;
    }
    pending_.transform = wl_output_transform(transform);
    pending_.committed |= SurfaceState::kTransform;
}

void Surface::handle_set_buffer_scale(int32_t scale) {
    if (scale <= 0) {
        post_protocol_error(resource_, WL_SURFACE_ERROR_INVALID_SCALE,
                            "buffer scale %d is not positive", scale);
        return;
    }
    pending_.scale = scale;
    pending_.committed |= SurfaceState::kScale;
}

void Surface::handle_commit() {
    if (!validate(pending_)) return;
    // pending → cached → current. A synchronized subsurface stops at cached
    // until its parent commits (wayland.xml, wl_subsurface.set_sync).
    cached_.take(pending_);
    // The children's positions and stacking are this surface's state too:
    // what was requested before this commit goes with it (wayland.xml,
    // set_position: "more than one set_position request ... before the
    // commit of the parent surface"), and applies when this state does.
    cached_order_ = pending_order_;
    for (Subsurface* child : pending_order_)
        if (child) child->parent_commit_requested();
    if (role_ && role_->synchronized()) return;
    apply_cached();
}

bool Surface::validate(const SurfaceState& state) {
    // What the surface will show once this commit applies: this commit's
    // fields, else those cached for a synchronized subsurface (not applied
    // yet, but they will be first), else the current ones.
    const uint32_t f = state.committed;
    auto latest = [&](uint32_t field) -> const SurfaceState* {
        if (f & field) return &state;
        if (cached_.committed & field) return &cached_;
        return nullptr;
    };
    const SurfaceState* s = latest(SurfaceState::kScale);
    const int32_t scale = s ? s->scale : geometry_.scale;
    s = latest(SurfaceState::kTransform);
    const wl_output_transform transform = s ? s->transform : geometry_.transform;

    ShmBufferInfo info;
    bool have_buffer = buffer_ != nullptr;
    if (f & SurfaceState::kBuffer) {
        wl_resource* res = state.buffer.get();
        have_buffer = res != nullptr;
        if (res && !(buffer_ && buffer_->resource() == res) && single_pixel_colour(res)) {
            info = single_pixel_info();
        } else if (res && !(buffer_ && buffer_->resource() == res)) {
            wl_shm_buffer* shm = wl_shm_buffer_get(res);
            if (!shm) {
                post_protocol_error(res, WL_DISPLAY_ERROR_INVALID_OBJECT,
                                    "wl_buffer@%u is neither a wl_shm nor a single-pixel buffer",
                                    wl_resource_get_id(res));
                return false;
            }
            info = shm_buffer_info(shm);
            // Checked at create_buffer already, but by a protocol logger
            // (ShmRequestChecks), which cannot stop libwayland from making the
            // wl_buffer: only the client's disconnection after that dispatch
            // keeps the buffer from a surface. Here a buffer becomes the
            // surface's, read at every frame, so the check is made again
            // rather than rest on the logger having seen every request.
            const ShmLayout layout(info);
            if (!layout.readable()) {
                post_protocol_error(res, WL_SHM_ERROR_INVALID_STRIDE, "%s", layout.problem().c_str());
                return false;
            }
        } else if (res) {
            info = buffer_->info();
        }
    } else if (cached_.committed & SurfaceState::kBuffer) {
        // Validated when it was committed.
        wl_resource* res = cached_.buffer.get();
        have_buffer = res != nullptr;
        if (res && buffer_ && buffer_->resource() == res) info = buffer_->info();
        else if (res && single_pixel_colour(res)) info = single_pixel_info();
        else if (res) info = shm_buffer_info(wl_shm_buffer_get(res));
    } else if (buffer_) {
        info = buffer_->info();
    }

    // wayland.xml, set_buffer_scale: "the buffer size must be an integer
    // multiple of the buffer_scale ... otherwise invalid_size".
    if (have_buffer && (info.width % scale != 0 || info.height % scale != 0)) {
        post_protocol_error(resource_, WL_SURFACE_ERROR_INVALID_SIZE,
                            "buffer size %d×%d is not a multiple of buffer scale %d", info.width,
                            info.height, scale);
        return false;
    }
    if (!validate_viewport(state, have_buffer, info, scale, transform)) return false;
    return !role_ || role_->validate_commit(*this, state);
}

bool Surface::validate_viewport(const SurfaceState& state, bool have_buffer, const ShmBufferInfo& info,
                                int32_t scale, wl_output_transform transform) {
    ViewportState vp = geometry_.viewport;
    SurfaceState::copy_viewport(vp, cached_); // cached first: it applies first
    SurfaceState::copy_viewport(vp, state);
    // Without a viewport object both halves are unset (its destruction unsets
    // them), so there is nothing to check and nobody to tell.
    if (!vp.has_source || !viewport_) return true;
    // viewporter.xml, set_source: "If the source rectangle is set and the
    // destination size is not set, then src_width and src_height must be
    // integers. Otherwise the bad_size protocol error is raised when the
    // surface state is applied."
    if (!vp.has_destination && ((vp.src_width & 0xff) || (vp.src_height & 0xff))) {
        post_protocol_error(viewport_, WP_VIEWPORT_ERROR_BAD_SIZE,
                            "source size %.3f×%.3f is not whole numbers and no destination size is set",
                            wl_fixed_to_double(vp.src_width), wl_fixed_to_double(vp.src_height));
        return false;
    }
    // "if the source rectangle is partially or completely outside of the
    // non-NULL wl_buffer, then the out_of_buffer protocol error is raised
    // when the surface state is applied. A NULL wl_buffer does not raise the
    // out_of_buffer error." The rectangle is in the surface coordinates the
    // buffer transform and scale give.
    if (!have_buffer) return true;
    BufferGeometry g;
    g.buffer_width = info.width, g.buffer_height = info.height;
    g.scale = scale, g.transform = transform;
    const int64_t w = int64_t(g.unviewported_width()) * 256, h = int64_t(g.unviewported_height()) * 256;
    if (int64_t(vp.src_x) + vp.src_width > w || int64_t(vp.src_y) + vp.src_height > h) {
        post_protocol_error(viewport_, WP_VIEWPORT_ERROR_OUT_OF_BUFFER,
                            "source rectangle %.3f,%.3f %.3f×%.3f is outside the %d×%d surface the %d×%d "
                            "buffer gives (buffer scale %d, transform %d)",
                            wl_fixed_to_double(vp.src_x), wl_fixed_to_double(vp.src_y),
                            wl_fixed_to_double(vp.src_width), wl_fixed_to_double(vp.src_height),
                            g.unviewported_width(), g.unviewported_height(), info.width, info.height, scale,
                            int(transform));
        return false;
    }
    return true;
}

void Surface::set_pending_source(bool has, wl_fixed_t x, wl_fixed_t y, wl_fixed_t width, wl_fixed_t height) {
    ViewportState& vp = pending_.viewport;
    vp.has_source = has;
    vp.src_x = has ? x : 0, vp.src_y = has ? y : 0;
    vp.src_width = has ? width : 0, vp.src_height = has ? height : 0;
    pending_.committed |= SurfaceState::kSource;
}

void Surface::set_pending_destination(bool has, int32_t width, int32_t height) {
    ViewportState& vp = pending_.viewport;
    vp.has_destination = has;
    vp.dst_width = has ? width : 0, vp.dst_height = has ? height : 0;
    pending_.committed |= SurfaceState::kDestination;
}

void Surface::apply_offset_and_regions(SurfaceState& state) {
    const uint32_t f = state.committed;
    last_dx_ = (f & SurfaceState::kOffset) ? state.dx : 0;
    last_dy_ = (f & SurfaceState::kOffset) ? state.dy : 0;
    if (f & SurfaceState::kOpaque) opaque_requested_ = std::move(state.opaque);
    if (f & SurfaceState::kInput) input_ = std::move(state.input);
}

void Surface::add_pending_feedback(wl_resource* feedback) {
    wl_list_insert(pending_.feedbacks.prev, wl_resource_get_link(feedback));
}

bool Surface::apply_callbacks_and_order(SurfaceState& state) {
    append_callbacks(&frame_callbacks_, &state.frame_callbacks);
    // presentation-time.xml: "the content update was superseded" by this one
    // before it was shown: discarded. The new ones wait for a frame.
    discard_feedbacks(&feedbacks_);
    append_callbacks(&feedbacks_, &state.feedbacks);
    state.committed = 0;
    // The children's stacking applies with this commit (their positions and
    // cached state: see apply_cached).
    const bool restacked = order_ != cached_order_;
    order_ = cached_order_;
    return restacked;
}

Surface::Applied Surface::apply_keeping_removed_buffer(SurfaceState& state) {
    // The old buffer stays shown until finish_buffer_removal; the rest of the
    // state applies now. This commit has no damage: a surface without a
    // buffer has no area.
    const uint32_t f = state.committed;
    removing_buffer_ = true;
    geometry_after_removal_ = geometry_;
    geometry_after_removal_.buffer_width = geometry_after_removal_.buffer_height = 0;
    if (f & SurfaceState::kScale) geometry_after_removal_.scale = state.scale;
    if (f & SurfaceState::kTransform) geometry_after_removal_.transform = state.transform;
    SurfaceState::copy_viewport(geometry_after_removal_.viewport, state);
    apply_offset_and_regions(state);
    state.buffer.set(nullptr);
    state.surface_damage.clear();
    state.buffer_damage.clear();
    return {Region(), apply_callbacks_and_order(state)};
}

Surface::Applied Surface::apply_state(SurfaceState& state, bool keep_removed_buffer) {
    const uint32_t f = state.committed;
    if (keep_removed_buffer && (f & SurfaceState::kBuffer) && !state.buffer.get() && buffer_)
        return apply_keeping_removed_buffer(state);
    const BufferGeometry old_geometry = geometry_;
    const bool had_buffer = buffer_ != nullptr;
    const Box old_bounds{0, 0, width(), height()};
    const bool had_opaque_format = buffer_ && buffer_->opaque();

    if (f & SurfaceState::kBuffer) {
        wl_resource* res = state.buffer.get();
        if (!(buffer_ && res && buffer_->resource() == res)) {
            // The old buffer will not be read again (we composite from the
            // current buffer only): release it now.
            if (buffer_) buffer_->release();
            buffer_.reset();
            if (const SolidColour* colour = res ? single_pixel_colour(res) : nullptr)
                buffer_ = std::make_unique<AttachedBuffer>(res, *colour, *this);
            else if (res)
                buffer_ = std::make_unique<AttachedBuffer>(res, shm_buffer_info(wl_shm_buffer_get(res)), *this);
        }
        state.buffer.set(nullptr);
    }
    apply_offset_and_regions(state);
    if (f & SurfaceState::kScale) geometry_.scale = state.scale;
    if (f & SurfaceState::kTransform) geometry_.transform = state.transform;
    SurfaceState::copy_viewport(geometry_.viewport, state);
    if (buffer_) {
        geometry_.buffer_width = buffer_->width();
        geometry_.buffer_height = buffer_->height();
    } else {
        geometry_.buffer_width = geometry_.buffer_height = 0;
    }

    // This commit's damage, in surface coordinates.
    const Box bounds{0, 0, width(), height()};
    Region damage = std::move(state.surface_damage);
    if (buffer_ && may_filter(geometry_) && !damage.empty()) {
        // Filtered bilinearly, a changed surface area also changes what its
        // neighbours sample: widen it by a buffer pixel, as buffer damage is.
        Region in_buffer;
        for (const Box& b : damage.boxes()) in_buffer.add(surface_to_buffer(b, geometry_));
        damage.add(buffer_to_surface(in_buffer, geometry_));
    }
    if (buffer_) damage.add(buffer_to_surface(state.buffer_damage, geometry_));
    const bool geometry_changed = old_geometry.scale != geometry_.scale ||
                                  old_geometry.transform != geometry_.transform ||
                                  old_geometry.viewport != geometry_.viewport ||
                                  had_buffer != (buffer_ != nullptr);
    if (geometry_changed) damage = Region(bounds);
    damage.intersect(bounds);
    state.surface_damage.clear();
    state.buffer_damage.clear();

    // The opaque area: the whole surface for a format without alpha, else the
    // client's region clipped to the surface. Recomputed only when one of
    // those changed, not on every commit: a region may have thousands of
    // rectangles.
    const bool opaque_format = buffer_ && buffer_->opaque();
    if ((f & SurfaceState::kOpaque) || !(bounds == old_bounds) || opaque_format != had_opaque_format) {
        if (opaque_format) {
            opaque_ = Region(bounds);
        } else {
            opaque_ = opaque_requested_ ? *opaque_requested_ : Region();
            opaque_.intersect(bounds);
            // wayland.xml, set_opaque_region: "an optimization hint for the
            // compositor"; a smaller opaque area is never wrong, only slower.
            // Each frame occludes with it, so keep it small.
            if (opaque_.rect_count() > kMaxOpaqueRects) opaque_ = Region(opaque_.largest_box());
        }
    }

    const bool restacked = apply_callbacks_and_order(state);
    wl_signal_emit(&state_applied_, this);
    return {std::move(damage), restacked};
}

void Surface::finish_buffer_removal() {
    if (!removing_buffer_) return;
    removing_buffer_ = false;
    // As apply_state would have left it: no buffer, no area, nothing opaque.
    if (buffer_) buffer_->release();
    buffer_.reset();
    geometry_ = geometry_after_removal_;
    opaque_ = Region();
}

void Surface::apply_cached() {
    // wayland.xml, wl_subsurface: a synchronized sub-surface's cached state
    // "is applied to the sub-surface immediately after the parent surface's
    // state is applied". That nests: below a synchronized child, every
    // descendant behaves as synchronized, whatever it asked for. So in one
    // depth-first walk from here, a child of this surface applies if it asked
    // for sync mode, and every child of a surface applied in this walk
    // applies. (This surface itself is not synchronized, or its commit would
    // have stopped at the cache: no walk up is needed, and none is made per
    // descendant.) Each surface is visited once; what changed is gathered
    // here and reported to the roles once, not climbed up parent by parent.
    // (Only the top of the commit can be a role's window: its descendants
    // are subsurfaces.)
    Applied own = apply_state(cached_, role_ && role_->shows_old_buffer_while_told());
    Region tree_damage;        // the descendants', in this surface's coordinates
    bool tree_damaged = false; // a shown descendant committed (maybe empty damage: frame callbacks)
    bool tree_changed = false; // a descendant was mapped, unmapped, resized, moved or restacked

    struct Step {
        Subsurface* sub;
        int64_t x, y;      // its position relative to this surface
        bool parent_shown; // every subsurface between this surface and it is mapped
        bool moved;
    };
    std::vector<Step> todo;
    // Children's positions become current with their parent's state; those
    // that apply go on the stack, last child first, so they apply in order.
    auto visit_children = [&](const Surface& parent, int64_t x, int64_t y, bool shown, bool all) {
        for (auto it = parent.order_.rbegin(); it != parent.order_.rend(); ++it) {
            Subsurface* child = *it;
            if (!child) continue;
            const bool moved = child->apply_position();
            if (all || child->sync_requested()) {
                todo.push_back({child, clamp_tree_offset(x + child->x()), clamp_tree_offset(y + child->y()),
                                shown, moved});
            } else if (moved && child->mapped()) {
                tree_changed = true;
            }
        }
    };
    visit_children(*this, 0, 0, true, false);
    while (!todo.empty()) {
        const Step step = todo.back();
        todo.pop_back();
        Surface& s = *step.sub->surface();
        Applied applied = s.apply_state(s.cached_);
        const bool shown = step.parent_shown && step.sub->mapped();
        if (step.sub->update_shown()) {
            tree_changed = true;
        } else if (shown) {
            applied.damage.translate(int32_t(step.x), int32_t(step.y));
            tree_damage.add(applied.damage);
            // Damage is a hint: keep the union small, whatever the tree's size.
            tree_damage.simplify(kMaxDamageRects);
            tree_damaged = true;
        }
        if (applied.restacked || (step.moved && step.sub->mapped())) tree_changed = true;
        visit_children(s, step.x, step.y, shown, true);
    }

    if (!role_) return;
    if (Subsurface* sub = Subsurface::of(*this)) {
        // A subsurface at the top of this commit (desynchronized, or just
        // leaving synchronized mode): its own change joins the tree's, and
        // the root hears of all of it once.
        if (sub->update_shown()) {
            tree_changed = true;
        } else {
            tree_damage.add(own.damage); // empty too: it may carry a frame callback
            tree_damaged = true;
        }
        role_->committed(*this, own.damage);
        tell_tree_root({std::move(tree_damage), tree_damaged, tree_changed || own.restacked});
        return;
    }
    tell_tree_root({std::move(tree_damage), tree_damaged, tree_changed});
    role_->committed(*this, own.damage);
    finish_buffer_removal();
    if (own.restacked) tell_tree_root({Region(), false, true});
}

void Surface::tell_tree_root(TreeChange change) {
    if (!change.damaged && !change.reshaped) return;
    const TreePosition where = Subsurface::position_in_tree(*this);
    if (!where.root || !where.root->role_) return;
    if (!where.visible) {
        change.damage.clear();
        change.damaged = false;
        if (!change.reshaped) return;
    }
    change.damage.translate(int32_t(where.x), int32_t(where.y));
    where.root->role_->tree_changed(*where.root, change);
}

void Surface::add_child(Subsurface* child) {
    // wayland.xml: a new sub-surface is placed on top of its siblings and
    // parent, at once (not on the parent's commit).
    order_.push_back(child);
    cached_order_.push_back(child);
    pending_order_.push_back(child);
}

void Surface::remove_child(Subsurface* child) {
    order_.erase(std::remove(order_.begin(), order_.end(), child), order_.end());
    cached_order_.erase(std::remove(cached_order_.begin(), cached_order_.end(), child), cached_order_.end());
    pending_order_.erase(std::remove(pending_order_.begin(), pending_order_.end(), child),
                         pending_order_.end());
}

bool Surface::restack_child(Subsurface* child, Subsurface* sibling, bool above) {
    auto& order = pending_order_;
    if (std::find(order.begin(), order.end(), sibling) == order.end() || sibling == child) return false;
    order.erase(std::remove(order.begin(), order.end(), child), order.end());
    auto at = std::find(order.begin(), order.end(), sibling);
    order.insert(above ? at + 1 : at, child);
    return true;
}

void Surface::collect_views(int32_t x, int32_t y, std::vector<View>& out) {
    // Depth-first with an explicit stack (the client builds the tree): each
    // entry is a surface, its origin, and the next index in its stacking.
    struct Step {
        Surface* surface;
        int64_t x, y;
        size_t next;
    };
    std::vector<Step> stack{{this, x, y, 0}};
    while (!stack.empty()) {
        Step& top = stack.back();
        if (top.next == top.surface->order_.size()) {
            stack.pop_back();
            continue;
        }
        Subsurface* child = top.surface->order_[top.next++];
        if (!child) {
            if (top.surface->buffer_)
                out.push_back({top.surface, int32_t(clamp_tree_offset(top.x)), int32_t(clamp_tree_offset(top.y))});
        } else if (child->mapped()) {
            const Step next{child->surface(), clamp_tree_offset(top.x + child->x()),
                            clamp_tree_offset(top.y + child->y()), 0};
            stack.push_back(next); // (invalidates `top`)
        }
    }
}

Box Surface::tree_extents() const {
    // The bounding box of every mapped surface's box, each clamped as
    // Region::add would: only the extremes are needed, no region.
    int64_t x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    bool any = false;
    auto include = [&](int64_t x, int64_t y, int32_t w, int32_t h) {
        const Box b = Region::clamped_box(x, y, w, h);
        if (b.empty()) return;
        if (!any) {
            x1 = b.x, y1 = b.y, x2 = int64_t(b.x) + b.width, y2 = int64_t(b.y) + b.height;
            any = true;
            return;
        }
        x1 = std::min<int64_t>(x1, b.x);
        y1 = std::min<int64_t>(y1, b.y);
        x2 = std::max<int64_t>(x2, int64_t(b.x) + b.width);
        y2 = std::max<int64_t>(y2, int64_t(b.y) + b.height);
    };
    struct Step {
        const Surface* surface;
        int64_t x, y;
    };
    std::vector<Step> todo{{this, 0, 0}};
    while (!todo.empty()) {
        const Step step = todo.back();
        todo.pop_back();
        include(step.x, step.y, step.surface->width(), step.surface->height());
        for (const Subsurface* child : step.surface->order_)
            if (child && child->mapped())
                todo.push_back({child->surface(), clamp_tree_offset(step.x + child->x()),
                                clamp_tree_offset(step.y + child->y())});
    }
    if (!any) return {};
    return {int32_t(x1), int32_t(y1), int32_t(x2 - x1), int32_t(y2 - y1)};
}

void Surface::send_frame_done(uint32_t time_ms) {
    wl_resource *cb, *tmp;
    wl_resource_for_each_safe(cb, tmp, &frame_callbacks_) {
        wl_callback_send_done(cb, time_ms);
        wl_resource_destroy(cb);
    }
}

} // namespace shoji
