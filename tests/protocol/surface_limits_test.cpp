// Hostile surface trees and regions: what a client can build with
// wl_subcompositor and wl_region is bounded, a client past a limit gets a
// protocol error naming it and is disconnected, and a bystander keeps its
// frame callbacks while a newcomer still maps.
#include "harness/fixture.hpp"
#include "surface/wl_subcompositor.hpp"

namespace shoji::test {
namespace {

class SurfaceLimitsTest : public ShojiTest {
protected:
    // An honest window, on screen.
    struct Bystander {
        TestClient* client;
        std::unique_ptr<Buffer> buffer;
        std::unique_ptr<Toplevel> window;
    };
    Bystander bystander() {
        Bystander b{&connect(), nullptr, nullptr};
        b.buffer = b.client->make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
        b.buffer->fill(0xff2266aa);
        b.window = b.client->make_toplevel();
        b.client->commit_buffer(b.window->surface, *b.buffer);
        EXPECT_TRUE(b.client->commit_and_wait_frame(b.window->surface));
        return b;
    }
    // The bystander still gets frame callbacks and shows its pixels, and a
    // new client can still connect and map a window.
    void expect_others_fine(Bystander& b) {
        for (int i = 0; i < 3; ++i) {
            wl_surface_damage_buffer(b.window->surface, 0, 0, 40, 40);
            ASSERT_TRUE(b.client->commit_and_wait_frame(b.window->surface)) << "bystander stalled";
        }
        EXPECT_FALSE(b.client->has_error());
        auto [x, y] = surface_origin(*b.client, b.window->surface);
        EXPECT_EQ(pixel_at(output_pixels().get(), x + 20, y + 20), 0xff2266aau);

        TestClient& newcomer = connect();
        auto buffer = newcomer.make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
        buffer->fill(0xff55aa11);
        auto window = newcomer.make_toplevel();
        newcomer.commit_buffer(window->surface, *buffer);
        ASSERT_TRUE(newcomer.commit_and_wait_frame(window->surface)) << "a new client cannot map";
        auto [nx, ny] = surface_origin(newcomer, window->surface);
        EXPECT_EQ(pixel_at(output_pixels().get(), nx + 15, ny + 15), 0xff55aa11u);
    }
    // After its error, the client is gone and its window with it.
    void expect_disconnected(TestClient& bad, Bystander& b) {
        ASSERT_TRUE(b.client->dispatch_until([&] { return bad.disconnected(); }, 2000));
    }
};

// --- wl_subcompositor: depth and size of a surface tree ----------------------

// Issue 9: 30,000 nested subsurfaces and a commit of the root overflowed the
// stack (apply -> parent_committed -> apply ...). Now the 65th level is
// refused with bad_surface, before anything is applied.
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
        if (i % 500 == 0) ASSERT_TRUE(bad.roundtrip());
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

} // namespace
} // namespace shoji::test
