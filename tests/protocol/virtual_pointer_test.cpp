// zwlr_virtual_pointer_v1 as its clients see it: one client drives a
// virtual pointer, another has a window and receives what it causes through
// its wl_pointer. Events wait for frame and arrive as one wl_pointer frame;
// positions, buttons, axes and their errors; held buttons are released when
// the virtual pointer goes.
#include <linux/input-event-codes.h>

#include <algorithm>
#include <tuple>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "output/output.hpp"
#include "seat/pointer_input.hpp"
#include "seat/wl_seat.hpp"
#include "seat/zwlr_virtual_pointer_manager_v1.hpp"
#include "wlr-virtual-pointer-unstable-v1-client-protocol.h"

namespace shoji::test {
namespace {

class VirtualPointerTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        // The receiving client: a window and its wl_pointer.
        TestClient& r = connect();
        receiver = &r;
        window = map_window(r, 100, 80, 0xff336699);
        pointer = r.get_pointer();
        ASSERT_TRUE(r.roundtrip());

        // The driving client.
        TestClient& s = connect();
        sender = &s;
        manager = bind_global<zwlr_virtual_pointer_manager_v1>(s, &zwlr_virtual_pointer_manager_v1_interface, 2);
        ASSERT_NE(manager, nullptr) << "no zwlr_virtual_pointer_manager_v1 global";
        vp = zwlr_virtual_pointer_manager_v1_create_virtual_pointer(manager, nullptr);
        ASSERT_TRUE(s.roundtrip());
    }

    void TearDown() override {
        // The client-side objects go before their clients.
        pointer.reset();
        window = {};
        ShojiTest::TearDown();
    }

    // Lets the sender's requests reach the server and the receiver read what
    // came of them.
    bool sync() { return sender->roundtrip() && receiver->roundtrip(); }

    // Moves onto the window at surface-local (sx, sy) with an absolute motion
    // over the 320×240 layout, and drops the events so far.
    void move_into_window(int32_t sx, int32_t sy) {
        zwlr_virtual_pointer_v1_motion_absolute(vp, 1, uint32_t(window.x + sx), uint32_t(window.y + sy), 320, 240);
        zwlr_virtual_pointer_v1_frame(vp);
        ASSERT_TRUE(sync());
        ASSERT_EQ(pointer->focus, window.toplevel->surface);
        pointer->events.clear();
    }

    // The types of the events received, in order.
    std::vector<PointerEvent::Type> types() const {
        std::vector<PointerEvent::Type> t;
        for (const PointerEvent& e : pointer->events) t.push_back(e.type);
        return t;
    }

    TestClient* receiver = nullptr;
    TestClient* sender = nullptr;
    Window window;
    std::unique_ptr<Pointer> pointer;
    zwlr_virtual_pointer_manager_v1* manager = nullptr;
    zwlr_virtual_pointer_v1* vp = nullptr;
};

TEST_F(VirtualPointerTest, manager_is_advertised_at_version_2) {
    EXPECT_EQ(sender->globals["zwlr_virtual_pointer_manager_v1"], VirtualPointerManager::kVersion);
    EXPECT_EQ(VirtualPointerManager::kVersion, 2u);
}

TEST_F(VirtualPointerTest, nothing_reaches_a_client_before_frame) {
    zwlr_virtual_pointer_v1_motion_absolute(vp, 1, uint32_t(window.x + 10), uint32_t(window.y + 10), 320, 240);
    zwlr_virtual_pointer_v1_button(vp, 2, BTN_LEFT, WL_POINTER_BUTTON_STATE_PRESSED);
    zwlr_virtual_pointer_v1_axis(vp, 3, WL_POINTER_AXIS_VERTICAL_SCROLL, wl_fixed_from_int(5));
    ASSERT_TRUE(sync());
    EXPECT_TRUE(pointer->events.empty()) << pointer->events.size() << " events before any frame";
    EXPECT_EQ(server->seat().pointer_focus(), nullptr);

    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(pointer->focus, window.toplevel->surface);
    EXPECT_EQ(pointer->count(PointerEvent::Button), 1u);
    EXPECT_EQ(pointer->count(PointerEvent::Axis), 1u);
}

