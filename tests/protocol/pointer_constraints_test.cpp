// zwp_pointer_constraints_v1 and zwp_relative_pointer_manager_v1 as a client
// sees them: a lock or confinement activates on the surface with the pointer
// focus once the pointer is inside its region; a lock holds the pointer
// still (no wl_pointer.motion) while relative pointers still get the motion;
// a confinement keeps it in the region; oneshot and persistent lifetimes;
// regions and the cursor hint take effect on commit; already_constrained;
// relative motion is the device's, unclipped, and warps send none; and the
// `pointer --relative` control verb.
//
// Relative input goes through a PointerInput (as virtual pointers, the WLCS
// pointer and `shoji ctl` drive it), absolute positions through
// Seat::pointer_warp.
#include <algorithm>
#include <memory>
#include <tuple>
#include <vector>

#include "control/controller.hpp"
#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "pointer-constraints-unstable-v1-client-protocol.h"
#include "relative-pointer-unstable-v1-client-protocol.h"
#include "seat/pointer_input.hpp"
#include "seat/wl_seat.hpp"
#include "shell/xdg_toplevel.hpp"

namespace shoji::test {
namespace {

// Events of a locked or confined pointer, as the client saw them.
struct ConstraintEvents {
    int activated = 0, deactivated = 0;
};

void on_locked(void* data, zwp_locked_pointer_v1*) { ++static_cast<ConstraintEvents*>(data)->activated; }
void on_unlocked(void* data, zwp_locked_pointer_v1*) { ++static_cast<ConstraintEvents*>(data)->deactivated; }
const zwp_locked_pointer_v1_listener locked_listener = {on_locked, on_unlocked};
void on_confined(void* data, zwp_confined_pointer_v1*) { ++static_cast<ConstraintEvents*>(data)->activated; }
void on_unconfined(void* data, zwp_confined_pointer_v1*) { ++static_cast<ConstraintEvents*>(data)->deactivated; }
const zwp_confined_pointer_v1_listener confined_listener = {on_confined, on_unconfined};

struct RelativeMotion {
    uint64_t time_us;
    double dx, dy, dx_unaccel, dy_unaccel;
};
void on_relative_motion(void* data, zwp_relative_pointer_v1*, uint32_t hi, uint32_t lo, wl_fixed_t dx, wl_fixed_t dy,
                        wl_fixed_t dxu, wl_fixed_t dyu) {
    static_cast<std::vector<RelativeMotion>*>(data)->push_back(
        {(uint64_t(hi) << 32) | lo, wl_fixed_to_double(dx), wl_fixed_to_double(dy), wl_fixed_to_double(dxu),
         wl_fixed_to_double(dyu)});
}
const zwp_relative_pointer_v1_listener relative_listener = {on_relative_motion};

struct Window {
    std::unique_ptr<Toplevel> toplevel;
    std::unique_ptr<Buffer> buffer;
    int32_t x = 0, y = 0; // layout position of its (0, 0)
    wl_surface* surface() const { return toplevel->surface; }
};

class PointerConstraintsTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        c = &connect();
        constraints = bind_global<zwp_pointer_constraints_v1>(*c, &zwp_pointer_constraints_v1_interface, 1);
        ASSERT_NE(constraints, nullptr) << "no zwp_pointer_constraints_v1 global";
        relative_manager =
            bind_global<zwp_relative_pointer_manager_v1>(*c, &zwp_relative_pointer_manager_v1_interface, 1);
        ASSERT_NE(relative_manager, nullptr) << "no zwp_relative_pointer_manager_v1 global";
        ptr = c->get_pointer();
        win = map_window(200, 150);
        input = std::make_unique<PointerInput>(server->seat());
    }
    void TearDown() override {
        input.reset();
        if (locked) zwp_locked_pointer_v1_destroy(locked);
        if (confined) zwp_confined_pointer_v1_destroy(confined);
        if (relative) zwp_relative_pointer_v1_destroy(relative);
        zwp_pointer_constraints_v1_destroy(constraints);
        zwp_relative_pointer_manager_v1_destroy(relative_manager);
        ptr.reset();
        win = Window{};
        ShojiTest::TearDown();
    }

