// ext_session_lock_v1: while the session is locked nothing but lock surfaces
// is drawn (pixels) or gets input; `locked` comes only once every output
// shows a lock surface's buffer; a second lock is refused; every error the
// protocol names; a locker that dies leaves the session locked until a new
// lock or `ctl unlock` ends it; the unlock gives the windows back their
// pixels and their focus.
#include <linux/input-event-codes.h>
#include <unistd.h>

#include "control/controller.hpp"
#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "output/output.hpp"
#include "seat/wl_seat.hpp"
#include "shell/ext_session_lock_manager_v1.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "ext-session-lock-v1-client-protocol.h"
#include "input-method-unstable-v2-client-protocol.h"
#include "pointer-constraints-unstable-v1-client-protocol.h"

namespace shoji::test {
namespace {

// One ext_session_lock_v1 as its client sees it.
struct Lock {
    ext_session_lock_v1* lock = nullptr;
    int locked = 0, finished = 0;
};

const ext_session_lock_v1_listener lock_listener = {
    [](void* d, ext_session_lock_v1*) { ++static_cast<Lock*>(d)->locked; },
    [](void* d, ext_session_lock_v1*) { ++static_cast<Lock*>(d)->finished; },
};

// One lock surface as its client sees it.
struct LockSurfaceState {
    wl_surface* surface = nullptr;
    ext_session_lock_surface_v1* lock_surface = nullptr;
    uint32_t serial = 0, width = 0, height = 0;
    int configures = 0;
    std::unique_ptr<Buffer> buffer;
};

const ext_session_lock_surface_v1_listener lock_surface_listener = {
    [](void* d, ext_session_lock_surface_v1*, uint32_t serial, uint32_t w, uint32_t h) {
        auto* s = static_cast<LockSurfaceState*>(d);
        s->serial = serial, s->width = w, s->height = h;
        ++s->configures;
    },
};

constexpr uint32_t kLockColour = 0xff336699;

// What an input method's keyboard grab was sent: the keys (evdev codes).
struct ImGrab {
    std::vector<uint32_t> keys;
};
const zwp_input_method_keyboard_grab_v2_listener im_grab_listener = {
    /* keymap */ [](void*, zwp_input_method_keyboard_grab_v2*, uint32_t, int32_t fd, uint32_t) { close(fd); },
    /* key */
    [](void* d, zwp_input_method_keyboard_grab_v2*, uint32_t, uint32_t, uint32_t key, uint32_t) {
        static_cast<ImGrab*>(d)->keys.push_back(key);
    },
    /* modifiers */ [](void*, zwp_input_method_keyboard_grab_v2*, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) {},
    /* repeat_info */ [](void*, zwp_input_method_keyboard_grab_v2*, int32_t, int32_t) {},
};

// What a wl_touch was sent: downs and cancels.
struct TouchSeen {
    int downs = 0, motions = 0, cancels = 0;
};
const wl_touch_listener touch_seen_listener = {
    /* down */
    [](void* d, wl_touch*, uint32_t, uint32_t, wl_surface*, int32_t, wl_fixed_t, wl_fixed_t) {
        ++static_cast<TouchSeen*>(d)->downs;
    },
    /* up */ [](void*, wl_touch*, uint32_t, uint32_t, int32_t) {},
    /* motion */
    [](void* d, wl_touch*, uint32_t, int32_t, wl_fixed_t, wl_fixed_t) { ++static_cast<TouchSeen*>(d)->motions; },
    /* frame */ [](void*, wl_touch*) {},
    /* cancel */ [](void* d, wl_touch*) { ++static_cast<TouchSeen*>(d)->cancels; },
    /* shape */ [](void*, wl_touch*, int32_t, wl_fixed_t, wl_fixed_t) {},
    /* orientation */ [](void*, wl_touch*, int32_t, wl_fixed_t) {},
};

// A zwp_locked_pointer_v1's locked and unlocked events.
struct PointerLockSeen {
    int locked = 0, unlocked = 0;
};
const zwp_locked_pointer_v1_listener pointer_lock_listener = {
    [](void* d, zwp_locked_pointer_v1*) { ++static_cast<PointerLockSeen*>(d)->locked; },
    [](void* d, zwp_locked_pointer_v1*) { ++static_cast<PointerLockSeen*>(d)->unlocked; },
};

class SessionLockTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        app = &connect();
        locker = &connect();
        manager = bind_global<ext_session_lock_manager_v1>(*locker, &ext_session_lock_manager_v1_interface, 1);
        ASSERT_NE(manager, nullptr);
        output = bind_global<wl_output>(*locker, &wl_output_interface, 1);
        ASSERT_NE(output, nullptr);
        control = std::make_unique<Controller>(*server);
    }
    void TearDown() override {
        surfaces.clear();
        locks.clear();
        keyboard.reset();
        pointer.reset();
        window.reset();
        control.reset();
        ShojiTest::TearDown();
    }

