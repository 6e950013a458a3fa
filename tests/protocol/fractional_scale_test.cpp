// Fractional output scales and wp_fractional_scale_v1: an output of 1000x800
// pixels at scale 1.25 is 800x640 logical (wl_output.scale 2, xdg-output's
// logical size, the layout); surfaces are drawn at 1.25 × their size, a
// viewport-sized buffer (the fractional-scale way) 1:1 and pixel-exact, a
// scale-1 buffer resampled bilinearly; damage repaints exactly what a full
// repaint would; direct scanout is never taken for a resampled buffer; the
// preferred scale is sent at creation and follows the outputs; the error the
// spec names; an object whose surface is gone is inert.
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

#include "control/controller.hpp"
#include "fractional-scale-v1-client-protocol.h"
#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "output/output.hpp"
#include "output/output_spec.hpp"
#include "seat/pointer_input.hpp"
#include "shell/xdg_toplevel.hpp"
#include "seat/wl_seat.hpp"
#include "util/scale.hpp"
#include "viewporter-client-protocol.h"
#include "xdg-output-unstable-v1-client-protocol.h"

namespace shoji::test {
namespace {

constexpr int32_t kPixelW = 1000, kPixelH = 800; // 800x640 logical at 1.25
constexpr int32_t kScale125 = 150;

std::string& client_log() {
    static std::string log;
    return log;
}
void capture_client_log(const char* fmt, va_list args) {
    char line[1024];
    std::vsnprintf(line, sizeof line, fmt, args);
    client_log() += line;
}

// Buffer pixel (x, y) of a pattern no two neighbours share.
uint32_t unique(int32_t x, int32_t y) {
    return 0xff000000u | uint32_t(x & 0xff) << 16 | uint32_t(y & 0xff) << 8 | uint32_t((x * 7 + y * 13) & 0xff);
}

struct Preferred {
    std::vector<uint32_t> scales;
};
const wp_fractional_scale_v1_listener kPreferredListener = {
    [](void* d, wp_fractional_scale_v1*, uint32_t scale) { static_cast<Preferred*>(d)->scales.push_back(scale); },
};

class FractionalScaleTest : public ShojiTest {
protected:
    ServerConfig config() const override {
        ServerConfig c = ShojiTest::config();
        c.output.width = kPixelW;
        c.output.height = kPixelH;
        c.output.scale120 = kScale125;
        return c;
    }
    void SetUp() override {
        ShojiTest::SetUp();
        client_log().clear();
        wl_log_set_handler_client(capture_client_log);
    }
    wp_fractional_scale_manager_v1* manager(TestClient& c) {
        auto* m = bind_global<wp_fractional_scale_manager_v1>(c, &wp_fractional_scale_manager_v1_interface, 1);
        EXPECT_NE(m, nullptr) << "no wp_fractional_scale_manager_v1 global";
        return m;
    }
    wp_viewporter* viewporter(TestClient& c) {
        return bind_global<wp_viewporter>(c, &wp_viewporter_interface, 1);
    }
    wp_fractional_scale_v1* listen(wp_fractional_scale_manager_v1* m, wl_surface* s, Preferred* p) {
        wp_fractional_scale_v1* f = wp_fractional_scale_manager_v1_get_fractional_scale(m, s);
        wp_fractional_scale_v1_add_listener(f, &kPreferredListener, p);
        return f;
    }
    // The output pixel of layout position (x, y), as the renderer rounds it.
    static int32_t px(int32_t v) { return int32_t(scale_round(v, kScale125)); }
    // Pumps until the output has drawn everything.
    void settle(TestClient& c) { repaint(c); }
    bool set_scale(int32_t scale120, std::string* error) {
        Server::OutputChange change;
        change.scale120 = scale120;
        return server->configure_output(*server->output(), change, error);
    }
};

TEST_F(FractionalScaleTest, a_1_25_output_of_1000x800_pixels_is_800x640_logical_with_wl_output_scale_2) {
    EXPECT_EQ(server->output()->layout_box(), (Box{0, 0, 800, 640}));
    TestClient& c = connect();
    auto* out = bind_global<wl_output>(c, &wl_output_interface, 3);
    ASSERT_NE(out, nullptr);
    struct Told {
        int32_t scale = 0, width = 0, height = 0, lw = 0, lh = 0;
    } told;
    static const wl_output_listener listener = {
        [](void*, wl_output*, int32_t, int32_t, int32_t, int32_t, int32_t, const char*, const char*, int32_t) {},
        [](void* d, wl_output*, uint32_t flags, int32_t w, int32_t h, int32_t) {
            if (flags & WL_OUTPUT_MODE_CURRENT) static_cast<Told*>(d)->width = w, static_cast<Told*>(d)->height = h;
        },
        [](void*, wl_output*) {},
        [](void* d, wl_output*, int32_t s) { static_cast<Told*>(d)->scale = s; },
    };
    wl_output_add_listener(out, &listener, &told);
    auto* xdg_manager = bind_global<zxdg_output_manager_v1>(c, &zxdg_output_manager_v1_interface, 3);
    ASSERT_NE(xdg_manager, nullptr);
    static const zxdg_output_v1_listener xdg_listener = {
        [](void*, zxdg_output_v1*, int32_t, int32_t) {},
        [](void* d, zxdg_output_v1*, int32_t w, int32_t h) { static_cast<Told*>(d)->lw = w, static_cast<Told*>(d)->lh = h; },
        [](void*, zxdg_output_v1*) {},
        [](void*, zxdg_output_v1*, const char*) {},
        [](void*, zxdg_output_v1*, const char*) {},
    };
    zxdg_output_v1* xdg = zxdg_output_manager_v1_get_xdg_output(xdg_manager, out);
    zxdg_output_v1_add_listener(xdg, &xdg_listener, &told);
    ASSERT_TRUE(c.roundtrip());
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(told.scale, 2); // 1.25 rounded up
    EXPECT_EQ(told.width, kPixelW);
    EXPECT_EQ(told.height, kPixelH);
    EXPECT_EQ(told.lw, 800);
    EXPECT_EQ(told.lh, 640);
    // A maximized window is configured to the logical size.
    auto t = c.make_toplevel();
    xdg_toplevel_set_maximized(t->toplevel);
    const int before = t->configures;
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures > before; }));
    EXPECT_EQ(t->configured_width, 800);
    EXPECT_EQ(t->configured_height, 640);
    {
        // Absolute pointer (and touch) positions map onto the logical area:
        // the middle of the output is (400, 320).
        PointerInput in(server->seat());
        EXPECT_EQ(in.absolute_area(), (Box{0, 0, 800, 640}));
        in.motion_absolute(1, 1, 2, 2, 1);
        in.frame();
        EXPECT_EQ(server->seat().pointer_x(), 400);
        EXPECT_EQ(server->seat().pointer_y(), 320);
    }
    // A screenshot is the output's pixel size.
    LayoutSnapshot shot = server->capture();
    ASSERT_TRUE(shot.image);
    EXPECT_EQ(pixman_image_get_width(shot.image.get()), kPixelW);
    EXPECT_EQ(pixman_image_get_height(shot.image.get()), kPixelH);
    zxdg_output_v1_destroy(xdg);
    zxdg_output_manager_v1_destroy(xdg_manager);
    wl_output_destroy(out);
}

