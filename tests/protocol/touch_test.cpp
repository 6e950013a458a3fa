// wl_touch as a client sees it: the seat's touch capability, down on the
// surface under the point (subsurfaces, input regions, buffer scale as the
// pointer sees them), motion and up on that surface until the point goes up,
// a frame after each event, up when the surface goes, cancel; and the
// `touch` control verb.
//
// Input is injected through Server::seat() (layout coordinates), as the
// control verbs and the WLCS module do.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "control/controller.hpp"
#include "harness/fixture.hpp"
#include "seat/wl_seat.hpp"
#include "shell/xdg_toplevel.hpp"

namespace shoji::test {
namespace {

constexpr uint32_t kGrey = 0xff777777, kGreen = 0xff00ff00;

// wl_touch events as the client saw them, in order.
struct TouchEvent {
    enum Type { Down, Up, Motion, Frame, Cancel } type;
    uint32_t serial = 0, time = 0;
    wl_surface* surface = nullptr; // down
    int32_t id = -1;
    double x = 0, y = 0; // down, motion: surface-local
};

struct Touch {
    wl_touch* touch = nullptr;
    std::vector<TouchEvent> events;
    ~Touch() {
        if (touch) wl_touch_release(touch);
    }
    size_t count(TouchEvent::Type type) const {
        return size_t(std::count_if(events.begin(), events.end(), [&](const TouchEvent& e) { return e.type == type; }));
    }
    const TouchEvent* last(TouchEvent::Type type) const {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->type == type) return &*it;
        return nullptr;
    }
};

void on_down(void* data, wl_touch*, uint32_t serial, uint32_t time, wl_surface* surface, int32_t id, wl_fixed_t x,
             wl_fixed_t y) {
    static_cast<Touch*>(data)->events.push_back(
        {TouchEvent::Down, serial, time, surface, id, wl_fixed_to_double(x), wl_fixed_to_double(y)});
}
void on_up(void* data, wl_touch*, uint32_t serial, uint32_t time, int32_t id) {
    static_cast<Touch*>(data)->events.push_back({TouchEvent::Up, serial, time, nullptr, id, 0, 0});
}
void on_motion(void* data, wl_touch*, uint32_t time, int32_t id, wl_fixed_t x, wl_fixed_t y) {
    static_cast<Touch*>(data)->events.push_back(
        {TouchEvent::Motion, 0, time, nullptr, id, wl_fixed_to_double(x), wl_fixed_to_double(y)});
}
void on_frame(void* data, wl_touch*) { static_cast<Touch*>(data)->events.push_back({TouchEvent::Frame}); }
void on_cancel(void* data, wl_touch*) { static_cast<Touch*>(data)->events.push_back({TouchEvent::Cancel}); }
void on_shape(void*, wl_touch*, int32_t, wl_fixed_t, wl_fixed_t) {}
void on_orientation(void*, wl_touch*, int32_t, wl_fixed_t) {}
const wl_touch_listener touch_listener = {on_down, on_up, on_motion, on_frame, on_cancel, on_shape, on_orientation};

std::unique_ptr<Touch> get_touch(TestClient& c) {
    auto t = std::make_unique<Touch>();
    t->touch = wl_seat_get_touch(c.seat);
    wl_touch_add_listener(t->touch, &touch_listener, t.get());
    return t;
}

// A mapped window: its toplevel, its buffer, and where its (0, 0) is.
struct Window {
    std::unique_ptr<Toplevel> toplevel;
    std::unique_ptr<Buffer> buffer;
    int32_t x = 0, y = 0;
    wl_surface* surface() const { return toplevel->surface; }
};

class TouchTest : public ShojiTest {
protected:
    // Maps a window whose buffer is w×h pixels at buffer scale `scale`.
    Window map_window(TestClient& c, int32_t w, int32_t h, int32_t scale = 1) {
        Window win;
        win.toplevel = c.make_toplevel();
        win.buffer = c.make_buffer(w, h, WL_SHM_FORMAT_XRGB8888);
        win.buffer->fill(kGrey);
        wl_surface_set_buffer_scale(win.toplevel->surface, scale);
        c.commit_buffer(win.toplevel->surface, *win.buffer);
        EXPECT_TRUE(c.commit_and_wait_frame(win.toplevel->surface));
        std::tie(win.x, win.y) = surface_origin(c, win.toplevel->surface);
        return win;
    }
    Seat& seat() { return server->seat(); }
};

TEST_F(TouchTest, seat_has_touch_and_get_touch_gives_a_wl_touch) {
    TestClient& c = connect();
    EXPECT_EQ(c.seat_capabilities,
              uint32_t(WL_SEAT_CAPABILITY_POINTER | WL_SEAT_CAPABILITY_KEYBOARD | WL_SEAT_CAPABILITY_TOUCH));
    auto t = get_touch(c);
    EXPECT_TRUE(c.roundtrip()) << "get_touch failed";
}

TEST_F(TouchTest, down_motion_up_go_to_the_surface_touched_with_local_coordinates_and_a_frame_each) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 80);

    ASSERT_TRUE(seat().touch_down(3, w.x + 27, w.y + 8.5, 11));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Frame) == 1; }));
    ASSERT_EQ(t->events.size(), 2u);
    const TouchEvent& down = t->events[0];
    EXPECT_EQ(down.type, TouchEvent::Down);
    EXPECT_EQ(down.surface, w.surface());
    EXPECT_EQ(down.id, 3);
    EXPECT_EQ(down.time, 11u);
    EXPECT_DOUBLE_EQ(down.x, 27);
    EXPECT_DOUBLE_EQ(down.y, 8.5);

    // Outside the surface, the point stays with it (negative coordinates).
    ASSERT_TRUE(seat().touch_motion(3, w.x - 6, w.y + 120, 12));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Frame) == 2; }));
    const TouchEvent* motion = t->last(TouchEvent::Motion);
    ASSERT_NE(motion, nullptr);
    EXPECT_EQ(t->events[2].type, TouchEvent::Motion);
    EXPECT_EQ(motion->id, 3);
    EXPECT_EQ(motion->time, 12u);
    EXPECT_DOUBLE_EQ(motion->x, -6);
    EXPECT_DOUBLE_EQ(motion->y, 120);

    ASSERT_TRUE(seat().touch_up(3, 13));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Frame) == 3; }));
    const TouchEvent* up = t->last(TouchEvent::Up);
    ASSERT_NE(up, nullptr);
    EXPECT_EQ(up->id, 3);
    EXPECT_EQ(up->time, 13u);
    EXPECT_EQ(t->events.back().type, TouchEvent::Frame);

    // The id is free again; an unknown id is refused.
    EXPECT_FALSE(seat().touch_up(3, 14));
    EXPECT_FALSE(seat().touch_motion(3, 0, 0, 14));
}

