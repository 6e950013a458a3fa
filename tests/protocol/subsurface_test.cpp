// wl_subcompositor / wl_subsurface: position, stacking, synchronized and
// desynchronized commits, nesting, and the errors.
#include "harness/fixture.hpp"
#include "surface/wl_subcompositor.hpp"
#include "surface/wl_surface.hpp"

namespace shoji::test {
namespace {

class SubsurfaceTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        c = &connect();
        parent_buffer = c->make_buffer(100, 100, WL_SHM_FORMAT_XRGB8888);
        parent_buffer->fill(0xff0000ff);
        window = c->make_toplevel();
        c->commit_buffer(window->surface, *parent_buffer);
        ASSERT_TRUE(c->commit_and_wait_frame(window->surface));
    }
    void TearDown() override {
        window.reset(); // client objects go before their connection
        kept.clear();
        parent_buffer.reset();
        ShojiTest::TearDown();
    }
    // A child surface with a filled 20×20 buffer attached and committed.
    wl_surface* child(wl_subsurface** sub, wl_surface* parent, uint32_t colour, std::unique_ptr<Buffer>& buf) {
        wl_surface* s = wl_compositor_create_surface(c->compositor);
        *sub = wl_subcompositor_get_subsurface(c->subcompositor, s, parent);
        buf = c->make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
        buf->fill(colour);
        c->commit_buffer(s, *buf);
        return s;
    }
    // Commits a new 20×20 buffer of one colour on `s` (kept until the test ends).
    void commit_colour(wl_surface* s, uint32_t colour) {
        kept.push_back(c->make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888));
        kept.back()->fill(colour);
        c->commit_buffer(s, *kept.back());
    }
    // Commits the parent and waits until its frame is on screen.
    void commit_parent() { ASSERT_TRUE(c->commit_and_wait_frame(window->surface)); }
    uint32_t at(int32_t x, int32_t y) {
        auto [ox, oy] = surface_origin(*c, window->surface);
        return pixel_at(output_pixels().get(), ox + x, oy + y);
    }

    TestClient* c = nullptr;
    std::unique_ptr<Buffer> parent_buffer;
    std::vector<std::unique_ptr<Buffer>> kept;
    std::unique_ptr<Toplevel> window;
};

TEST_F(SubsurfaceTest, synchronized_child_appears_with_the_parent_commit_at_its_position) {
    wl_subsurface* sub;
    std::unique_ptr<Buffer> buf;
    child(&sub, window->surface, 0xffff0000, buf);
    wl_subsurface_set_position(sub, 30, 40);
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(at(30, 40), 0xff0000ffu) << "cached until the parent commits";
    commit_parent();
    EXPECT_EQ(at(30, 40), 0xffff0000u);
    EXPECT_EQ(at(49, 59), 0xffff0000u);
    EXPECT_EQ(at(50, 59), 0xff0000ffu);
    EXPECT_EQ(at(29, 40), 0xff0000ffu);
}

TEST_F(SubsurfaceTest, child_content_change_waits_for_the_parent_when_synchronized) {
    wl_subsurface* sub;
    std::unique_ptr<Buffer> buf;
    wl_surface* s = child(&sub, window->surface, 0xffff0000, buf);
    commit_parent();
    commit_colour(s, 0xff00ff00);
    for (int i = 0; i < 5; ++i) c->iterate(2);
    EXPECT_EQ(at(5, 5), 0xffff0000u);
    commit_parent();
    EXPECT_EQ(at(5, 5), 0xff00ff00u);
}

TEST_F(SubsurfaceTest, desynchronized_child_commits_at_once) {
    wl_subsurface* sub;
    std::unique_ptr<Buffer> buf;
    wl_surface* s = child(&sub, window->surface, 0xffff0000, buf);
    commit_parent();
    wl_subsurface_set_desync(sub);
    commit_colour(s, 0xff00ff00);
    ASSERT_TRUE(c->commit_and_wait_frame(s));
    EXPECT_EQ(at(5, 5), 0xff00ff00u);
}