TEST_F(VirtualPointerTest, a_frame_of_events_is_one_wl_pointer_frame) {
    move_into_window(10, 10);
    zwlr_virtual_pointer_v1_motion(vp, 5, wl_fixed_from_int(7), wl_fixed_from_int(3));
    zwlr_virtual_pointer_v1_button(vp, 6, BTN_LEFT, WL_POINTER_BUTTON_STATE_PRESSED);
    zwlr_virtual_pointer_v1_button(vp, 6, BTN_RIGHT, WL_POINTER_BUTTON_STATE_PRESSED);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(types(), (std::vector<PointerEvent::Type>{PointerEvent::Motion, PointerEvent::Button,
                                                        PointerEvent::Button, PointerEvent::Frame}));
    const PointerEvent* m = pointer->last(PointerEvent::Motion);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->x, 17);
    EXPECT_EQ(m->y, 13);
    EXPECT_EQ(m->time, 5u) << "the client's timestamp is passed on";
}

TEST_F(VirtualPointerTest, relative_motion_adds_to_where_the_seat_pointer_is) {
    // The seat's pointer, wherever it was moved from.
    server->seat().pointer_warp(window.x + 20, window.y + 30, 0);
    ASSERT_TRUE(receiver->roundtrip());
    zwlr_virtual_pointer_v1_motion(vp, 1, wl_fixed_from_double(2.5), wl_fixed_from_int(-4));
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_DOUBLE_EQ(server->seat().pointer_x(), window.x + 22.5);
    EXPECT_DOUBLE_EQ(server->seat().pointer_y(), window.y + 26);
}

TEST_F(VirtualPointerTest, relative_motion_stops_at_the_edges_of_the_outputs) {
    zwlr_virtual_pointer_v1_motion(vp, 1, wl_fixed_from_int(-100000), wl_fixed_from_int(-100000));
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(server->seat().pointer_x(), 0);
    EXPECT_EQ(server->seat().pointer_y(), 0);
    zwlr_virtual_pointer_v1_motion(vp, 1, wl_fixed_from_int(100000), wl_fixed_from_int(100000));
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(server->seat().pointer_x(), 319);
    EXPECT_EQ(server->seat().pointer_y(), 239);
}

TEST_F(VirtualPointerTest, absolute_motion_is_a_fraction_of_the_layout) {
    // 160/320 and 60/240 of the 320×240 output; then the same point in a
    // space twice as large.
    zwlr_virtual_pointer_v1_motion_absolute(vp, 1, 160, 60, 320, 240);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(server->seat().pointer_x(), 160);
    EXPECT_EQ(server->seat().pointer_y(), 60);
    zwlr_virtual_pointer_v1_motion_absolute(vp, 1, 100, 200, 640, 480);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(server->seat().pointer_x(), 50);
    EXPECT_EQ(server->seat().pointer_y(), 100);
    // Past the extent is the extent; a zero extent names no position.
    zwlr_virtual_pointer_v1_motion_absolute(vp, 1, 5000, 5000, 320, 240);
    zwlr_virtual_pointer_v1_frame(vp);
    zwlr_virtual_pointer_v1_motion_absolute(vp, 1, 10, 10, 0, 240);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(server->seat().pointer_x(), 320);
    EXPECT_EQ(server->seat().pointer_y(), 240);
}

TEST_F(VirtualPointerTest, with_output_maps_absolute_motion_to_that_output) {
    wl_output* output = bind_global<wl_output>(*sender, &wl_output_interface, 3);
    ASSERT_NE(output, nullptr);
    zwlr_virtual_pointer_v1* mapped =
        zwlr_virtual_pointer_manager_v1_create_virtual_pointer_with_output(manager, nullptr, output);
    zwlr_virtual_pointer_v1_motion_absolute(mapped, 1, 1, 3, 4, 4);
    zwlr_virtual_pointer_v1_frame(mapped);
    ASSERT_TRUE(sync());
    const Box box = server->output()->layout_box();
    EXPECT_EQ(server->seat().pointer_x(), box.x + box.width / 4.0);
    EXPECT_EQ(server->seat().pointer_y(), box.y + box.height * 3 / 4.0);
    zwlr_virtual_pointer_v1_destroy(mapped);
    wl_output_release(output);
}