    // A window of the app, with its keyboard and pointer, focused.
    void map_app_window() {
        window = std::make_unique<Window>(map_window(*app, 200, 150, kRed));
        keyboard = app->get_keyboard();
        pointer = app->get_pointer();
        ASSERT_TRUE(app->dispatch_until([&] { return keyboard->focus == window->surface(); }));
        server->seat().pointer_warp(window->x + 10, window->y + 10, ++time_);
        ASSERT_TRUE(app->dispatch_until([&] { return pointer->focus == window->surface(); }));
    }
    Lock& lock(TestClient& c, ext_session_lock_manager_v1* m) {
        locks.push_back(std::make_unique<Lock>());
        Lock& l = *locks.back();
        l.lock = ext_session_lock_manager_v1_lock(m);
        ext_session_lock_v1_add_listener(l.lock, &lock_listener, &l);
        c.roundtrip();
        return l;
    }
    Lock& lock() { return lock(*locker, manager); }
    // A lock surface on the output, configured (not acked).
    LockSurfaceState& lock_surface(TestClient& c, Lock& l, wl_output* on) {
        surfaces.push_back(std::make_unique<LockSurfaceState>());
        LockSurfaceState& s = *surfaces.back();
        s.surface = wl_compositor_create_surface(c.compositor);
        s.lock_surface = ext_session_lock_v1_get_lock_surface(l.lock, s.surface, on);
        ext_session_lock_surface_v1_add_listener(s.lock_surface, &lock_surface_listener, &s);
        EXPECT_TRUE(c.dispatch_until([&] { return s.configures > 0; }));
        return s;
    }
    LockSurfaceState& lock_surface(Lock& l) { return lock_surface(*locker, l, output); }
    // Acks (unless done) and commits a buffer of the configured size.
    void show(TestClient& c, LockSurfaceState& s, bool ack = true) {
        if (ack) ext_session_lock_surface_v1_ack_configure(s.lock_surface, s.serial);
        s.buffer = c.make_buffer(int32_t(s.width), int32_t(s.height), WL_SHM_FORMAT_XRGB8888);
        s.buffer->fill(kLockColour);
        c.commit_buffer(s.surface, *s.buffer);
        wl_surface_commit(s.surface);
        c.roundtrip();
    }
    // Locked, with a lock surface shown: `locked` received.
    Lock& locked_session() {
        Lock& l = lock();
        show(*locker, lock_surface(l));
        EXPECT_TRUE(locker->dispatch_until([&] { return l.locked == 1; }));
        repaint(*locker);
        return l;
    }
    Box output_box() const { return server->output()->layout_box(); }
    // The app's window is neither drawn nor given input.
    void expect_app_shut_out() {
        repaint(*app);
        EXPECT_NE(pixel(window->x + 10, window->y + 10), kRed) << "the window is still drawn";
        EXPECT_EQ(keyboard->focus, nullptr) << "the window still has the keyboard";
        EXPECT_EQ(pointer->focus, nullptr) << "the window still has the pointer";
        const size_t keys = keyboard->keys.size(), buttons = pointer->count(PointerEvent::Button),
                     motions = pointer->count(PointerEvent::Motion);
        server->seat().pointer_warp(window->x + 20, window->y + 20, ++time_);
        server->seat().pointer_button(BTN_LEFT, true, ++time_);
        server->seat().pointer_button(BTN_LEFT, false, ++time_);
        server->seat().keyboard_key(KEY_A, true, ++time_);
        server->seat().keyboard_key(KEY_A, false, ++time_);
        app->roundtrip();
        EXPECT_EQ(keyboard->keys.size(), keys);
        EXPECT_EQ(pointer->count(PointerEvent::Button), buttons);
        EXPECT_EQ(pointer->count(PointerEvent::Motion), motions);
        EXPECT_EQ(pointer->focus, nullptr);
    }

