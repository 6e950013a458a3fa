// Surface: the server side of one wl_surface (wayland.xml, version 5).
//
// Requests fill `pending_`; commit validates all of it, then applies it
// (Weston's weston_surface_state habit), computes this commit's damage in
// surface coordinates and hands it to the role, which knows where the surface
// is shown. The resource owns the Surface: it is created by
// wl_compositor.create_surface and deleted in the resource's destroy callback.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <wayland-server-core.h>

#include "surface/buffer_geometry.hpp"
#include "shm/attached_buffer.hpp"
#include "surface/surface_role.hpp"
#include "surface/surface_state.hpp"

namespace shoji {

class Subsurface;
struct View;

class Surface {
public:
    // Creates the wl_surface resource (made by `compositor`'s create_surface)
    // that owns the Surface; null after posting no_memory.
    static Surface* create(wl_resource* compositor, uint32_t id);
    ~Surface();
    Surface(const Surface&) = delete;
    Surface& operator=(const Surface&) = delete;

    // The Surface of a wl_surface resource (asserts it is one).
    static Surface* from(wl_resource* resource);

    wl_resource* resource() const { return resource_; }

    // Roles (wayland.xml: "a surface ... can have only one role", and keeps
    // it). Returns false if the surface already has a different role name, or
    // another live role object; the caller posts its interface's error.
    // `name` may be null to attach a role object before the role is known
    // (xdg_surface, until get_toplevel).
    bool set_role(const char* name, SurfaceRole* role);
    const char* role_name() const { return role_name_; }
    SurfaceRole* role() const { return role_; }
    // The role object went away; the role's name stays with the surface.
    void clear_role(SurfaceRole* role) { if (role_ == role) role_ = nullptr; }

    // A buffer attached since the last commit (not null).
    bool buffer_attached() const { return (pending_.committed & SurfaceState::kBuffer) && pending_.buffer.get(); }

    // Current (committed) state. buffer() is what is shown and read;
    // has_buffer() whether the current state has one. They differ only while
    // a role that asked for it (SurfaceRole::shows_old_buffer_while_told) is
    // told of a commit that removed the buffer: the old one is still shown.
    const AttachedBuffer* buffer() const { return buffer_.get(); }
    bool has_buffer() const { return buffer_ && !removing_buffer_; }
    const BufferGeometry& geometry() const { return geometry_; }
    int32_t width() const { return buffer_ ? geometry_.surface_width() : 0; }
    int32_t height() const { return buffer_ ? geometry_.surface_height() : 0; }
    // Opaque area in surface coordinates: the client's opaque region, plus the
    // whole surface if its buffer format has no alpha channel.
    const Region& opaque_region() const { return opaque_; }
    bool accepts_input(int32_t x, int32_t y) const;
    // The committed input region (null: infinite).
    const Region* input_region() const { return input_.get(); }
    // Emitted each time a commit's state is applied to this surface (for a
    // synchronized subsurface, when its parent's commit applies it; data:
    // the Surface): where state other protocols double-buffer on
    // wl_surface.commit takes effect (pointer constraint regions).
    wl_signal* state_applied_signal() { return &state_applied_; }

    // The offset (attach x/y or wl_surface.offset) of the last commit, which
    // the role applies to the surface's position.
    int32_t last_dx() const { return last_dx_; }
    int32_t last_dy() const { return last_dy_; }

    // The surface tree (wl_subsurface). Stacking order among the children
    // and the surface itself, bottom to top; nullptr stands for this surface.
    // Changes apply on this surface's next commit (wayland.xml,
    // wl_subsurface.place_above).
    void add_child(Subsurface* child);
    void remove_child(Subsurface* child);
    // Restacks `child` just above/below `sibling` (nullptr: this surface).
    // False if `sibling` is neither a child of this surface nor this surface.
    bool restack_child(Subsurface* child, Subsurface* sibling, bool above);
    const std::vector<Subsurface*>& children() const { return order_; }
    // Appends the views of this surface and its mapped descendants, bottom to
    // top, with this surface's origin at (x, y). Iterative, like every walk
    // over a tree: linear in the surfaces shown.
    void collect_views(int32_t x, int32_t y, std::vector<View>& out);
    // Bounding box of this surface and its mapped descendants, in this
    // surface's coordinates.
    Box tree_extents() const;

    // Applies the cached state: this surface's, then that of every descendant
    // whose commits wait for it (synchronized children, and everything below
    // them), each once, in one iterative walk; then tells the roles, once for
    // the whole tree. Called by commit (unless this surface is synchronized)
    // and by set_desync.
    void apply_cached();

