// Every bad request of docs/design.md, “Protocol errors for bad input”, that Shoji's protocols can receive gets
// the error the spec names, on the right object, and the client is then
// disconnected while others carry on.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <climits>

#include "harness/fixture.hpp"
#include "output/output.hpp"

namespace shoji::test {
namespace {

class ProtocolErrorTest : public ShojiTest {};

// --- wl_shm ---------------------------------------------------------------

TEST_F(ProtocolErrorTest, create_pool_with_non_positive_size_is_invalid_stride) {
    TestClient& c = connect();
    int fd = memfd_create("pool", MFD_CLOEXEC);
    ASSERT_EQ(ftruncate(fd, 4096), 0);
    EXPECT_PROTOCOL_ERROR(c, wl_shm_create_pool(c.shm, fd, 0), &wl_shm_interface, WL_SHM_ERROR_INVALID_STRIDE);
    close(fd);
}

TEST_F(ProtocolErrorTest, create_pool_with_unmappable_fd_is_invalid_fd) {
    TestClient& c = connect();
    int pipefd[2];
    ASSERT_EQ(pipe(pipefd), 0);
    EXPECT_PROTOCOL_ERROR(c, wl_shm_create_pool(c.shm, pipefd[0], 4096), &wl_shm_interface,
                          WL_SHM_ERROR_INVALID_FD);
    close(pipefd[0]);
    close(pipefd[1]);
}

TEST_F(ProtocolErrorTest, create_buffer_with_unadvertised_format_is_invalid_format) {
    TestClient& c = connect();
    auto pool = c.make_pool(4096);
    EXPECT_PROTOCOL_ERROR(c, wl_shm_pool_create_buffer(pool->pool, 0, 4, 4, 16, WL_SHM_FORMAT_NV12),
                          &wl_shm_pool_interface, WL_SHM_ERROR_INVALID_FORMAT);
}

struct BadBuffer {
    const char* what;
    int32_t offset, width, height, stride;
    uint32_t format;
};

class BadBufferTest : public ShojiTest, public ::testing::WithParamInterface<BadBuffer> {};

TEST_P(BadBufferTest, create_buffer_is_invalid_stride) {
    const BadBuffer& b = GetParam();
    TestClient& c = connect();
    auto pool = c.make_pool(1 << 20);
    EXPECT_PROTOCOL_ERROR(c, wl_shm_pool_create_buffer(pool->pool, b.offset, b.width, b.height, b.stride, b.format),
                          &wl_shm_pool_interface, WL_SHM_ERROR_INVALID_STRIDE);
}

const BadBuffer kBadBuffers[] = {
    {"negative_offset", -4, 16, 16, 64, WL_SHM_FORMAT_ARGB8888},
    {"zero_width", 0, 0, 16, 64, WL_SHM_FORMAT_ARGB8888},
    {"zero_height", 0, 16, 0, 64, WL_SHM_FORMAT_ARGB8888},
    {"negative_width", 0, -16, 16, 64, WL_SHM_FORMAT_ARGB8888},
    // docs/design.md, “Hole 1: a stride in pixels”: libwayland accepts a stride given in pixels.
    {"stride_in_pixels", 0, 256, 16, 256, WL_SHM_FORMAT_ARGB8888},
    {"stride_one_byte_short", 0, 16, 16, 63, WL_SHM_FORMAT_XRGB8888},
    {"stride_in_pixels_rgb565", 0, 100, 10, 100, WL_SHM_FORMAT_RGB565},
    {"stride_not_a_multiple_of_4", 0, 3, 3, 9, WL_SHM_FORMAT_RGB888},
    {"stride_times_height_overflows", 0, 16, INT32_MAX / 64 + 1, 128, WL_SHM_FORMAT_ARGB8888},
    {"past_the_pool_end", (1 << 20) - 64, 16, 16, 64, WL_SHM_FORMAT_ARGB8888},
};
INSTANTIATE_TEST_SUITE_P(DesignTable, BadBufferTest, ::testing::ValuesIn(kBadBuffers),
                         [](const auto& info) { return std::string(info.param.what); });

TEST_F(ProtocolErrorTest, shrinking_a_pool_is_invalid_fd) {
    TestClient& c = connect();
    auto pool = c.make_pool(8192);
    EXPECT_PROTOCOL_ERROR(c, wl_shm_pool_resize(pool->pool, 4096), &wl_shm_pool_interface, WL_SHM_ERROR_INVALID_FD);
}

// --- wl_surface ---------------------------------------------------------

TEST_F(ProtocolErrorTest, attach_with_offset_on_version_5_is_invalid_offset) {
    TestClient& c = connect();
    auto b = c.make_buffer(8, 8);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    ASSERT_EQ(wl_proxy_get_version(reinterpret_cast<wl_proxy*>(s)), 5u);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_attach(s, b->buffer, 1, 0), &wl_surface_interface,
                          WL_SURFACE_ERROR_INVALID_OFFSET);
}

TEST_F(ProtocolErrorTest, buffer_size_not_a_multiple_of_scale_is_invalid_size) {
    TestClient& c = connect();
    auto b = c.make_buffer(101, 100);
    auto t = c.make_toplevel();
    wl_surface_set_buffer_scale(t->surface, 2);
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &wl_surface_interface, WL_SURFACE_ERROR_INVALID_SIZE);
}

