#include "seat/wl_seat.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "seat/wl_keyboard.hpp"
#include "seat/wl_pointer.hpp"
#include "surface/stage.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
constexpr const char* kCursorRole = "cursor";
constexpr uint32_t kCapabilities =
    WL_SEAT_CAPABILITY_POINTER | WL_SEAT_CAPABILITY_KEYBOARD | WL_SEAT_CAPABILITY_TOUCH;

Seat* seat_of(wl_resource* r) { return static_cast<Seat*>(wl_resource_get_user_data(r)); }

void seat_get_pointer(wl_client*, wl_resource* r, uint32_t id) { create_wl_pointer(*seat_of(r), r, id); }
void seat_get_keyboard(wl_client*, wl_resource* r, uint32_t id) { create_wl_keyboard(*seat_of(r), r, id); }
void seat_get_touch(wl_client*, wl_resource* r, uint32_t id) { seat_of(r)->add_touch(r, id); }
const struct wl_seat_interface seat_impl = {
    /* get_pointer */ seat_get_pointer,
    /* get_keyboard */ seat_get_keyboard,
    /* get_touch */ seat_get_touch,
    /* release */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void seat_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    wl_resource* r = create_resource(client, &wl_seat_interface, version, id, &seat_impl, data, nullptr);
    if (!r) return;
    wl_seat_send_capabilities(r, kCapabilities);
    if (version >= WL_SEAT_NAME_SINCE_VERSION) wl_seat_send_name(r, "seat0");
    // The keymap is compiled when the first client binds the seat, before it
    // can map a window (a session with no client never compiles it). Later,
    // at a keyboard focus or the first key, the compile would hold up a
    // running session's next frame (tens of ms under a sanitizer). If it
    // cannot be compiled now, a later use tries.
    static_cast<Seat*>(data)->own_keymap().ready();
}

wl_fixed_t fixed(double v) { return wl_fixed_from_double(v); }

// wayland.xml, wl_pointer.frame (since version 5): ends a group of events
// that belong together; older pointers get none.
void send_pointer_frame(wl_resource* pointer) {
    if (wl_resource_get_version(pointer) >= WL_POINTER_FRAME_SINCE_VERSION) wl_pointer_send_frame(pointer);
}
} // namespace

Seat::Seat(wl_display* display, Stage& scene)
    : display_(display), scene_(scene), own_keyboard_{std::make_unique<Keymap>(), {}, 0},
      global_(wl_global_create(display, &wl_seat_interface, kVersion, this, seat_bind)) {
    wl_signal_init(&keyboard_focus_changed_);
}

Seat::~Seat() {
    wl_global_destroy(global_);
    // Resources that outlive us (display teardown) must not call back.
    for (wl_resource* r : pointers_) wl_resource_set_user_data(r, nullptr);
    for (wl_resource* r : keyboards_) wl_resource_set_user_data(r, nullptr);
}

template <class F>
void Seat::for_each(const std::vector<wl_resource*>& list, wl_client* client, F&& f) {
    const std::vector<wl_resource*> copy = list; // f may not destroy, but stay safe
    for (wl_resource* r : copy)
        if (wl_resource_get_client(r) == client) f(r);
}

void Seat::add_pointer(wl_resource* pointer) {
    pointers_.push_back(pointer);
    // A pointer made while its client has focus gets enter at once.
    if (pointer_focus_ && wl_resource_get_client(pointer) == wl_resource_get_client(pointer_focus_->resource())) {
        wl_pointer_send_enter(pointer, enter_serial_, pointer_focus_->resource(), fixed(focus_sx_), fixed(focus_sy_));
        send_pointer_frame(pointer);
        record_input_serial(wl_resource_get_client(pointer), enter_serial_);
    }
}

Seat* Seat::from(wl_resource* seat) {
    assert(wl_resource_instance_of(seat, &wl_seat_interface, &seat_impl));
    return seat_of(seat);
}

void Seat::remove_resource(wl_resource* r) {
    keymap_sent_.erase(r);
    pointers_.erase(std::remove(pointers_.begin(), pointers_.end(), r), pointers_.end());
    keyboards_.erase(std::remove(keyboards_.begin(), keyboards_.end(), r), keyboards_.end());
}

