// ext_session_lock_v1 (ext-session-lock-v1.xml, version 1): one lock
// request. A granted one holds the session's lock (SessionLockManager) and
// makes the lock surfaces, one per output; it is told `locked` once each
// output shows one. A refused one got `finished` and only waits to be
// destroyed. Owned by its resource.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

struct wlr_output;

namespace shoji {

class LockSurface;
class SessionLockManager;

class SessionLock {
public:
    // The resource for lock; null (no_memory posted) if it cannot be made.
    // `granted` false: it is sent `finished` at once.
    static SessionLock* create(SessionLockManager& manager, wl_resource* manager_resource, uint32_t id,
                               bool granted);
    ~SessionLock();
    SessionLock(const SessionLock&) = delete;
    SessionLock& operator=(const SessionLock&) = delete;

    wl_resource* resource() const { return resource_; }
    SessionLockManager& manager() const { return manager_; }
    bool granted() const { return granted_; }
    bool locked_sent() const { return locked_sent_; }
    const std::vector<LockSurface*>& surfaces() const { return surfaces_; }

    // Sends `locked` if it is due and not sent yet: this lock holds the
    // session and every output shows a buffer of one of its lock surfaces.
    void check_locked();
    // Outputs came, went or changed size.
    void outputs_changed();
    void remove_surface(LockSurface* surface);

    // Requests.
    void handle_destroy();
    void handle_get_lock_surface(uint32_t id, wl_resource* surface, wl_resource* output);
    void handle_unlock_and_destroy();

private:
    SessionLock(SessionLockManager& manager, bool granted);

    SessionLockManager& manager_;
    wl_resource* resource_ = nullptr;
    bool granted_;
    bool locked_sent_ = false;
    std::vector<LockSurface*> surfaces_; // alive, made through it, oldest first
};

} // namespace shoji
