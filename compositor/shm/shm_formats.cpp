#include "shm/shm_formats.hpp"

#include <wayland-server-protocol.h>

namespace shoji {

namespace {
std::vector<ShmFormat> build_table() {
    const ShmFormat candidates[] = {
        {WL_SHM_FORMAT_ARGB8888, PIXMAN_a8r8g8b8, 4, "ARGB8888"},
        {WL_SHM_FORMAT_XRGB8888, PIXMAN_x8r8g8b8, 4, "XRGB8888"},
        {WL_SHM_FORMAT_ABGR8888, PIXMAN_a8b8g8r8, 4, "ABGR8888"},
        {WL_SHM_FORMAT_XBGR8888, PIXMAN_x8b8g8r8, 4, "XBGR8888"},
        {WL_SHM_FORMAT_RGBA8888, PIXMAN_r8g8b8a8, 4, "RGBA8888"},
        {WL_SHM_FORMAT_RGBX8888, PIXMAN_r8g8b8x8, 4, "RGBX8888"},
        {WL_SHM_FORMAT_BGRA8888, PIXMAN_b8g8r8a8, 4, "BGRA8888"},
        {WL_SHM_FORMAT_BGRX8888, PIXMAN_b8g8r8x8, 4, "BGRX8888"},
        {WL_SHM_FORMAT_ARGB2101010, PIXMAN_a2r10g10b10, 4, "ARGB2101010"},
        {WL_SHM_FORMAT_XRGB2101010, PIXMAN_x2r10g10b10, 4, "XRGB2101010"},
        {WL_SHM_FORMAT_ABGR2101010, PIXMAN_a2b10g10r10, 4, "ABGR2101010"},
        {WL_SHM_FORMAT_XBGR2101010, PIXMAN_x2b10g10r10, 4, "XBGR2101010"},
        {WL_SHM_FORMAT_RGB888, PIXMAN_r8g8b8, 3, "RGB888"},
        {WL_SHM_FORMAT_BGR888, PIXMAN_b8g8r8, 3, "BGR888"},
        {WL_SHM_FORMAT_RGB565, PIXMAN_r5g6b5, 2, "RGB565"},
        {WL_SHM_FORMAT_BGR565, PIXMAN_b5g6r5, 2, "BGR565"},
        {WL_SHM_FORMAT_ARGB1555, PIXMAN_a1r5g5b5, 2, "ARGB1555"},
        {WL_SHM_FORMAT_XRGB1555, PIXMAN_x1r5g5b5, 2, "XRGB1555"},
        {WL_SHM_FORMAT_ABGR1555, PIXMAN_a1b5g5r5, 2, "ABGR1555"},
        {WL_SHM_FORMAT_XBGR1555, PIXMAN_x1b5g5r5, 2, "XBGR1555"},
        {WL_SHM_FORMAT_ARGB4444, PIXMAN_a4r4g4b4, 2, "ARGB4444"},
        {WL_SHM_FORMAT_XRGB4444, PIXMAN_x4r4g4b4, 2, "XRGB4444"},
        {WL_SHM_FORMAT_ABGR4444, PIXMAN_a4b4g4r4, 2, "ABGR4444"},
        {WL_SHM_FORMAT_XBGR4444, PIXMAN_x4b4g4r4, 2, "XBGR4444"},
        {WL_SHM_FORMAT_RGB332, PIXMAN_r3g3b2, 1, "RGB332"},
        {WL_SHM_FORMAT_BGR233, PIXMAN_b2g3r3, 1, "BGR233"},
        // Packed 4:2:2 YUV: Y0 Cb Y1 Cr bytes, pixman's yuy2 (BT.601).
        {WL_SHM_FORMAT_YUYV, PIXMAN_yuy2, 2, "YUYV"},
    };
    std::vector<ShmFormat> table;
    for (const ShmFormat& f : candidates) {
        // Keep the table honest if a pixman build lacks a reader for a format.
        if (pixman_format_supported_source(f.pixman) &&
            int(PIXMAN_FORMAT_BPP(f.pixman)) == f.bytes_per_pixel * 8)
            table.push_back(f);
    }
    return table;
}
} // namespace

const std::vector<ShmFormat>& shm_formats() {
    static const std::vector<ShmFormat> table = build_table();
    return table;
}

const ShmFormat* find_shm_format(uint32_t wl_format) {
    for (const ShmFormat& f : shm_formats())
        if (f.wl_format == wl_format) return &f;
    return nullptr;
}

} // namespace shoji
