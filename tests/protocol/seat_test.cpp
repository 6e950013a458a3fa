// wl_seat as a client sees it: capabilities, the keyboard's keymap, focus,
// keys and modifiers, pointer enter/leave/motion/button/axis/frame, cursor
// surfaces, click to raise, and copy and paste through wl_data_device.
//
// Input is injected through Server::seat() (layout coordinates, evdev codes),
// as a nested backend's devices would send it.
#include <fcntl.h>
#include <linux/input-event-codes.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "harness/fd_table.hpp"
#include "harness/fixture.hpp"
#include "control/controller.hpp"
#include "output/output.hpp"
#include "seat/data_device.hpp"
#include "seat/keymap.hpp"
#include "seat/wl_seat.hpp"

namespace shoji::test {
namespace {

// xkbcommon's fixed order of the core modifiers: Shift is bit 0.
constexpr uint32_t kShiftMask = 1u << 0;
constexpr const char* kTextMime = "text/plain;charset=utf-8";

class SeatTest : public ShojiTest {
protected:
    static bool has_state(const Toplevel& t, uint32_t state) {
        return std::find(t.states.begin(), t.states.end(), state) != t.states.end();
    }

    Seat& seat() { return server->seat(); }
};

// --- wl_seat -----------------------------------------------------------------

TEST_F(SeatTest, seat_has_a_pointer_a_keyboard_and_touch_and_is_named_seat0) {
    TestClient& c = connect();
    ASSERT_NE(c.seat, nullptr) << "no wl_seat global";
    EXPECT_EQ(c.globals["wl_seat"], 8u);
    EXPECT_EQ(c.seat_capability_events, 1);
    EXPECT_EQ(c.seat_capabilities,
              uint32_t(WL_SEAT_CAPABILITY_POINTER | WL_SEAT_CAPABILITY_KEYBOARD | WL_SEAT_CAPABILITY_TOUCH));
    EXPECT_EQ(c.seat_name, "seat0");
}

// --- wl_keyboard ---------------------------------------------------------------

TEST_F(SeatTest, keyboard_gets_an_xkb_keymap_to_map_privately_and_repeat_info) {
    TestClient& c = connect();
    auto kb = c.get_keyboard();
    ASSERT_TRUE(c.roundtrip());
    ASSERT_EQ(kb->keymaps, 1);
    EXPECT_EQ(kb->keymap_format, uint32_t(WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1));
    ASSERT_GE(kb->keymap_fd, 0);
    ASSERT_GT(kb->keymap_size, 0u);

    // wayland.xml wl_keyboard.keymap: "From version 7 onwards, the fd must be
    // mapped with MAP_PRIVATE by the recipient".
    void* map = mmap(nullptr, kb->keymap_size, PROT_READ, MAP_PRIVATE, kb->keymap_fd, 0);
    ASSERT_NE(map, MAP_FAILED) << std::strerror(errno);
    const char* text = static_cast<const char*>(map);
    const std::string keymap(text, strnlen(text, kb->keymap_size));
    munmap(map, kb->keymap_size);
    EXPECT_EQ(keymap.rfind("xkb_keymap", 0), 0u) << "keymap starts with: " << keymap.substr(0, 40);
    EXPECT_NE(keymap.find("xkb_keycodes"), std::string::npos);
    EXPECT_NE(keymap.find("xkb_symbols"), std::string::npos);

    // The keymap is shared by every client: none may change it.
    EXPECT_EQ(write(kb->keymap_fd, "x", 1), -1) << "the keymap fd is writable";
    void* shared = mmap(nullptr, kb->keymap_size, PROT_READ | PROT_WRITE, MAP_SHARED, kb->keymap_fd, 0);
    EXPECT_EQ(shared, MAP_FAILED) << "the keymap can be mapped shared and writable";
    if (shared != MAP_FAILED) munmap(shared, kb->keymap_size);

    EXPECT_EQ(kb->repeat_rate, Seat::kRepeatRate);
    EXPECT_EQ(kb->repeat_delay, Seat::kRepeatDelay);
    EXPECT_GT(kb->repeat_rate, 0);
    EXPECT_GT(kb->repeat_delay, 0);
}

// The keymap is compiled when the first wl_keyboard needs it, not at
// start-up; what clients get is the same text as a keymap compiled from the
// same names at once.
TEST_F(SeatTest, the_keymap_is_compiled_when_the_first_client_binds_the_seat_and_is_the_default_keymap) {
    for (const char* v : {"XKB_DEFAULT_RULES", "XKB_DEFAULT_MODEL", "XKB_DEFAULT_LAYOUT", "XKB_DEFAULT_VARIANT",
                          "XKB_DEFAULT_OPTIONS"})
        if (const char* value = std::getenv(v); value && *value)
            GTEST_SKIP() << v << " is set: the keymap is compiled at start-up then";
    EXPECT_FALSE(seat().own_keymap().compiled()) << "compiled before any client came";
    TestClient& c = connect(); // binds wl_seat
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(seat().own_keymap().compiled()) << "not compiled when the seat was bound";

    auto kb = c.get_keyboard();
    ASSERT_TRUE(c.roundtrip());
    ASSERT_EQ(kb->keymaps, 1);
    ASSERT_GE(kb->keymap_fd, 0);
    void* map = mmap(nullptr, kb->keymap_size, PROT_READ, MAP_PRIVATE, kb->keymap_fd, 0);
    ASSERT_NE(map, MAP_FAILED);
    const std::string sent(static_cast<const char*>(map), kb->keymap_size);
    munmap(map, kb->keymap_size);

    xkb_context* context = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
    ASSERT_NE(context, nullptr);
    xkb_keymap* keymap = xkb_keymap_new_from_names(context, nullptr, XKB_KEYMAP_COMPILE_NO_FLAGS);
    ASSERT_NE(keymap, nullptr);
    char* text = xkb_keymap_get_as_string(keymap, XKB_KEYMAP_FORMAT_TEXT_V1);
    ASSERT_NE(text, nullptr);
    const std::string expected(text, std::strlen(text) + 1); // with its NUL, as sent
    std::free(text);
    xkb_keymap_unref(keymap);
    xkb_context_unref(context);
    EXPECT_EQ(sent.size(), expected.size());
    EXPECT_TRUE(sent == expected) << "the keymap sent is not the default keymap";

    // A second client gets the same keymap, not compiled again.
    TestClient& d = connect();
    auto kb2 = d.get_keyboard();
    ASSERT_TRUE(d.roundtrip());
    EXPECT_EQ(kb2->keymap_size, kb->keymap_size);
}

// The keymap is compiled when the first client binds the seat, which may come
// while Shoji is out of file descriptors (clients filled its table):
// xkbcommon cannot open its files then. Nothing is thrown into a request
// handler; the next uses try again: with no fd free still, the client asking
// for a keyboard gets no_memory and `ctl key` an error; with fds free again,
// a keyboard gets the keymap.
TEST_F(SeatTest, a_keymap_that_cannot_be_compiled_at_its_first_use_is_no_memory_and_tried_again) {
    for (const char* v : {"XKB_DEFAULT_RULES", "XKB_DEFAULT_MODEL", "XKB_DEFAULT_LAYOUT", "XKB_DEFAULT_VARIANT",
                          "XKB_DEFAULT_OPTIONS"})
        if (const char* value = std::getenv(v); value && *value)
            GTEST_SKIP() << v << " is set: the keymap is compiled at start-up then";
    ASSERT_FALSE(seat().own_keymap().compiled());
    {
        FdLimit low(rlim_t(highest_open_fd() + 1 + 32));
        std::vector<Fd> taken = fill_fd_table();
        // Three for the client: its socket pair and the copy libwayland's
        // event loop makes of the server's end (wl_event_loop_add_fd dups
        // it). It binds the seat, where the keymap would be compiled, with
        // no fd to spare.
        taken.resize(taken.size() - 3);
        TestClient& c = connect();
        ASSERT_TRUE(c.roundtrip());
        EXPECT_FALSE(seat().own_keymap().compiled()) << "compiled with no fd free";
        // `shoji ctl key` (the Controller) is told so.
        Controller controller(*server);
        const Controller::Status s = controller.key({"a"});
        EXPECT_FALSE(s.ok());
        EXPECT_NE(s.error.find("keymap cannot be compiled"), std::string::npos) << s.error;
        // The client asking for a keyboard: no_memory (which frees its fds).
        auto kb = c.get_keyboard();
        EXPECT_TRUE(c.dispatch_until([&] { return c.has_error(); }, 2000)) << "no error without a keymap";
        EXPECT_EQ(c.error_code(), uint32_t(WL_DISPLAY_ERROR_NO_MEMORY));
        EXPECT_FALSE(seat().own_keymap().compiled());
    }
    TestClient& d = connect();
    auto kb = d.get_keyboard();
    ASSERT_TRUE(d.roundtrip());
    EXPECT_TRUE(seat().own_keymap().compiled());
    EXPECT_EQ(kb->keymaps, 1);
    EXPECT_GT(kb->keymap_size, 0u);
    // And it maps and shows a window: the session went on.
    Window w = map_window(d, 30, 30, 0xff336699);
    EXPECT_EQ(pixel_at(output_pixels().get(), w.x + 5, w.y + 5), 0xff336699u);
}

// A keymap named by the environment is compiled at once: a bad layout still
// fails the start (the Server, hence `shoji`, exits 125), not the first
// client's keyboard.
TEST(Keymap, one_named_by_the_environment_is_compiled_at_once_so_a_bad_layout_fails_at_start) {
    const char* was = std::getenv("XKB_DEFAULT_LAYOUT");
    const std::string saved = was ? was : "";
    setenv("XKB_DEFAULT_LAYOUT", "shoji-no-such-layout", 1);
    EXPECT_THROW(Keymap(), std::runtime_error);
    setenv("XKB_DEFAULT_LAYOUT", "us", 1);
    {
        Keymap us;
        EXPECT_TRUE(us.compiled());
    }
    if (was) setenv("XKB_DEFAULT_LAYOUT", saved.c_str(), 1);
    else unsetenv("XKB_DEFAULT_LAYOUT");
}

// A client that moves its keymap fd's file offset (lseek, or a read() to the
// end) must not make the next client read() nothing: each client's fd is an
// open file description of its own, still read-only and sealed.
TEST_F(SeatTest, a_client_seeking_its_keymap_fd_leaves_the_next_clients_at_offset_0) {
    TestClient& a = connect();
    auto kb_a = a.get_keyboard();
    ASSERT_TRUE(a.roundtrip());
    ASSERT_GE(kb_a->keymap_fd, 0);
    ASSERT_EQ(lseek(kb_a->keymap_fd, 0, SEEK_END), off_t(kb_a->keymap_size)) << std::strerror(errno);

    TestClient& b = connect();
    auto kb_b = b.get_keyboard();
    ASSERT_TRUE(b.roundtrip());
    ASSERT_GE(kb_b->keymap_fd, 0);
    ASSERT_EQ(kb_b->keymap_size, kb_a->keymap_size);
    // read() from wherever the fd's offset is: it must be 0.
    std::string text(kb_b->keymap_size, '\0');
    size_t got = 0;
    for (ssize_t n; got < text.size() && (n = read(kb_b->keymap_fd, &text[got], text.size() - got)) > 0;)
        got += size_t(n);
    EXPECT_EQ(got, size_t(kb_b->keymap_size)) << "the second client read only " << got << " bytes of its keymap";
    EXPECT_EQ(text.rfind("xkb_keymap", 0), 0u) << "keymap starts with: " << text.substr(0, 40);
    EXPECT_EQ(text.back(), '\0') << "the size counts the terminating NUL";

    // A's seek did not move B's offset, and B's read did not move A's.
    EXPECT_EQ(lseek(kb_a->keymap_fd, 0, SEEK_CUR), off_t(kb_a->keymap_size));
    // Still read-only and sealed against any change, for both.
    for (int fd : {kb_a->keymap_fd, kb_b->keymap_fd}) {
        EXPECT_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY) << "the keymap fd is not read-only";
        const int seals = fcntl(fd, F_GET_SEALS);
        ASSERT_GE(seals, 0) << std::strerror(errno);
        for (int seal : {F_SEAL_WRITE, F_SEAL_SHRINK, F_SEAL_GROW, F_SEAL_SEAL})
            EXPECT_TRUE(seals & seal) << "seal " << seal << " missing from " << seals;
        EXPECT_EQ(write(fd, "x", 1), -1);
        EXPECT_NE(ftruncate(fd, 0), 0);
    }
}

TEST_F(SeatTest, newly_mapped_toplevel_gets_keyboard_enter) {
    TestClient& a = connect();
    auto kb_a = a.get_keyboard();
    ASSERT_TRUE(a.roundtrip());
    EXPECT_EQ(kb_a->enters, 0) << "enter before any window exists";

    Window wa = map_window(a, 60, 40, kRed);
    ASSERT_TRUE(a.dispatch_until([&] { return kb_a->focus == wa.surface(); }));
    EXPECT_EQ(kb_a->enters, 1);
    EXPECT_TRUE(kb_a->enter_keys.empty());
    EXPECT_GE(kb_a->modifier_events, 1) << "enter is followed by the modifier state";
    EXPECT_EQ(seat().keyboard_focus(), a.server_surface(wa.surface()));

    // Another client's new window takes the focus; the first is told.
    TestClient& b = connect();
    auto kb_b = b.get_keyboard();
    Window wb = map_window(b, 60, 40, kBlue);
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return kb_b->focus == wb.surface() && kb_a->leaves == 1; }));
    EXPECT_EQ(kb_a->focus, nullptr);
    EXPECT_EQ(seat().keyboard_focus(), b.server_surface(wb.surface()));
}