TEST_F(SubsurfaceTest, set_desync_applies_the_cached_state) {
    wl_subsurface* sub;
    std::unique_ptr<Buffer> buf;
    wl_surface* s = child(&sub, window->surface, 0xffff0000, buf);
    commit_parent();
    commit_colour(s, 0xff00ff00);
    wl_subsurface_set_desync(sub);
    ASSERT_TRUE(c->roundtrip());
    ASSERT_TRUE(c->dispatch_until([&] { return at(5, 5) == 0xff00ff00u; }));
}

TEST_F(SubsurfaceTest, position_applies_on_the_parent_commit) {
    wl_subsurface* sub;
    std::unique_ptr<Buffer> buf;
    child(&sub, window->surface, 0xffff0000, buf);
    commit_parent();
    wl_subsurface_set_position(sub, 60, 0);
    ASSERT_TRUE(c->roundtrip());
    for (int i = 0; i < 5; ++i) c->iterate(2);
    EXPECT_EQ(at(5, 5), 0xffff0000u);
    commit_parent();
    EXPECT_EQ(at(5, 5), 0xff0000ffu) << "the old place is repainted";
    EXPECT_EQ(at(65, 5), 0xffff0000u);
}

TEST_F(SubsurfaceTest, place_below_the_parent_hides_the_child) {
    wl_subsurface* sub;
    std::unique_ptr<Buffer> buf;
    child(&sub, window->surface, 0xffff0000, buf);
    commit_parent();
    EXPECT_EQ(at(5, 5), 0xffff0000u);
    wl_subsurface_place_below(sub, window->surface);
    commit_parent();
    EXPECT_EQ(at(5, 5), 0xff0000ffu);
}

TEST_F(SubsurfaceTest, place_above_a_sibling_restacks) {
    wl_subsurface *a_sub, *b_sub;
    std::unique_ptr<Buffer> a_buf, b_buf;
    child(&a_sub, window->surface, 0xffff0000, a_buf);
    wl_surface* b = child(&b_sub, window->surface, 0xff00ff00, b_buf);
    commit_parent();
    EXPECT_EQ(at(5, 5), 0xff00ff00u) << "the newer sibling is on top";
    wl_subsurface_place_above(a_sub, b);
    commit_parent();
    EXPECT_EQ(at(5, 5), 0xffff0000u);
}

TEST_F(SubsurfaceTest, nested_children_follow_their_parents) {
    wl_subsurface *sub, *grand_sub;
    std::unique_ptr<Buffer> buf, grand_buf;
    wl_surface* s = child(&sub, window->surface, 0xffff0000, buf);
    wl_subsurface_set_position(sub, 10, 10);
    child(&grand_sub, s, 0xff00ff00, grand_buf);
    wl_subsurface_set_position(grand_sub, 5, 5);
    wl_surface_commit(s); // applies the grandchild's position (cached: s is synchronized)
    commit_parent();
    EXPECT_EQ(at(10, 10), 0xffff0000u);
    EXPECT_EQ(at(15, 15), 0xff00ff00u);
    EXPECT_EQ(at(34, 34), 0xff00ff00u);
    EXPECT_EQ(at(35, 35), 0xff0000ffu);
}

TEST_F(SubsurfaceTest, a_desynchronized_grandchild_of_a_synchronized_child_waits_for_the_parent) {
    // wayland.xml, set_desync: "if any of its parent surfaces behaves in the
    // synchronized mode, this surface ... also behaves as if synchronized".
    wl_subsurface *sub, *grand_sub;
    std::unique_ptr<Buffer> buf, grand_buf;
    wl_surface* s = child(&sub, window->surface, 0xffff0000, buf);
    wl_surface* g = child(&grand_sub, s, 0xff00ff00, grand_buf);
    wl_subsurface_set_desync(grand_sub);
    wl_surface_commit(s);
    commit_parent();
    EXPECT_EQ(at(5, 5), 0xff00ff00u);
    commit_colour(g, 0xffffff00);
    for (int i = 0; i < 5; ++i) c->iterate(2);
    EXPECT_EQ(at(5, 5), 0xff00ff00u) << "cached: its parent is synchronized";
    commit_parent();
    EXPECT_EQ(at(5, 5), 0xffffff00u);
}

