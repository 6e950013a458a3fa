// What the Wayland Conformance Suite (WLCS, docs/conformance.md) found Shoji
// doing wrong, one test per fix, in the words of the spec; and the tolerant
// mode that the WLCS integration switches on.
#include <linux/input-event-codes.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "harness/fixture.hpp"
#include "seat/wl_seat.hpp"
#include "shell/xdg_toplevel.hpp"

namespace shoji::test {
namespace {

class ConformanceTest : public ShojiTest {
protected:
    // Presses the left button at (x, y) and returns the press's serial, as
    // the client saw it.
    uint32_t press_at(TestClient& c, Pointer& ptr, double x, double y) {
        seat().pointer_warp(x, y, ++time_);
        seat().pointer_button(BTN_LEFT, true, ++time_);
        EXPECT_TRUE(c.dispatch_until([&] { return ptr.count(PointerEvent::Button) > 0; }));
        const PointerEvent* press = ptr.last(PointerEvent::Button);
        return press ? press->serial : 0;
    }

    // A 30×30 popup of `parent` at its top-left corner, grabbing with
    // `serial` (0: no grab), mapped.
    struct Popup {
        wl_surface* surface = nullptr;
        xdg_surface* xdg = nullptr;
        xdg_popup* popup = nullptr;
        std::unique_ptr<Buffer> buffer;
        PopupEvents events;
    };
    std::unique_ptr<Popup> open_popup(TestClient& c, Toplevel& parent, uint32_t grab_serial) {
        auto p = std::make_unique<Popup>();
        xdg_positioner* positioner = xdg_wm_base_create_positioner(c.wm_base);
        xdg_positioner_set_size(positioner, 30, 30);
        xdg_positioner_set_anchor_rect(positioner, 0, 0, 1, 1);
        xdg_positioner_set_anchor(positioner, XDG_POSITIONER_ANCHOR_TOP_LEFT);
        xdg_positioner_set_gravity(positioner, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT);
        p->surface = wl_compositor_create_surface(c.compositor);
        p->xdg = xdg_wm_base_get_xdg_surface(c.wm_base, p->surface);
        p->popup = xdg_surface_get_popup(p->xdg, parent.xdg, positioner);
        listen_to_popup(p->xdg, p->popup, &p->events);
        xdg_positioner_destroy(positioner);
        if (grab_serial) xdg_popup_grab(p->popup, c.seat, grab_serial);
        wl_surface_commit(p->surface);
        EXPECT_TRUE(c.dispatch_until([&] { return p->events.configures > 0; }));
        xdg_surface_ack_configure(p->xdg, p->events.serial);
        p->buffer = c.make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
        p->buffer->fill(kRed);
        c.commit_buffer(p->surface, *p->buffer);
        EXPECT_TRUE(c.commit_and_wait_frame(p->surface));
        return p;
    }

    // xdg_surface: a buffer attached before the role object (and so before
    // any configure) is unconfigured_buffer.
    void expect_attach_without_a_role_is_unconfigured_buffer() {
        TestClient& c = connect();
        auto b = c.make_buffer(8, 8);
        wl_surface* s = wl_compositor_create_surface(c.compositor);
        xdg_wm_base_get_xdg_surface(c.wm_base, s);
        EXPECT_PROTOCOL_ERROR(c, wl_surface_attach(s, b->buffer, 0, 0), &xdg_surface_interface,
                              XDG_SURFACE_ERROR_UNCONFIGURED_BUFFER);
    }

    Seat& seat() { return server->seat(); }
    uint32_t time_ = 0;
};

// --- wl_pointer ---------------------------------------------------------------

// wayland.xml, wl_pointer.motion: "surface_x, surface_y: surface-local
// coordinates" of the focused surface — also while a held button keeps the
// focus on a surface the pointer has left.
TEST_F(ConformanceTest, motion_dragged_off_a_surface_is_relative_to_that_surface) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 50, 50, kGrey);
    press_at(c, *ptr, w.x + 10, w.y + 10);
    seat().pointer_warp(w.x + 80, w.y - 7, ++time_);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->last(PointerEvent::Motion) && ptr->last(PointerEvent::Motion)->x == 80; }));
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Motion)->y, -7);
}