    TestClient* app = nullptr;
    TestClient* locker = nullptr;
    ext_session_lock_manager_v1* manager = nullptr;
    wl_output* output = nullptr;
    std::unique_ptr<Controller> control;
    std::unique_ptr<Window> window;
    std::unique_ptr<Keyboard> keyboard;
    std::unique_ptr<Pointer> pointer;
    std::vector<std::unique_ptr<Lock>> locks;
    std::vector<std::unique_ptr<LockSurfaceState>> surfaces;
    uint32_t time_ = 0;
};

TEST_F(SessionLockTest, the_global_is_version_1) {
    EXPECT_EQ(locker->globals.at("ext_session_lock_manager_v1"), 1u);
}

TEST_F(SessionLockTest, lock_hides_every_other_surface_and_takes_its_input_at_once) {
    map_app_window();
    ASSERT_EQ(pixel(window->x + 10, window->y + 10), kRed);
    Lock& l = lock();
    EXPECT_EQ(l.locked, 0);
    EXPECT_TRUE(server->session_lock().locked());
    // No lock surface yet: the background colour, and no input for the app.
    expect_app_shut_out();
    EXPECT_EQ(pixel(window->x + 10, window->y + 10), background());
}

TEST_F(SessionLockTest, a_button_held_on_a_window_does_not_keep_the_pointer_there) {
    map_app_window();
    server->seat().pointer_button(BTN_LEFT, true, ++time_);
    ASSERT_TRUE(app->dispatch_until([&] { return pointer->count(PointerEvent::Button) == 1; }));
    lock();
    ASSERT_TRUE(app->dispatch_until([&] { return pointer->focus == nullptr; }));
    const size_t buttons = pointer->count(PointerEvent::Button);
    server->seat().pointer_button(BTN_LEFT, false, ++time_);
    app->roundtrip();
    EXPECT_EQ(pointer->count(PointerEvent::Button), buttons) << "the release reached the hidden window";
}

TEST_F(SessionLockTest, locked_is_sent_only_once_the_lock_surface_shows_a_buffer) {
    map_app_window();
    Lock& l = lock();
    LockSurfaceState& s = lock_surface(l);
    const Box box = output_box();
    EXPECT_EQ(s.width, uint32_t(box.width));
    EXPECT_EQ(s.height, uint32_t(box.height));
    ext_session_lock_surface_v1_ack_configure(s.lock_surface, s.serial);
    locker->roundtrip();
    EXPECT_EQ(l.locked, 0) << "locked before any lock surface shows";
    show(*locker, s, false);
    ASSERT_TRUE(locker->dispatch_until([&] { return l.locked == 1; }));
    repaint(*locker);
    EXPECT_EQ(pixel(window->x + 10, window->y + 10), kLockColour);
    EXPECT_EQ(pixel(0, 0), kLockColour);
    EXPECT_EQ(pixel(box.width - 1, box.height - 1), kLockColour);
    expect_app_shut_out();
    // The lock surface gets the input instead.
    auto lock_keyboard = locker->get_keyboard();
    auto lock_pointer = locker->get_pointer();
    server->seat().pointer_warp(30, 30, ++time_);
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_keyboard->focus == s.surface; }));
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_pointer->focus == s.surface; }));
    server->seat().keyboard_key(KEY_A, true, ++time_);
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_keyboard->keys.size() == 1; }));
    EXPECT_EQ(l.locked, 1);
}