TEST_F(SeatTest, keys_go_to_the_focused_surface_with_their_time) {
    TestClient& other = connect();
    auto kb_other = other.get_keyboard();
    Window unfocused = map_window(other, 40, 40, kRed);

    TestClient& c = connect();
    auto kb = c.get_keyboard();
    Window w = map_window(c, 60, 40, kBlue);
    ASSERT_TRUE(c.dispatch_until([&] { return kb->focus == w.surface(); }));

    seat().keyboard_key(KEY_A, true, 100);
    seat().keyboard_key(KEY_A, false, 110);
    ASSERT_TRUE(c.dispatch_until([&] { return kb->keys.size() == 2; }));
    EXPECT_EQ(kb->keys[0].key, uint32_t(KEY_A));
    EXPECT_EQ(kb->keys[0].state, uint32_t(WL_KEYBOARD_KEY_STATE_PRESSED));
    EXPECT_EQ(kb->keys[0].time, 100u);
    EXPECT_EQ(kb->keys[1].key, uint32_t(KEY_A));
    EXPECT_EQ(kb->keys[1].state, uint32_t(WL_KEYBOARD_KEY_STATE_RELEASED));
    EXPECT_EQ(kb->keys[1].time, 110u);
    EXPECT_GT(kb->keys[1].serial, kb->keys[0].serial);

    ASSERT_TRUE(other.roundtrip());
    EXPECT_TRUE(kb_other->keys.empty()) << "a client without focus saw keys";
}

