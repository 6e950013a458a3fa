// zxdg_shell_v6 (xdg-shell-unstable-v6.xml) as a client sees it: the same
// windows as xdg_wm_base's — configure/ack, maximize, popups placed by a v6
// positioner — and every error the compositor posts on v6 objects, each
// leaving other clients untouched.
#include <algorithm>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "shell/xdg_popup.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "shell/zxdg_shell_v6.hpp"
#include "surface/wl_surface.hpp"
#include "xdg-shell-unstable-v6-client-protocol.h"

namespace shoji::test {
namespace {

// A v6 window as the client sees it.
struct V6Window {
    wl_surface* surface = nullptr;
    zxdg_surface_v6* xdg = nullptr;
    zxdg_toplevel_v6* toplevel = nullptr;
    zxdg_popup_v6* popup = nullptr;
    uint32_t last_serial = 0;
    int configures = 0; // zxdg_surface_v6.configure events
    int32_t width = 0, height = 0;
    std::vector<uint32_t> states;
    Box popup_box;
    bool popup_done = false;
    bool has_state(uint32_t s) const { return std::find(states.begin(), states.end(), s) != states.end(); }
};

const zxdg_surface_v6_listener kSurfaceListener = {
    [](void* d, zxdg_surface_v6*, uint32_t serial) {
        auto* w = static_cast<V6Window*>(d);
        w->last_serial = serial;
        ++w->configures;
    },
};

const zxdg_toplevel_v6_listener kToplevelListener = {
    [](void* d, zxdg_toplevel_v6*, int32_t width, int32_t height, wl_array* states) {
        auto* w = static_cast<V6Window*>(d);
        w->width = width;
        w->height = height;
        w->states.clear();
        for (auto* s = static_cast<uint32_t*>(states->data);
             reinterpret_cast<char*>(s) < static_cast<char*>(states->data) + states->size; ++s)
            w->states.push_back(*s);
    },
    [](void*, zxdg_toplevel_v6*) {},
};

const zxdg_popup_v6_listener kPopupListener = {
    [](void* d, zxdg_popup_v6*, int32_t x, int32_t y, int32_t width, int32_t height) {
        static_cast<V6Window*>(d)->popup_box = {x, y, width, height};
    },
    [](void* d, zxdg_popup_v6*) { static_cast<V6Window*>(d)->popup_done = true; },
};

const zxdg_shell_v6_listener kShellListener = {
    [](void*, zxdg_shell_v6* shell, uint32_t serial) { zxdg_shell_v6_pong(shell, serial); },
};

class XdgShellV6Test : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        c = &connect();
        shell = bind_global<zxdg_shell_v6>(*c, &zxdg_shell_v6_interface, 1);
        ASSERT_NE(shell, nullptr) << "zxdg_shell_v6 is not advertised";
        zxdg_shell_v6_add_listener(shell, &kShellListener, nullptr);
    }
    void TearDown() override {
        buffers.clear(); // before their client goes
        ShojiTest::TearDown();
    }

    // The objects of a toplevel; `initial` also does the initial commit and
    // waits for its configure.
    std::unique_ptr<V6Window> new_toplevel(bool initial = true) {
        auto w = std::make_unique<V6Window>();
        w->surface = wl_compositor_create_surface(c->compositor);
        w->xdg = zxdg_shell_v6_get_xdg_surface(shell, w->surface);
        zxdg_surface_v6_add_listener(w->xdg, &kSurfaceListener, w.get());
        w->toplevel = zxdg_surface_v6_get_toplevel(w->xdg);
        zxdg_toplevel_v6_add_listener(w->toplevel, &kToplevelListener, w.get());
        if (initial) {
            wl_surface_commit(w->surface);
            EXPECT_TRUE(c->dispatch_until([&] { return w->configures > 0; }));
        }
        return w;
    }

    // Acks the latest configure and shows a w×h buffer of one colour.
    void draw(V6Window& w, int32_t width, int32_t height, uint32_t colour) {
        zxdg_surface_v6_ack_configure(w.xdg, w.last_serial);
        buffers.push_back(c->make_buffer(width, height, WL_SHM_FORMAT_XRGB8888));
        buffers.back()->fill(colour);
        c->commit_buffer(w.surface, *buffers.back());
        ASSERT_TRUE(c->commit_and_wait_frame(w.surface));
    }

