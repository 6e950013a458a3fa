// wl_surface behaviour, seen in the output's pixels: placement, damage, scale,
// transforms, stacking, frame callbacks and buffer release.
#include <unistd.h>

#include "harness/fixture.hpp"
#include "output/output.hpp"
#include "surface/wl_surface.hpp"

namespace shoji::test {
namespace {

class SurfaceTest : public ShojiTest {
protected:
    // One pixel a surface should show, in surface coordinates.
    struct Expected {
        int32_t x, y;
        uint32_t colour;
    };
    // Checks those pixels of `surface` on the output now.
    void expect_pixels(TestClient& c, wl_surface* surface, std::initializer_list<Expected> pixels) {
        auto [x, y] = surface_origin(c, surface);
        PixmanImage out = output_pixels();
        for (const Expected& e : pixels)
            EXPECT_EQ(pixel_at(out.get(), x + e.x, y + e.y), e.colour) << "at surface (" << e.x << ", " << e.y << ")";
    }
    // Shows `buffer` on a new toplevel and waits until it is on screen.
    std::unique_ptr<Toplevel> show(TestClient& c, Buffer& buffer) {
        auto t = c.make_toplevel();
        c.commit_buffer(t->surface, buffer);
        EXPECT_TRUE(c.commit_and_wait_frame(t->surface));
        return t;
    }
    // A 64×64 window of `colour`, shown and settled (see settle).
    std::pair<std::unique_ptr<Buffer>, std::unique_ptr<Toplevel>> settled_window(TestClient& c, uint32_t colour);
    // Lets the output run idle for a few frames.
    void idle(TestClient& c, int frames = 10) {
        for (int i = 0; i < frames; ++i) c.iterate(2);
    }
};

TEST_F(SurfaceTest, toplevel_shows_its_pixels_where_it_is_placed) {
    TestClient& c = connect();
    auto b = c.make_buffer(40, 30, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff336699);
    auto t = show(c, *b);

    auto [x, y] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    ASSERT_TRUE(out);
    EXPECT_EQ(pixel_at(out.get(), x, y), 0xff336699u);
    EXPECT_EQ(pixel_at(out.get(), x + 39, y + 29), 0xff336699u);
    EXPECT_EQ(pixel_at(out.get(), x + 40, y + 29), background());
    EXPECT_EQ(pixel_at(out.get(), x - 1, y), background());
}

TEST_F(SurfaceTest, new_toplevels_cascade_and_stay_fully_visible) {
    TestClient& c = connect();
    auto b = c.make_buffer(100, 80, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff0000ff);
    std::vector<std::unique_ptr<Toplevel>> windows;
    std::vector<std::pair<int32_t, int32_t>> origins;
    for (int i = 0; i < 10; ++i) {
        windows.push_back(show(c, *b));
        origins.push_back(surface_origin(c, windows.back()->surface));
    }
    const Box area = server->output()->layout_box();
    for (size_t i = 0; i < origins.size(); ++i) {
        auto [x, y] = origins[i];
        EXPECT_GE(x, area.x) << "window " << i;
        EXPECT_GE(y, area.y) << "window " << i;
        EXPECT_LE(x + 100, area.x + area.width) << "window " << i;
        EXPECT_LE(y + 80, area.y + area.height) << "window " << i;
    }
    EXPECT_NE(origins[0], origins[1]) << "the second window hides the first";
}

// Buffer age: a frame repaints its own damage plus that of the frames the
// output buffer missed, always from the client's current content. So first
// paint every swapchain buffer and make the damage history a single pixel.
void settle(TestClient& c, Toplevel& t, Buffer& b) {
    wl_surface_damage_buffer(t.surface, 0, 0, b.width, b.height);
    ASSERT_TRUE(c.commit_and_wait_frame(t.surface));
    for (int i = 0; i < 6; ++i) {
        wl_surface_damage_buffer(t.surface, 0, 0, 1, 1);
        ASSERT_TRUE(c.commit_and_wait_frame(t.surface));
    }
}

std::pair<std::unique_ptr<Buffer>, std::unique_ptr<Toplevel>> SurfaceTest::settled_window(TestClient& c,
                                                                                          uint32_t colour) {
    auto b = c.make_buffer(64, 64, WL_SHM_FORMAT_XRGB8888);
    b->fill(colour);
    auto t = show(c, *b);
    settle(c, *t, *b);
    return {std::move(b), std::move(t)};
}

TEST_F(SurfaceTest, partial_damage_repaints_only_the_damaged_area) {
    TestClient& c = connect();
    auto [b, t] = settled_window(c, 0xffaa0000);

    // The client changes every pixel but damages only a 10×10 square.
    b->fill(0xff00bb00);
    for (int i = 0; i < 6; ++i) {
        wl_surface_attach(t->surface, b->buffer, 0, 0);
        wl_surface_damage_buffer(t->surface, 20, 20, 10, 10);
        ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
        // At most the square and the 1-pixel history.
        EXPECT_LE(server->output()->last_render().pixels_drawn, 101) << "commit " << i;

        expect_pixels(c, t->surface, {{20, 20, 0xff00bb00u},
                                     {29, 29, 0xff00bb00u},
                                     {19, 20, 0xffaa0000u},
                                     {30, 29, 0xffaa0000u},
                                     {63, 63, 0xffaa0000u}});
    }
    EXPECT_EQ(server->output()->last_render().pixels_drawn, 100);
}

TEST_F(SurfaceTest, surface_damage_is_in_surface_coordinates) {
    TestClient& c = connect();
    auto [b, t] = settled_window(c, 0xffaa0000);
    b->fill(0xff00bb00);
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    wl_surface_damage(t->surface, 30, 40, 8, 4);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    expect_pixels(c, t->surface, {{30, 40, 0xff00bb00u},
                                 {37, 43, 0xff00bb00u},
                                 {38, 43, 0xffaa0000u},
                                 {37, 44, 0xffaa0000u}});
}

TEST_F(SurfaceTest, an_idle_output_does_no_compositing) {
    TestClient& c = connect();
    auto b = c.make_buffer(32, 32, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff123456);
    auto t = show(c, *b);
    idle(c, 5);
    const uint64_t before = server->output()->frames_rendered();
    usleep(30000); // ~30 frames at 1000 Hz
    idle(c, 20);
    EXPECT_EQ(server->output()->frames_rendered(), before);

    // A commit without damage still answers its frame callback, but draws nothing.
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    EXPECT_EQ(server->output()->frames_rendered(), before);
}

TEST_F(SurfaceTest, buffer_scale_2_halves_the_surface) {
    TestClient& c = connect();
    // 40×40 buffer at scale 2: a 20×20 surface; four 20×20 colour quadrants
    // of the buffer become four 10×10 quadrants on the scale-1 output.
    auto b = c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    b->fill_rect(0, 0, 20, 20, 0xffff0000);
    b->fill_rect(20, 0, 20, 20, 0xff00ff00);
    b->fill_rect(0, 20, 20, 20, 0xff0000ff);
    b->fill_rect(20, 20, 20, 20, 0xffffffff);
    auto t = c.make_toplevel();
    wl_surface_set_buffer_scale(t->surface, 2);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));