TEST_F(TouchTest, a_down_for_an_id_already_down_is_refused_and_sends_nothing) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 80);
    ASSERT_TRUE(seat().touch_down(0, w.x + 1, w.y + 1, 1));
    EXPECT_FALSE(seat().touch_down(0, w.x + 2, w.y + 2, 2));
    EXPECT_TRUE(seat().touch_is_down(0));
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(t->count(TouchEvent::Down), 1u);
}

TEST_F(TouchTest, touch_points_past_the_limit_are_refused) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 80);
    for (int32_t id = 0; id < int32_t(SeatTouch::kMaxTouchPoints); ++id)
        ASSERT_TRUE(seat().touch_down(id, w.x + 1, w.y + 1, 1)) << id;
    EXPECT_FALSE(seat().touch_down(int32_t(SeatTouch::kMaxTouchPoints), w.x + 1, w.y + 1, 1));
    ASSERT_TRUE(seat().touch_up(0, 2));
    EXPECT_TRUE(seat().touch_down(int32_t(SeatTouch::kMaxTouchPoints), w.x + 1, w.y + 1, 3));
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(t->count(TouchEvent::Down), SeatTouch::kMaxTouchPoints + 1);
}

TEST_F(TouchTest, a_touch_on_a_subsurface_goes_to_the_subsurface_in_its_coordinates) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 100);
    wl_surface* child = wl_compositor_create_surface(c.compositor);
    wl_subsurface* sub = wl_subcompositor_get_subsurface(c.subcompositor, child, w.surface());
    wl_subsurface_set_position(sub, 20, 30);
    auto b = c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    b->fill(kGreen);
    c.commit_buffer(child, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface())); // applies the synchronized child

    ASSERT_TRUE(seat().touch_down(1, w.x + 25, w.y + 37, 1));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Down) == 1; }));
    EXPECT_EQ(t->last(TouchEvent::Down)->surface, child);
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Down)->x, 5);
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Down)->y, 7);
    // Motion onto the parent stays the child's, in the child's coordinates.
    ASSERT_TRUE(seat().touch_motion(1, w.x + 10, w.y + 10, 2));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Motion) == 1; }));
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Motion)->x, -10);
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Motion)->y, -20);
    ASSERT_TRUE(seat().touch_up(1, 3));

    // Where the child's input region is empty, the parent gets the touch.
    wl_region* empty = wl_compositor_create_region(c.compositor);
    wl_surface_set_input_region(child, empty);
    wl_region_destroy(empty);
    wl_surface_commit(child);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    ASSERT_TRUE(seat().touch_down(2, w.x + 25, w.y + 37, 4));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Down) == 2; }));
    EXPECT_EQ(t->last(TouchEvent::Down)->surface, w.surface());
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Down)->x, 25);
    wl_subsurface_destroy(sub);
    wl_surface_destroy(child);
}

