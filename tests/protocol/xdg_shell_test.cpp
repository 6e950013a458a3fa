// xdg-shell as a client sees it: configure/ack, placement, window geometry,
// maximize/fullscreen/minimize, activation and ping/pong.
#include <algorithm>

#include "harness/fixture.hpp"
#include "output/output.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"

namespace shoji::test {
namespace {

class XdgShellTest : public ShojiTest {
protected:
    static bool has_state(const Toplevel& t, uint32_t state) {
        return std::find(t.states.begin(), t.states.end(), state) != t.states.end();
    }
    // Acks the latest configure and commits a buffer of that size (or w×h).
    void ack_and_draw(TestClient& c, Toplevel& t, Buffer& b) {
        c.ack(t);
        c.commit_buffer(t.surface, b);
        ASSERT_TRUE(c.commit_and_wait_frame(t.surface));
    }
};

TEST_F(XdgShellTest, initial_commit_gets_a_configure_with_no_size) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    EXPECT_EQ(t->configures, 1);
    EXPECT_EQ(t->configured_width, 0);
    EXPECT_EQ(t->configured_height, 0);
    EXPECT_FALSE(has_state(*t, XDG_TOPLEVEL_STATE_ACTIVATED)) << "not focused before it is mapped";
    EXPECT_FALSE(has_state(*t, XDG_TOPLEVEL_STATE_MAXIMIZED));
}

TEST_F(XdgShellTest, mapping_focuses_the_window_and_a_configure_says_activated) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *t, *b);
    EXPECT_EQ(t->configures, 2);
    EXPECT_TRUE(has_state(*t, XDG_TOPLEVEL_STATE_ACTIVATED));
}

TEST_F(XdgShellTest, no_configure_before_the_initial_commit) {
    TestClient& c = connect();
    Toplevel t;
    t.surface = wl_compositor_create_surface(c.compositor);
    t.xdg = xdg_wm_base_get_xdg_surface(c.wm_base, t.surface);
    t.toplevel = xdg_surface_get_toplevel(t.xdg);
    xdg_toplevel_set_maximized(t.toplevel);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(t.configures, 0);
}

TEST_F(XdgShellTest, window_maps_on_first_buffer_after_ack) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    auto b = c.make_buffer(50, 40, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff777777);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(server->scene().mapped_count(), 1u);
    EXPECT_TRUE(c.server_toplevel(*t)->mapped());
}

// Scene::before_unmap is the one hook that sees a window leave (the CLI keeps
// its last frame for --screenshot there): once per unmap, with the window's
// last pixels still drawn, whether a null buffer or the role's end unmaps it.
// The last buffer is committed without waiting for its frame, so the hook's
// snapshot has to composite it (it is not on the output yet).
TEST_F(XdgShellTest, before_unmap_sees_the_last_pixels_once_when_a_null_buffer_unmaps) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto red = c.make_buffer(40, 30, WL_SHM_FORMAT_XRGB8888);
    red->fill(0xffff0000);
    ack_and_draw(c, *t, *red);
    auto green = c.make_buffer(40, 30, WL_SHM_FORMAT_XRGB8888);
    green->fill(0xff00ff00);
    c.commit_buffer(t->surface, *green);
    ASSERT_TRUE(c.roundtrip());
    const Box at = c.server_toplevel(*t)->bounds();
    int calls = 0;
    uint32_t seen = 0;
    server->scene().before_unmap = [&] {
        ++calls;
        PixmanImage image = server->snapshot();
        seen = pixel_at(image.get(), at.x + 5, at.y + 5);
    };
    wl_surface_attach(t->surface, nullptr, 0, 0);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.roundtrip());
    server->scene().before_unmap = nullptr;
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(seen, 0xff00ff00u) << "the hook sees the last committed buffer";
}

TEST_F(XdgShellTest, before_unmap_sees_the_last_pixels_once_when_the_toplevel_is_destroyed) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto red = c.make_buffer(40, 30, WL_SHM_FORMAT_XRGB8888);
    red->fill(0xffff0000);
    ack_and_draw(c, *t, *red);
    const Box at = c.server_toplevel(*t)->bounds();
    int calls = 0;
    uint32_t seen = 0;
    server->scene().before_unmap = [&] {
        ++calls;
        PixmanImage image = server->snapshot();
        seen = pixel_at(image.get(), at.x + 5, at.y + 5);
    };
    xdg_toplevel_destroy(t->toplevel);
    t->toplevel = nullptr;
    ASSERT_TRUE(c.roundtrip());
    server->scene().before_unmap = nullptr;
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(seen, 0xffff0000u);
}