TEST_F(SeatTest, shift_changes_the_modifiers_sent_after_the_key) {
    TestClient& c = connect();
    auto kb = c.get_keyboard();
    Window w = map_window(c, 60, 40, kBlue);
    ASSERT_TRUE(c.dispatch_until([&] { return kb->focus == w.surface(); }));
    EXPECT_EQ(kb->mods_depressed, 0u);
    const int mods_before = kb->modifier_events;

    seat().keyboard_key(KEY_LEFTSHIFT, true, 200);
    ASSERT_TRUE(c.dispatch_until([&] { return kb->modifier_events > mods_before; }));
    ASSERT_EQ(kb->keys.size(), 1u);
    EXPECT_EQ(kb->keys[0].key, uint32_t(KEY_LEFTSHIFT));
    EXPECT_EQ(kb->mods_depressed, kShiftMask);

    // A key while Shift is down: no modifier change, the key is delivered.
    const int mods_held = kb->modifier_events;
    seat().keyboard_key(KEY_A, true, 210);
    seat().keyboard_key(KEY_A, false, 220);
    ASSERT_TRUE(c.dispatch_until([&] { return kb->keys.size() == 3; }));
    EXPECT_EQ(kb->keys[1].key, uint32_t(KEY_A));
    EXPECT_EQ(kb->modifier_events, mods_held);
    EXPECT_EQ(kb->mods_depressed, kShiftMask);

    seat().keyboard_key(KEY_LEFTSHIFT, false, 230);
    ASSERT_TRUE(c.dispatch_until([&] { return kb->modifier_events > mods_held; }));
    EXPECT_EQ(kb->mods_depressed, 0u);
}

TEST_F(SeatTest, the_focused_window_is_activated_and_a_click_moves_activation) {
    TestClient& c = connect();
    auto kb = c.get_keyboard();
    Window a = map_window(c, 30, 30, kRed);
    Window b = map_window(c, 30, 30, kBlue);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(has_state(*a.toplevel, XDG_TOPLEVEL_STATE_ACTIVATED));
    EXPECT_TRUE(has_state(*b.toplevel, XDG_TOPLEVEL_STATE_ACTIVATED));
    EXPECT_EQ(kb->focus, b.surface());

    const int a_configures = a.toplevel->configures, b_configures = b.toplevel->configures;
    seat().pointer_warp(a.x + 5, a.y + 5, 10);
    seat().pointer_button(BTN_LEFT, true, 11);
    seat().pointer_button(BTN_LEFT, false, 12);
    ASSERT_TRUE(c.dispatch_until([&] {
        return a.toplevel->configures > a_configures && b.toplevel->configures > b_configures;
    }));
    EXPECT_TRUE(has_state(*a.toplevel, XDG_TOPLEVEL_STATE_ACTIVATED));
    EXPECT_FALSE(has_state(*b.toplevel, XDG_TOPLEVEL_STATE_ACTIVATED));
    EXPECT_EQ(kb->focus, a.surface());
}

// --- wl_pointer ------------------------------------------------------------------

TEST_F(SeatTest, pointer_over_a_surface_gets_enter_with_local_coordinates_then_motion) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 100, 80, kGrey);

    seat().pointer_warp(w.x + 10.5, w.y + 20.25, 1000);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Enter) == 1; }));
    ASSERT_TRUE(c.roundtrip());
    const PointerEvent& enter = *ptr->last(PointerEvent::Enter);
    EXPECT_EQ(enter.surface, w.surface());
    EXPECT_DOUBLE_EQ(enter.x, 10.5);
    EXPECT_DOUBLE_EQ(enter.y, 20.25);
    EXPECT_NE(enter.serial, 0u);
    EXPECT_EQ(ptr->focus, w.surface());
    EXPECT_EQ(ptr->events.back().type, PointerEvent::Frame) << "the enter's events end with a frame";
    EXPECT_EQ(seat().pointer_focus(), c.server_surface(w.surface()));

    ptr->events.clear();
    seat().pointer_warp(w.x + 30, w.y + 40, 1010);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Frame) == 1; }));
    ASSERT_EQ(ptr->events.size(), 2u);
    EXPECT_EQ(ptr->events[0].type, PointerEvent::Motion);
    EXPECT_DOUBLE_EQ(ptr->events[0].x, 30);
    EXPECT_DOUBLE_EQ(ptr->events[0].y, 40);
    EXPECT_EQ(ptr->events[0].time, 1010u);
    EXPECT_EQ(ptr->events[1].type, PointerEvent::Frame);
    EXPECT_EQ(ptr->count(PointerEvent::Enter), 0u) << "no second enter on the same surface";
}

