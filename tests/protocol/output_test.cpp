// Outputs that change size (a nested window resized by the host): the whole
// output is repainted and maximized/fullscreen windows get the new size.
#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "harness/fixture.hpp"
#include "output/output.hpp"
#include "wlr.hpp"

namespace shoji::test {
namespace {

class OutputTest : public ShojiTest {
protected:
    // What a nested backend does when the host resizes its window.
    void resize_output(int32_t w, int32_t h) {
        wlr_output* out = server->output()->wlr();
        wlr_output_set_custom_mode(out, w, h, 0);
        ASSERT_TRUE(wlr_output_commit(out));
    }
    // Runs the event loop (server and client) until a timer of `ms` on the
    // server's loop fires: waiting on the loop, as the compositor would idle.
    void run_loop_for(TestClient& c, int ms) {
        bool fired = false;
        wl_event_source* timer = wl_event_loop_add_timer(
            server->event_loop(), [](void* data) { *static_cast<bool*>(data) = true; return 0; }, &fired);
        wl_event_source_timer_update(timer, ms);
        EXPECT_TRUE(c.dispatch_until([&] { return fired; }));
        wl_event_source_remove(timer);
    }
    // A 20x20 window, shown.
    struct Shown {
        std::unique_ptr<Toplevel> toplevel;
        std::unique_ptr<Buffer> buffer;
    };
    Shown show_window(TestClient& c, uint32_t colour) {
        Shown w{c.make_toplevel(), c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888)};
        repaint_window(c, w, colour);
        return w;
    }
    // Paints it all in `colour`, commits and waits for the frame.
    void repaint_window(TestClient& c, Shown& w, uint32_t colour) {
        w.buffer->fill(colour);
        c.commit_buffer(w.toplevel->surface, *w.buffer);
        EXPECT_TRUE(c.commit_and_wait_frame(w.toplevel->surface));
    }
};

// wlroots' headless output arms its timer at the backend's start for its
// default 60 Hz (16 ms): its last tick comes at most that long after start.
constexpr int kWlrootsFirstTickMs = 17;
// The fixture's output runs at 1000 Hz: one refresh period is 1 ms.
constexpr int kPeriodMs = 1;

// Every pixel of `image` is `colour` (x8r8g8b8, alpha forced on).
int pixels_other_than(pixman_image_t* image, uint32_t colour) {
    int n = 0;
    for (int32_t y = 0; y < pixman_image_get_height(image); ++y)
        for (int32_t x = 0; x < pixman_image_get_width(image); ++x) n += pixel_at(image, x, y) != colour;
    return n;
}

TEST_F(OutputTest, a_session_with_no_window_allocates_no_output_buffer_and_shows_its_background) {
    TestClient& c = connect();
    ASSERT_TRUE(c.roundtrip());
    run_loop_for(c, kWlrootsFirstTickMs + 10 * kPeriodMs);
    const Output& out = *server->output();
    // Nothing was drawn, so no buffer was asked of wlroots: its swapchain
    // (made at the first wlr_output_attach_render) does not exist.
    EXPECT_EQ(out.frames_rendered(), 0u);
    EXPECT_EQ(out.wlr()->swapchain, nullptr) << "an output buffer was allocated for a session with no window";
    EXPECT_TRUE(out.blank());
    // Nothing is waiting to be shown (idle waits and repaint loops end), and
    // the output does not wake to find that out again and again.
    EXPECT_FALSE(out.has_pending_damage());
    EXPECT_TRUE(server->idle().is_idle(0));
    const uint64_t events = out.frame_events();
    run_loop_for(c, 10 * kPeriodMs);
    EXPECT_EQ(out.frame_events(), events) << "a blank output kept waking";

    // What it shows is its background: read back, and in a snapshot
    // (--screenshot --allow-empty).
    PixmanImage shown = output_pixels();
    ASSERT_TRUE(shown);
    EXPECT_EQ(pixman_image_get_width(shown.get()), out.wlr()->width);
    EXPECT_EQ(pixels_other_than(shown.get(), background()), 0);
    PixmanImage snap = server->snapshot();
    ASSERT_TRUE(snap);
    EXPECT_EQ(pixels_other_than(snap.get(), background()), 0);
    EXPECT_EQ(out.wlr()->swapchain, nullptr) << "reading the background allocated a buffer";

    // The first window: its first frame draws it and the whole background.
    Window w = map_window(c, 20, 20, kRed);
    EXPECT_FALSE(out.blank());
    EXPECT_NE(out.wlr()->swapchain, nullptr);
    EXPECT_GE(out.frames_rendered(), 1u);
    PixmanImage first = output_pixels();
    ASSERT_TRUE(first);
    EXPECT_EQ(pixel_at(first.get(), w.x + 5, w.y + 5), kRed);
    EXPECT_EQ(pixel_at(first.get(), w.x + 25, w.y + 5), background());
    EXPECT_EQ(pixels_other_than(first.get(), background()), 20 * 20);
}

TEST_F(OutputTest, an_idle_headless_output_does_not_wake_and_a_later_commit_is_shown_at_once) {
    TestClient& c = connect();
    Shown w = show_window(c, 0xff00ff00);
    run_loop_for(c, kWlrootsFirstTickMs);

    // Nothing damaged, no frame callback pending: no frame event at all
    // over ten refresh periods (before, one every period).
    const Output& out = *server->output();
    const uint64_t events = out.frame_events(), rendered = out.frames_rendered();
    run_loop_for(c, 10 * kPeriodMs);
    EXPECT_EQ(out.frame_events(), events);
    EXPECT_EQ(out.frames_rendered(), rendered);

    // A commit after the quiet spell is drawn by the very next frame.
    repaint_window(c, w, 0xff0000ff);
    EXPECT_EQ(out.frame_events(), events + 1);
    EXPECT_EQ(out.frames_rendered(), rendered + 1);
    auto [x, y] = surface_origin(c, w.toplevel->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 5, y + 5), 0xff0000ffu);
}

