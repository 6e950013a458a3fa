// Seat: the wl_seat global (wayland.xml, version 8) with one pointer and one
// keyboard, always present (headless too), and the focus rules.
//
// Input arrives through the public methods, from wlroots input devices on
// nested backends (InputDevices), from injected input (PointerInput,
// virtual keyboards, the WLCS hooks, tests) on any backend. Coordinates are
// layout coordinates. Focus: the pointer focuses the surface
// under it, re-evaluated when the scene changes; a button press focuses and
// raises that window; the keyboard follows the scene's focused window.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include <wayland-server-core.h>
#include <wayland-server-protocol.h>

#include "seat/gesture_event.hpp"
#include "seat/keymap.hpp"
#include "seat/wl_touch.hpp"
#include "surface/surface_role.hpp"
#include "util/listener.hpp"

namespace shoji {

class Stage;
class SceneNode;
class Surface;

// A keyboard whose keys reach the seat, with its own keymap and xkb state
// and the keys it holds down: the seat's own keyboard (the default keymap;
// the nested backends' keyboards and Seat::keyboard_key feed it), or a
// virtual keyboard with the keymap its client sent. Focused clients are told
// the keymap of the source that sent the latest key (as a hardware keyboard
// switch does), so its key codes mean what its sender meant.
struct KeyboardSource {
    std::unique_ptr<Keymap> keymap; // null until a virtual keyboard sends one
    std::vector<uint32_t> pressed;  // evdev codes held down, oldest first
    uint32_t last_time_ms = 0;      // of its latest key, for the releases when it goes
    wl_client* client = nullptr;    // a virtual keyboard's client (null: the seat's own keyboard)
};

// A grab of the seat's keyboard (zwp_input_method_keyboard_grab_v2): while
// set, the keys and modifier changes of the sources it grabs go to it
// instead of the focused client.
class KeyboardGrab {
public:
    virtual ~KeyboardGrab() = default;
    virtual bool grabs(const KeyboardSource& source) const = 0;
    virtual void key(const KeyboardSource& source, uint32_t time_ms, uint32_t evdev_key, bool pressed) = 0;
    virtual void modifiers(const KeyboardSource& source) = 0;
};

class Seat {
public:
    static constexpr uint32_t kVersion = 8;
    static constexpr int32_t kRepeatRate = 25, kRepeatDelay = 600; // wl_keyboard.repeat_info

    Seat(wl_display* display, Stage& scene);
    ~Seat();
    Seat(const Seat&) = delete;
    Seat& operator=(const Seat&) = delete;

    // The Seat of a wl_seat resource (asserts it is one).
    static Seat* from(wl_resource* seat);

    // Input serials, for the requests the spec ties to "the serial of the
    // event that triggered this request" (wl_data_device.set_selection):
    // true if `client` has keyboard focus now and `serial` is one of the
    // latest kInputSerialHistory serials Shoji sent it since it gained that
    // focus, in wl_keyboard.enter, key or modifiers or in wl_pointer.enter,
    // leave or button (clients that copy later, from another thread, take
    // the latest serial of any of these). The history is emptied when the
    // keyboard focus goes to another client (or to none); focus moving
    // between one client's windows keeps it. 32: a client that handles its
    // input a few dozen events late still finds the serial of the key or
    // click that made it copy; older ones, and serials of other focus
    // periods, are refused.
    static constexpr size_t kInputSerialHistory = 32;
    bool is_focused_input_serial(wl_client* client, uint32_t serial) const;

    // Keys held down at once, per keyboard source, that the seat tracks
    // (and lists in wl_keyboard.enter); a press past it is dropped. Real
    // keyboards roll over at 6 to about 20 keys; it also keeps a hostile
    // virtual keyboard from growing the list (and the enter message, which
    // libwayland caps at 4 KiB) without end.
    static constexpr size_t kMaxPressedKeys = 64;

