// wp_viewporter: crop (set_source) and scale (set_destination) through the
// whole sampling path, seen in the output's pixels, with the buffer
// transform and scale combined; damage of a cropped buffer; input and
// opaque areas; the synchronized subsurface cache; every error the spec names.
//
// Expected pixels are written out by hand from viewporter.xml: the source
// rectangle is in the surface coordinates the buffer transform and scale give,
// and the surface becomes the destination size (or the source size).
#include <cstdarg>
#include <cstdio>
#include <string>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "seat/wl_seat.hpp"
#include "surface/wl_surface.hpp"
#include "single-pixel-buffer-v1-client-protocol.h"
#include "viewporter-client-protocol.h"

namespace shoji::test {
namespace {

// What libwayland-client logs when the server posts an error ("wp_viewport@7:
// error 2: ..."): the message the client was sent.
std::string& client_log() {
    static std::string log;
    return log;
}
void capture_client_log(const char* fmt, va_list args) {
    char line[1024];
    std::vsnprintf(line, sizeof line, fmt, args);
    client_log() += line;
}

// Buffer pixel (x, y) of a unique-colour buffer.
uint32_t unique(int32_t x, int32_t y) { return 0xff000000u | uint32_t(x + 1) << 16 | uint32_t(y + 1) << 8 | 0x40; }

class ViewporterTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        client_log().clear();
        wl_log_set_handler_client(capture_client_log);
    }

    wp_viewporter* viewporter(TestClient& c) {
        auto* v = bind_global<wp_viewporter>(c, &wp_viewporter_interface, 1);
        EXPECT_NE(v, nullptr) << "no wp_viewporter global";
        return v;
    }
    // A buffer whose every pixel has its own colour, unique(x, y).
    std::unique_ptr<Buffer> unique_buffer(TestClient& c, int32_t w, int32_t h) {
        auto b = c.make_buffer(w, h, WL_SHM_FORMAT_XRGB8888);
        b->fill_with(unique);
        return b;
    }
    // Checks every pixel of a w×h surface on the output against expect(x, y),
    // and that the output shows the background just right of and below it.
    template <class F>
    void expect_surface(TestClient& c, wl_surface* surface, int32_t w, int32_t h, F expect) {
        const Surface* s = c.server_surface(surface);
        ASSERT_EQ(s->width(), w);
        ASSERT_EQ(s->height(), h);
        auto [ox, oy] = surface_origin(c, surface);
        PixmanImage out = output_pixels();
        for (int32_t y = 0; y < h; ++y)
            for (int32_t x = 0; x < w; ++x)
                EXPECT_EQ(pixel_at(out.get(), ox + x, oy + y), expect(x, y)) << "at surface (" << x << ", " << y << ")";
        EXPECT_EQ(pixel_at(out.get(), ox + w, oy), background());
        EXPECT_EQ(pixel_at(out.get(), ox, oy + h), background());
    }
    // Commits `buffer` on a new toplevel whose viewport `setup` configures,
    // and waits until it is shown.
    template <class F>
    std::unique_ptr<Toplevel> show(TestClient& c, Buffer& buffer, F setup) {
        auto t = c.make_toplevel();
        wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), t->surface);
        setup(t->surface, vp);
        c.commit_buffer(t->surface, buffer);
        EXPECT_TRUE(c.commit_and_wait_frame(t->surface));
        return t;
    }
    void expect_message(const char* part) {
        EXPECT_NE(client_log().find(part), std::string::npos) << "message: " << client_log();
    }
};

wl_fixed_t fx(double v) { return wl_fixed_from_double(v); }

TEST_F(ViewporterTest, crop_only_shows_the_source_rectangle_at_its_size) {
    TestClient& c = connect();
    auto b = unique_buffer(c, 6, 5);
    auto t = show(c, *b, [](wl_surface*, wp_viewport* vp) { wp_viewport_set_source(vp, fx(1), fx(2), fx(3), fx(2)); });
    expect_surface(c, t->surface, 3, 2, [](int32_t x, int32_t y) { return unique(1 + x, 2 + y); });
}

TEST_F(ViewporterTest, scale_only_stretches_the_whole_buffer_to_the_destination) {
    TestClient& c = connect();
    auto b = unique_buffer(c, 2, 3);
    // 2×3 → 6×6: three output pixels per buffer column, two per row.
    auto t = show(c, *b, [](wl_surface*, wp_viewport* vp) { wp_viewport_set_destination(vp, 6, 6); });
    expect_surface(c, t->surface, 6, 6, [](int32_t x, int32_t y) { return unique(x / 3, y / 2); });
}