    auto [x, y] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(c.server_surface(t->surface)->width(), 20);
    EXPECT_EQ(pixel_at(out.get(), x + 0, y + 0), 0xffff0000u);
    EXPECT_EQ(pixel_at(out.get(), x + 9, y + 9), 0xffff0000u);
    EXPECT_EQ(pixel_at(out.get(), x + 10, y + 0), 0xff00ff00u);
    EXPECT_EQ(pixel_at(out.get(), x + 19, y + 9), 0xff00ff00u);
    EXPECT_EQ(pixel_at(out.get(), x + 0, y + 10), 0xff0000ffu);
    EXPECT_EQ(pixel_at(out.get(), x + 19, y + 19), 0xffffffffu);
    EXPECT_EQ(pixel_at(out.get(), x + 20, y + 19), background());
    EXPECT_EQ(pixel_at(out.get(), x + 19, y + 20), background());
}

// A 3×2 buffer with one colour per pixel:   a b c
//                                           d e f
constexpr uint32_t a = 0xff100000, b_ = 0xff200000, c_ = 0xff300000;
constexpr uint32_t d = 0xff400000, e = 0xff500000, f = 0xff600000;

struct TransformCase {
    wl_output_transform transform;
    int32_t width, height;          // of the surface
    std::vector<uint32_t> expected; // row-major, as displayed
};

