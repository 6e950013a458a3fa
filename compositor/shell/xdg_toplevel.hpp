// xdg_toplevel: a desktop window (xdg-shell.xml): configure states, placement,
// maximize/fullscreen, min/max size, parent. Owned by its resource.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <wayland-server-core.h>

#include "shell/xdg_window.hpp"
#include "surface/surface_state.hpp"
#include "util/region.hpp"

namespace shoji {

class Seat;
class XdgShell;
class XdgSurface;

class XdgToplevel : public XdgWindow {
public:
    // What a configure event asks of the client.
    using Configure = ToplevelConfigure;

    // Creates the xdg_toplevel resource (made by `xdg`'s get_toplevel) that
    // owns the XdgToplevel; null after posting no_memory.
    static XdgToplevel* create(XdgSurface& xdg, uint32_t id);
    // The toplevel part of a wl_shell_surface (`resource`; WlShellSurface
    // owns it).
    static std::unique_ptr<XdgToplevel> create_wl_shell(XdgSurface& xdg, wl_resource* resource);
    ~XdgToplevel() override;

    // An xdg_toplevel or a zxdg_toplevel_v6.
    static XdgToplevel* from(wl_resource* resource);
    wl_resource* resource() const override { return resource_; }

    // This toplevel's number in XdgShell::toplevels().
    uint64_t id() const { return id_; }
    const std::string& title() const { return title_; }
    const std::string& app_id() const { return app_id_; }
    std::pair<int32_t, int32_t> geometry_origin() const override { return {x_, y_}; }
    // Layout position of the window geometry's top-left corner.
    int32_t x() const { return x_; }
    int32_t y() const { return y_; }
    const Configure& current() const { return current_; }
    // The states last asked of the client (configured, maybe not yet acked).
    const Configure& requested() const { return requested_; }
    bool minimized() const { return minimized_; }
    XdgToplevel* parent() const { return parent_; }

    // XdgRole.
    void initial_commit() override;
    bool validate_commit(const SurfaceState& pending) override;
    void committed(const Region& damage) override;
    void acked(const RoleConfigure& state) override;
    void xdg_surface_destroyed() override;
    void unmap() override;

    // Moves the window (layout coordinates of its geometry's top-left).
    void move_to(int32_t x, int32_t y);

    // XdgWindow: a subsurface changed the tree.
    void tree_changed() override;

    // SceneNode.
    void set_activated(bool activated) override;
    void output_resized() override;

    // What other clients (the foreign-toplevel list) and the compositor may
    // ask of a window. Minimizing hides it (XdgWindow::set_hidden); showing
    // it again raises and focuses it, as activating does.
    void set_minimized(bool minimized);
    void activate();
    void close(); // xdg_toplevel.close: the client decides
    // A configure now, with the states as they are (another object of the
    // window changed what it says, e.g. its decoration mode).
    void reconfigure() { send_configure(); }

    // Requests.
    void handle_set_parent(wl_resource* parent);
    // xdg_toplevel.set_parent, wl_shell_surface.set_transient. False after
    // posting invalid_parent (a loop).
    bool set_parent(XdgToplevel* parent, wl_resource* parent_resource);
    void handle_set_title(const char* title);
    void handle_set_app_id(const char* app_id);
    void handle_move(wl_resource* seat, uint32_t serial);
    void handle_resize(wl_resource* seat, uint32_t serial, uint32_t edges);
    void handle_set_max_size(int32_t width, int32_t height);
    void handle_set_min_size(int32_t width, int32_t height);
    void handle_set_maximized(bool maximized);
    void handle_set_fullscreen(bool fullscreen);

private:
    XdgToplevel(XdgSurface& xdg, wl_resource* resource);

    void send_configure();
    void place();
    // With no set_window_geometry the geometry is the whole surface tree: a
    // subsurface growing it left or up moves its top-left, and the window
    // (x_, y_) moves with it so that the main surface stays where it is
    // (`shift`: while shown; else only noted, for the window being placed).
    void follow_implicit_geometry(bool shift);
    // Where an xdg_toplevel error `code` goes (XdgSurface::error_for).
    std::pair<wl_resource*, uint32_t> error_for(uint32_t code) const;
    // Tells the shell's ToplevelListener (if mapped).
    void notify_changed();
    // Starts an interactive move or resize with the pointer of `seat`.
    void start_grab(wl_resource* seat, uint32_t serial, std::function<void(double, double)> on_motion);
    void end_grab();

    wl_resource* resource_;
    XdgShell& shell_;
    uint64_t id_ = 0;
    std::string title_, app_id_;
    XdgToplevel* parent_ = nullptr;
    std::vector<XdgToplevel*> children_;

    // set_min_size / set_max_size: pending, then current on commit.
    std::pair<int32_t, int32_t> pending_min_{0, 0}, pending_max_{0, 0};
    std::pair<int32_t, int32_t> min_{0, 0}, max_{0, 0};

    Configure requested_;       // what we want the client to be
    Configure acked_, current_; // the newest acked; what the last mapped commit applied

    bool minimized_ = false;

    int32_t x_ = 0, y_ = 0;
    bool placed_ = false; // x_, y_ were chosen (place() or move_to)
    int32_t restore_x_ = 0, restore_y_ = 0; // position before maximize/fullscreen
    // The geometry's top-left in surface coordinates when x_, y_ were last
    // set or followed (follow_implicit_geometry).
    std::pair<int32_t, int32_t> geometry_offset_{0, 0};

    Seat* grab_seat_ = nullptr; // an interactive move or resize is under way
    // Resizing by these edges (xdg_toplevel.resize_edge bits): the opposite
    // edges, at layout right_/bottom_, stay put as the client commits sizes.
    uint32_t resize_edges_ = 0;
    int32_t resize_right_ = 0, resize_bottom_ = 0;
};

// The request tables of xdg_toplevel and zxdg_toplevel_v6, and the
// configure event they share (opcodes and arguments are the same), for the
// XdgProtocol descriptors.
const void* xdg_toplevel_requests();
const void* zxdg_toplevel_v6_requests();
void send_xdg_toplevel_configure(wl_resource* toplevel, int32_t width, int32_t height, const ToplevelConfigure& c,
                                 uint32_t resize_edges);

} // namespace shoji
