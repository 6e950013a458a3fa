// wl_shell (wayland.xml) as a client sees it: toplevels that map with their
// first buffer, transients placed relative to their parent, popups that end
// with popup_done when their grab does, maximize and fullscreen as
// configure hints, ping/pong, title and class; and the one error wl_shell
// names, leaving other clients untouched.
#include <linux/input-event-codes.h>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "seat/wl_seat.hpp"
#include "shell/wl_shell.hpp"
#include "shell/wl_shell_surface.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"

namespace shoji::test {
namespace {

struct ShellWindow {
    wl_surface* surface = nullptr;
    wl_shell_surface* shell_surface = nullptr;
    std::unique_ptr<Buffer> buffer;
    int configures = 0;
    uint32_t edges = 0;
    int32_t width = 0, height = 0;
    bool popup_done = false;
    int pings = 0;
};

const wl_shell_surface_listener kListener = {
    [](void* d, wl_shell_surface* s, uint32_t serial) {
        ++static_cast<ShellWindow*>(d)->pings;
        wl_shell_surface_pong(s, serial);
    },
    [](void* d, wl_shell_surface*, uint32_t edges, int32_t width, int32_t height) {
        auto* w = static_cast<ShellWindow*>(d);
        ++w->configures;
        w->edges = edges;
        w->width = width;
        w->height = height;
    },
    [](void* d, wl_shell_surface*) { static_cast<ShellWindow*>(d)->popup_done = true; },
};

class WlShellTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        c = &connect();
        shell = bind_global<wl_shell>(*c, &wl_shell_interface, 1);
        ASSERT_NE(shell, nullptr) << "wl_shell is not advertised";
    }

    std::unique_ptr<ShellWindow> new_window() {
        auto w = std::make_unique<ShellWindow>();
        w->surface = wl_compositor_create_surface(c->compositor);
        w->shell_surface = wl_shell_get_shell_surface(shell, w->surface);
        wl_shell_surface_add_listener(w->shell_surface, &kListener, w.get());
        return w;
    }

    // Shows a w×h buffer of one colour on the window and waits until it is drawn.
    void draw(ShellWindow& w, int32_t width, int32_t height, uint32_t colour) {
        w.buffer = c->make_buffer(width, height, WL_SHM_FORMAT_XRGB8888);
        w.buffer->fill(colour);
        c->commit_buffer(w.surface, *w.buffer);
        ASSERT_TRUE(c->commit_and_wait_frame(w.surface));
    }

    std::unique_ptr<ShellWindow> toplevel(int32_t width, int32_t height, uint32_t colour) {
        auto w = new_window();
        wl_shell_surface_set_toplevel(w->shell_surface);
        draw(*w, width, height, colour);
        return w;
    }

    XdgToplevel* server_toplevel(ShellWindow& w) const {
        auto* xdg = dynamic_cast<XdgSurface*>(c->server_surface(w.surface)->role());
        return xdg ? dynamic_cast<XdgToplevel*>(xdg->role()) : nullptr;
    }

    TestClient* c = nullptr;
    wl_shell* shell = nullptr;
    uint32_t time_ = 0;
};

TEST_F(WlShellTest, a_toplevel_maps_with_its_first_buffer_and_shows_its_pixels) {
    auto w = new_window();
    wl_shell_surface_set_toplevel(w->shell_surface);
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(server->scene().mapped_count(), 0u) << "no buffer yet";
    draw(*w, 60, 40, kRed);
    EXPECT_EQ(server->scene().mapped_count(), 1u);
    auto [x, y] = surface_origin(*c, w->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), x, y), kRed);
    EXPECT_EQ(pixel_at(out.get(), x + 59, y + 39), kRed);
    EXPECT_EQ(pixel_at(out.get(), x + 60, y), background());
    EXPECT_EQ(w->configures, 0) << "a plain toplevel is not asked for a size";
    // It is one of the shell's windows (window lists, foreign toplevels).
    ASSERT_EQ(server->xdg_shell().toplevels().size(), 1u);
    EXPECT_EQ(server->xdg_shell().toplevels().front(), server_toplevel(*w));
}