    zxdg_positioner_v6* positioner(int32_t w, int32_t h, Box anchor, uint32_t anchor_edges, uint32_t gravity) {
        zxdg_positioner_v6* p = zxdg_shell_v6_create_positioner(shell);
        zxdg_positioner_v6_set_size(p, w, h);
        zxdg_positioner_v6_set_anchor_rect(p, anchor.x, anchor.y, anchor.width, anchor.height);
        zxdg_positioner_v6_set_anchor(p, anchor_edges);
        zxdg_positioner_v6_set_gravity(p, gravity);
        return p;
    }

    XdgToplevel* server_toplevel(V6Window& w) const {
        auto* xdg = dynamic_cast<XdgSurface*>(c->server_surface(w.surface)->role());
        return xdg ? dynamic_cast<XdgToplevel*>(xdg->role()) : nullptr;
    }

    TestClient* c = nullptr;
    zxdg_shell_v6* shell = nullptr;
    std::vector<std::unique_ptr<Buffer>> buffers;
};

TEST_F(XdgShellV6Test, a_toplevel_maps_after_its_ack_and_shows_its_pixels) {
    auto w = new_toplevel();
    EXPECT_EQ(w->configures, 1);
    EXPECT_EQ(w->width, 0) << "the client picks the first size";
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    draw(*w, 60, 40, kRed);
    EXPECT_EQ(server->scene().mapped_count(), 1u);
    auto [x, y] = surface_origin(*c, w->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), x + 30, y + 20), kRed);
    EXPECT_EQ(pixel_at(out.get(), x + 59, y + 39), kRed);
    EXPECT_EQ(pixel_at(out.get(), x + 60, y + 20), background());
    // Mapped, it gets the keyboard: a configure with the activated state
    // (the same value as xdg_toplevel's).
    ASSERT_TRUE(c->dispatch_until([&] { return w->has_state(ZXDG_TOPLEVEL_V6_STATE_ACTIVATED); }));
}

TEST_F(XdgShellV6Test, title_and_app_id_reach_the_shared_toplevel) {
    auto w = new_toplevel();
    zxdg_toplevel_v6_set_title(w->toplevel, "old editor");
    zxdg_toplevel_v6_set_app_id(w->toplevel, "org.example.v6");
    ASSERT_TRUE(c->roundtrip());
    XdgToplevel* t = server_toplevel(*w);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->title(), "old editor");
    EXPECT_EQ(t->app_id(), "org.example.v6");
}

TEST_F(XdgShellV6Test, maximize_configures_the_output_size_and_fills_it) {
    auto w = new_toplevel();
    draw(*w, 30, 30, kGrey);
    zxdg_toplevel_v6_set_maximized(w->toplevel);
    ASSERT_TRUE(c->dispatch_until([&] { return w->has_state(ZXDG_TOPLEVEL_V6_STATE_MAXIMIZED); }));
    const Box area = server->scene().placement_area();
    EXPECT_EQ(w->width, area.width);
    EXPECT_EQ(w->height, area.height);
    draw(*w, w->width, w->height, kBlue);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), area.x, area.y), kBlue);
    EXPECT_EQ(pixel_at(out.get(), area.x + area.width - 1, area.y + area.height - 1), kBlue);
}

