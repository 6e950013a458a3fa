// xdg_popup: a menu or tooltip placed by an xdg_positioner relative to its
// parent xdg_surface (xdg-shell.xml). A SceneNode on top of the stack while
// mapped. Owned by its resource.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>

#include <wayland-server-core.h>

#include "scene.hpp"
#include "shell/xdg_positioner.hpp"
#include "shell/xdg_role.hpp"

namespace shoji {

class XdgSurface;

class XdgPopup : public SceneNode, public XdgRole {
public:
    XdgPopup(XdgSurface& xdg, uint32_t id, XdgSurface& parent, const PositionerRules& rules);
    ~XdgPopup() override;

    static XdgPopup* from(wl_resource* resource);
    XdgSurface* parent() const { return parent_; }
    bool grabbed() const { return grabbed_; }
    // Placement relative to the parent's window geometry, as configured.
    const Box& geometry() const { return current_; }

    // xdg_popup.popup_done: the popup is dismissed (grab broken, parent gone).
    void dismiss();
    void parent_destroyed();

    // Requests.
    void handle_destroy();
    void handle_grab(wl_resource* seat, uint32_t serial);
    void handle_reposition(wl_resource* positioner, uint32_t token);

    // XdgRole.
    wl_resource* resource() const override { return resource_; }
    void initial_commit() override;
    bool validate_commit(const SurfaceState& pending) override { return true; }
    void committed(const Region& damage) override;
    void acked(uint32_t serial) override;
    void unmap() override;
    void xdg_surface_destroyed() override;
    void tree_damage(const Region& damage) override;
    void tree_changed() override;
    bool mapped() const override { return mapped_; }
    std::pair<int32_t, int32_t> geometry_origin() const override;

    // SceneNode.
    void collect_views(std::vector<View>& out) const override;
    void set_activated(bool) override {} // popups follow their toplevel
    Surface* main_surface() const override;
    Box bounds() const override { return shown_box_; }
    bool takes_focus() const override { return false; }

private:
    void send_configure();
    Box layout_box() const;

    XdgSurface* xdg_;
    XdgSurface* parent_;
    wl_resource* resource_ = nullptr;
    PositionerRules rules_;
    std::deque<std::pair<uint32_t, Box>> sent_;
    Box acked_, current_;
    bool mapped_ = false;
    bool grabbed_ = false;
    bool dismissed_ = false;
    Box shown_box_;
};

} // namespace shoji
