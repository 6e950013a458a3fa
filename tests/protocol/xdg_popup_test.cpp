// xdg_popup and xdg_positioner: placement by anchor, gravity and offset;
// constraint adjustment against the output; reposition; dismissal; errors.
#include "harness/fixture.hpp"
#include "output/output.hpp"
#include "shell/xdg_popup.hpp"
#include "shell/xdg_toplevel.hpp"

namespace shoji::test {
namespace {

class XdgPopupTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        c = &connect();
        parent_buffer = c->make_buffer(200, 100, WL_SHM_FORMAT_XRGB8888);
        parent_buffer->fill(0xff334455);
        parent = c->make_toplevel();
        c->commit_buffer(parent->surface, *parent_buffer);
        ASSERT_TRUE(c->commit_and_wait_frame(parent->surface));
    }
    void TearDown() override {
        popup_buffer.reset();
        parent.reset();
        parent_buffer.reset();
        ShojiTest::TearDown();
    }
    xdg_positioner* positioner(int32_t w, int32_t h, Box anchor, uint32_t anchor_edge, uint32_t gravity,
                               uint32_t adjust = 0) {
        xdg_positioner* p = xdg_wm_base_create_positioner(c->wm_base);
        xdg_positioner_set_size(p, w, h);
        xdg_positioner_set_anchor_rect(p, anchor.x, anchor.y, anchor.width, anchor.height);
        xdg_positioner_set_anchor(p, anchor_edge);
        xdg_positioner_set_gravity(p, gravity);
        xdg_positioner_set_constraint_adjustment(p, adjust);
        return p;
    }
    // Creates the popup, does its initial commit and waits for the configure.
    void open(xdg_positioner* p, xdg_surface* parent_xdg = nullptr) {
        popup_surface = wl_compositor_create_surface(c->compositor);
        popup_xdg = xdg_wm_base_get_xdg_surface(c->wm_base, popup_surface);
        popup = xdg_surface_get_popup(popup_xdg, parent_xdg ? parent_xdg : parent->xdg, p);
        listen_to_popup(popup_xdg, popup, &events);
        wl_surface_commit(popup_surface);
        ASSERT_TRUE(c->dispatch_until([&] { return events.configures > 0; }));
    }
    void map_popup(uint32_t colour) {
        xdg_surface_ack_configure(popup_xdg, events.serial);
        popup_buffer = c->make_buffer(events.width, events.height, WL_SHM_FORMAT_XRGB8888);
        popup_buffer->fill(colour);
        c->commit_buffer(popup_surface, *popup_buffer);
        ASSERT_TRUE(c->commit_and_wait_frame(popup_surface));
    }

    TestClient* c = nullptr;
    std::unique_ptr<Buffer> parent_buffer, popup_buffer;
    std::unique_ptr<Toplevel> parent;
    wl_surface* popup_surface = nullptr;
    xdg_surface* popup_xdg = nullptr;
    xdg_popup* popup = nullptr;
    PopupEvents events;
};

TEST_F(XdgPopupTest, anchor_bottom_left_gravity_bottom_right_places_below_the_anchor) {
    open(positioner(50, 30, {10, 20, 40, 10}, XDG_POSITIONER_ANCHOR_BOTTOM_LEFT,
                    XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT));
    EXPECT_EQ(events.x, 10);
    EXPECT_EQ(events.y, 30);
    EXPECT_EQ(events.width, 50);
    EXPECT_EQ(events.height, 30);
    map_popup(0xffee0000);
    // On screen: the popup sits at the parent's geometry origin + (10, 30).
    XdgToplevel* t = c->server_toplevel(*parent);
    EXPECT_EQ(pixel_at(output_pixels().get(), t->x() + 10, t->y() + 30), 0xffee0000u);
    EXPECT_EQ(pixel_at(output_pixels().get(), t->x() + 59, t->y() + 59), 0xffee0000u);
    EXPECT_EQ(pixel_at(output_pixels().get(), t->x() + 9, t->y() + 30), 0xff334455u);
}