TEST_F(SeatTest, pointer_moving_off_a_surface_gets_leave_and_no_more_motion) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 100, 80, kGrey);
    seat().pointer_warp(w.x + 50, w.y + 40, 1);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->focus == w.surface(); }));

    seat().pointer_warp(w.x + 150, w.y + 120, 2); // background
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Leave) == 1; }));
    EXPECT_EQ(ptr->last(PointerEvent::Leave)->surface, w.surface());
    EXPECT_EQ(ptr->focus, nullptr);
    EXPECT_EQ(seat().pointer_focus(), nullptr);

    ASSERT_TRUE(c.roundtrip());
    const size_t events = ptr->events.size();
    seat().pointer_warp(w.x + 160, w.y + 125, 3);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(ptr->events.size(), events) << "motion over the background reached the client";
}

TEST_F(SeatTest, button_and_axis_go_to_the_surface_under_the_pointer) {
    TestClient& other = connect();
    auto other_ptr = other.get_pointer();
    Window away = map_window(other, 30, 30, kRed);

    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 30, 30, kBlue);
    ASSERT_GE(w.x, away.x + 30) << "the windows overlap; the test needs them apart";

    seat().pointer_warp(w.x + 5, w.y + 5, 1);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->focus == w.surface(); }));
    seat().pointer_button(BTN_LEFT, true, 20);
    seat().pointer_button(BTN_LEFT, false, 30);
    seat().pointer_axis(WL_POINTER_AXIS_VERTICAL_SCROLL, 15.0, 40);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Axis) == 1; }));

    ASSERT_EQ(ptr->count(PointerEvent::Button), 2u);
    std::vector<PointerEvent> buttons;
    for (const PointerEvent& e : ptr->events)
        if (e.type == PointerEvent::Button) buttons.push_back(e);
    EXPECT_EQ(buttons[0].button, uint32_t(BTN_LEFT));
    EXPECT_EQ(buttons[0].state, uint32_t(WL_POINTER_BUTTON_STATE_PRESSED));
    EXPECT_EQ(buttons[0].time, 20u);
    EXPECT_EQ(buttons[1].button, uint32_t(BTN_LEFT));
    EXPECT_EQ(buttons[1].state, uint32_t(WL_POINTER_BUTTON_STATE_RELEASED));
    EXPECT_GT(buttons[1].serial, buttons[0].serial);
    const PointerEvent& axis = *ptr->last(PointerEvent::Axis);
    EXPECT_EQ(axis.axis, uint32_t(WL_POINTER_AXIS_VERTICAL_SCROLL));
    EXPECT_DOUBLE_EQ(axis.value, 15.0);
    EXPECT_EQ(axis.time, 40u);
    EXPECT_EQ(ptr->events.back().type, PointerEvent::Frame);

    ASSERT_TRUE(other.roundtrip());
    EXPECT_EQ(other_ptr->count(PointerEvent::Button), 0u);
    EXPECT_EQ(other_ptr->count(PointerEvent::Axis), 0u);
}

TEST_F(SeatTest, a_held_button_keeps_the_pointer_on_its_surface_until_release) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 50, 50, kGrey);
    seat().pointer_warp(w.x + 10, w.y + 10, 1);
    seat().pointer_button(BTN_LEFT, true, 2);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Button) == 1; }));

    // Dragged out of the window: the surface keeps the pointer (an implicit
    // grab) and gets the motion and the release.
    seat().pointer_warp(w.x + 80, w.y + 70, 3);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Motion) >= 2; }));
    EXPECT_EQ(ptr->count(PointerEvent::Leave), 0u);
    EXPECT_EQ(seat().pointer_focus(), c.server_surface(w.surface()));

    seat().pointer_button(BTN_LEFT, false, 4);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Leave) == 1; }));
    EXPECT_EQ(ptr->count(PointerEvent::Button), 2u) << "the release goes to the grabbing surface";
    EXPECT_EQ(seat().pointer_focus(), nullptr);
}

// wayland.xml wl_pointer.motion: "relative to the focused surface", also
// outside it while a button holds the focus there.
TEST_F(SeatTest, motion_during_a_grab_is_relative_to_the_grabbing_surface) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 50, 50, kGrey);
    seat().pointer_warp(w.x + 10, w.y + 10, 1);
    seat().pointer_button(BTN_LEFT, true, 2);
    seat().pointer_warp(w.x + 80, w.y + 70, 3);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Motion) >= 2; }));
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Motion)->x, 80);
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Motion)->y, 70);
}

TEST_F(SeatTest, click_on_a_lower_window_raises_it_and_gives_it_the_keyboard) {
    TestClient& a = connect();
    auto kb_a = a.get_keyboard();
    auto ptr_a = a.get_pointer();
    Window lower = map_window(a, 100, 100, kRed);
    TestClient& b = connect();
    auto kb_b = b.get_keyboard();
    Window upper = map_window(b, 100, 100, kBlue);
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return kb_b->focus == upper.surface() && kb_a->focus == nullptr; }));

    // Where they overlap, the upper window shows.
    const int32_t ox = upper.x + 10, oy = upper.y + 10;
    ASSERT_LT(ox, lower.x + 100);
    ASSERT_LT(oy, lower.y + 100);
    EXPECT_EQ(pixel(ox, oy), kBlue);

    // A click where only the lower one is.
    seat().pointer_warp(lower.x + 5, lower.y + 5, 1);
    seat().pointer_button(BTN_LEFT, true, 2);
    seat().pointer_button(BTN_LEFT, false, 3);
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return kb_a->focus == lower.surface() && kb_b->leaves == 1; }));
    EXPECT_EQ(kb_b->focus, nullptr);
    EXPECT_EQ(ptr_a->count(PointerEvent::Button), 2u) << "the click itself reaches the window";
    EXPECT_EQ(seat().keyboard_focus(), a.server_surface(lower.surface()));

    repaint(a);
    EXPECT_EQ(pixel(ox, oy), kRed) << "the clicked window is not on top";
    EXPECT_EQ(pixel(upper.x + 99, upper.y + 99), kBlue) << "the rest of the other window went away";

    // The pointer over the overlap now belongs to the raised window.
    seat().pointer_warp(ox, oy, 4);
    ASSERT_TRUE(a.roundtrip());
    EXPECT_EQ(ptr_a->focus, lower.surface());
}