    Window map_window(int32_t w, int32_t h) {
        Window win;
        win.toplevel = c->make_toplevel();
        win.buffer = c->make_buffer(w, h, WL_SHM_FORMAT_XRGB8888);
        win.buffer->fill(0xff777777);
        c->commit_buffer(win.toplevel->surface, *win.buffer);
        EXPECT_TRUE(c->commit_and_wait_frame(win.toplevel->surface));
        std::tie(win.x, win.y) = surface_origin(*c, win.toplevel->surface);
        return win;
    }
    Seat& seat() { return server->seat(); }
    void warp(double x, double y) {
        seat().pointer_warp(x, y, ++time_ms);
        ASSERT_TRUE(c->roundtrip());
    }
    void move_by(double dx, double dy) {
        input->motion(dx, dy, ++time_ms);
        input->frame();
        ASSERT_TRUE(c->roundtrip());
    }
    void lock(wl_surface* surface, wl_region* region, uint32_t lifetime) {
        locked = zwp_pointer_constraints_v1_lock_pointer(constraints, surface, ptr->pointer, region, lifetime);
        zwp_locked_pointer_v1_add_listener(locked, &locked_listener, &events);
        ASSERT_TRUE(c->roundtrip());
    }
    void confine(wl_surface* surface, wl_region* region, uint32_t lifetime) {
        confined = zwp_pointer_constraints_v1_confine_pointer(constraints, surface, ptr->pointer, region, lifetime);
        zwp_confined_pointer_v1_add_listener(confined, &confined_listener, &events);
        ASSERT_TRUE(c->roundtrip());
    }
    void get_relative() {
        relative = zwp_relative_pointer_manager_v1_get_relative_pointer(relative_manager, ptr->pointer);
        zwp_relative_pointer_v1_add_listener(relative, &relative_listener, &motions);
        ASSERT_TRUE(c->roundtrip());
    }
    wl_region* region(int32_t x, int32_t y, int32_t w, int32_t h) {
        wl_region* r = wl_compositor_create_region(c->compositor);
        wl_region_add(r, x, y, w, h);
        return r;
    }

    TestClient* c = nullptr;
    zwp_pointer_constraints_v1* constraints = nullptr;
    zwp_relative_pointer_manager_v1* relative_manager = nullptr;
    zwp_locked_pointer_v1* locked = nullptr;
    zwp_confined_pointer_v1* confined = nullptr;
    zwp_relative_pointer_v1* relative = nullptr;
    std::unique_ptr<Pointer> ptr;
    Window win;
    std::unique_ptr<PointerInput> input;
    ConstraintEvents events;
    std::vector<RelativeMotion> motions;
    uint32_t time_ms = 0;
};

// --- locks ----------------------------------------------------------------------

TEST_F(PointerConstraintsTest, a_lock_on_the_surface_under_the_pointer_activates_and_holds_the_pointer_still) {
    warp(win.x + 50, win.y + 40);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    EXPECT_EQ(events.activated, 1);
    const size_t motions_before = ptr->count(PointerEvent::Motion);
    move_by(10, 10);
    warp(win.x + 5, win.y + 5); // absolute input does not move it either
    EXPECT_EQ(seat().pointer_x(), win.x + 50);
    EXPECT_EQ(seat().pointer_y(), win.y + 40);
    EXPECT_EQ(ptr->count(PointerEvent::Motion), motions_before) << "wl_pointer.motion while locked";
}

TEST_F(PointerConstraintsTest, a_lock_on_a_surface_without_the_pointer_waits_until_the_pointer_enters_its_region) {
    warp(win.x + 500, win.y + 500); // off the window
    wl_region* r = region(100, 0, 100, 150); // the right half
    lock(win.surface(), r, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    wl_region_destroy(r);
    EXPECT_EQ(events.activated, 0);
    warp(win.x + 50, win.y + 40); // on the surface, outside the region
    EXPECT_EQ(events.activated, 0);
    warp(win.x + 150, win.y + 40);
    EXPECT_EQ(events.activated, 1);
}

TEST_F(PointerConstraintsTest, a_oneshot_lock_ends_for_good_when_its_surface_loses_the_pointer) {
    warp(win.x + 50, win.y + 40);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    ASSERT_EQ(events.activated, 1);
    {
        Window over = map_window(400, 400); // covers the pointer
        ASSERT_TRUE(c->roundtrip());
        EXPECT_EQ(ptr->focus, over.surface());
        EXPECT_EQ(events.deactivated, 1);
    }
    ASSERT_TRUE(c->roundtrip()); // the window over it is gone: the pointer is back
    ASSERT_EQ(ptr->focus, win.surface());
    EXPECT_EQ(events.activated, 1) << "a oneshot lock activated again";
}

TEST_F(PointerConstraintsTest, a_persistent_lock_activates_again_when_its_surface_gets_the_pointer_back) {
    warp(win.x + 50, win.y + 40);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT);
    for (int i = 1; i <= 3; ++i) {
        ASSERT_EQ(events.activated, i);
        {
            Window over = map_window(400, 400);
            ASSERT_TRUE(c->roundtrip());
            EXPECT_EQ(events.deactivated, i);
        }
        ASSERT_TRUE(c->roundtrip());
    }
}

