// Direct scanout on the headless output: a fullscreen opaque shm buffer that
// covers the output exactly, with nothing else on it, is committed as the
// output's content with no composite (Output::frames_direct counts those
// frames), and anything else visible makes the output composite again. The
// client's pixels are still read only inside the ShmAccess guard (a truncated
// pool is the client's error, not our crash), its release waits until the
// output shows something else, and snapshots and --damage-frames pictures of
// a direct frame hold the client's pixels.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "observe/damage_frames.hpp"
#include "output/output.hpp"
#include "seat/wl_seat.hpp"
#include "util/png.hpp"
#include "viewporter-client-protocol.h"
#include "wlr.hpp"

namespace shoji::test {
namespace {

constexpr int32_t kW = 320, kH = 240; // ShojiTest's output

// A pattern no two neighbouring pixels share, so a shifted or scaled copy
// shows.
uint32_t pattern(int32_t x, int32_t y, uint32_t seed) {
    return 0xff000000u | (uint32_t(x * 255 / (kW - 1)) << 16) | (uint32_t(y * 255 / (kH - 1)) << 8) |
           ((uint32_t(x ^ y) + seed) & 0xff);
}

void paint(Buffer& b, uint32_t seed) {
    b.fill_with([seed](int32_t x, int32_t y) { return pattern(x, y, seed); });
}

// Counts the pixels of `image` (the output's size) that differ from the
// pattern; alpha is not compared (an XRGB pixel's top byte means nothing).
int64_t differences(pixman_image_t* image, uint32_t seed) {
    int64_t n = 0;
    for (int32_t y = 0; y < kH; ++y)
        for (int32_t x = 0; x < kW; ++x)
            if ((pixel_at(image, x, y) & 0xffffff) != (pattern(x, y, seed) & 0xffffff)) ++n;
    return n;
}

class DirectScanoutTest : public ShojiTest {
protected:
    Output& out() const { return *server->output(); }

    // A fullscreen window showing the pattern in a buffer of `format`, and
    // waits until it is shown.
    Window fullscreen(TestClient& c, uint32_t format = WL_SHM_FORMAT_XRGB8888, uint32_t seed = 0) {
        Window w;
        w.toplevel = c.make_toplevel();
        xdg_toplevel_set_fullscreen(w.toplevel->toplevel, nullptr);
        const int before = w.toplevel->configures;
        EXPECT_TRUE(c.dispatch_until([&] { return w.toplevel->configures > before; }));
        EXPECT_EQ(w.toplevel->configured_width, kW);
        EXPECT_EQ(w.toplevel->configured_height, kH);
        c.ack(*w.toplevel);
        w.buffer = c.make_buffer(kW, kH, format);
        paint(*w.buffer, seed);
        c.commit_buffer(w.surface(), *w.buffer);
        EXPECT_TRUE(c.commit_and_wait_frame(w.surface()));
        return w;
    }
    // Commits `b` (all of it damaged) and waits for its frame; returns how
    // many of the frames since were direct.
    uint64_t show(TestClient& c, wl_surface* s, Buffer& b) {
        const uint64_t direct = out().frames_direct();
        c.commit_buffer(s, b);
        EXPECT_TRUE(c.commit_and_wait_frame(s));
        return out().frames_direct() - direct;
    }
};

TEST_F(DirectScanoutTest, a_fullscreen_opaque_buffer_is_shown_with_no_composite) {
    TestClient& c = connect();
    Window w = fullscreen(c);
    EXPECT_GE(out().frames_direct(), 1u) << "the first frame of a fullscreen window is direct";
    EXPECT_EQ(out().last_render().surfaces_drawn, 0) << "a direct frame reads nothing";
    EXPECT_EQ(out().last_render().pixels_drawn, 0);
    // Frame after frame, with new content each time.
    for (uint32_t seed = 1; seed <= 3; ++seed) {
        paint(*w.buffer, seed);
        EXPECT_EQ(show(c, w.surface(), *w.buffer), 1u) << "seed " << seed;
        PixmanImage shown = output_pixels();
        ASSERT_TRUE(shown);
        EXPECT_EQ(differences(shown.get(), seed), 0) << "Output::read_pixels of a direct frame";
        PixmanImage snapshot = server->snapshot();
        ASSERT_TRUE(snapshot);
        EXPECT_EQ(differences(snapshot.get(), seed), 0) << "Server::snapshot of a direct frame";
    }
}

TEST_F(DirectScanoutTest, an_argb_buffer_is_direct_only_with_an_opaque_region_over_all_of_it) {
    TestClient& c = connect();
    Window w = fullscreen(c, WL_SHM_FORMAT_ARGB8888);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 0u) << "a buffer with alpha and no opaque region is blended";
    EXPECT_EQ(differences(output_pixels().get(), 0), 0);
    wl_region* all = wl_compositor_create_region(c.compositor);
    wl_region_add(all, 0, 0, kW, kH);
    wl_surface_set_opaque_region(w.surface(), all);
    wl_region_destroy(all);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 1u) << "opaque all over, as the scene sees it";
    EXPECT_EQ(differences(output_pixels().get(), 0), 0);
    // An opaque region short of one pixel column: the background shows there.
    wl_region* most = wl_compositor_create_region(c.compositor);
    wl_region_add(most, 0, 0, kW - 1, kH);
    wl_surface_set_opaque_region(w.surface(), most);
    wl_region_destroy(most);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 0u);
}

