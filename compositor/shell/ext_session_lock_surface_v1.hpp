// ext_session_lock_surface_v1 (ext-session-lock-v1.xml, version 1): what a
// locker shows on one output while the session is locked. It is the
// wl_surface's SurfaceRole and, from its first buffer on, a SceneNode that
// covers its output, the only kind the scene shows while locked
// (shown_while_locked). It is configured with the output's size, must ack
// before its first buffer, and every buffer must have the acked size. Owned
// by its resource.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <wayland-server-core.h>

struct wlr_output;

#include "shell/configure_queue.hpp"
#include "surface/stage.hpp"
#include "surface/surface_role.hpp"
#include "util/region.hpp"

namespace shoji {

class SessionLock;
class Surface;

class LockSurface : public SurfaceRole, public SceneNode {
public:
    static constexpr const char* kRole = "ext_session_lock_surface_v1";
    // Configures a client may leave unacked before the oldest are forgotten:
    // each output resize sends one, and a client that never acks must not
    // grow our memory. Past it the oldest is dropped; an ack naming it is
    // accepted and changes nothing (ConfigureQueue).
    static constexpr size_t kMaxUnackedConfigures = 64;

    // The resource for get_lock_surface; null (no_memory posted) if it
    // cannot be made. `output` null: the wl_output is gone (never shown).
    // Sends the first configure.
    static LockSurface* create(SessionLock& lock, uint32_t id, Surface& surface, wlr_output* output);
    ~LockSurface() override;

    wl_resource* resource() const { return resource_; }
    wlr_output* output() const { return output_; }
    // Shown: it has committed a buffer, its lock and output are there.
    bool mapped() const { return mapped_; }

    // Its lock object was destroyed: it is shown no more and its commits
    // are ignored ("lock surfaces ... will no longer be used").
    void lock_gone();
    // Outputs changed: a new size is configured; its output gone, it is
    // unmapped for good.
    void outputs_changed();

    // Requests.
    void handle_ack_configure(uint32_t serial);

    // SurfaceRole.
    bool validate_commit(Surface& surface, const SurfaceState& pending) override;
    void committed(Surface& surface, const Region& damage) override;
    void surface_destroyed(Surface& surface) override;
    void tree_changed(Surface& root, const TreeChange& change) override;

    // SceneNode.
    SceneLayer layer() const override { return SceneLayer::Overlay; }
    bool shown_while_locked() const override { return true; }
    void collect_views(std::vector<View>& out) const override;
    void set_activated(bool) override {}
    Surface* main_surface() const override { return surface_; }
    Box bounds() const override { return box_; }
    // A click does not make it the focused node (Scene::activate): the
    // scene gives it the keyboard while locked without that, and the window
    // focused before the lock keeps its place for after the unlock.
    bool takes_focus() const override { return false; }
    void output_resized() override { outputs_changed(); }

private:
    LockSurface(SessionLock& lock, Surface& surface, wlr_output* output);
    std::optional<Box> output_box() const; // null: the output is gone
    void configure(const Box& box);
    void unmap();

    SessionLock* lock_; // null once the lock object is gone
    wl_resource* resource_ = nullptr;
    Surface* surface_;
    wlr_output* output_;
    Box box_; // the output's box, as last configured

    struct SentConfigure {
        uint32_t serial;
        uint32_t width, height;
        bool stale; // (never: a lock surface is configured for its one output)
    };
    ConfigureQueue<SentConfigure> sent_{kMaxUnackedConfigures}; // not yet acked
    std::optional<SentConfigure> acked_;                        // the newest acked
    bool mapped_ = false;
};

} // namespace shoji
