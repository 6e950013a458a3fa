// Hostile surface trees and regions: what a client can build with
// wl_subcompositor and wl_region is bounded, a client past a limit gets a
// protocol error naming it and is disconnected, and a bystander keeps its
// frame callbacks while a newcomer still maps.
#include <cerrno>

#include "harness/fixture.hpp"
#include "scene/scene.hpp"
#include "surface/wl_region.hpp"
#include "surface/wl_subcompositor.hpp"
#include "surface/wl_surface.hpp"

namespace shoji::test {
namespace {

class SurfaceLimitsTest : public ShojiTest {
protected:
    // The bystander still gets frame callbacks and shows its pixels, and a
    // new client can still connect and map a window.
    void expect_others_fine(Bystander& b) {
        expect_bystander_fine(b);
        expect_newcomer_maps();
    }
    // After its error, the client is gone and its window with it.
    void expect_disconnected(TestClient& bad, Bystander& b) {
        ASSERT_TRUE(b.client->dispatch_until([&] { return bad.disconnected(); }, 2000));
    }
};

// --- wl_subcompositor: depth and size of a surface tree ----------------------

// 30,000 nested subsurfaces and a commit of the root used to overflow the
// stack (the commit recursed once per level). Now the 65th level is refused
// with bad_surface, before anything is applied.
TEST_F(SurfaceLimitsTest, a_chain_of_30000_subsurfaces_is_bad_surface_and_others_carry_on) {
    Bystander b = bystander();
    TestClient& bad = connect();
    auto buffer = bad.make_buffer(8, 8, WL_SHM_FORMAT_XRGB8888);
    auto root = bad.make_toplevel();
    bad.commit_buffer(root->surface, *buffer);
    ASSERT_TRUE(bad.commit_and_wait_frame(root->surface));

    wl_surface* parent = root->surface;
    bool ok = true;
    for (int i = 0; i < 30000 && ok; ++i) {
        wl_surface* s = wl_compositor_create_surface(bad.compositor);
        wl_subcompositor_get_subsurface(bad.subcompositor, s, parent);
        bad.commit_buffer(s, *buffer); // cached until the root commits
        parent = s;
        // In batches, so the socket never fills; a roundtrip stops at the error.
        if (i % 500 == 499) ok = bad.roundtrip();
    }
    EXPECT_PROTOCOL_ERROR(bad, wl_surface_commit(root->surface), &wl_subcompositor_interface,
                          WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE);
    expect_disconnected(bad, b);
    expect_others_fine(b);
}

TEST_F(SurfaceLimitsTest, one_level_past_the_depth_limit_is_bad_surface) {
    TestClient& c = connect();
    wl_surface* parent = wl_compositor_create_surface(c.compositor);
    for (int depth = 1; depth <= kMaxSubsurfaceDepth; ++depth) {
        wl_surface* s = wl_compositor_create_surface(c.compositor);
        wl_subcompositor_get_subsurface(c.subcompositor, s, parent);
        parent = s;
    }
    ASSERT_TRUE(c.roundtrip()) << "the limit itself is allowed";
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    EXPECT_PROTOCOL_ERROR(c, wl_subcompositor_get_subsurface(c.subcompositor, s, parent),
                          &wl_subcompositor_interface, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE);
}

// Trees can be built bottom up and joined: the depth that counts is the
// joined tree's.
TEST_F(SurfaceLimitsTest, joining_two_chains_past_the_depth_limit_is_bad_surface) {
    TestClient& c = connect();
    auto chain = [&](int links) {
        std::vector<wl_surface*> surfaces{wl_compositor_create_surface(c.compositor)};
        for (int i = 0; i < links; ++i) {
            wl_surface* s = wl_compositor_create_surface(c.compositor);
            wl_subcompositor_get_subsurface(c.subcompositor, s, surfaces.back());
            surfaces.push_back(s);
        }
        return surfaces;
    };
    const int half = kMaxSubsurfaceDepth / 2 + 4;
    std::vector<wl_surface*> upper = chain(half), lower = chain(half);
    ASSERT_TRUE(c.roundtrip());
    // lower's root under upper's deepest: half + 1 + half links.
    EXPECT_PROTOCOL_ERROR(c, wl_subcompositor_get_subsurface(c.subcompositor, lower.front(), upper.back()),
                          &wl_subcompositor_interface, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE);
}

TEST_F(SurfaceLimitsTest, joining_two_chains_at_the_depth_limit_is_allowed) {
    TestClient& c = connect();
    std::vector<wl_surface*> upper{wl_compositor_create_surface(c.compositor)};
    std::vector<wl_surface*> lower{wl_compositor_create_surface(c.compositor)};
    const int upper_links = kMaxSubsurfaceDepth / 2, lower_links = kMaxSubsurfaceDepth - upper_links - 1;
    for (auto [v, links] : {std::pair{&upper, upper_links}, std::pair{&lower, lower_links}}) {
        for (int i = 0; i < links; ++i) {
            wl_surface* s = wl_compositor_create_surface(c.compositor);
            wl_subcompositor_get_subsurface(c.subcompositor, s, v->back());
            v->push_back(s);
        }
    }
    wl_subcompositor_get_subsurface(c.subcompositor, lower.front(), upper.back());
    EXPECT_TRUE(c.roundtrip());
}

TEST_F(SurfaceLimitsTest, one_surface_past_the_tree_limit_is_bad_surface) {
    Bystander b = bystander();
    TestClient& bad = connect();
    wl_surface* root = wl_compositor_create_surface(bad.compositor);
    for (int i = 1; i < kMaxSurfacesPerTree; ++i) {
        wl_subcompositor_get_subsurface(bad.subcompositor, wl_compositor_create_surface(bad.compositor), root);
        if (i % 500 == 0) {
            ASSERT_TRUE(bad.roundtrip());
        }
    }
    ASSERT_TRUE(bad.roundtrip()) << "the limit itself is allowed";
    EXPECT_PROTOCOL_ERROR(bad,
                          wl_subcompositor_get_subsurface(bad.subcompositor,
                                                          wl_compositor_create_surface(bad.compositor), root),
                          &wl_subcompositor_interface, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE);
    expect_disconnected(bad, b);
    expect_others_fine(b);
}

// The size that counts is the joined tree's, both trees' surfaces together.
TEST_F(SurfaceLimitsTest, joining_two_trees_past_the_surface_limit_is_bad_surface) {
    TestClient& c = connect();
    auto flat_tree = [&](int surfaces) {
        wl_surface* root = wl_compositor_create_surface(c.compositor);
        for (int i = 1; i < surfaces; ++i)
            wl_subcompositor_get_subsurface(c.subcompositor, wl_compositor_create_surface(c.compositor), root);
        return root;
    };
    wl_surface* a = flat_tree(kMaxSurfacesPerTree / 2 + 1);
    wl_surface* b = flat_tree(kMaxSurfacesPerTree / 2);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_PROTOCOL_ERROR(c, wl_subcompositor_get_subsurface(c.subcompositor, b, a), &wl_subcompositor_interface,
                          WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE);
}

// --- wl_region: many rectangles --------------------------------------------------

// Sends `n` region requests, `op(i)` each, in batches so the socket never
// fills; false once the client has an error.
template <typename Op>
bool send_region_ops(TestClient& c, int n, Op op) {
    for (int i = 0; i < n; ++i) {
        op(i);
        if (i % 4000 == 3999 && !c.roundtrip()) return false;
    }
    return c.roundtrip();
}

// A wl_region of a million rectangles used to cost about a minute of CPU,
// each add a union over every rectangle before it. These million are
// disjoint: the region would hold a million rectangles, so it stops at
// kMaxRegionRects with wl_display.no_memory (wl_region has no error of its own).
TEST_F(SurfaceLimitsTest, a_region_of_a_million_disjoint_rectangles_is_no_memory_and_others_carry_on) {
    Bystander b = bystander();
    TestClient& bad = connect();
    wl_region* r = wl_compositor_create_region(bad.compositor);
    EXPECT_FALSE(send_region_ops(bad, 1000000, [&](int i) { wl_region_add(r, 2 * i, 0, 1, 1); }));
    EXPECT_EQ(wl_display_get_error(bad.display()), ENOMEM);
    EXPECT_EQ(bad.error_code(), uint32_t(WL_DISPLAY_ERROR_NO_MEMORY));
    expect_disconnected(bad, b);
    expect_others_fine(b);
}

// Building stops at the limit whenever it is reached: used by a surface, or
// while requests are still coming.
TEST_F(SurfaceLimitsTest, setting_a_region_past_the_limit_is_no_memory) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    wl_region* r = wl_compositor_create_region(c.compositor);
    // Fewer than a batch, so nothing is built before set_input_region: 128
    // columns crossed by 128 rows, about 128 × 256 rectangles.
    for (int i = 0; i < 128; ++i) {
        wl_region_add(r, i * 4, 0, 1, 1000);
        wl_region_add(r, 0, i * 4 + 2, 1000, 1);
    }
    ASSERT_TRUE(c.roundtrip()) << "queued, not built yet";
    wl_surface_set_input_region(t->surface, r);
    EXPECT_FALSE(c.roundtrip());
    EXPECT_EQ(wl_display_get_error(c.display()), ENOMEM);
}

// 100,000 requests that make a region within the limit: a checkerboard of
// 8,192 one-pixel squares, each added about 12 times, then a block taken
// away. One union per request made this 100,000 unions over thousands of
// rectangles (a million requests took 12 s); built in batches it is done at
// once, and input goes exactly where the region says. (Not a million here:
// the transport alone would take half a minute under the sanitizers.)
TEST_F(SurfaceLimitsTest, an_input_region_of_100000_rectangles_is_built_and_used) {
    TestClient& c = connect();
    auto buffer = c.make_buffer(256, 128, WL_SHM_FORMAT_XRGB8888);
    buffer->fill(0xff336699);
    auto t = c.make_toplevel();
    wl_region* r = wl_compositor_create_region(c.compositor);
    ASSERT_TRUE(send_region_ops(c, 100000, [&](int i) {
        const int dot = i % 8192;
        wl_region_add(r, (dot % 128) * 2, (dot / 128) * 2, 1, 1);
    }));
    wl_region_subtract(r, 100, 50, 20, 20);
    wl_surface_set_input_region(t->surface, r);
    wl_region_destroy(r);
    c.commit_buffer(t->surface, *buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));

