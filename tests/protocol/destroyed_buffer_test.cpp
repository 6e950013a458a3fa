// Hole 2 at scale: a buffer destroyed while shown is kept only where it can be
// seen, once for all the surfaces that show it, and within a per-client
// budget, so that a huge buffer costs neither gigabytes nor seconds.
#include <fstream>
#include <string>

#include "harness/fixture.hpp"
#include "shm/buffer_copies.hpp"
#include "surface/wl_surface.hpp"

namespace shoji::test {
namespace {

// The pixel a test buffer holds at buffer pixel (x, y): every pixel differs
// from its neighbours, so a copy shifted or turned by one pixel shows.
uint32_t pattern(int32_t x, int32_t y) {
    return 0xff000000u | (uint32_t(x * 7) & 0xff) << 16 | (uint32_t(y * 5) & 0xff) << 8 |
           (uint32_t(x + 3 * y) & 0xff);
}

void fill_pattern(Buffer& b, int32_t x0, int32_t y0, int32_t w, int32_t h) {
    for (int32_t y = y0; y < y0 + h && y < b.height; ++y) {
        auto* row = reinterpret_cast<uint32_t*>(b.row(y));
        for (int32_t x = x0; x < x0 + w && x < b.width; ++x) row[x] = pattern(x, y);
    }
}

long rss_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

class DestroyedBufferTest : public ShojiTest {
protected:
    // Repaints a window from what Shoji kept (a commit without attach keeps
    // the current, destroyed, buffer).
    void repaint_from_kept(TestClient& c, wl_surface* surface) {
        wl_surface_damage(surface, 0, 0, INT32_MAX, INT32_MAX);
        ASSERT_TRUE(c.commit_and_wait_frame(surface));
    }
    int64_t held(TestClient& c) const { return server->buffer_copies().held_bytes(c.server_client()); }
    int64_t output_bytes() const {
        return int64_t(server->output()->wlr()->width) * server->output()->wlr()->height * 4;
    }
};

// The case: 16000×16000 pixels (1 GiB, a sparse memfd: never written
// but where it is shown, so it costs no memory) on three windows, then
// destroyed. Copying it whole took seconds and gigabytes.
TEST_F(DestroyedBufferTest, huge_buffer_on_three_windows_keeps_only_what_the_output_shows) {
    TestClient& c = connect();
    auto huge = c.make_buffer(16000, 16000, WL_SHM_FORMAT_XRGB8888);
    std::unique_ptr<Toplevel> windows[3];
    for (auto& w : windows) {
        w = c.make_toplevel();
        c.commit_buffer(w->surface, *huge);
        ASSERT_TRUE(c.commit_and_wait_frame(w->surface));
    }
    // Every window starts on the output; what the output shows of the buffer
    // lies within (output size − the smallest origin).
    int32_t min_x = INT32_MAX, min_y = INT32_MAX;
    for (auto& w : windows) {
        auto [x, y] = surface_origin(c, w->surface);
        min_x = std::min(min_x, x), min_y = std::min(min_y, y);
    }
    ASSERT_GE(min_x, 0);
    ASSERT_GE(min_y, 0);
    const int32_t out_w = server->output()->wlr()->width, out_h = server->output()->wlr()->height;
    fill_pattern(*huge, 0, 0, out_w - min_x, out_h - min_y);
    for (auto& w : windows) {
        wl_surface_damage_buffer(w->surface, 0, 0, out_w, out_h);
        ASSERT_TRUE(c.commit_and_wait_frame(w->surface));
    }
    Bystander other = bystander();
    const PixmanImage before = output_pixels();
    const long rss_before = rss_kib();

    wl_buffer_destroy(huge->buffer);
    huge->buffer = nullptr;
    ASSERT_TRUE(c.roundtrip());
    EXPECT_GT(held(c), 0);
    EXPECT_LE(held(c), output_bytes()) << "more than the output area was kept";
    EXPECT_LT(rss_kib(), rss_before + 64 * 1024) << "the copy costs memory beyond what is shown";

    for (auto& w : windows) repaint_from_kept(c, w->surface);
    const PixmanImage after = output_pixels();
    for (int32_t y = 0; y < out_h; ++y)
        for (int32_t x = 0; x < out_w; ++x)
            ASSERT_EQ(pixel_at(after.get(), x, y), pixel_at(before.get(), x, y)) << "at " << x << "," << y;
    const PixmanImage scene = server->render_scene();
    EXPECT_EQ(pixel_at(scene.get(), out_w - 1, out_h - 1), pixel_at(before.get(), out_w - 1, out_h - 1));
    EXPECT_FALSE(c.has_error()) << "destroying a shown buffer is legal";
    expect_bystander_fine(other);
}

// What is kept is mapped through the surface's scale and transform: the
// window looks the same after its buffer is gone, pixel for pixel.
TEST_F(DestroyedBufferTest, part_of_a_scaled_transformed_buffer_keeps_exact_pixels) {
    struct Case {
        wl_output_transform transform;
        int32_t scale;
    };
    const Case cases[] = {{WL_OUTPUT_TRANSFORM_NORMAL, 1},  {WL_OUTPUT_TRANSFORM_90, 2},
                          {WL_OUTPUT_TRANSFORM_180, 1},     {WL_OUTPUT_TRANSFORM_FLIPPED_270, 2},
                          {WL_OUTPUT_TRANSFORM_FLIPPED, 3}, {WL_OUTPUT_TRANSFORM_270, 1}};
    for (const Case& k : cases) {
        SCOPED_TRACE("transform " + std::to_string(k.transform) + " scale " + std::to_string(k.scale));
        TestClient& c = connect();
        // Larger than the output in both directions whichever way it turns.
        auto b = c.make_buffer(600 * k.scale, 480 * k.scale, WL_SHM_FORMAT_XRGB8888);
        fill_pattern(*b, 0, 0, b->width, b->height);
        auto t = c.make_toplevel();
        wl_surface_set_buffer_transform(t->surface, k.transform);
        wl_surface_set_buffer_scale(t->surface, k.scale);
        c.commit_buffer(t->surface, *b);
        ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
        const PixmanImage before = output_pixels();

        wl_buffer_destroy(b->buffer);
        b->buffer = nullptr;
        ASSERT_TRUE(c.roundtrip());
        EXPECT_GT(held(c), 0);
        EXPECT_LE(held(c), output_bytes() * k.scale * k.scale) << "more than the visible part was kept";
        EXPECT_LT(held(c), int64_t(b->width) * b->height * 4);
        repaint_from_kept(c, t->surface);
        const PixmanImage after = output_pixels();
        const int32_t w = server->output()->wlr()->width, h = server->output()->wlr()->height;
        int wrong = 0;
        for (int32_t y = 0; y < h; ++y)
            for (int32_t x = 0; x < w; ++x) wrong += pixel_at(after.get(), x, y) != pixel_at(before.get(), x, y);
        EXPECT_EQ(wrong, 0);
        EXPECT_FALSE(c.has_error());
        // The next case starts on a clean output.
        wl_surface_attach(t->surface, nullptr, 0, 0);
        wl_surface_commit(t->surface);
        ASSERT_TRUE(c.roundtrip());
    }
}

// A window moved (here: its subsurface) onto a part that was off the output
// when the buffer was destroyed shows what is below there, never stale or
// unread memory.
TEST_F(DestroyedBufferTest, the_part_that_was_off_the_output_shows_what_is_below) {
    TestClient& c = connect();
    const int32_t out_w = server->output()->wlr()->width, out_h = server->output()->wlr()->height;
    auto parent_buffer = c.make_buffer(out_w, out_h, WL_SHM_FORMAT_XRGB8888);
    parent_buffer->fill(0xff103050);
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *parent_buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    auto [px, py] = surface_origin(c, t->surface);

    // A child twice the output's size, placed so that only its top-left
    // corner is on the output.
    auto child_buffer = c.make_buffer(2 * out_w, 2 * out_h, WL_SHM_FORMAT_XRGB8888);
    child_buffer->fill(0xffe0c020);
    wl_surface* child = wl_compositor_create_surface(c.compositor);
    wl_subsurface* sub = wl_subcompositor_get_subsurface(c.subcompositor, child, t->surface);
    wl_subsurface_set_desync(sub);
    wl_subsurface_set_position(sub, out_w / 2 - px, out_h / 2 - py); // at the output's centre
    c.commit_buffer(child, *child_buffer);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    EXPECT_EQ(pixel_at(output_pixels().get(), out_w - 1, out_h - 1), 0xffe0c020u);

    wl_buffer_destroy(child_buffer->buffer);
    child_buffer->buffer = nullptr;
    ASSERT_TRUE(c.roundtrip());
    EXPECT_LE(held(c), output_bytes() / 4 + 4096);

    // Move the child up and left: its kept corner moves with it, and where
    // the rest of it would be, the parent shows.
    wl_subsurface_set_position(sub, -px, -py); // at the output's origin
    wl_surface_damage(t->surface, 0, 0, INT32_MAX, INT32_MAX);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), 1, 1), 0xffe0c020u);
    EXPECT_EQ(pixel_at(out.get(), out_w / 2 - 2, out_h / 2 - 2), 0xffe0c020u);
    EXPECT_EQ(pixel_at(out.get(), out_w / 2 + 2, out_h / 2 + 2), 0xff103050u) << "not kept, so not drawn";
    EXPECT_EQ(pixel_at(out.get(), out_w - 1, out_h - 1), 0xff103050u);
    EXPECT_FALSE(c.has_error());
    wl_subsurface_destroy(sub);
    wl_surface_destroy(child);
}