TEST_F(XdgShellTest, title_and_app_id_are_kept) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_toplevel_set_title(t->toplevel, "Hello, Shoji");
    xdg_toplevel_set_app_id(t->toplevel, "org.example.test");
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(c.server_toplevel(*t)->title(), "Hello, Shoji");
    EXPECT_EQ(c.server_toplevel(*t)->app_id(), "org.example.test");
}

TEST_F(XdgShellTest, window_geometry_origin_is_the_window_position) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto b = c.make_buffer(70, 70, WL_SHM_FORMAT_ARGB8888);
    b->fill(0x00000000);                      // a transparent "shadow" margin
    b->fill_rect(10, 10, 50, 50, 0xffcc0000); // the window proper
    xdg_surface_set_window_geometry(t->xdg, 10, 10, 50, 50);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    XdgToplevel* server_t = c.server_toplevel(*t);
    auto [sx, sy] = surface_origin(c, t->surface);
    EXPECT_EQ(sx + 10, server_t->x());
    EXPECT_EQ(sy + 10, server_t->y());
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), server_t->x(), server_t->y()), 0xffcc0000u);
    EXPECT_EQ(pixel_at(out.get(), server_t->x() - 1, server_t->y()), background());
}

// With no set_window_geometry the geometry is the whole surface tree
// (xdg-shell.xml); a subsurface growing it left and up moves the geometry's
// top-left, not the main surface: the window keeps its place on screen.
TEST_F(XdgShellTest, a_subsurface_growing_the_implicit_geometry_does_not_move_the_main_surface) {
    TestClient& c = connect();
    Window w = map_window(c, 60, 60, kGrey);
    wl_surface* sub_surface = wl_compositor_create_surface(c.compositor);
    wl_subsurface* sub = wl_subcompositor_get_subsurface(c.subcompositor, sub_surface, w.surface());
    wl_subsurface_set_position(sub, -20, -10);
    auto b = c.make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
    b->fill(kRed);
    c.commit_buffer(sub_surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    EXPECT_EQ(surface_origin(c, w.surface()), std::make_pair(w.x, w.y));
    XdgToplevel* t = c.server_toplevel(*w.toplevel);
    EXPECT_EQ(t->x(), w.x - 20) << "the geometry's top-left is the subsurface's";
    EXPECT_EQ(t->y(), w.y - 10);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), w.x - 20, w.y - 10), kRed);
    EXPECT_EQ(pixel_at(out.get(), w.x + 40, w.y + 40), kGrey);
    // And back: the subsurface moves inside, the geometry shrinks, the main
    // surface still stays.
    wl_subsurface_set_position(sub, 5, 5);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    EXPECT_EQ(surface_origin(c, w.surface()), std::make_pair(w.x, w.y));
    wl_subsurface_destroy(sub);
    wl_surface_destroy(sub_surface);
}

TEST_F(XdgShellTest, maximize_fills_the_output_and_unmaximize_restores) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto small = c.make_buffer(60, 40, WL_SHM_FORMAT_XRGB8888);
    small->fill(0xff00aa00);
    ack_and_draw(c, *t, *small);
    const int32_t x0 = c.server_toplevel(*t)->x(), y0 = c.server_toplevel(*t)->y();

    const int mapped = t->configures; // the initial one, and activated on map
    xdg_toplevel_set_maximized(t->toplevel);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures == mapped + 1; }));
    const Box area = server->output()->layout_box();
    EXPECT_EQ(t->configured_width, area.width);
    EXPECT_EQ(t->configured_height, area.height);
    EXPECT_TRUE(has_state(*t, XDG_TOPLEVEL_STATE_MAXIMIZED));

    auto big = c.make_buffer(area.width, area.height, WL_SHM_FORMAT_XRGB8888);
    big->fill(0xff0000aa);
    ack_and_draw(c, *t, *big);
    EXPECT_EQ(c.server_toplevel(*t)->x(), area.x);
    EXPECT_EQ(c.server_toplevel(*t)->y(), area.y);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), 0, 0), 0xff0000aau);
    EXPECT_EQ(pixel_at(out.get(), area.width - 1, area.height - 1), 0xff0000aau);

    xdg_toplevel_unset_maximized(t->toplevel);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures == mapped + 2; }));
    EXPECT_EQ(t->configured_width, 0) << "the client picks its size again";
    EXPECT_FALSE(has_state(*t, XDG_TOPLEVEL_STATE_MAXIMIZED));
    ack_and_draw(c, *t, *small);
    EXPECT_EQ(c.server_toplevel(*t)->x(), x0);
    EXPECT_EQ(c.server_toplevel(*t)->y(), y0);
}