// --- pointer -----------------------------------------------------------------

void Seat::pointer_motion(double dx, double dy, double x, double y, uint32_t time_ms) {
    if (on_relative_motion && pointer_focus_ && !grab_)
        on_relative_motion(wl_resource_get_client(pointer_focus_->resource()), dx, dy, time_ms);
    pointer_warp(x, y, time_ms);
}

void Seat::pointer_warp(double x, double y, uint32_t time_ms) {
    last_time_ms_ = time_ms;
    // A pointer lock holds it still; a confinement keeps it in its region.
    if (constrain_pointer && !grab_ && !constrain_pointer(x, y)) return;
    px_ = x;
    py_ = y;
    if (grab_) {
        grab_->on_motion(px_ - grab_->x0, py_ - grab_->y0);
        update_cursor();
        return;
    }
    update_pointer_focus();
    send_motion(time_ms);
    update_cursor();
    if (on_input_changed) on_input_changed();
}

void Seat::refresh_pointer_focus() {
    Surface* const was = pointer_focus_;
    const double sx = focus_sx_, sy = focus_sy_;
    update_pointer_focus();
    // wayland.xml, wl_pointer.motion: the position is "relative to the
    // focused surface". The surface moved under a still pointer (a window
    // moved, a subsurface was repositioned): tell its client where the
    // pointer is on it now.
    if (pointer_focus_ && pointer_focus_ == was && (focus_sx_ != sx || focus_sy_ != sy))
        send_motion(last_time_ms_);
    if (on_input_changed) on_input_changed();
}

void Seat::update_pointer_focus() {
    if (grab_) return; // a window grab: no surface has the pointer
    // While a button is held the focus stays (an implicit grab), as
    // compositors do so that drags keep going to the window they began in;
    // positions stay relative to that surface, also outside it.
    // A surface no longer shown (the session was locked) loses it even so.
    if (!pressed_buttons_.empty() && pointer_focus_) {
        bool shown = false;
        for (const View& v : scene_.views())
            if (v.surface == pointer_focus_) focus_sx_ = px_ - v.x, focus_sy_ = py_ - v.y, shown = true;
        if (shown) return;
    }
    const auto hit = scene_.hit_test(px_, py_);
    if (hit) set_pointer_focus(hit->surface, hit->sx, hit->sy);
    else set_pointer_focus(nullptr, 0, 0);
}

void Seat::send_motion(uint32_t time_ms) {
    if (!pointer_focus_) return;
    wl_client* client = wl_resource_get_client(pointer_focus_->resource());
    for_each(pointers_, client,
             [&](wl_resource* p) { wl_pointer_send_motion(p, time_ms, fixed(focus_sx_), fixed(focus_sy_)); });
    pointer_events_sent(client);
}

void Seat::set_pointer_focus(Surface* surface, double sx, double sy) {
    if (surface == pointer_focus_) {
        focus_sx_ = sx, focus_sy_ = sy;
        return;
    }
    if (pointer_focus_) {
        const uint32_t serial = wl_display_next_serial(display_);
        wl_client* client = wl_resource_get_client(pointer_focus_->resource());
        bool sent = false;
        for_each(pointers_, client, [&](wl_resource* p) {
            wl_pointer_send_leave(p, serial, pointer_focus_->resource());
            sent = true;
        });
        pointer_events_sent(client);
        if (sent) record_input_serial(client, serial);
    }
    pointer_focus_destroy_.disconnect();
    pointer_focus_ = surface;
    focus_sx_ = sx, focus_sy_ = sy;
    // A new client sets its own cursor (until then none is drawn).
    cursor_surface_ = nullptr;
    cursor_destroy_.disconnect();
    update_cursor();
    if (!surface) return;
    pointer_focus_destroy_.connect_destroy(surface->resource());
    enter_serial_ = wl_display_next_serial(display_);
    wl_client* client = wl_resource_get_client(surface->resource());
    bool sent = false;
    for_each(pointers_, client, [&](wl_resource* p) {
        wl_pointer_send_enter(p, enter_serial_, surface->resource(), fixed(sx), fixed(sy));
        sent = true;
    });
    pointer_events_sent(client);
    if (sent) record_input_serial(client, enter_serial_);
}