// The displayed surface is the buffer with the inverse transform applied
// (wayland.xml: "the compositor applies the inverse of this transformation").
// 90 means the client rotated its content 90° counter-clockwise, so we rotate
// the buffer back clockwise; "flipped" variants flip around the vertical axis
// after undoing the rotation.
const TransformCase kTransformCases[] = {
    {WL_OUTPUT_TRANSFORM_NORMAL, 3, 2, {a, b_, c_, d, e, f}},
    {WL_OUTPUT_TRANSFORM_90, 2, 3, {d, a, e, b_, f, c_}},
    {WL_OUTPUT_TRANSFORM_180, 3, 2, {f, e, d, c_, b_, a}},
    {WL_OUTPUT_TRANSFORM_270, 2, 3, {c_, f, b_, e, a, d}},
    {WL_OUTPUT_TRANSFORM_FLIPPED, 3, 2, {c_, b_, a, f, e, d}},
    {WL_OUTPUT_TRANSFORM_FLIPPED_90, 2, 3, {a, d, b_, e, c_, f}},
    {WL_OUTPUT_TRANSFORM_FLIPPED_180, 3, 2, {d, e, f, a, b_, c_}},
    {WL_OUTPUT_TRANSFORM_FLIPPED_270, 2, 3, {f, c_, e, b_, d, a}},
};

class BufferTransformTest : public SurfaceTest,
                            public ::testing::WithParamInterface<TransformCase> {};

TEST_P(BufferTransformTest, pixels_land_where_the_spec_says) {
    const TransformCase& tc = GetParam();
    TestClient& c = connect();
    auto buf = c.make_buffer(3, 2, WL_SHM_FORMAT_XRGB8888);
    const uint32_t colours[] = {a, b_, c_, d, e, f};
    for (int i = 0; i < 6; ++i) reinterpret_cast<uint32_t*>(buf->row(i / 3))[i % 3] = colours[i];
    auto t = c.make_toplevel();
    wl_surface_set_buffer_transform(t->surface, tc.transform);
    c.commit_buffer(t->surface, *buf);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));

    const Surface* s = c.server_surface(t->surface);
    ASSERT_EQ(s->width(), tc.width);
    ASSERT_EQ(s->height(), tc.height);
    auto [x, y] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    for (int32_t j = 0; j < tc.height; ++j)
        for (int32_t i = 0; i < tc.width; ++i)
            EXPECT_EQ(pixel_at(out.get(), x + i, y + j), tc.expected[size_t(j * tc.width + i)])
                << "at surface (" << i << ", " << j << ")";
    EXPECT_EQ(pixel_at(out.get(), x + tc.width, y), background());
    EXPECT_EQ(pixel_at(out.get(), x, y + tc.height), background());
}

INSTANTIATE_TEST_SUITE_P(AllEight, BufferTransformTest, ::testing::ValuesIn(kTransformCases),
                         [](const auto& info) { return "transform_" + std::to_string(info.param.transform); });

