// Controller: the verbs that drive a session from outside, one
// implementation behind the control socket (`shoji ctl`), the C++ library
// API and the tests.
//
// Input verbs go through the Seat as every injected input does (pointer
// events through a PointerInput of the controller's own, keys through the
// seat's own keyboard and keymap), and return once the events are sent and
// flushed to the clients; their effect (a redraw) is for a later wait_idle
// to wait for. Waits are asynchronous: they call back from the event loop,
// driven by the shell's ToplevelListener calls, output frames and timers
// (never by polling).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "control/outputs.hpp"
#include "control/windows.hpp"
#include "seat/gesture_event.hpp"
#include "seat/key_lookup.hpp"

namespace shoji {

class PointerInput;
class Server;

class Controller {
public:
    // What a verb answers: ok, or one line saying why not.
    struct Status {
        std::string error;
        bool ok() const { return error.empty(); }
        static Status fail(std::string why) { return Status{std::move(why)}; }
    };
    enum class Button { Left, Middle, Right };
    struct Point {
        double x, y;
    };

    // Limits on one verb, so that one request cannot queue more events than
    // a client's socket holds (past them the verb fails, nothing is sent):
    // a triple click is the most toolkits read;
    static constexpr int kMaxClickCount = 10;
    // a few dozen combos is a long shortcut sequence;
    static constexpr size_t kMaxKeyCombos = 64;
    // 512 bytes of text is at most 512 characters, each at most two
    // modifier presses, a key press and release and two modifier releases,
    // with their wl_keyboard.modifiers events (under 240 bytes): under
    // 120 KiB, within the kernel's default socket buffer (208 KiB) even for
    // a client that reads nothing meanwhile. Longer text: several requests.
    static constexpr size_t kMaxTypeBytes = 512;
    // Axis values (surface pixels): a hundred pages of scrolling.
    static constexpr double kMaxScroll = 100000;

    // Touchpad gestures: fingers on a touchpad (libinput reports up to 5;
    // more is refused), and per update at most kMaxScroll pixels of motion,
    // a pinch scale up to kMaxPinchScale (fingers 100 times as far apart as
    // at the begin) and a rotation of one turn.
    static constexpr uint32_t kMaxGestureFingers = 5;
    static constexpr double kMaxPinchScale = 100;
    static constexpr double kMaxGestureRotation = 360;

    explicit Controller(Server& server);
    ~Controller();
    Controller(const Controller&) = delete;
    Controller& operator=(const Controller&) = delete;

    // Every toplevel, oldest first.
    std::vector<WindowInfo> windows() const;