TEST_F(VirtualPointerTest, a_press_focuses_the_window_under_it_like_a_mouse_click) {
    // Another client's window on top takes the focus first.
    TestClient& other = connect();
    auto top = other.make_toplevel();
    auto buffer = other.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    other.commit_buffer(top->surface, *buffer);
    ASSERT_TRUE(other.commit_and_wait_frame(top->surface));
    ASSERT_NE(server->seat().keyboard_focus(), receiver->server_surface(window.toplevel->surface));

    move_into_window(90, 70); // outside the small window
    zwlr_virtual_pointer_v1_button(vp, 1, BTN_LEFT, WL_POINTER_BUTTON_STATE_PRESSED);
    zwlr_virtual_pointer_v1_button(vp, 2, BTN_LEFT, WL_POINTER_BUTTON_STATE_RELEASED);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(server->seat().keyboard_focus(), receiver->server_surface(window.toplevel->surface));
    ASSERT_EQ(pointer->count(PointerEvent::Button), 2u);
    EXPECT_EQ(pointer->events[0].state, uint32_t(WL_POINTER_BUTTON_STATE_PRESSED));
    EXPECT_EQ(pointer->events[1].state, uint32_t(WL_POINTER_BUTTON_STATE_RELEASED));
}

TEST_F(VirtualPointerTest, buttons_it_holds_are_released_when_it_is_destroyed) {
    move_into_window(10, 10);
    zwlr_virtual_pointer_v1_button(vp, 1, BTN_LEFT, WL_POINTER_BUTTON_STATE_PRESSED);
    zwlr_virtual_pointer_v1_frame(vp);
    // Pressed again, and a motion, but never framed: dropped.
    zwlr_virtual_pointer_v1_button(vp, 2, BTN_RIGHT, WL_POINTER_BUTTON_STATE_PRESSED);
    zwlr_virtual_pointer_v1_motion(vp, 2, wl_fixed_from_int(5), 0);
    ASSERT_TRUE(sync());
    ASSERT_EQ(pointer->count(PointerEvent::Button), 1u);

    zwlr_virtual_pointer_v1_destroy(vp);
    vp = nullptr;
    ASSERT_TRUE(sync());
    ASSERT_EQ(pointer->count(PointerEvent::Button), 2u);
    const PointerEvent* b = pointer->last(PointerEvent::Button);
    EXPECT_EQ(b->button, uint32_t(BTN_LEFT));
    EXPECT_EQ(b->state, uint32_t(WL_POINTER_BUTTON_STATE_RELEASED));
    EXPECT_EQ(pointer->count(PointerEvent::Motion), 0u) << "an unframed motion was delivered";
    EXPECT_EQ(pointer->events.back().type, PointerEvent::Frame);
}

TEST_F(VirtualPointerTest, a_client_that_disconnects_mid_click_leaves_no_grab) {
    move_into_window(10, 10);
    zwlr_virtual_pointer_v1_button(vp, 1, BTN_LEFT, WL_POINTER_BUTTON_STATE_PRESSED);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    // Gone with the button down: the implicit grab must end.
    clients.erase(std::find_if(clients.begin(), clients.end(), [&](const auto& c) { return c.get() == sender; }));
    sender = nullptr;
    ASSERT_TRUE(receiver->roundtrip());
    EXPECT_EQ(pointer->last(PointerEvent::Button)->state, uint32_t(WL_POINTER_BUTTON_STATE_RELEASED));
    server->seat().pointer_warp(310, 230, 0); // off the window
    ASSERT_TRUE(receiver->roundtrip());
    EXPECT_EQ(pointer->focus, nullptr) << "the pointer focus is still held by a button no one holds";
}

TEST_F(VirtualPointerTest, axis_source_discrete_steps_and_stop_come_in_order) {
    move_into_window(10, 10);
    zwlr_virtual_pointer_v1_axis_discrete(vp, 4, WL_POINTER_AXIS_HORIZONTAL_SCROLL, wl_fixed_from_int(15), 1);
    zwlr_virtual_pointer_v1_axis_discrete(vp, 4, WL_POINTER_AXIS_HORIZONTAL_SCROLL, wl_fixed_from_int(15), 1);
    zwlr_virtual_pointer_v1_axis_source(vp, WL_POINTER_AXIS_SOURCE_WHEEL);
    zwlr_virtual_pointer_v1_axis_stop(vp, 5, WL_POINTER_AXIS_VERTICAL_SCROLL);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    // The harness binds wl_seat 8: steps are axis_value120, 120 each, just
    // before the axis event they belong to; the two requests of the frame
    // add up. The source comes first; axes go vertical, then horizontal.
    EXPECT_EQ(types(), (std::vector<PointerEvent::Type>{PointerEvent::AxisSource, PointerEvent::AxisStop,
                                                        PointerEvent::AxisValue120, PointerEvent::Axis,
                                                        PointerEvent::Frame}));
    ASSERT_EQ(pointer->events.size(), 5u);
    EXPECT_EQ(pointer->events[0].source, uint32_t(WL_POINTER_AXIS_SOURCE_WHEEL));
    EXPECT_EQ(pointer->events[1].axis, uint32_t(WL_POINTER_AXIS_VERTICAL_SCROLL));
    EXPECT_EQ(pointer->events[1].time, 5u);
    EXPECT_EQ(pointer->events[2].axis, uint32_t(WL_POINTER_AXIS_HORIZONTAL_SCROLL));
    EXPECT_EQ(pointer->events[2].discrete, 240);
    EXPECT_EQ(pointer->events[3].axis, uint32_t(WL_POINTER_AXIS_HORIZONTAL_SCROLL));
    EXPECT_EQ(pointer->events[3].value, 30);
}