void Seat::pointer_button(uint32_t button, bool pressed, uint32_t time_ms) {
    last_time_ms_ = time_ms;
    if (pressed) {
        // Popups with a grab close on a click elsewhere, and that click goes
        // no further (a client never sees a button after its popup_done for
        // it); otherwise click to focus and raise.
        const auto hit = scene_.hit_test(px_, py_);
        if (scene_.pointer_pressed(hit ? hit->node : nullptr)) {
            swallowed_buttons_.push_back(button);
            return;
        }
        pressed_buttons_.push_back(button);
        if (hit && scene_.is_mapped(hit->node)) scene_.activate(hit->node);
    } else {
        // The release of a swallowed press is swallowed too.
        auto swallowed = std::find(swallowed_buttons_.begin(), swallowed_buttons_.end(), button);
        if (swallowed != swallowed_buttons_.end()) {
            swallowed_buttons_.erase(swallowed);
            return;
        }
        auto it = std::find(pressed_buttons_.begin(), pressed_buttons_.end(), button);
        if (it == pressed_buttons_.end()) return; // never pressed: nothing to release
        pressed_buttons_.erase(it);
    }
    if (pointer_focus_) {
        const uint32_t serial = wl_display_next_serial(display_);
        const uint32_t state = pressed ? WL_POINTER_BUTTON_STATE_PRESSED : WL_POINTER_BUTTON_STATE_RELEASED;
        wl_client* client = wl_resource_get_client(pointer_focus_->resource());
        bool sent = false;
        for_each(pointers_, client, [&](wl_resource* p) {
            wl_pointer_send_button(p, serial, time_ms, button, state);
            sent = true;
        });
        pointer_events_sent(client);
        if (sent) record_input_serial(client, serial);
        if (pressed) press_serial_ = serial, press_client_ = client;
    }
    if (!pressed && pressed_buttons_.empty()) {
        // The implicit grab, or a window grab, ends.
        if (grab_) {
            const std::unique_ptr<Grab> done = std::move(grab_);
            done->on_end();
        }
        refresh_pointer_focus();
    }
}

bool Seat::start_grab(const void* owner, wl_client* client, uint32_t serial,
                      std::function<void(double, double)> on_motion, std::function<void()> on_end) {
    // xdg-shell.xml, move: "The server may ignore move requests depending on
    // ... if the passed serial is no longer valid"; a grab needs the press
    // it names to still be held.
    if (session_locked_ || grab_ || pressed_buttons_.empty() || serial != press_serial_ || client != press_client_)
        return false;
    grab_ = std::make_unique<Grab>(Grab{owner, px_, py_, std::move(on_motion), std::move(on_end)});
    set_pointer_focus(nullptr, 0, 0); // the window's client gets leave
    return true;
}

void Seat::cancel_grab(const void* owner) {
    if (!grab_ || grab_->owner != owner) return;
    grab_.reset();
    refresh_pointer_focus();
}

void Seat::set_session_locked(bool locked) {
    session_locked_ = locked;
    if (!locked) return;
    if (grab_) {
        const std::unique_ptr<Grab> done = std::move(grab_);
        done->on_end();
    }
    keyboard_grab_ = nullptr;
    touch_.cancel();
    // The pointer may be over a lock surface now that no grab holds it.
    refresh_pointer_focus();
}

void Seat::pointer_axis(wl_pointer_axis axis, double value, uint32_t time_ms, int32_t discrete) {
    if (!pointer_focus_) return;
    wl_client* client = wl_resource_get_client(pointer_focus_->resource());
    for_each(pointers_, client, [&](wl_resource* p) {
        // wayland.xml: axis_discrete (deprecated from version 8, replaced by
        // axis_value120, 120 per step) comes before the axis event it
        // belongs to, in the same frame.
        const int version = wl_resource_get_version(p);
        if (discrete != 0 && version >= WL_POINTER_AXIS_VALUE120_SINCE_VERSION) {
            const int64_t v120 = std::clamp<int64_t>(int64_t(discrete) * 120, INT32_MIN, INT32_MAX);
            wl_pointer_send_axis_value120(p, axis, int32_t(v120));
        } else if (discrete != 0 && version >= WL_POINTER_AXIS_DISCRETE_SINCE_VERSION) {
            wl_pointer_send_axis_discrete(p, axis, discrete);
        }
        wl_pointer_send_axis(p, time_ms, axis, fixed(value));
    });
    pointer_events_sent(client);
}