TEST_F(SessionLockTest, a_second_lock_while_locked_is_finished_at_once) {
    Lock& first = locked_session();
    TestClient& other = connect();
    auto* m = bind_global<ext_session_lock_manager_v1>(other, &ext_session_lock_manager_v1_interface, 1);
    Lock& second = lock(other, m);
    ASSERT_TRUE(other.dispatch_until([&] { return second.finished == 1; }));
    EXPECT_EQ(second.locked, 0);
    // Its lock surfaces are never shown; destroying it is allowed.
    auto* o = bind_global<wl_output>(other, &wl_output_interface, 1);
    LockSurfaceState& s = lock_surface(other, second, o);
    ext_session_lock_surface_v1_ack_configure(s.lock_surface, s.serial);
    s.buffer = other.make_buffer(int32_t(s.width), int32_t(s.height), WL_SHM_FORMAT_XRGB8888);
    s.buffer->fill(kGreen);
    other.commit_buffer(s.surface, *s.buffer);
    repaint(other);
    EXPECT_EQ(pixel(5, 5), kLockColour);
    ext_session_lock_v1_destroy(second.lock);
    EXPECT_TRUE(other.roundtrip());
    EXPECT_EQ(first.finished, 0);
}

TEST_F(SessionLockTest, unlock_gives_the_windows_back_their_pixels_and_focus) {
    map_app_window();
    Lock& l = locked_session();
    expect_app_shut_out();
    ext_session_lock_v1_unlock_and_destroy(l.lock);
    ASSERT_TRUE(locker->roundtrip());
    EXPECT_FALSE(server->session_lock().locked());
    ASSERT_TRUE(app->dispatch_until([&] { return keyboard->focus == window->surface(); }));
    repaint(*app);
    EXPECT_EQ(pixel(window->x + 10, window->y + 10), kRed);
    EXPECT_EQ(pixel(0, 0), background()) << "the lock surface is still drawn";
    server->seat().pointer_warp(window->x + 30, window->y + 30, ++time_);
    ASSERT_TRUE(app->dispatch_until([&] { return pointer->focus == window->surface(); }));
    server->seat().keyboard_key(KEY_B, true, ++time_);
    ASSERT_TRUE(app->dispatch_until([&] { return !keyboard->keys.empty(); }));
}

TEST_F(SessionLockTest, a_locker_that_dies_leaves_the_session_locked_until_ctl_unlock) {
    map_app_window();
    locked_session();
    EXPECT_FALSE(control->unlock().ok()) << "ctl unlock ended a lock whose client is alive";
    surfaces.clear(); // (their buffers are the locker's)
    locks.clear();
    clients.erase(std::find_if(clients.begin(), clients.end(), [&](const auto& c) { return c.get() == locker; }));
    locker = nullptr;
    repaint(*app);
    EXPECT_TRUE(server->session_lock().locked());
    EXPECT_EQ(server->session_lock().holder(), nullptr);
    // Its surfaces are gone: the background colour, and still no input.
    EXPECT_EQ(pixel(window->x + 10, window->y + 10), background());
    expect_app_shut_out();
    // ctl unlock ends it.
    ASSERT_TRUE(control->unlock().ok());
    EXPECT_FALSE(server->session_lock().locked());
    ASSERT_TRUE(app->dispatch_until([&] { return keyboard->focus == window->surface(); }));
    repaint(*app);
    EXPECT_EQ(pixel(window->x + 10, window->y + 10), kRed);
    EXPECT_FALSE(control->unlock().ok()) << "ctl unlock of an unlocked session";
}

