// wp_presentation: clock_id, feedback presented once its commit is shown,
// with the output's refresh and a sequence that advances once per shown
// frame; discarded for a commit superseded before a frame, and for a surface
// on no output.
#include <ctime>
#include <vector>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "output/output.hpp"
#include "presentation-time-client-protocol.h"
#include "wlr.hpp"

namespace shoji::test {
namespace {

struct Feedback {
    bool presented = false, discarded = false;
    int sync_outputs = 0;
    uint64_t sec = 0, seq = 0;
    uint32_t nsec = 0, refresh = 0, flags = 0;
};

void fb_sync_output(void* data, struct wp_presentation_feedback*, wl_output*) { ++static_cast<Feedback*>(data)->sync_outputs; }
void fb_presented(void* data, struct wp_presentation_feedback* fb, uint32_t sec_hi, uint32_t sec_lo, uint32_t nsec,
                  uint32_t refresh, uint32_t seq_hi, uint32_t seq_lo, uint32_t flags) {
    auto* f = static_cast<Feedback*>(data);
    f->presented = true;
    f->sec = uint64_t(sec_hi) << 32 | sec_lo;
    f->nsec = nsec;
    f->refresh = refresh;
    f->seq = uint64_t(seq_hi) << 32 | seq_lo;
    f->flags = flags;
    wp_presentation_feedback_destroy(fb);
}
void fb_discarded(void* data, struct wp_presentation_feedback* fb) {
    static_cast<Feedback*>(data)->discarded = true;
    wp_presentation_feedback_destroy(fb);
}
const wp_presentation_feedback_listener kFeedbackListener = {fb_sync_output, fb_presented, fb_discarded};

uint32_t g_clock_id = ~0u;
void on_clock_id(void*, wp_presentation*, uint32_t id) { g_clock_id = id; }
const wp_presentation_listener kPresentationListener = {on_clock_id};

class PresentationTest : public ShojiTest {
protected:
    wp_presentation* presentation(TestClient& c) {
        auto* p = bind_global<wp_presentation>(c, &wp_presentation_interface, 1);
        EXPECT_NE(p, nullptr) << "no wp_presentation global";
        wp_presentation_add_listener(p, &kPresentationListener, nullptr);
        return p;
    }
    void ask(wp_presentation* p, wl_surface* s, Feedback* f) {
        wp_presentation_feedback_add_listener(wp_presentation_feedback(p, s), &kFeedbackListener, f);
    }
};

TEST_F(PresentationTest, clock_id_is_monotonic) {
    TestClient& c = connect();
    g_clock_id = ~0u;
    presentation(c);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(g_clock_id, uint32_t(CLOCK_MONOTONIC));
}

TEST_F(PresentationTest, the_sequence_advances_once_per_shown_frame) {
    TestClient& c = connect();
    wp_presentation* p = presentation(c);
    bind_global<wl_output>(c, &wl_output_interface, 4); // for sync_output
    Window w = map_window(c, 32, 32, kGrey);
    std::vector<Feedback> f(4);
    for (Feedback& one : f) {
        const int before = server->output()->frames_rendered();
        ask(p, w.surface(), &one);
        wl_surface_damage(w.surface(), 0, 0, 4, 4);
        wl_surface_commit(w.surface());
        ASSERT_TRUE(c.dispatch_until([&] { return one.presented || one.discarded; }));
        ASSERT_TRUE(one.presented);
        EXPECT_EQ(server->output()->frames_rendered(), before + 1) << "one frame shown for this commit";
    }
    for (size_t i = 1; i < f.size(); ++i) EXPECT_EQ(f[i].seq, f[i - 1].seq + 1) << "feedback " << i;
    const int32_t mhz = server->output()->wlr()->refresh;
    ASSERT_GT(mhz, 0);
    EXPECT_EQ(f[0].refresh, uint32_t(1'000'000'000'000LL / mhz));
    EXPECT_EQ(f[0].flags, uint32_t(WP_PRESENTATION_FEEDBACK_KIND_VSYNC | WP_PRESENTATION_FEEDBACK_KIND_HW_CLOCK |
                                   WP_PRESENTATION_FEEDBACK_KIND_HW_COMPLETION));
    EXPECT_EQ(f[0].sync_outputs, 1);
    // The time is CLOCK_MONOTONIC's, and not in the future.
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    EXPECT_LE(f[3].sec, uint64_t(now.tv_sec));
    EXPECT_LT(f[3].nsec, 1'000'000'000u);
}

TEST_F(PresentationTest, a_commit_replaced_before_a_frame_is_discarded) {
    TestClient& c = connect();
    wp_presentation* p = presentation(c);
    Window w = map_window(c, 32, 32, kGrey);
    Feedback first, second;
    // Both commits reach the server in one dispatch, before any frame.
    ask(p, w.surface(), &first);
    wl_surface_damage(w.surface(), 0, 0, 4, 4);
    wl_surface_commit(w.surface());
    ask(p, w.surface(), &second);
    wl_surface_damage(w.surface(), 4, 4, 4, 4);
    wl_surface_commit(w.surface());
    ASSERT_TRUE(c.dispatch_until([&] { return second.presented || second.discarded; }));
    EXPECT_TRUE(first.discarded);
    EXPECT_FALSE(first.presented);
    EXPECT_TRUE(second.presented);
}

TEST_F(PresentationTest, a_surface_on_no_output_is_discarded) {
    TestClient& c = connect();
    wp_presentation* p = presentation(c);
    // A surface without a role is never shown.
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    auto b = c.make_buffer(8, 8, WL_SHM_FORMAT_XRGB8888);
    Feedback f;
    ask(p, s, &f);
    c.commit_buffer(s, *b);
    ASSERT_TRUE(c.dispatch_until([&] { return f.presented || f.discarded; }));
    EXPECT_TRUE(f.discarded);
}

TEST_F(PresentationTest, a_commit_without_damage_is_still_presented) {
    TestClient& c = connect();
    wp_presentation* p = presentation(c);
    Window w = map_window(c, 32, 32, kGrey);
    Feedback f;
    ask(p, w.surface(), &f);
    wl_surface_commit(w.surface());
    ASSERT_TRUE(c.dispatch_until([&] { return f.presented || f.discarded; }));
    EXPECT_TRUE(f.presented);
}

TEST_F(PresentationTest, a_destroyed_surface_discards_its_pending_feedback) {
    TestClient& c = connect();
    wp_presentation* p = presentation(c);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    Feedback f;
    ask(p, s, &f);
    wl_surface_destroy(s);
    ASSERT_TRUE(c.dispatch_until([&] { return f.presented || f.discarded; }));
    EXPECT_TRUE(f.discarded);
}

} // namespace
} // namespace shoji::test