// The same position, relative to a surface that moved under a still pointer:
// the client is told where the pointer now is on it.
TEST_F(ConformanceTest, surface_moving_under_a_still_pointer_gets_motion) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 50, 50, kGrey);
    seat().pointer_warp(w.x + 20, w.y + 20, ++time_);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Enter) == 1; }));
    ASSERT_TRUE(c.roundtrip());
    const size_t motions = ptr->count(PointerEvent::Motion);
    XdgToplevel* t = c.server_toplevel(*w.toplevel);
    t->move_to(t->x() + 5, t->y() + 3);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Motion) > motions; }));
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Motion)->x, 15);
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Motion)->y, 17);
    EXPECT_EQ(ptr->count(PointerEvent::Leave), 0u);
}

// --- wl_subsurface -------------------------------------------------------------

// wayland.xml, set_position: "The scheduled coordinates will take effect
// whenever the state of the parent surface is applied", and a request
// replaces another only "before the commit of the parent surface": a
// position the parent never committed does not move the child when the
// grandparent commits.
TEST_F(ConformanceTest, subsurface_position_goes_with_its_parents_commit) {
    TestClient& c = connect();
    Window w = map_window(c, 100, 100, kGrey);
    auto child_buffer = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    auto grandchild_buffer = c.make_buffer(10, 10, WL_SHM_FORMAT_XRGB8888);
    wl_surface* child = wl_compositor_create_surface(c.compositor);
    wl_subsurface* child_sub = wl_subcompositor_get_subsurface(c.subcompositor, child, w.surface());
    wl_surface* grandchild = wl_compositor_create_surface(c.compositor);
    wl_subsurface* grandchild_sub = wl_subcompositor_get_subsurface(c.subcompositor, grandchild, child);
    c.commit_buffer(grandchild, *grandchild_buffer);
    c.commit_buffer(child, *child_buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    EXPECT_EQ(surface_origin(c, grandchild), std::make_pair(w.x, w.y));

    wl_subsurface_set_position(grandchild_sub, 20, 20);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface())); // the child did not commit
    EXPECT_EQ(surface_origin(c, grandchild), std::make_pair(w.x, w.y));

    wl_surface_commit(w.surface()); // before the child's commit: too early
    wl_surface_commit(child);       // synchronized: cached until its parent's
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(surface_origin(c, grandchild), std::make_pair(w.x, w.y));

    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    EXPECT_EQ(surface_origin(c, grandchild), std::make_pair(w.x + 20, w.y + 20));
    wl_subsurface_destroy(grandchild_sub);
    wl_subsurface_destroy(child_sub);
}

// --- xdg_popup.grab ------------------------------------------------------------

// xdg-shell.xml, xdg_popup.grab: "the top most grabbing popup will always
// have keyboard focus"; when the grab ends, its toplevel has it again.
TEST_F(ConformanceTest, grabbing_popup_has_the_keyboard_until_it_goes) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    auto kb = c.get_keyboard();
    Window w = map_window(c, 100, 100, kGrey);
    const uint32_t serial = press_at(c, *ptr, w.x + 50, w.y + 50);
    auto popup = open_popup(c, *w.toplevel, serial);
    ASSERT_TRUE(c.dispatch_until([&] { return kb->focus == popup->surface; }));

    xdg_popup_destroy(popup->popup);
    ASSERT_TRUE(c.dispatch_until([&] { return kb->focus == w.surface(); }));
    xdg_surface_destroy(popup->xdg);
    wl_surface_destroy(popup->surface);
}

TEST_F(ConformanceTest, popup_without_a_grab_leaves_the_keyboard_to_its_toplevel) {
    TestClient& c = connect();
    auto kb = c.get_keyboard();
    Window w = map_window(c, 100, 100, kGrey);
    auto popup = open_popup(c, *w.toplevel, 0);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(kb->focus, w.surface());
}

// Another window taking the keyboard ends the grab: popup_done.
TEST_F(ConformanceTest, new_toplevel_ends_a_popup_grab) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 100, 100, kGrey);
    const uint32_t serial = press_at(c, *ptr, w.x + 50, w.y + 50);
    auto popup = open_popup(c, *w.toplevel, serial);
    Window other = map_window(c, 40, 40, kBlue);
    ASSERT_TRUE(c.dispatch_until([&] { return popup->events.done; }));
}

// The click outside that ends a grab only ends it: the client never sees a
// button event after the popup_done it caused.
TEST_F(ConformanceTest, the_click_that_ends_a_popup_grab_goes_no_further) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 100, 100, kGrey);
    const uint32_t serial = press_at(c, *ptr, w.x + 50, w.y + 50);
    seat().pointer_button(BTN_LEFT, false, ++time_);
    auto popup = open_popup(c, *w.toplevel, serial);
    ASSERT_TRUE(c.roundtrip());
    const size_t buttons = ptr->count(PointerEvent::Button);

    seat().pointer_warp(w.x + 80, w.y + 80, ++time_); // on the parent, off the popup
    seat().pointer_button(BTN_LEFT, true, ++time_);
    seat().pointer_button(BTN_LEFT, false, ++time_);
    ASSERT_TRUE(c.dispatch_until([&] { return popup->events.done; }));
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(ptr->count(PointerEvent::Button), buttons);

    seat().pointer_button(BTN_LEFT, true, ++time_); // the next click is the window's
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Button) == buttons + 1; }));
}