TEST_F(SessionLockTest, a_locker_that_destroys_its_lock_before_locked_leaves_the_session_locked) {
    map_app_window();
    Lock& l = lock();
    ext_session_lock_v1_destroy(l.lock);
    ASSERT_TRUE(locker->roundtrip());
    EXPECT_TRUE(server->session_lock().locked());
    expect_app_shut_out();
    // A new locker takes over, and its unlock ends it.
    Lock& again = lock();
    EXPECT_EQ(again.finished, 0);
    show(*locker, lock_surface(again));
    ASSERT_TRUE(locker->dispatch_until([&] { return again.locked == 1; }));
    ext_session_lock_v1_unlock_and_destroy(again.lock);
    ASSERT_TRUE(locker->roundtrip());
    EXPECT_FALSE(server->session_lock().locked());
    ASSERT_TRUE(app->dispatch_until([&] { return keyboard->focus == window->surface(); }));
}

// --- errors ---------------------------------------------------------------

TEST_F(SessionLockTest, destroy_after_locked_is_invalid_destroy_and_the_session_stays_locked) {
    Lock& l = locked_session();
    EXPECT_PROTOCOL_ERROR_ON_DESTROYED(*locker, ext_session_lock_v1_destroy(l.lock),
                                       EXT_SESSION_LOCK_V1_ERROR_INVALID_DESTROY);
    repaint(*app);
    EXPECT_TRUE(server->session_lock().locked());
}

TEST_F(SessionLockTest, unlock_before_locked_is_invalid_unlock) {
    Lock& l = lock();
    EXPECT_PROTOCOL_ERROR_ON_DESTROYED(*locker, ext_session_lock_v1_unlock_and_destroy(l.lock),
                                       EXT_SESSION_LOCK_V1_ERROR_INVALID_UNLOCK);
    app->roundtrip();
    EXPECT_TRUE(server->session_lock().locked());
}

TEST_F(SessionLockTest, a_surface_with_another_role_is_role) {
    Lock& l = lock();
    auto toplevel = locker->make_toplevel();
    EXPECT_PROTOCOL_ERROR(*locker, ext_session_lock_v1_get_lock_surface(l.lock, toplevel->surface, output),
                          &ext_session_lock_v1_interface, EXT_SESSION_LOCK_V1_ERROR_ROLE);
}

TEST_F(SessionLockTest, a_second_lock_surface_for_an_output_is_duplicate_output) {
    Lock& l = lock();
    lock_surface(l);
    wl_surface* second = wl_compositor_create_surface(locker->compositor);
    EXPECT_PROTOCOL_ERROR(*locker, ext_session_lock_v1_get_lock_surface(l.lock, second, output),
                          &ext_session_lock_v1_interface, EXT_SESSION_LOCK_V1_ERROR_DUPLICATE_OUTPUT);
}

