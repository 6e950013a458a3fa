// libshoji: the Shoji compositor in your test process.
//
//     #include <shoji/shoji.hpp>
//     shoji::Compositor shoji;                  // headless, private runtime dir
//     shoji.launch({"my-client"});              // or wl_display* d = shoji.connect();
//     shoji::Window w = shoji.wait_window({"org.example.MyApp"});
//     shoji.click(40, 60, std::to_string(w.id));
//     shoji.type("hello");
//     shoji.wait_idle();
//     shoji::Image shown = shoji.snapshot();    // or shoji.screenshot("out.png")
//
// Build with `pkg-config --cflags --libs shoji`. This is the only header: it
// needs nothing but the C++17 standard library (no wlroots, pixman or
// wayland-server header), and `wl_display` is libwayland-client's.
//
// A Compositor runs the real compositor, the one the `shoji` executable runs,
// on its own thread: the calling thread can be a Wayland client of it (a
// wl_display from connect(), dispatched by you) while it waits here. Every
// method blocks until the compositor has done what it says, and may be called
// from any thread (one call at a time runs; the others wait). The verbs are
// those of `shoji ctl` (see shoji-ctl(1)): input returns once the events are
// sent to the clients; wait_idle() then waits for what they caused.
//
// Errors (a window that matches nothing, a wait that times out, a server
// that cannot start) are thrown as shoji::Error, whose what() is one line
// saying why: the same line `shoji ctl` prints.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct wl_display;

namespace shoji {

// "0.1.0": the version of the library (and of the shoji executable built with it).
std::string version();

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CompositorOptions {
    // The one headless output: size in pixels, scale (the size must be a
    // multiple of it), refresh rate; as shoji's --size, --scale and --refresh.
    int width = 1280, height = 720;
    int scale = 1;
    int refresh_hz = 60;
    // Log the protocol errors sent to clients and wlroots' debug output on
    // stderr (as shoji -v).
    bool verbose = false;
};

// A toplevel window, as `shoji ctl windows` lists it.
struct Window {
    uint64_t id = 0; // 1, 2, ... in order of creation, never reused
    std::string app_id, title;
    // Window geometry in output layout coordinates.
    int32_t x = 0, y = 0, width = 0, height = 0;
    bool mapped = false;
    bool activated = false; // the focused window
    bool focused = false;   // its surface has the keyboard focus
    std::string output;     // the output showing most of it ("" if none)
    int32_t pid = 0;        // of its client (0 if unknown)
};

// What `wait_window` waits for; an unset field matches any window.
struct WindowMatch {
    std::optional<std::string> app_id, title; // exact matches
};

// Pixels: 8-bit straight (not premultiplied) R, G, B, A, row after row (as a
// PNG stores them).
struct Image {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba; // width * height * 4 bytes
    // The pixel at (x, y) as 0xAARRGGBB.
    uint32_t argb(int x, int y) const;
};

enum class Button { Left, Middle, Right };

class Compositor {
public:
    // Makes a private runtime directory (mode 0700, under $TMPDIR or /tmp),
    // starts a headless server with a Wayland socket in it, and returns once
    // clients can connect. Throws Error if any of it fails. $XDG_RUNTIME_DIR
    // and the rest of the process environment are left alone.
    explicit Compositor(const CompositorOptions& options = {});
    // Ends every process launch() started (SIGTERM, SIGKILL after 2 s),
    // stops the server (clients still connected see the connection close)
    // and removes the runtime directory.
    ~Compositor();
    Compositor(const Compositor&) = delete;
    Compositor& operator=(const Compositor&) = delete;

    // The private runtime directory, and the absolute path of the Wayland
    // socket in it (a valid WAYLAND_DISPLAY).
    const std::string& runtime_dir() const;
    const std::string& wayland_display() const;
    // {"XDG_RUNTIME_DIR=...", "WAYLAND_DISPLAY=..."}: what a client process needs.
    std::vector<std::string> environment() const;

    // A new client connection to the compositor (wl_display_connect on the
    // socket); yours to dispatch and to wl_display_disconnect. Throws Error
    // if it cannot connect.
    wl_display* connect();
    // Starts `argv` (looked up in $PATH) with environment() added to this
    // process's environment, in a process group of its own; returns its pid.
    // It exits 127 if the command is not found. Throws Error if it cannot fork.
    int launch(const std::vector<std::string>& argv);
    // Waits for a process launch() started to exit, and returns its exit
    // status (128+N if signal N ended it). Throws Error after timeout_s.
    int wait_exit(int pid, double timeout_s = 30);

    // Every toplevel, oldest first.
    std::vector<Window> windows();
    // Waits until a matching toplevel is mapped and shown in a frame, and
    // returns it. Throws Error after timeout_s.
    Window wait_window(const WindowMatch& match = {}, double timeout_s = 30);
    // Waits until no surface has committed for quiet_ms and every commit has
    // been shown. Throws Error after timeout_s.
    void wait_idle(int quiet_ms = 200, double timeout_s = 30);

    // In the verbs, `window` is a window selector as in `shoji ctl`: an id
    // ("12", std::to_string(Window::id)), "app-id=ID" or "title=TEXT"; ""
    // for none.

    // Moves the pointer to (x, y): layout coordinates, or relative to the
    // window geometry of `window`.
    void pointer(double x, double y, const std::string& window = "");
    // Moves the pointer as pointer() does, then clicks `count` times.
    void click(double x, double y, const std::string& window = "", Button button = Button::Left,
               int count = 1);
    // Clicks at the centre of `window`, or ("") where the pointer is.
    void click(const std::string& window = "", Button button = Button::Left, int count = 1);
    // Scrolls (surface pixels) the window under the pointer, or `window`.
    void scroll(double dx, double dy, const std::string& window = "");
    // Moves the pointer by (dx, dy) as a mouse does (relative pointers get
    // the motion, also while a client has the pointer locked).
    void pointer_by(double dx, double dy);
    // Touch point `id` (0 or more) comes down at, or moves to, (x, y) (as
    // pointer()), or goes up. A down of a point that is down, a move or up of
    // one that is not, is an Error.
    void touch_down(int id, double x, double y, const std::string& window = "");
    void touch_move(int id, double x, double y, const std::string& window = "");
    void touch_up(int id);
    // Presses each combo in turn: {"ctrl+s"}, {"Return"}, {"shift+Tab", "a"}.
    void key(const std::vector<std::string>& combos);
    // Types UTF-8 text through the session's keymap.
    void type(const std::string& text);
    // Raises a window and gives it the keyboard.
    void focus(const std::string& window);
    // Asks a window to close (xdg_toplevel.close).
    void close(const std::string& window);

    // What the output shows now.
    Image snapshot();
    // Writes a PNG of the output now, or of `window` only.
    void screenshot(const std::string& path, const std::string& window = "");

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace shoji