TEST_F(VirtualPointerTest, past_the_pending_cap_events_are_delivered_without_a_frame) {
    move_into_window(10, 10);
    // Presses and releases, alternating, more than PointerInput holds.
    const size_t n = PointerInput::kMaxPendingEvents + 2;
    for (size_t i = 0; i < n; ++i)
        zwlr_virtual_pointer_v1_button(vp, 1, BTN_LEFT,
                                       i % 2 ? WL_POINTER_BUTTON_STATE_RELEASED : WL_POINTER_BUTTON_STATE_PRESSED);
    ASSERT_TRUE(sync());
    EXPECT_EQ(pointer->count(PointerEvent::Button), PointerInput::kMaxPendingEvents);
    EXPECT_EQ(pointer->count(PointerEvent::Frame), 1u);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(pointer->count(PointerEvent::Button), n);
}

TEST_F(VirtualPointerTest, held_buttons_are_capped) {
    move_into_window(10, 10);
    for (uint32_t b = 0; b < PointerInput::kMaxHeldButtons + 4; ++b)
        zwlr_virtual_pointer_v1_button(vp, 1, BTN_MISC + b, WL_POINTER_BUTTON_STATE_PRESSED);
    zwlr_virtual_pointer_v1_frame(vp);
    ASSERT_TRUE(sync());
    EXPECT_EQ(pointer->count(PointerEvent::Button), PointerInput::kMaxHeldButtons);
}

TEST_F(VirtualPointerTest, axis_that_is_not_a_wl_pointer_axis_is_invalid_axis) {
    EXPECT_PROTOCOL_ERROR(*sender, zwlr_virtual_pointer_v1_axis(vp, 1, 2, wl_fixed_from_int(1)),
                          &zwlr_virtual_pointer_v1_interface, ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS);
}

TEST_F(VirtualPointerTest, axis_stop_and_axis_discrete_check_the_axis_too) {
    TestClient& c = connect();
    auto* m = bind_global<zwlr_virtual_pointer_manager_v1>(c, &zwlr_virtual_pointer_manager_v1_interface, 2);
    zwlr_virtual_pointer_v1* p = zwlr_virtual_pointer_manager_v1_create_virtual_pointer(m, nullptr);
    EXPECT_PROTOCOL_ERROR(c, zwlr_virtual_pointer_v1_axis_discrete(p, 1, 7, wl_fixed_from_int(1), 1),
                          &zwlr_virtual_pointer_v1_interface, ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS);
    EXPECT_PROTOCOL_ERROR(*sender, zwlr_virtual_pointer_v1_axis_stop(vp, 1, 0x80000000u),
                          &zwlr_virtual_pointer_v1_interface, ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS);
}

TEST_F(VirtualPointerTest, unknown_axis_source_is_invalid_axis_source) {
    EXPECT_PROTOCOL_ERROR(*sender, zwlr_virtual_pointer_v1_axis_source(vp, 4), &zwlr_virtual_pointer_v1_interface,
                          ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS_SOURCE);
}

TEST_F(VirtualPointerTest, an_erring_driver_leaves_the_receiver_unharmed) {
    move_into_window(10, 10);
    EXPECT_PROTOCOL_ERROR(*sender, zwlr_virtual_pointer_v1_axis_source(vp, 99), &zwlr_virtual_pointer_v1_interface,
                          ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS_SOURCE);
    EXPECT_FALSE(receiver->has_error());
    server->seat().pointer_button(BTN_LEFT, true, 0);
    server->seat().pointer_button(BTN_LEFT, false, 0);
    ASSERT_TRUE(receiver->roundtrip());
    EXPECT_EQ(pointer->count(PointerEvent::Button), 2u);
}

} // namespace
} // namespace shoji::test
