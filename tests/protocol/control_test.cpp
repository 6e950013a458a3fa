// The control verbs through the library API (Controller), as `shoji ctl`
// and the control socket use them, against real clients of the in-process
// server: windows and selectors, pointer/click/scroll/key/type arriving at
// the focused client exactly as a nested backend's devices would send them,
// focus, close, screenshots, quit, and the waits.
#include <linux/input-event-codes.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "control/controller.hpp"
#include "control/key_input.hpp"
#include "harness/fixture.hpp"
#include "output/output.hpp"
#include "seat/wl_seat.hpp"
#include "shell/xdg_toplevel.hpp"
#include "util/png.hpp"

namespace shoji::test {
namespace {

class ControlTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        control = std::make_unique<Controller>(*server);
    }
    void TearDown() override {
        control.reset();
        ShojiTest::TearDown();
    }

    static WindowSelector selector(const std::string& spec) {
        std::string error;
        auto s = WindowSelector::parse(spec, &error);
        EXPECT_TRUE(s) << error;
        return s.value_or(WindowSelector{});
    }

    std::unique_ptr<Controller> control;
};

// --- windows and selectors -------------------------------------------------------

TEST_F(ControlTest, windows_lists_every_toplevel_with_its_geometry_and_state) {
    TestClient& c = connect();
    Window a = map_window(c, 100, 80, kRed, "org.example.a", "A");
    // B: a window geometry inside its surface (as a client with shadows).
    Window b;
    b.toplevel = c.make_toplevel();
    xdg_toplevel_set_app_id(b.toplevel->toplevel, "org.example.b");
    xdg_surface_set_window_geometry(b.toplevel->xdg, 10, 5, 60, 40);
    b.buffer = c.make_buffer(80, 50, WL_SHM_FORMAT_XRGB8888);
    c.commit_buffer(b.toplevel->surface, *b.buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(b.toplevel->surface));
    auto unmapped = c.make_toplevel(); // configured, no buffer yet
    ASSERT_TRUE(c.roundtrip());

    const std::vector<WindowInfo> list = control->windows();
    ASSERT_EQ(list.size(), 3u);
    const WindowInfo& wa = list[0];
    EXPECT_EQ(wa.app_id, "org.example.a");
    EXPECT_EQ(wa.title, "A");
    EXPECT_EQ(wa.width, 100);
    EXPECT_EQ(wa.height, 80);
    EXPECT_EQ(std::make_pair(wa.x, wa.y), surface_origin(c, a.toplevel->surface));
    EXPECT_TRUE(wa.mapped);
    EXPECT_FALSE(wa.activated); // B mapped later and took the focus
    EXPECT_FALSE(wa.focused);
    EXPECT_EQ(wa.output, server->output()->wlr()->name);
    EXPECT_EQ(wa.pid, getpid()); // the test is its own client

    const WindowInfo& wb = list[1];
    EXPECT_GT(wb.id, wa.id);
    EXPECT_EQ(wb.width, 60);
    EXPECT_EQ(wb.height, 40);
    auto [bx, by] = surface_origin(c, b.toplevel->surface);
    EXPECT_EQ(wb.x, bx + 10); // geometry, not surface, coordinates
    EXPECT_EQ(wb.y, by + 5);
    EXPECT_TRUE(wb.activated);
    EXPECT_TRUE(wb.focused);

    EXPECT_FALSE(list[2].mapped);
    EXPECT_EQ(list[2].output, "");
}