// --- xdg_surface -----------------------------------------------------------------

// xdg-shell.xml, xdg_surface: "any attempts by a client to attach or
// manipulate a buffer prior to the first xdg_surface.configure call must also
// be treated as errors" — at the attach, before any commit.
TEST_F(ConformanceTest, attach_before_the_first_configure_is_unconfigured_buffer) {
    TestClient& c = connect();
    auto b = c.make_buffer(8, 8);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    xdg_surface* x = xdg_wm_base_get_xdg_surface(c.wm_base, s);
    xdg_surface_get_toplevel(x);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_attach(s, b->buffer, 0, 0), &xdg_surface_interface,
                          XDG_SURFACE_ERROR_UNCONFIGURED_BUFFER);
}

TEST_F(ConformanceTest, attach_to_an_xdg_surface_without_a_role_is_unconfigured_buffer) {
    expect_attach_without_a_role_is_unconfigured_buffer();
}

// --- wl_surface.enter / leave ------------------------------------------------------

struct OutputEvents {
    wl_output* output = nullptr;
    std::vector<wl_output*> entered;
    int leaves = 0;
};

// wayland.xml, wl_surface.enter: "emitted whenever a surface's creation,
// movement, or resizing results in some part of it being within the scanout
// region of an output"; leave when it is not any more.
TEST_F(ConformanceTest, mapped_surface_enters_the_output_and_leaves_when_unmapped) {
    TestClient& c = connect();
    OutputEvents events;
    wl_registry* registry = wl_display_get_registry(c.display());
    static const wl_registry_listener registry_listener = {
        [](void* d, wl_registry* r, uint32_t name, const char* iface, uint32_t) {
            if (std::string(iface) == "wl_output")
                static_cast<OutputEvents*>(d)->output =
                    static_cast<wl_output*>(wl_registry_bind(r, name, &wl_output_interface, 3));
        },
        [](void*, wl_registry*, uint32_t) {},
    };
    wl_registry_add_listener(registry, &registry_listener, &events);
    ASSERT_TRUE(c.roundtrip());
    ASSERT_NE(events.output, nullptr);

    auto t = c.make_toplevel();
    static const wl_surface_listener surface_listener = {
        [](void* d, wl_surface*, wl_output* o) { static_cast<OutputEvents*>(d)->entered.push_back(o); },
        [](void* d, wl_surface*, wl_output*) { ++static_cast<OutputEvents*>(d)->leaves; },
    };
    wl_surface_add_listener(t->surface, &surface_listener, &events);
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(events.entered, std::vector<wl_output*>{events.output});

    wl_surface_attach(t->surface, nullptr, 0, 0);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.dispatch_until([&] { return events.leaves == 1; }));
    wl_output_release(events.output);
    wl_registry_destroy(registry);
}

// --- xdg_toplevel.move / resize -------------------------------------------------------

// xdg-shell.xml, move: "Start an interactive, user-driven move of the
// surface ... in response to some sort of user action like a button press";
// the pointer leaves the window for the move's duration.
TEST_F(ConformanceTest, move_makes_the_window_follow_the_pointer_until_release) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 60, 60, kGrey);
    XdgToplevel* t = c.server_toplevel(*w.toplevel);
    const int32_t x0 = t->x(), y0 = t->y();
    const uint32_t serial = press_at(c, *ptr, w.x + 10, w.y + 10);
    xdg_toplevel_move(w.toplevel->toplevel, c.seat, serial);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Leave) == 1; }));

    seat().pointer_warp(w.x + 40, w.y + 30, ++time_);
    EXPECT_EQ(t->x(), x0 + 30);
    EXPECT_EQ(t->y(), y0 + 20);
    seat().pointer_button(BTN_LEFT, false, ++time_);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->count(PointerEvent::Enter) == 2; }));
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Enter)->x, 10);
    EXPECT_DOUBLE_EQ(ptr->last(PointerEvent::Enter)->y, 10);

    seat().pointer_warp(w.x + 50, w.y + 50, ++time_); // the move is over
    EXPECT_EQ(t->x(), x0 + 30);
}