    // Pointer input, one event at a time: each call reaches the client as a
    // wl_pointer.frame of its own. Input that comes in frames, relative
    // motion, absolute motion over an area and axis sources and stops go
    // through a PointerInput (seat/pointer_input.hpp), the one API for them;
    // it delivers through the private calls below.
    void pointer_warp(double x, double y, uint32_t time_ms);
    void pointer_button(uint32_t button, bool pressed, uint32_t time_ms);
    // discrete: whole steps (wheel clicks), 0 for none: sent as axis_discrete
    // (wl_pointer v5-7) or axis_value120 (v8) before the axis event.
    void pointer_axis(wl_pointer_axis axis, double value, uint32_t time_ms, int32_t discrete = 0);
    // The time of the latest pointer input.
    uint32_t last_input_time_ms() const { return last_time_ms_; }

    // Hooks for zwp_relative_pointer_manager_v1 and zwp_pointer_constraints_v1
    // (their files): relative motion for the client with the pointer focus;
    // where the pointer may go (false: it stays, a lock; else (x, y) is moved
    // into a confinement); the pointer's focus or position, or the keyboard
    // focus, changed.
    std::function<void(wl_client* client, double dx, double dy, uint32_t time_ms)> on_relative_motion;
    std::function<bool(double& x, double& y)> constrain_pointer;
    std::function<void()> on_input_changed;

    // Touch input (seat/wl_touch.hpp), layout coordinates: each call is one
    // event and its wl_touch.frame. False if nothing was sent: a down for an
    // id already down (or past SeatTouch::kMaxTouchPoints), a motion or up
    // for one that is not.
    bool touch_down(int32_t id, double x, double y, uint32_t time_ms) { return touch_.down(id, x, y, time_ms); }
    bool touch_motion(int32_t id, double x, double y, uint32_t time_ms) { return touch_.motion(id, x, y, time_ms); }
    bool touch_up(int32_t id, uint32_t time_ms) { return touch_.up(id, time_ms); }
    void touch_cancel() { touch_.cancel(); }
    bool touch_is_down(int32_t id) const { return touch_.is_down(id); }

    // Touchpad gestures (swipe, pinch, hold) for the surface under the
    // pointer; zwp_pointer_gestures_v1 (PointerGestures) sets on_gesture and
    // sends them. None reach a client during an interactive move or resize.
    // False if the event reached no client.
    bool pointer_gesture(const GestureEvent& event) {
        return on_gesture && !grab_ && on_gesture(event, pointer_focus_);
    }
    std::function<bool(const GestureEvent&, Surface*)> on_gesture;
    // Keyboard input from the seat's own keyboard (the default keymap).
    void keyboard_key(uint32_t evdev_key, bool pressed, uint32_t time_ms);
    // Keyboard input from another source (a virtual keyboard): a key, or its
    // modifier state (zwp_virtual_keyboard_v1.modifiers). The source must
    // have a keymap; while it is the latest used, focused clients have it.
    void keyboard_key(KeyboardSource& source, uint32_t evdev_key, bool pressed, uint32_t time_ms);
    void keyboard_modifiers(KeyboardSource& source, const Keymap::Modifiers& modifiers);
    // A source got a new keymap: if it is the one in use, every client gets it.
    void keymap_changed(KeyboardSource& source);
    // A source goes away: its held keys are released and, if it was in use,
    // clients get the seat's own keymap back.
    void remove_keyboard_source(KeyboardSource& source);
    // The keymap clients have now (the source last used).
    const Keymap& current_keymap() const { return *active_->keymap; }
    // The seat's own keyboard's keymap (the default one), which keyboard_key
    // without a source types with.
    const Keymap& own_keymap() const { return *own_keyboard_.keymap; }

    Stage& scene() const { return scene_; }

    // State, for tests and the cursor.
    double pointer_x() const { return px_; }
    double pointer_y() const { return py_; }
    Surface* pointer_focus() const { return pointer_focus_; }
    Surface* keyboard_focus() const { return keyboard_focus_; }