TEST_F(XdgShellTest, fullscreen_fills_the_output) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_toplevel_set_fullscreen(t->toplevel, nullptr);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures == 2; }));
    const Box area = server->output()->layout_box();
    EXPECT_EQ(t->configured_width, area.width);
    EXPECT_EQ(t->configured_height, area.height);
    EXPECT_TRUE(has_state(*t, XDG_TOPLEVEL_STATE_FULLSCREEN));
    auto b = c.make_buffer(area.width, area.height, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff101010);
    ack_and_draw(c, *t, *b);
    EXPECT_EQ(c.server_toplevel(*t)->x(), area.x);
    EXPECT_EQ(pixel_at(output_pixels().get(), area.width - 1, 0), 0xff101010u);

    const int mapped = t->configures; // ... and activated on map
    xdg_toplevel_unset_fullscreen(t->toplevel);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures == mapped + 1; }));
    EXPECT_FALSE(has_state(*t, XDG_TOPLEVEL_STATE_FULLSCREEN));
}

TEST_F(XdgShellTest, minimize_is_accepted_and_ignored) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *t, *b);
    xdg_toplevel_set_minimized(t->toplevel);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(c.server_toplevel(*t)->mapped());
}

TEST_F(XdgShellTest, newest_window_is_activated_and_the_previous_one_is_told) {
    TestClient& c = connect();
    auto first = c.make_toplevel();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *first, *b);
    const int before = first->configures;
    auto second = c.make_toplevel();
    auto b2 = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *second, *b2);
    ASSERT_TRUE(c.dispatch_until([&] { return first->configures > before; }));
    EXPECT_FALSE(has_state(*first, XDG_TOPLEVEL_STATE_ACTIVATED));
    EXPECT_TRUE(has_state(*second, XDG_TOPLEVEL_STATE_ACTIVATED));

    // Closing the focused window hands activation back.
    const int again = first->configures;
    second.reset();
    ASSERT_TRUE(c.dispatch_until([&] { return first->configures > again; }));
    EXPECT_TRUE(has_state(*first, XDG_TOPLEVEL_STATE_ACTIVATED));
}

TEST_F(XdgShellTest, unmapped_window_starts_over_with_an_initial_commit) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *t, *b);
    wl_surface_attach(t->surface, nullptr, 0, 0);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(c.server_toplevel(*t)->mapped());
    const int configures = t->configures;
    wl_surface_commit(t->surface); // the new initial commit
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures > configures; }));
    ack_and_draw(c, *t, *b);
    EXPECT_TRUE(c.server_toplevel(*t)->mapped());
}

TEST_F(XdgShellTest, acking_an_older_pending_configure_is_allowed) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *t, *b);
    const int mapped = t->configures; // the initial one, and activated on map
    xdg_toplevel_set_maximized(t->toplevel);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures == mapped + 1; }));
    const uint32_t older = t->last_serial;
    xdg_toplevel_unset_maximized(t->toplevel);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures == mapped + 2; }));
    xdg_surface_ack_configure(t->xdg, older); // skipping the newest is fine
    ASSERT_TRUE(c.roundtrip());
    xdg_surface_ack_configure(t->xdg, t->last_serial);
    ASSERT_TRUE(c.roundtrip());
}

// Orders of commit and ack that real clients use (all legal in xdg-shell.xml).

TEST_F(XdgShellTest, two_commits_before_the_first_ack_then_the_first_buffer_maps) {
    // alacritty: an empty initial commit, set_title, a second empty commit,
    // and only then the ack of the first configure.
    TestClient& c = connect();
    auto t = c.new_toplevel();
    wl_surface_commit(t->surface);
    xdg_toplevel_set_title(t->toplevel, "alacritty");
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures > 0; }));
    auto b = c.make_buffer(30, 20, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *t, *b);
    ASSERT_FALSE(c.has_error());
    EXPECT_TRUE(c.server_toplevel(*t)->mapped());
}

