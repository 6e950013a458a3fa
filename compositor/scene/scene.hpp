// Scene: what is shown, bottom to top, and where damage goes.
//
// Shell roles (xdg_toplevel and xdg_popup, through XdgWindow; layer
// surfaces) are SceneNodes; the shell and the seat reach the scene as a Stage
// (both interfaces are in surface/stage.hpp, below them). The scene keeps their stacking order, gathers which layout
// area changed, and lists the views an output draws and answers frame callbacks for. It knows no output: the server
// keeps the one list of outputs, hands them the scene's damage (on_damage) and lists them for the scene's users
// (list_outputs). Coordinates are layout (logical) coordinates; each Output
// maps them to its own pixels.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "shm/buffer_copies.hpp"
#include "surface/stage.hpp"
#include "surface/view.hpp"
#include "util/region.hpp"

namespace shoji {

class Surface;

class Scene : public Stage {
public:
    // Stage (surface/stage.hpp says what each does).
    void map(SceneNode* node, bool focus = true) override;
    void unmap(SceneNode* node) override;
    void raise(SceneNode* node) override;
    void unfocus(SceneNode* node) override;
    void keyboard_changed() override { update_keyboard(); }
    bool is_mapped(const SceneNode* node) const override;
    SceneNode* focused() const override { return focused_; }
    std::vector<View> views() const override;
    std::optional<Hit> hit_test(double x, double y) const override;
    void activate(SceneNode* node) override;
    bool pointer_pressed(SceneNode* node) override { return on_pointer_press && on_pointer_press(node); }
    void set_cursor(Surface* surface, int32_t x, int32_t y) override;
    void cursor_changed() override;
    void layout_changed() override {
        if (on_layout_change) on_layout_change();
    }
    void schedule_frame() override;
    using Stage::add_damage;
    void add_damage(const Region& layout_damage) override;
    std::vector<OutputArea> outputs() const override;
    Box placement_area() const override;
    void set_usable_area(const OutputArea& output, const Box& usable) override;
    // While locked, only nodes that are shown_while_locked() are drawn, hit
    // by the pointer and touch, and get the keyboard (the topmost of them);
    // the focused node stays what it was, for after the unlock. Outputs
    // without such a node show the background colour.
    void set_locked(bool locked) override;
    bool locked() const { return locked_; }
    // The one predicate every view and input path goes through.
    bool shown(const SceneNode* node) const { return !locked_ || node->shown_while_locked(); }

    size_t mapped_count() const { return nodes_.size(); }

    // Hooks for the seat: keyboard focus follows the focused node (or the
    // topmost node that grabs the keyboard); the pointer focus is
    // re-evaluated when the layout changes.
    std::function<void(SceneNode*)> on_focus;
    // Before click-to-focus; true if the press only ended popup grabs and
    // must go no further.
    std::function<bool(SceneNode*)> on_pointer_press;
    std::function<void()> on_layout_change;

    // schedule_frame asks every output for a frame event even without
    // damage, so frame callbacks get answered on backends that only send
    // frames on request (nested Wayland and X11): tells on_frame_request.
    std::function<void()> on_frame_request;

    // add_damage gathers layout damage until on_damage takes it
    // (take_damage), at once (the server hands it to every output).
    Region take_damage() { return std::exchange(damage_, Region()); }
    std::function<void()> on_damage;

    // The outputs, first to last, as the server lists them; none before it
    // binds list_outputs. The first one is where windows are placed.
    std::function<std::vector<OutputArea>()> list_outputs;
    void output_resized(); // an output changed size: tells every node

    // For each surface, the part of it that lies on an output (empty if
    // none), also in buffer pixels: what BufferCopies keeps of a shown buffer
    // its client destroys. One walk over the views, whatever their number.
    std::vector<ShownPart> parts_on_outputs(const std::vector<const Surface*>& surfaces) const;

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
    bool locked_ = false;
};

} // namespace shoji
