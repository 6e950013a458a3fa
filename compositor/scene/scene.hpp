// Scene: what is shown, bottom to top, and where damage goes.
//
// Shell roles (xdg_toplevel and xdg_popup, through XdgWindow) are SceneNodes;
// the scene keeps their stacking order, gathers which layout area changed,
// and lists the views an output draws and answers frame callbacks for. It
// knows no output: the server keeps the one list of outputs, hands them the
// scene's damage (on_damage) and lists them for the scene's users
// (list_outputs). Coordinates are layout (logical) coordinates; each Output
// maps them to its own pixels.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "surface/view.hpp"
#include "util/region.hpp"

struct wlr_output;

namespace shoji {

class Surface;

// An output as the scene's users see it: its wlroots output (whose wl_output
// resources name it to clients) and its area in the layout.
struct OutputArea {
    wlr_output* wlr;
    Box box;
};

// The stacking layers, bottom to top (wlr-layer-shell-unstable-v1.xml,
// zwlr_layer_shell_v1.layer: windows sit between bottom and top). The scene
// keeps every node within its layer: a raise never lifts a node past it.
enum class SceneLayer { Background, Bottom, Windows, Top, Overlay };

class SceneNode {
public:
    virtual ~SceneNode() = default;
    // The layer the node is stacked in (read when it is mapped or raised).
    virtual SceneLayer layer() const { return SceneLayer::Windows; }
    // Appends this node's surfaces, bottom to top.
    virtual void collect_views(std::vector<View>& out) const = 0;
    // Keyboard focus changed to or away from this node.
    virtual void set_activated(bool activated) = 0;
    // The surface that gets keyboard focus when this node is focused.
    virtual Surface* main_surface() const = 0;
    // The node's area in layout coordinates.
    virtual Box bounds() const = 0;
    // Whether a click gives it keyboard focus (popups leave it to their
    // toplevel).
    virtual bool takes_focus() const { return true; }
    // An output changed size (e.g. the nested window was resized).
    virtual void output_resized() {}
    // Whether it holds the keyboard while shown, above the focused node
    // (a popup with an xdg_popup.grab).
    virtual bool grabs_keyboard() const { return false; }
};

class Scene {
public:
    // Stacking: map() puts a node on top of its layer (and focuses it unless
    // told not to); unmap() removes it. raise() puts it on top of its layer
    // again (also after its layer() changed).
    void map(SceneNode* node, bool focus = true);
    void unmap(SceneNode* node);
    void raise(SceneNode* node);
    // The node leaves the keyboard focus (if it has it) to the topmost other
    // node that takes focus.
    void unfocus(SceneNode* node);
    // A node's grabs_keyboard() may have changed: the keyboard follows.
    void keyboard_changed() { update_keyboard(); }
    bool is_mapped(const SceneNode* node) const;
    size_t mapped_count() const { return nodes_.size(); }
    SceneNode* focused() const { return focused_; }

    // Every view, bottom to top (the cursor last).
    std::vector<View> views() const;

    // The topmost surface accepting input at a layout point.
    struct Hit {
        SceneNode* node;
        Surface* surface;
        double sx, sy; // surface-local
    };
    std::optional<Hit> hit_test(double x, double y) const;
    // Raises a node and gives it keyboard focus (a click).
    void activate(SceneNode* node);

    // The pointer's cursor image, drawn on top; null hides it.
    void set_cursor(Surface* surface, int32_t x, int32_t y);
    void cursor_changed(); // the cursor surface committed

    // Hooks for the seat: keyboard focus follows the focused node (or the
    // topmost node that grabs the keyboard); the pointer focus is
    // re-evaluated when the layout changes.
    std::function<void(SceneNode*)> on_focus;
    // Before click-to-focus; true if the press only ended popup grabs and
    // must go no further.
    std::function<bool(SceneNode*)> on_pointer_press;
    std::function<void()> on_layout_change;
    void layout_changed() { if (on_layout_change) on_layout_change(); }

    // Asks every output for a frame event even without damage, so frame
    // callbacks get answered on backends that only send frames on request
    // (nested Wayland and X11): tells on_frame_request.
    void schedule_frame();
    std::function<void()> on_frame_request;

    // A layout area whose pixels changed: gathered until on_damage takes it
    // (take_damage), at once (the server hands it to every output).
    void add_damage(const Region& layout_damage);
    void add_damage(const Box& layout_box) { add_damage(Region(layout_box)); }
    Region take_damage() { return std::exchange(damage_, Region()); }
    std::function<void()> on_damage;

    // The outputs, first to last, as the server lists them; none before it
    // binds list_outputs. The first one is where windows are placed.
    std::function<std::vector<OutputArea>()> list_outputs;
    std::vector<OutputArea> outputs() const;
    void output_resized(); // an output changed size: tells every node
    // The layout box of the first output (where new windows go), less the
    // exclusive zones of its layer surfaces, or a default if there is none
    // yet.
    Box placement_area() const;
    // What the exclusive zones leave of an output (the layer shell sets it;
    // unset, the whole output). A change reconfigures maximized windows.
    void set_usable_area(const OutputArea& output, const Box& usable);

    // Called just before a node leaves the scene, while its pixels can still
    // be read: the CLI uses it to keep the last frame a window was shown in.
    std::function<void()> before_unmap;

private:
    void focus(SceneNode* node);
    // Tells on_focus if the node that gets the keyboard changed.
    void update_keyboard();

    // Where a node of this layer goes: above every node of its layer and
    // below the higher layers.
    std::vector<SceneNode*>::iterator top_of(SceneLayer layer);

    std::vector<SceneNode*> nodes_; // bottom to top
    // set_usable_area, as the distances from each edge of the output (so
    // that they still apply, until the layer shell arranges again, after the
    // output changed size). An output that is gone is no longer listed, so
    // its entry is never read (and is replaced if its wlr_output's address
    // comes back).
    struct Insets {
        const wlr_output* output;
        int32_t left, top, right, bottom;
    };
    std::vector<Insets> insets_;
    Region damage_; // layout damage not yet taken
    SceneNode* focused_ = nullptr;
    SceneNode* keyboard_ = nullptr; // what on_focus was last told
    Surface* cursor_ = nullptr;
    int32_t cursor_x_ = 0, cursor_y_ = 0;
    Box cursor_box_; // last damaged
};

} // namespace shoji
