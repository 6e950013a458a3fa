// zwp_input_popup_surface_v2 (input-method-unstable-v2.xml): a surface of
// the input method (a candidate list) with the input_popup role.
//
// The spec leaves placement to the compositor ("The compositor should
// place it near the active text input area"). Shoji shows a popup while the
// input method is active on a focused text field and the popup has a
// buffer: just below the field's text cursor (set_cursor_rectangle; the
// field's top-left corner if it set none), moved left to stay on the
// cursor's output, and above the cursor if there is no room below. It is
// stacked in the overlay layer (over panels) and never takes the keyboard.
// Each time its place changes it is sent text_input_rectangle: the cursor's
// rectangle in the popup's own coordinates. It does not follow a window
// that moves while the field stays unchanged (it is placed again on the
// field's next commit). Owned by its resource.
#pragma once

#include <cstdint>
#include <optional>

#include <wayland-server-core.h>

#include "surface/stage.hpp"
#include "surface/surface_role.hpp"

namespace shoji {

class InputMethod;
class Surface;

class InputPopupSurface : public SurfaceRole, public SceneNode {
public:
    // Makes the object and its resource for `surface`; a surface with
    // another role is a protocol error on `input_method_resource` (the spec
    // names no code: 0). `input_method` null: the popup of an unavailable
    // input method, never shown (and `stage` may be null). Null on failure.
    static InputPopupSurface* create(InputMethod* input_method, Stage* stage, wl_resource* input_method_resource,
                                     uint32_t id, wl_resource* surface);
    ~InputPopupSurface() override;

    // Where the active field's text cursor is, in layout coordinates; none
    // when no field is active (the popup is hidden).
    void place(const std::optional<Box>& cursor);
    // The input method object was destroyed: the popup is hidden for good.
    void input_method_gone();
    // Whether it belongs to an input method that may show it (false: made
    // inert, e.g. its surface could not take the role).
    bool live() const { return input_method_ != nullptr; }

    // SurfaceRole
    bool validate_commit(Surface&, const SurfaceState&) override { return true; }
    void committed(Surface& surface, const Region& damage) override;
    void surface_destroyed(Surface& surface) override;
    void tree_changed(Surface& root, const TreeChange& change) override;

    // SceneNode
    SceneLayer layer() const override { return SceneLayer::Overlay; }
    void collect_views(std::vector<View>& out) const override;
    void set_activated(bool) override {}
    Surface* main_surface() const override { return surface_; }
    Box bounds() const override;
    bool takes_focus() const override { return false; }

private:
    InputPopupSurface(InputMethod* input_method, Stage* stage, wl_resource* resource, Surface* surface)
        : input_method_(input_method), stage_(stage), resource_(resource), surface_(surface) {}
    // Shows, moves or hides the popup to match the cursor and the buffer;
    // `damage` (surface-local) is what changed in place, null: all of it.
    void update(const Region* damage);

    InputMethod* input_method_; // null: unavailable, or gone
    Stage* stage_;              // null only if input_method_ is
    wl_resource* resource_;
    Surface* surface_;          // null once it is destroyed
    std::optional<Box> cursor_; // the active field's cursor (layout)
    bool mapped_ = false;
    int32_t x_ = 0, y_ = 0;     // where the surface's (0, 0) is shown
    Box shown_box_{};           // what it covers on screen (damaged when it goes)
    std::optional<Box> sent_rectangle_;
};

} // namespace shoji
