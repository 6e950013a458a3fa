// ShojiTest: the real compositor library on the headless backend with the
// pixman renderer, in-process, plus helpers to read back what it shows.
#pragma once

#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "harness/client.hpp"
#include "server.hpp"

namespace shoji::test {

// Colours the tests paint windows with (opaque x8r8g8b8).
constexpr uint32_t kRed = 0xffcc0000, kBlue = 0xff0000cc, kGrey = 0xff777777, kGreen = 0xff00ff00;

// A mapped window: its toplevel, its buffer, and where its (0, 0) is in the
// layout.
struct Window {
    std::unique_ptr<Toplevel> toplevel;
    std::unique_ptr<Buffer> buffer;
    int32_t x = 0, y = 0;
    wl_surface* surface() const { return toplevel->surface; }
};

class ShojiTest : public ::testing::Test {
protected:
    // Small and fast: frames every millisecond.
    virtual ServerConfig config() const;
    void SetUp() override;
    void TearDown() override;

    // A new client, owned by the fixture.
    TestClient& connect();

    // The last frame the output committed (what is on screen).
    PixmanImage output_pixels() const;
    // The background colour, as x8r8g8b8 with alpha forced on.
    uint32_t background() const;
    // Where a client surface's (0, 0) is, in layout coordinates.
    std::pair<int32_t, int32_t> surface_origin(TestClient& client, wl_surface* surface) const;
    // The output's pixel at (x, y) now.
    uint32_t pixel(int32_t x, int32_t y) const;

    // Maps a w×h window of one colour (with an app id and title if given,
    // set before it maps) and waits until it is shown.
    Window map_window(TestClient& c, int32_t w, int32_t h, uint32_t colour, const char* app_id = nullptr,
                      const char* title = nullptr);
    // Lets `c`'s requests reach the server, then pumps the server until the
    // output has drawn every change.
    void repaint(TestClient& c);

    // A well-behaved client with a window on screen, to prove that others
    // carry on while a hostile client misbehaves.
    struct Bystander {
        TestClient* client;
        std::unique_ptr<Toplevel> window;
        std::unique_ptr<Buffer> buffer;
    };
    Bystander bystander();
    // It still gets frame callbacks, has no error and shows its pixels.
    void expect_bystander_fine(Bystander& b);
    // A new client can still connect and map a window that shows.
    void expect_newcomer_maps();

    std::unique_ptr<Server> server;
    std::vector<std::unique_ptr<TestClient>> clients;
};

// The pixel at (x, y) of an x8r8g8b8/a8r8g8b8 image, alpha forced to 0xff for
// x8r8g8b8.
uint32_t pixel_at(pixman_image_t* image, int32_t x, int32_t y);

// Runs `block`, then a roundtrip that must fail with `code` on an object of
// interface `iface`.
#define EXPECT_PROTOCOL_ERROR(client, block, iface, code)                                   \
    do {                                                                                    \
        block;                                                                              \
        EXPECT_FALSE((client).roundtrip()) << "no protocol error was sent";                 \
        const wl_interface* got_iface_ = nullptr;                                           \
        const uint32_t got_code_ = (client).error_code(&got_iface_);                        \
        ASSERT_NE(got_iface_, nullptr) << "the connection failed without a protocol error"; \
        EXPECT_STREQ(got_iface_->name, (iface)->name);                                      \
        EXPECT_EQ(got_code_, uint32_t(code));                                               \
    } while (0)

// The same, for an error on an object the request itself destroyed on the
// client side (a destructor request the server refused): libwayland-client
// has forgotten the object, so it reports neither interface nor id (0); the
// code is what can be checked.
#define EXPECT_PROTOCOL_ERROR_ON_DESTROYED(client, block, code)                             \
    do {                                                                                    \
        block;                                                                              \
        EXPECT_FALSE((client).roundtrip()) << "no protocol error was sent";                 \
        const wl_interface* got_iface_ = nullptr;                                           \
        const uint32_t got_code_ = (client).error_code(&got_iface_);                        \
        EXPECT_EQ(got_iface_, nullptr) << "expected the error on the destroyed object";     \
        EXPECT_EQ(got_code_, uint32_t(code));                                               \
    } while (0)

} // namespace shoji::test
