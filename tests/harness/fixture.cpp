#include "harness/fixture.hpp"

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

uint32_t pixel_at(pixman_image_t* image, int32_t x, int32_t y) {
    const auto* row = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image)) +
                      size_t(y) * size_t(pixman_image_get_stride(image));
    uint32_t p = reinterpret_cast<const uint32_t*>(row)[x];
    if (pixman_image_get_format(image) == PIXMAN_x8r8g8b8) p |= 0xff000000;
    return p;
}

} // namespace shoji::test