TEST_F(SeatTest, pointer_focus_moves_to_a_window_mapped_under_it_and_back_when_it_unmaps) {
    TestClient& a = connect();
    auto ptr_a = a.get_pointer();
    Window below = map_window(a, 100, 100, kRed);
    const int32_t px = below.x + 90, py = below.y + 90;
    seat().pointer_warp(px, py, 1);
    ASSERT_TRUE(a.dispatch_until([&] { return ptr_a->focus == below.surface(); }));

    TestClient& b = connect();
    auto ptr_b = b.get_pointer();
    Window above = map_window(b, 100, 100, kBlue);
    ASSERT_TRUE(px >= above.x && px < above.x + 100 && py >= above.y && py < above.y + 100)
        << "the new window was not placed under the pointer";
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return ptr_b->focus == above.surface() && ptr_a->focus == nullptr; }));
    EXPECT_EQ(ptr_a->last(PointerEvent::Leave)->surface, below.surface());
    EXPECT_DOUBLE_EQ(ptr_b->last(PointerEvent::Enter)->x, px - above.x);
    EXPECT_DOUBLE_EQ(ptr_b->last(PointerEvent::Enter)->y, py - above.y);

    // Unmapping (a null buffer) hands the pointer back.
    wl_surface_attach(above.surface(), nullptr, 0, 0);
    wl_surface_commit(above.surface());
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return ptr_a->focus == below.surface() && ptr_b->focus == nullptr; }));
    EXPECT_EQ(ptr_a->count(PointerEvent::Enter), 2u);
    EXPECT_DOUBLE_EQ(ptr_a->last(PointerEvent::Enter)->x, px - below.x);
    EXPECT_DOUBLE_EQ(ptr_a->last(PointerEvent::Enter)->y, py - below.y);
    EXPECT_EQ(ptr_b->last(PointerEvent::Leave)->surface, above.surface());
}

TEST_F(SeatTest, pointer_focus_follows_a_window_that_grows_under_it) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 40, 40, kRed);
    seat().pointer_warp(w.x + 60, w.y + 60, 1);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(ptr->focus, nullptr);

    auto bigger = c.make_buffer(100, 100, WL_SHM_FORMAT_XRGB8888);
    bigger->fill(kRed);
    c.commit_buffer(w.surface(), *bigger);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->focus == w.surface(); }));
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Enter)->x, 60);
}

TEST_F(SeatTest, pointer_leaves_when_the_input_region_shrinks_away_from_it) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 100, 100, kRed);
    seat().pointer_warp(w.x + 70, w.y + 70, 1);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->focus == w.surface(); }));

    wl_region* left_half = wl_compositor_create_region(c.compositor);
    wl_region_add(left_half, 0, 0, 50, 100);
    wl_surface_set_input_region(w.surface(), left_half);
    wl_region_destroy(left_half);
    wl_surface_commit(w.surface());
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Leave) == 1; }));
    EXPECT_EQ(ptr->focus, nullptr);
}

TEST_F(SeatTest, pointer_over_a_subsurface_enters_the_subsurface) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 100, 100, kGrey);
    wl_surface* child = wl_compositor_create_surface(c.compositor);
    wl_subsurface* sub = wl_subcompositor_get_subsurface(c.subcompositor, child, w.surface());
    wl_subsurface_set_position(sub, 20, 30);
    auto b = c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    b->fill(kGreen);
    c.commit_buffer(child, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface())); // applies the synchronized child

    seat().pointer_warp(w.x + 25, w.y + 37, 1);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->focus != nullptr; }));
    EXPECT_EQ(ptr->focus, child);
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Enter)->x, 5);
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Enter)->y, 7);

    seat().pointer_warp(w.x + 10, w.y + 10, 2); // the parent, outside the child
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->focus == w.surface(); }));
    EXPECT_EQ(ptr->last(PointerEvent::Leave)->surface, child);
    wl_subsurface_destroy(sub);
    wl_surface_destroy(child);
}

TEST_F(SeatTest, a_client_that_quits_hands_pointer_and_keyboard_to_the_window_below) {
    TestClient& a = connect();
    auto ptr_a = a.get_pointer();
    auto kb_a = a.get_keyboard();
    Window below = map_window(a, 100, 100, kRed);
    {
        TestClient b(*server);
        auto ptr_b = b.get_pointer();
        auto kb_b = b.get_keyboard();
        Window above = map_window(b, 100, 100, kBlue);
        seat().pointer_warp(above.x + 10, above.y + 10, 1);
        ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return ptr_b->focus == above.surface() && kb_b->focus == above.surface(); }));
        ASSERT_EQ(kb_a->focus, nullptr);
        ASSERT_EQ(ptr_a->focus, nullptr);
        // b goes away as a crashed client does: the server drops the
        // connection with all of b's objects in it.
        wl_client_destroy(b.server_client());
    }
    ASSERT_TRUE(a.dispatch_until([&] { return kb_a->focus == below.surface(); })) << "no keyboard enter";
    EXPECT_TRUE(a.dispatch_until([&] { return ptr_a->focus == below.surface(); }))
        << "the pointer stays on the gone window until it moves";
}

// --- wl_pointer.set_cursor ---------------------------------------------------------

class CursorTest : public SeatTest {
protected:
    void SetUp() override {
        SeatTest::SetUp();
        c = &connect();
        ptr = c->get_pointer();
        win = map_window(*c, 150, 150, kGrey);
        cursor = wl_compositor_create_surface(c->compositor);
        image = c->make_buffer(8, 8, WL_SHM_FORMAT_XRGB8888);
        image->fill(kGreen);
    }
    void TearDown() override {
        wl_surface_destroy(cursor);
        image.reset();
        ptr.reset();
        win = Window{};
        SeatTest::TearDown();
    }
    // The pointer over the window at window-local (x, y); returns its enter serial.
    uint32_t point_at(int32_t x, int32_t y) {
        seat().pointer_warp(win.x + x, win.y + y, 1);
        EXPECT_TRUE(c->dispatch_until([&] { return ptr->focus == win.surface(); }));
        return ptr->enter_serial;
    }
    void draw_cursor() {
        c->commit_buffer(cursor, *image);
        repaint(*c);
    }
    // Whether the 8×8 cursor is drawn with its top-left at layout (x, y).
    ::testing::AssertionResult cursor_at(int32_t x, int32_t y) const {
        PixmanImage out = output_pixels();
        for (auto [dx, dy] : {std::pair{0, 0}, {7, 0}, {0, 7}, {7, 7}})
            if (pixel_at(out.get(), x + dx, y + dy) != kGreen)
                return ::testing::AssertionFailure() << "no cursor pixel at " << x + dx << "," << y + dy;
        for (auto [dx, dy] : {std::pair{-1, 0}, {0, -1}, {8, 7}, {7, 8}})
            if (pixel_at(out.get(), x + dx, y + dy) == kGreen)
                return ::testing::AssertionFailure() << "cursor pixel outside it at " << x + dx << "," << y + dy;
        return ::testing::AssertionSuccess();
    }

    TestClient* c = nullptr;
    std::unique_ptr<Pointer> ptr;
    Window win;
    wl_surface* cursor = nullptr;
    std::unique_ptr<Buffer> image;
};