TEST_F(XdgPopupTest, centre_anchor_and_gravity_with_offset) {
    xdg_positioner* p = positioner(20, 10, {0, 0, 100, 50}, XDG_POSITIONER_ANCHOR_NONE, XDG_POSITIONER_GRAVITY_NONE);
    xdg_positioner_set_offset(p, 3, -4);
    open(p);
    EXPECT_EQ(events.x, 50 - 10 + 3);
    EXPECT_EQ(events.y, 25 - 5 - 4);
}

TEST_F(XdgPopupTest, flip_x_moves_a_popup_that_would_leave_the_output_to_the_other_side) {
    // The parent is near the left of a 320-wide output; a popup to the left
    // of the anchor would be cut off, flipped it fits on the right.
    XdgToplevel* t = c->server_toplevel(*parent);
    const int32_t left_room = t->x();
    open(positioner(left_room + 40, 20, {0, 0, 10, 10}, XDG_POSITIONER_ANCHOR_LEFT, XDG_POSITIONER_GRAVITY_LEFT,
                    XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X));
    EXPECT_EQ(events.x, 10) << "flipped to the right edge of the anchor";
}

TEST_F(XdgPopupTest, slide_y_keeps_a_tall_popup_on_the_output) {
    const Box area = server->output()->layout_box();
    XdgToplevel* t = c->server_toplevel(*parent);
    // Below the anchor it would end past the output's bottom edge.
    open(positioner(40, 180, {0, 90, 10, 10}, XDG_POSITIONER_ANCHOR_BOTTOM, XDG_POSITIONER_GRAVITY_BOTTOM,
                    XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_Y));
    ASSERT_GT(t->y() + 100 + 180, area.y + area.height);
    EXPECT_LE(t->y() + events.y + events.height, area.y + area.height);
    EXPECT_EQ(t->y() + events.y + events.height, area.y + area.height) << "slid up just enough";
}

TEST_F(XdgPopupTest, resize_x_cuts_a_wide_popup_to_the_output) {
    const Box area = server->output()->layout_box();
    XdgToplevel* t = c->server_toplevel(*parent);
    open(positioner(1000, 20, {0, 0, 10, 10}, XDG_POSITIONER_ANCHOR_TOP_LEFT, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT,
                    XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_X));
    EXPECT_EQ(t->x() + events.x + events.width, area.x + area.width);
}

TEST_F(XdgPopupTest, reposition_sends_repositioned_and_a_new_configure) {
    open(positioner(20, 20, {0, 0, 10, 10}, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT));
    map_popup(0xff00ee00);
    EXPECT_EQ(events.x, 10);
    xdg_popup_reposition(popup, positioner(20, 20, {30, 0, 10, 10}, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
                                           XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT), 77);
    ASSERT_TRUE(c->dispatch_until([&] { return events.configures == 2; }));
    EXPECT_EQ(events.repositioned, 77u);
    EXPECT_EQ(events.x, 40);
}

TEST_F(XdgPopupTest, popups_close_when_the_parent_unmaps) {
    open(positioner(20, 20, {0, 0, 10, 10}, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT));
    map_popup(0xff00ee00);
    EXPECT_EQ(server->scene().mapped_count(), 2u);
    wl_surface_attach(parent->surface, nullptr, 0, 0);
    wl_surface_commit(parent->surface);
    ASSERT_TRUE(c->dispatch_until([&] { return events.done; }));
    EXPECT_EQ(server->scene().mapped_count(), 0u);
}

TEST_F(XdgPopupTest, a_dismissed_popup_may_still_ack_the_configure_sent_after_reposition) {
    // The parent unmaps (the popup is dismissed), but before the client has
    // read popup_done it repositions, commits and acks the configure that
    // answered the reposition: every serial it acks was sent.
    open(positioner(20, 20, {0, 0, 10, 10}, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
                    XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT));
    map_popup(0xff00ff00);
    wl_surface_attach(parent->surface, nullptr, 0, 0);
    wl_surface_commit(parent->surface);
    xdg_popup_reposition(popup, positioner(20, 20, {30, 0, 10, 10}, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
                                           XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT), 5);
    ASSERT_TRUE(c->dispatch_until([&] { return events.done && events.configures >= 2; }));
    c->commit_buffer(popup_surface, *popup_buffer);
    xdg_surface_ack_configure(popup_xdg, events.serial);
    ASSERT_TRUE(c->roundtrip());
    EXPECT_FALSE(c->has_error());
    xdg_popup_destroy(popup);
    xdg_surface_destroy(popup_xdg);
    ASSERT_TRUE(c->roundtrip());
}