TEST_F(WlShellTest, a_buffer_before_the_surface_has_a_kind_shows_once_it_has_one) {
    auto w = new_window();
    w->buffer = c->make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    w->buffer->fill(kBlue);
    c->commit_buffer(w->surface, *w->buffer);
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    wl_shell_surface_set_toplevel(w->shell_surface);
    ASSERT_TRUE(c->commit_and_wait_frame(w->surface));
    auto [x, y] = surface_origin(*c, w->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 10, y + 10), kBlue);
}

TEST_F(WlShellTest, title_and_class_reach_the_shared_toplevel) {
    auto w = new_window();
    wl_shell_surface_set_title(w->shell_surface, "old terminal"); // before it has a kind
    wl_shell_surface_set_toplevel(w->shell_surface);
    wl_shell_surface_set_class(w->shell_surface, "org.example.WlShell");
    ASSERT_TRUE(c->roundtrip());
    XdgToplevel* t = server_toplevel(*w);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->title(), "old terminal");
    EXPECT_EQ(t->app_id(), "org.example.WlShell");
}

TEST_F(WlShellTest, maximize_asks_for_the_output_size_and_the_window_fills_it) {
    auto w = toplevel(30, 30, kGrey);
    wl_shell_surface_set_maximized(w->shell_surface, nullptr);
    ASSERT_TRUE(c->dispatch_until([&] { return w->configures > 0; }));
    const Box area = server->scene().placement_area();
    EXPECT_EQ(w->width, area.width);
    EXPECT_EQ(w->height, area.height);
    draw(*w, w->width, w->height, kBlue);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), area.x, area.y), kBlue);
    EXPECT_EQ(pixel_at(out.get(), area.x + area.width - 1, area.y + area.height - 1), kBlue);
    // set_toplevel: back where it was, at its own size.
    auto before = server_toplevel(*w);
    wl_shell_surface_set_toplevel(w->shell_surface);
    draw(*w, 30, 30, kRed);
    EXPECT_EQ(server_toplevel(*w), before) << "the same window";
    EXPECT_FALSE(before->current().maximized);
    auto [x, y] = surface_origin(*c, w->surface);
    EXPECT_NE(std::make_pair(x, y), std::make_pair(area.x, area.y));
}

TEST_F(WlShellTest, fullscreen_covers_the_output) {
    auto w = toplevel(30, 30, kGrey);
    wl_shell_surface_set_fullscreen(w->shell_surface, WL_SHELL_SURFACE_FULLSCREEN_METHOD_DEFAULT, 0, nullptr);
    ASSERT_TRUE(c->dispatch_until([&] { return w->configures > 0; }));
    const Box area = server->scene().placement_area();
    draw(*w, w->width, w->height, kGreen);
    EXPECT_EQ(pixel_at(output_pixels().get(), area.x + area.width - 1, area.y), kGreen);
    EXPECT_TRUE(server_toplevel(*w)->current().fullscreen);
}

TEST_F(WlShellTest, a_transient_is_placed_relative_to_its_parent) {
    auto parent = toplevel(120, 100, kGrey);
    auto child = new_window();
    wl_shell_surface_set_transient(child->shell_surface, parent->surface, 25, 15, 0);
    draw(*child, 30, 20, kRed);
    auto [px, py] = surface_origin(*c, parent->surface);
    auto [cx, cy] = surface_origin(*c, child->surface);
    EXPECT_EQ(cx, px + 25);
    EXPECT_EQ(cy, py + 15);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), px + 25, py + 15), kRed);
    EXPECT_EQ(pixel_at(out.get(), px + 24, py + 15), kGrey);
    EXPECT_EQ(server_toplevel(*child)->parent(), server_toplevel(*parent));
}