TEST_F(CursorTest, cursor_surface_is_drawn_at_the_pointer_minus_the_hotspot) {
    const uint32_t serial = point_at(60, 60);
    wl_pointer_set_cursor(ptr->pointer, serial, cursor, 2, 3);
    draw_cursor();
    EXPECT_TRUE(cursor_at(win.x + 60 - 2, win.y + 60 - 3));

    // It follows the pointer.
    seat().pointer_warp(win.x + 100, win.y + 90, 2);
    repaint(*c);
    EXPECT_TRUE(cursor_at(win.x + 100 - 2, win.y + 90 - 3));
    EXPECT_EQ(pixel(win.x + 60 - 2, win.y + 60 - 3), kGrey) << "the old cursor position was not repainted";

    // A null surface hides it.
    wl_pointer_set_cursor(ptr->pointer, serial, nullptr, 0, 0);
    repaint(*c);
    EXPECT_EQ(pixel(win.x + 100 - 2, win.y + 90 - 3), kGrey);
}

TEST_F(CursorTest, set_cursor_with_a_stale_serial_is_ignored) {
    const uint32_t stale = point_at(60, 60);
    seat().pointer_warp(win.x + 200, win.y + 200, 2); // off the window: leave
    ASSERT_TRUE(c->dispatch_until([&] { return ptr->focus == nullptr; }));
    const uint32_t current = point_at(60, 60);
    ASSERT_NE(stale, current);

    wl_pointer_set_cursor(ptr->pointer, stale, cursor, 0, 0);
    draw_cursor();
    EXPECT_EQ(pixel(win.x + 60, win.y + 60), kGrey) << "a cursor set with an old enter's serial is shown";

    wl_pointer_set_cursor(ptr->pointer, current, cursor, 0, 0);
    repaint(*c);
    EXPECT_TRUE(cursor_at(win.x + 60, win.y + 60)) << "the current serial must work";
}

TEST_F(CursorTest, set_cursor_with_a_surface_of_another_role_is_a_role_error) {
    const uint32_t serial = point_at(60, 60);
    EXPECT_PROTOCOL_ERROR(*c, wl_pointer_set_cursor(ptr->pointer, serial, win.surface(), 0, 0),
                          &wl_pointer_interface, WL_POINTER_ERROR_ROLE);
}

// --- wl_data_device: the selection -----------------------------------------------

TEST_F(SeatTest, selection_is_pasted_from_one_client_to_another) {
    TestClient& a = connect();
    auto kb_a = a.get_keyboard();
    auto dev_a = a.get_data_device();
    Window wa = map_window(a, 30, 30, kRed);
    TestClient& b = connect();
    auto kb_b = b.get_keyboard();
    auto dev_b = b.get_data_device();
    Window wb = map_window(b, 30, 30, kBlue);
    ASSERT_GE(wb.x, wa.x + 30) << "the windows overlap; the test needs them apart";

    // A is clicked (focused) and copies, with the serial of the enter that
    // click caused (set_selection needs an input serial of the focus).
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return kb_a->leaves == 1; }));
    seat().pointer_warp(wa.x + 5, wa.y + 5, 1);
    seat().pointer_button(BTN_LEFT, true, 2);
    seat().pointer_button(BTN_LEFT, false, 3);
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return kb_a->enters == 2; }));
    auto source = a.make_data_source({kTextMime});
    wl_data_device_set_selection(dev_a->device, source->source, kb_a->enter_serial);
    ASSERT_TRUE(a.roundtrip());

    // B is clicked and is offered the selection.
    const int selections_b = dev_b->selection_events;
    seat().pointer_warp(wb.x + 5, wb.y + 5, 4);
    seat().pointer_button(BTN_LEFT, true, 5);
    seat().pointer_button(BTN_LEFT, false, 6);
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] {
        return kb_b->focus == wb.surface() && dev_b->selection_events > selections_b;
    }));
    ASSERT_NE(dev_b->selection, nullptr) << "the selection event named no offer";
    EXPECT_EQ(dev_b->selection->mime_types, std::vector<std::string>{kTextMime});

    // B pastes through a pipe; A writes into it.
    int fds[2];
    ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
    wl_data_offer_receive(dev_b->selection->offer, kTextMime, fds[1]);
    close(fds[1]);
    ASSERT_TRUE(dispatch_until({&a, &b}, [&] { return !source->sends.empty(); }));
    EXPECT_EQ(source->sends[0].mime_type, kTextMime);
    const int write_fd = std::exchange(source->sends[0].fd, -1);
    ASSERT_EQ(write(write_fd, "hello", 5), 5);
    close(write_fd);

    std::string pasted;
    char chunk[64];
    for (ssize_t n; (n = read(fds[0], chunk, sizeof chunk)) > 0;) pasted.append(chunk, size_t(n));
    close(fds[0]);
    EXPECT_EQ(pasted, "hello");
    EXPECT_FALSE(source->cancelled);
}

TEST_F(SeatTest, a_new_selection_cancels_the_old_source) {
    TestClient& a = connect();
    auto kb = a.get_keyboard();
    auto dev = a.get_data_device();
    Window w = map_window(a, 30, 30, kRed);
    ASSERT_TRUE(a.dispatch_until([&] { return kb->focus == w.surface(); }));
    auto first = a.make_data_source({kTextMime});
    wl_data_device_set_selection(dev->device, first->source, kb->enter_serial);
    ASSERT_TRUE(a.dispatch_until([&] { return dev->selection && dev->selection->mime_types.size() == 1; }));
    auto second = a.make_data_source({"text/html"});
    wl_data_device_set_selection(dev->device, second->source, kb->enter_serial);
    ASSERT_TRUE(a.dispatch_until([&] { return first->cancelled; }));
    EXPECT_FALSE(second->cancelled);
    ASSERT_NE(dev->selection, nullptr);
    EXPECT_EQ(dev->selection->mime_types, std::vector<std::string>{"text/html"});
}

// --- wl_data_device: hostile clients -------------------------------------------------

// The server's caps on a wl_data_source (not the test client's DataSource).
using Caps = shoji::SelectionSource;

// The hostile source's MIME types: 100 bytes each, as in the attack that
// was reported with 100,000 of them (11.6 MB of offer events); 20,000 are
// 2.3 MB, still 13 times what an unread socket holds (about 180 KB), and keep
// the test quick under the sanitizers.
constexpr size_t kFloodTypes = 20000, kFloodLength = 100;

// A MIME type of `length` bytes, different for each `i`.
std::string mime_type(size_t i, size_t length) {
    std::string mime = "x" + std::to_string(i) + "/";
    mime.resize(length, 'x');
    return mime;
}

class ClipboardTest : public SeatTest {
protected:
    // Offers `count` distinct types of `length` bytes on `source`, letting
    // the server read them as they go (libwayland 1.21's buffers hold 4 KiB
    // each way) without reading anything the server sends to any client.
    void offer_many(TestClient& c, wl_data_source* source, size_t count, size_t length, size_t first = 0) {
        size_t pending = 0;
        for (size_t i = first; i < first + count; ++i) {
            wl_data_source_offer(source, mime_type(i, length).c_str());
            pending += 12 + length + 4;
            if (pending > 2048 || i + 1 == first + count) {
                wl_display_flush(c.display());
                server->dispatch(0);
                pending = 0;
            }
        }
    }