    // Moves the pointer to (x, y): layout coordinates, or relative to the
    // window geometry of `window`.
    Status pointer(Point at, const std::optional<WindowSelector>& window);
    // Moves the pointer by (dx, dy), as a mouse does: relative pointers get
    // the motion (zwp_relative_pointer_v1), also while a lock holds the
    // pointer still; it stops at the outputs' edges and within a
    // confinement.
    Status pointer_by(double dx, double dy);
    // Moves the pointer if `at` is given (as pointer()), or to the centre of
    // `window` if only that is; then presses and releases `button` `count`
    // times.
    Status click(std::optional<Point> at, const std::optional<WindowSelector>& window, Button button, int count);
    // Axis events (wl_pointer.axis units: surface pixels) to the window under
    // the pointer; with `window`, the pointer moves to its centre first
    // unless it is already over it.
    Status scroll(double dx, double dy, const std::optional<WindowSelector>& window);
    // Touch point `id` comes down at, or moves to, `at` (layout coordinates,
    // or relative to the window geometry of `window`), or goes up (`at`
    // unused). Fails for a down of an id that is down, a move or up of one
    // that is not.
    enum class TouchPhase { Down, Move, Up };
    Status touch(TouchPhase phase, int32_t id, Point at, const std::optional<WindowSelector>& window);
    // Presses each combo ("ctrl+shift+a", "Return") in turn.
    Status key(const std::vector<std::string>& combos);
    // Types UTF-8 text through the seat's keymap.
    Status type(const std::string& text);
    // Raises and activates a window (it gets the keyboard focus; a minimized
    // window is shown again).
    Status focus(const WindowSelector& window);
    // Sends xdg_toplevel.close (the client decides what to do).
    Status close(const WindowSelector& window);
    // Writes a PNG of the whole layout as it is now (see snapshot_outputs),
    // or of the output named `output` only; with a window, of its geometry
    // clipped to that area.
    Status screenshot(const std::string& path, const std::optional<WindowSelector>& window,
                      const std::optional<std::string>& output = std::nullopt);
    // Outputs (control/outputs.cpp): list; add one from a spec
    // (output_spec.hpp), its name in *name; remove one (never the last);
    // change its size (pixels), scale, refresh and position (both or neither).
    std::vector<OutputInfo> outputs() const;
    Status output_add(const std::string& spec, std::string* name);
    Status output_remove(const std::string& name);
    struct OutputSettings {
        std::optional<int32_t> width, height, x, y;
        std::optional<int32_t> scale120;   // in 120ths (util/scale.hpp)
        std::optional<int32_t> refresh_hz; // whole Hz
    };
    Status output_set(const std::string& name, const OutputSettings& settings);
    // A touchpad gesture event for the window under the pointer (begin), or
    // the one its gesture began on (update, end), through Seat::pointer_gesture;
    // fails if it reached no client (nothing under the pointer, no gesture
    // object of that kind, no gesture under way) or its values are out of range.
    Status gesture(const GestureEvent& event);
    // A fresh xdg_activation_v1 token that activates (the compositor's own:
    // granted by the policy), in *token.
    Status activation_token(std::string* token);
    // Ends a session lock whose locker is gone (ext_session_lock_v1: the
    // session stays locked when the locking client dies or drops the lock
    // without unlocking). Fails, changing nothing, if the session is not
    // locked or a live lock object holds it (its client unlocks).
    Status unlock();
    // Ends the session as SIGTERM would: calls on_quit (set by the session).
    Status quit();
    std::function<void()> on_quit;

    // A wait in progress; destroying it cancels it (no callback).
    class Pending {
    public:
        virtual ~Pending() = default;
    };
    struct WindowQuery {
        std::optional<std::string> app_id, title; // exact matches; none: any
    };
    // Calls back once a matching toplevel is mapped and an output has shown
    // it in a frame (with that window), or with an error after timeout_ms
    // (0: no timeout).
    std::unique_ptr<Pending> wait_window(WindowQuery query, int timeout_ms,
                                         std::function<void(Status, const WindowInfo&)> done);
    // Calls back once no surface has committed for quiet_ms and every commit
    // has been shown (IdleWatch), or with an error after timeout_ms (0: none).
    std::unique_ptr<Pending> wait_idle(int quiet_ms, int timeout_ms, std::function<void(Status)> done);

private:
    class WindowWait;
    class IdleWait;
    // The mapped window a selector names, or null and `error`.
    XdgToplevel* mapped_window(const WindowSelector& selector, std::string* error) const;
    // A position of a verb (`what`: "pointer", "touch") into layout
    // coordinates: checked against the layout's bounds, then, with a window,
    // taken as relative to its window geometry.
    Status to_layout(const char* what, Point& at, const std::optional<WindowSelector>& window) const;
    bool keyboard_ready(std::string* error) const;
    void press(const std::vector<KeyStroke>& strokes);
    void flush();

    // The seat's keymap, inverted; made at the first `key` or `type` (the
    // keymap itself is compiled when first needed, see Keymap).
    const KeyLookup* keys(); // null if the keymap cannot be compiled now

    Server& server_;
    std::optional<KeyLookup> keys_;
    // One logical pointer device for every verb, so that its presses and
    // releases pair up (and it releases what it holds when it goes).
    std::unique_ptr<PointerInput> pointer_;
};

} // namespace shoji