TEST_F(TouchTest, coordinates_are_in_surface_units_on_a_scaled_buffer) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 200, 160, 2); // a 100×80 surface
    ASSERT_TRUE(seat().touch_down(0, w.x + 90, w.y + 70, 1));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Down) == 1; }));
    EXPECT_EQ(t->last(TouchEvent::Down)->surface, w.surface());
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Down)->x, 90);
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Down)->y, 70);
    // Past the 100×80 surface (inside its 200×160 buffer's pixels) is not on it.
    ASSERT_TRUE(seat().touch_down(1, w.x + 150, w.y + 70, 2));
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(t->count(TouchEvent::Down), 1u);
}

TEST_F(TouchTest, motion_follows_a_surface_that_moved_under_the_point) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 80);
    ASSERT_TRUE(seat().touch_down(0, w.x + 10, w.y + 10, 1));
    XdgToplevel* top = c.server_toplevel(*w.toplevel);
    ASSERT_NE(top, nullptr);
    top->move_to(top->x() + 30, top->y() + 5);
    ASSERT_TRUE(seat().touch_motion(0, w.x + 50, w.y + 50, 2));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Motion) == 1; }));
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Motion)->x, 20);
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Motion)->y, 45);
}

TEST_F(TouchTest, a_touch_raises_and_focuses_its_window_and_its_serial_counts_as_input) {
    TestClient& c = connect();
    auto t = get_touch(c);
    auto k = c.get_keyboard();
    Window a = map_window(c, 100, 80);
    Window b = map_window(c, 100, 80); // on top, focused
    ASSERT_TRUE(c.dispatch_until([&] { return k->focus == b.surface(); }));
    // A spot of a that b does not cover.
    const int32_t x = a.x + (b.x > a.x ? 1 : 99), y = a.y + (b.y > a.y ? 1 : 79);
    ASSERT_TRUE(seat().touch_down(0, x, y, 1));
    ASSERT_TRUE(c.dispatch_until([&] { return k->focus == a.surface() && t->count(TouchEvent::Down) == 1; }));
    EXPECT_EQ(t->last(TouchEvent::Down)->surface, a.surface());
    EXPECT_TRUE(seat().is_focused_input_serial(c.server_client(), t->last(TouchEvent::Down)->serial));
}

TEST_F(TouchTest, a_point_on_nothing_sends_nothing_and_its_id_is_still_down) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 80);
    ASSERT_TRUE(seat().touch_down(0, w.x + 500, w.y + 500, 1));
    ASSERT_TRUE(seat().touch_motion(0, w.x + 5, w.y + 5, 2)); // moving onto a window does not give it the point
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(t->events.empty());
    EXPECT_TRUE(seat().touch_up(0, 3));
}

