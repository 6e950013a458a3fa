// Stage: what the shell and the seat see of the scene.
//
// The scene (compositor/scene/) keeps the stacking, the focus and the cursor
// and sits above shell/ and seat/: it only knows them as SceneNodes. Windows
// (shell/) and input (seat/) in turn need to stack, focus and find what is
// under a point, so the two interfaces between them live here, below both:
// SceneNode is what a window offers the stacking, Stage is what the stacking
// offers the shell and the seat. Scene implements Stage; the server hands it
// to XdgShell, Seat and the other users. Coordinates are layout (logical)
// coordinates.
#pragma once

#include <cstdint>
#include <optional>
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
    // Whether it is shown, and gets input, while the session is locked
    // (ext-session-lock-v1: "The only surfaces that should be rendered while
    // the session is locked are the lock surfaces"): lock surfaces only.
    virtual bool shown_while_locked() const { return false; }
};

class Stage {
public:
    // Stacking: map() puts a node on top of its layer (and focuses it unless
    // told not to); unmap() removes it. raise() puts it on top of its layer
    // again (also after its layer() changed).
    virtual void map(SceneNode* node, bool focus = true) = 0;
    virtual void unmap(SceneNode* node) = 0;
    virtual void raise(SceneNode* node) = 0;
    // The node leaves the keyboard focus (if it has it) to the topmost other
    // node that takes focus.
    virtual void unfocus(SceneNode* node) = 0;
    // A node's grabs_keyboard() may have changed: the keyboard follows.
    virtual void keyboard_changed() = 0;
    virtual bool is_mapped(const SceneNode* node) const = 0;
    virtual SceneNode* focused() const = 0;

    // Every view, bottom to top (the cursor last).
    virtual std::vector<View> views() const = 0;

    // The topmost surface accepting input at a layout point.
    struct Hit {
        SceneNode* node;
        Surface* surface;
        double sx, sy; // surface-local
    };
    virtual std::optional<Hit> hit_test(double x, double y) const = 0;
    // Raises a node and gives it keyboard focus (a click).
    virtual void activate(SceneNode* node) = 0;
    // A press on `node` (null: on no node), before click-to-focus: true if
    // it only ended popup grabs and must go no further.
    virtual bool pointer_pressed(SceneNode* node) = 0;

    // The pointer's cursor image, drawn on top; null hides it.
    virtual void set_cursor(Surface* surface, int32_t x, int32_t y) = 0;
    virtual void cursor_changed() = 0; // the cursor surface committed

    // Nodes moved, appeared or went: the pointer focus is re-evaluated.
    virtual void layout_changed() = 0;
    // Frame callbacks wait for an output frame even without damage.
    virtual void schedule_frame() = 0;
    // A layout area whose pixels changed.
    virtual void add_damage(const Region& layout_damage) = 0;
    void add_damage(const Box& layout_box) { add_damage(Region(layout_box)); }

    // The outputs, first to last. The first one is where windows are placed.
    virtual std::vector<OutputArea> outputs() const = 0;
    // The layout box of the first output (where new windows go), less the
    // exclusive zones of its layer surfaces, or a default if there is none
    // yet.
    virtual Box placement_area() const = 0;
    // What the exclusive zones leave of an output (the layer shell sets it;
    // unset, the whole output). A change reconfigures maximized windows.
    virtual void set_usable_area(const OutputArea& output, const Box& usable) = 0;

    // The session lock (ext_session_lock_v1): while locked, only nodes that
    // are shown_while_locked() are shown or get input.
    virtual void set_locked(bool locked) = 0;

protected:
    ~Stage() = default;
};

} // namespace shoji