void Seat::pointer_axis_source(wl_pointer_axis_source source) {
    if (!pointer_focus_) return;
    wl_client* client = wl_resource_get_client(pointer_focus_->resource());
    for_each(pointers_, client, [&](wl_resource* p) {
        // wl_pointer.axis_source values past version 5's need version 6.
        const int version = wl_resource_get_version(p);
        if (version < WL_POINTER_AXIS_SOURCE_SINCE_VERSION) return;
        if (source == WL_POINTER_AXIS_SOURCE_WHEEL_TILT && version < WL_POINTER_AXIS_SOURCE_WHEEL_TILT_SINCE_VERSION)
            return;
        wl_pointer_send_axis_source(p, source);
    });
    pointer_events_sent(client);
}

void Seat::pointer_axis_stop(wl_pointer_axis axis, uint32_t time_ms) {
    if (!pointer_focus_) return;
    wl_client* client = wl_resource_get_client(pointer_focus_->resource());
    for_each(pointers_, client, [&](wl_resource* p) {
        if (wl_resource_get_version(p) >= WL_POINTER_AXIS_STOP_SINCE_VERSION) wl_pointer_send_axis_stop(p, time_ms, axis);
    });
    pointer_events_sent(client);
}

void Seat::pointer_events_sent(wl_client* client) {
    if (in_pointer_frame_) {
        if (std::find(framed_clients_.begin(), framed_clients_.end(), client) == framed_clients_.end())
            framed_clients_.push_back(client);
        return;
    }
    for_each(pointers_, client, send_pointer_frame);
}

void Seat::begin_pointer_frame() {
    assert(!in_pointer_frame_);
    in_pointer_frame_ = true;
}

void Seat::end_pointer_frame() {
    assert(in_pointer_frame_);
    in_pointer_frame_ = false;
    // A client that lost its pointer focus within the frame still gets the
    // frame that ends its leave.
    const std::vector<wl_client*> clients = std::move(framed_clients_);
    framed_clients_.clear();
    for (wl_client* client : clients) pointer_events_sent(client);
}

void Seat::set_cursor(wl_resource* pointer, uint32_t serial, wl_resource* surface_resource, int32_t hx,
                      int32_t hy) {
    // wayland.xml, set_cursor: only the focused client, for its latest enter.
    if (!pointer_focus_ || wl_resource_get_client(pointer) != wl_resource_get_client(pointer_focus_->resource()) ||
        serial != enter_serial_)
        return;
    Surface* surface = surface_resource ? Surface::from(surface_resource) : nullptr;
    if (surface && !surface->set_role(kCursorRole, &cursor_role_)) {
        post_protocol_error(pointer, WL_POINTER_ERROR_ROLE, "wl_surface@%u already has the role %s",
                            wl_resource_get_id(surface_resource), surface->role_name());
        return;
    }
    cursor_destroy_.disconnect();
    cursor_surface_ = surface;
    hotspot_x_ = hx, hotspot_y_ = hy;
    if (surface) cursor_destroy_.connect_destroy(surface->resource());
    update_cursor();
}

void Seat::update_cursor() {
    if (cursor_surface_)
        scene_.set_cursor(cursor_surface_, int32_t(std::floor(px_)) - hotspot_x_,
                          int32_t(std::floor(py_)) - hotspot_y_);
    else
        scene_.set_cursor(nullptr, 0, 0);
}

void Seat::CursorRole::committed(Surface& s, const Region&) {
    if (&s == seat_.cursor_surface_) seat_.scene_.cursor_changed();
}