TEST_F(XdgShellTest, ack_then_a_commit_without_buffer_then_the_first_buffer_maps) {
    // imv: acks, commits with no buffer, then attaches its image.
    TestClient& c = connect();
    auto t = c.make_toplevel(); // initial commit done, first configure acked
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.roundtrip());
    auto b = c.make_buffer(30, 20, WL_SHM_FORMAT_XRGB8888);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    ASSERT_FALSE(c.has_error());
    EXPECT_TRUE(c.server_toplevel(*t)->mapped());
}

TEST_F(XdgShellTest, many_commits_and_configures_before_the_ack_of_the_newest) {
    TestClient& c = connect();
    auto t = c.new_toplevel();
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures == 1; }));
    for (int i = 0; i < 3; ++i) {
        xdg_toplevel_set_maximized(t->toplevel); // each answered with a configure
        wl_surface_commit(t->surface);
    }
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures == 4; }));
    auto b = c.make_buffer(t->configured_width, t->configured_height, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *t, *b); // acks only the newest
    ASSERT_FALSE(c.has_error());
    EXPECT_TRUE(c.server_toplevel(*t)->current().maximized);
}

TEST_F(XdgShellTest, a_configure_that_crossed_the_unmapping_commit_may_be_acked) {
    // The window unmaps while a configure is on its way to it; the client
    // acks that configure when it arrives. The serial was sent: legal, and
    // it applies nothing, so the window starts over as usual.
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *t, *b);
    const int configures = t->configures;
    xdg_toplevel_set_maximized(t->toplevel);
    wl_surface_attach(t->surface, nullptr, 0, 0);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures > configures; }));
    c.ack(*t);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(c.server_toplevel(*t)->mapped());
    wl_surface_commit(t->surface); // the new initial commit
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures > configures + 1; }));
    ack_and_draw(c, *t, *b);
    EXPECT_TRUE(c.server_toplevel(*t)->mapped());
}

TEST_F(XdgShellTest, a_client_that_never_acks_is_bounded_and_its_old_serials_stay_legal) {
    // Each set_maximized is answered with a configure; the server keeps a
    // bounded queue of them, and an ack of the oldest, forgotten or not, is
    // still an ack of a serial that was sent.
    TestClient& c = connect();
    auto t = c.make_toplevel();
    const uint32_t first = t->last_serial + 1;
    for (int i = 0; i < 2000; ++i) {
        xdg_toplevel_set_maximized(t->toplevel);
        if (i % 100 == 0) {
            ASSERT_TRUE(c.roundtrip());
        }
    }
    ASSERT_TRUE(c.roundtrip());
    ASSERT_GE(t->configures, 2000);
    xdg_surface_ack_configure(t->xdg, first);
    ASSERT_TRUE(c.roundtrip());
    auto b = c.make_buffer(t->configured_width, t->configured_height, WL_SHM_FORMAT_XRGB8888);
    ack_and_draw(c, *t, *b);
    EXPECT_TRUE(c.server_toplevel(*t)->current().maximized);
}

TEST_F(XdgShellTest, ping_is_answered_with_pong) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    wl_resource* base = wl_client_get_object(c.server_client(), wl_proxy_get_id(reinterpret_cast<wl_proxy*>(c.wm_base)));
    ASSERT_NE(base, nullptr);
    XdgWmBase* server_base = XdgWmBase::from(base);
    server_base->ping();
    EXPECT_TRUE(server_base->ping_outstanding());
    ASSERT_TRUE(c.dispatch_until([&] { return !server_base->ping_outstanding(); }));
    EXPECT_EQ(c.pings_answered, 1);
}

TEST_F(XdgShellTest, a_surface_keeps_its_role_after_its_xdg_objects_go) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_toplevel_destroy(t->toplevel);
    t->toplevel = nullptr;
    xdg_surface_destroy(t->xdg);
    t->xdg = nullptr;
    ASSERT_TRUE(c.roundtrip());
    // The same surface may become an xdg_toplevel again.
    t->xdg = xdg_wm_base_get_xdg_surface(c.wm_base, t->surface);
    t->toplevel = xdg_surface_get_toplevel(t->xdg);
    ASSERT_TRUE(c.roundtrip());
}

} // namespace
} // namespace shoji::test