TEST_F(WlShellTest, a_popup_shows_at_its_point_and_a_click_elsewhere_ends_it) {
    auto parent = toplevel(120, 100, kGrey);
    auto popup = new_window();
    wl_seat* seat = bind_global<wl_seat>(*c, &wl_seat_interface, 1);
    ASSERT_NE(seat, nullptr);
    wl_shell_surface_set_popup(popup->shell_surface, seat, 0, parent->surface, 40, 30, 0);
    draw(*popup, 30, 20, kGreen);
    auto [px, py] = surface_origin(*c, parent->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), px + 40, py + 30), kGreen);
    EXPECT_EQ(pixel_at(out.get(), px + 39, py + 30), kGrey);
    EXPECT_FALSE(popup->popup_done);
    // A click on the parent, off the popup: the grab ends.
    server->seat().pointer_warp(px + 100, py + 90, ++time_);
    server->seat().pointer_button(BTN_LEFT, true, ++time_);
    server->seat().pointer_button(BTN_LEFT, false, ++time_);
    ASSERT_TRUE(c->dispatch_until([&] { return popup->popup_done; }));
    repaint(*c);
    EXPECT_EQ(pixel(px + 40, py + 30), kGrey) << "the dismissed popup is gone";
}

// A popup of itself, or of its own popup, would make its chain of parents
// a loop (the fuzzer's finding: the popup's origin walked it for ever).
// wl_shell names no error: the request is ignored, the surface stays what
// it was, and the compositor carries on.
TEST_F(WlShellTest, a_popup_of_itself_or_of_its_own_popup_is_ignored) {
    wl_seat* seat = bind_global<wl_seat>(*c, &wl_seat_interface, 1);
    ASSERT_NE(seat, nullptr);
    auto a = toplevel(80, 60, kGrey);
    wl_shell_surface_set_popup(a->shell_surface, seat, 0, a->surface, 5, 5, 0);
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(server_toplevel(*a), server->xdg_shell().toplevels().front()) << "still a toplevel";
    auto b = new_window();
    wl_shell_surface_set_popup(b->shell_surface, seat, 0, a->surface, 10, 10, 0);
    draw(*b, 20, 20, kGreen);
    // a becomes a popup of b, b being a popup of a: ignored as well.
    wl_shell_surface_set_popup(a->shell_surface, seat, 0, b->surface, 0, 0, 0);
    ASSERT_TRUE(c->roundtrip());
    repaint(*c);
    auto [ax, ay] = surface_origin(*c, a->surface);
    EXPECT_EQ(pixel(ax + 10, ay + 10), kGreen) << "b is still a's popup";
    EXPECT_FALSE(c->has_error());
    expect_newcomer_maps();
}

TEST_F(WlShellTest, interactive_move_follows_the_pointer) {
    auto ptr = c->get_pointer();
    auto w = toplevel(80, 60, kGrey);
    auto [x, y] = surface_origin(*c, w->surface);
    server->seat().pointer_warp(x + 10, y + 10, ++time_);
    server->seat().pointer_button(BTN_LEFT, true, ++time_);
    ASSERT_TRUE(c->dispatch_until([&] { return ptr->count(PointerEvent::Button) > 0; }));
    wl_shell_surface_move(w->shell_surface, c->seat, ptr->last(PointerEvent::Button)->serial);
    ASSERT_TRUE(c->roundtrip());
    server->seat().pointer_warp(x + 40, y + 30, ++time_);
    server->seat().pointer_button(BTN_LEFT, false, ++time_);
    ASSERT_TRUE(c->roundtrip());
    auto [nx, ny] = surface_origin(*c, w->surface);
    EXPECT_EQ(nx, x + 30);
    EXPECT_EQ(ny, y + 20);
    server->seat().pointer_warp(x + 60, y + 50, ++time_); // the move is over
    EXPECT_EQ(surface_origin(*c, w->surface), std::make_pair(nx, ny));
}