TEST_F(PointerConstraintsTest, a_lock_ends_when_another_window_takes_the_keyboard_and_persists_to_its_return) {
    warp(win.x + 5, win.y + 5);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT);
    ASSERT_EQ(events.activated, 1);
    {
        // Mapped and focused, but not under the pointer.
        Window other = map_window(20, 20);
        XdgToplevel* top = c->server_toplevel(*other.toplevel);
        ASSERT_NE(top, nullptr);
        top->move_to(win.x + 150, win.y + 100);
        ASSERT_TRUE(c->roundtrip());
        ASSERT_EQ(ptr->focus, win.surface());
        EXPECT_EQ(events.deactivated, 1);
    }
    ASSERT_TRUE(c->roundtrip()); // the focus is back
    EXPECT_EQ(events.activated, 2);
}

TEST_F(PointerConstraintsTest, a_lock_region_set_takes_effect_on_commit) {
    warp(win.x + 50, win.y + 40);
    wl_region* away = region(100, 0, 100, 150); // not under the pointer
    lock(win.surface(), away, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    wl_region_destroy(away);
    ASSERT_EQ(events.activated, 0);
    zwp_locked_pointer_v1_set_region(locked, nullptr); // the whole surface
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(events.activated, 0) << "set_region applied before the commit";
    wl_surface_commit(win.surface());
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(events.activated, 1);
}

TEST_F(PointerConstraintsTest, ending_an_active_lock_puts_the_pointer_at_the_committed_hint) {
    warp(win.x + 50, win.y + 40);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    ASSERT_EQ(events.activated, 1);
    zwp_locked_pointer_v1_set_cursor_position_hint(locked, wl_fixed_from_int(120), wl_fixed_from_double(70.5));
    wl_surface_commit(win.surface());
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(seat().pointer_x(), win.x + 50) << "the hint moved the pointer while locked";
    get_relative();
    zwp_locked_pointer_v1_destroy(locked);
    locked = nullptr;
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(seat().pointer_x(), win.x + 120);
    EXPECT_EQ(seat().pointer_y(), win.y + 70.5);
    ASSERT_NE(ptr->last(PointerEvent::Motion), nullptr);
    EXPECT_EQ(ptr->last(PointerEvent::Motion)->x, 120);
    EXPECT_TRUE(motions.empty()) << "the warp to the hint sent relative motion";
    move_by(3, 0); // free again
    EXPECT_EQ(seat().pointer_x(), win.x + 123);
}

TEST_F(PointerConstraintsTest, an_uncommitted_hint_is_not_used) {
    warp(win.x + 50, win.y + 40);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    zwp_locked_pointer_v1_set_cursor_position_hint(locked, wl_fixed_from_int(120), wl_fixed_from_int(70));
    zwp_locked_pointer_v1_destroy(locked);
    locked = nullptr;
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(seat().pointer_x(), win.x + 50);
}

TEST_F(PointerConstraintsTest, destroying_the_surface_ends_its_lock) {
    warp(win.x + 50, win.y + 40);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT);
    ASSERT_EQ(events.activated, 1);
    const int32_t x = win.x;
    win = Window{};
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(events.deactivated, 1);
    move_by(10, 0);
    EXPECT_EQ(seat().pointer_x(), x + 60);
}

// --- confinement ------------------------------------------------------------------