TEST_F(ControlTest, selectors_name_one_window_or_list_the_candidates) {
    TestClient& c = connect();
    Window a = map_window(c, 50, 50, kRed, "org.example.same", "first");
    Window b = map_window(c, 50, 50, kRed, "org.example.same", "second");
    std::string error;
    EXPECT_EQ(find_window(*server, selector("title=second"), &error), c.server_toplevel(*b.toplevel));
    const uint64_t id_a = c.server_toplevel(*a.toplevel)->id();
    EXPECT_EQ(find_window(*server, selector(std::to_string(id_a)), &error), c.server_toplevel(*a.toplevel));

    EXPECT_EQ(find_window(*server, selector("app-id=org.example.same"), &error), nullptr);
    EXPECT_NE(error.find("ambiguous"), std::string::npos) << error;
    EXPECT_NE(error.find("title=\"first\""), std::string::npos) << error;
    EXPECT_NE(error.find("title=\"second\""), std::string::npos) << error;

    EXPECT_EQ(find_window(*server, selector("app-id=nope"), &error), nullptr);
    EXPECT_EQ(error, "no window app-id=nope");
    EXPECT_EQ(find_window(*server, selector("999"), &error), nullptr);

    for (const char* bad : {"", "0", "-1", "app", "12x", "99999999999999999999999"}) {
        EXPECT_FALSE(WindowSelector::parse(bad, &error)) << bad;
        EXPECT_NE(error.find("app-id=ID"), std::string::npos) << error;
    }
}

TEST_F(ControlTest, window_ids_are_never_reused) {
    TestClient& c = connect();
    uint64_t first = 0;
    {
        Window a = map_window(c, 20, 20, kRed, "a", "a");
        first = c.server_toplevel(*a.toplevel)->id();
    }
    ASSERT_TRUE(c.roundtrip());
    Window b = map_window(c, 20, 20, kRed, "a", "a");
    EXPECT_GT(c.server_toplevel(*b.toplevel)->id(), first);
    ASSERT_EQ(control->windows().size(), 1u);
}

// --- pointer input -----------------------------------------------------------------

TEST_F(ControlTest, click_in_a_window_arrives_at_those_surface_coordinates) {
    TestClient& c = connect();
    auto pointer = c.get_pointer();
    Window w = map_window(c, 100, 80, kRed, "org.example.click", "click");
    ASSERT_TRUE(control->click(Controller::Point{10, 20}, selector("app-id=org.example.click"),
                               Controller::Button::Left, 1)
                    .ok());
    ASSERT_TRUE(c.dispatch_until([&] { return pointer->count(PointerEvent::Button) == 2; }));
    const PointerEvent* enter = pointer->last(PointerEvent::Enter);
    ASSERT_NE(enter, nullptr);
    EXPECT_EQ(enter->surface, w.toplevel->surface);
    EXPECT_EQ(enter->x, 10.0);
    EXPECT_EQ(enter->y, 20.0);
    std::vector<std::pair<uint32_t, uint32_t>> buttons;
    for (const PointerEvent& e : pointer->events)
        if (e.type == PointerEvent::Button) buttons.emplace_back(e.button, e.state);
    EXPECT_EQ(buttons, (std::vector<std::pair<uint32_t, uint32_t>>{{BTN_LEFT, WL_POINTER_BUTTON_STATE_PRESSED},
                                                                    {BTN_LEFT, WL_POINTER_BUTTON_STATE_RELEASED}}));
}

TEST_F(ControlTest, pointer_moves_relative_to_the_window_geometry) {
    TestClient& c = connect();
    auto pointer = c.get_pointer();
    Window w;
    w.toplevel = c.make_toplevel();
    xdg_surface_set_window_geometry(w.toplevel->xdg, 8, 4, 60, 40);
    w.buffer = c.make_buffer(80, 50, WL_SHM_FORMAT_XRGB8888);
    c.commit_buffer(w.toplevel->surface, *w.buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(w.toplevel->surface));
    const std::string id = std::to_string(c.server_toplevel(*w.toplevel)->id());
    ASSERT_TRUE(control->pointer({1, 2}, selector(id)).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return pointer->count(PointerEvent::Enter) == 1; }));
    EXPECT_EQ(pointer->last(PointerEvent::Enter)->x, 9.0); // geometry (1, 2) = surface (9, 6)
    EXPECT_EQ(pointer->last(PointerEvent::Enter)->y, 6.0);
    // Layout coordinates without a window.
    auto [ox, oy] = surface_origin(c, w.toplevel->surface);
    const size_t motions = pointer->count(PointerEvent::Motion);
    ASSERT_TRUE(control->pointer({double(ox) + 30.5, double(oy) + 7}, std::nullopt).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return pointer->count(PointerEvent::Motion) > motions; }));
    EXPECT_EQ(pointer->last(PointerEvent::Motion)->x, 30.5);
}