TEST_F(ViewporterTest, crop_and_scale_magnify_the_source_rectangle) {
    TestClient& c = connect();
    auto b = unique_buffer(c, 8, 8);
    auto t = show(c, *b, [](wl_surface*, wp_viewport* vp) {
        wp_viewport_set_source(vp, fx(3), fx(1), fx(2), fx(3));
        wp_viewport_set_destination(vp, 8, 3); // ×4 across, ×1 down
    });
    expect_surface(c, t->surface, 8, 3, [](int32_t x, int32_t y) { return unique(3 + x / 4, 1 + y); });
}

TEST_F(ViewporterTest, source_is_in_surface_coordinates_after_buffer_transform_and_scale) {
    TestClient& c = connect();
    // 4×6 buffer, scale 2, transform 90: a 3×2 surface before the viewport.
    // Its point (u, v), in buffer pixels, is buffer pixel (v, 6 − 1 − u)
    // (90: the buffer was rotated counter-clockwise, we rotate it back).
    // Source (0.5, 0.5) 1×1 is buffer-pixel surface points 1..3 on both
    // axes; destination 2×2 shows them one output pixel each.
    auto b = unique_buffer(c, 4, 6);
    auto t = show(c, *b, [](wl_surface* s, wp_viewport* vp) {
        wl_surface_set_buffer_scale(s, 2);
        wl_surface_set_buffer_transform(s, WL_OUTPUT_TRANSFORM_90);
        wp_viewport_set_source(vp, fx(0.5), fx(0.5), fx(1), fx(1));
        wp_viewport_set_destination(vp, 2, 2);
    });
    expect_surface(c, t->surface, 2, 2, [](int32_t x, int32_t y) { return unique(1 + y, 6 - 1 - (1 + x)); });
}

TEST_F(ViewporterTest, flipped_180_with_scale_and_destination) {
    TestClient& c = connect();
    // 6×4 buffer, scale 2, flipped-180: a 3×2 surface, the buffer mirrored
    // top to bottom: surface point (u, v) in buffer pixels is buffer pixel
    // (u, 4 − 1 − v). Source (1, 0) 2×2 = buffer-pixel points 2..6 × 0..4,
    // destination 8×8: two output pixels per buffer pixel.
    auto b = unique_buffer(c, 6, 4);
    auto t = show(c, *b, [](wl_surface* s, wp_viewport* vp) {
        wl_surface_set_buffer_scale(s, 2);
        wl_surface_set_buffer_transform(s, WL_OUTPUT_TRANSFORM_FLIPPED_180);
        wp_viewport_set_source(vp, fx(1), fx(0), fx(2), fx(2));
        wp_viewport_set_destination(vp, 8, 8);
    });
    expect_surface(c, t->surface, 8, 8, [](int32_t x, int32_t y) { return unique(2 + x / 2, 4 - 1 - y / 2); });
}

TEST_F(ViewporterTest, fractional_scale_is_filtered_bilinearly_with_exact_edges) {
    TestClient& c = connect();
    // Two pixels stretched to three: NEAREST would repeat one of them; the
    // bilinear filter gives the middle pixel half of each, and (the edges
    // padded) the outer pixels their own colour exactly.
    auto b = c.make_buffer(2, 1, WL_SHM_FORMAT_XRGB8888);
    reinterpret_cast<uint32_t*>(b->row(0))[0] = 0xffff0000;
    reinterpret_cast<uint32_t*>(b->row(0))[1] = 0xff0000ff;
    auto t = show(c, *b, [](wl_surface*, wp_viewport* vp) { wp_viewport_set_destination(vp, 3, 1); });
    auto [x, y] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), x, y), 0xffff0000u);
    EXPECT_EQ(pixel_at(out.get(), x + 2, y), 0xff0000ffu);
    const uint32_t mid = pixel_at(out.get(), x + 1, y);
    EXPECT_NEAR(double((mid >> 16) & 0xff), 127.5, 2) << std::hex << mid;
    EXPECT_NEAR(double(mid & 0xff), 127.5, 2) << std::hex << mid;
    EXPECT_EQ((mid >> 8) & 0xff, 0u) << std::hex << mid;
}

