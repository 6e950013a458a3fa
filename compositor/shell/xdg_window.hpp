// XdgWindow: what xdg_toplevel and xdg_popup share once mapped — a surface
// tree shown in the scene with its window-geometry origin at a layout point.
// Tracks the area last shown so moves, resizes and unmaps repaint both the
// old and the new place.
#pragma once

#include <utility>
#include <vector>

#include "shell/xdg_protocol.hpp"
#include "shell/xdg_role.hpp"
#include "surface/stage.hpp"

namespace shoji {

class XdgSurface;

class XdgWindow : public SceneNode, public XdgRole {
public:
    explicit XdgWindow(XdgSurface& xdg);

    // Null once the xdg_surface is gone (the window is then unmapped).
    XdgSurface* xdg_surface() const { return xdg_; }

    // XdgRole (geometry_origin is the subclass's).
    bool mapped() const override { return mapped_; }
    void unmap() override;
    void tree_damage(const Region& damage) override;
    void tree_changed() override;

    // Hidden (a minimized toplevel): still mapped for the protocol, but out
    // of the scene: not drawn, not under the pointer, without focus and
    // frame callbacks. Shown again on top, focused. Its popups close.
    void set_hidden(bool hidden);
    bool hidden() const { return hidden_; }

    // SceneNode.
    void collect_views(std::vector<View>& out) const override;
    Surface* main_surface() const override;
    Box bounds() const override { return shown_box_; }

protected:
    // Puts the window in the scene (if it is not there yet) and repaints
    // what this commit changed: `damage` (root-surface coordinates), or the
    // old and new areas if the window moved or changed size.
    void show(const Region& damage, bool focus);
    // Layout position of the root surface's (0, 0).
    std::pair<int32_t, int32_t> surface_origin() const;

    XdgSurface* xdg_; // null once the xdg_surface is gone
    const XdgProtocol& protocol_; // the xdg_surface's, kept for after it is gone
    bool mapped_ = false;
    bool hidden_ = false;

private:
    Box layout_box() const; // the surface tree's bounds in the layout
    Box shown_box_;         // the area last painted
};

} // namespace shoji
