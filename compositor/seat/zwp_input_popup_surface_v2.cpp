#include "seat/zwp_input_popup_surface_v2.hpp"

#include <algorithm>
#include <string_view>

#include "input-method-unstable-v2-server-protocol.h"
#include "seat/zwp_input_method_v2.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
constexpr const char* kRole = "input_popup";

const struct zwp_input_popup_surface_v2_interface popup_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};
void popup_resource_destroy(wl_resource* r) { delete static_cast<InputPopupSurface*>(wl_resource_get_user_data(r)); }

// The output the point is on (the first one if it is on none).
std::optional<Box> output_at(const Stage& stage, int32_t x, int32_t y) {
    const std::vector<OutputArea> outputs = stage.outputs();
    if (outputs.empty()) return std::nullopt;
    for (const OutputArea& o : outputs)
        if (x >= o.box.x && y >= o.box.y && int64_t(x) < int64_t(o.box.x) + o.box.width &&
            int64_t(y) < int64_t(o.box.y) + o.box.height)
            return o.box;
    return outputs.front().box;
}
} // namespace

InputPopupSurface* InputPopupSurface::create(InputMethod* input_method, Stage* stage,
                                             wl_resource* input_method_resource, uint32_t id,
                                             wl_resource* surface_resource) {
    Surface* surface = Surface::from(surface_resource);
    // Validate, then apply: the role is checked before anything is made.
    if (surface->role_name() && std::string_view(surface->role_name()) != kRole) {
        post_protocol_error(input_method_resource, 0, "get_input_popup_surface: wl_surface@%u already has the role %s",
                            wl_resource_get_id(surface_resource), surface->role_name());
        return nullptr;
    }
    wl_resource* r = create_resource(input_method_resource, &zwp_input_popup_surface_v2_interface,
                                     uint32_t(wl_resource_get_version(input_method_resource)), id, &popup_impl,
                                     nullptr, popup_resource_destroy);
    if (!r) return nullptr;
    auto* popup = new InputPopupSurface(input_method, stage, r, surface);
    if (!surface->set_role(kRole, popup)) {
        // An earlier popup object of this surface still holds the role.
        post_protocol_error(input_method_resource, 0,
                            "get_input_popup_surface: wl_surface@%u already has a popup object",
                            wl_resource_get_id(surface_resource));
        popup->surface_ = nullptr;
        popup->input_method_ = nullptr;
    }
    wl_resource_set_user_data(r, popup);
    return popup;
}

InputPopupSurface::~InputPopupSurface() {
    cursor_.reset();
    update(nullptr); // off the screen
    if (input_method_) input_method_->popup_destroyed(this);
    if (surface_) surface_->clear_role(this);
}

void InputPopupSurface::place(const std::optional<Box>& cursor) {
    cursor_ = cursor;
    update(nullptr);
}

void InputPopupSurface::input_method_gone() {
    input_method_ = nullptr;
    place(std::nullopt);
}

void InputPopupSurface::committed(Surface&, const Region& damage) { update(&damage); }

void InputPopupSurface::tree_changed(Surface&, const TreeChange& change) {
    if (change.reshaped) update(nullptr);
    else if (change.damaged) update(&change.damage);
}

void InputPopupSurface::surface_destroyed(Surface& surface) {
    cursor_.reset();
    update(nullptr);
    surface.clear_role(this);
    surface_ = nullptr;
}

void InputPopupSurface::update(const Region* damage) {
    const bool shown = input_method_ && stage_ && surface_ && surface_->has_buffer() && cursor_;
    if (!shown) {
        if (!mapped_) return;
        mapped_ = false;
        stage_->unmap(this);
        stage_->add_damage(shown_box_);
        shown_box_ = {};
        stage_->layout_changed();
        return;
    }
    // Below the cursor, kept on the cursor's output: moved left if it would
    // leave it on the right, put above the cursor if there is no room below
    // (and there is above). 64-bit: the cursor comes from a client.
    const Box extents = surface_->tree_extents();
    const Box& c = *cursor_;
    int64_t x = c.x, y = int64_t(c.y) + std::max(c.height, 0);
    if (std::optional<Box> out = output_at(*stage_, c.x, c.y)) {
        const int64_t right = int64_t(out->x) + out->width, bottom = int64_t(out->y) + out->height;
        if (x + extents.width > right) x = std::max<int64_t>(out->x, right - extents.width);
        if (y + extents.height > bottom && int64_t(c.y) - extents.height >= out->y) y = int64_t(c.y) - extents.height;
    }
    x_ = int32_t(std::clamp<int64_t>(x, -Region::kLimit, Region::kLimit));
    y_ = int32_t(std::clamp<int64_t>(y, -Region::kLimit, Region::kLimit));

    if (!mapped_) {
        mapped_ = true;
        stage_->map(this, false);
        damage = nullptr;
    }
    const Box box = bounds();
    if (!damage || !(box == shown_box_)) {
        stage_->add_damage(shown_box_);
        stage_->add_damage(box);
        shown_box_ = box;
    } else {
        Region d = *damage;
        d.translate(x_, y_);
        if (d.empty()) stage_->schedule_frame(); // e.g. only a frame callback
        else stage_->add_damage(d);
    }
    stage_->layout_changed();

    // input-method-unstable-v2.xml, text_input_rectangle: "the position of
    // the area of the text input expressed as a rectangle in surface local
    // coordinates" of the popup.
    const Box rectangle{int32_t(std::clamp<int64_t>(int64_t(c.x) - x_, INT32_MIN, INT32_MAX)),
                        int32_t(std::clamp<int64_t>(int64_t(c.y) - y_, INT32_MIN, INT32_MAX)), c.width, c.height};
    if (!sent_rectangle_ || !(*sent_rectangle_ == rectangle)) {
        sent_rectangle_ = rectangle;
        zwp_input_popup_surface_v2_send_text_input_rectangle(resource_, rectangle.x, rectangle.y, rectangle.width,
                                                             rectangle.height);
    }
}

void InputPopupSurface::collect_views(std::vector<View>& out) const {
    if (surface_) surface_->collect_views(x_, y_, out);
}

Box InputPopupSurface::bounds() const {
    if (!surface_) return {};
    Box b = surface_->tree_extents();
    b.x += x_;
    b.y += y_;
    return b;
}

} // namespace shoji