TEST_F(FractionalScaleTest, preferred_scale_is_sent_at_creation_and_when_the_output_scale_changes) {
    TestClient& c = connect();
    Window w = map_window(c, 40, 40, kBlue);
    Preferred p;
    wp_fractional_scale_v1* f = listen(manager(c), w.surface(), &p);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(p.scales, (std::vector<uint32_t>{150}));
    // `shoji ctl output set --scale 2`: 240, once.
    Controller control(*server);
    Controller::OutputSettings two;
    two.scale120 = 2 * kScaleUnit;
    ASSERT_TRUE(control.output_set(server->output()->wlr()->name, two).ok());
    ASSERT_TRUE(c.dispatch_until([&] { return p.scales.size() >= 2; }));
    settle(c);
    EXPECT_EQ(p.scales, (std::vector<uint32_t>{150, 240}));
    EXPECT_EQ(server->output()->layout_box(), (Box{0, 0, 500, 400}));
    // And back through Server::configure_output (wlr-randr's path): 150.
    std::string error;
    ASSERT_TRUE(set_scale(kScale125, &error)) << error;
    ASSERT_TRUE(c.dispatch_until([&] { return p.scales.size() >= 3; }));
    settle(c);
    EXPECT_EQ(p.scales, (std::vector<uint32_t>{150, 240, 150}));
    // Nothing is sent for a change that leaves it as it is.
    ASSERT_TRUE(set_scale(kScale125, &error)) << error;
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(p.scales.size(), 3u);
    wp_fractional_scale_v1_destroy(f);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(c.has_error());
}

