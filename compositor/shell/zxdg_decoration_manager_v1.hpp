// zxdg_decoration_manager_v1 (xdg-decoration-unstable-v1.xml, version 1):
// the global through which a client asks who decorates its xdg_toplevels.
// Shoji answers every decoration object with the one mode it was started
// with (DecorationMode, `--decorations`), whatever the client asks: the test
// picks the code path the client takes, not the client.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

#include "shell/decoration_mode.hpp"

namespace shoji {

class XdgToplevel;
class XdgToplevelDecoration;

class XdgDecorationManager {
public:
    static constexpr uint32_t kVersion = 1;

    XdgDecorationManager(wl_display* display, DecorationMode mode);
    ~XdgDecorationManager();
    XdgDecorationManager(const XdgDecorationManager&) = delete;
    XdgDecorationManager& operator=(const XdgDecorationManager&) = delete;

    DecorationMode mode() const { return mode_; }
    // The live decoration object of a toplevel, or null.
    XdgToplevelDecoration* decoration_of(const XdgToplevel* toplevel) const;

    void handle_get_toplevel_decoration(wl_resource* manager, uint32_t id, wl_resource* toplevel);
    void decoration_destroyed(XdgToplevelDecoration* decoration);

private:
    DecorationMode mode_;
    wl_global* global_;
    std::vector<XdgToplevelDecoration*> decorations_;
};

} // namespace shoji
