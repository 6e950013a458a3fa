#include "shell/xdg_window.hpp"

#include "shell/xdg_surface.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"

namespace shoji {

XdgWindow::XdgWindow(XdgSurface& xdg) : xdg_(&xdg), protocol_(xdg.protocol()) {}

Surface* XdgWindow::main_surface() const { return xdg_ ? xdg_->surface() : nullptr; }

std::pair<int32_t, int32_t> XdgWindow::surface_origin() const {
    // The window geometry's top-left sits at geometry_origin(); the surface's
    // (0, 0) is that much further up and left.
    auto [gx, gy] = geometry_origin();
    const Box g = xdg_->geometry();
    return {gx - g.x, gy - g.y};
}

Box XdgWindow::layout_box() const {
    const Surface* s = main_surface();
    if (!s) return {};
    auto [ox, oy] = surface_origin();
    Box b = s->tree_extents();
    b.x += ox;
    b.y += oy;
    return b;
}

void XdgWindow::show(const Region& damage, bool focus) {
    Stage& scene = xdg_->scene();
    if (!mapped_) {
        mapped_ = true;
        if (!hidden_) scene.map(this, focus);
    }
    if (hidden_) return; // shown_box_ is set again when it is shown
    const Box box = layout_box();
    if (!(box == shown_box_)) {
        scene.add_damage(shown_box_);
        scene.add_damage(box);
        shown_box_ = box;
    } else {
        tree_damage(damage);
    }
    // Sizes, positions or input regions may have changed under the pointer.
    scene.layout_changed();
}

void XdgWindow::unmap() {
    if (!mapped_) return;
    xdg_->shell().parent_unmapped(xdg_); // popups opened from this window close
    Stage& scene = xdg_->scene();
    if (!hidden_) {
        scene.unmap(this);
        scene.add_damage(shown_box_);
    }
    shown_box_ = {};
    mapped_ = false;
    hidden_ = false;
}

void XdgWindow::set_hidden(bool hidden) {
    if (hidden == hidden_) return;
    hidden_ = hidden;
    if (!mapped_) return; // applies when it maps
    Stage& scene = xdg_->scene();
    if (hidden) {
        xdg_->shell().parent_unmapped(xdg_);
        scene.unmap(this);
        scene.add_damage(shown_box_);
        shown_box_ = {};
    } else {
        shown_box_ = layout_box();
        scene.map(this, /*focus=*/true);
        scene.add_damage(shown_box_);
    }
}

void XdgWindow::tree_damage(const Region& damage) {
    if (!mapped_ || hidden_) return;
    auto [ox, oy] = surface_origin();
    Region d = damage;
    d.translate(ox, oy);
    if (d.empty()) xdg_->scene().schedule_frame(); // e.g. only a frame callback
    else xdg_->scene().add_damage(d);
}

void XdgWindow::tree_changed() {
    if (!mapped_ || hidden_) return;
    Stage& scene = xdg_->scene();
    scene.add_damage(shown_box_);
    shown_box_ = layout_box();
    scene.add_damage(shown_box_);
    scene.layout_changed();
}

void XdgWindow::collect_views(std::vector<View>& out) const {
    auto [ox, oy] = surface_origin();
    xdg_->surface()->collect_views(ox, oy, out);
}

} // namespace shoji