TEST_F(SurfaceTest, transformed_and_scaled_buffer_damage_maps_to_the_surface) {
    TestClient& c = connect();
    // 40×20 buffer, scale 2, transform 90: a 10×20 surface.
    auto buf = c.make_buffer(40, 20, WL_SHM_FORMAT_XRGB8888);
    buf->fill(0xff000080);
    auto t = c.make_toplevel();
    wl_surface_set_buffer_scale(t->surface, 2);
    wl_surface_set_buffer_transform(t->surface, WL_OUTPUT_TRANSFORM_90);
    c.commit_buffer(t->surface, *buf);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    // History: the buffer's bottom-right pixel (the surface's bottom-left).
    for (int i = 0; i < 6; ++i) {
        wl_surface_damage_buffer(t->surface, 39, 19, 1, 1);
        ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    }
    // Change the buffer's top-left 2×2 pixels only, and damage just those.
    // With transform 90 the buffer's top-left is the surface's top-right.
    buf->fill(0xff808000);
    wl_surface_attach(t->surface, buf->buffer, 0, 0);
    wl_surface_damage_buffer(t->surface, 0, 0, 2, 2);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    expect_pixels(c, t->surface, {{9, 0, 0xff808000u},
                                 {8, 0, 0xff000080u},
                                 {9, 1, 0xff000080u},
                                 {0, 0, 0xff000080u},
                                 {5, 10, 0xff000080u}});
}

TEST_F(SurfaceTest, later_toplevels_stack_above_earlier_ones) {
    TestClient& c1 = connect();
    TestClient& c2 = connect();
    auto red = c1.make_buffer(100, 100, WL_SHM_FORMAT_XRGB8888);
    red->fill(0xffff0000);
    auto green = c2.make_buffer(100, 100, WL_SHM_FORMAT_ARGB8888);
    green->fill(0xff00ff00);
    green->fill_rect(50, 50, 50, 50, 0x80008000); // half-transparent green, premultiplied
    auto t1 = show(c1, *red);
    auto t2 = show(c2, *green);

    auto [x1, y1] = surface_origin(c1, t1->surface);
    auto [x2, y2] = surface_origin(c2, t2->surface);
    ASSERT_LT(x1, x2);
    ASSERT_LT(y1, y2);
    ASSERT_LT(x2, x1 + 50);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), x1, y1), 0xffff0000u);
    EXPECT_EQ(pixel_at(out.get(), x2, y2), 0xff00ff00u) << "the later window is on top";
    // The translucent corner of the top window overlaps the red window:
    // premultiplied OVER: 0x80 green + (1 − 0x80/255) × red.
    const int32_t ox = x2 + 50, oy = y2 + 50;
    ASSERT_LT(ox, x1 + 100);
    const uint32_t blended = pixel_at(out.get(), ox, oy);
    EXPECT_EQ((blended >> 8) & 0xff, 0x80u);
    EXPECT_NEAR(int((blended >> 16) & 0xff), 255 * (255 - 0x80) / 255, 1);
    // Over the background, the same corner blends with it instead.
    const uint32_t bg = background();
    const uint32_t over_bg = pixel_at(out.get(), x2 + 99, y2 + 99);
    EXPECT_NEAR(int((over_bg >> 8) & 0xff), 0x80 + int(((bg >> 8) & 0xff) * (255 - 0x80) / 255), 1);
}