TEST_F(DirectScanoutTest, anything_else_on_the_output_makes_it_composite) {
    TestClient& c = connect();
    Window w = fullscreen(c);
    ASSERT_EQ(show(c, w.surface(), *w.buffer), 1u);

    // A second window (on top: it is newer).
    TestClient& other = connect();
    Window small = map_window(other, 40, 30, kRed);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 0u) << "two windows on the output";
    PixmanImage both = output_pixels();
    EXPECT_EQ(pixel_at(both.get(), small.x + 5, small.y + 5), kRed);
    EXPECT_EQ(differences(both.get(), 0), 40 * 30) << "the fullscreen window around the small one";
    // It goes: direct again, and the pixels where it was are the client's.
    xdg_toplevel_destroy(small.toplevel->toplevel);
    small.toplevel->toplevel = nullptr;
    xdg_surface_destroy(small.toplevel->xdg);
    small.toplevel->xdg = nullptr;
    wl_surface_destroy(small.toplevel->surface);
    small.toplevel->surface = nullptr;
    // Its going damages the output; that repaint is a direct frame of its
    // own, so wait for it before counting the next one.
    repaint(other);
    paint(*w.buffer, 7);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 1u);
    EXPECT_EQ(differences(output_pixels().get(), 7), 0);
    // Back to compositing: the canvas was not drawn during the direct
    // frames; what they showed is repainted with this frame.
    Window again = map_window(other, 20, 20, kBlue);
    PixmanImage mixed = output_pixels();
    EXPECT_EQ(pixel_at(mixed.get(), again.x + 5, again.y + 5), kBlue);
    EXPECT_EQ(differences(mixed.get(), 7), 20 * 20);
}

// What screencopy does from a frame's copy request until it is done (it reads
// the rendered buffer, and an attached one would give it none): the output
// composites while the lock is held.
TEST_F(DirectScanoutTest, the_attach_render_lock_of_a_waiting_screencopy_makes_it_composite) {
    TestClient& c = connect();
    Window w = fullscreen(c);
    ASSERT_EQ(show(c, w.surface(), *w.buffer), 1u);
    wlr_output_lock_attach_render(out().wlr(), true);
    paint(*w.buffer, 4);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 0u);
    EXPECT_EQ(out().last_render().surfaces_drawn, 1);
    EXPECT_EQ(differences(output_pixels().get(), 4), 0);
    wlr_output_lock_attach_render(out().wlr(), false);
    paint(*w.buffer, 6);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 1u);
    EXPECT_EQ(differences(output_pixels().get(), 6), 0);
}

