// xdg_wm_base: the xdg-shell global (xdg-shell.xml, version 5), and the
// per-client object each bind creates.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

namespace shoji {

class Scene;
class XdgSurface;

class XdgShell {
public:
    static constexpr uint32_t kVersion = 5;

    XdgShell(wl_display* display, Scene& scene);
    ~XdgShell();
    XdgShell(const XdgShell&) = delete;
    XdgShell& operator=(const XdgShell&) = delete;

    Scene& scene() const { return scene_; }
    wl_display* display() const { return display_; }
    // Counts windows placed so far, for cascading new ones.
    uint32_t next_placement() { return placements_++; }

private:
    wl_display* display_;
    uint32_t placements_ = 0;
    Scene& scene_;
    wl_global* global_;
};

// One bound xdg_wm_base. Owned by its resource.
class XdgWmBase {
public:
    XdgWmBase(XdgShell& shell, wl_resource* resource) : shell_(shell), resource_(resource) {}

    static XdgWmBase* from(wl_resource* resource);
    XdgShell& shell() const { return shell_; }
    wl_resource* resource() const { return resource_; }

    // xdg_wm_base.ping; the client must answer with pong.
    void ping();
    bool ping_outstanding() const { return ping_serial_ != 0; }

    // xdg_surfaces made through this object (for defunct_surfaces).
    void add_surface(XdgSurface* s) { surfaces_.push_back(s); }
    void remove_surface(XdgSurface* s);

    void handle_destroy();
    void handle_create_positioner(uint32_t id);
    void handle_get_xdg_surface(uint32_t id, wl_resource* surface);
    void handle_pong(uint32_t serial);
    void handle_resource_destroy();

private:
    XdgShell& shell_;
    wl_resource* resource_;
    std::vector<XdgSurface*> surfaces_;
    uint32_t ping_serial_ = 0;
};

} // namespace shoji