TEST_F(ProtocolErrorTest, scale_change_that_no_longer_divides_the_buffer_is_invalid_size) {
    TestClient& c = connect();
    auto b = c.make_buffer(30, 30);
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.roundtrip());
    wl_surface_set_buffer_scale(t->surface, 4);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &wl_surface_interface, WL_SURFACE_ERROR_INVALID_SIZE);
}

class BadScaleTest : public ShojiTest, public ::testing::WithParamInterface<int32_t> {};
TEST_P(BadScaleTest, set_buffer_scale_is_invalid_scale) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_set_buffer_scale(s, GetParam()), &wl_surface_interface,
                          WL_SURFACE_ERROR_INVALID_SCALE);
}
INSTANTIATE_TEST_SUITE_P(NonPositive, BadScaleTest, ::testing::Values(0, -1, INT32_MIN));

class BadTransformTest : public ShojiTest, public ::testing::WithParamInterface<int32_t> {};
TEST_P(BadTransformTest, set_buffer_transform_is_invalid_transform) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_set_buffer_transform(s, GetParam()), &wl_surface_interface,
                          WL_SURFACE_ERROR_INVALID_TRANSFORM);
}
INSTANTIATE_TEST_SUITE_P(OutOfRange, BadTransformTest, ::testing::Values(8, -1, INT32_MAX));

// --- damage and regions: no error, clamped ---------------------------------

TEST_F(ProtocolErrorTest, extreme_damage_and_region_rectangles_are_clamped_not_errors) {
    TestClient& c = connect();
    auto b = c.make_buffer(32, 32, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff445566);
    auto t = c.make_toplevel();
    const int32_t extremes[][4] = {
        {INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX}, {INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX},
        {0, 0, INT32_MAX, INT32_MAX}, {-5, -5, 0, 0}, {10, 10, -3, -3}, {INT32_MIN, 0, 1, 1},
    };
    wl_region* region = wl_compositor_create_region(c.compositor);
    for (const auto& r : extremes) {
        wl_surface_damage(t->surface, r[0], r[1], r[2], r[3]);
        wl_surface_damage_buffer(t->surface, r[0], r[1], r[2], r[3]);
        wl_region_add(region, r[0], r[1], r[2], r[3]);
        wl_region_subtract(region, r[1], r[0], r[3], r[2]);
    }
    wl_surface_set_opaque_region(t->surface, region);
    wl_surface_set_input_region(t->surface, region);
    wl_region_destroy(region);
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    ASSERT_FALSE(c.has_error());
    auto [x, y] = surface_origin(c, t->surface);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 31, y + 31), 0xff445566u);
    EXPECT_EQ(pixel_at(output_pixels().get(), x + 32, y + 31), background());
}

// --- xdg_wm_base / xdg_surface / xdg_toplevel / xdg_positioner ---------------

TEST_F(ProtocolErrorTest, second_xdg_surface_for_a_surface_is_role) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    xdg_wm_base_get_xdg_surface(c.wm_base, s);
    EXPECT_PROTOCOL_ERROR(c, xdg_wm_base_get_xdg_surface(c.wm_base, s), &xdg_wm_base_interface,
                          XDG_WM_BASE_ERROR_ROLE);
}

TEST_F(ProtocolErrorTest, destroying_wm_base_with_live_surfaces_is_defunct_surfaces) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    xdg_wm_base_get_xdg_surface(c.wm_base, s);
    xdg_wm_base* base = c.wm_base;
    c.wm_base = nullptr;
    EXPECT_PROTOCOL_ERROR_ON_DESTROYED(c, xdg_wm_base_destroy(base), XDG_WM_BASE_ERROR_DEFUNCT_SURFACES);
}

TEST_F(ProtocolErrorTest, xdg_surface_request_before_role_is_not_constructed) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    xdg_surface* x = xdg_wm_base_get_xdg_surface(c.wm_base, s);
    EXPECT_PROTOCOL_ERROR(c, xdg_surface_set_window_geometry(x, 0, 0, 10, 10), &xdg_surface_interface,
                          XDG_SURFACE_ERROR_NOT_CONSTRUCTED);
}

