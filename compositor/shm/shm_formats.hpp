// The wl_shm format table: wl_shm format ↔ pixman format ↔ bytes per pixel.
//
// wl_shm format codes are DRM fourccs (except ARGB8888 = 0 and XRGB8888 = 1),
// which name the packed pixel as a little-endian word; pixman names it the same
// way, so e.g. DRM ARGB8888 is PIXMAN_a8r8g8b8. Only formats pixman can read
// as a composite source are listed; each is advertised on wl_shm.
#pragma once

#include <cstdint>
#include <vector>

#include <pixman.h>

namespace shoji {

struct ShmFormat {
    uint32_t wl_format;          // enum wl_shm_format
    pixman_format_code_t pixman; // same bits, pixman's name
    int32_t bytes_per_pixel;
    const char* name;

    bool has_alpha() const { return PIXMAN_FORMAT_A(pixman) > 0; }
};

// Every format Shoji serves, ARGB8888 and XRGB8888 first.
const std::vector<ShmFormat>& shm_formats();

// The entry for `wl_format`, or null if Shoji does not serve it.
const ShmFormat* find_shm_format(uint32_t wl_format);

} // namespace shoji