TEST_F(DirectScanoutTest, a_subsurface_makes_it_composite) {
    TestClient& c = connect();
    Window w = fullscreen(c);
    ASSERT_EQ(show(c, w.surface(), *w.buffer), 1u);
    wl_surface* child = wl_compositor_create_surface(c.compositor);
    wl_subsurface* sub = wl_subcompositor_get_subsurface(c.subcompositor, child, w.surface());
    wl_subsurface_set_position(sub, 10, 10);
    wl_subsurface_set_desync(sub);
    auto b = c.make_buffer(16, 16, WL_SHM_FORMAT_XRGB8888);
    b->fill(kGreen);
    c.commit_buffer(child, *b);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 0u);
    EXPECT_EQ(pixel_at(output_pixels().get(), 15, 15), kGreen);
    EXPECT_EQ(differences(output_pixels().get(), 0), 16 * 16);
    wl_subsurface_destroy(sub);
    wl_surface_destroy(child);
}

TEST_F(DirectScanoutTest, a_cursor_image_makes_it_composite_and_hiding_it_is_direct_again) {
    TestClient& c = connect();
    auto ptr = c.get_pointer();
    Window w = fullscreen(c);
    ASSERT_EQ(show(c, w.surface(), *w.buffer), 1u);
    server->seat().pointer_warp(100, 80, 1);
    ASSERT_TRUE(c.dispatch_until([&] { return ptr->focus == w.surface(); }));
    wl_surface* cursor = wl_compositor_create_surface(c.compositor);
    auto image = c.make_buffer(8, 8, WL_SHM_FORMAT_XRGB8888);
    image->fill(kGreen);
    wl_pointer_set_cursor(ptr->pointer, ptr->enter_serial, cursor, 0, 0);
    c.commit_buffer(cursor, *image);
    paint(*w.buffer, 2);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 0u) << "we draw the cursor image: composited";
    EXPECT_EQ(pixel(103, 83), kGreen);
    EXPECT_EQ(differences(output_pixels().get(), 2), 8 * 8);
    wl_pointer_set_cursor(ptr->pointer, ptr->enter_serial, nullptr, 0, 0);
    EXPECT_EQ(show(c, w.surface(), *w.buffer), 1u) << "no cursor image: direct again";
    EXPECT_EQ(differences(output_pixels().get(), 2), 0);
    wl_surface_destroy(cursor);
}

TEST_F(DirectScanoutTest, a_viewport_that_scales_makes_it_composite) {
    TestClient& c = connect();
    Window w = fullscreen(c);
    // A half-size buffer scaled up to the output: composited, every pixel
    // doubled.
    auto* viewporter = bind_global<wp_viewporter>(c, &wp_viewporter_interface, 1);
    ASSERT_NE(viewporter, nullptr);
    wp_viewport* vp = wp_viewporter_get_viewport(viewporter, w.surface());
    wp_viewport_set_destination(vp, kW, kH);
    auto half = c.make_buffer(kW / 2, kH / 2, WL_SHM_FORMAT_XRGB8888);
    half->fill(kBlue);
    half->fill_rect(0, 0, 1, 1, kRed);
    EXPECT_EQ(show(c, w.surface(), *half), 0u);
    EXPECT_EQ(pixel_at(output_pixels().get(), 1, 1), kRed);
    EXPECT_EQ(pixel_at(output_pixels().get(), 2, 2), kBlue);
    wp_viewport_destroy(vp);
    wp_viewporter_destroy(viewporter);
}