    auto [ox, oy] = surface_origin(c, t->surface);
    const Surface* s = c.server_surface(t->surface);
    auto hits = [&](int x, int y) {
        auto hit = server->scene().hit_test(ox + x + 0.5, oy + y + 0.5);
        return hit && hit->surface == s;
    };
    EXPECT_TRUE(hits(0, 0));
    EXPECT_FALSE(hits(1, 0));
    EXPECT_FALSE(hits(0, 1));
    EXPECT_TRUE(hits(2, 2));
    EXPECT_TRUE(hits(254, 126)) << "the last square";
    EXPECT_FALSE(hits(255, 127));
    EXPECT_TRUE(hits(98, 48));
    EXPECT_FALSE(hits(100, 50)) << "subtracted";
    EXPECT_FALSE(hits(118, 68)) << "subtracted";
    EXPECT_TRUE(hits(120, 70));
    EXPECT_FALSE(c.has_error());
}

// The opaque region of a semi-transparent buffer: inside it Shoji copies the
// pixels (SRC), outside it blends them (OVER), so the output shows which is
// which. The whole surface, then 100,000 one-pixel adds and subtracts over
// it, make horizontal stripes: rows 0-1 opaque, 2-3 not, and so on.
TEST_F(SurfaceLimitsTest, an_opaque_region_of_100000_rectangles_is_built_and_used) {
    TestClient& c = connect();
    auto buffer = c.make_buffer(128, 128, WL_SHM_FORMAT_ARGB8888);
    buffer->fill(0x80800000); // half-transparent red, premultiplied
    auto t = c.make_toplevel();
    wl_region* r = wl_compositor_create_region(c.compositor);
    wl_region_add(r, 0, 0, 128, 128);
    ASSERT_TRUE(send_region_ops(c, 100000, [&](int i) {
        const int x = i % 128, y = (i / 128) % 128;
        if (y % 4 < 2) wl_region_add(r, x, y, 1, 1);
        else wl_region_subtract(r, x, y, 1, 1);
    }));
    wl_surface_set_opaque_region(t->surface, r);
    wl_region_destroy(r);
    c.commit_buffer(t->surface, *buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));

    auto [ox, oy] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    const uint32_t copied = 0xff800000; // SRC: the pixel as it is
    for (int y : {0, 1, 4, 5, 125})
        EXPECT_EQ(pixel_at(out.get(), ox + 7, oy + y), copied) << "row " << y << " is opaque";
    for (int y : {2, 3, 6, 7, 127})
        EXPECT_NE(pixel_at(out.get(), ox + 7, oy + y), copied) << "row " << y << " is blended";
    EXPECT_EQ(c.server_surface(t->surface)->opaque_region().rect_count(), 32u);
}