TEST_F(FractionalScaleTest, on_two_outputs_the_highest_scale_is_preferred_and_it_follows_the_window) {
    std::string error;
    // A scale-2 output right of the first (at 800, 0 logical), 200x200 logical.
    Output* right = server->add_output(*parse_output_spec("400x400,scale=2,name=RIGHT", &error), &error);
    ASSERT_NE(right, nullptr) << error;
    TestClient& c = connect();
    Window w = map_window(c, 40, 40, kBlue);
    Preferred p;
    listen(manager(c), w.surface(), &p);
    ASSERT_TRUE(c.roundtrip());
    ASSERT_EQ(p.scales, (std::vector<uint32_t>{150}));
    // Across the edge: on both, 2 wins.
    c.server_toplevel(*w.toplevel)->move_to(780, 10);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    ASSERT_TRUE(c.dispatch_until([&] { return p.scales.size() >= 2; }));
    EXPECT_EQ(p.scales.back(), 240u);
    // Back on the first output only.
    c.server_toplevel(*w.toplevel)->move_to(10, 10);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    ASSERT_TRUE(c.dispatch_until([&] { return p.scales.size() >= 3; }));
    EXPECT_EQ(p.scales.back(), 150u);
}

TEST_F(FractionalScaleTest, a_second_object_for_a_surface_is_fractional_scale_exists_naming_it) {
    Bystander b = bystander();
    TestClient& c = connect();
    auto t = c.make_toplevel();
    wp_fractional_scale_manager_v1* m = manager(c);
    Preferred p;
    listen(m, t->surface, &p);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_PROTOCOL_ERROR(c, wp_fractional_scale_manager_v1_get_fractional_scale(m, t->surface),
                          &wp_fractional_scale_manager_v1_interface,
                          WP_FRACTIONAL_SCALE_MANAGER_V1_ERROR_FRACTIONAL_SCALE_EXISTS);
    const std::string surface = "wl_surface@" + std::to_string(wl_proxy_get_id(reinterpret_cast<wl_proxy*>(t->surface)));
    EXPECT_NE(client_log().find(surface + " already has a wp_fractional_scale_v1"), std::string::npos)
        << client_log();
    // The bystander carries on (pixels checked in output pixels).
    for (int i = 0; i < 3; ++i) {
        wl_surface_damage_buffer(b.window->surface, 0, 0, 40, 40);
        ASSERT_TRUE(b.client->commit_and_wait_frame(b.window->surface));
    }
    EXPECT_FALSE(b.client->has_error());
    auto [x, y] = surface_origin(*b.client, b.window->surface);
    EXPECT_EQ(pixel(px(x) + 25, px(y) + 25), 0xff2266aau);
}

TEST_F(FractionalScaleTest, once_its_surface_is_destroyed_the_object_is_inert) {
    TestClient& c = connect();
    wp_fractional_scale_manager_v1* m = manager(c);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    Preferred p;
    wp_fractional_scale_v1* f = listen(m, s, &p);
    ASSERT_TRUE(c.roundtrip());
    ASSERT_EQ(p.scales, (std::vector<uint32_t>{150}));
    wl_surface_destroy(s);
    ASSERT_TRUE(c.roundtrip());
    std::string error;
    ASSERT_TRUE(set_scale(2 * kScaleUnit, &error)) << error;
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(p.scales.size(), 1u) << "an event for a destroyed surface";
    // A new surface (maybe with the same id) gets its own object; the
    // inert one is still destroyed cleanly.
    wl_surface* again = wl_compositor_create_surface(c.compositor);
    Preferred q;
    wp_fractional_scale_v1* g = listen(m, again, &q);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(q.scales, (std::vector<uint32_t>{240}));
    wp_fractional_scale_v1_destroy(f);
    wp_fractional_scale_v1_destroy(g);
    wl_surface_destroy(again);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(c.has_error());
}

TEST_F(FractionalScaleTest, a_viewport_sized_buffer_is_drawn_1_to_1_pixel_exact) {
    // The fractional-scale way: a 250x250 buffer, viewport destination
    // 200x200 (× 1.25 = 250), buffer scale 1.
    TestClient& c = connect();
    auto b = c.make_buffer(250, 250, WL_SHM_FORMAT_XRGB8888);
    b->fill_with(unique);
    auto t = c.make_toplevel();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), t->surface);
    wp_viewport_set_destination(vp, 200, 200);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    settle(c);
    auto [lx, ly] = surface_origin(c, t->surface);
    const int32_t ox = px(lx), oy = px(ly);
    PixmanImage out = output_pixels();
    int64_t wrong = 0;
    for (int32_t y = 0; y < 250; ++y)
        for (int32_t x = 0; x < 250; ++x)
            if (pixel_at(out.get(), ox + x, oy + y) != unique(x, y)) ++wrong;
    EXPECT_EQ(wrong, 0) << "of 62500 pixels";
    // Exactly 250x250 of them: the background right of, below and before it.
    for (int32_t i = 0; i < 250; i += 7) {
        EXPECT_EQ(pixel_at(out.get(), ox + 250, oy + i), background());
        EXPECT_EQ(pixel_at(out.get(), ox + i, oy + 250), background());
        if (ox > 0) {
            EXPECT_EQ(pixel_at(out.get(), ox - 1, oy + i), background());
        }
        if (oy > 0) {
            EXPECT_EQ(pixel_at(out.get(), ox + i, oy - 1), background());
        }
    }
    wp_viewport_destroy(vp);
}