void Seat::CursorRole::surface_destroyed(Surface& s) {
    s.clear_role(this);
}

// --- keyboard ------------------------------------------------------------------

void Seat::add_keyboard(wl_resource* keyboard) {
    keyboards_.push_back(keyboard);
    send_keymap(keyboard);
    if (wl_resource_get_version(keyboard) >= WL_KEYBOARD_REPEAT_INFO_SINCE_VERSION)
        wl_keyboard_send_repeat_info(keyboard, kRepeatRate, kRepeatDelay);
    // A keyboard made while its client has focus gets enter at once.
    if (keyboard_focus_ && wl_resource_get_client(keyboard) == wl_resource_get_client(keyboard_focus_->resource())) {
        send_keyboard_enter(keyboard);
        const Keymap::Modifiers m = active_->keymap->modifiers();
        const uint32_t serial = wl_display_next_serial(display_);
        wl_keyboard_send_modifiers(keyboard, serial, m.depressed, m.latched, m.locked, m.group);
        record_input_serial(wl_resource_get_client(keyboard), serial);
    }
}

void Seat::send_keymap(wl_resource* keyboard) {
    const Keymap& keymap = *active_->keymap;
    uint64_t& sent = keymap_sent_[keyboard];
    if (sent == keymap.id()) return;
    // Each client gets an open file description of its own: one that seeks
    // its keymap fd, or read()s it to the end, moves no other client's
    // offset. libwayland sends a duplicate; ours is closed on return.
    const Fd fd = keymap.open_for_client();
    if (!fd) {
        wl_client_post_no_memory(wl_resource_get_client(keyboard)); // out of fds
        return;
    }
    sent = keymap.id();
    wl_keyboard_send_keymap(keyboard, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd.get(), keymap.size());
}

void Seat::send_keymap_to(wl_client* client) {
    for_each(keyboards_, client, [&](wl_resource* k) { send_keymap(k); });
}

void Seat::send_keyboard_enter(wl_resource* keyboard) {
    wl_array keys;
    wl_array_init(&keys);
    for (uint32_t k : active_->pressed) *static_cast<uint32_t*>(wl_array_add(&keys, sizeof k)) = k;
    const uint32_t serial = wl_display_next_serial(display_);
    wl_keyboard_send_enter(keyboard, serial, keyboard_focus_->resource(), &keys);
    wl_array_release(&keys);
    record_input_serial(wl_resource_get_client(keyboard), serial);
}

void Seat::send_modifiers(wl_client* client) {
    const Keymap::Modifiers m = active_->keymap->modifiers();
    const uint32_t serial = wl_display_next_serial(display_);
    bool sent = false;
    for_each(keyboards_, client, [&](wl_resource* k) {
        wl_keyboard_send_modifiers(k, serial, m.depressed, m.latched, m.locked, m.group);
        sent = true;
    });
    if (sent) record_input_serial(client, serial);
}

wl_client* Seat::keyboard_focus_client() const {
    return keyboard_focus_ ? wl_resource_get_client(keyboard_focus_->resource()) : nullptr;
}

void Seat::record_input_serial(wl_client* client, uint32_t serial) {
    if (!client || client != keyboard_focus_client()) return;
    if (focus_serials_.size() == kInputSerialHistory) focus_serials_.erase(focus_serials_.begin());
    focus_serials_.push_back(serial);
}

bool Seat::is_focused_input_serial(wl_client* client, uint32_t serial) const {
    return client && client == keyboard_focus_client() &&
           std::find(focus_serials_.begin(), focus_serials_.end(), serial) != focus_serials_.end();
}