// Each frame occludes with the opaque region, so Shoji keeps at most
// kMaxOpaqueRects of it: past that, only its largest rectangle. (The opaque
// region is a hint: less of it is never wrong.)
TEST_F(SurfaceLimitsTest, an_opaque_region_of_many_rectangles_keeps_its_largest) {
    TestClient& c = connect();
    auto buffer = c.make_buffer(128, 128, WL_SHM_FORMAT_ARGB8888);
    buffer->fill(0x80800000);
    auto t = c.make_toplevel();
    wl_region* r = wl_compositor_create_region(c.compositor);
    wl_region_add(r, 0, 64, 60, 60);
    for (int i = 0; i < 300; ++i) wl_region_add(r, (i % 60) * 2, (i / 60) * 2, 1, 1);
    wl_surface_set_opaque_region(t->surface, r);
    wl_region_destroy(r);
    c.commit_buffer(t->surface, *buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));

    const Surface* s = c.server_surface(t->surface);
    EXPECT_EQ(s->opaque_region(), Region(Box{0, 64, 60, 60}));
    auto [ox, oy] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), ox + 10, oy + 70), 0xff800000u);
    EXPECT_NE(pixel_at(out.get(), ox + 0, oy + 0), 0xff800000u) << "a dot: blended now";
}

// Requests after set_*_region change the wl_region, not the surface
// (wayland.xml: the region is copied; the wl_region may be destroyed).
TEST_F(SurfaceLimitsTest, a_region_changed_after_it_was_set_leaves_the_surface_alone) {
    TestClient& c = connect();
    auto buffer = c.make_buffer(100, 100, WL_SHM_FORMAT_XRGB8888);
    auto t = c.make_toplevel();
    wl_region* r = wl_compositor_create_region(c.compositor);
    wl_region_add(r, 0, 0, 50, 100);
    wl_surface_set_input_region(t->surface, r);
    wl_region_add(r, 50, 0, 50, 100); // after: not part of the input region
    c.commit_buffer(t->surface, *buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    const Surface* s = c.server_surface(t->surface);
    EXPECT_TRUE(s->accepts_input(10, 10));
    EXPECT_FALSE(s->accepts_input(60, 10));
    // And the same wl_region, set again, brings its later rectangles.
    wl_surface_set_input_region(t->surface, r);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    EXPECT_TRUE(s->accepts_input(60, 10));
    wl_region_destroy(r);
}

} // namespace
} // namespace shoji::test