TEST_F(ControlTest, click_counts_buttons_and_centres_on_a_window) {
    TestClient& c = connect();
    auto pointer = c.get_pointer();
    Window w = map_window(c, 100, 80, kRed, "org.example.c", "c");
    ASSERT_TRUE(control->click(std::nullopt, selector("app-id=org.example.c"), Controller::Button::Right, 2).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return pointer->count(PointerEvent::Button) == 4; }));
    EXPECT_EQ(pointer->last(PointerEvent::Button)->button, uint32_t(BTN_RIGHT));
    EXPECT_EQ(pointer->last(PointerEvent::Enter)->x, 50.0);
    EXPECT_EQ(pointer->last(PointerEvent::Enter)->y, 40.0);
    EXPECT_FALSE(control->click(std::nullopt, std::nullopt, Controller::Button::Left, 0).ok());
    EXPECT_FALSE(control->click(std::nullopt, std::nullopt, Controller::Button::Left, Controller::kMaxClickCount + 1).ok());
}

TEST_F(ControlTest, scroll_sends_axis_events_to_the_window_under_the_pointer) {
    TestClient& c = connect();
    auto pointer = c.get_pointer();
    Window w = map_window(c, 100, 80, kRed, "org.example.s", "s");
    // Not over any window yet: an error, nothing sent.
    ASSERT_TRUE(control->pointer({319, 239}, std::nullopt).ok());
    EXPECT_EQ(control->scroll(0, 15, std::nullopt).error, "the pointer is over no window");
    // With the window named, the pointer goes there first.
    ASSERT_TRUE(control->scroll(-3, 15, selector("app-id=org.example.s")).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return pointer->count(PointerEvent::Axis) == 2; }));
    // Both axes in one frame (their order in it does not matter).
    std::vector<std::pair<uint32_t, double>> axes;
    int frames_between = -1;
    for (const PointerEvent& e : pointer->events) {
        if (e.type == PointerEvent::Axis) {
            axes.emplace_back(e.axis, e.value);
            if (frames_between < 0) frames_between = 0;
        } else if (e.type == PointerEvent::Frame && frames_between >= 0 && axes.size() < 2) {
            ++frames_between;
        }
    }
    std::sort(axes.begin(), axes.end());
    EXPECT_EQ(axes, (std::vector<std::pair<uint32_t, double>>{{WL_POINTER_AXIS_VERTICAL_SCROLL, 15.0},
                                                               {WL_POINTER_AXIS_HORIZONTAL_SCROLL, -3.0}}));
    EXPECT_EQ(frames_between, 0) << "the two axes came in two frames";
}

TEST_F(ControlTest, pointer_verbs_refuse_unmapped_or_unknown_windows) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_toplevel_set_app_id(t->toplevel, "org.example.unmapped");
    ASSERT_TRUE(c.roundtrip());
    const auto s = control->click(Controller::Point{1, 1}, selector("app-id=org.example.unmapped"),
                                  Controller::Button::Left, 1);
    EXPECT_NE(s.error.find("is not mapped"), std::string::npos) << s.error;
    EXPECT_EQ(control->pointer({1, 1}, selector("app-id=x")).error, "no window app-id=x");
    EXPECT_FALSE(control->pointer({1e300, 1}, std::nullopt).ok());
}

// --- keyboard input ----------------------------------------------------------------

