// zwlr_foreign_toplevel_manager_v1 (wlr-foreign-toplevel-management-
// unstable-v1.xml, version 3): the list of open windows for other clients
// (taskbars, lswt, wlrctl, test drivers). Every mapped xdg_toplevel is one
// entry; each bound manager gets a zwlr_foreign_toplevel_handle_v1 for it,
// kept up to date (ForeignToplevelHandle::refresh) whenever the toplevel
// says it may have changed (ToplevelListener), and closed when it unmaps.
//
// A minimized toplevel stays in the list (it is still mapped), with the
// minimized state and on no output.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <wayland-server-core.h>

#include "shell/xdg_wm_base.hpp"
#include "util/listener.hpp"
#include "wlr.hpp"

namespace shoji {

class ForeignToplevelHandle;
class Stage;

class ForeignToplevelManager : public ToplevelListener {
public:
    static constexpr uint32_t kVersion = 3;
    // Managers one client may have bound (and not stopped) at once; each
    // further bind is answered with finished at once and lists nothing.
    // Each manager holds a handle per window, so this bounds what one client
    // makes us keep per window; a taskbar needs one.
    static constexpr size_t kMaxPerClient = 4;

    ForeignToplevelManager(wl_display* display, XdgShell& shell);
    ~ForeignToplevelManager() override;
    ForeignToplevelManager(const ForeignToplevelManager&) = delete;
    ForeignToplevelManager& operator=(const ForeignToplevelManager&) = delete;

    Stage& scene() const { return shell_.scene(); }

    // ToplevelListener.
    void toplevel_mapped(XdgToplevel& toplevel) override;
    void toplevel_changed(XdgToplevel& toplevel) override;
    void toplevel_unmapped(XdgToplevel& toplevel) override;

    // Outputs came, went or changed size: every window's outputs are looked
    // at again. `gone`, if set, is an output about to be destroyed.
    void outputs_changed(wlr_output* gone = nullptr);

    // The handle a manager binding (ForeignToplevelHandle::binding) has for
    // a toplevel, or null (not listed, or the client destroyed it).
    ForeignToplevelHandle* handle_for(const XdgToplevel* toplevel, uint64_t binding) const;

    // Called by the resources.
    void bind(wl_client* client, uint32_t version, uint32_t id);
    void handle_stop(wl_resource* manager);
    void manager_destroyed(wl_resource* manager);
    void handle_destroyed(ForeignToplevelHandle* handle);

private:
    struct Manager {
        wl_resource* resource;
        uint64_t binding; // never reused: handles name their manager by it
    };
    struct Entry {
        XdgToplevel* toplevel;
        std::vector<ForeignToplevelHandle*> handles; // one per manager that listed it
    };
    // An output whose wl_output binds we follow (a client that binds it
    // later still gets output_enter for the windows on it), and its size.
    struct OutputWatch {
        wlr_output* output;
        Listener bind, mode, destroy;
    };

    Entry* find(const XdgToplevel* toplevel);
    void announce(Entry& entry, const Manager& manager);
    void refresh(Entry& entry, wlr_output* gone = nullptr);
    void refresh_client(wl_client* client);
    void watch_outputs(wlr_output* gone = nullptr);

    XdgShell& shell_;
    wl_global* global_;
    std::vector<Manager> managers_;
    uint64_t next_binding_ = 1;
    std::vector<std::unique_ptr<Entry>> entries_; // mapped toplevels, in map order
    std::vector<std::unique_ptr<OutputWatch>> watches_;
};

} // namespace shoji