TEST_F(XdgShellV6Test, a_popup_is_placed_by_the_v6_anchor_and_gravity_edges) {
    auto parent = new_toplevel();
    draw(*parent, 100, 80, kGrey);
    // Anchored at the bottom-right corner of (10, 10, 20, 20), growing right
    // and down: the popup's top-left is at (30, 30) of the parent.
    zxdg_positioner_v6* p = positioner(40, 30, {10, 10, 20, 20},
                                       ZXDG_POSITIONER_V6_ANCHOR_BOTTOM | ZXDG_POSITIONER_V6_ANCHOR_RIGHT,
                                       ZXDG_POSITIONER_V6_GRAVITY_BOTTOM | ZXDG_POSITIONER_V6_GRAVITY_RIGHT);
    V6Window popup;
    popup.surface = wl_compositor_create_surface(c->compositor);
    popup.xdg = zxdg_shell_v6_get_xdg_surface(shell, popup.surface);
    zxdg_surface_v6_add_listener(popup.xdg, &kSurfaceListener, &popup);
    popup.popup = zxdg_surface_v6_get_popup(popup.xdg, parent->xdg, p);
    zxdg_popup_v6_add_listener(popup.popup, &kPopupListener, &popup);
    zxdg_positioner_v6_destroy(p);
    wl_surface_commit(popup.surface);
    ASSERT_TRUE(c->dispatch_until([&] { return popup.configures > 0; }));
    EXPECT_EQ(popup.popup_box.x, 30);
    EXPECT_EQ(popup.popup_box.y, 30);
    EXPECT_EQ(popup.popup_box.width, 40);
    EXPECT_EQ(popup.popup_box.height, 30);
    draw(popup, 40, 30, kGreen);
    auto [px, py] = surface_origin(*c, parent->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), px + 30, py + 30), kGreen);
    EXPECT_EQ(pixel_at(out.get(), px + 29, py + 29), kGrey);
    // The parent unmapping dismisses it.
    wl_surface_attach(parent->surface, nullptr, 0, 0);
    wl_surface_commit(parent->surface);
    ASSERT_TRUE(c->dispatch_until([&] { return popup.popup_done; }));
}

TEST_F(XdgShellV6Test, the_window_is_one_of_the_shells_toplevels) {
    auto w = new_toplevel();
    auto* xdg = dynamic_cast<XdgSurface*>(c->server_surface(w->surface)->role());
    ASSERT_NE(xdg, nullptr);
    EXPECT_EQ(xdg->protocol().kind, XdgProtocol::Kind::V6);
    const auto& all = server->xdg_shell().toplevels();
    ASSERT_EQ(all.size(), 1u) << "listed with the stable ones (window lists, foreign toplevels)";
    EXPECT_EQ(all.front(), server_toplevel(*w));
}

// --- errors: each names the offending values and leaves other clients be ---

class XdgShellV6ErrorTest : public XdgShellV6Test {
protected:
    void SetUp() override {
        // The bystander first, so that it is not the client under test.
        ShojiTest::SetUp();
        other = std::make_unique<Bystander>(bystander());
        c = &connect();
        shell = bind_global<zxdg_shell_v6>(*c, &zxdg_shell_v6_interface, 1);
        ASSERT_NE(shell, nullptr);
        zxdg_shell_v6_add_listener(shell, &kShellListener, nullptr);
    }
    void TearDown() override {
        if (other) expect_bystander_fine(*other);
        other.reset();
        XdgShellV6Test::TearDown();
    }
    std::unique_ptr<Bystander> other;
};

TEST_F(XdgShellV6ErrorTest, positioner_size_must_be_positive) {
    zxdg_positioner_v6* p = zxdg_shell_v6_create_positioner(shell);
    EXPECT_PROTOCOL_ERROR(*c, zxdg_positioner_v6_set_size(p, 0, 10), &zxdg_positioner_v6_interface,
                          ZXDG_POSITIONER_V6_ERROR_INVALID_INPUT);
}

TEST_F(XdgShellV6ErrorTest, positioner_anchor_rect_must_have_a_positive_size) {
    zxdg_positioner_v6* p = zxdg_shell_v6_create_positioner(shell);
    EXPECT_PROTOCOL_ERROR(*c, zxdg_positioner_v6_set_anchor_rect(p, 0, 0, 0, 5), &zxdg_positioner_v6_interface,
                          ZXDG_POSITIONER_V6_ERROR_INVALID_INPUT);
}

TEST_F(XdgShellV6ErrorTest, positioner_anchor_with_opposite_edges_is_invalid_input) {
    zxdg_positioner_v6* p = zxdg_shell_v6_create_positioner(shell);
    EXPECT_PROTOCOL_ERROR(*c,
                          zxdg_positioner_v6_set_anchor(p, ZXDG_POSITIONER_V6_ANCHOR_TOP | ZXDG_POSITIONER_V6_ANCHOR_BOTTOM),
                          &zxdg_positioner_v6_interface, ZXDG_POSITIONER_V6_ERROR_INVALID_INPUT);
}