std::vector<std::pair<uint32_t, uint32_t>> key_events(const Keyboard& k) {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    for (const KeyEvent& e : k.keys) out.emplace_back(e.key, e.state);
    return out;
}
constexpr uint32_t kDown = WL_KEYBOARD_KEY_STATE_PRESSED, kUp = WL_KEYBOARD_KEY_STATE_RELEASED;

TEST_F(ControlTest, key_combo_holds_its_modifiers_around_the_key) {
    TestClient& c = connect();
    auto keyboard = c.get_keyboard();
    Window w = map_window(c, 50, 50, kRed, "org.example.k", "k");
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->focus == w.toplevel->surface; }));
    const int mods_before = keyboard->modifier_events;
    ASSERT_TRUE(control->key({"ctrl+shift+a", "Return"}).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->keys.size() == 8; }));
    EXPECT_EQ(key_events(*keyboard), (std::vector<std::pair<uint32_t, uint32_t>>{
                                         {KEY_LEFTCTRL, kDown}, {KEY_LEFTSHIFT, kDown}, {KEY_A, kDown},
                                         {KEY_A, kUp}, {KEY_LEFTSHIFT, kUp}, {KEY_LEFTCTRL, kUp},
                                         {KEY_ENTER, kDown}, {KEY_ENTER, kUp}}));
    EXPECT_EQ(keyboard->modifier_events - mods_before, 4); // ctrl, +shift, -shift, -ctrl
    EXPECT_EQ(keyboard->mods_depressed, 0u);
}

// The controller (made by every `shoji` session) inverts the keymap only for
// the first `key` or `type`: a session with no client that nobody types into
// compiles no keymap.
TEST_F(ControlTest, the_keymap_is_compiled_at_the_first_key_not_when_the_controller_is_made) {
    for (const char* v : {"XKB_DEFAULT_RULES", "XKB_DEFAULT_MODEL", "XKB_DEFAULT_LAYOUT", "XKB_DEFAULT_VARIANT",
                          "XKB_DEFAULT_OPTIONS"})
        if (const char* value = std::getenv(v); value && *value)
            GTEST_SKIP() << v << " is set: the keymap is compiled at start-up then";
    ASSERT_TRUE(control);
    EXPECT_FALSE(server->seat().own_keymap().compiled()) << "compiled before anyone needed it";
    auto s = control->key({"NoSuchKey"}); // checked against the keymap: compiles it
    EXPECT_FALSE(s.ok());
    EXPECT_TRUE(server->seat().own_keymap().compiled());
}

TEST_F(ControlTest, key_combos_are_all_checked_before_any_is_pressed) {
    TestClient& c = connect();
    auto keyboard = c.get_keyboard();
    Window w = map_window(c, 50, 50, kRed, "org.example.k", "k");
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->focus == w.toplevel->surface; }));
    auto s = control->key({"a", "hyper+b"});
    EXPECT_NE(s.error.find("unknown modifier 'hyper'"), std::string::npos) << s.error;
    s = control->key({"a", "NoSuchKey"});
    EXPECT_NE(s.error.find("'NoSuchKey' is not an xkb keysym name"), std::string::npos) << s.error;
    s = control->key({"ctrl+"});
    EXPECT_FALSE(s.ok());
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(keyboard->keys.empty());
    // Named keys, case-insensitive names, '+' itself, and a shifted symbol.
    ASSERT_TRUE(control->key({"shift+Tab", "escape", "ctrl++", "exclam"}).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->keys.size() == 16; }));
    EXPECT_EQ(keyboard->keys[1].key, uint32_t(KEY_TAB));
    EXPECT_EQ(keyboard->keys[4].key, uint32_t(KEY_ESC));
    EXPECT_EQ(keyboard->keys[6].key, uint32_t(KEY_LEFTCTRL));
    EXPECT_EQ(keyboard->keys[7].key, uint32_t(KEY_LEFTSHIFT));
    EXPECT_EQ(keyboard->keys[8].key, uint32_t(KEY_EQUAL)); // '+' is shift+= on a US keyboard
    EXPECT_EQ(keyboard->keys[13].key, uint32_t(KEY_1));    // '!' is shift+1
}