TEST_F(ProtocolErrorTest, commit_before_role_is_not_constructed) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    xdg_wm_base_get_xdg_surface(c.wm_base, s);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(s), &xdg_surface_interface, XDG_SURFACE_ERROR_NOT_CONSTRUCTED);
}

TEST_F(ProtocolErrorTest, second_toplevel_is_already_constructed) {
    TestClient& c = connect();
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    xdg_surface* x = xdg_wm_base_get_xdg_surface(c.wm_base, s);
    xdg_surface_get_toplevel(x);
    EXPECT_PROTOCOL_ERROR(c, xdg_surface_get_toplevel(x), &xdg_surface_interface,
                          XDG_SURFACE_ERROR_ALREADY_CONSTRUCTED);
}

TEST_F(ProtocolErrorTest, buffer_in_the_initial_commit_is_unconfigured_buffer) {
    TestClient& c = connect();
    auto b = c.make_buffer(8, 8);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    xdg_surface* x = xdg_wm_base_get_xdg_surface(c.wm_base, s);
    xdg_surface_get_toplevel(x);
    wl_surface_attach(s, b->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(s), &xdg_surface_interface, XDG_SURFACE_ERROR_UNCONFIGURED_BUFFER);
}

TEST_F(ProtocolErrorTest, buffer_before_the_first_ack_is_unconfigured_buffer) {
    TestClient& c = connect();
    auto b = c.make_buffer(8, 8);
    Toplevel t;
    t.surface = wl_compositor_create_surface(c.compositor);
    t.xdg = xdg_wm_base_get_xdg_surface(c.wm_base, t.surface);
    t.toplevel = xdg_surface_get_toplevel(t.xdg);
    wl_surface_commit(t.surface);
    ASSERT_TRUE(c.roundtrip()); // the configure arrives; we do not ack it
    wl_surface_attach(t.surface, b->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t.surface), &xdg_surface_interface,
                          XDG_SURFACE_ERROR_UNCONFIGURED_BUFFER);
}

// xdg_surface: "Creating an xdg_surface from a wl_surface which has a buffer
// attached or committed is a client error" — on the xdg_wm_base request.
TEST_F(ProtocolErrorTest, xdg_surface_for_a_surface_with_a_committed_buffer_is_invalid_surface_state) {
    TestClient& c = connect();
    auto b = c.make_buffer(8, 8);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    wl_surface_attach(s, b->buffer, 0, 0);
    wl_surface_commit(s);
    EXPECT_PROTOCOL_ERROR(c, xdg_wm_base_get_xdg_surface(c.wm_base, s), &xdg_wm_base_interface,
                          XDG_WM_BASE_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(ProtocolErrorTest, xdg_surface_for_a_surface_with_an_attached_buffer_is_invalid_surface_state) {
    TestClient& c = connect();
    auto b = c.make_buffer(8, 8);
    wl_surface* s = wl_compositor_create_surface(c.compositor);
    wl_surface_attach(s, b->buffer, 0, 0); // not committed
    EXPECT_PROTOCOL_ERROR(c, xdg_wm_base_get_xdg_surface(c.wm_base, s), &xdg_wm_base_interface,
                          XDG_WM_BASE_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(ProtocolErrorTest, ack_of_a_serial_never_sent_is_invalid_serial) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    EXPECT_PROTOCOL_ERROR(c, xdg_surface_ack_configure(t->xdg, t->last_serial + 1000), &xdg_surface_interface,
                          XDG_SURFACE_ERROR_INVALID_SERIAL);
}

TEST_F(ProtocolErrorTest, ack_of_a_superseded_serial_is_invalid_serial) {
    TestClient& c = connect();
    auto t = c.make_toplevel(); // acked the first configure
    const uint32_t first = t->last_serial;
    xdg_toplevel_set_maximized(t->toplevel);
    ASSERT_TRUE(c.dispatch_until([&] { return t->configures >= 2; }));
    xdg_surface_ack_configure(t->xdg, t->last_serial);
    EXPECT_PROTOCOL_ERROR(c, xdg_surface_ack_configure(t->xdg, first), &xdg_surface_interface,
                          XDG_SURFACE_ERROR_INVALID_SERIAL);
}

class BadGeometryTest : public ShojiTest, public ::testing::WithParamInterface<std::pair<int32_t, int32_t>> {};
TEST_P(BadGeometryTest, set_window_geometry_is_invalid_size) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    EXPECT_PROTOCOL_ERROR(c, xdg_surface_set_window_geometry(t->xdg, 0, 0, GetParam().first, GetParam().second),
                          &xdg_surface_interface, XDG_SURFACE_ERROR_INVALID_SIZE);
}
INSTANTIATE_TEST_SUITE_P(NonPositive, BadGeometryTest,
                         ::testing::Values(std::pair{0, 10}, std::pair{10, 0}, std::pair{-1, 10},
                                           std::pair{10, INT32_MIN}));

TEST_F(ProtocolErrorTest, negative_min_size_is_invalid_size) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    EXPECT_PROTOCOL_ERROR(c, xdg_toplevel_set_min_size(t->toplevel, -1, 10), &xdg_toplevel_interface,
                          XDG_TOPLEVEL_ERROR_INVALID_SIZE);
}

TEST_F(ProtocolErrorTest, negative_max_size_is_invalid_size) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    EXPECT_PROTOCOL_ERROR(c, xdg_toplevel_set_max_size(t->toplevel, 10, -1), &xdg_toplevel_interface,
                          XDG_TOPLEVEL_ERROR_INVALID_SIZE);
}

