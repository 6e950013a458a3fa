#include "shell/ext_session_lock_surface_v1.hpp"

#include <algorithm>
#include <cassert>

#include "shell/ext_session_lock_manager_v1.hpp"
#include "shell/ext_session_lock_v1.hpp"
#include "shm/attached_buffer.hpp"
#include "surface/buffer_geometry.hpp"
#include "surface/surface_state.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "ext-session-lock-v1-server-protocol.h"

namespace shoji {

namespace {
LockSurface* surface_of(wl_resource* r) { return static_cast<LockSurface*>(wl_resource_get_user_data(r)); }

const struct ext_session_lock_surface_v1_interface lock_surface_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* ack_configure */ [](wl_client*, wl_resource* r, uint32_t serial) { surface_of(r)->handle_ack_configure(serial); },
};

void lock_surface_resource_destroy(wl_resource* r) { delete surface_of(r); }
} // namespace

LockSurface* LockSurface::create(SessionLock& lock, uint32_t id, Surface& surface, wlr_output* output) {
    wl_resource* resource = create_resource(lock.resource(), &ext_session_lock_surface_v1_interface,
                                            uint32_t(wl_resource_get_version(lock.resource())), id,
                                            &lock_surface_impl, nullptr, lock_surface_resource_destroy);
    if (!resource) return nullptr;
    auto* self = new LockSurface(lock, surface, output);
    self->resource_ = resource;
    wl_resource_set_user_data(resource, self);
    // "On binding this interface the compositor will immediately send the
    // first configure event." An output that is gone gets no size (0×0, a
    // surface that is never shown).
    self->configure(self->output_box().value_or(Box{}));
    return self;
}

LockSurface::LockSurface(SessionLock& lock, Surface& surface, wlr_output* output)
    : lock_(&lock), surface_(&surface), output_(output) {
    const bool ok = surface_->set_role(kRole, this);
    assert(ok); // SessionLock checked the role first
    (void)ok;
}

LockSurface::~LockSurface() {
    unmap();
    if (lock_) lock_->remove_surface(this);
    if (surface_) surface_->clear_role(this);
}

std::optional<Box> LockSurface::output_box() const {
    if (!output_ || !lock_) return std::nullopt;
    for (const OutputArea& o : lock_->manager().stage().outputs())
        if (o.wlr == output_) return o.box;
    return std::nullopt;
}

void LockSurface::configure(const Box& box) {
    box_ = box;
    const uint32_t serial = wl_display_next_serial(lock_->manager().display());
    sent_.push({serial, uint32_t(box.width), uint32_t(box.height), false});
    ext_session_lock_surface_v1_send_configure(resource_, serial, uint32_t(box.width), uint32_t(box.height));
}

void LockSurface::outputs_changed() {
    if (!lock_ || !output_) return;
    const std::optional<Box> box = output_box();
    if (!box) {
        // Its output went away: a new one of the same address is another
        // output, never this surface's.
        unmap();
        output_ = nullptr;
        return;
    }
    if (box->width == box_.width && box->height == box_.height) {
        if (!(*box == box_) && mapped_) {
            // Moved only: the same pixels elsewhere.
            Stage& stage = lock_->manager().stage();
            stage.add_damage(box_);
            box_ = *box;
            stage.add_damage(box_);
            stage.layout_changed();
        } else {
            box_ = *box;
        }
        return;
    }
    // configure: "may be sent again at the compositor's discretion, for
    // example if output geometry changes". Its old buffer stays shown
    // (at the new place) until it commits one of the new size.
    Stage& stage = lock_->manager().stage();
    if (mapped_) stage.add_damage(box_);
    configure(*box);
    if (mapped_) stage.add_damage(box_);
}

void LockSurface::handle_ack_configure(uint32_t serial) {
    // ack_configure: "Sending an ack_configure request consumes the configure
    // event referenced by the given serial, as well as all older configure
    // events"; "It is a protocol error to issue multiple ack_configure
    // requests referencing the same configure event or to issue an
    // ack_configure request referencing a configure event older than the
    // last configure event acked": a serial no queued configure has.
    if (std::optional<SentConfigure> acked =
            sent_.ack(serial, resource_, EXT_SESSION_LOCK_SURFACE_V1_ERROR_INVALID_SERIAL))
        acked_ = *acked;
}

