#include "control/controller.hpp"

#include <linux/input-event-codes.h>

#include <cmath>
#include <cstdio>
#include <set>

#include "control/key_input.hpp"
#include "output/frame_watch.hpp"
#include "output/idle_watch.hpp"
#include "seat/pointer_input.hpp"
#include "seat/wl_seat.hpp"
#include "server.hpp"
#include "shell/ext_session_lock_manager_v1.hpp"
#include "shell/ext_session_lock_v1.hpp"
#include "shell/xdg_activation_v1.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"
#include "util/png.hpp"

namespace shoji {

namespace {
uint32_t now_ms() { return uint32_t(IdleWatch::now_ms()); }

bool in_layout(double v) { return std::isfinite(v) && std::fabs(v) <= double(Region::kLimit); }

std::string seconds(int ms) {
    char s[32];
    std::snprintf(s, sizeof s, "%g s", ms / 1000.0);
    return s;
}

uint32_t evdev_button(Controller::Button b) {
    switch (b) {
    case Controller::Button::Middle: return BTN_MIDDLE;
    case Controller::Button::Right: return BTN_RIGHT;
    default: return BTN_LEFT;
    }
}

Box geometry_box(const XdgToplevel& t) {
    const XdgSurface* xdg = t.xdg_surface();
    const Box g = xdg ? xdg->geometry() : Box{};
    return Box{t.x(), t.y(), g.width, g.height};
}

bool overlaps(const Box& a, const Box& b) {
    return int64_t(a.x) < int64_t(b.x) + b.width && int64_t(b.x) < int64_t(a.x) + a.width &&
           int64_t(a.y) < int64_t(b.y) + b.height && int64_t(b.y) < int64_t(a.y) + a.height;
}
// What `key` and `type` answer while the seat's keymap cannot be compiled.
constexpr const char* kNoKeymap = "the keymap cannot be compiled now (out of file descriptors or memory)";
} // namespace

Controller::Controller(Server& server)
    : server_(server), pointer_(std::make_unique<PointerInput>(server.seat())) {}

Controller::~Controller() = default;

const KeyLookup* Controller::keys() {
    if (!keys_) {
        xkb_keymap* keymap = server_.seat().own_keymap().xkb();
        if (!keymap) return nullptr; // cannot be compiled now (out of fds or memory)
        keys_.emplace(keymap);
    }
    return &*keys_;
}

std::vector<WindowInfo> Controller::windows() const {
    std::vector<WindowInfo> out;
    for (const XdgToplevel* t : server_.xdg_shell().toplevels()) out.push_back(describe_window(server_, *t));
    return out;
}

XdgToplevel* Controller::mapped_window(const WindowSelector& selector, std::string* error) const {
    XdgToplevel* t = find_window(server_, selector, error);
    if (t && (!t->mapped() || t->minimized())) {
        *error = "window " + selector.to_string() + " (id " + std::to_string(t->id()) + ") is " +
                 (t->mapped() ? "minimized" : "not mapped");
        return nullptr;
    }
    return t;
}

Controller::Status Controller::to_layout(const char* what, Point& at,
                                         const std::optional<WindowSelector>& window) const {
    if (!in_layout(at.x) || !in_layout(at.y)) return Status::fail(std::string(what) + " position out of range");
    if (window) {
        std::string error;
        const XdgToplevel* t = mapped_window(*window, &error);
        if (!t) return Status::fail(error);
        at.x += t->x();
        at.y += t->y();
    }
    return {};
}

void Controller::flush() {
    // Sent now, so that the verb's answer means the client can read them;
    // and the idle clock starts again, so a later wait_idle gives the client
    // time to answer them.
    wl_display_flush_clients(server_.display());
    server_.idle().note_input();
}

Controller::Status Controller::pointer(Point at, const std::optional<WindowSelector>& window) {
    if (Status s = to_layout("pointer", at, window); !s.ok()) return s;
    pointer_->warp(at.x, at.y, now_ms());
    pointer_->frame();
    flush();
    return {};
}

Controller::Status Controller::pointer_by(double dx, double dy) {
    if (!in_layout(dx) || !in_layout(dy)) return Status::fail("pointer distance out of range");
    pointer_->motion(dx, dy, now_ms());
    pointer_->frame();
    flush();
    return {};
}

Controller::Status Controller::click(std::optional<Point> at, const std::optional<WindowSelector>& window,
                                     Button button, int count) {
    if (count < 1 || count > kMaxClickCount)
        return Status::fail("click count " + std::to_string(count) + " is not between 1 and " +
                            std::to_string(kMaxClickCount));
    if (at) {
        if (Status s = pointer(*at, window); !s.ok()) return s;
    } else if (window) {
        std::string error;
        const XdgToplevel* t = mapped_window(*window, &error);
        if (!t) return Status::fail(error);
        const Box g = geometry_box(*t);
        pointer_->warp(g.x + g.width / 2.0, g.y + g.height / 2.0, now_ms());
        pointer_->frame();
    }
    // A press and a release are two frames, as a mouse sends them.
    const uint32_t code = evdev_button(button);
    for (int i = 0; i < count; ++i) {
        pointer_->button(code, true, now_ms());
        pointer_->frame();
        pointer_->button(code, false, now_ms());
        pointer_->frame();
    }
    flush();
    return {};
}

Controller::Status Controller::scroll(double dx, double dy, const std::optional<WindowSelector>& window) {
    if (!std::isfinite(dx) || !std::isfinite(dy) || std::fabs(dx) > kMaxScroll || std::fabs(dy) > kMaxScroll)
        return Status::fail("scroll distance out of range (at most " + std::to_string(int(kMaxScroll)) + ")");
    Seat& seat = server_.seat();
    if (window) {
        std::string error;
        XdgToplevel* t = mapped_window(*window, &error);
        if (!t) return Status::fail(error);
        const auto hit = server_.scene().hit_test(seat.pointer_x(), seat.pointer_y());
        if (!hit || hit->node != t) {
            const Box g = geometry_box(*t);
            pointer_->warp(g.x + g.width / 2.0, g.y + g.height / 2.0, now_ms());
            pointer_->frame();
        }
    }
    if (!seat.pointer_focus()) return Status::fail("the pointer is over no window");
    // Both axes in one frame (wayland.xml, wl_pointer.frame: "a diagonal
    // scroll motion is sent as two axis events").
    if (dx != 0) pointer_->axis(WL_POINTER_AXIS_HORIZONTAL_SCROLL, dx, now_ms());
    if (dy != 0) pointer_->axis(WL_POINTER_AXIS_VERTICAL_SCROLL, dy, now_ms());
    pointer_->frame();
    flush();
    return {};
}

Controller::Status Controller::touch(TouchPhase phase, int32_t id, Point at,
                                     const std::optional<WindowSelector>& window) {
    Seat& seat = server_.seat();
    const std::string name = "touch point " + std::to_string(id);
    if (phase == TouchPhase::Up) {
        if (!seat.touch_up(id, now_ms())) return Status::fail(name + " is not down");
        flush();
        return {};
    }
    if (Status s = to_layout("touch", at, window); !s.ok()) return s;
    if (phase == TouchPhase::Down) {
        if (seat.touch_is_down(id)) return Status::fail(name + " is already down");
        if (!seat.touch_down(id, at.x, at.y, now_ms()))
            return Status::fail("too many touch points down (at most " +
                                std::to_string(SeatTouch::kMaxTouchPoints) + ")");
    } else if (!seat.touch_motion(id, at.x, at.y, now_ms())) {
        return Status::fail(name + " is not down");
    }
    flush();
    return {};
}

Controller::Status Controller::gesture(const GestureEvent& in) {
    GestureEvent e = in;
    using Phase = GestureEvent::Phase;
    if (e.phase == Phase::Begin && (e.fingers < 1 || e.fingers > kMaxGestureFingers))
        return Status::fail("a gesture of " + std::to_string(e.fingers) + " fingers: expected 1 to " +
                            std::to_string(kMaxGestureFingers));
    if (e.phase == Phase::Update) {
        if (e.kind == GestureEvent::Kind::Hold) return Status::fail("a hold gesture has no update (begin or end)");
        if (!std::isfinite(e.dx) || !std::isfinite(e.dy) || std::fabs(e.dx) > kMaxScroll || std::fabs(e.dy) > kMaxScroll)
            return Status::fail("gesture motion out of range (at most " + std::to_string(int(kMaxScroll)) + ")");
        if (!std::isfinite(e.scale) || e.scale <= 0 || e.scale > kMaxPinchScale)
            return Status::fail("pinch scale " + std::to_string(e.scale) + " out of range (above 0, at most " +
                                std::to_string(int(kMaxPinchScale)) + ")");
        if (!std::isfinite(e.rotation) || std::fabs(e.rotation) > kMaxGestureRotation)
            return Status::fail("pinch rotation " + std::to_string(e.rotation) + " out of range (at most 360 degrees)");
    }
    e.time_ms = now_ms();
    const bool sent = server_.seat().pointer_gesture(e);
    flush();
    if (!sent)
        return Status::fail(e.phase == Phase::Begin
                                ? "the gesture reached no client (no window under the pointer, or it has no gesture object)"
                                : "no gesture of that kind is under way for a client");
    return {};
}

Controller::Status Controller::activation_token(std::string* token) {
    *token = server_.activation().issue_token(true);
    return {};
}

bool Controller::keyboard_ready(std::string* error) const {
    if (server_.seat().keyboard_focus()) return true;
    *error = "no window has the keyboard focus";
    return false;
}

void Controller::press(const std::vector<KeyStroke>& strokes) {
    Seat& seat = server_.seat();
    for (const KeyStroke& s : strokes) {
        for (uint32_t m : s.modifier_keys) seat.keyboard_key(m, true, now_ms());
        seat.keyboard_key(s.key, true, now_ms());
        seat.keyboard_key(s.key, false, now_ms());
        for (auto m = s.modifier_keys.rbegin(); m != s.modifier_keys.rend(); ++m) seat.keyboard_key(*m, false, now_ms());
    }
    flush();
}

Controller::Status Controller::key(const std::vector<std::string>& combos) {
    if (combos.empty()) return Status::fail("no key combo given");
    if (combos.size() > kMaxKeyCombos)
        return Status::fail(std::to_string(combos.size()) + " key combos in one request; at most " +
                            std::to_string(kMaxKeyCombos));
    // Validate every combo before pressing any.
    std::vector<KeyStroke> strokes;
    std::string error;
    const KeyLookup* lookup = keys();
    if (!lookup) return Status::fail(kNoKeymap);
    for (const std::string& combo : combos) {
        std::optional<KeyStroke> s = parse_key_combo(*lookup, combo, &error);
        if (!s) return Status::fail(error);
        strokes.push_back(std::move(*s));
    }
    if (!keyboard_ready(&error)) return Status::fail(error);
    press(strokes);
    return {};
}

Controller::Status Controller::type(const std::string& text) {
    if (text.size() > kMaxTypeBytes)
        return Status::fail("text of " + std::to_string(text.size()) + " bytes; at most " +
                            std::to_string(kMaxTypeBytes) + " in one request");
    std::string error;
    const KeyLookup* lookup = keys();
    if (!lookup) return Status::fail(kNoKeymap);
    std::optional<std::vector<KeyStroke>> strokes = text_to_key_strokes(*lookup, text, &error);
    if (!strokes) return Status::fail(error);
    if (!keyboard_ready(&error)) return Status::fail(error);
    press(*strokes);
    return {};
}

Controller::Status Controller::focus(const WindowSelector& window) {
    std::string error;
    XdgToplevel* t = find_window(server_, window, &error);
    if (t && !t->mapped()) error = "window " + window.to_string() + " (id " + std::to_string(t->id()) + ") is not mapped";
    if (!t || !t->mapped()) return Status::fail(error);
    t->activate();
    flush();
    return {};
}

Controller::Status Controller::close(const WindowSelector& window) {
    std::string error;
    XdgToplevel* t = find_window(server_, window, &error);
    if (!t) return Status::fail(error);
    // xdg-shell.xml, close: "the client may choose to ignore this request,
    // or show a dialog to ask the user to save their data".
    t->close();
    flush();
    return {};
}

Controller::Status Controller::screenshot(const std::string& path, const std::optional<WindowSelector>& window,
                                          const std::optional<std::string>& output) {
    const Output* only = nullptr;
    if (output && !(only = server_.find_output(*output))) return Status::fail("no output '" + *output + "'");
    LayoutSnapshot shot = server_.capture(only);
    if (!shot.image) return Status::fail(server_.outputs().empty() ? "there is no output" : "cannot read the outputs");
    PixmanImage image = std::move(shot.image);
    if (window) {
        std::string error;
        const XdgToplevel* t = mapped_window(*window, &error);
        if (!t) return Status::fail(error);
        const Box g = geometry_box(*t);
        const Box area = shot.area;
        if (!overlaps(g, area))
            return Status::fail("window " + window->to_string() + " is not on " +
                                (output ? "output " + *output : std::string("any output")));
        const int32_t x0 = std::max(g.x, area.x), y0 = std::max(g.y, area.y);
        const int32_t x1 = std::min(g.x + g.width, area.x + area.width);
        const int32_t y1 = std::min(g.y + g.height, area.y + area.height);
        // Edges rounded as the renderer rounds them (render/scene_renderer.cpp).
        const int32_t s = shot.scale120;
        const int32_t cx0 = int32_t(scale_round(x0 - area.x, s)), cy0 = int32_t(scale_round(y0 - area.y, s));
        const Box crop{cx0, cy0, int32_t(scale_round(x1 - area.x, s)) - cx0, int32_t(scale_round(y1 - area.y, s)) - cy0};
        PixmanImage part = make_image(PIXMAN_x8r8g8b8, crop.width, crop.height);
        pixman_image_composite32(PIXMAN_OP_SRC, image.get(), nullptr, part.get(), crop.x, crop.y, 0, 0, 0, 0,
                                 crop.width, crop.height);
        image = std::move(part);
    }
    std::string error;
    if (!write_png(path, std::move(image), &error)) return Status::fail("cannot write " + path + ": " + error);
    return {};
}

Controller::Status Controller::unlock() {
    SessionLockManager& lock = server_.session_lock();
    if (!lock.locked()) return Status::fail("the session is not locked");
    if (SessionLock* holder = lock.holder()) {
        pid_t pid = 0;
        wl_client_get_credentials(wl_resource_get_client(holder->resource()), &pid, nullptr, nullptr);
        return Status::fail("the session lock is held by a live client (pid " + std::to_string(pid) +
                            "): it unlocks the session (ctl unlock only ends a lock whose client is gone)");
    }
    lock.unlock_abandoned();
    return {};
}

Controller::Status Controller::quit() {
    if (!on_quit) return Status::fail("this compositor runs no session to end");
    on_quit();
    return {};
}

// --- waits ---------------------------------------------------------------------

namespace {
// A timer that calls back once after `ms` (none if ms is 0).
wl_event_source* add_timeout(wl_event_loop* loop, int ms, wl_event_loop_timer_func_t fn, void* data) {
    if (ms <= 0) return nullptr;
    wl_event_source* t = wl_event_loop_add_timer(loop, fn, data);
    wl_event_source_timer_update(t, ms);
    return t;
}
} // namespace

class Controller::WindowWait : public Pending, private ToplevelListener {
public:
    WindowWait(Controller& c, WindowQuery query, int timeout_ms, std::function<void(Status, const WindowInfo&)> done)
        : c_(c), query_(std::move(query)), timeout_ms_(timeout_ms), done_(std::move(done)) {
        c_.server_.xdg_shell().add_toplevel_listener(this);
        // Inside the output's commit: the toplevels mapped now are in this frame.
        frames_ = std::make_unique<FrameWatch>(c_.server_.outputs(), [this](const Box& output) {
            for (const XdgToplevel* t : c_.server_.xdg_shell().toplevels())
                if (shown_now(*t) && overlaps(geometry_box(*t), output)) shown_.insert(t->id());
            check_soon();
        });
        wl_event_loop* loop = c_.server_.event_loop();
        timer_ = add_timeout(loop, timeout_ms, [](void* data) { static_cast<WindowWait*>(data)->time_out(); return 0; },
                             this);
        check_soon();
    }
    ~WindowWait() override {
        stop_listening();
        if (timer_) wl_event_source_remove(timer_);
        if (idle_) wl_event_source_remove(idle_);
    }

private:
    // ToplevelListener: a window came, changed (its title, say) or went.
    void toplevel_mapped(XdgToplevel&) override { check_soon(); }
    void toplevel_changed(XdgToplevel& t) override {
        if (t.minimized()) shown_.erase(t.id()); // hidden: shown again only by a later frame
        check_soon();
    }
    void toplevel_unmapped(XdgToplevel& t) override {
        shown_.erase(t.id()); // a frame before an unmap does not count
        check_soon();
    }
    void stop_listening() {
        if (listening_) c_.server_.xdg_shell().remove_toplevel_listener(this);
        listening_ = false;
    }

