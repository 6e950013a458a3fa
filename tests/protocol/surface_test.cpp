// wl_surface behaviour, seen in the output's pixels: placement, damage, scale,
// transforms, stacking, frame callbacks and buffer release.
#include "harness/fixture.hpp"

#include "output/output.hpp"

namespace shoji::test {
namespace {

class SurfaceTest : public ShojiTest {};

TEST_F(SurfaceTest, toplevel_shows_its_pixels_where_it_is_placed) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    auto b = c.make_buffer(40, 30, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff336699);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));

    auto [x, y] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    ASSERT_TRUE(out);
    EXPECT_EQ(pixel_at(out.get(), x, y), 0xff336699u);
    EXPECT_EQ(pixel_at(out.get(), x + 39, y + 29), 0xff336699u);
    EXPECT_EQ(pixel_at(out.get(), x + 40, y + 29), background());
    EXPECT_EQ(pixel_at(out.get(), x - 1, y), background());
}

} // namespace
} // namespace shoji::test
