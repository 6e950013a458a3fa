#include "shell/ext_session_lock_manager_v1.hpp"

#include "surface/stage.hpp"
#include "shell/ext_session_lock_v1.hpp"
#include "util/resource.hpp"
#include "ext-session-lock-v1-server-protocol.h"

namespace shoji {

namespace {
SessionLockManager* manager_of(wl_resource* r) {
    return static_cast<SessionLockManager*>(wl_resource_get_user_data(r));
}

const struct ext_session_lock_manager_v1_interface manager_impl = {
    // destroy: "Existing objects created through this interface remain
    // valid."
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* lock */ [](wl_client*, wl_resource* r, uint32_t id) { manager_of(r)->handle_lock(r, id); },
};

void manager_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &ext_session_lock_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

SessionLockManager::SessionLockManager(wl_display* display, Stage& stage)
    : display_(display), stage_(stage),
      global_(wl_global_create(display, &ext_session_lock_manager_v1_interface, kVersion, this, manager_bind)) {
    wl_signal_init(&locked_changed_);
}

SessionLockManager::~SessionLockManager() {
    // The clients (and so every lock object) are gone first (Server::~Server).
    wl_global_destroy(global_);
}

void SessionLockManager::set_locked(bool locked, wl_client* client) {
    locked_ = locked;
    stage_.set_locked(locked);
    Change change{locked, client};
    wl_signal_emit(&locked_changed_, &change);
}

void SessionLockManager::handle_lock(wl_resource* manager, uint32_t id) {
    // One live lock at a time: another live holder means this one is refused
    // ("This might be sent because there is already another
    // ext_session_lock_v1 object held by a client"). A lock whose client is
    // gone leaves the session locked and held by nobody: the new lock takes
    // it over.
    const bool granted = !holder_;
    SessionLock* lock = SessionLock::create(*this, manager, id, granted);
    if (!lock || !granted) return;
    holder_ = lock;
    if (!locked_) set_locked(true, wl_resource_get_client(manager));
    // With no output it could be locked at once; there is always one, so
    // this waits for the lock surfaces.
    lock->check_locked();
}

void SessionLockManager::unlock(SessionLock& lock) {
    if (&lock != holder_) return;
    holder_ = nullptr;
    set_locked(false, wl_resource_get_client(lock.resource()));
}

void SessionLockManager::lock_destroyed(SessionLock& lock) {
    // ext_session_lock_v1: "If the client dies while the session is locked,
    // the compositor should not unlock the session in response": the session
    // stays locked with nobody holding it (unlock_abandoned, or a new lock).
    if (&lock == holder_) holder_ = nullptr;
}

bool SessionLockManager::unlock_abandoned() {
    if (!locked_ || holder_) return false;
    set_locked(false, nullptr);
    return true;
}

void SessionLockManager::outputs_changed() {
    if (holder_) holder_->outputs_changed();
}

} // namespace shoji