TEST_F(PointerConstraintsTest, a_confined_pointer_moves_inside_the_surface_and_stops_at_its_edges) {
    warp(win.x + 100, win.y + 75);
    confine(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    ASSERT_EQ(events.activated, 1);
    move_by(10, 5);
    EXPECT_EQ(seat().pointer_x(), win.x + 110);
    EXPECT_EQ(seat().pointer_y(), win.y + 80);
    move_by(1000, 1000);
    EXPECT_EQ(seat().pointer_x(), win.x + 199);
    EXPECT_EQ(seat().pointer_y(), win.y + 149);
    ASSERT_NE(ptr->last(PointerEvent::Motion), nullptr);
    EXPECT_EQ(ptr->last(PointerEvent::Motion)->x, 199);
    move_by(-1000, -1000);
    EXPECT_EQ(seat().pointer_x(), win.x);
    EXPECT_EQ(seat().pointer_y(), win.y);
    EXPECT_EQ(ptr->focus, win.surface());
}

TEST_F(PointerConstraintsTest, a_confined_pointer_goes_to_the_nearest_point_of_a_two_box_region) {
    warp(win.x + 10, win.y + 10);
    wl_region* r = region(0, 0, 50, 50);
    wl_region_add(r, 100, 100, 50, 50);
    confine(win.surface(), r, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    wl_region_destroy(r);
    ASSERT_EQ(events.activated, 1);
    move_by(80, 0); // to (90, 10): nearest is (49, 10)
    EXPECT_EQ(seat().pointer_x(), win.x + 49);
    EXPECT_EQ(seat().pointer_y(), win.y + 10);
    warp(win.x + 120, win.y + 95); // nearest is (120, 100), in the second box
    EXPECT_EQ(seat().pointer_x(), win.x + 120);
    EXPECT_EQ(seat().pointer_y(), win.y + 100);
}

TEST_F(PointerConstraintsTest, a_confinement_keeps_within_the_input_region) {
    wl_region* input_region = region(0, 0, 60, 150);
    wl_surface_set_input_region(win.surface(), input_region);
    wl_region_destroy(input_region);
    wl_surface_commit(win.surface());
    warp(win.x + 30, win.y + 30);
    confine(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    ASSERT_EQ(events.activated, 1);
    move_by(100, 0);
    EXPECT_EQ(seat().pointer_x(), win.x + 59);
}

// --- errors ------------------------------------------------------------------------

TEST_F(PointerConstraintsTest, a_second_constraint_on_one_surface_is_already_constrained) {
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    EXPECT_PROTOCOL_ERROR(*c,
                          zwp_pointer_constraints_v1_confine_pointer(constraints, win.surface(), ptr->pointer, nullptr,
                                                                     ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT),
                          &zwp_pointer_constraints_v1_interface, ZWP_POINTER_CONSTRAINTS_V1_ERROR_ALREADY_CONSTRAINED);
}

TEST_F(PointerConstraintsTest, a_defunct_oneshot_lock_still_counts_until_destroyed_then_a_new_one_is_allowed) {
    warp(win.x + 50, win.y + 40);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    {
        Window over = map_window(400, 400);
        ASSERT_TRUE(c->roundtrip());
    }
    ASSERT_EQ(events.deactivated, 1);
    zwp_locked_pointer_v1_destroy(locked);
    events = {};
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    EXPECT_FALSE(c->has_error());
    EXPECT_EQ(events.activated, 1);
}

// --- relative pointers ----------------------------------------------------------------

TEST_F(PointerConstraintsTest, relative_motion_is_the_devices_unclipped_delta_and_warps_send_none) {
    warp(win.x + 50, win.y + 40);
    get_relative();
    move_by(7, -3);
    ASSERT_EQ(motions.size(), 1u);
    EXPECT_EQ(motions[0].dx, 7);
    EXPECT_EQ(motions[0].dy, -3);
    EXPECT_EQ(motions[0].dx_unaccel, 7);
    EXPECT_EQ(motions[0].dy_unaccel, -3);
    EXPECT_EQ(motions[0].time_us, uint64_t(time_ms) * 1000);
    warp(win.x + 60, win.y + 40);
    EXPECT_EQ(motions.size(), 1u) << "a warp sent relative motion";
    // At the layout's edge the pointer stops; the relative motion does not.
    warp(win.x + 5, win.y + 40);
    move_by(-500, 0);
    EXPECT_EQ(seat().pointer_x(), 0);
    ASSERT_EQ(motions.size(), 2u);
    EXPECT_EQ(motions[1].dx, -500);
}

TEST_F(PointerConstraintsTest, relative_motion_goes_on_while_locked) {
    warp(win.x + 50, win.y + 40);
    get_relative();
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    move_by(4, 4);
    ASSERT_EQ(motions.size(), 1u);
    EXPECT_EQ(motions[0].dx, 4);
    EXPECT_EQ(seat().pointer_x(), win.x + 50);
}

TEST_F(PointerConstraintsTest, relative_motion_goes_only_to_the_client_with_the_pointer_focus) {
    get_relative();
    warp(win.x + 500, win.y + 500); // over no window
    move_by(1, 1);
    EXPECT_TRUE(motions.empty());
}

TEST_F(PointerConstraintsTest, the_relative_pointer_verb_moves_the_pointer_and_sends_relative_motion_even_locked) {
    warp(win.x + 50, win.y + 40);
    get_relative();
    Controller control(*server);
    ASSERT_TRUE(control.pointer_by(5, 6).ok());
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(seat().pointer_x(), win.x + 55);
    EXPECT_EQ(seat().pointer_y(), win.y + 46);
    ASSERT_EQ(motions.size(), 1u);
    EXPECT_EQ(motions[0].dx, 5);
    lock(win.surface(), nullptr, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT);
    ASSERT_TRUE(control.pointer_by(-2, 0).ok());
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(seat().pointer_x(), win.x + 55);
    ASSERT_EQ(motions.size(), 2u);
    EXPECT_EQ(motions[1].dx, -2);
    EXPECT_FALSE(control.pointer_by(1e9, 0).ok());
}

} // namespace
} // namespace shoji::test
