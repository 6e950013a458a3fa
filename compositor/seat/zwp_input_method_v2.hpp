// zwp_input_method_v2 (input-method-unstable-v2.xml, version 1): the seat's
// input method. It is told of the active text input (activate, the field's
// state, deactivate, each batch ended by done, which it counts) and sends it
// text: commit_string, set_preedit_string and delete_surrounding_text are
// pending until commit, whose serial must be the number of done events
// sent (else, as the spec says, the state is dropped). It may grab the
// seat's keyboard (InputMethodKeyboardGrab). Owned by its resource.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <wayland-server-core.h>

namespace shoji {

class InputMethodManager;
class InputMethodKeyboardGrab;
class InputPopupSurface;
class TextInput;

class InputMethod {
public:
    // Makes the object and its resource; null (no-memory posted) on
    // failure. An `unavailable` one is inert: it was sent that event only.
    static InputMethod* create(InputMethodManager& manager, wl_resource* parent, uint32_t id, bool unavailable);
    ~InputMethod();
    InputMethod(const InputMethod&) = delete;
    InputMethod& operator=(const InputMethod&) = delete;

    wl_client* client() const { return wl_resource_get_client(resource_); }
    bool active() const { return active_; }
    uint32_t dones() const { return dones_; }
    void manager_gone();

    // From the text inputs.
    void send_activate(const TextInput& text_input);
    void send_state(const TextInput& text_input);
    void send_deactivate();
    // Ends a batch of the events above; the popups are placed for the
    // state the batch brought.
    void send_done();

    void handle_commit_string(const char* text);
    void handle_set_preedit_string(const char* text, int32_t cursor_begin, int32_t cursor_end);
    void handle_delete_surrounding_text(uint32_t before, uint32_t after);
    void handle_commit(uint32_t serial);
    void handle_get_input_popup_surface(uint32_t id, wl_resource* surface);
    void handle_grab_keyboard(uint32_t id);
    void grab_destroyed(InputMethodKeyboardGrab* grab);
    void popup_destroyed(InputPopupSurface* popup);

private:
    InputMethod(InputMethodManager* manager, wl_resource* resource);
    // Shows the popups below the active field's text cursor, or hides them.
    void place_popups();
    void popups_gone();
    // What the requests set until commit (the spec's initial values).
    struct Pending {
        std::string commit_string;
        std::string preedit;
        int32_t preedit_begin = 0, preedit_end = 0;
        uint32_t delete_before = 0, delete_after = 0;
    };

    InputMethodManager* manager_; // null: unavailable, or the global is gone
    wl_resource* resource_;
    Pending pending_;
    bool active_ = false;
    uint32_t dones_ = 0; // done events sent: the serial commit must name
    InputMethodKeyboardGrab* grab_ = nullptr;
    std::vector<InputPopupSurface*> popups_;
};

} // namespace shoji
