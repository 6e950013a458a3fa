#include "shell/ext_session_lock_v1.hpp"

#include <algorithm>
#include <string_view>

#include "surface/stage.hpp"
#include "shell/ext_session_lock_manager_v1.hpp"
#include "shell/ext_session_lock_surface_v1.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "ext-session-lock-v1-server-protocol.h"
#include "wlr.hpp"

namespace shoji {

namespace {
SessionLock* lock_of(wl_resource* r) { return static_cast<SessionLock*>(wl_resource_get_user_data(r)); }

const struct ext_session_lock_v1_interface lock_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { lock_of(r)->handle_destroy(); },
    /* get_lock_surface */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface, wl_resource* output) {
        lock_of(r)->handle_get_lock_surface(id, surface, output);
    },
    /* unlock_and_destroy */ [](wl_client*, wl_resource* r) { lock_of(r)->handle_unlock_and_destroy(); },
};

void lock_resource_destroy(wl_resource* r) { delete lock_of(r); }
} // namespace

SessionLock* SessionLock::create(SessionLockManager& manager, wl_resource* manager_resource, uint32_t id,
                                 bool granted) {
    wl_resource* resource =
        create_resource(manager_resource, &ext_session_lock_v1_interface,
                        uint32_t(wl_resource_get_version(manager_resource)), id, &lock_impl, nullptr,
                        lock_resource_destroy);
    if (!resource) return nullptr;
    auto* self = new SessionLock(manager, granted);
    self->resource_ = resource;
    wl_resource_set_user_data(resource, self);
    if (!granted) ext_session_lock_v1_send_finished(resource);
    return self;
}

SessionLock::SessionLock(SessionLockManager& manager, bool granted) : manager_(manager), granted_(granted) {}

SessionLock::~SessionLock() {
    // "Existing objects created through this interface remain valid": its
    // lock surfaces stay, but are shown no more.
    for (LockSurface* s : std::vector<LockSurface*>(surfaces_)) s->lock_gone();
    manager_.lock_destroyed(*this);
}

void SessionLock::remove_surface(LockSurface* surface) {
    surfaces_.erase(std::remove(surfaces_.begin(), surfaces_.end(), surface), surfaces_.end());
}

void SessionLock::handle_destroy() {
    // destroy: "It is a protocol error to make this request if the locked
    // event was sent, the unlock_and_destroy request must be used instead."
    if (locked_sent_) {
        post_protocol_error(resource_, EXT_SESSION_LOCK_V1_ERROR_INVALID_DESTROY,
                            "destroy after the locked event: only unlock_and_destroy ends a lock that was "
                            "sent locked (the session stays locked)");
        return;
    }
    // Granted but not yet locked: the session stays locked all the same (a
    // locker that gives up must not reveal the session; docs/security.md).
    wl_resource_destroy(resource_);
}

void SessionLock::handle_unlock_and_destroy() {
    // unlock_and_destroy: "It is a protocol error to make this request if the
    // locked event has not been sent."
    if (!locked_sent_) {
        post_protocol_error(resource_, EXT_SESSION_LOCK_V1_ERROR_INVALID_UNLOCK,
                            "unlock_and_destroy before the locked event (%s)",
                            granted_ ? "not every output shows a lock surface's buffer yet"
                                     : "this lock was refused: finished was sent");
        return;
    }
    manager_.unlock(*this);
    wl_resource_destroy(resource_);
}

void SessionLock::handle_get_lock_surface(uint32_t id, wl_resource* surface_resource, wl_resource* output_resource) {
    Surface* surface = Surface::from(surface_resource);
    // Validate, then apply: every rule of get_lock_surface before the surface
    // takes the role.
    const char* role = surface->role_name();
    if ((role && std::string_view(role) != LockSurface::kRole) || surface->role()) {
        post_protocol_error(resource_, EXT_SESSION_LOCK_V1_ERROR_ROLE,
                            "get_lock_surface: wl_surface@%u has the role %s", wl_resource_get_id(surface_resource),
                            role ? role : "(a live role object)");
        return;
    }
    if (surface->buffer() || surface->buffer_attached()) {
        post_protocol_error(resource_, EXT_SESSION_LOCK_V1_ERROR_ALREADY_CONSTRUCTED,
                            "get_lock_surface: wl_surface@%u already has a buffer %s",
                            wl_resource_get_id(surface_resource), surface->buffer() ? "committed" : "attached");
        return;
    }
    // An output that went away (an inert wl_output) gets a lock surface that
    // is never shown.
    wlr_output* output = nullptr;
    if (wlr_output* wlr = wlr_output_from_resource(output_resource))
        for (const OutputArea& o : manager_.stage().outputs())
            if (o.wlr == wlr) output = wlr;
    if (output) {
        auto same = std::find_if(surfaces_.begin(), surfaces_.end(),
                                 [output](const LockSurface* s) { return s->output() == output; });
        if (same != surfaces_.end()) {
            post_protocol_error(resource_, EXT_SESSION_LOCK_V1_ERROR_DUPLICATE_OUTPUT,
                                "get_lock_surface: output %s (wl_output@%u) already has the lock surface "
                                "ext_session_lock_surface_v1@%u",
                                output->name, wl_resource_get_id(output_resource),
                                wl_resource_get_id((*same)->resource()));
            return;
        }
    }
    LockSurface* lock_surface = LockSurface::create(*this, id, *surface, output);
    if (lock_surface) surfaces_.push_back(lock_surface);
}

void SessionLock::check_locked() {
    if (!granted_ || locked_sent_ || manager_.holder() != this) return;
    // locked: "This client is now responsible for displaying graphics while
    // the session is locked"; later revisions of the protocol spell out that
    // locked must not be sent until the session is visually locked (no
    // unlocked content can still be on screen). A locker told `locked`
    // assumes the session is hidden (swaylock daemonizes then, a suspend
    // script goes on), so every output must show one of this lock's surfaces
    // first; until then an output shows the background colour. (Nothing else
    // has been drawn since the lock request: Stage::set_locked.)
    for (const OutputArea& o : manager_.stage().outputs()) {
        const bool covered = std::any_of(surfaces_.begin(), surfaces_.end(), [&o](const LockSurface* s) {
            return s->output() == o.wlr && s->mapped();
        });
        if (!covered) return;
    }
    locked_sent_ = true;
    ext_session_lock_v1_send_locked(resource_);
}

void SessionLock::outputs_changed() {
    for (LockSurface* s : std::vector<LockSurface*>(surfaces_)) s->outputs_changed();
    check_locked();
}

} // namespace shoji