TEST_F(SessionLockTest, a_surface_with_a_buffer_is_already_constructed) {
    Lock& l = lock();
    wl_surface* surface = wl_compositor_create_surface(locker->compositor);
    auto buffer = locker->make_buffer(16, 16);
    wl_surface_attach(surface, buffer->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(*locker, ext_session_lock_v1_get_lock_surface(l.lock, surface, output),
                          &ext_session_lock_v1_interface, EXT_SESSION_LOCK_V1_ERROR_ALREADY_CONSTRUCTED);
}

TEST_F(SessionLockTest, a_commit_before_the_first_ack_is_commit_before_first_ack) {
    Lock& l = lock();
    LockSurfaceState& s = lock_surface(l);
    EXPECT_PROTOCOL_ERROR(*locker, wl_surface_commit(s.surface), &ext_session_lock_surface_v1_interface,
                          EXT_SESSION_LOCK_SURFACE_V1_ERROR_COMMIT_BEFORE_FIRST_ACK);
}

TEST_F(SessionLockTest, a_commit_without_a_buffer_is_null_buffer) {
    Lock& l = lock();
    LockSurfaceState& s = lock_surface(l);
    ext_session_lock_surface_v1_ack_configure(s.lock_surface, s.serial);
    EXPECT_PROTOCOL_ERROR(*locker, wl_surface_commit(s.surface), &ext_session_lock_surface_v1_interface,
                          EXT_SESSION_LOCK_SURFACE_V1_ERROR_NULL_BUFFER);
}

TEST_F(SessionLockTest, removing_the_buffer_is_null_buffer) {
    Lock& l = lock();
    LockSurfaceState& s = lock_surface(l);
    show(*locker, s);
    ASSERT_TRUE(locker->dispatch_until([&] { return l.locked == 1; }));
    wl_surface_attach(s.surface, nullptr, 0, 0);
    EXPECT_PROTOCOL_ERROR(*locker, wl_surface_commit(s.surface), &ext_session_lock_surface_v1_interface,
                          EXT_SESSION_LOCK_SURFACE_V1_ERROR_NULL_BUFFER);
}

TEST_F(SessionLockTest, a_buffer_of_another_size_is_dimensions_mismatch) {
    Lock& l = lock();
    LockSurfaceState& s = lock_surface(l);
    ext_session_lock_surface_v1_ack_configure(s.lock_surface, s.serial);
    auto buffer = locker->make_buffer(int32_t(s.width) - 1, int32_t(s.height));
    wl_surface_attach(s.surface, buffer->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(*locker, wl_surface_commit(s.surface), &ext_session_lock_surface_v1_interface,
                          EXT_SESSION_LOCK_SURFACE_V1_ERROR_DIMENSIONS_MISMATCH);
    EXPECT_EQ(l.locked, 0);
}

TEST_F(SessionLockTest, an_unknown_or_reused_serial_is_invalid_serial) {
    Lock& l = lock();
    LockSurfaceState& s = lock_surface(l);
    ext_session_lock_surface_v1_ack_configure(s.lock_surface, s.serial);
    ASSERT_TRUE(locker->roundtrip());
    EXPECT_PROTOCOL_ERROR(*locker, ext_session_lock_surface_v1_ack_configure(s.lock_surface, s.serial),
                          &ext_session_lock_surface_v1_interface, EXT_SESSION_LOCK_SURFACE_V1_ERROR_INVALID_SERIAL);
}

TEST_F(SessionLockTest, an_error_leaves_the_other_clients_fine) {
    Bystander b = bystander();
    Lock& l = lock();
    LockSurfaceState& s = lock_surface(l);
    EXPECT_PROTOCOL_ERROR(*locker, ext_session_lock_surface_v1_ack_configure(s.lock_surface, s.serial + 1000),
                          &ext_session_lock_surface_v1_interface, EXT_SESSION_LOCK_SURFACE_V1_ERROR_INVALID_SERIAL);
    // The session stays locked (the locker died): ctl unlock, then the
    // bystander carries on.
    ASSERT_TRUE(control->unlock().ok());
    expect_bystander_fine(b);
}

// What locking ends (ext-session-lock-v1.xml, lock: the compositor stops
// "providing input to normal clients"): each of these would otherwise carry
// input past the lock screen, or keep it from the lock surface.

// An input method's keyboard grab would take every key typed into the lock
// screen: the password would go to the input method, and none to the locker.
TEST_F(SessionLockTest, locking_ends_the_input_methods_keyboard_grab) {
    map_app_window();
    TestClient& ic = connect();
    auto* ims = bind_global<zwp_input_method_manager_v2>(ic, &zwp_input_method_manager_v2_interface, 1);
    ASSERT_NE(ims, nullptr);
    zwp_input_method_v2* im = zwp_input_method_manager_v2_get_input_method(ims, ic.seat);
    ImGrab grabbed;
    zwp_input_method_keyboard_grab_v2* grab = zwp_input_method_v2_grab_keyboard(im);
    zwp_input_method_keyboard_grab_v2_add_listener(grab, &im_grab_listener, &grabbed);
    ASSERT_TRUE(ic.roundtrip());
    server->seat().keyboard_key(KEY_A, true, ++time_);
    server->seat().keyboard_key(KEY_A, false, ++time_);
    ASSERT_TRUE(ic.dispatch_until([&] { return grabbed.keys.size() == 2; })) << "the grab took no keys before the lock";

    auto lock_keyboard = locker->get_keyboard();
    locked_session();
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_keyboard->focus == surfaces.back()->surface; }));
    server->seat().keyboard_key(KEY_B, true, ++time_);
    server->seat().keyboard_key(KEY_B, false, ++time_);
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_keyboard->keys.size() == 2; }))
        << "the keys typed into the lock screen did not reach it";
    ASSERT_TRUE(ic.roundtrip());
    EXPECT_EQ(grabbed.keys.size(), 2u) << "the input method's grab still got the keys typed into the lock screen";

    // A new grab while locked gets no keys either.
    zwp_input_method_keyboard_grab_v2_release(grab);
    ImGrab again;
    grab = zwp_input_method_v2_grab_keyboard(im);
    zwp_input_method_keyboard_grab_v2_add_listener(grab, &im_grab_listener, &again);
    ASSERT_TRUE(ic.roundtrip());
    server->seat().keyboard_key(KEY_C, true, ++time_);
    server->seat().keyboard_key(KEY_C, false, ++time_);
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_keyboard->keys.size() == 4; }));
    ASSERT_TRUE(ic.roundtrip());
    EXPECT_TRUE(again.keys.empty()) << "a grab taken while locked got the lock screen's keys";
    zwp_input_method_keyboard_grab_v2_release(grab);
    zwp_input_method_v2_destroy(im);
    ASSERT_TRUE(ic.roundtrip());
}

