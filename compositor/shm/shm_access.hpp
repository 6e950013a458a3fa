// ShmAccess: the only code path that reads client pixels.
//
// A client's wl_shm pool is a file it shares with us and may truncate at any
// moment; a read past the new end raises SIGBUS. libwayland's
// wl_shm_buffer_begin_access() arms its SIGBUS handler for the pool (which,
// on a fault, maps zero pages over it), and end_access() posts
// wl_shm.invalid_fd on the wl_buffer if a fault happened (docs/design.md, “libwayland 1.21's wl_shm”).
//
// So: construct an ShmAccess, use image() inside its scope, let it go. The
// pixel pointer is fetched inside the guard every time and never kept: a pool
// resize may mremap it between dispatches. Guards must not be nested across
// two pools on one thread (libwayland asserts); Shoji never nests them.
//
// libwayland does not guard pools of F_SEAL_SHRINK files at all (hole 3), so
// before arming anything the guard asks ShmRequestChecks::check_access
// whether the buffer lies inside its sealed file; if not, it reads nothing
// and posts wl_shm.invalid_fd on the wl_buffer, as a fault would.
#pragma once

#include <string>

#include <wayland-server-core.h>

#include "shm/shm_formats.hpp"
#include "util/pixman_image.hpp"

namespace shoji {

// What a wl_shm_buffer claims to be, read from libwayland (no pixel access).
struct ShmBufferInfo {
    const ShmFormat* format = nullptr; // null: a format Shoji does not serve
    int32_t width = 0, height = 0, stride = 0;
};
ShmBufferInfo shm_buffer_info(wl_shm_buffer* buffer);

// The layout check, as a value: whether a buffer laid out as `info` claims is
// readable (a served format; a stride of at least width × bytes per pixel and
// a multiple of 4, as pixman reads whole 32-bit words per row) and, if not,
// why. Cheap to make (ShmAccess makes one per read); the message is written
// only when asked for.
class ShmLayout {
public:
    explicit ShmLayout(const ShmBufferInfo& info);
    bool readable() const { return problem_ == Problem::kNone; }
    // Why it is not readable, naming the values ("stride 256 is smaller than
    // width 256 × 4 bytes (ARGB8888): is the stride in pixels?"); empty if it is.
    std::string problem() const;

private:
    enum class Problem { kNone, kUnknownFormat, kStrideTooSmall, kStrideNotAligned };
    ShmBufferInfo info_;
    Problem problem_;
};

class ShmAccess {
public:
    // `buffer`: a wl_buffer resource of a wl_shm buffer.
    explicit ShmAccess(wl_resource* buffer);
    ~ShmAccess();
    ShmAccess(const ShmAccess&) = delete;
    ShmAccess& operator=(const ShmAccess&) = delete;

    // A pixman image over the buffer's pixels, valid only while this guard
    // lives; null if the buffer's layout is not readable.
    pixman_image_t* image() const { return image_.get(); }

private:
    wl_shm_buffer* buffer_ = nullptr; // null: not accessed (refused)
    PixmanImage image_;
};

} // namespace shoji
