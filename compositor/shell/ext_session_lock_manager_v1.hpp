// ext_session_lock_manager_v1 (staging/ext-session-lock/ext-session-lock-v1.xml,
// version 1): the global a screen locker (swaylock) binds to lock the session.
// SessionLockManager keeps the session's one lock state: whether the session
// is locked (the scene then shows and gives input to lock surfaces only:
// Stage::set_locked), and which ext_session_lock_v1 holds the lock.
//
// Policy (docs/security.md, "Session lock"):
// - lock: the session is locked at once (nothing but lock surfaces is drawn
//   or gets input from then on); `locked` is sent once every output shows a
//   lock surface's buffer. A lock asked for while another live lock holds the
//   session gets `finished` at once.
// - Only unlock_and_destroy (after `locked`) unlocks. If the locking client
//   dies, or destroys the lock without unlocking, the session stays locked
//   ("If the client dies while the session is locked the session remains
//   locked"): outputs show the background colour. A new lock then takes the
//   session over (the spec allows it: "Compositors may allow a new client to
//   create a ext_session_lock_v1 object and take responsibility for unlocking
//   the session"), and `shoji ctl unlock` (unlock_abandoned) ends it, as Shoji
//   is a test compositor.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class Stage;
class SessionLock;

class SessionLockManager {
public:
    static constexpr uint32_t kVersion = 1;

    // What locked_changed() carries.
    struct Change {
        bool locked;
        // The client of the lock that locked or unlocked (null: the lock
        // ended with unlock_abandoned, `shoji ctl unlock`).
        wl_client* client;
    };

    SessionLockManager(wl_display* display, Stage& stage);
    ~SessionLockManager();
    SessionLockManager(const SessionLockManager&) = delete;
    SessionLockManager& operator=(const SessionLockManager&) = delete;

    Stage& stage() const { return stage_; }
    wl_display* display() const { return display_; }

    // The session is locked: from the first granted lock request until an
    // unlock (unlock_and_destroy, or unlock_abandoned).
    bool locked() const { return locked_; }
    // Emitted after the session locked or unlocked (data: a Change). The
    // server ends the seat's grabs and the popups' on it; the event log
    // writes a line.
    wl_signal* locked_changed() { return &locked_changed_; }
    // The ext_session_lock_v1 that holds the lock (null: none, or its client
    // went away and the session stays locked).
    SessionLock* holder() const { return holder_; }
    // Locked, and no live lock object holds it (its client died or destroyed
    // it without unlocking). Ends that lock and returns true; false (nothing
    // done) if the session is not locked or a live lock holds it.
    bool unlock_abandoned();

    // An output was added, removed or resized: lock surfaces are
    // reconfigured, and `locked` may now be due.
    void outputs_changed();

    // Called by the resources.
    void handle_lock(wl_resource* manager, uint32_t id);
    // The holder's unlock_and_destroy.
    void unlock(SessionLock& lock);
    // A lock object is going away (without unlocking if it holds the lock).
    void lock_destroyed(SessionLock& lock);

private:
    void set_locked(bool locked, wl_client* client);

    wl_signal locked_changed_;
    wl_display* display_;
    Stage& stage_;
    bool locked_ = false;
    SessionLock* holder_ = nullptr;
    wl_global* global_;
};

} // namespace shoji
