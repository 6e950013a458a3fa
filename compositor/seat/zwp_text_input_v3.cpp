#include "seat/zwp_text_input_v3.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "seat/zwp_text_input_manager_v3.hpp"
#include "surface/wl_surface.hpp"
#include "text-input-unstable-v3-server-protocol.h"
#include "util/resource.hpp"
#include "wlr.hpp"

namespace shoji {

namespace {
TextInput* text_input_of(wl_resource* r) { return static_cast<TextInput*>(wl_resource_get_user_data(r)); }

const struct zwp_text_input_v3_interface text_input_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* enable */ [](wl_client*, wl_resource* r) { text_input_of(r)->handle_enable(); },
    /* disable */ [](wl_client*, wl_resource* r) { text_input_of(r)->handle_disable(); },
    /* set_surrounding_text */
    [](wl_client*, wl_resource* r, const char* text, int32_t cursor, int32_t anchor) {
        text_input_of(r)->handle_set_surrounding_text(text, cursor, anchor);
    },
    /* set_text_change_cause */
    [](wl_client*, wl_resource* r, uint32_t cause) { text_input_of(r)->handle_set_text_change_cause(cause); },
    /* set_content_type */
    [](wl_client*, wl_resource* r, uint32_t hint, uint32_t purpose) {
        text_input_of(r)->handle_set_content_type(hint, purpose);
    },
    /* set_cursor_rectangle */
    [](wl_client*, wl_resource* r, int32_t x, int32_t y, int32_t width, int32_t height) {
        text_input_of(r)->handle_set_cursor_rectangle(x, y, width, height);
    },
    /* commit */ [](wl_client*, wl_resource* r) { text_input_of(r)->handle_commit(); },
};

void text_input_resource_destroy(wl_resource* r) { delete text_input_of(r); }
} // namespace

TextInput* TextInput::create(TextInputManager& manager, wl_resource* parent, uint32_t id) {
    wl_resource* r = create_resource(parent, &zwp_text_input_v3_interface, uint32_t(wl_resource_get_version(parent)),
                                     id, &text_input_impl, nullptr, text_input_resource_destroy);
    if (!r) return nullptr;
    auto* text_input = new TextInput(manager, r);
    wl_resource_set_user_data(r, text_input);
    return text_input;
}

TextInput::TextInput(TextInputManager& manager, wl_resource* resource) : manager_(&manager), resource_(resource) {}

TextInput::~TextInput() {
    if (manager_) manager_->text_input_destroyed(this);
}

void TextInput::enter(Surface* surface) {
    if (focus_ == surface) return;
    if (focus_) leave();
    focus_ = surface;
    focus_destroy_.connect_destroy(surface->resource());
    zwp_text_input_v3_send_enter(resource_, surface->resource());
}

void TextInput::leave() {
    if (!focus_) return;
    // A surface being destroyed is not named in an event (the client has
    // let it go); its text input loses the focus all the same.
    wl_resource* surface = focus_->resource();
    const bool destroyed = !focus_destroy_.connected();
    focus_destroy_.disconnect();
    focus_ = nullptr;
    if (!destroyed) zwp_text_input_v3_send_leave(resource_, surface);
    // text-input-unstable-v3.xml: after enter "all state information is
    // invalidated and needs to be resent by the client"; the field is off
    // until it enables again.
    pending_ = State{};
    current_ = State{};
    enable_pending_ = false;
    if (manager_) manager_->left(*this);
}

void TextInput::handle_enable() {
    // text-input-unstable-v3.xml, enable: "resets all state associated with
    // previous enable, disable, set_surrounding_text, set_text_change_cause,
    // set_content_type, and set_cursor_rectangle requests".
    pending_ = State{};
    pending_.enabled = true;
    enable_pending_ = true;
}

void TextInput::handle_disable() {
    pending_.enabled = false;
    enable_pending_ = false;
}

void TextInput::handle_set_surrounding_text(const char* text, int32_t cursor, int32_t anchor) {
    const size_t length = std::strlen(text);
    // Offsets are byte indices into the text (the spec); the input method
    // takes them unsigned.
    if (length > kMaxSurroundingTextBytes || cursor < 0 || anchor < 0 || size_t(cursor) > length ||
        size_t(anchor) > length) {
        wlr_log(WLR_INFO,
                "zwp_text_input_v3@%u: surrounding text of %zu bytes (at most %zu) with cursor %d and anchor %d "
                "ignored",
                wl_resource_get_id(resource_), length, kMaxSurroundingTextBytes, cursor, anchor);
        return;
    }
    pending_.has_surrounding_text = true;
    pending_.surrounding_text.assign(text, length);
    pending_.cursor = uint32_t(cursor);
    pending_.anchor = uint32_t(anchor);
}

void TextInput::handle_set_text_change_cause(uint32_t cause) { pending_.change_cause = cause; }

void TextInput::handle_set_content_type(uint32_t hint, uint32_t purpose) {
    pending_.has_content_type = true;
    pending_.hint = hint;
    pending_.purpose = purpose;
}

void TextInput::handle_set_cursor_rectangle(int32_t x, int32_t y, int32_t width, int32_t height) {
    // Any values (the spec names no error); a negative size counts as none.
    pending_.has_cursor_rectangle = true;
    pending_.cursor_rectangle = {x, y, std::max(width, 0), std::max(height, 0)};
}

void TextInput::handle_commit() {
    // The spec: "The compositor must count the number of commit requests
    // coming from each zwp_text_input_v3 object and use the count as the
    // serial in done events", every commit, focused or not.
    ++commits_;
    const bool enabling = std::exchange(enable_pending_, false);
    current_ = pending_;
    // The change cause goes back to its initial value after each commit.
    pending_.change_cause = ZWP_TEXT_INPUT_V3_CHANGE_CAUSE_INPUT_METHOD;
    // "After leave event, compositor must ignore requests from any text
    // input instances until next enter event."
    if (!focus_) {
        current_.enabled = false;
        return;
    }
    if (manager_) manager_->committed(*this, enabling);
}

void TextInput::send_input_method_state(const std::string& preedit, int32_t preedit_begin, int32_t preedit_end,
                                        const std::string& commit, uint32_t delete_before, uint32_t delete_after) {
    // Each of these is reset to its initial value (none) at done, so only
    // the ones set are sent, in the order the spec applies them.
    if (!preedit.empty())
        zwp_text_input_v3_send_preedit_string(resource_, preedit.c_str(), preedit_begin, preedit_end);
    if (!commit.empty()) zwp_text_input_v3_send_commit_string(resource_, commit.c_str());
    if (delete_before || delete_after)
        zwp_text_input_v3_send_delete_surrounding_text(resource_, delete_before, delete_after);
    zwp_text_input_v3_send_done(resource_, commits_);
}

} // namespace shoji
