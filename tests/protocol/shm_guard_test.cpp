// The four libwayland 1.21 wl_shm holes of DESIGN.md §6, each with a hostile
// client: Shoji answers with the protocol error, the compositor carries on,
// and other clients are untouched.
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <filesystem>

#include "client_reaper.hpp"
#include "harness/fixture.hpp"
#include "output/output.hpp"

namespace shoji::test {
namespace {

class ShmGuardTest : public ShojiTest {
protected:
    // A well-behaved client with a window on screen, to prove others carry on.
    struct Bystander {
        TestClient* client;
        std::unique_ptr<Toplevel> window;
        std::unique_ptr<Buffer> buffer;
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
    void expect_bystander_fine(Bystander& b) {
        for (int i = 0; i < 3; ++i) {
            wl_surface_damage_buffer(b.window->surface, 0, 0, 40, 40);
            ASSERT_TRUE(b.client->commit_and_wait_frame(b.window->surface)) << "bystander stalled";
        }
        EXPECT_FALSE(b.client->has_error());
        auto [x, y] = surface_origin(*b.client, b.window->surface);
        EXPECT_EQ(pixel_at(output_pixels().get(), x + 20, y + 20), 0xff2266aau);
    }
};

// Hole 1 (stride in pixels) is covered row by row in protocol_errors_test;
// here: a valid buffer that ends exactly at the end of its pool is read
// without touching a byte past it (the pool is followed by unmapped memory in
// the client, and the server maps exactly the pool size).
TEST_F(ShmGuardTest, buffer_ending_at_the_pool_end_is_read_in_bounds) {
    TestClient& c = connect();
    auto pool = c.make_pool(4096 + 64 * 4 * 16);
    wl_buffer* buf = wl_shm_pool_create_buffer(pool->pool, 4096, 64, 16, 64 * 4, WL_SHM_FORMAT_XRGB8888);
    auto* px = reinterpret_cast<uint32_t*>(pool->data + 4096);
    for (int i = 0; i < 64 * 16; ++i) px[i] = 0xff00ff00;
    auto t = c.make_toplevel();
    wl_surface_attach(t->surface, buf, 0, 0);
    wl_surface_damage_buffer(t->surface, 0, 0, 64, 16);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    auto [x, y] = surface_origin(c, t->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 63, y + 15), 0xff00ff00u);
    wl_buffer_destroy(buf);
}

// Hole 2: the wl_shm_buffer dies with its resource.
TEST_F(ShmGuardTest, buffer_destroyed_and_truncated_while_shown_keeps_its_content) {
    Bystander other = bystander();
    TestClient& c = connect();
    auto b = c.make_buffer(50, 50, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xffd04020);
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));

    wl_buffer_destroy(b->buffer);
    b->buffer = nullptr;
    ASSERT_TRUE(c.roundtrip());
    ASSERT_EQ(ftruncate(b->pool->fd, 0), 0); // the memory is gone for good

    // Force the window's area to be repainted from what Shoji kept.
    for (int i = 0; i < 5; ++i) {
        wl_surface_damage(t->surface, 0, 0, 50, 50);
        ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    }
    auto [x, y] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    EXPECT_EQ(pixel_at(out.get(), x, y), 0xffd04020u);
    EXPECT_EQ(pixel_at(out.get(), x + 49, y + 49), 0xffd04020u);
    // The same in a full repaint (the screenshot path).
    PixmanImage scene = server->render_scene();
    EXPECT_EQ(pixel_at(scene.get(), x + 25, y + 25), 0xffd04020u);
    EXPECT_FALSE(c.has_error()) << "destroying a shown buffer is legal";
    expect_bystander_fine(other);
}