TEST_F(XdgPopupTest, nested_popup_and_the_not_topmost_error) {
    open(positioner(40, 40, {0, 0, 10, 10}, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT));
    map_popup(0xff00ee00);
    // A child popup of the popup.
    wl_surface* child_surface = wl_compositor_create_surface(c->compositor);
    xdg_surface* child_xdg = xdg_wm_base_get_xdg_surface(c->wm_base, child_surface);
    xdg_surface_get_popup(child_xdg, popup_xdg,
                          positioner(10, 10, {0, 0, 5, 5}, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
                                     XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT));
    ASSERT_TRUE(c->roundtrip());
    // Destroying the parent popup first is an error.
    EXPECT_PROTOCOL_ERROR(*c, xdg_popup_destroy(popup), &xdg_wm_base_interface,
                          XDG_WM_BASE_ERROR_NOT_THE_TOPMOST_POPUP);
}

TEST_F(XdgPopupTest, incomplete_positioner_is_invalid_positioner) {
    xdg_positioner* p = xdg_wm_base_create_positioner(c->wm_base);
    xdg_positioner_set_size(p, 10, 10); // no anchor rectangle
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    xdg_surface* x = xdg_wm_base_get_xdg_surface(c->wm_base, s);
    EXPECT_PROTOCOL_ERROR(*c, xdg_surface_get_popup(x, parent->xdg, p), &xdg_wm_base_interface,
                          XDG_WM_BASE_ERROR_INVALID_POSITIONER);
}

TEST_F(XdgPopupTest, popup_without_parent_is_invalid_popup_parent_at_its_initial_commit) {
    // xdg_surface.get_popup: "If the parent is null, a parent must be
    // specified using some other protocol, before committing the initial
    // state" (zwlr_layer_surface_v1.get_popup): get_popup itself is legal.
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    xdg_surface* x = xdg_wm_base_get_xdg_surface(c->wm_base, s);
    xdg_surface_get_popup(x, nullptr,
                          positioner(10, 10, {0, 0, 1, 1}, XDG_POSITIONER_ANCHOR_NONE, XDG_POSITIONER_GRAVITY_NONE));
    ASSERT_TRUE(c->roundtrip());
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_commit(s), &xdg_wm_base_interface, XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT);
}

TEST_F(XdgPopupTest, grab_after_mapping_is_invalid_grab) {
    open(positioner(20, 20, {0, 0, 10, 10}, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT));
    map_popup(0xff00ee00);
    // Any wl_seat will do for the check; bind one.
    ASSERT_TRUE(c->globals.count("wl_seat"));
    wl_registry* registry = wl_display_get_registry(c->display());
    struct Found { wl_seat* seat = nullptr; } found;
    static const wl_registry_listener listener = {
        [](void* d, wl_registry* r, uint32_t name, const char* iface, uint32_t) {
            if (std::string(iface) == "wl_seat")
                static_cast<Found*>(d)->seat = static_cast<wl_seat*>(wl_registry_bind(r, name, &wl_seat_interface, 1));
        },
        [](void*, wl_registry*, uint32_t) {},
    };
    wl_registry_add_listener(registry, &listener, &found);
    ASSERT_TRUE(c->roundtrip());
    ASSERT_NE(found.seat, nullptr);
    EXPECT_PROTOCOL_ERROR(*c, xdg_popup_grab(popup, found.seat, 0), &xdg_popup_interface, XDG_POPUP_ERROR_INVALID_GRAB);
}

} // namespace
} // namespace shoji::test
