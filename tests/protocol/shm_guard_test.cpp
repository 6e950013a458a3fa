// The four libwayland 1.21 wl_shm holes of docs/design.md, “The shm holes”, each with a hostile
// client: Shoji answers with the protocol error, the compositor carries on,
// and other clients are untouched.
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "client_reaper.hpp"
#include "harness/fixture.hpp"
#include "output/output.hpp"
#include "shm/shm_request_checks.hpp"

namespace shoji::test {
namespace {

int open_fds() {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) { (void)entry; ++n; }
    return n;
}

class ShmGuardTest : public ShojiTest {
protected:
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

// A sealed pool made larger than its file: libwayland guards it only if the
// file is still shorter when *it* looks, a moment after Shoji did; another
// client thread may grow the file in between (the next test). So Shoji tracks
// every F_SEAL_SHRINK pool, whatever its size, and a resize past the file is
// refused for all of them.
TEST_F(ShmGuardTest, every_sealed_pool_is_tracked_whatever_its_file_size) {
    TestClient& c = connect();
    auto pool = c.make_pool(16384);
    ASSERT_EQ(fcntl(pool->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(server->shm_checks().usage(c.server_client()).held_fds, 1);
    wl_shm_pool* big = wl_shm_create_pool(c.shm, pool->fd, 65536); // larger than the file
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(server->shm_checks().usage(c.server_client()).held_fds, 2)
        << "an F_SEAL_SHRINK pool larger than its file must be tracked too";
    EXPECT_PROTOCOL_ERROR(c, wl_shm_pool_resize(big, 131072), &wl_shm_pool_interface,
                          WL_SHM_ERROR_INVALID_FD);
}

// The race itself: the file grows while create_pool is being handled. A
// thread waits for Shoji's dispatch to reach the request (a protocol logger
// of the test's, which libwayland calls just before Shoji's) and grows the
// file after a delay that differs from attempt to attempt (0 to 60 µs), so
// that it lands before Shoji looks, between Shoji's look and libwayland's, or
// after both. Wherever it lands, the pool must be tracked and its resize past
// the file refused.
TEST_F(ShmGuardTest, sealed_file_grown_during_create_pool_cannot_be_outgrown) {
    Bystander other = bystander();
    struct Race {
        std::atomic<int> fd{-1};        // the client's memfd to grow
        std::atomic<bool> go{false};    // Shoji is dispatching create_pool
        std::atomic<bool> grown{false};
        std::atomic<bool> quit{false};
        std::atomic<int> delay_us{0};
    } race;
    auto log = [](void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* m) {
        if (type == WL_PROTOCOL_LOGGER_REQUEST && m->message_opcode == 0 &&
            std::strcmp(wl_resource_get_class(m->resource), "wl_shm") == 0) {
            auto* race = static_cast<Race*>(data);
            if (race->fd >= 0) race->go = true; // armed: the test's create_pool
        }
    };
    wl_protocol_logger* logger = wl_display_add_protocol_logger(server->display(), log, &race);
    std::thread grower([&] {
        while (!race.quit) {
            if (!race.go.exchange(false)) continue;
            const int fd = race.fd.exchange(-1);
            const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(race.delay_us);
            while (std::chrono::steady_clock::now() < until) {}
            EXPECT_EQ(ftruncate(fd, 65536), 0);
            race.grown = true;
        }
    });
    for (int attempt = 0; attempt < 20; ++attempt) {
        SCOPED_TRACE("attempt " + std::to_string(attempt));
        TestClient& c = connect();
        auto file = c.make_pool(16384);
        ASSERT_EQ(fcntl(file->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
        ASSERT_TRUE(c.roundtrip());
        race.delay_us = attempt * 3;
        race.fd = file->fd;
        race.grown = false;
        wl_shm_pool* pool = wl_shm_create_pool(c.shm, file->fd, 65536);
        ASSERT_TRUE(c.roundtrip());
        while (!race.grown) std::this_thread::yield();
        EXPECT_PROTOCOL_ERROR(c, wl_shm_pool_resize(pool, 262144), &wl_shm_pool_interface,
                              WL_SHM_ERROR_INVALID_FD);
    }
    race.quit = true;
    grower.join();
    wl_protocol_logger_destroy(logger);
    expect_bystander_fine(other);
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

// The check at use holds for the last read too: the copy of a shown buffer
// is made from its destroy listener, and the record of its sealed file must
// still be there then (libwayland calls destroy listeners in the order they
// were added, and the record's came first).
TEST_F(ShmGuardTest, the_sealed_file_check_holds_in_the_buffers_destroy_listeners) {
    TestClient& c = connect();
    auto file = c.make_pool(16384);
    ASSERT_EQ(fcntl(file->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
    // Larger than its file (libwayland guards this one), a buffer past the file.
    wl_shm_pool* pool = wl_shm_create_pool(c.shm, file->fd, 65536);
    wl_buffer* buffer = wl_shm_pool_create_buffer(pool, 32768, 32, 32, 128, WL_SHM_FORMAT_XRGB8888);
    ASSERT_TRUE(c.roundtrip());
    wl_resource* resource = wl_client_get_object(c.server_client(), wl_proxy_get_id(reinterpret_cast<wl_proxy*>(buffer)));
    ASSERT_NE(resource, nullptr);
    char message[160];
    EXPECT_NE(ShmRequestChecks::check_access(resource, message, sizeof message), nullptr);
    struct Probe : wl_listener {
        bool called = false, refused = false;
    } probe;
    probe.notify = [](wl_listener* l, void* data) {
        auto* self = static_cast<Probe*>(l);
        char why[160];
        self->called = true;
        self->refused = ShmRequestChecks::check_access(static_cast<wl_resource*>(data), why, sizeof why) != nullptr;
    };
    wl_resource_add_destroy_listener(resource, &probe);
    wl_buffer_destroy(buffer);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(probe.called);
    EXPECT_TRUE(probe.refused) << "the record was gone before the last read";
    wl_shm_pool_destroy(pool);
}

// Each pool is a mapping of Shoji's, and the kernel allows a process only
// vm.max_map_count of them: without a per-client limit one client could make
// the next client's create_pool fail.
TEST_F(ShmGuardTest, pools_past_the_per_client_limit_are_invalid_fd_and_others_still_map) {
    Bystander other = bystander();
    TestClient& c = connect();
    auto file = c.make_pool(4096);
    for (int i = 1; i < ShmRequestChecks::kMaxPoolsPerClient; ++i) wl_shm_create_pool(c.shm, file->fd, 4096);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(server->shm_checks().usage(c.server_client()).pools, ShmRequestChecks::kMaxPoolsPerClient);
    EXPECT_PROTOCOL_ERROR(c, wl_shm_create_pool(c.shm, file->fd, 4096), &wl_shm_interface,
                          WL_SHM_ERROR_INVALID_FD);
    ASSERT_TRUE(other.client->dispatch_until([&] { return c.disconnected(); }, 1000));
    // The bystander maps a new pool and shows it.
    auto fresh = other.client->make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    fresh->fill(0xff2266aa);
    other.client->commit_buffer(other.window->surface, *fresh);
    ASSERT_TRUE(other.client->commit_and_wait_frame(other.window->surface));
    other.buffer = std::move(fresh);
    expect_bystander_fine(other);
}

// A pool's mapping lives until its last buffer is gone, and so does its count
// (and, for a sealed pool, the fd Shoji keeps).
TEST_F(ShmGuardTest, a_pool_counts_until_its_last_buffer_is_gone) {
    TestClient& c = connect();
    auto pool = c.make_pool(4096);
    ASSERT_EQ(fcntl(pool->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
    wl_buffer* buf = wl_shm_pool_create_buffer(pool->pool, 0, 8, 8, 32, WL_SHM_FORMAT_XRGB8888);
    wl_shm_pool_destroy(pool->pool);
    pool->pool = nullptr;
    ASSERT_TRUE(c.roundtrip());
    auto u = server->shm_checks().usage(c.server_client());
    EXPECT_EQ(u.pools, 1);
    EXPECT_EQ(u.pool_bytes, 4096);
    EXPECT_EQ(u.held_fds, 1);
    wl_buffer_destroy(buf);
    ASSERT_TRUE(c.roundtrip());
    u = server->shm_checks().usage(c.server_client());
    EXPECT_EQ(u.pools, 0);
    EXPECT_EQ(u.pool_bytes, 0);
    EXPECT_EQ(u.held_fds, 0);
}

// Mappings cost address space: four pools of the largest size the protocol
// allows, and no more (a sparse file: nothing is written, nothing is read).
TEST_F(ShmGuardTest, pool_bytes_past_the_per_client_limit_are_invalid_fd) {
    TestClient& c = connect();
    const int fd = memfd_create("shoji-test-sparse", MFD_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(ftruncate(fd, INT32_MAX), 0);
    for (int i = 0; i < 4; ++i) wl_shm_create_pool(c.shm, fd, INT32_MAX);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(server->shm_checks().usage(c.server_client()).pool_bytes, 4 * int64_t(INT32_MAX));
    EXPECT_PROTOCOL_ERROR(c, wl_shm_create_pool(c.shm, fd, 4096), &wl_shm_interface,
                          WL_SHM_ERROR_INVALID_FD);

    // Growing a pool counts as well.
    TestClient& d = connect();
    for (int i = 0; i < 3; ++i) wl_shm_create_pool(d.shm, fd, INT32_MAX);
    wl_shm_create_pool(d.shm, fd, 4096);
    wl_shm_pool* small = wl_shm_create_pool(d.shm, fd, 4096);
    ASSERT_TRUE(d.roundtrip());
    EXPECT_PROTOCOL_ERROR(d, wl_shm_pool_resize(small, INT32_MAX), &wl_shm_pool_interface,
                          WL_SHM_ERROR_INVALID_FD);
    close(fd);
}

// The fd budget: Shoji keeps one fd per F_SEAL_SHRINK pool (hole 3), so a
// client holding thousands of sealed pools would hold Shoji's fd table.
TEST_F(ShmGuardTest, sealed_pools_past_the_fd_budget_are_invalid_fd) {
    Bystander other = bystander();
    const int before = open_fds();
    TestClient& c = connect();
    auto file = c.make_pool(4096);
    ASSERT_EQ(fcntl(file->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
    // make_pool's own create_pool is sent with the roundtrip, after the seal.
    for (int i = 1; i < ShmRequestChecks::kMaxHeldFdsPerClient; ++i) wl_shm_create_pool(c.shm, file->fd, 4096);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(server->shm_checks().usage(c.server_client()).held_fds, ShmRequestChecks::kMaxHeldFdsPerClient);
    EXPECT_PROTOCOL_ERROR(c, wl_shm_create_pool(c.shm, file->fd, 4096), &wl_shm_interface,
                          WL_SHM_ERROR_INVALID_FD);
    ASSERT_TRUE(other.client->dispatch_until([&] { return c.disconnected(); }, 1000));
    file.reset();
    EXPECT_LE(open_fds(), before + 4) << "the kept fds must be closed with the client";
    expect_bystander_fine(other);
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
    for (const View& v : server.scene().views()) {
        if (v.surface == s) {
            EXPECT_EQ(pixel_at(server.output()->read_pixels().get(), v.x + 15, v.y + 15), 0xff10e010u);
        }
    }
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