// An interactive move holds the pointer for the window ("no surface has the
// pointer"): the lock surface would not get it until the button is released.
TEST_F(SessionLockTest, locking_ends_an_interactive_move) {
    map_app_window();
    server->seat().pointer_button(BTN_LEFT, true, ++time_);
    ASSERT_TRUE(app->dispatch_until([&] { return pointer->count(PointerEvent::Button) == 1; }));
    xdg_toplevel_move(window->toplevel->toplevel, app->seat, pointer->last(PointerEvent::Button)->serial);
    ASSERT_TRUE(app->dispatch_until([&] { return pointer->focus == nullptr; })) << "the move did not start";
    ASSERT_EQ(server->xdg_shell().toplevels().size(), 1u);
    const XdgToplevel& moved = *server->xdg_shell().toplevels()[0];
    const int32_t x0 = moved.x(), y0 = moved.y();

    auto lock_pointer = locker->get_pointer();
    Lock& l = lock();
    LockSurfaceState& s = lock_surface(l);
    show(*locker, s);
    server->seat().pointer_warp(window->x + 40, window->y + 40, ++time_);
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_pointer->focus == s.surface; }))
        << "the move kept the pointer from the lock surface";
    EXPECT_EQ(moved.x(), x0) << "the hidden window still follows the pointer";
    EXPECT_EQ(moved.y(), y0);
    server->seat().pointer_button(BTN_LEFT, false, ++time_);
    ASSERT_TRUE(locker->roundtrip());
}

// A grabbing popup (a menu) is dismissed: "locking the screen" is one of the
// ways xdg_popup.grab names; else the lock screen's first click would only
// end the hidden menu's grab.
TEST_F(SessionLockTest, locking_dismisses_grabbing_popups) {
    map_app_window();
    server->seat().pointer_button(BTN_LEFT, true, ++time_);
    server->seat().pointer_button(BTN_LEFT, false, ++time_);
    ASSERT_TRUE(app->dispatch_until([&] { return pointer->count(PointerEvent::Button) == 2; }));
    const uint32_t press = pointer->events.size() >= 2 ? pointer->last(PointerEvent::Button)->serial : 0;
    xdg_positioner* positioner = xdg_wm_base_create_positioner(app->wm_base);
    xdg_positioner_set_size(positioner, 30, 30);
    xdg_positioner_set_anchor_rect(positioner, 0, 0, 1, 1);
    wl_surface* menu = wl_compositor_create_surface(app->compositor);
    xdg_surface* menu_xdg = xdg_wm_base_get_xdg_surface(app->wm_base, menu);
    xdg_popup* popup = xdg_surface_get_popup(menu_xdg, window->toplevel->xdg, positioner);
    xdg_positioner_destroy(positioner);
    PopupEvents events;
    listen_to_popup(menu_xdg, popup, &events);
    xdg_popup_grab(popup, app->seat, press);
    wl_surface_commit(menu);
    ASSERT_TRUE(app->dispatch_until([&] { return events.configures > 0; }));
    xdg_surface_ack_configure(menu_xdg, events.serial);
    auto menu_buffer = app->make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
    menu_buffer->fill(kBlue);
    app->commit_buffer(menu, *menu_buffer);
    ASSERT_TRUE(app->commit_and_wait_frame(menu));

    auto lock_pointer = locker->get_pointer();
    locked_session();
    ASSERT_TRUE(app->dispatch_until([&] { return events.done; })) << "the grabbing popup was not dismissed";
    server->seat().pointer_warp(window->x + 50, window->y + 50, ++time_);
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_pointer->focus == surfaces.back()->surface; }));
    server->seat().pointer_button(BTN_LEFT, true, ++time_);
    server->seat().pointer_button(BTN_LEFT, false, ++time_);
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_pointer->count(PointerEvent::Button) == 2; }))
        << "the lock screen's first click did not reach it";

    xdg_popup_destroy(popup);
    xdg_surface_destroy(menu_xdg);
    wl_surface_destroy(menu);
    ASSERT_TRUE(app->roundtrip());
}