TEST_F(XdgShellV6ErrorTest, positioner_gravity_with_opposite_edges_is_invalid_input) {
    zxdg_positioner_v6* p = zxdg_shell_v6_create_positioner(shell);
    EXPECT_PROTOCOL_ERROR(*c,
                          zxdg_positioner_v6_set_gravity(p, ZXDG_POSITIONER_V6_GRAVITY_LEFT | ZXDG_POSITIONER_V6_GRAVITY_RIGHT),
                          &zxdg_positioner_v6_interface, ZXDG_POSITIONER_V6_ERROR_INVALID_INPUT);
}

TEST_F(XdgShellV6ErrorTest, a_surface_with_another_role_is_role) {
    auto w = new_toplevel(false);
    // A second xdg surface for the same wl_surface.
    EXPECT_PROTOCOL_ERROR(*c, zxdg_shell_v6_get_xdg_surface(shell, w->surface), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_ROLE);
}

TEST_F(XdgShellV6ErrorTest, a_surface_with_a_buffer_is_invalid_surface_state) {
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    auto b = c->make_buffer(8, 8);
    wl_surface_attach(s, b->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(*c, zxdg_shell_v6_get_xdg_surface(shell, s), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(XdgShellV6ErrorTest, destroying_the_shell_before_its_surfaces_is_defunct_surfaces) {
    auto w = new_toplevel(false);
    EXPECT_PROTOCOL_ERROR_ON_DESTROYED(*c, zxdg_shell_v6_destroy(shell), ZXDG_SHELL_V6_ERROR_DEFUNCT_SURFACES);
}

TEST_F(XdgShellV6ErrorTest, a_popup_from_an_incomplete_positioner_is_invalid_positioner) {
    auto parent = new_toplevel();
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    zxdg_surface_v6* xdg = zxdg_shell_v6_get_xdg_surface(shell, s);
    zxdg_positioner_v6* p = zxdg_shell_v6_create_positioner(shell);
    zxdg_positioner_v6_set_size(p, 10, 10); // no anchor rectangle
    EXPECT_PROTOCOL_ERROR(*c, zxdg_surface_v6_get_popup(xdg, parent->xdg, p), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_POSITIONER);
}

TEST_F(XdgShellV6ErrorTest, a_popup_of_a_parent_without_role_is_invalid_popup_parent) {
    wl_surface* ps = wl_compositor_create_surface(c->compositor);
    zxdg_surface_v6* parent = zxdg_shell_v6_get_xdg_surface(shell, ps);
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    zxdg_surface_v6* xdg = zxdg_shell_v6_get_xdg_surface(shell, s);
    zxdg_positioner_v6* p = positioner(10, 10, {0, 0, 5, 5}, 0, 0);
    EXPECT_PROTOCOL_ERROR(*c, zxdg_surface_v6_get_popup(xdg, parent, p), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_POPUP_PARENT);
}

TEST_F(XdgShellV6ErrorTest, a_buffer_before_the_first_configure_is_unconfigured_buffer) {
    auto w = new_toplevel(false);
    auto b = c->make_buffer(8, 8);
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_attach(w->surface, b->buffer, 0, 0), &zxdg_surface_v6_interface,
                          ZXDG_SURFACE_V6_ERROR_UNCONFIGURED_BUFFER);
}

TEST_F(XdgShellV6ErrorTest, a_second_role_object_is_already_constructed) {
    auto w = new_toplevel(false);
    EXPECT_PROTOCOL_ERROR(*c, zxdg_surface_v6_get_toplevel(w->xdg), &zxdg_surface_v6_interface,
                          ZXDG_SURFACE_V6_ERROR_ALREADY_CONSTRUCTED);
}

TEST_F(XdgShellV6ErrorTest, window_geometry_before_the_role_is_not_constructed) {
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    zxdg_surface_v6* xdg = zxdg_shell_v6_get_xdg_surface(shell, s);
    EXPECT_PROTOCOL_ERROR(*c, zxdg_surface_v6_set_window_geometry(xdg, 0, 0, 10, 10), &zxdg_surface_v6_interface,
                          ZXDG_SURFACE_V6_ERROR_NOT_CONSTRUCTED);
}

// v6 names no error for these; they are the shell's invalid_surface_state.
TEST_F(XdgShellV6ErrorTest, an_unknown_serial_is_the_shells_invalid_surface_state) {
    auto w = new_toplevel();
    EXPECT_PROTOCOL_ERROR(*c, zxdg_surface_v6_ack_configure(w->xdg, w->last_serial + 1000),
                          &zxdg_shell_v6_interface, ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(XdgShellV6ErrorTest, an_empty_window_geometry_is_the_shells_invalid_surface_state) {
    auto w = new_toplevel();
    EXPECT_PROTOCOL_ERROR(*c, zxdg_surface_v6_set_window_geometry(w->xdg, 0, 0, 0, 10), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(XdgShellV6ErrorTest, a_negative_max_size_is_the_shells_invalid_surface_state) {
    auto w = new_toplevel();
    EXPECT_PROTOCOL_ERROR(*c, zxdg_toplevel_v6_set_max_size(w->toplevel, -1, 10), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(XdgShellV6ErrorTest, a_min_size_above_the_max_size_is_the_shells_invalid_surface_state) {
    auto w = new_toplevel();
    zxdg_toplevel_v6_set_min_size(w->toplevel, 200, 100);
    zxdg_toplevel_v6_set_max_size(w->toplevel, 100, 100);
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_commit(w->surface), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(XdgShellV6ErrorTest, destroying_the_surface_before_its_toplevel_is_the_shells_invalid_surface_state) {
    auto w = new_toplevel();
    EXPECT_PROTOCOL_ERROR(*c, zxdg_surface_v6_destroy(w->xdg), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(XdgShellV6ErrorTest, a_parent_loop_is_the_shells_invalid_surface_state) {
    auto w = new_toplevel();
    EXPECT_PROTOCOL_ERROR(*c, zxdg_toplevel_v6_set_parent(w->toplevel, w->toplevel), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(XdgShellV6ErrorTest, a_bad_resize_edge_is_the_shells_invalid_surface_state) {
    auto w = new_toplevel();
    wl_seat* seat = bind_global<wl_seat>(*c, &wl_seat_interface, 1);
    ASSERT_NE(seat, nullptr);
    EXPECT_PROTOCOL_ERROR(*c, zxdg_toplevel_v6_resize(w->toplevel, seat, 0, 3), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(XdgShellV6ErrorTest, grabbing_a_mapped_popup_is_invalid_grab) {
    auto parent = new_toplevel();
    draw(*parent, 50, 50, kGrey);
    V6Window popup;
    popup.surface = wl_compositor_create_surface(c->compositor);
    popup.xdg = zxdg_shell_v6_get_xdg_surface(shell, popup.surface);
    zxdg_surface_v6_add_listener(popup.xdg, &kSurfaceListener, &popup);
    popup.popup = zxdg_surface_v6_get_popup(popup.xdg, parent->xdg, positioner(10, 10, {0, 0, 5, 5}, 0, 0));
    wl_surface_commit(popup.surface);
    ASSERT_TRUE(c->dispatch_until([&] { return popup.configures > 0; }));
    draw(popup, 10, 10, kGreen);
    wl_seat* seat = bind_global<wl_seat>(*c, &wl_seat_interface, 1);
    ASSERT_NE(seat, nullptr);
    EXPECT_PROTOCOL_ERROR(*c, zxdg_popup_v6_grab(popup.popup, seat, 0), &zxdg_popup_v6_interface,
                          ZXDG_POPUP_V6_ERROR_INVALID_GRAB);
}

TEST_F(XdgShellV6ErrorTest, destroying_a_popup_below_another_is_not_the_topmost_popup) {
    auto parent = new_toplevel();
    wl_surface* s1 = wl_compositor_create_surface(c->compositor);
    zxdg_surface_v6* x1 = zxdg_shell_v6_get_xdg_surface(shell, s1);
    zxdg_popup_v6* p1 = zxdg_surface_v6_get_popup(x1, parent->xdg, positioner(10, 10, {0, 0, 5, 5}, 0, 0));
    wl_surface* s2 = wl_compositor_create_surface(c->compositor);
    zxdg_surface_v6* x2 = zxdg_shell_v6_get_xdg_surface(shell, s2);
    zxdg_surface_v6_get_popup(x2, x1, positioner(10, 10, {0, 0, 5, 5}, 0, 0));
    EXPECT_PROTOCOL_ERROR(*c, zxdg_popup_v6_destroy(p1), &zxdg_shell_v6_interface,
                          ZXDG_SHELL_V6_ERROR_NOT_THE_TOPMOST_POPUP);
}

} // namespace
} // namespace shoji::test
