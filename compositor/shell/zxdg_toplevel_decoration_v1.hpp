// zxdg_toplevel_decoration_v1: the decoration mode of one xdg_toplevel.
// Owned by its resource. Every set_mode / unset_mode is answered with a
// configure event naming Shoji's mode, followed by an xdg_surface.configure
// (once the toplevel has made its initial commit), as the spec asks.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class XdgDecorationManager;
class XdgToplevel;

class XdgToplevelDecoration {
public:
    // Null if the resource cannot be made (no memory; posted).
    static XdgToplevelDecoration* create(XdgDecorationManager& manager, wl_resource* parent, uint32_t id,
                                         XdgToplevel& toplevel);
    ~XdgToplevelDecoration();

    static XdgToplevelDecoration* from(wl_resource* resource);
    wl_resource* resource() const { return resource_; }
    // Null once the xdg_toplevel is gone (the object is then inert).
    XdgToplevel* toplevel() const { return toplevel_; }
    void manager_gone() { manager_ = nullptr; }

    // Requests.
    void handle_set_mode(uint32_t mode);
    void handle_unset_mode();

private:
    XdgToplevelDecoration(XdgDecorationManager& manager, wl_resource* resource, XdgToplevel& toplevel);
    // The configure event, then a new xdg_surface.configure.
    void send_configure();
    void toplevel_destroyed();

    XdgDecorationManager* manager_;
    wl_resource* resource_;
    XdgToplevel* toplevel_;
    bool client_gone_ = false; // the client is disconnecting: its objects go in any order
    Listener toplevel_destroy_{[this](void*) { toplevel_destroyed(); }};
    Listener client_destroy_{[this](void*) { client_gone_ = true; }};
};

} // namespace shoji
