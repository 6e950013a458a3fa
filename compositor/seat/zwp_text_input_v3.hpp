// zwp_text_input_v3 (text-input-unstable-v3.xml, version 1): one text field
// of an application. It follows the keyboard focus (enter/leave on the
// focused surface of its client); enable, disable and the field's state are
// double-buffered until commit, which the compositor counts: the count is
// the serial of the done events that bring the input method's text. Owned
// by its resource.
#pragma once

#include <cstdint>
#include <string>

#include <wayland-server-core.h>

#include "util/listener.hpp"
#include "util/region.hpp"

namespace shoji {

class TextInputManager;
class Surface;

class TextInput {
public:
    // The longest surrounding text forwarded to the input method, in bytes.
    // text-input-unstable-v3.xml, set_surrounding_text: the text "can not
    // be longer than 4000 bytes" (a Wayland message holds 4096). A longer
    // one, like offsets outside the text, is ignored (the spec names no
    // error): the field's surrounding text stays as it was, and the refusal
    // is logged.
    static constexpr size_t kMaxSurroundingTextBytes = 4000;

    // The field's state, as set by the requests and applied by commit.
    struct State {
        bool enabled = false;
        bool has_surrounding_text = false;
        std::string surrounding_text;
        uint32_t cursor = 0, anchor = 0;
        uint32_t change_cause = 0; // input_method
        bool has_content_type = false;
        uint32_t hint = 0, purpose = 0;
        // Where the text cursor is, surface-local (input method popups
        // are placed below it).
        bool has_cursor_rectangle = false;
        Box cursor_rectangle{};
    };

    // Makes the object and its resource; null (no-memory posted) on failure.
    static TextInput* create(TextInputManager& manager, wl_resource* parent, uint32_t id);
    ~TextInput();
    TextInput(const TextInput&) = delete;
    TextInput& operator=(const TextInput&) = delete;

    wl_client* client() const { return wl_resource_get_client(resource_); }
    const State& current() const { return current_; }
    uint32_t commits() const { return commits_; }
    Surface* focus() const { return focus_; }
    void manager_gone() { manager_ = nullptr; }

    // Keyboard focus: enter on `surface` (of this client), or leave.
    void enter(Surface* surface);
    void leave();
    // The input method's text (its commit): events, then done.
    void send_input_method_state(const std::string& preedit, int32_t preedit_begin, int32_t preedit_end,
                                 const std::string& commit, uint32_t delete_before, uint32_t delete_after);

    void handle_enable();
    void handle_disable();
    void handle_set_surrounding_text(const char* text, int32_t cursor, int32_t anchor);
    void handle_set_text_change_cause(uint32_t cause);
    void handle_set_content_type(uint32_t hint, uint32_t purpose);
    void handle_set_cursor_rectangle(int32_t x, int32_t y, int32_t width, int32_t height);
    void handle_commit();

private:
    TextInput(TextInputManager& manager, wl_resource* resource);

    TextInputManager* manager_; // null once the global is gone
    wl_resource* resource_;
    State pending_, current_;
    uint32_t commits_ = 0;     // commit requests so far: the serial of done
    bool enable_pending_ = false; // an enable request since the last commit
    Surface* focus_ = nullptr; // the surface of the latest enter, until leave
    Listener focus_destroy_{[this](void*) { leave(); }};
};

} // namespace shoji