TEST_F(ProtocolErrorTest, min_larger_than_max_is_invalid_size_at_commit) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_toplevel_set_min_size(t->toplevel, 200, 100);
    xdg_toplevel_set_max_size(t->toplevel, 100, 100);
    ASSERT_TRUE(c.roundtrip()) << "double-buffered: no error before the commit";
    EXPECT_PROTOCOL_ERROR(c, wl_surface_commit(t->surface), &xdg_toplevel_interface, XDG_TOPLEVEL_ERROR_INVALID_SIZE);
}

TEST_F(ProtocolErrorTest, destroying_xdg_surface_before_its_toplevel_is_defunct_role_object) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_surface* x = t->xdg;
    t->xdg = nullptr;
    EXPECT_PROTOCOL_ERROR_ON_DESTROYED(c, xdg_surface_destroy(x), XDG_SURFACE_ERROR_DEFUNCT_ROLE_OBJECT);
}

TEST_F(ProtocolErrorTest, toplevel_as_its_own_parent_is_invalid_parent) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    EXPECT_PROTOCOL_ERROR(c, xdg_toplevel_set_parent(t->toplevel, t->toplevel), &xdg_toplevel_interface,
                          XDG_TOPLEVEL_ERROR_INVALID_PARENT);
}

TEST_F(ProtocolErrorTest, parent_loop_is_invalid_parent) {
    TestClient& c = connect();
    auto a = c.make_toplevel();
    auto b = c.make_toplevel();
    xdg_toplevel_set_parent(b->toplevel, a->toplevel);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_PROTOCOL_ERROR(c, xdg_toplevel_set_parent(a->toplevel, b->toplevel), &xdg_toplevel_interface,
                          XDG_TOPLEVEL_ERROR_INVALID_PARENT);
}

TEST_F(ProtocolErrorTest, positioner_with_empty_size_is_invalid_input) {
    TestClient& c = connect();
    xdg_positioner* p = xdg_wm_base_create_positioner(c.wm_base);
    EXPECT_PROTOCOL_ERROR(c, xdg_positioner_set_size(p, 0, 10), &xdg_positioner_interface,
                          XDG_POSITIONER_ERROR_INVALID_INPUT);
}

TEST_F(ProtocolErrorTest, positioner_with_negative_anchor_rect_is_invalid_input) {
    TestClient& c = connect();
    xdg_positioner* p = xdg_wm_base_create_positioner(c.wm_base);
    EXPECT_PROTOCOL_ERROR(c, xdg_positioner_set_anchor_rect(p, 0, 0, -1, 10), &xdg_positioner_interface,
                          XDG_POSITIONER_ERROR_INVALID_INPUT);
}

// --- after the error -------------------------------------------------------

TEST_F(ProtocolErrorTest, an_erring_client_is_disconnected_and_others_carry_on) {
    TestClient& good = connect();
    TestClient& bad = connect();
    auto b = good.make_buffer(16, 16, WL_SHM_FORMAT_XRGB8888);
    b->fill(0xff0f0f0f);
    auto t = good.make_toplevel();
    good.commit_buffer(t->surface, *b);
    ASSERT_TRUE(good.commit_and_wait_frame(t->surface));

    wl_surface* s = wl_compositor_create_surface(bad.compositor);
    EXPECT_PROTOCOL_ERROR(bad, wl_surface_set_buffer_scale(s, 0), &wl_surface_interface, WL_SURFACE_ERROR_INVALID_SCALE);
    // Gone promptly, without writing anything more.
    ASSERT_TRUE(good.dispatch_until([&] { return bad.disconnected(); }, 1000));

    for (int i = 0; i < 5; ++i) {
        wl_surface_damage_buffer(t->surface, 0, 0, 16, 16);
        ASSERT_TRUE(good.commit_and_wait_frame(t->surface));
    }
    EXPECT_FALSE(good.has_error());
}

} // namespace
} // namespace shoji::test