    // Tells the role of this surface's tree's root what changed, in one hop:
    // translated into the root's coordinates by one walk up
    // (Subsurface::position_in_tree), the damage dropped if this surface is
    // not shown. Nothing if no root role is left to tell.
    void tell_tree_root(TreeChange change);

    // wp_viewport (surface/wp_viewport.hpp): the surface's viewport object,
    // which receives the errors its state causes at commit (null: none).
    wl_resource* viewport() const { return viewport_; }
    void set_viewport(wl_resource* viewport) { viewport_ = viewport; }
    // Pending crop and destination size (has = false: unset), applied on commit.
    void set_pending_source(bool has, wl_fixed_t x, wl_fixed_t y, wl_fixed_t width, wl_fixed_t height);
    void set_pending_destination(bool has, int32_t width, int32_t height);

    // wp_presentation feedback (output/wp_presentation.hpp): `feedback` (its
    // resource's link free) goes with the next commit; once that applies it
    // waits until presented or discarded. A later applied commit discards it.
    void add_pending_feedback(wl_resource* feedback);
    bool has_feedback() const { return !wl_list_empty(&feedbacks_); }
    // send(feedback) for each waiting feedback, which is then destroyed.
    template <class F>
    void present_feedback(F&& send) {
        wl_resource *fb, *tmp;
        wl_resource_for_each_safe(fb, tmp, &feedbacks_) {
            send(fb);
            wl_resource_destroy(fb);
        }
    }
    void discard_feedback() { discard_feedbacks(&feedbacks_); }

    bool has_frame_callbacks() const { return !wl_list_empty(&frame_callbacks_); }
    // wl_callback.done for every frame request committed so far.
    void send_frame_done(uint32_t time_ms);

    // wl_surface request handlers.
    void handle_attach(wl_resource* buffer, int32_t x, int32_t y);
    void handle_damage(int32_t x, int32_t y, int32_t width, int32_t height);
    void handle_damage_buffer(int32_t x, int32_t y, int32_t width, int32_t height);
    void handle_frame(uint32_t callback_id);
    void handle_set_opaque_region(wl_resource* region);
    void handle_set_input_region(wl_resource* region);
    void handle_commit();
    void handle_set_buffer_transform(int32_t transform);
    void handle_set_buffer_scale(int32_t scale);
    void handle_offset(int32_t x, int32_t y);

private:
    explicit Surface(wl_resource* resource);

    bool validate(const SurfaceState& state);
    bool validate_viewport(const SurfaceState& state, bool have_buffer, const ShmBufferInfo& info,
                           int32_t scale, wl_output_transform transform);
    // What applying one surface's state changed, for its role.
    struct Applied {
        Region damage;  // surface coordinates, clipped to the surface
        bool restacked; // its children's stacking order changed
    };
    // Applies this surface's own state (no children, no role). With
    // keep_removed_buffer, a buffer the state removes stays shown (buffer,
    // geometry, opaque area) until finish_buffer_removal.
    Applied apply_state(SurfaceState& state, bool keep_removed_buffer = false);
    Applied apply_keeping_removed_buffer(SurfaceState& state);
    void finish_buffer_removal();
    // Parts of apply_state: the offset and the opaque and input regions as
    // requested; then the frame callbacks and the children's stacking (true
    // if it changed), the last of a state to apply.
    void apply_offset_and_regions(SurfaceState& state);
    bool apply_callbacks_and_order(SurfaceState& state);
    static void handle_resource_destroy(wl_resource* resource);

    wl_resource* resource_;
    SurfaceState pending_; // requests since the last commit
    SurfaceState cached_;  // committed, not yet applied (synchronized subsurfaces)

    const char* role_name_ = nullptr;
    SurfaceRole* role_ = nullptr;

    std::unique_ptr<AttachedBuffer> buffer_;
    BufferGeometry geometry_;
    bool removing_buffer_ = false;       // see has_buffer()
    BufferGeometry geometry_after_removal_; // scale and transform, once it is gone
    Region opaque_;
    std::shared_ptr<const Region> opaque_requested_; // set_opaque_region as committed (null: empty)
    std::shared_ptr<const Region> input_;            // set_input_region as committed (null: infinite)
    int32_t last_dx_ = 0, last_dy_ = 0;
    wl_resource* viewport_ = nullptr; // wp_viewport, see viewport()
    wl_list frame_callbacks_;
    wl_list feedbacks_; // applied, waiting for a frame (see add_pending_feedback)
    wl_signal state_applied_;
    std::vector<Subsurface*> order_{nullptr};         // current stacking
    std::vector<Subsurface*> cached_order_{nullptr};  // committed, applied with cached_
    std::vector<Subsurface*> pending_order_{nullptr}; // after place_above/below
};

} // namespace shoji
