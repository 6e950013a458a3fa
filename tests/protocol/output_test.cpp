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
};

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