// wl_shell has no window geometry: the main surface places the window, and
// a subsurface sticking out left and up does not move it (with xdg-shell
// the implicit geometry, the whole tree, would grow).
TEST_F(WlShellTest, a_subsurface_sticking_out_does_not_move_the_main_surface) {
    auto w = toplevel(60, 60, kGrey);
    auto [x, y] = surface_origin(*c, w->surface);
    wl_surface* sub_surface = wl_compositor_create_surface(c->compositor);
    wl_subsurface* sub = wl_subcompositor_get_subsurface(c->subcompositor, sub_surface, w->surface);
    wl_subsurface_set_position(sub, -20, -10);
    auto b = c->make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
    b->fill(kRed);
    c->commit_buffer(sub_surface, *b);
    wl_surface_commit(w->surface);
    ASSERT_TRUE(c->commit_and_wait_frame(w->surface));
    EXPECT_EQ(surface_origin(*c, w->surface), std::make_pair(x, y));
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), x - 20, y - 10), kRed);
    EXPECT_EQ(pixel_at(out.get(), x + 30, y + 30), kGrey);
    wl_subsurface_destroy(sub);
    wl_surface_destroy(sub_surface);
}

TEST_F(WlShellTest, ping_is_answered_with_pong) {
    auto w = toplevel(20, 20, kGrey);
    auto* xdg = dynamic_cast<XdgSurface*>(c->server_surface(w->surface)->role());
    ASSERT_NE(xdg, nullptr);
    EXPECT_EQ(xdg->protocol().kind, XdgProtocol::Kind::WlShell);
    // Only the server's object can ping: find it through the resource.
    WlShellSurface* server_shell_surface = nullptr;
    wl_resource* r = wl_client_get_object(c->server_client(), wl_proxy_get_id(reinterpret_cast<wl_proxy*>(w->shell_surface)));
    ASSERT_NE(r, nullptr);
    server_shell_surface = static_cast<WlShellSurface*>(wl_resource_get_user_data(r));
    server_shell_surface->ping();
    EXPECT_TRUE(server_shell_surface->ping_outstanding());
    ASSERT_TRUE(c->dispatch_until([&] { return w->pings == 1; }));
    ASSERT_TRUE(c->roundtrip());
    EXPECT_FALSE(server_shell_surface->ping_outstanding());
}

TEST_F(WlShellTest, destroying_the_wl_surface_unmaps_and_ends_the_shell_surface) {
    auto w = toplevel(20, 20, kGrey);
    EXPECT_EQ(server->scene().mapped_count(), 1u);
    const uint32_t id = wl_proxy_get_id(reinterpret_cast<wl_proxy*>(w->shell_surface));
    wl_surface_destroy(w->surface);
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    EXPECT_TRUE(server->xdg_shell().toplevels().empty());
    EXPECT_EQ(wl_client_get_object(c->server_client(), id), nullptr)
        << "wayland.xml: destroyed with its wl_surface on the server side";
}

// --- the one error wl_shell names ------------------------------------------

class WlShellErrorTest : public WlShellTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        other = std::make_unique<Bystander>(bystander());
        c = &connect();
        shell = bind_global<wl_shell>(*c, &wl_shell_interface, 1);
        ASSERT_NE(shell, nullptr);
    }
    void TearDown() override {
        if (other) expect_bystander_fine(*other);
        other.reset();
        ShojiTest::TearDown();
    }
    std::unique_ptr<Bystander> other;
};

TEST_F(WlShellErrorTest, a_surface_with_another_role_is_role) {
    Toplevel* t = nullptr;
    auto xdg_window = c->make_toplevel(); // an xdg_toplevel already
    t = xdg_window.get();
    EXPECT_PROTOCOL_ERROR(*c, wl_shell_get_shell_surface(shell, t->surface), &wl_shell_interface,
                          WL_SHELL_ERROR_ROLE);
}

TEST_F(WlShellErrorTest, a_popup_whose_parent_is_no_shell_window_is_role) {
    auto popup = new_window();
    wl_surface* plain = wl_compositor_create_surface(c->compositor);
    EXPECT_PROTOCOL_ERROR(*c, wl_shell_surface_set_popup(popup->shell_surface, c->seat, 0, plain, 0, 0, 0),
                          &wl_shell_interface, WL_SHELL_ERROR_ROLE);
}

} // namespace
} // namespace shoji::test