TEST_F(ViewporterTest, damage_of_a_cropped_and_scaled_buffer_lands_on_the_surface) {
    TestClient& c = connect();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff000080);
    // Source: the buffer's right half, top half (10..20 × 0..10), shown ×2.
    auto t = show(c, *b, [](wl_surface*, wp_viewport* vp) {
        wp_viewport_set_source(vp, fx(10), fx(0), fx(10), fx(10));
        wp_viewport_set_destination(vp, 20, 20);
    });
    // History: damage elsewhere, so only this commit's damage is repainted.
    for (int i = 0; i < 6; ++i) {
        wl_surface_damage_buffer(t->surface, 19, 9, 1, 1);
        ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    }
    // Repaint the whole buffer but damage only buffer 12..14 × 2..4: surface
    // 4..8 × 4..8. Without the crop it would be surface 24..28 (nothing
    // shown); without the scale, 2..4.
    b->fill(0xff808000);
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    wl_surface_damage_buffer(t->surface, 12, 2, 2, 2);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    auto [x, y] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), x + 4, y + 4), 0xff808000u);
    EXPECT_EQ(pixel_at(out.get(), x + 7, y + 7), 0xff808000u);
    EXPECT_EQ(pixel_at(out.get(), x + 3, y + 4), 0xff000080u);
    EXPECT_EQ(pixel_at(out.get(), x + 8, y + 7), 0xff000080u);
    EXPECT_EQ(pixel_at(out.get(), x + 2, y + 2), 0xff000080u);
    EXPECT_EQ(pixel_at(out.get(), x + 15, y + 15), 0xff000080u);
}

TEST_F(ViewporterTest, input_and_opaque_areas_follow_the_destination_size) {
    TestClient& c = connect();
    auto b = c.make_buffer(10, 10, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff00ff00);
    auto t = show(c, *b, [](wl_surface*, wp_viewport* vp) { wp_viewport_set_destination(vp, 50, 30); });
    const Surface* s = c.server_surface(t->surface);
    EXPECT_TRUE(s->accepts_input(49, 29));
    EXPECT_FALSE(s->accepts_input(50, 29));
    EXPECT_FALSE(s->accepts_input(10, 30));
    // An opaque format: opaque where the (scaled) buffer is, the whole surface.
    EXPECT_EQ(s->opaque_region(), Region(Box{0, 0, 50, 30}));
    // The pointer finds it where only the scaled surface is.
    auto [x, y] = surface_origin(c, t->surface);
    auto pointer = c.get_pointer();
    ASSERT_TRUE(c.roundtrip());
    server->seat().pointer_warp(x + 45, y + 25, 1);
    ASSERT_TRUE(c.dispatch_until([&] { return pointer->focus == t->surface; }));
    EXPECT_DOUBLE_EQ(pointer->last(PointerEvent::Enter)->x, 45);
}

TEST_F(ViewporterTest, synchronized_subsurface_keeps_its_viewport_until_the_parent_commits) {
    TestClient& c = connect();
    Window parent = map_window(c, 64, 64, kGrey);
    wl_surface* child = wl_compositor_create_surface(c.compositor);
    wl_subsurface* sub = wl_subcompositor_get_subsurface(c.subcompositor, child, parent.surface());
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), child);
    auto b = c.make_buffer(4, 4, WL_SHM_FORMAT_XRGB8888);
    b->fill(kRed);
    c.commit_buffer(child, *b);
    wl_surface_commit(parent.surface());
    ASSERT_TRUE(c.roundtrip());
    const Surface* s = c.server_surface(child);
    ASSERT_EQ(s->width(), 4);

    wp_viewport_set_destination(vp, 16, 12);
    wl_surface_commit(child);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(s->width(), 4) << "applied before the parent's commit";
    wl_surface_commit(parent.surface());
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(s->width(), 16);
    EXPECT_EQ(s->height(), 12);

    // Destroying the viewport removes the scale on the next (applied) commit.
    wp_viewport_destroy(vp);
    wl_surface_commit(child);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(s->width(), 16);
    wl_surface_commit(parent.surface());
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(s->width(), 4);
    wl_subsurface_destroy(sub);
}

