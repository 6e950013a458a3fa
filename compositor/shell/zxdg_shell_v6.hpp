// zxdg_shell_v6: the global of xdg-shell's unstable version 6
// (xdg-shell-unstable-v6.xml), deprecated by xdg_wm_base and served for
// conformance suites and old clients. Each bind is an XdgWmBase speaking the
// v6 protocol (see XdgProtocol): the windows are XdgShell's like any other.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class XdgShell;

class XdgShellV6 {
public:
    static constexpr uint32_t kVersion = 1;

    XdgShellV6(wl_display* display, XdgShell& shell);
    ~XdgShellV6();
    XdgShellV6(const XdgShellV6&) = delete;
    XdgShellV6& operator=(const XdgShellV6&) = delete;

private:
    XdgShell& shell_;
    wl_global* global_;
};

} // namespace shoji