TEST_F(TouchTest, a_surface_destroyed_under_a_point_gets_up_and_the_id_is_free) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 80);
    ASSERT_TRUE(seat().touch_down(5, w.x + 10, w.y + 10, 1));
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Down) == 1; }));
    w.toplevel.reset(); // destroys the surface
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Up) == 1; }));
    EXPECT_EQ(t->last(TouchEvent::Up)->id, 5);
    EXPECT_EQ(t->events.back().type, TouchEvent::Frame);
    EXPECT_FALSE(seat().touch_is_down(5));
}

TEST_F(TouchTest, cancel_tells_each_client_once_and_ends_every_point) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 80);
    ASSERT_TRUE(seat().touch_down(0, w.x + 10, w.y + 10, 1));
    ASSERT_TRUE(seat().touch_down(1, w.x + 20, w.y + 10, 1));
    seat().touch_cancel();
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Cancel) == 1; }));
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(t->count(TouchEvent::Cancel), 1u);
    EXPECT_FALSE(seat().touch_is_down(0));
    EXPECT_FALSE(seat().touch_is_down(1));
}

TEST_F(TouchTest, a_client_that_quits_with_a_point_down_leaves_the_seat_working) {
    {
        TestClient a(*server);
        auto ta = get_touch(a);
        Window wa = map_window(a, 100, 80);
        ASSERT_TRUE(seat().touch_down(0, wa.x + 10, wa.y + 10, 1));
        ASSERT_TRUE(a.roundtrip());
        // a goes away as a crashed client does, its objects with it.
        wl_client_destroy(a.server_client());
    }
    EXPECT_FALSE(seat().touch_is_down(0));

    TestClient& b = connect();
    auto tb = get_touch(b);
    Window wb = map_window(b, 100, 80);
    ASSERT_TRUE(seat().touch_down(0, wb.x + 10, wb.y + 10, 2));
    ASSERT_TRUE(b.dispatch_until([&] { return tb->count(TouchEvent::Down) == 1; }));
}

// --- the control verb ---------------------------------------------------------

TEST_F(TouchTest, the_touch_verb_drives_a_point_relative_to_a_window_and_refuses_bad_ids) {
    TestClient& c = connect();
    auto t = get_touch(c);
    Window w = map_window(c, 100, 80);
    Controller control(*server);
    const XdgToplevel* top = c.server_toplevel(*w.toplevel);
    ASSERT_NE(top, nullptr);
    std::string error;
    const std::optional<WindowSelector> window = WindowSelector::parse(std::to_string(top->id()), &error);
    ASSERT_TRUE(window) << error;

    ASSERT_TRUE(control.touch(Controller::TouchPhase::Down, 7, {12, 34}, window).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Down) == 1; }));
    EXPECT_EQ(t->last(TouchEvent::Down)->id, 7);
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Down)->x, 12 + top->x() - w.x);
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Down)->y, 34 + top->y() - w.y);
    EXPECT_EQ(control.touch(Controller::TouchPhase::Down, 7, {0, 0}, std::nullopt).error, "touch point 7 is already down");

    ASSERT_TRUE(control.touch(Controller::TouchPhase::Move, 7, {w.x + 50.0, w.y + 40.0}, std::nullopt).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Motion) == 1; }));
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Motion)->x, 50);
    EXPECT_DOUBLE_EQ(t->last(TouchEvent::Motion)->y, 40);

    ASSERT_TRUE(control.touch(Controller::TouchPhase::Up, 7, {}, std::nullopt).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return t->count(TouchEvent::Up) == 1; }));
    EXPECT_EQ(control.touch(Controller::TouchPhase::Up, 7, {}, std::nullopt).error, "touch point 7 is not down");
    EXPECT_EQ(control.touch(Controller::TouchPhase::Move, 8, {1, 1}, std::nullopt).error, "touch point 8 is not down");
}

} // namespace
} // namespace shoji::test