TEST_F(ControlTest, type_produces_each_character_through_the_keymap) {
    TestClient& c = connect();
    auto keyboard = c.get_keyboard();
    Window w = map_window(c, 50, 50, kRed, "org.example.t", "t");
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->focus == w.toplevel->surface; }));
    ASSERT_TRUE(control->type("Hi 1\n").ok());
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->keys.size() == 12; }));
    EXPECT_EQ(key_events(*keyboard), (std::vector<std::pair<uint32_t, uint32_t>>{
                                         {KEY_LEFTSHIFT, kDown}, {KEY_H, kDown}, {KEY_H, kUp}, {KEY_LEFTSHIFT, kUp},
                                         {KEY_I, kDown}, {KEY_I, kUp}, {KEY_SPACE, kDown}, {KEY_SPACE, kUp},
                                         {KEY_1, kDown}, {KEY_1, kUp}, {KEY_ENTER, kDown}, {KEY_ENTER, kUp}}));
}

TEST_F(ControlTest, type_names_a_character_the_keymap_cannot_produce_and_types_nothing) {
    TestClient& c = connect();
    auto keyboard = c.get_keyboard();
    Window w = map_window(c, 50, 50, kRed, "org.example.t", "t");
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->focus == w.toplevel->surface; }));
    auto s = control->type("abc\xc3\xa9");
    EXPECT_NE(s.error.find("cannot type '\xc3\xa9' (U+00E9)"), std::string::npos) << s.error;
    s = control->type("a\x07");
    EXPECT_NE(s.error.find("cannot type U+0007"), std::string::npos) << s.error;
    s = control->type("ab\xff");
    EXPECT_EQ(s.error, "the text is not valid UTF-8 (at byte 2)");
    s = control->type(std::string(Controller::kMaxTypeBytes + 1, 'a'));
    EXPECT_FALSE(s.ok());
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(keyboard->keys.empty());
}

TEST_F(ControlTest, keys_without_a_focused_window_are_an_error) {
    EXPECT_EQ(control->key({"a"}).error, "no window has the keyboard focus");
    EXPECT_EQ(control->type("a").error, "no window has the keyboard focus");
}

TEST(Utf8, decoding_is_strict) {
    size_t bad = 0;
    EXPECT_EQ(decode_utf8("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", &bad),
              (std::vector<uint32_t>{'a', 0xe9, 0x20ac, 0x1f600}));
    for (const char* invalid : {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc3", "\x80"}) {
        EXPECT_FALSE(decode_utf8(invalid, &bad)) << invalid;
        EXPECT_EQ(bad, 0u);
    }
}

// --- focus, close, screenshot, quit --------------------------------------------------

TEST_F(ControlTest, focus_raises_a_window_and_gives_it_the_keyboard) {
    TestClient& c = connect();
    auto keyboard = c.get_keyboard();
    Window a = map_window(c, 50, 50, kRed, "org.example.a", "a");
    Window b = map_window(c, 50, 50, kRed, "org.example.b", "b");
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->focus == b.toplevel->surface; }));
    ASSERT_TRUE(control->focus(selector("app-id=org.example.a")).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return keyboard->focus == a.toplevel->surface; }));
    EXPECT_EQ(server->scene().focused(), c.server_toplevel(*a.toplevel));
    EXPECT_TRUE(control->windows()[0].activated);
}

TEST_F(ControlTest, close_sends_xdg_toplevel_close) {
    TestClient& c = connect();
    Window a = map_window(c, 50, 50, kRed, "org.example.a", "a");
    ASSERT_TRUE(control->close(selector("app-id=org.example.a")).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return a.toplevel->closed; }));
}