bool LockSurface::validate_commit(Surface& surface, const SurfaceState& pending) {
    if (!lock_) return true; // no longer used: its commits change nothing
    // "Committing the surface before acking the first configure is a
    // protocol error."
    if (!acked_) {
        post_protocol_error(resource_, EXT_SESSION_LOCK_SURFACE_V1_ERROR_COMMIT_BEFORE_FIRST_ACK,
                            "commit before the first ack_configure (%zu configure(s) sent, none acked)",
                            sent_.entries().size());
        return false;
    }
    // The buffer this commit leaves on the surface, and the size it gives.
    BufferGeometry g = surface.geometry();
    wl_resource* buffer = nullptr;
    if (pending.committed & SurfaceState::kBuffer) {
        buffer = pending.buffer.get();
        // Surface::validate has checked it is a wl_shm buffer.
        if (wl_shm_buffer* shm = buffer ? wl_shm_buffer_get(buffer) : nullptr) {
            g.buffer_width = wl_shm_buffer_get_width(shm);
            g.buffer_height = wl_shm_buffer_get_height(shm);
        }
    } else if (surface.buffer()) {
        buffer = surface.buffer()->resource();
    }
    // "Committing the surface with a null buffer at any time is a protocol
    // error."
    if (!buffer) {
        post_protocol_error(resource_, EXT_SESSION_LOCK_SURFACE_V1_ERROR_NULL_BUFFER,
                            "commit with %s", (pending.committed & SurfaceState::kBuffer)
                                                  ? "a null buffer attached"
                                                  : "no buffer (none was ever attached)");
        return false;
    }
    if (pending.committed & SurfaceState::kScale) g.scale = pending.scale;
    if (pending.committed & SurfaceState::kTransform) g.transform = pending.transform;
    // configure: "The width and height are in surface-local coordinates and
    // are exact requirements. Failing to match these surface dimensions in
    // the next commit after acking a configure is a protocol error."
    const int64_t w = g.scale > 0 ? g.surface_width() : 0, h = g.scale > 0 ? g.surface_height() : 0;
    if (w != int64_t(acked_->width) || h != int64_t(acked_->height)) {
        post_protocol_error(resource_, EXT_SESSION_LOCK_SURFACE_V1_ERROR_DIMENSIONS_MISMATCH,
                            "the surface would be %lld×%lld (buffer %d×%d, scale %d, transform %d), the acked "
                            "configure %u is %u×%u",
                            static_cast<long long>(w), static_cast<long long>(h), g.buffer_width, g.buffer_height,
                            g.scale, int(g.transform), acked_->serial, acked_->width, acked_->height);
        return false;
    }
    return true;
}

void LockSurface::committed(Surface& surface, const Region& damage) {
    // Only the lock that holds the session shows its surfaces (a refused
    // one, sent finished, may still make some: they are never shown).
    if (!lock_ || lock_->manager().holder() != lock_ || !output_box() || !surface.has_buffer()) return;
    Stage& stage = lock_->manager().stage();
    if (!mapped_) {
        mapped_ = true;
        // Not focused as a window is (takes_focus): the scene gives the
        // keyboard to the topmost shown node while locked.
        stage.map(this, false);
        stage.add_damage(box_);
        lock_->check_locked();
        return;
    }
    Region d = damage;
    d.translate(box_.x, box_.y);
    if (d.empty()) stage.schedule_frame(); // only a frame callback
    else stage.add_damage(d);
}

void LockSurface::tree_changed(Surface&, const TreeChange& change) {
    if (!mapped_) return;
    Stage& stage = lock_->manager().stage();
    if (change.reshaped) stage.add_damage(box_); // its subsurfaces stay inside the output
    else if (change.damaged) {
        Region d = change.damage;
        d.translate(box_.x, box_.y);
        stage.add_damage(d);
    }
}

void LockSurface::collect_views(std::vector<View>& out) const {
    if (surface_) surface_->collect_views(box_.x, box_.y, out);
}

void LockSurface::unmap() {
    if (!mapped_) return;
    mapped_ = false;
    Stage& stage = lock_->manager().stage();
    stage.unmap(this);
    stage.add_damage(box_);
}

void LockSurface::lock_gone() {
    unmap();
    lock_ = nullptr;
}

void LockSurface::surface_destroyed(Surface&) {
    // "If a lock surface on an active output is destroyed before the
    // ext_session_lock_v1.unlock_and_destroy event is sent, the compositor
    // must fall back to rendering a solid color": its output shows the
    // background colour.
    unmap();
    surface_ = nullptr;
}

} // namespace shoji