TEST_F(SubsurfaceTest, a_desynchronized_child_commit_applies_its_synchronized_children) {
    wl_subsurface *sub, *grand_sub;
    std::unique_ptr<Buffer> buf, grand_buf;
    wl_surface* s = child(&sub, window->surface, 0xffff0000, buf);
    wl_subsurface_set_position(sub, 10, 0);
    wl_surface* g = child(&grand_sub, s, 0xff00ff00, grand_buf);
    wl_subsurface_set_position(grand_sub, 0, 10);
    wl_surface_commit(s);
    commit_parent();
    wl_subsurface_set_desync(sub);
    commit_colour(g, 0xffffff00);
    ASSERT_TRUE(c->roundtrip());
    EXPECT_EQ(at(15, 15), 0xff00ff00u) << "cached until its parent's state is applied";
    // Only the desynchronized child commits, not the window.
    ASSERT_TRUE(c->commit_and_wait_frame(s));
    ASSERT_TRUE(c->dispatch_until([&] { return at(15, 15) == 0xffffff00u; }));
}

// The deepest tree Shoji accepts: kMaxSubsurfaceDepth nested subsurfaces,
// each one pixel right of and below its parent, all synchronized, so the
// window's one commit applies all of them in one walk.
TEST_F(SubsurfaceTest, a_chain_at_the_depth_limit_shows_every_level) {
    auto mid = c->make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    mid->fill(0xffff0000);
    auto deepest = c->make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    deepest->fill(0xff00ff00);
    std::vector<wl_surface*> chain{window->surface};
    for (int depth = 1; depth <= kMaxSubsurfaceDepth; ++depth) {
        wl_surface* s = wl_compositor_create_surface(c->compositor);
        wl_subsurface* sub = wl_subcompositor_get_subsurface(c->subcompositor, s, chain.back());
        wl_subsurface_set_position(sub, 1, 1);
        wl_surface_attach(s, depth == kMaxSubsurfaceDepth ? deepest->buffer : mid->buffer, 0, 0);
        wl_surface_damage(s, 0, 0, 20, 20);
        chain.push_back(s);
    }
    // Deepest first: each commit carries its child's position, and is cached
    // until the window commits.
    for (size_t i = chain.size() - 1; i >= 1; --i) wl_surface_commit(chain[i]);
    ASSERT_TRUE(c->roundtrip()) << "a chain at the limit is legal";
    EXPECT_EQ(at(1, 1), 0xff0000ffu) << "nothing shows before the window commits";
    commit_parent();
    const int32_t d = kMaxSubsurfaceDepth;
    EXPECT_EQ(at(0, 0), 0xff0000ffu) << "the window itself";
    EXPECT_EQ(at(1, 1), 0xffff0000u) << "the first level";
    EXPECT_EQ(at(d - 1, d - 1), 0xffff0000u) << "the level above the deepest";
    EXPECT_EQ(at(d, d), 0xff00ff00u) << "the deepest level, at the sum of the positions";
    EXPECT_EQ(at(d + 19, d + 19), 0xff00ff00u);
    EXPECT_EQ(at(d + 20, d + 20), 0xff0000ffu);
    EXPECT_EQ(server->scene().views().size(), size_t(d) + 1);
}