TEST_F(ControlTest, screenshot_writes_the_output_or_one_window_geometry) {
    TestClient& c = connect();
    Window a;
    a.toplevel = c.make_toplevel();
    xdg_toplevel_set_app_id(a.toplevel->toplevel, "org.example.shot");
    xdg_surface_set_window_geometry(a.toplevel->xdg, 10, 10, 40, 30);
    a.buffer = c.make_buffer(60, 50, WL_SHM_FORMAT_XRGB8888);
    a.buffer->fill(kBlue);
    a.buffer->fill_rect(10, 10, 40, 30, kRed); // the geometry red, the margin blue
    c.commit_buffer(a.toplevel->surface, *a.buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(a.toplevel->surface));

    char dir[] = "/tmp/shoji-control-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    const std::string full = std::string(dir) + "/full.png", window = std::string(dir) + "/window.png";
    ASSERT_TRUE(control->screenshot(full, std::nullopt).ok());
    ASSERT_TRUE(control->screenshot(window, selector("app-id=org.example.shot")).ok());
    std::string error;
    PixmanImage f = read_png(full, &error), w = read_png(window, &error);
    ASSERT_TRUE(f && w) << error;
    EXPECT_EQ(pixman_image_get_width(f.get()), 320);
    EXPECT_EQ(pixman_image_get_height(f.get()), 240);
    ASSERT_EQ(pixman_image_get_width(w.get()), 40);
    ASSERT_EQ(pixman_image_get_height(w.get()), 30);
    int red = 0;
    for (int y = 0; y < 30; ++y)
        for (int x = 0; x < 40; ++x) red += pixel_at(w.get(), x, y) == kRed;
    EXPECT_EQ(red, 40 * 30) << "the window screenshot is not exactly the geometry";
    EXPECT_NE(control->screenshot(std::string(dir) + "/no/such/dir.png", std::nullopt).error.find("cannot write"),
              std::string::npos);
    std::remove(full.c_str());
    std::remove(window.c_str());
    rmdir(dir);
}

TEST_F(ControlTest, quit_calls_the_session_or_says_there_is_none) {
    EXPECT_EQ(control->quit().error, "this compositor runs no session to end");
    int quits = 0;
    control->on_quit = [&] { ++quits; };
    EXPECT_TRUE(control->quit().ok());
    EXPECT_EQ(quits, 1);
}

// --- waits ---------------------------------------------------------------------------

TEST_F(ControlTest, wait_window_returns_once_the_window_is_mapped_and_shown) {
    TestClient& c = connect();
    std::optional<WindowInfo> got;
    bool shown_when_called = false;
    auto wait = control->wait_window({std::string("org.example.late"), std::nullopt}, 0,
                                     [&](Controller::Status s, const WindowInfo& w) {
                                         EXPECT_TRUE(s.ok()) << s.error;
                                         got = w;
                                         shown_when_called = !server->output()->has_pending_damage() ||
                                                             server->output()->frames_rendered() > 0;
                                     });
    auto t = c.make_toplevel();
    xdg_toplevel_set_app_id(t->toplevel, "org.example.other");
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(got) << "answered before any such window existed";
    xdg_toplevel_set_app_id(t->toplevel, "org.example.late");
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(got) << "answered for a window that is not mapped";

    const uint64_t frames = server->output()->frames_rendered();
    auto b = c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    b->fill(kRed);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.dispatch_until([&] { return got.has_value(); }));
    EXPECT_GT(server->output()->frames_rendered(), frames) << "answered before a frame showed the window";
    EXPECT_TRUE(shown_when_called);
    EXPECT_EQ(got->app_id, "org.example.late");
    EXPECT_TRUE(got->mapped);
    // The window is on screen: its pixels are in the last frame.
    auto [x, y] = surface_origin(c, t->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 1, y + 1), kRed);
}