    // The scene changed (a window mapped, moved, resized or went away):
    // the surface under the pointer may be another one now.
    void refresh_pointer_focus();
    void set_keyboard_focus(Surface* surface);
    // Emitted after the keyboard focus changed (its wl_keyboard.enter is
    // sent), with the new focus (a Surface*, null: none); also when the
    // focused surface is destroyed. The selections and text input follow it.
    wl_signal* keyboard_focus_changed() { return &keyboard_focus_changed_; }
    // One grab at a time (null: none); the grab unsets itself before it goes.
    // While the session is locked none is taken: a grab set then stays
    // without keys (session_locked).
    void set_keyboard_grab(KeyboardGrab* grab) {
        if (!grab || !session_locked_) keyboard_grab_ = grab;
    }
    KeyboardGrab* keyboard_grab() const { return keyboard_grab_; }

    // An interactive move or resize (xdg_toplevel.move/resize): from now on
    // the pointer drives on_motion(dx, dy), its distance from where the grab
    // began, and no client sees pointer events; releasing the buttons ends
    // it with on_end(). Granted only for `serial` of the latest button press,
    // sent to `client` and still held; false otherwise. `owner` names the
    // grab for cancel_grab (its owner is going away).
    bool start_grab(const void* owner, wl_client* client, uint32_t serial,
                    std::function<void(double dx, double dy)> on_motion, std::function<void()> on_end);
    void cancel_grab(const void* owner);

    // The session was locked or unlocked (ext_session_lock_v1, which asks
    // the compositor to stop "providing input to normal clients"). Locking
    // ends what would carry input past the lock screen: an interactive move
    // or resize (its on_end runs; no new one starts while locked), the
    // keyboard grab (an input method would get the password: it gets no
    // keys from then on, and must release and grab again to have them after
    // the unlock), and every touch point (wl_touch.cancel to the clients
    // that had them). Pointer constraints follow the focus, which the scene
    // has moved to the lock surfaces already.
    void set_session_locked(bool locked);

    // Resource bookkeeping for wl_pointer / wl_keyboard / wl_touch (their files).
    void add_pointer(wl_resource* r);
    void add_touch(wl_resource* seat_resource, uint32_t id) { touch_.add_resource(seat_resource, id); }
    void add_keyboard(wl_resource* r);
    void remove_resource(wl_resource* r);
    void set_cursor(wl_resource* pointer, uint32_t serial, wl_resource* surface, int32_t hx, int32_t hy);

private:
    friend class SeatTouch;    // records the serials of its events
    friend class PointerInput; // delivers its frames through the calls below

    // Relative motion of a pointing device by (dx, dy), ending at layout
    // (x, y) (clamped to the outputs by the caller): relative pointers get
    // the unclipped delta, then the pointer goes to (x, y) as pointer_warp
    // moves it. pointer_warp alone is an absolute position: no relative
    // motion.
    void pointer_motion(double dx, double dy, double x, double y, uint32_t time_ms);
    void pointer_axis_source(wl_pointer_axis_source source);
    void pointer_axis_stop(wl_pointer_axis axis, uint32_t time_ms);
    // The events between these two reach each client as one group ending in
    // one wl_pointer.frame (wayland.xml: "all wl_pointer events before a
    // wl_pointer.frame event belong logically together"). Not nested.
    void begin_pointer_frame();
    void end_pointer_frame();