    // A client with a window, keyboard focus and a data device.
    struct Focused {
        TestClient* c;
        std::unique_ptr<Keyboard> kb;
        std::unique_ptr<DataDevice> dev;
        Window win;
    };
    Focused focused_client(uint32_t colour) {
        Focused f{&connect(), nullptr, nullptr, {}};
        f.kb = f.c->get_keyboard();
        f.dev = f.c->get_data_device();
        f.win = map_window(*f.c, 30, 30, colour);
        EXPECT_TRUE(f.c->dispatch_until([&] { return f.kb->focus == f.win.surface(); }));
        return f;
    }
    // A key press and release for the focused client; the press's serial.
    uint32_t key_serial(Focused& f) {
        const size_t before = f.kb->keys.size();
        seat().keyboard_key(KEY_A, true, 1);
        seat().keyboard_key(KEY_A, false, 2);
        EXPECT_TRUE(f.c->dispatch_until([&] { return f.kb->keys.size() == before + 2; }));
        return f.kb->keys.size() >= before + 2 ? f.kb->keys[before].serial : 0;
    }
    // Clicks the middle of a client's window (it gets the keyboard).
    void click(const Window& w) {
        seat().pointer_warp(w.x + 15, w.y + 15, 3);
        seat().pointer_button(BTN_LEFT, true, 4);
        seat().pointer_button(BTN_LEFT, false, 5);
    }
    // Whether set_selection(source, serial) on `f` made `source` the
    // selection: the focused client `f` is offered it at once, else the
    // source is cancelled.
    bool honoured(Focused& f, DataSource& source, uint32_t serial) {
        const int before = f.dev->selection_events;
        wl_data_device_set_selection(f.dev->device, source.source, serial);
        EXPECT_TRUE(f.c->roundtrip());
        if (source.cancelled) return false;
        return f.dev->selection_events > before && f.dev->selection &&
               f.dev->selection->mime_types == std::vector<std::string>{source_mime(source)};
    }
    std::map<const DataSource*, std::string> mimes_;
    std::unique_ptr<DataSource> source(TestClient& c, const std::string& mime) {
        auto s = c.make_data_source({mime});
        mimes_[s.get()] = mime;
        return s;
    }
    std::string source_mime(const DataSource& s) { return mimes_[&s]; }
};

// The reported attack: a client with no window and serial 0 sets a
// selection of a great many MIME types of 100 bytes. It used to be forwarded
// to the focused client, in offer events, until that client's socket
// overflowed and libwayland disconnected it. Now it is ignored (and the source cancelled);
// the bystander keeps its focus and its events, and is offered nothing.
TEST_F(ClipboardTest, a_client_without_focus_cannot_set_the_selection_and_the_bystander_is_not_flooded) {
    Focused bystander = focused_client(kBlue);
    const int selections = bystander.dev->selection_events;

    TestClient& hostile = connect();
    auto dev = hostile.get_data_device();
    ASSERT_TRUE(hostile.roundtrip());
    auto flood = hostile.make_data_source({});
    offer_many(hostile, flood->source, kFloodTypes, kFloodLength);
    wl_data_device_set_selection(dev->device, flood->source, 0);
    // Only the hostile client reads: the bystander is busy elsewhere.
    EXPECT_TRUE(hostile.roundtrip());
    EXPECT_TRUE(flood->cancelled) << "the refused source was not cancelled";
    for (int i = 0; i < 20; ++i) server->dispatch(0);

    ASSERT_TRUE(bystander.c->roundtrip()) << "the bystander was disconnected";
    EXPECT_FALSE(bystander.c->disconnected());
    EXPECT_EQ(bystander.dev->selection_events, selections) << "the bystander was offered the hostile selection";
    EXPECT_EQ(seat().keyboard_focus(), bystander.c->server_surface(bystander.win.surface()));
    EXPECT_NE(key_serial(bystander), 0u) << "the bystander no longer gets keys";
    EXPECT_TRUE(bystander.c->commit_and_wait_frame(bystander.win.surface())) << "no frame callback";
    EXPECT_FALSE(hostile.has_error()) << "ignored, not an error: the spec defines none";
}

// wayland.xml, set_selection: "serial number of the event that triggered
// this request". Honoured: an input serial (keyboard enter, key, modifiers,
// pointer enter, leave, button) sent to the
// client during its current keyboard focus, among the latest
// Seat::kInputSerialHistory, not older than the current selection's.
TEST_F(ClipboardTest, set_selection_is_honoured_only_with_an_input_serial_of_the_current_focus) {
    Focused a = focused_client(kRed);
    const uint32_t enter = a.kb->enter_serial;

    auto zero = source(*a.c, "text/zero");
    EXPECT_FALSE(honoured(a, *zero, 0)) << "serial 0";
    auto future = source(*a.c, "text/future");
    EXPECT_FALSE(honoured(a, *future, enter + 1000)) << "a serial never sent";
    auto on_enter = source(*a.c, "text/enter");
    EXPECT_TRUE(honoured(a, *on_enter, enter)) << "the keyboard enter's serial";
    const uint32_t key = key_serial(a);
    auto on_key = source(*a.c, "text/key");
    EXPECT_TRUE(honoured(a, *on_key, key)) << "a key's serial";
    EXPECT_TRUE(on_enter->cancelled) << "the replaced source is cancelled";
    auto late = source(*a.c, "text/late");
    EXPECT_FALSE(honoured(a, *late, enter)) << "a serial older than the current selection's";
    EXPECT_FALSE(on_key->cancelled) << "a refused request cancelled the current selection";

    // Another client's window takes the focus: a's serials are void, and b
    // is offered a's selection.
    Focused b = focused_client(kBlue);
    ASSERT_NE(b.dev->selection, nullptr);
    EXPECT_EQ(b.dev->selection->mime_types, std::vector<std::string>{"text/key"});
    auto unfocused = source(*a.c, "text/unfocused");
    wl_data_device_set_selection(a.dev->device, unfocused->source, key);
    ASSERT_TRUE(a.c->dispatch_until([&] { return unfocused->cancelled; })) << "a client without focus set the selection";
    ASSERT_TRUE(b.c->roundtrip());
    EXPECT_EQ(b.dev->selection->mime_types, std::vector<std::string>{"text/key"});

    // Focus back on a (a click, whose button serial counts too): the serials
    // of its earlier focus stay void.
    auto ptr = a.c->get_pointer();
    ASSERT_TRUE(a.c->roundtrip());
    const int enters = a.kb->enters;
    click(a.win);
    ASSERT_TRUE(a.c->dispatch_until([&] { return a.kb->enters > enters && ptr->count(PointerEvent::Button) == 2; }));
    const uint32_t key2 = key_serial(a);
    auto stale = source(*a.c, "text/stale");
    EXPECT_FALSE(honoured(a, *stale, key)) << "a key serial of an earlier focus";
    // The pointer entered a's window before the click gave a the keyboard:
    // that enter belongs to no focus of a's.
    auto early_enter = source(*a.c, "text/early-enter");
    EXPECT_FALSE(honoured(a, *early_enter, ptr->enter_serial)) << "a pointer enter from before the focus";
    auto on_button = source(*a.c, "text/button");
    EXPECT_TRUE(honoured(a, *on_button, ptr->last(PointerEvent::Button)->serial)) << "a button's serial";
    // Out of the window and back in: a leave and an enter during a's focus.
    seat().pointer_warp(a.win.x + 200, a.win.y + 200, 6);
    seat().pointer_warp(a.win.x + 15, a.win.y + 15, 7);
    ASSERT_TRUE(a.c->dispatch_until([&] { return ptr->count(PointerEvent::Enter) == 2; }));
    auto on_leave = source(*a.c, "text/leave");
    EXPECT_TRUE(honoured(a, *on_leave, ptr->last(PointerEvent::Leave)->serial)) << "a pointer leave's serial";
    auto on_enter2 = source(*a.c, "text/pointer-enter");
    EXPECT_TRUE(honoured(a, *on_enter2, ptr->enter_serial)) << "a pointer enter's serial";

    // Only the latest kInputSerialHistory input serials count.
    for (size_t i = 0; i < Seat::kInputSerialHistory / 2; ++i) key_serial(a);
    auto too_old = source(*a.c, "text/too-old");
    EXPECT_FALSE(honoured(a, *too_old, key2)) << "a serial " << Seat::kInputSerialHistory << " input events old";
    auto newest = source(*a.c, "text/newest");
    EXPECT_TRUE(honoured(a, *newest, a.kb->keys.back().serial));
}