// Touch points keep going to the surface they went down on: locking cancels
// them (wl_touch.cancel), and their motion reaches nobody.
TEST_F(SessionLockTest, locking_cancels_the_touch_points) {
    map_app_window();
    wl_touch* touch = wl_seat_get_touch(app->seat);
    TouchSeen seen;
    wl_touch_add_listener(touch, &touch_seen_listener, &seen);
    ASSERT_TRUE(app->roundtrip());
    ASSERT_TRUE(server->seat().touch_down(0, window->x + 10, window->y + 10, ++time_));
    ASSERT_TRUE(app->dispatch_until([&] { return seen.downs == 1; }));
    lock();
    ASSERT_TRUE(app->dispatch_until([&] { return seen.cancels == 1; })) << "the touch point was not cancelled";
    EXPECT_FALSE(server->seat().touch_is_down(0));
    EXPECT_FALSE(server->seat().touch_motion(0, window->x + 20, window->y + 20, ++time_));
    ASSERT_TRUE(app->roundtrip());
    EXPECT_EQ(seen.motions, 0) << "touch motion reached the hidden window";
    wl_touch_release(touch);
    ASSERT_TRUE(app->roundtrip());
}

// A pointer lock of the app's window ends (unlocked) and stays inactive:
// the pointer moves over the lock screen.
TEST_F(SessionLockTest, locking_leaves_pointer_constraints_inactive) {
    map_app_window();
    auto* constraints = bind_global<zwp_pointer_constraints_v1>(*app, &zwp_pointer_constraints_v1_interface, 1);
    ASSERT_NE(constraints, nullptr);
    zwp_locked_pointer_v1* held = zwp_pointer_constraints_v1_lock_pointer(
        constraints, window->surface(), pointer->pointer, nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT);
    PointerLockSeen seen;
    zwp_locked_pointer_v1_add_listener(held, &pointer_lock_listener, &seen);
    ASSERT_TRUE(app->dispatch_until([&] { return seen.locked == 1; }));

    auto lock_pointer = locker->get_pointer();
    locked_session();
    ASSERT_TRUE(app->dispatch_until([&] { return seen.unlocked == 1; })) << "the pointer lock stayed active";
    server->seat().pointer_warp(window->x + 60, window->y + 60, ++time_);
    ASSERT_TRUE(locker->dispatch_until([&] { return lock_pointer->focus == surfaces.back()->surface; }));
    EXPECT_EQ(server->seat().pointer_x(), window->x + 60) << "the pointer is still held";
    ASSERT_TRUE(app->roundtrip());
    EXPECT_EQ(seen.locked, 1) << "the pointer lock came back while the session is locked";
    zwp_locked_pointer_v1_destroy(held);
    ASSERT_TRUE(app->roundtrip());
}

} // namespace
} // namespace shoji::test