// A client that leaves without destroying anything: libwayland destroys its
// objects in id order, so the wl_buffer goes before the surface that shows it,
// after the client's destroy signal. Nothing is kept for a client that is
// going, and nothing of it stays behind (a record made then would hang on a
// freed client).
TEST_F(DestroyedBufferTest, a_client_that_leaves_with_a_shown_buffer_leaves_nothing_behind) {
    TestClient& c = connect();
    auto b = c.make_buffer(32, 32, WL_SHM_FORMAT_XRGB8888); // lower ids than the surface
    b->fill(0xff446688);
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    ASSERT_EQ(server->buffer_copies().accounts(), 1u);
    // Forget every object on the client side only, then hang up.
    for (wl_proxy** p : {reinterpret_cast<wl_proxy**>(&b->buffer), reinterpret_cast<wl_proxy**>(&b->pool->pool),
                         reinterpret_cast<wl_proxy**>(&t->toplevel), reinterpret_cast<wl_proxy**>(&t->xdg),
                         reinterpret_cast<wl_proxy**>(&t->surface)}) {
        wl_proxy_destroy(*p);
        *p = nullptr;
    }
    clients.pop_back();
    for (int i = 0; i < 5; ++i) server->dispatch(1);
    EXPECT_EQ(server->buffer_copies().accounts(), 0u) << "a record of a destroyed client stayed";
}