TEST_F(FractionalScaleTest, a_scale_1_buffer_is_scaled_by_1_25_and_filtered) {
    // 40x40, left half red, right half blue: 50x50 output pixels.
    TestClient& c = connect();
    auto b = c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    b->fill(kBlue);
    b->fill_rect(0, 0, 20, 40, kRed);
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    settle(c);
    auto [lx, ly] = surface_origin(c, t->surface);
    const int32_t ox = px(lx), oy = px(ly);
    EXPECT_EQ(px(lx + 40) - ox, 50);
    PixmanImage out = output_pixels();
    for (int32_t y = 0; y < 50; ++y) {
        // Flat colour exact inside (the edges padded, not blended with the
        // background): red up to buffer column 19's last whole pixel.
        for (int32_t x = 0; x <= 22; ++x) ASSERT_EQ(pixel_at(out.get(), ox + x, oy + y), kRed) << x << "," << y;
        for (int32_t x = 27; x < 50; ++x) ASSERT_EQ(pixel_at(out.get(), ox + x, oy + y), kBlue) << x << "," << y;
        EXPECT_EQ(pixel_at(out.get(), ox + 50, oy + y), background()) << "right of it, row " << y;
    }
    for (int32_t x = 0; x < 50; ++x) EXPECT_EQ(pixel_at(out.get(), ox + x, oy + 50), background()) << "below, " << x;
    // The edge is filtered: output columns 24 and 25 sample buffer columns
    // 19 and 20 both (nearest would give pure red or blue everywhere).
    int blended = 0;
    for (int32_t x = 23; x <= 26; ++x) {
        const uint32_t p = pixel_at(out.get(), ox + x, oy + 10);
        if (p != kRed && p != kBlue) ++blended;
    }
    EXPECT_GE(blended, 1) << "the red/blue edge is not filtered";
}

TEST_F(FractionalScaleTest, damage_of_a_small_region_repaints_as_a_full_repaint_would) {
    TestClient& c = connect();
    auto b = c.make_buffer(64, 64, WL_SHM_FORMAT_XRGB8888);
    b->fill_with(unique);
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    // Frames of damage elsewhere, so the next one repaints its own only.
    for (int i = 0; i < 3; ++i) {
        wl_surface_damage_buffer(t->surface, 63, 63, 1, 1);
        ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    }
    settle(c);
    // New pixels in buffer 8..11 × 8..11 (8 × 1.25 = 10: a pixel edge,
    // where bilinear filtering reaches past the damaged area).
    b->fill_rect(8, 8, 4, 4, 0xffffffff);
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    wl_surface_damage_buffer(t->surface, 8, 8, 4, 4);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    settle(c);
    PixmanImage shown = output_pixels();
    PixmanImage full = server->render_scene();
    int64_t stale = 0;
    for (int32_t y = 0; y < kPixelH; ++y)
        for (int32_t x = 0; x < kPixelW; ++x)
            if (pixel_at(shown.get(), x, y) != pixel_at(full.get(), x, y)) ++stale;
    EXPECT_EQ(stale, 0) << "pixels differ from a full repaint";
}

TEST_F(FractionalScaleTest, direct_scanout_is_not_taken_for_a_scaled_buffer) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_toplevel_set_fullscreen(t->toplevel, nullptr);
    const int before = t->configures;
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures > before; }));
    ASSERT_EQ(t->configured_width, 800);
    ASSERT_EQ(t->configured_height, 640);
    c.ack(*t);
    // 800x640 buffer pixels fill the 1000x800 output, resampled.
    auto b = c.make_buffer(800, 640, WL_SHM_FORMAT_XRGB8888);
    b->fill(kGreen);
    const uint64_t direct = server->output()->frames_direct();
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    for (int i = 0; i < 3; ++i) {
        wl_surface_damage_buffer(t->surface, 0, 0, 800, 640);
        ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    }
    settle(c);
    EXPECT_EQ(server->output()->frames_direct(), direct);
    EXPECT_EQ(pixel(0, 0), kGreen);
    EXPECT_EQ(pixel(kPixelW - 1, kPixelH - 1), kGreen);
    EXPECT_EQ(pixel(kPixelW / 2, kPixelH / 2), kGreen);
}

} // namespace
} // namespace shoji::test