TEST_F(ViewporterTest, unset_values_and_a_null_buffer_are_fine) {
    TestClient& c = connect();
    auto b = unique_buffer(c, 4, 4);
    auto t = show(c, *b, [](wl_surface*, wp_viewport* vp) {
        wp_viewport_set_source(vp, fx(1), fx(1), fx(2), fx(2));
        wp_viewport_set_source(vp, fx(-1), fx(-1), fx(-1), fx(-1));
        wp_viewport_set_destination(vp, 3, 3);
        wp_viewport_set_destination(vp, -1, -1);
    });
    EXPECT_EQ(c.server_surface(t->surface)->width(), 4);
    // A source outside a NULL buffer is no error (viewporter.xml).
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), wl_compositor_create_surface(c.compositor));
    wp_viewport_set_source(vp, fx(100), fx(100), fx(5), fx(5));
    wp_viewport_set_destination(vp, 7, 7);
    EXPECT_TRUE(c.roundtrip());
    EXPECT_FALSE(c.has_error());
}

// --- errors ----------------------------------------------------------------

TEST_F(ViewporterTest, negative_source_origin_is_bad_value) {
    TestClient& c = connect();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), wl_compositor_create_surface(c.compositor));
    EXPECT_PROTOCOL_ERROR(c, wp_viewport_set_source(vp, fx(-0.5), fx(0), fx(2), fx(2)), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_BAD_VALUE);
    expect_message("source rectangle -0.500,0.000 2.000×2.000");
}

TEST_F(ViewporterTest, zero_source_size_is_bad_value) {
    TestClient& c = connect();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), wl_compositor_create_surface(c.compositor));
    EXPECT_PROTOCOL_ERROR(c, wp_viewport_set_source(vp, fx(0), fx(0), fx(0), fx(2)), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_BAD_VALUE);
    expect_message("0.000×2.000");
}

TEST_F(ViewporterTest, partly_unset_source_is_bad_value) {
    TestClient& c = connect();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), wl_compositor_create_surface(c.compositor));
    EXPECT_PROTOCOL_ERROR(c, wp_viewport_set_source(vp, fx(-1), fx(-1), fx(-1), fx(2)), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_BAD_VALUE);
}

TEST_F(ViewporterTest, zero_or_half_unset_destination_is_bad_value) {
    TestClient& c = connect();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), wl_compositor_create_surface(c.compositor));
    EXPECT_PROTOCOL_ERROR(c, wp_viewport_set_destination(vp, 0, 5), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_BAD_VALUE);
    expect_message("destination size 0×5");
    TestClient& d = connect();
    vp = wp_viewporter_get_viewport(viewporter(d), wl_compositor_create_surface(d.compositor));
    EXPECT_PROTOCOL_ERROR(d, wp_viewport_set_destination(vp, -1, 5), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_BAD_VALUE);
}

TEST_F(ViewporterTest, fractional_source_size_without_destination_is_bad_size_at_commit) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), t->surface);
    wp_viewport_set_source(vp, fx(0), fx(0), fx(1.5), fx(2));
    ASSERT_TRUE(c.roundtrip()) << "bad_size is raised when the state is applied, not at set_source";
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &wp_viewport_interface, WP_VIEWPORT_ERROR_BAD_SIZE);
    expect_message("source size 1.500×2.000");
}

TEST_F(ViewporterTest, fractional_source_size_with_a_destination_is_fine) {
    TestClient& c = connect();
    auto b = unique_buffer(c, 4, 4);
    auto t = show(c, *b, [](wl_surface*, wp_viewport* vp) {
        wp_viewport_set_source(vp, fx(0.5), fx(0.5), fx(1.5), fx(2.25));
        wp_viewport_set_destination(vp, 3, 3);
    });
    EXPECT_FALSE(c.has_error());
    EXPECT_EQ(c.server_surface(t->surface)->width(), 3);
}

TEST_F(ViewporterTest, source_outside_the_buffer_is_out_of_buffer_at_commit) {
    TestClient& c = connect();
    auto b = c.make_buffer(10, 10, WL_SHM_FORMAT_XRGB8888);
    auto t = c.make_toplevel();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), t->surface);
    wp_viewport_set_source(vp, fx(5), fx(5), fx(6), fx(1));
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_OUT_OF_BUFFER);
    expect_message("source rectangle 5.000,5.000 6.000×1.000 is outside the 10×10 surface");
}