TEST_F(DirectScanoutTest, a_buffer_is_released_only_once_the_output_shows_another) {
    TestClient& c = connect();
    Window w = fullscreen(c);
    ASSERT_EQ(show(c, w.surface(), *w.buffer), 1u);
    Buffer& a = *w.buffer;
    auto b = c.make_buffer(kW, kH, WL_SHM_FORMAT_XRGB8888);
    paint(*b, 5);
    a.released = false;
    // The output at 1 Hz for a moment, and a frame drawn (A again, direct):
    // a commit made after it waits for the tick a second later, so there is
    // a time when B is committed and A still on screen.
    wlr_output_update_custom_mode(out().wlr(), kW, kH, 1000);
    ASSERT_GE(show(c, w.surface(), a), 1u);
    a.released = false;
    const uint64_t frames_before = out().frames_rendered();
    // B replaces A on the surface, but A is on screen until a frame shows B.
    c.commit_buffer(w.surface(), *b);
    int frames = 0;
    c.request_frame(w.surface(), &frames);
    wl_surface_commit(w.surface());
    ASSERT_TRUE(c.roundtrip());
    ASSERT_EQ(out().frames_rendered(), frames_before) << "drawn before the tick (a roundtrip took a second?)";
    EXPECT_FALSE(a.released) << "released while the output still shows it";
    ASSERT_TRUE(c.dispatch_until([&] { return frames > 0; }));
    EXPECT_GT(out().frames_rendered(), frames_before);
    EXPECT_TRUE(a.released) << "not released once the output showed the next buffer";
    EXPECT_FALSE(b->released) << "the buffer on screen";
    EXPECT_EQ(differences(output_pixels().get(), 5), 0);
    wlr_output_update_custom_mode(out().wlr(), kW, kH, 1000 * 1000); // the fixture's 1000 Hz again
    // Compositing again (another window): B stays attached, so no release;
    // the output lets go of its own hold on it.
    TestClient& other = connect();
    map_window(other, 10, 10, kRed);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(b->released);
    // A goes back on the surface, composited: B is released at that commit,
    // as any replaced buffer is when nothing shows it directly.
    paint(a, 9);
    EXPECT_EQ(show(c, w.surface(), a), 0u);
    EXPECT_TRUE(b->released);
}

TEST_F(DirectScanoutTest, a_surface_destroyed_while_shown_directly_releases_after_the_next_frame) {
    TestClient& c = connect();
    Window w = fullscreen(c);
    ASSERT_EQ(show(c, w.surface(), *w.buffer), 1u);
    w.buffer->released = false;
    const uint64_t frames = out().frames_rendered();
    xdg_toplevel_destroy(w.toplevel->toplevel);
    w.toplevel->toplevel = nullptr;
    xdg_surface_destroy(w.toplevel->xdg);
    w.toplevel->xdg = nullptr;
    wl_surface_destroy(w.toplevel->surface);
    w.toplevel->surface = nullptr;
    ASSERT_TRUE(c.dispatch_until([&] { return w.buffer->released; }));
    EXPECT_GT(out().frames_rendered(), frames) << "released before the output stopped showing it";
    EXPECT_EQ(pixel_at(output_pixels().get(), 10, 10), background());
}

// Hole 2 while shown directly: the wl_buffer (and libwayland's wl_shm_buffer)
// goes, the surface keeps the copy made from the destroy listener, and the
// output shows that copy from then on, composited.
TEST_F(DirectScanoutTest, a_buffer_destroyed_while_shown_directly_keeps_its_pixels) {
    TestClient& c = connect();
    Window w = fullscreen(c, WL_SHM_FORMAT_XRGB8888, 3);
    ASSERT_EQ(show(c, w.surface(), *w.buffer), 1u);
    wl_buffer_destroy(w.buffer->buffer);
    w.buffer->buffer = nullptr;
    ASSERT_TRUE(c.roundtrip());
    PixmanImage snapshot = server->snapshot();
    ASSERT_TRUE(snapshot);
    EXPECT_EQ(differences(snapshot.get(), 3), 0) << "the snapshot after the buffer went";
    // The next frame cannot be direct (no client buffer): the kept pixels
    // are composited, where the direct frames showed them.
    const uint64_t direct = out().frames_direct();
    int frames = 0;
    c.request_frame(w.surface(), &frames);
    wl_surface_damage(w.surface(), 0, 0, kW, kH);
    wl_surface_commit(w.surface());
    ASSERT_TRUE(c.dispatch_until([&] { return frames > 0; }));
    EXPECT_EQ(out().frames_direct(), direct);
    EXPECT_EQ(differences(output_pixels().get(), 3), 0);
    EXPECT_FALSE(c.has_error());
}