// Occlusion: where an opaque window covers another, the one below is not read
// (scene_renderer.cpp, composite_views). Repaint the lower window's whole
// area until the buffer-age history is only that area; then the frame writes
// each of its pixels once, from whichever window shows there.
TEST_F(SurfaceTest, a_window_under_an_opaque_one_is_read_only_where_it_shows) {
    TestClient& c1 = connect();
    TestClient& c2 = connect();
    auto lower = c1.make_buffer(100, 100, WL_SHM_FORMAT_XRGB8888);
    lower->fill(0xffff0000);
    auto upper = c2.make_buffer(100, 100, WL_SHM_FORMAT_XRGB8888);
    upper->fill(0xff00ff00);
    auto t1 = show(c1, *lower);
    auto t2 = show(c2, *upper);
    auto [x1, y1] = surface_origin(c1, t1->surface);
    auto [x2, y2] = surface_origin(c2, t2->surface);
    ASSERT_LT(x1, x2);
    ASSERT_LT(y1, y2);
    const int64_t overlap = int64_t(x1 + 100 - x2) * (y1 + 100 - y2);
    ASSERT_GT(overlap, 0) << "the windows must overlap";

    for (int i = 0; i < 6; ++i) {
        wl_surface_attach(t1->surface, lower->buffer, 0, 0);
        wl_surface_damage_buffer(t1->surface, 0, 0, 100, 100);
        ASSERT_TRUE(c1.commit_and_wait_frame(t1->surface));
    }
    const RenderStats stats = server->output()->last_render();
    EXPECT_EQ(stats.surfaces_drawn, 2);
    EXPECT_EQ(stats.pixels_drawn, 100 * 100)
        << "the " << overlap << " pixels the upper window covers were drawn twice";
    EXPECT_EQ(stats.pixels_cleared, 0) << "no background shows inside the lower window";
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), x2, y2), 0xff00ff00u);
    EXPECT_EQ(pixel_at(out.get(), x1, y1), 0xffff0000u);
}

TEST_F(SurfaceTest, frame_callbacks_fire_once_per_shown_frame_in_order) {
    TestClient& c = connect();
    auto b = c.make_buffer(16, 16, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff00ffff);
    auto t = show(c, *b);

    // Requested but not committed: never fires.
    int uncommitted = 0;
    c.request_frame(t->surface, &uncommitted);
    idle(c, 20);
    EXPECT_EQ(uncommitted, 0);

    // Committed with the pending one: both fire, once, in the same frame.
    int second = 0;
    uint32_t t_first = 0, t_second = 0;
    c.request_frame(t->surface, &second, &t_second);
    wl_surface_damage_buffer(t->surface, 0, 0, 16, 16);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.dispatch_until([&] { return uncommitted > 0 && second > 0; }));
    idle(c, 20);
    EXPECT_EQ(uncommitted, 1);
    EXPECT_EQ(second, 1);

    // Successive frames: timestamps never go back.
    std::vector<uint32_t> times;
    for (int i = 0; i < 5; ++i) {
        int n = 0;
        uint32_t when = 0;
        c.request_frame(t->surface, &n, &when);
        wl_surface_damage_buffer(t->surface, 0, 0, 1, 1);
        wl_surface_commit(t->surface);
        ASSERT_TRUE(c.dispatch_until([&] { return n > 0; }));
        times.push_back(when);
    }
    for (size_t i = 1; i < times.size(); ++i) EXPECT_GE(times[i], times[i - 1]);
    (void)t_first;
}

TEST_F(SurfaceTest, old_buffer_is_released_when_a_new_one_is_committed) {
    TestClient& c = connect();
    auto first = c.make_buffer(16, 16, WL_SHM_FORMAT_XRGB8888);
    auto second = c.make_buffer(16, 16, WL_SHM_FORMAT_XRGB8888);
    first->fill(0xff111111);
    second->fill(0xff222222);
    auto t = show(c, *first);
    c.roundtrip();
    EXPECT_FALSE(first->released) << "a shown buffer must not be released";

    c.commit_buffer(t->surface, *second);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    EXPECT_TRUE(first->released);
    EXPECT_FALSE(second->released);

    // Re-committing the same buffer keeps it.
    wl_surface_attach(t->surface, second->buffer, 0, 0);
    wl_surface_damage_buffer(t->surface, 0, 0, 16, 16);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    EXPECT_FALSE(second->released);

    // Destroying the surface releases what it showed.
    wl_surface_destroy(t->surface);
    t->surface = nullptr;
    xdg_toplevel_destroy(t->toplevel);
    t->toplevel = nullptr;
    xdg_surface_destroy(t->xdg);
    t->xdg = nullptr;
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(second->released);
}