    bool shown_now(const XdgToplevel& t) const {
        return t.mapped() && !t.minimized() && (!query_.app_id || t.app_id() == *query_.app_id) &&
               (!query_.title || t.title() == *query_.title);
    }
    void check_soon() {
        // From the loop, never from inside a shell or output callback.
        if (!idle_)
            idle_ = wl_event_loop_add_idle(
                c_.server_.event_loop(),
                [](void* data) {
                    auto* self = static_cast<WindowWait*>(data);
                    self->idle_ = nullptr;
                    self->check();
                },
                this);
    }
    void check() {
        // Shown: a frame was committed while it was mapped, or every damage
        // (its mapping's too) has been drawn.
        const bool all_drawn = !c_.server_.idle().commits_unshown();
        for (const XdgToplevel* t : c_.server_.xdg_shell().toplevels())
            if (shown_now(*t) && (all_drawn || shown_.count(t->id())))
                return finish({}, describe_window(c_.server_, *t));
    }
    void time_out() {
        std::string what = "a window";
        if (query_.app_id) what += " with app-id " + *query_.app_id;
        if (query_.title) what += std::string(query_.app_id ? " and" : " with") + " title \"" + *query_.title + "\"";
        finish(Status::fail("timed out after " + seconds(timeout_ms_) + " waiting for " + what), WindowInfo{});
    }
    void finish(Status status, const WindowInfo& info) {
        stop_listening();
        auto done = std::move(done_);
        done_ = nullptr;
        if (done) done(status, info); // may destroy this: nothing after it
    }