// Hole 3: a pool from an F_SEAL_SHRINK memfd skips libwayland's guard for life,
// so every reader of it (our compositing, wlroots' screencopy) would fault
// unguarded once the pool outgrows its file: the resize itself is refused.
TEST_F(ShmGuardTest, sealed_pool_resized_past_its_file_is_invalid_fd_not_sigbus) {
    Bystander other = bystander();
    TestClient& c = connect();
    const size_t file_size = 16384;
    auto pool = c.make_pool(file_size);
    ASSERT_EQ(fcntl(pool->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
    ASSERT_TRUE(c.roundtrip());
    // Grow the pool (not the file), then try to use a buffer in the grown part.
    auto t = c.make_toplevel();
    EXPECT_PROTOCOL_ERROR(c,
                          {
                              wl_shm_pool_resize(pool->pool, int32_t(file_size * 4));
                              wl_buffer* buf = wl_shm_pool_create_buffer(pool->pool, int32_t(file_size * 2), 32,
                                                                         32, 128, WL_SHM_FORMAT_XRGB8888);
                              wl_surface_attach(t->surface, buf, 0, 0);
                              wl_surface_damage_buffer(t->surface, 0, 0, 32, 32);
                              wl_surface_commit(t->surface);
                          },
                          &wl_shm_pool_interface, WL_SHM_ERROR_INVALID_FD);
    ASSERT_TRUE(other.client->dispatch_until([&] { return c.disconnected(); }, 1000));
    expect_bystander_fine(other);
}

// The same pool grown within its file stays usable; and a sealed pool made
// larger than its file is one libwayland guards itself, so it is left alone.
TEST_F(ShmGuardTest, sealed_pool_larger_than_its_file_from_the_start_is_left_to_libwayland) {
    TestClient& c = connect();
    auto pool = c.make_pool(16384);
    ASSERT_EQ(fcntl(pool->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
    wl_shm_pool* big = wl_shm_create_pool(c.shm, pool->fd, 65536); // past the file: guarded
    wl_shm_pool_resize(big, 131072);
    ASSERT_TRUE(c.roundtrip()) << "libwayland's guard covers this pool; no need to refuse";
    wl_shm_pool_destroy(big);
}

TEST_F(ShmGuardTest, sealed_pool_grown_with_its_file_works) {
    TestClient& c = connect();
    auto pool = c.make_pool(16384);
    ASSERT_EQ(fcntl(pool->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
    pool->resize(65536); // grows the file first, then the pool
    wl_buffer* buf = wl_shm_pool_create_buffer(pool->pool, 32768, 32, 32, 128, WL_SHM_FORMAT_XRGB8888);
    auto* px = reinterpret_cast<uint32_t*>(pool->data + 32768);
    for (int i = 0; i < 32 * 32; ++i) px[i] = 0xff999999;
    auto t = c.make_toplevel();
    wl_surface_attach(t->surface, buf, 0, 0);
    wl_surface_damage_buffer(t->surface, 0, 0, 32, 32);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    auto [x, y] = surface_origin(c, t->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 31, y + 31), 0xff999999u);
    wl_buffer_destroy(buf);
}

int open_fds() {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) { (void)entry; ++n; }
    return n;
}

TEST_F(ShmGuardTest, sealed_pools_do_not_keep_fds_after_they_are_destroyed) {
    TestClient& c = connect();
    ASSERT_TRUE(c.roundtrip());
    const int before = open_fds();
    for (int i = 0; i < 50; ++i) {
        auto pool = c.make_pool(4096);
        ASSERT_EQ(fcntl(pool->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
        wl_buffer* buf = wl_shm_pool_create_buffer(pool->pool, 0, 8, 8, 32, WL_SHM_FORMAT_XRGB8888);
        ASSERT_TRUE(c.roundtrip());
        wl_buffer_destroy(buf);
    } // each pool is destroyed here
    ASSERT_TRUE(c.roundtrip());
    EXPECT_LE(open_fds(), before + 2) << "sealed pool fds leak";
}

// Hole 4: an unsealed file cut short after create_buffer.
void truncated_pool_scenario(ShojiTest& fixture, Server& server, TestClient& bad, TestClient& good,
                             bool shown_first) {
    auto good_buffer = good.make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
    good_buffer->fill(0xff10e010);
    auto good_window = good.make_toplevel();
    good.commit_buffer(good_window->surface, *good_buffer);
    ASSERT_TRUE(good.commit_and_wait_frame(good_window->surface));

    auto b = bad.make_buffer(64, 64, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xffeeeeee);
    auto t = bad.make_toplevel();
    if (shown_first) {
        bad.commit_buffer(t->surface, *b);
        ASSERT_TRUE(bad.commit_and_wait_frame(t->surface));
    }
    ASSERT_EQ(ftruncate(b->pool->fd, 0), 0);
    int frames = 0;
    bad.request_frame(t->surface, &frames);
    bad.commit_buffer(t->surface, *b);
    wl_display_flush(bad.display());

    // The server composites the damage, faults, and answers invalid_fd on the
    // wl_buffer; the client is then disconnected without writing again.
    ASSERT_TRUE(good.dispatch_until([&] { return bad.disconnected(); }, 2000)) << "hostile client not disconnected";
    EXPECT_GE(server.reaper().reaped(), 1u);
    bad.iterate(0);
    const wl_interface* iface = nullptr;
    EXPECT_EQ(bad.error_code(&iface), uint32_t(WL_SHM_ERROR_INVALID_FD));
    ASSERT_NE(iface, nullptr);
    EXPECT_STREQ(iface->name, "wl_buffer");
    EXPECT_EQ(frames, 0) << "no frame callback for a frame that faulted";

    for (int i = 0; i < 3; ++i) {
        wl_surface_damage_buffer(good_window->surface, 0, 0, 30, 30);
        ASSERT_TRUE(good.commit_and_wait_frame(good_window->surface));
    }
    EXPECT_FALSE(good.has_error());
    const Surface* s = good.server_surface(good_window->surface);
    for (const View& v : server.scene().views())
        if (v.surface == s)
            EXPECT_EQ(pixel_at(server.output()->read_pixels().get(), v.x + 15, v.y + 15), 0xff10e010u);
    (void)fixture;
}

TEST_F(ShmGuardTest, pool_truncated_before_the_first_frame_is_invalid_fd) {
    TestClient& good = connect();
    TestClient& bad = connect();
    truncated_pool_scenario(*this, *server, bad, good, false);
}

TEST_F(ShmGuardTest, pool_truncated_after_the_first_frame_is_invalid_fd) {
    TestClient& good = connect();
    TestClient& bad = connect();
    truncated_pool_scenario(*this, *server, bad, good, true);
}

// Many servers in one process: no once-only state breaks a later instance.
TEST(ManyServers, truncated_pool_is_caught_by_the_1st_2nd_and_100th_server) {
    for (int i = 1; i <= 100; ++i) {
        ServerConfig config;
        config.output.width = 160;
        config.output.height = 120;
        config.output.refresh_hz = 1000;
        Server server(config);
        if (i == 1 || i == 2 || i == 100) {
            SCOPED_TRACE("server #" + std::to_string(i));
            auto good = std::make_unique<TestClient>(server);
            auto bad = std::make_unique<TestClient>(server);
            struct Dummy : ShojiTest { void TestBody() override {} } unused;
            truncated_pool_scenario(unused, server, *bad, *good, i == 2);
        }
    }
}

// Shoji installs no SIGBUS handler: the one in place after a guarded access
// is libwayland's.
TEST_F(ShmGuardTest, the_sigbus_handler_is_libwaylands) {
    TestClient& c = connect();
    auto b = c.make_buffer(8, 8, WL_SHM_FORMAT_XRGB8888);
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    struct sigaction sa;
    ASSERT_EQ(sigaction(SIGBUS, nullptr, &sa), 0);
    ASSERT_TRUE(sa.sa_flags & SA_SIGINFO);
    Dl_info info;
    ASSERT_NE(dladdr(reinterpret_cast<void*>(sa.sa_sigaction), &info), 0);
    EXPECT_NE(std::string(info.dli_fname).find("libwayland-server"), std::string::npos) << info.dli_fname;
}

} // namespace
} // namespace shoji::test