TEST_F(SurfaceTest, a_buffer_shown_on_two_surfaces_is_released_when_neither_shows_it) {
    TestClient& c = connect();
    auto shared = c.make_buffer(16, 16, WL_SHM_FORMAT_XRGB8888);
    auto other = c.make_buffer(16, 16, WL_SHM_FORMAT_XRGB8888);
    auto a = show(c, *shared);
    auto b = show(c, *shared);
    c.commit_buffer(a->surface, *other);
    ASSERT_TRUE(c.commit_and_wait_frame(a->surface));
    EXPECT_FALSE(shared->released) << "still shown on the second surface";
    wl_surface_attach(b->surface, nullptr, 0, 0);
    wl_surface_commit(b->surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(shared->released);
}

TEST_F(SurfaceTest, unmapping_with_a_null_buffer_repaints_the_background) {
    TestClient& c = connect();
    auto b = c.make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xffabcdef);
    auto t = show(c, *b);
    auto [x, y] = surface_origin(c, t->surface);
    wl_surface_attach(t->surface, nullptr, 0, 0);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    // Wait for frames until the output shows the background there.
    ASSERT_TRUE(c.dispatch_until([&] { return pixel_at(output_pixels().get(), x + 5, y + 5) == background(); }));
}

TEST_F(SurfaceTest, offset_moves_the_surface) {
    TestClient& c = connect();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff00ff00);
    auto t = show(c, *b);
    auto [x, y] = surface_origin(c, t->surface);
    wl_surface_offset(t->surface, 7, -3);
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.roundtrip());
    auto [x2, y2] = surface_origin(c, t->surface);
    EXPECT_EQ(x2, x + 7);
    EXPECT_EQ(y2, y - 3);
}

// Output scale 2 with buffer scale 2: one buffer pixel per output pixel.
class ScaledOutputTest : public SurfaceTest {
protected:
    ServerConfig config() const override {
        ServerConfig c = ShojiTest::config();
        c.output.scale120 = 2 * kScaleUnit;
        return c;
    }
};

TEST_F(ScaledOutputTest, buffer_scale_matching_output_scale_is_pixel_exact) {
    TestClient& c = connect();
    auto b = c.make_buffer(4, 4, WL_SHM_FORMAT_XRGB8888);
    for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 4; ++i) reinterpret_cast<uint32_t*>(b->row(j))[i] = 0xff000000 | uint32_t(j * 4 + i + 1);
    auto t = c.make_toplevel();
    wl_surface_set_buffer_scale(t->surface, 2);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    auto [x, y] = surface_origin(c, t->surface); // layout (logical) coordinates
    PixmanImage out = output_pixels();
    for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 4; ++i)
            EXPECT_EQ(pixel_at(out.get(), 2 * x + i, 2 * y + j), 0xff000000 | uint32_t(j * 4 + i + 1));
}

TEST_F(ScaledOutputTest, buffer_scale_1_is_doubled_on_a_scale_2_output) {
    TestClient& c = connect();
    auto b = c.make_buffer(2, 1, WL_SHM_FORMAT_XRGB8888);
    reinterpret_cast<uint32_t*>(b->row(0))[0] = 0xffff0000;
    reinterpret_cast<uint32_t*>(b->row(0))[1] = 0xff0000ff;
    auto t = show(c, *b);
    auto [x, y] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), 2 * x + 0, 2 * y + 1), 0xffff0000u);
    EXPECT_EQ(pixel_at(out.get(), 2 * x + 1, 2 * y + 0), 0xffff0000u);
    EXPECT_EQ(pixel_at(out.get(), 2 * x + 2, 2 * y + 0), 0xff0000ffu);
    EXPECT_EQ(pixel_at(out.get(), 2 * x + 3, 2 * y + 1), 0xff0000ffu);
    EXPECT_EQ(pixel_at(out.get(), 2 * x + 4, 2 * y + 1), background());
}

} // namespace
} // namespace shoji::test