// The largest tree Shoji accepts: kMaxSurfacesPerTree surfaces, here in
// chains as deep as allowed. One commit of the window applies them all.
TEST_F(SubsurfaceTest, a_tree_at_the_surface_limit_commits_and_shows) {
    auto px = c->make_buffer(1, 1, WL_SHM_FORMAT_XRGB8888);
    px->fill(0xff00ff00);
    std::vector<wl_surface*> surfaces;
    wl_surface* parent = window->surface;
    for (int i = 0; i < kMaxSurfacesPerTree - 1; ++i) {
        if (i % kMaxSubsurfaceDepth == 0) parent = window->surface; // a new chain
        wl_surface* s = wl_compositor_create_surface(c->compositor);
        wl_subsurface* sub = wl_subcompositor_get_subsurface(c->subcompositor, s, parent);
        // Chain k runs down and right from (k, 0), one pixel a level.
        const int chain = i / kMaxSubsurfaceDepth;
        if (parent == window->surface) wl_subsurface_set_position(sub, chain * 6, 0);
        else wl_subsurface_set_position(sub, 0, 1);
        c->commit_buffer(s, *px);
        surfaces.push_back(s);
        parent = s;
        if (i % 200 == 199) {
            ASSERT_TRUE(c->roundtrip());
        }
    }
    for (auto it = surfaces.rbegin(); it != surfaces.rend(); ++it) wl_surface_commit(*it);
    ASSERT_TRUE(c->roundtrip()) << "a tree at the limit is legal";
    commit_parent();
    EXPECT_EQ(server->scene().views().size(), size_t(kMaxSurfacesPerTree));
    // Chain 0's first and deepest surfaces, and the last chain's last one.
    EXPECT_EQ(at(0, 0), 0xff00ff00u);
    EXPECT_EQ(at(0, kMaxSubsurfaceDepth - 1), 0xff00ff00u);
    EXPECT_EQ(at(0, kMaxSubsurfaceDepth), 0xff0000ffu);
    const int last = kMaxSurfacesPerTree - 2;
    EXPECT_EQ(at(last / kMaxSubsurfaceDepth * 6, last % kMaxSubsurfaceDepth), 0xff00ff00u);
    EXPECT_EQ(at(1, 0), 0xff0000ffu);
}

TEST_F(SubsurfaceTest, destroying_the_subsurface_unmaps_the_child) {
    wl_subsurface* sub;
    std::unique_ptr<Buffer> buf;
    child(&sub, window->surface, 0xffff0000, buf);
    commit_parent();
    wl_subsurface_destroy(sub);
    ASSERT_TRUE(c->roundtrip());
    ASSERT_TRUE(c->dispatch_until([&] { return at(5, 5) == 0xff0000ffu; }));
}

TEST_F(SubsurfaceTest, surface_with_a_role_is_bad_surface) {
    EXPECT_PROTOCOL_ERROR(*c, wl_subcompositor_get_subsurface(c->subcompositor, window->surface,
                                                               wl_compositor_create_surface(c->compositor)),
                          &wl_subcompositor_interface, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE);
}

TEST_F(SubsurfaceTest, surface_as_its_own_parent_is_an_error) {
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    EXPECT_PROTOCOL_ERROR(*c, wl_subcompositor_get_subsurface(c->subcompositor, s, s), &wl_subcompositor_interface,
                          WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE);
}

TEST_F(SubsurfaceTest, descendant_as_parent_is_an_error) {
    wl_surface* a = wl_compositor_create_surface(c->compositor);
    wl_surface* b = wl_compositor_create_surface(c->compositor);
    wl_subcompositor_get_subsurface(c->subcompositor, b, a);
    ASSERT_TRUE(c->roundtrip());
    EXPECT_PROTOCOL_ERROR(*c, wl_subcompositor_get_subsurface(c->subcompositor, a, b), &wl_subcompositor_interface,
                          WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE);
}

TEST_F(SubsurfaceTest, place_above_a_stranger_is_bad_surface) {
    wl_subsurface* sub;
    std::unique_ptr<Buffer> buf;
    child(&sub, window->surface, 0xffff0000, buf);
    wl_surface* stranger = wl_compositor_create_surface(c->compositor);
    EXPECT_PROTOCOL_ERROR(*c, wl_subsurface_place_above(sub, stranger), &wl_subsurface_interface,
                          WL_SUBSURFACE_ERROR_BAD_SURFACE);
}

} // namespace
} // namespace shoji::test