    Controller& c_;
    WindowQuery query_;
    int timeout_ms_;
    std::function<void(Status, const WindowInfo&)> done_;
    bool listening_ = true;
    std::unique_ptr<FrameWatch> frames_;
    std::set<uint64_t> shown_; // matching toplevels an output committed a frame with
    wl_event_source* timer_ = nullptr;
    wl_event_source* idle_ = nullptr;
};

class Controller::IdleWait : public Pending {
public:
    IdleWait(Controller& c, int quiet_ms, int timeout_ms, std::function<void(Status)> done)
        : c_(c), quiet_ms_(quiet_ms), timeout_ms_(timeout_ms), done_(std::move(done)) {
        wait_ = c_.server_.idle().when_idle(quiet_ms, [this] { finish({}); });
        timer_ = add_timeout(c_.server_.event_loop(), timeout_ms,
                             [](void* data) { static_cast<IdleWait*>(data)->time_out(); return 0; }, this);
    }
    ~IdleWait() override {
        if (timer_) wl_event_source_remove(timer_);
    }

private:
    void time_out() {
        const IdleWatch& idle = c_.server_.idle();
        const int64_t since = IdleWatch::now_ms() - idle.last_commit_ms();
        finish(Status::fail("timed out after " + seconds(timeout_ms_) + " waiting for " + std::to_string(quiet_ms_) +
                            " ms without commits (last commit " + std::to_string(since) + " ms ago" +
                            (idle.commits_unshown() ? ", damage not drawn yet" : "") + ")"));
    }
    void finish(Status status) {
        auto done = std::move(done_);
        done_ = nullptr;
        if (done) done(status); // may destroy this: nothing after it
    }

    Controller& c_;
    int quiet_ms_, timeout_ms_;
    std::function<void(Status)> done_;
    std::unique_ptr<IdleWatch::Wait> wait_;
    wl_event_source* timer_ = nullptr;
};

std::unique_ptr<Controller::Pending> Controller::wait_window(WindowQuery query, int timeout_ms,
                                                             std::function<void(Status, const WindowInfo&)> done) {
    return std::make_unique<WindowWait>(*this, std::move(query), timeout_ms, std::move(done));
}

std::unique_ptr<Controller::Pending> Controller::wait_idle(int quiet_ms, int timeout_ms,
                                                           std::function<void(Status)> done) {
    return std::make_unique<IdleWait>(*this, quiet_ms, timeout_ms, std::move(done));
}

} // namespace shoji