// On a large output, the per-client budget is what bounds the copy.
class DestroyedBufferBudgetTest : public DestroyedBufferTest {
protected:
    ServerConfig config() const override {
        ServerConfig c = DestroyedBufferTest::config();
        c.output.width = 3200;
        c.output.height = 3200;
        return c;
    }
};

TEST_F(DestroyedBufferBudgetTest, a_copy_past_the_budget_is_not_made_and_shows_what_is_below) {
    TestClient& c = connect();
    // Fully on the output wherever it is placed near the top left, and more
    // than the budget: 3000 × 3000 × 4 bytes = 36 MB.
    auto b = c.make_buffer(3000, 3000, WL_SHM_FORMAT_XRGB8888);
    ASSERT_GT(int64_t(b->width) * b->height * 4, BufferCopies::kBudgetBytesPerClient);
    b->fill(0xff808000);
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    Bystander other = bystander();
    auto [x, y] = surface_origin(c, t->surface);

    wl_buffer_destroy(b->buffer);
    b->buffer = nullptr;
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(held(c), 0) << "a copy past the budget must not be made";
    repaint_from_kept(c, t->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 1000, y + 1000), background());
    EXPECT_FALSE(c.has_error());
    expect_bystander_fine(other);
}

// The budget also bounds what is copied in one turn of the event loop: a
// client that destroys shown buffers and frees their copies again, all in
// one batch of requests, cannot copy more than the budget meanwhile.
TEST_F(DestroyedBufferBudgetTest, the_budget_bounds_what_one_turn_copies) {
    TestClient& c = connect();
    // 2400 × 1800 × 4 = 17.3 MB each: one fits in the budget, two do not.
    auto b1 = c.make_buffer(2400, 1800, WL_SHM_FORMAT_XRGB8888);
    auto b2 = c.make_buffer(2400, 1800, WL_SHM_FORMAT_XRGB8888);
    auto small = c.make_buffer(16, 16, WL_SHM_FORMAT_XRGB8888);
    b1->fill(0xff800000);
    b2->fill(0xff008000);
    small->fill(0xff000080);
    auto w1 = c.make_toplevel();
    auto w2 = c.make_toplevel();
    c.commit_buffer(w1->surface, *b1);
    ASSERT_TRUE(c.commit_and_wait_frame(w1->surface));
    c.commit_buffer(w2->surface, *b2);
    ASSERT_TRUE(c.commit_and_wait_frame(w2->surface));
    auto [x2, y2] = surface_origin(c, w2->surface);

    // One batch: keep b1, drop that copy again, then ask for b2 to be kept.
    wl_buffer_destroy(b1->buffer);
    b1->buffer = nullptr;
    c.commit_buffer(w1->surface, *small);
    wl_buffer_destroy(b2->buffer);
    b2->buffer = nullptr;
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(held(c), 0) << "the second copy went past what one turn may copy";
    repaint_from_kept(c, w2->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x2 + 1200, y2 + 900), background());

    // A later turn may copy again.
    auto b3 = c.make_buffer(2400, 1800, WL_SHM_FORMAT_XRGB8888);
    b3->fill(0xff008080);
    c.commit_buffer(w2->surface, *b3);
    ASSERT_TRUE(c.commit_and_wait_frame(w2->surface));
    wl_buffer_destroy(b3->buffer);
    b3->buffer = nullptr;
    ASSERT_TRUE(c.roundtrip());
    EXPECT_GT(held(c), 0);
    repaint_from_kept(c, w2->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x2 + 1200, y2 + 900), 0xff008080u);
    EXPECT_FALSE(c.has_error());
}

} // namespace
} // namespace shoji::test
