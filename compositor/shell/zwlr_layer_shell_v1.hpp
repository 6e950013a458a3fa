// zwlr_layer_shell_v1 (wlr-layer-shell-unstable-v1.xml, version 4): the
// global that gives surfaces the layer_surface role (panels, wallpapers,
// notifications, launchers). LayerShell keeps every live layer surface and
// arranges each output's: it places them by anchor, margin and size, sends
// the sizes they get, and tells the scene what their exclusive zones leave
// for windows (Scene::set_usable_area).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

struct wlr_output;

namespace shoji {

class LayerSurface;
class Stage;
class XdgShell;

class LayerShell {
public:
    static constexpr uint32_t kVersion = 4;
    // Layer surfaces one client may have at once. Every commit of one
    // arranges all the surfaces of its output again (a walk over them), so
    // this bounds that walk; a desktop shell has a handful (a bar, a
    // wallpaper, a notification or two). Past it, get_layer_surface is
    // wl_display.no_memory, naming the limit.
    static constexpr size_t kMaxPerClient = 32;

    LayerShell(wl_display* display, Stage& scene, XdgShell& xdg_shell);
    ~LayerShell();
    LayerShell(const LayerShell&) = delete;
    LayerShell& operator=(const LayerShell&) = delete;

    Stage& scene() const { return scene_; }
    XdgShell& xdg_shell() const { return xdg_shell_; }
    wl_display* display() const { return display_; }

    // Every live layer surface, oldest first.
    const std::vector<LayerSurface*>& surfaces() const { return surfaces_; }
    void add_surface(LayerSurface* surface) { surfaces_.push_back(surface); }
    void remove_surface(LayerSurface* surface);

    // Places the layer surfaces of `output` (null: the first output) again
    // (after a commit of one, a map or unmap, an output resize), configures
    // those whose size changed, and sets the area left for windows.
    void arrange(wlr_output* output);
    // An output is about to go: its layer surfaces are closed.
    void output_removed(wlr_output* output);

    // Called by the resources.
    void handle_get_layer_surface(wl_resource* shell, uint32_t id, wl_resource* surface, wl_resource* output,
                                  uint32_t layer, const char* name_space);

private:
    wl_display* display_;
    Stage& scene_;
    XdgShell& xdg_shell_;
    std::vector<LayerSurface*> surfaces_;
    bool arranging_ = false; // arrange() reconfigures windows, which may call back
    wl_global* global_;
};

} // namespace shoji