TEST_F(ViewporterTest, out_of_buffer_counts_the_buffer_scale_and_transform) {
    TestClient& c = connect();
    // 20×10 buffer, scale 2, transform 90: a 5×10 surface; a 6-wide source
    // fits the buffer but not the surface.
    auto b = c.make_buffer(20, 10, WL_SHM_FORMAT_XRGB8888);
    auto t = c.make_toplevel();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), t->surface);
    wl_surface_set_buffer_scale(t->surface, 2);
    wl_surface_set_buffer_transform(t->surface, WL_OUTPUT_TRANSFORM_90);
    wp_viewport_set_source(vp, fx(0), fx(0), fx(6), fx(1));
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_OUT_OF_BUFFER);
    expect_message("outside the 5×10 surface the 20×10 buffer gives (buffer scale 2, transform 1)");
}

TEST_F(ViewporterTest, a_new_buffer_too_small_for_the_source_is_out_of_buffer) {
    TestClient& c = connect();
    auto big = unique_buffer(c, 8, 8);
    auto t = show(c, *big, [](wl_surface*, wp_viewport* vp) { wp_viewport_set_source(vp, fx(4), fx(4), fx(4), fx(4)); });
    auto small = c.make_buffer(6, 6, WL_SHM_FORMAT_XRGB8888);
    wl_surface_attach(t->surface, small->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_OUT_OF_BUFFER);
}

TEST_F(ViewporterTest, requests_after_the_surface_is_destroyed_are_no_surface) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), s);
    wl_surface_destroy(s);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_PROTOCOL_ERROR(c, wp_viewport_set_destination(vp, 4, 4), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_NO_SURFACE);
    expect_message("set_destination after its wl_surface was destroyed");
}

TEST_F(ViewporterTest, destroy_after_the_surface_is_fine) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), s);
    wl_surface_destroy(s);
    wp_viewport_destroy(vp);
    EXPECT_TRUE(c.roundtrip());
}

TEST_F(ViewporterTest, a_second_viewport_is_viewport_exists) {
    TestClient& c = connect();
    wp_viewporter* v = viewporter(c);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    wp_viewporter_get_viewport(v, s);
    EXPECT_PROTOCOL_ERROR(c, wp_viewporter_get_viewport(v, s), &wp_viewporter_interface,
                          WP_VIEWPORTER_ERROR_VIEWPORT_EXISTS);
    expect_message("already has a wp_viewport");
}

TEST_F(ViewporterTest, a_new_viewport_after_the_old_one_is_destroyed_is_fine) {
    TestClient& c = connect();
    wp_viewporter* v = viewporter(c);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    wp_viewport_destroy(wp_viewporter_get_viewport(v, s));
    wp_viewporter_get_viewport(v, s);
    EXPECT_TRUE(c.roundtrip());
}

// --- wp_single_pixel_buffer_manager_v1 ---------------------------------------

class SinglePixelBufferTest : public ViewporterTest {
protected:
    wl_buffer* single_pixel(TestClient& c, uint32_t r, uint32_t g, uint32_t b, uint32_t a) {
        auto* m = bind_global<wp_single_pixel_buffer_manager_v1>(c, &wp_single_pixel_buffer_manager_v1_interface, 1);
        EXPECT_NE(m, nullptr) << "no wp_single_pixel_buffer_manager_v1 global";
        return wp_single_pixel_buffer_manager_v1_create_u32_rgba_buffer(m, r, g, b, a);
    }
    // A subsurface of `parent` at (x, y) showing `buffer` at w×h through a viewport.
    wl_surface* solid_child(TestClient& c, wl_surface* parent, wl_buffer* buffer, int32_t x, int32_t y, int32_t w,
                            int32_t h) {
        wl_surface* child = wl_compositor_create_surface(c.compositor);
        wl_subsurface* sub = wl_subcompositor_get_subsurface(c.subcompositor, child, parent);
        wl_subsurface_set_position(sub, x, y);
        wp_viewport_set_destination(wp_viewporter_get_viewport(viewporter(c), child), w, h);
        wl_surface_attach(child, buffer, 0, 0);
        wl_surface_damage_buffer(child, 0, 0, 1, 1);
        wl_surface_commit(child);
        return child;
    }
};

