#include "harness/fixture.hpp"

#include <tuple>

#include "output/output.hpp"
#include "surface/wl_surface.hpp"
#include "wlr.hpp"

namespace shoji::test {

ServerConfig ShojiTest::config() const {
    ServerConfig c;
    c.backend = Backend::Headless;
    c.output.width = 320;
    c.output.height = 240;
    c.output.refresh_hz = 1000;
    return c;
}

void ShojiTest::SetUp() {
    wlr_log_init(WLR_ERROR, nullptr);
    server = std::make_unique<Server>(config());
}

void ShojiTest::TearDown() {
    clients.clear();
    server.reset();
}

TestClient& ShojiTest::connect() {
    clients.push_back(std::make_unique<TestClient>(*server));
    return *clients.back();
}

PixmanImage ShojiTest::output_pixels() const { return server->output()->read_pixels(); }

uint32_t ShojiTest::background() const { return server->output()->background() | 0xff000000; }

std::pair<int32_t, int32_t> ShojiTest::surface_origin(TestClient& client, wl_surface* surface) const {
    const Surface* s = client.server_surface(surface);
    for (const View& v : server->scene().views())
        if (v.surface == s) return {v.x, v.y};
    ADD_FAILURE() << "surface is not in the scene";
    return {0, 0};
}

uint32_t ShojiTest::pixel(int32_t x, int32_t y) const {
    PixmanImage out = output_pixels();
    return pixel_at(out.get(), x, y);
}

Window ShojiTest::map_window(TestClient& c, int32_t w, int32_t h, uint32_t colour, const char* app_id,
                             const char* title) {
    Window win;
    win.toplevel = c.make_toplevel();
    if (app_id) xdg_toplevel_set_app_id(win.toplevel->toplevel, app_id);
    if (title) xdg_toplevel_set_title(win.toplevel->toplevel, title);
    win.buffer = c.make_buffer(w, h, WL_SHM_FORMAT_XRGB8888);
    win.buffer->fill(colour);
    c.commit_buffer(win.toplevel->surface, *win.buffer);
    EXPECT_TRUE(c.commit_and_wait_frame(win.toplevel->surface));
    std::tie(win.x, win.y) = surface_origin(c, win.toplevel->surface);
    return win;
}

void ShojiTest::repaint(TestClient& c) {
    ASSERT_TRUE(c.roundtrip());
    for (int i = 0; i < 2000 && server->output()->has_pending_damage(); ++i) server->dispatch(1);
    ASSERT_FALSE(server->output()->has_pending_damage()) << "the output never repainted";
}

uint32_t pixel_at(pixman_image_t* image, int32_t x, int32_t y) {
    const auto* row = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image)) +
                      size_t(y) * size_t(pixman_image_get_stride(image));
    uint32_t p = reinterpret_cast<const uint32_t*>(row)[x];
    if (pixman_image_get_format(image) == PIXMAN_x8r8g8b8) p |= 0xff000000;
    return p;
}

ShojiTest::Bystander ShojiTest::bystander() {
    Bystander b{&connect(), nullptr, nullptr};
    b.buffer = b.client->make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    b.buffer->fill(0xff2266aa);
    b.window = b.client->make_toplevel();
    b.client->commit_buffer(b.window->surface, *b.buffer);
    EXPECT_TRUE(b.client->commit_and_wait_frame(b.window->surface));
    return b;
}

void ShojiTest::expect_bystander_fine(Bystander& b) {
    for (int i = 0; i < 3; ++i) {
        wl_surface_damage_buffer(b.window->surface, 0, 0, 40, 40);
        ASSERT_TRUE(b.client->commit_and_wait_frame(b.window->surface)) << "bystander stalled";
    }
    EXPECT_FALSE(b.client->has_error());
    auto [x, y] = surface_origin(*b.client, b.window->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 20, y + 20), 0xff2266aau);
}

void ShojiTest::expect_newcomer_maps() {
    TestClient& newcomer = connect();
    auto buffer = newcomer.make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
    buffer->fill(0xff55aa11);
    auto window = newcomer.make_toplevel();
    newcomer.commit_buffer(window->surface, *buffer);
    ASSERT_TRUE(newcomer.commit_and_wait_frame(window->surface)) << "a new client cannot map";
    auto [x, y] = surface_origin(newcomer, window->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 15, y + 15), 0xff55aa11u);
}

} // namespace shoji::test