// wl_data_source.offer has no error in wayland.xml: past the caps a type is
// not added. What one offer costs its receiver is bounded.
TEST_F(ClipboardTest, a_source_keeps_at_most_the_capped_mime_types) {
    Focused a = focused_client(kRed);
    const uint32_t serial = a.kb->enter_serial;

    // Many short types: the count cap.
    auto many = a.c->make_data_source({});
    offer_many(*a.c, many->source, 2 * Caps::kMaxMimeTypes, 10);
    wl_data_device_set_selection(a.dev->device, many->source, serial);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_NE(a.dev->selection, nullptr);
    ASSERT_EQ(a.dev->selection->mime_types.size(), Caps::kMaxMimeTypes);
    for (size_t i = 0; i < Caps::kMaxMimeTypes; ++i)
        EXPECT_EQ(a.dev->selection->mime_types[i], mime_type(i, 10)) << "the first types are the ones kept";

    // A type too long, a duplicate, then 100-byte types: the length cap,
    // the set, and the cap on all the text together.
    auto big = a.c->make_data_source({std::string(Caps::kMaxMimeTypeLength + 1, 't'), "text/plain", "text/plain",
                                      std::string(Caps::kMaxMimeTypeLength, 'u')});
    offer_many(*a.c, big->source, 1000, 100);
    wl_data_device_set_selection(a.dev->device, big->source, serial);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_NE(a.dev->selection, nullptr);
    const std::vector<std::string>& kept = a.dev->selection->mime_types;
    ASSERT_GE(kept.size(), 2u);
    EXPECT_EQ(kept[0], "text/plain");
    EXPECT_EQ(kept[1], std::string(Caps::kMaxMimeTypeLength, 'u')) << "a type of exactly the length cap is kept";
    size_t bytes = 0;
    for (const std::string& m : kept) bytes += m.size();
    const size_t room = Caps::kMaxMimeTypeBytes - 10 - Caps::kMaxMimeTypeLength;
    EXPECT_EQ(kept.size(), 2 + room / 100);
    EXPECT_LE(bytes, Caps::kMaxMimeTypeBytes);
    EXPECT_GT(bytes + 100, Caps::kMaxMimeTypeBytes) << "room for another type was left";
    EXPECT_FALSE(a.c->has_error());
}

// The focused client sets a selection with a great many MIME types of 100
// bytes (with a valid serial: it may). Each client that gets the focus is offered it;
// the offer must fit in the socket of a client that is not reading at that
// moment, and keep the first types it offered.
TEST_F(ClipboardTest, an_offer_of_a_huge_source_fits_a_client_that_is_not_reading) {
    Focused bystander = focused_client(kBlue);
    Focused hostile = focused_client(kRed);
    auto flood = hostile.c->make_data_source({});
    offer_many(*hostile.c, flood->source, kFloodTypes, kFloodLength);
    wl_data_device_set_selection(hostile.dev->device, flood->source, hostile.kb->enter_serial);
    ASSERT_TRUE(hostile.c->roundtrip()) << "its own offer (it has the focus) overflowed its socket";
    ASSERT_FALSE(flood->cancelled);

    // The bystander is clicked (it gets the focus, and the offer) while it
    // reads nothing.
    const int selections = bystander.dev->selection_events;
    click(bystander.win);
    for (int i = 0; i < 20; ++i) server->dispatch(0);
    ASSERT_TRUE(bystander.c->roundtrip()) << "the bystander was disconnected";
    ASSERT_TRUE(bystander.c->dispatch_until([&] { return bystander.dev->selection_events > selections; }));
    ASSERT_NE(bystander.dev->selection, nullptr);
    const std::vector<std::string>& offered = bystander.dev->selection->mime_types;
    const size_t expected = std::min(Caps::kMaxMimeTypes, Caps::kMaxMimeTypeBytes / kFloodLength);
    ASSERT_EQ(offered.size(), expected);
    for (size_t i = 0; i < offered.size(); ++i) EXPECT_EQ(offered[i], mime_type(i, kFloodLength));
    // What the offer cost on the wire: data_offer, the offers, selection.
    size_t wire = 12 + 12;
    for (const std::string& m : offered) wire += 8 + 4 + (m.size() + 1 + 3) / 4 * 4;
    RecordProperty("offer_bytes", int(wire));
    EXPECT_LE(wire, 24 + 16 * Caps::kMaxMimeTypes + Caps::kMaxMimeTypeBytes);
    EXPECT_EQ(seat().keyboard_focus(), bystander.c->server_surface(bystander.win.surface()));
    EXPECT_NE(key_serial(bystander), 0u);
    EXPECT_TRUE(bystander.c->commit_and_wait_frame(bystander.win.surface()));
}

} // namespace
} // namespace shoji::test