TEST_F(DirectScanoutTest, a_pool_truncated_while_shown_directly_is_the_clients_error) {
    TestClient& bad = connect();
    Window w = fullscreen(bad);
    ASSERT_EQ(show(bad, w.surface(), *w.buffer), 1u);
    ASSERT_EQ(ftruncate(w.buffer->pool->fd, 0), 0);
    // A direct frame reads nothing; the next read of the client's memory (a
    // snapshot, through the guard) faults, and the client gets invalid_fd.
    wl_surface_damage_buffer(w.surface(), 0, 0, kW, kH);
    wl_surface_commit(w.surface());
    ASSERT_TRUE(bad.roundtrip());
    for (int i = 0; i < 2000 && out().has_pending_damage(); ++i) server->dispatch(1);
    (void)server->snapshot();
    TestClient& watcher = connect();
    ASSERT_TRUE(watcher.dispatch_until([&] { return bad.disconnected(); }, 2000)) << "hostile client not disconnected";
    bad.iterate(0);
    const wl_interface* iface = nullptr;
    EXPECT_EQ(bad.error_code(&iface), uint32_t(WL_SHM_ERROR_INVALID_FD));
    ASSERT_NE(iface, nullptr);
    EXPECT_STREQ(iface->name, "wl_buffer");
    expect_newcomer_maps();
}

class DirectDamageFramesTest : public DirectScanoutTest {
protected:
    void SetUp() override {
        DirectScanoutTest::SetUp();
        char tmpl[] = "/tmp/shoji-direct-frames-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir = tmpl;
        frames = std::make_unique<DamageFrames>(*server, dir);
    }
    void TearDown() override {
        frames.reset();
        std::filesystem::remove_all(dir);
        DirectScanoutTest::TearDown();
    }
    std::string dir;
    std::unique_ptr<DamageFrames> frames;
};

TEST_F(DirectDamageFramesTest, a_direct_frame_is_pictured_as_the_clients_pixels_copied) {
    TestClient& c = connect();
    Window w = fullscreen(c);
    // Damage one box: the picture tints it as copied (SRC) damage, and shows
    // the client's pixels elsewhere.
    wl_surface_attach(w.surface(), w.buffer->buffer, 0, 0);
    wl_surface_damage_buffer(w.surface(), 0, 0, 50, 40);
    ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    ASSERT_GE(out().frames_direct(), 2u);
    char name[32];
    std::snprintf(name, sizeof name, "/frame-%05llu.png", (unsigned long long)frames->written());
    std::string error;
    PixmanImage picture = read_png(dir + name, &error);
    ASSERT_TRUE(picture) << error;
    // DamageFrames' picture: each pixel a quarter of the shown one plus
    // three quarters of its class colour (none outside the repaint).
    auto tinted = [](uint32_t pixel, uint32_t colour) {
        uint32_t out = 0;
        for (int shift = 0; shift < 24; shift += 8)
            out |= ((((pixel >> shift) & 0xff) + 3 * ((colour >> shift) & 0xff)) / 4) << shift;
        return out;
    };
    int64_t wrong_inside = 0, wrong_outside = 0;
    for (int32_t y = 0; y < kH; ++y)
        for (int32_t x = 0; x < kW; ++x) {
            const bool damaged = x < 50 && y < 40;
            const uint32_t want = tinted(pattern(x, y, 0), damaged ? DamageFrames::kDamageSrc : 0);
            const bool same = (pixel_at(picture.get(), x, y) & 0xffffff) == want;
            (damaged ? wrong_inside : wrong_outside) += !same;
        }
    EXPECT_EQ(wrong_inside, 0) << "the damaged box is not the client's pixels tinted as copied";
    EXPECT_EQ(wrong_outside, 0) << "the rest is not the client's pixels";
}

} // namespace
} // namespace shoji::test