// "The server may ignore move requests ... if the passed serial is no longer
// valid": the button was released.
TEST_F(ConformanceTest, move_after_the_release_is_ignored) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 60, 60, kGrey);
    XdgToplevel* t = c.server_toplevel(*w.toplevel);
    const int32_t x0 = t->x();
    const uint32_t serial = press_at(c, *ptr, w.x + 10, w.y + 10);
    seat().pointer_button(BTN_LEFT, false, ++time_);
    xdg_toplevel_move(w.toplevel->toplevel, c.seat, serial);
    ASSERT_TRUE(c.roundtrip());
    seat().pointer_warp(w.x + 40, w.y + 30, ++time_);
    EXPECT_EQ(t->x(), x0);
    EXPECT_EQ(ptr->count(PointerEvent::Leave), 0u);
}

// xdg-shell.xml, resize: the compositor asks for sizes with configure events;
// "the edges parameter specifies how the surface should be resized": dragging
// the left edge keeps the right edge where it was.
TEST_F(ConformanceTest, resize_by_the_left_edge_keeps_the_right_edge) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = map_window(c, 60, 40, kGrey);
    XdgToplevel* t = c.server_toplevel(*w.toplevel);
    const int32_t right = t->x() + 60;
    const uint32_t serial = press_at(c, *ptr, w.x + 2, w.y + 20);
    xdg_toplevel_resize(w.toplevel->toplevel, c.seat, serial, XDG_TOPLEVEL_RESIZE_EDGE_LEFT);
    ASSERT_TRUE(c.roundtrip());
    const int configures = w.toplevel->configures;
    seat().pointer_warp(w.x - 18, w.y + 20, ++time_);
    ASSERT_TRUE(c.dispatch_until([&] { return w.toplevel->configures > configures; }));
    EXPECT_EQ(w.toplevel->configured_width, 80);
    EXPECT_EQ(w.toplevel->configured_height, 40);
    seat().pointer_button(BTN_LEFT, false, ++time_);

    auto wider = c.make_buffer(80, 40, WL_SHM_FORMAT_XRGB8888);
    wider->fill(kBlue);
    c.ack(*w.toplevel);
    c.commit_buffer(w.surface(), *wider);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    EXPECT_EQ(t->x() + 80, right);
}

// --- placement ----------------------------------------------------------------------

// An unmapped toplevel shown again is the same window: it comes back where it
// was rather than to the next cascade slot.
TEST_F(ConformanceTest, remapped_window_comes_back_where_it_was) {
    TestClient& c = connect();
    Window w = map_window(c, 30, 30, kGrey);
    XdgToplevel* t = c.server_toplevel(*w.toplevel);
    t->move_to(70, 50);
    wl_surface_attach(w.surface(), nullptr, 0, 0);
    wl_surface_commit(w.surface());
    ASSERT_TRUE(c.roundtrip());
    ASSERT_FALSE(t->mapped());
    const int configures = w.toplevel->configures;
    wl_surface_commit(w.surface()); // the new initial commit
    ASSERT_TRUE(c.dispatch_until([&] { return w.toplevel->configures > configures; }));
    c.ack(*w.toplevel);
    c.commit_buffer(w.surface(), *w.buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    EXPECT_EQ(t->x(), 70);
    EXPECT_EQ(t->y(), 50);
}

// --- the tolerant mode ------------------------------------------------------------------

// ServerConfig::strict_unconfigured_buffer = false (the WLCS integration
// only): wlcs 1.5.0's helpers commit a window's first buffer without acking a
// configure, even in the initial commit; the window then just maps.
class TolerantModeTest : public ConformanceTest {
protected:
    ServerConfig config() const override {
        ServerConfig c = ConformanceTest::config();
        c.strict_unconfigured_buffer = false;
        return c;
    }
};

TEST_F(TolerantModeTest, buffer_in_the_initial_commit_maps_the_window) {
    TestClient& c = connect();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    Toplevel t;
    t.surface = wl_compositor_create_surface(c.compositor);
    t.xdg = xdg_wm_base_get_xdg_surface(c.wm_base, t.surface);
    t.toplevel = xdg_surface_get_toplevel(t.xdg);
    c.commit_buffer(t.surface, *b);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(c.server_toplevel(t)->mapped());
}

TEST_F(TolerantModeTest, attach_without_a_role_object_is_still_an_error) {
    expect_attach_without_a_role_is_unconfigured_buffer();
}

} // namespace
} // namespace shoji::test
