// wl_shell: the core protocol's first shell (wayland.xml), deprecated by
// xdg_wm_base and served for conformance suites and old clients. Its
// wl_shell_surface objects are windows of XdgShell (see WlShellSurface).
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class XdgShell;

class WlShell {
public:
    static constexpr uint32_t kVersion = 1;

    WlShell(wl_display* display, XdgShell& shell);
    ~WlShell();
    WlShell(const WlShell&) = delete;
    WlShell& operator=(const WlShell&) = delete;

    XdgShell& shell() const { return shell_; }

    // wl_shell.get_shell_surface on the bound wl_shell `resource`.
    void handle_get_shell_surface(wl_resource* resource, uint32_t id, wl_resource* surface);

private:
    XdgShell& shell_;
    wl_global* global_;
};

} // namespace shoji