TEST_F(ControlTest, wait_window_for_a_window_already_shown_returns_at_once) {
    TestClient& c = connect();
    Window w = map_window(c, 40, 40, kRed, "org.example.a", "here");
    bool done = false;
    auto wait = control->wait_window({std::nullopt, std::string("here")}, 0,
                                     [&](Controller::Status s, const WindowInfo&) { done = s.ok(); });
    server->dispatch(0);
    EXPECT_TRUE(done);
}

TEST_F(ControlTest, wait_window_times_out_with_an_error_and_can_be_cancelled) {
    std::string error;
    auto wait = control->wait_window({std::string("org.example.never"), std::nullopt}, 20,
                                     [&](Controller::Status s, const WindowInfo&) { error = s.error; });
    for (int i = 0; i < 5000 && error.empty(); ++i) server->dispatch(1);
    EXPECT_EQ(error, "timed out after 0.02 s waiting for a window with app-id org.example.never");

    bool called = false;
    auto cancelled = control->wait_window({}, 1, [&](Controller::Status, const WindowInfo&) { called = true; });
    cancelled.reset();
    for (int i = 0; i < 20; ++i) server->dispatch(1);
    EXPECT_FALSE(called);
}

TEST_F(ControlTest, wait_idle_waits_for_quiet_after_the_last_commit_and_its_frame) {
    TestClient& c = connect();
    Window w = map_window(c, 40, 40, kRed, "org.example.a", "a");
    bool done = false;
    int64_t done_at = 0;
    // 300 ms: far longer than one commit and its frame (1 ms here), even on
    // a loaded machine.
    auto wait = control->wait_idle(300, 0, [&](Controller::Status s) {
        EXPECT_TRUE(s.ok()) << s.error;
        done = true;
        done_at = IdleWatch::now_ms();
    });
    // Keep committing (and having it drawn) for a while: never idle meanwhile.
    for (int i = 0; i < 10; ++i) {
        w.buffer->fill(i % 2 ? kRed : kBlue);
        c.commit_buffer(w.toplevel->surface, *w.buffer);
        ASSERT_TRUE(c.commit_and_wait_frame(w.toplevel->surface));
        ASSERT_FALSE(done) << "idle while a client was still committing (commit " << i << ")";
    }
    const int64_t last_commit = server->idle().last_commit_ms();
    ASSERT_TRUE(c.dispatch_until([&] { return done; }));
    EXPECT_GE(done_at - last_commit, 300);
    EXPECT_FALSE(server->output()->has_pending_damage());
}

TEST_F(ControlTest, wait_idle_after_input_gives_the_client_the_quiet_period_to_answer) {
    TestClient& c = connect();
    Window w = map_window(c, 40, 40, kRed, "org.example.a", "a");
    // Long quiet first: without the input, this would be idle at once.
    for (int i = 0; i < 5000 && !server->idle().is_idle(20); ++i) server->dispatch(1);
    ASSERT_TRUE(server->idle().is_idle(20));
    // A motion changes nothing on screen (no cursor is set): only the input
    // itself makes the session busy.
    ASSERT_TRUE(control->pointer({5, 5}, selector("app-id=org.example.a")).ok());
    EXPECT_FALSE(server->output()->has_pending_damage());
    EXPECT_FALSE(server->idle().is_idle(20));
}

TEST_F(ControlTest, wait_idle_times_out_while_a_client_keeps_committing) {
    TestClient& c = connect();
    Window w = map_window(c, 40, 40, kRed, "org.example.a", "a");
    std::string error;
    auto wait = control->wait_idle(1000, 50, [&](Controller::Status s) { error = s.error; });
    ASSERT_TRUE(c.dispatch_until([&] {
        c.commit_buffer(w.toplevel->surface, *w.buffer);
        return !error.empty();
    }));
    EXPECT_NE(error.find("timed out after 0.05 s waiting for 1000 ms without commits"), std::string::npos) << error;
}

} // namespace
} // namespace shoji::test