void Seat::set_keyboard_focus(Surface* surface) {
    if (surface == keyboard_focus_) return;
    if (keyboard_focus_) {
        const uint32_t serial = wl_display_next_serial(display_);
        for_each(keyboards_, wl_resource_get_client(keyboard_focus_->resource()),
                 [&](wl_resource* k) { wl_keyboard_send_leave(k, serial, keyboard_focus_->resource()); });
    }
    // A new focus period begins unless the focus stays with the same client
    // (another of its windows): the serials of earlier ones go.
    if (!surface || wl_resource_get_client(surface->resource()) != keyboard_focus_client()) focus_serials_.clear();
    keyboard_focus_destroy_.disconnect();
    keyboard_focus_ = surface;
    if (surface) {
        keyboard_focus_destroy_.connect_destroy(surface->resource());
        wl_client* client = wl_resource_get_client(surface->resource());
        send_keymap_to(client); // the keymap in use, if it has another
        for_each(keyboards_, client, [&](wl_resource* k) { send_keyboard_enter(k); });
        send_modifiers(client);
    }
    wl_signal_emit(&keyboard_focus_changed_, surface);
    if (on_input_changed) on_input_changed();
}

void Seat::use_source(KeyboardSource& source) {
    if (&source == active_) return;
    active_ = &source;
    // The focused client gets the keymap now (wl_keyboard.keymap may come
    // at any time) and this source's modifiers; others when they get the
    // focus.
    if (!keyboard_focus_) return;
    wl_client* client = wl_resource_get_client(keyboard_focus_->resource());
    send_keymap_to(client);
    send_modifiers(client);
}

void Seat::keyboard_key(uint32_t key, bool pressed, uint32_t time_ms) { keyboard_key(own_keyboard_, key, pressed, time_ms); }

void Seat::keyboard_key(KeyboardSource& source, uint32_t key, bool pressed, uint32_t time_ms) {
    assert(source.keymap);
    auto& held = source.pressed;
    auto it = std::find(held.begin(), held.end(), key);
    if (pressed == (it != held.end())) return; // no change (repeat or stray release)
    // A key the keymap does not have means nothing to any client; past the
    // cap the press is dropped (and so, later, its release).
    if (pressed && (held.size() >= kMaxPressedKeys || !source.keymap->has_key(key))) return;
    use_source(source);
    source.last_time_ms = time_ms;
    if (pressed) held.push_back(key);
    else held.erase(it);
    const bool modifiers_changed = source.keymap->update_key(key, pressed);
    if (keyboard_grab_ && keyboard_grab_->grabs(source)) {
        keyboard_grab_->key(source, time_ms, key, pressed);
        if (modifiers_changed) keyboard_grab_->modifiers(source);
        return;
    }
    if (!keyboard_focus_) return;
    wl_client* client = wl_resource_get_client(keyboard_focus_->resource());
    const uint32_t serial = wl_display_next_serial(display_);
    const uint32_t state = pressed ? WL_KEYBOARD_KEY_STATE_PRESSED : WL_KEYBOARD_KEY_STATE_RELEASED;
    bool sent = false;
    for_each(keyboards_, client, [&](wl_resource* k) {
        wl_keyboard_send_key(k, serial, time_ms, key, state);
        sent = true;
    });
    if (sent) record_input_serial(client, serial);
    if (modifiers_changed) send_modifiers(client);
}

void Seat::keyboard_modifiers(KeyboardSource& source, const Keymap::Modifiers& modifiers) {
    assert(source.keymap);
    const bool changed = source.keymap->set_modifiers(modifiers);
    if (keyboard_grab_ && keyboard_grab_->grabs(source)) {
        if (changed) keyboard_grab_->modifiers(source);
        return;
    }
    if (&source != active_) {
        use_source(source); // sends its keymap and modifiers
        return;
    }
    if (changed && keyboard_focus_) send_modifiers(wl_resource_get_client(keyboard_focus_->resource()));
}

void Seat::keymap_changed(KeyboardSource& source) {
    if (&source != active_ || !keyboard_focus_) return;
    wl_client* client = wl_resource_get_client(keyboard_focus_->resource());
    send_keymap_to(client);
    send_modifiers(client);
}

void Seat::remove_keyboard_source(KeyboardSource& source) {
    assert(&source != &own_keyboard_);
    // Its keys would otherwise stay down for the focused client (and repeat).
    const std::vector<uint32_t> held = source.pressed;
    for (auto k = held.rbegin(); k != held.rend(); ++k) keyboard_key(source, *k, false, source.last_time_ms);
    if (active_ == &source) use_source(own_keyboard_);
}

} // namespace shoji
