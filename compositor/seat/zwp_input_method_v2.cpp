#include "seat/zwp_input_method_v2.hpp"

#include <algorithm>

#include "input-method-unstable-v2-server-protocol.h"
#include "seat/zwp_input_method_keyboard_grab_v2.hpp"
#include "seat/zwp_input_method_manager_v2.hpp"
#include "seat/zwp_input_popup_surface_v2.hpp"
#include "seat/zwp_text_input_manager_v3.hpp"
#include "seat/zwp_text_input_v3.hpp"
#include "seat/wl_seat.hpp"
#include "surface/wl_surface.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
InputMethod* im_of(wl_resource* r) { return static_cast<InputMethod*>(wl_resource_get_user_data(r)); }

const struct zwp_input_method_v2_interface input_method_impl = {
    /* commit_string */ [](wl_client*, wl_resource* r, const char* text) { im_of(r)->handle_commit_string(text); },
    /* set_preedit_string */
    [](wl_client*, wl_resource* r, const char* text, int32_t begin, int32_t end) {
        im_of(r)->handle_set_preedit_string(text, begin, end);
    },
    /* delete_surrounding_text */
    [](wl_client*, wl_resource* r, uint32_t before, uint32_t after) {
        im_of(r)->handle_delete_surrounding_text(before, after);
    },
    /* commit */ [](wl_client*, wl_resource* r, uint32_t serial) { im_of(r)->handle_commit(serial); },
    /* get_input_popup_surface */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface) {
        im_of(r)->handle_get_input_popup_surface(id, surface);
    },
    /* grab_keyboard */ [](wl_client*, wl_resource* r, uint32_t id) { im_of(r)->handle_grab_keyboard(id); },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void input_method_resource_destroy(wl_resource* r) { delete im_of(r); }
} // namespace

InputMethod* InputMethod::create(InputMethodManager& manager, wl_resource* parent, uint32_t id, bool unavailable) {
    wl_resource* r = create_resource(parent, &zwp_input_method_v2_interface, uint32_t(wl_resource_get_version(parent)),
                                     id, &input_method_impl, nullptr, input_method_resource_destroy);
    if (!r) return nullptr;
    auto* im = new InputMethod(unavailable ? nullptr : &manager, r);
    wl_resource_set_user_data(r, im);
    if (unavailable) zwp_input_method_v2_send_unavailable(r);
    return im;
}

InputMethod::InputMethod(InputMethodManager* manager, wl_resource* resource) : manager_(manager), resource_(resource) {}

InputMethod::~InputMethod() {
    if (grab_) grab_->end();
    popups_gone();
    if (manager_) manager_->input_method_destroyed(this);
}

void InputMethod::manager_gone() {
    manager_ = nullptr;
    if (grab_) grab_->end();
    popups_gone();
}

void InputMethod::popups_gone() {
    const std::vector<InputPopupSurface*> popups = std::move(popups_);
    popups_.clear();
    for (InputPopupSurface* popup : popups) popup->input_method_gone();
}

void InputMethod::send_activate(const TextInput& t) {
    // activate resets what earlier activations set, here and in the
    // requests not yet committed.
    active_ = true;
    pending_ = Pending{};
    zwp_input_method_v2_send_activate(resource_);
    send_state(t);
}

void InputMethod::send_state(const TextInput& t) {
    const TextInput::State& s = t.current();
    if (s.has_surrounding_text)
        zwp_input_method_v2_send_surrounding_text(resource_, s.surrounding_text.c_str(), s.cursor, s.anchor);
    zwp_input_method_v2_send_text_change_cause(resource_, s.change_cause);
    if (s.has_content_type) zwp_input_method_v2_send_content_type(resource_, s.hint, s.purpose);
}

void InputMethod::send_deactivate() {
    active_ = false;
    zwp_input_method_v2_send_deactivate(resource_);
}

void InputMethod::send_done() {
    ++dones_;
    zwp_input_method_v2_send_done(resource_);
    place_popups();
}

void InputMethod::place_popups() {
    if (popups_.empty()) return;
    std::optional<Box> cursor;
    TextInputManager* text_inputs = manager_ ? manager_->text_inputs() : nullptr;
    const TextInput* field = active_ && text_inputs ? text_inputs->active() : nullptr;
    if (field && field->focus()) {
        // The field's surface as shown (not shown, e.g. while the session
        // is locked: no popup).
        for (const View& v : manager_->seat().scene().views()) {
            if (v.surface != field->focus()) continue;
            // set_cursor_rectangle is surface-local; none set: the corner.
            const Box r = field->current().has_cursor_rectangle ? field->current().cursor_rectangle : Box{};
            cursor = Box{int32_t(std::clamp<int64_t>(int64_t(v.x) + r.x, -Region::kLimit, Region::kLimit)),
                         int32_t(std::clamp<int64_t>(int64_t(v.y) + r.y, -Region::kLimit, Region::kLimit)),
                         r.width, r.height};
            break;
        }
    }
    for (InputPopupSurface* popup : std::vector<InputPopupSurface*>(popups_)) popup->place(cursor);
}

// input-method-unstable-v2.xml: "Requests issued in the inactive state must
// be accepted by the compositor"; an unavailable object's are ignored. The
// pending state of each is what the next commit sends.
void InputMethod::handle_commit_string(const char* text) { pending_.commit_string = text; }

void InputMethod::handle_set_preedit_string(const char* text, int32_t begin, int32_t end) {
    pending_.preedit = text;
    pending_.preedit_begin = begin;
    pending_.preedit_end = end;
}

void InputMethod::handle_delete_surrounding_text(uint32_t before, uint32_t after) {
    pending_.delete_before = before;
    pending_.delete_after = after;
}

void InputMethod::handle_commit(uint32_t serial) {
    const Pending p = std::move(pending_);
    pending_ = Pending{};
    // commit: with "a serial different than the number of past done
    // events, it must proceed as normal, except it should not change the
    // current state": the text is for a state the client had not seen.
    if (!manager_ || !active_ || serial != dones_) return;
    TextInputManager* text_inputs = manager_->text_inputs();
    TextInput* target = text_inputs ? text_inputs->active() : nullptr;
    if (!target) return;
    target->send_input_method_state(p.preedit, p.preedit_begin, p.preedit_end, p.commit_string, p.delete_before,
                                    p.delete_after);
}

void InputMethod::handle_get_input_popup_surface(uint32_t id, wl_resource* surface) {
    // An unavailable input method's popups are inert: never shown.
    InputPopupSurface* popup = InputPopupSurface::create(manager_ ? this : nullptr, manager_ ? &manager_->seat().scene() : nullptr,
                                                         resource_, id, surface);
    if (!popup || !popup->live()) return;
    popups_.push_back(popup);
    place_popups();
}

void InputMethod::popup_destroyed(InputPopupSurface* popup) {
    popups_.erase(std::remove(popups_.begin(), popups_.end(), popup), popups_.end());
}

void InputMethod::handle_grab_keyboard(uint32_t id) {
    // One grab at a time: a second one (or an unavailable object's) is
    // inert, as the seat's keyboard is taken already.
    const bool live = manager_ && !grab_ && !manager_->seat().keyboard_grab();
    InputMethodKeyboardGrab* grab =
        InputMethodKeyboardGrab::create(live ? this : nullptr, live ? &manager_->seat() : nullptr, resource_, id);
    if (grab && live) grab_ = grab;
}

void InputMethod::grab_destroyed(InputMethodKeyboardGrab* grab) {
    if (grab_ == grab) grab_ = nullptr;
}

} // namespace shoji