// A commit whose tick is already due (here after a quiet spell) is drawn in
// the very dispatch that reads it, not from a timer one wake-up later: one
// non-blocking dispatch reads the commit and draws the frame.
TEST_F(OutputTest, a_commit_whose_tick_is_due_is_drawn_in_the_dispatch_that_reads_it) {
    TestClient& c = connect();
    Shown w = show_window(c, 0xff00ff00);
    run_loop_for(c, kWlrootsFirstTickMs);
    // A frame drawn and committed after wlroots' own last tick: wlroots then
    // counts a frame as pending until the next frame event, so only Shoji's
    // pacing can draw the next commit.
    repaint_window(c, w, 0xff0000ff);
    run_loop_for(c, 3 * kPeriodMs); // its tick is in the past
    const Output& out = *server->output();
    const uint64_t rendered = out.frames_rendered();
    w.buffer->fill(0xffff0000);
    c.commit_buffer(w.toplevel->surface, *w.buffer);
    ASSERT_NE(wl_display_flush(c.display()), -1);
    // The request is in the socket: this dispatch reads it (no waiting: a
    // timeout of 0) and draws.
    server->dispatch(0);
    EXPECT_EQ(out.frames_rendered(), rendered + 1) << "the frame waited for a timer";
    auto [x, y] = surface_origin(c, w.toplevel->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 5, y + 5), 0xffff0000u);
}

TEST_F(OutputTest, maximized_window_is_reconfigured_to_the_new_output_size) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_toplevel_set_maximized(t->toplevel);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configured_width == 320; }));
    c.ack(*t);
    auto b = c.make_buffer(320, 240, WL_SHM_FORMAT_XRGB8888);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    const int configures = t->configures;
    resize_output(400, 300);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures > configures; }));
    EXPECT_EQ(t->configured_width, 400);
    EXPECT_EQ(t->configured_height, 300);
    EXPECT_NE(std::find(t->states.begin(), t->states.end(), XDG_TOPLEVEL_STATE_MAXIMIZED), t->states.end());
}

TEST_F(OutputTest, a_normal_window_is_left_alone_and_the_new_area_is_painted) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto b = c.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff00ff00);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    const int configures = t->configures;
    resize_output(400, 300);
    for (int i = 0; i < 20; ++i) c.iterate(2);
    EXPECT_EQ(t->configures, configures);
    PixmanImage out = output_pixels();
    ASSERT_TRUE(out);
    ASSERT_EQ(pixman_image_get_width(out.get()), 400);
    EXPECT_EQ(pixel_at(out.get(), 399, 299), background());
    auto [x, y] = surface_origin(c, t->surface);
    EXPECT_EQ(pixel_at(out.get(), x + 5, y + 5), 0xff00ff00u);
}

} // namespace
// A Server whose backend cannot be made throws from its constructor; what it
// had made by then (the display, the globals) is freed all the same: the
// ASan build's leak check fails this test otherwise.
TEST(ServerSetup, a_backend_that_cannot_be_made_throws_and_frees_what_was_made) {
    const char* old = std::getenv("DISPLAY");
    const std::string saved = old ? old : "";
    setenv("DISPLAY", ":987654", 1); // no X server there
    ServerConfig config;
    config.backend = Backend::X11;
    EXPECT_THROW(Server server(config), std::runtime_error);
    if (old) setenv("DISPLAY", saved.c_str(), 1);
    else unsetenv("DISPLAY");
}

} // namespace shoji::test