    // Picks the pointer focus for the current position (refresh_pointer_focus
    // without the motion event).
    void update_pointer_focus();
    void send_motion(uint32_t time_ms);
    void set_pointer_focus(Surface* surface, double sx, double sy);
    void send_keyboard_enter(wl_resource* keyboard);
    void send_modifiers(wl_client* client);
    // Sends the keymap in use, unless that keyboard has it already.
    void send_keymap(wl_resource* keyboard);
    void send_keymap_to(wl_client* client);
    // The source a key or modifier state comes from becomes the one in use.
    void use_source(KeyboardSource& source);
    // After pointer events to a client: its wl_pointer.frame now, or at
    // end_pointer_frame.
    void pointer_events_sent(wl_client* client);
    // Notes a serial sent to `client` in an input event, if it has keyboard
    // focus (is_focused_input_serial).
    void record_input_serial(wl_client* client, uint32_t serial);
    wl_client* keyboard_focus_client() const;
    void update_cursor();
    template <class F>
    void for_each(const std::vector<wl_resource*>& list, wl_client* client, F&& f);

    wl_display* display_;
    Stage& scene_;
    KeyboardSource own_keyboard_; // before the global: compiling the keymap may throw
    SeatTouch touch_{*this, display_}; // before the global: its resources point at it
    wl_global* global_;
    KeyboardSource* active_ = &own_keyboard_; // whose keymap clients have
    std::vector<wl_resource*> pointers_, keyboards_;
    // The keymap (Keymap::id) each wl_keyboard was last sent: a client gets
    // a keymap when it has the focus and lacks it, so that keyboards
    // switching back and forth send fds only to the client they type into.
    std::unordered_map<wl_resource*, uint64_t> keymap_sent_;
    bool in_pointer_frame_ = false;
    std::vector<wl_client*> framed_clients_; // got events in this frame (never dereferenced)

    double px_ = 0, py_ = 0;
    uint32_t last_time_ms_ = 0; // of the latest pointer input, for motion the scene causes
    Surface* pointer_focus_ = nullptr;
    double focus_sx_ = 0, focus_sy_ = 0;
    Surface* keyboard_focus_ = nullptr;
    wl_signal keyboard_focus_changed_;
    KeyboardGrab* keyboard_grab_ = nullptr;
    bool session_locked_ = false;
    std::vector<uint32_t> focus_serials_; // of keyboard_focus_'s client, oldest first
    std::vector<uint32_t> pressed_buttons_;
    std::vector<uint32_t> swallowed_buttons_; // presses that only ended popup grabs
    uint32_t press_serial_ = 0;               // of the latest button press sent
    wl_client* press_client_ = nullptr;       // ... and to whom (never dereferenced)
    struct Grab {
        const void* owner;
        double x0, y0; // where the pointer was when it began
        std::function<void(double, double)> on_motion;
        std::function<void()> on_end;
    };
    std::unique_ptr<Grab> grab_;
    uint32_t enter_serial_ = 0; // the pointer enter that set_cursor must name

    // The cursor image a client set with wl_pointer.set_cursor. One role
    // object serves every cursor surface: it only forwards commits.
    class CursorRole : public SurfaceRole {
    public:
        explicit CursorRole(Seat& seat) : seat_(seat) {}
        bool validate_commit(Surface&, const SurfaceState&) override { return true; }
        void committed(Surface& s, const Region&) override;
        void surface_destroyed(Surface& s) override;
    private:
        Seat& seat_;
    } cursor_role_{*this};
    Surface* cursor_surface_ = nullptr;
    int32_t hotspot_x_ = 0, hotspot_y_ = 0;

    Listener pointer_focus_destroy_{[this](void*) { set_pointer_focus_gone(); }};
    Listener keyboard_focus_destroy_{[this](void*) {
        keyboard_focus_ = nullptr;
        focus_serials_.clear();
        keyboard_focus_destroy_.disconnect();
        wl_signal_emit(&keyboard_focus_changed_, nullptr);
    }};
    Listener cursor_destroy_{[this](void*) { cursor_surface_ = nullptr; cursor_destroy_.disconnect(); update_cursor(); }};
    void set_pointer_focus_gone() {
        pointer_focus_ = nullptr;
        pointer_focus_destroy_.disconnect();
    }
};

} // namespace shoji
