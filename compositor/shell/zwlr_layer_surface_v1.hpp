// zwlr_layer_surface_v1 (wlr-layer-shell-unstable-v1.xml, version 4): a
// surface in one of an output's four layers, placed against the output's
// edges by LayerShell::arrange. It is the wl_surface's SurfaceRole and, once
// mapped, a SceneNode stacked in its layer. Owned by its resource.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include <wayland-server-core.h>

struct wlr_output;

#include "shell/configure_queue.hpp"
#include "surface/stage.hpp"
#include "surface/surface_role.hpp"
#include "util/region.hpp"

namespace shoji {

class LayerShell;
class Surface;
class XdgPopup;

// The double-buffered state (zwlr_layer_surface_v1: "Layer surface state
// (layer, size, anchor, exclusive zone, margin, interactivity) is
// double-buffered"), each field annotated with the request that sets it.
struct LayerState {
    uint32_t layer = 0;                      // get_layer_surface, set_layer
    uint32_t width = 0, height = 0;          // set_size (0: the compositor picks)
    uint32_t anchor = 0;                     // set_anchor (anchor bits)
    int32_t exclusive_zone = 0;              // set_exclusive_zone
    int32_t margin_top = 0, margin_right = 0, margin_bottom = 0, margin_left = 0; // set_margin
    uint32_t keyboard_interactivity = 0;     // set_keyboard_interactivity
};

class LayerSurface : public SurfaceRole, public SceneNode {
public:
    static constexpr const char* kRole = "zwlr_layer_surface_v1";

    // The resource for get_layer_surface; null (no_memory posted) if it
    // cannot be made. `output` null: the first output.
    static LayerSurface* create(LayerShell& shell, wl_resource* shell_resource, uint32_t id, Surface& surface,
                                wlr_output* output, uint32_t layer);
    ~LayerSurface() override;

    static LayerSurface* from(wl_resource* resource);
    wl_resource* resource() const { return resource_; }
    Surface* surface() const { return surface_; } // null once the wl_surface is gone
    const LayerState& current() const { return current_; }
    // The output it is on (null: the first one, whichever that is).
    wlr_output* output() const { return output_; }
    bool mapped() const { return mapped_; }
    bool closed() const { return closed_; }
    // Takes part in the arrangement: its initial commit is done and it is
    // not closed (its size and exclusive zone count before it is mapped, so
    // that its first configure already allows for the others').
    bool arranged() const { return initial_commit_done_ && !closed_ && surface_; }

    // Layout position of the surface's (0, 0).
    std::pair<int32_t, int32_t> origin() const;
    // LayerShell::arrange: the area the state places it in (layout
    // coordinates; the size is the configured one). Sends a configure if the
    // size changed or none was sent since the initial commit.
    void place(const Box& box);
    // Moved by the compositor (the WLCS integration's move_surface_to): the
    // surface stays at (x, y) until it is unmapped.
    void move_to(int32_t x, int32_t y);
    // The output went away, or it could not be given one: the closed event;
    // it is unmapped and ignores its commits from now on.
    void close();
    void shell_resource_destroyed(wl_resource* shell_resource);
    // xdg_popups whose parent it is (XdgPopup::set_layer_parent).
    void add_popup(XdgPopup* popup) { popups_.push_back(popup); }
    void remove_popup(XdgPopup* popup);

    // Requests.
    void handle_set_size(uint32_t width, uint32_t height);
    void handle_set_anchor(uint32_t anchor);
    void handle_set_exclusive_zone(int32_t zone);
    void handle_set_margin(int32_t top, int32_t right, int32_t bottom, int32_t left);
    void handle_set_keyboard_interactivity(uint32_t interactivity);
    void handle_get_popup(wl_resource* popup);
    void handle_ack_configure(uint32_t serial);
    void handle_set_layer(uint32_t layer);

    // SurfaceRole.
    bool validate_commit(Surface& surface, const SurfaceState& pending) override;
    bool validate_attach(Surface& surface) override;
    void committed(Surface& surface, const Region& damage) override;
    void surface_destroyed(Surface& surface) override;
    // A null buffer unmaps it: the old one stays readable for
    // Scene::before_unmap until committed() returns.
    bool shows_old_buffer_while_told() const override { return true; }
    void tree_changed(Surface& root, const TreeChange& change) override;

    // SceneNode.
    SceneLayer layer() const override;
    void collect_views(std::vector<View>& out) const override;
    void set_activated(bool) override {}
    Surface* main_surface() const override { return surface_; }
    Box bounds() const override { return shown_box_; }
    // zwlr_layer_surface_v1.keyboard_interactivity: "none" is never focused;
    // "exclusive" in the top and overlay layers holds the keyboard while
    // mapped; otherwise it is focused as a window is (a click).
    bool takes_focus() const override;
    bool grabs_keyboard() const override;
    void output_resized() override;

private:
    LayerSurface(LayerShell& shell, wl_resource* shell_resource, Surface& surface, wlr_output* output,
                 uint32_t layer);
    // Whether the protocol calls a layer value valid; posts invalid_layer if
    // not.
    bool check_layer(uint32_t layer, const char* request);
    void unmap();
    // Paints the area it covers now (and where it was), after a commit, a
    // move or a change of its tree.
    void repaint(const Region* damage);
    Box layout_box() const; // its surface tree's bounds in the layout

    LayerShell& shell_;
    wl_resource* resource_ = nullptr;
    wl_resource* shell_resource_; // for zwlr_layer_shell_v1 errors; null once destroyed
    Surface* surface_;
    wlr_output* output_;
    LayerState pending_, current_;

    struct SentConfigure {
        uint32_t serial;
        uint32_t width, height;
        bool stale; // sent before an unmap
    };
    ConfigureQueue<SentConfigure> sent_;                     // not yet acked
    std::optional<std::pair<uint32_t, uint32_t>> last_sent_; // size of the newest configure
    bool initial_commit_done_ = false;
    bool configured_ = false; // an ack_configure arrived since the initial commit
    bool mapped_ = false;
    bool closed_ = false;

    Box box_;                                         // where LayerShell::arrange put it
    std::optional<std::pair<int32_t, int32_t>> moved_; // move_to
    Box shown_box_;                                   // the area last painted
    std::vector<XdgPopup*> popups_;                   // alive, parented here
};

} // namespace shoji
