// zwp_idle_inhibit_manager_v1 (idle-inhibit-unstable-v1.xml, version 1):
// video players and presentations ask that the screen not blank while their
// surface shows. Shoji has no screensaver, no blanking and no idle timeout,
// so there is nothing to inhibit: inhibitors are tracked per surface (for
// tests and `inhibited()`), and change nothing. `--until idle` is unrelated:
// it waits for commits to stop, not for the user (docs/testing-clients.md).
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

namespace shoji {

class IdleInhibitor;
class Surface;

class IdleInhibitManager {
public:
    static constexpr uint32_t kVersion = 1;

    explicit IdleInhibitManager(wl_display* display);
    ~IdleInhibitManager();
    IdleInhibitManager(const IdleInhibitManager&) = delete;
    IdleInhibitManager& operator=(const IdleInhibitManager&) = delete;

    // Live inhibitors on `surface` (those whose surface is gone count for none).
    size_t inhibitors_on(const Surface* surface) const;
    // Some live surface has an inhibitor: a compositor that blanked would not.
    bool inhibited() const;

    void handle_create_inhibitor(wl_resource* manager, uint32_t id, wl_resource* surface);
    void inhibitor_destroyed(IdleInhibitor* inhibitor);

private:
    wl_global* global_;
    std::vector<IdleInhibitor*> inhibitors_;
};

} // namespace shoji