TEST_F(SinglePixelBufferTest, a_scaled_single_pixel_buffer_fills_its_destination_with_the_exact_colour) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    // 32-bit channels: 0x33333333 is 0x33 in 8 bits, exactly.
    wl_buffer* b = single_pixel(c, 0x33333333, 0x99999999, 0xcccccccc, 0xffffffff);
    wp_viewport_set_destination(wp_viewporter_get_viewport(viewporter(c), t->surface), 37, 23);
    wl_surface_attach(t->surface, b, 0, 0);
    wl_surface_damage_buffer(t->surface, 0, 0, 1, 1);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    expect_surface(c, t->surface, 37, 23, [](int32_t, int32_t) { return 0xff3399ccu; });
    // An opaque colour: the whole surface is opaque.
    EXPECT_EQ(c.server_surface(t->surface)->opaque_region(), Region(Box{0, 0, 37, 23}));
}

TEST_F(SinglePixelBufferTest, without_a_viewport_it_is_one_pixel) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    wl_surface_attach(t->surface, single_pixel(c, 0, 0, 0xffffffff, 0xffffffff), 0, 0);
    wl_surface_damage_buffer(t->surface, 0, 0, 1, 1);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    expect_surface(c, t->surface, 1, 1, [](int32_t, int32_t) { return 0xff0000ffu; });
}

TEST_F(SinglePixelBufferTest, a_translucent_colour_is_composited_with_over) {
    TestClient& c = connect();
    Window w = map_window(c, 64, 64, kRed); // 0xffcc0000
    // Premultiplied half-transparent blue: (0, 0, 0.5, 0.5) over red gives
    // (0.8 × 0.5, 0, 0.5) = 0x66, 0, 0x80 (±1 for pixman's rounding).
    wl_buffer* b = single_pixel(c, 0, 0, 0x80000000, 0x80000000);
    wl_surface* child = solid_child(c, w.surface(), b, 8, 8, 20, 10);
    wl_surface_commit(w.surface());
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    EXPECT_FALSE(c.server_surface(child)->buffer()->opaque());
    EXPECT_TRUE(c.server_surface(child)->opaque_region().empty());
    auto [x, y] = surface_origin(c, w.surface());
    PixmanImage out = output_pixels();
    for (auto [px, py] : {std::pair<int, int>{8, 8}, {27, 17}, {15, 12}}) {
        const uint32_t p = pixel_at(out.get(), x + px, y + py);
        EXPECT_NEAR(double((p >> 16) & 0xff), 0x66, 1) << std::hex << p;
        EXPECT_EQ((p >> 8) & 0xff, 0u) << std::hex << p;
        EXPECT_NEAR(double(p & 0xff), 0x80, 1) << std::hex << p;
    }
    EXPECT_EQ(pixel_at(out.get(), x + 28, y + 8), kRed);
    EXPECT_EQ(pixel_at(out.get(), x + 8, y + 18), kRed);
}

TEST_F(SinglePixelBufferTest, destroying_a_shown_single_pixel_buffer_keeps_its_colour) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    wl_buffer* b = single_pixel(c, 0xffffffff, 0, 0, 0xffffffff);
    wp_viewport_set_destination(wp_viewporter_get_viewport(viewporter(c), t->surface), 10, 10);
    wl_surface_attach(t->surface, b, 0, 0);
    wl_surface_damage_buffer(t->surface, 0, 0, 1, 1);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    wl_buffer_destroy(b);
    wl_surface_damage(t->surface, 0, 0, 10, 10);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    expect_surface(c, t->surface, 10, 10, [](int32_t, int32_t) { return 0xffff0000u; });
}

TEST_F(SinglePixelBufferTest, buffer_scale_2_is_invalid_size_for_a_1x1_buffer) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    wl_surface_set_buffer_scale(t->surface, 2);
    wl_surface_attach(t->surface, single_pixel(c, 0, 0, 0, 0xffffffff), 0, 0);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &wl_surface_interface, WL_SURFACE_ERROR_INVALID_SIZE);
    expect_message("buffer size 1×1 is not a multiple of buffer scale 2");
}

TEST_F(SinglePixelBufferTest, a_source_past_the_single_pixel_is_out_of_buffer) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter(c), t->surface);
    wp_viewport_set_source(vp, fx(0), fx(0), fx(2), fx(1));
    wl_surface_attach(t->surface, single_pixel(c, 0, 0, 0, 0xffffffff), 0, 0);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &wp_viewport_interface,
                          WP_VIEWPORT_ERROR_OUT_OF_BUFFER);
}

} // namespace
} // namespace shoji::test
