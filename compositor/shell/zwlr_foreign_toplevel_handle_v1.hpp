// zwlr_foreign_toplevel_handle_v1: one window as one client of the
// foreign-toplevel list sees it. refresh() sends what changed since the last
// one (title, app_id, output_enter/leave, state, parent) and then done, so
// the client sees each change whole. Its requests act on the window through
// XdgToplevel (maximize, minimize, fullscreen, activate, close). After
// closed it is inert: requests are ignored until the client destroys it.
// Owned by its resource.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <wayland-server-core.h>

#include "util/listener.hpp"
#include "wlr.hpp"

namespace shoji {

class ForeignToplevelManager;
class XdgToplevel;

class ForeignToplevelHandle {
public:
    // Makes the handle and announces it with the manager's toplevel event;
    // null (no-memory posted) on failure. `binding` names the manager.
    static ForeignToplevelHandle* create(ForeignToplevelManager& owner, wl_resource* manager, uint64_t binding,
                                         XdgToplevel& toplevel);
    ~ForeignToplevelHandle();

    static ForeignToplevelHandle* from(wl_resource* resource);
    wl_resource* resource() const { return resource_; }
    wl_client* client() const { return wl_resource_get_client(resource_); }
    uint64_t binding() const { return binding_; }
    XdgToplevel* toplevel() const { return toplevel_; }

    // Sends what changed since the last refresh, then done if anything did.
    // `gone`: an output being destroyed, counted as absent.
    void refresh(wlr_output* gone = nullptr);
    // The window went away: closed, and inert from now on.
    void close();
    void owner_gone() { owner_ = nullptr; }

    void handle_set_maximized(bool maximized);
    void handle_set_minimized(bool minimized);
    void handle_activate();
    void handle_close();
    void handle_set_rectangle(int32_t x, int32_t y, int32_t width, int32_t height);
    void handle_set_fullscreen(bool fullscreen);

private:
    ForeignToplevelHandle(ForeignToplevelManager& owner, wl_resource* resource, uint64_t binding,
                          XdgToplevel& toplevel);

    // The wl_output resources (of this handle's client) the window is on.
    std::vector<wl_resource*> wanted_outputs(wlr_output* gone) const;

    ForeignToplevelManager* owner_; // null once the global is gone
    wl_resource* resource_;
    uint64_t binding_;
    uint64_t serial_; // unique among all handles ever made
    XdgToplevel* toplevel_; // null once closed

    // What the client was last told.
    bool title_sent_ = false, app_id_sent_ = false, state_sent_ = false, parent_sent_ = false;
    std::string title_, app_id_;
    std::vector<uint32_t> state_;
    uint64_t parent_ = 0; // the parent's handle (its serial_), 0: none
    struct EnteredOutput {
        wl_resource* output;
        Listener destroy; // the client released that wl_output: forget it
    };
    std::vector<std::unique_ptr<EnteredOutput>> outputs_;
};

} // namespace shoji
