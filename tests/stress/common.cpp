#include "common.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <utility>

namespace stress {

ShmFile::ShmFile(size_t size, bool sealable) : size_(size) {
    const unsigned flags = MFD_CLOEXEC | (sealable ? MFD_ALLOW_SEALING : 0u);
    fd_ = memfd_create("shoji-stress", flags);
    if (fd_ < 0) return;
    if (ftruncate(fd_, off_t(size)) != 0) return;
    void* map = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (map != MAP_FAILED) data_ = static_cast<uint8_t*>(map);
}

ShmFile::~ShmFile() {
    // Unmapping a truncated file is fine; only touching its pages faults.
    if (data_) munmap(data_, size_);
    if (fd_ >= 0) close(fd_);
}

bool ShmFile::add_seals(int seals) { return fcntl(fd_, F_ADD_SEALS, seals) == 0; }

void ShmFile::truncate_to_zero() {
    truncated_ = true;
    if (ftruncate(fd_, 0) != 0) {
        // Nothing to do: the run then just finds the compositor unharmed.
    }
}

void fill_rect(uint8_t* data, int32_t stride, int32_t x, int32_t y, int32_t w, int32_t h,
               uint32_t pixel) {
    for (int32_t row = y; row < y + h; ++row) {
        auto* p = reinterpret_cast<uint32_t*>(data + size_t(row) * size_t(stride)) + x;
        for (int32_t col = 0; col < w; ++col) p[col] = pixel;
    }
}

namespace {
// The wl_shm error enum is posted on wl_shm, wl_shm_pool or wl_buffer
// objects; wl_display and wl_surface have their own. Names from wayland.xml.
const char* error_name(const std::string& interface, uint32_t code) {
    static const char* const shm[] = {"wl_shm.invalid_format", "wl_shm.invalid_stride",
                                      "wl_shm.invalid_fd"};
    static const char* const display[] = {"wl_display.invalid_object", "wl_display.invalid_method",
                                          "wl_display.no_memory", "wl_display.implementation"};
    static const char* const surface[] = {"wl_surface.invalid_scale", "wl_surface.invalid_transform",
                                          "wl_surface.invalid_size", "wl_surface.invalid_offset"};
    if (interface == "wl_shm" || interface == "wl_shm_pool" || interface == "wl_buffer")
        return code < 3 ? shm[code] : nullptr;
    if (interface == "wl_display") return code < 4 ? display[code] : nullptr;
    if (interface == "wl_surface") return code < 4 ? surface[code] : nullptr;
    if (interface == "wl_subcompositor") return code == 0 ? "wl_subcompositor.bad_surface" : nullptr;
    return nullptr;
}
} // namespace

std::string connection_error(wl_display* display) {
    const int err = wl_display_get_error(display);
    if (err == 0) return "";
    if (err != EPROTO) {
        const char* name = err == EPIPE ? "EPIPE" : err == ECONNRESET ? "ECONNRESET" : nullptr;
        return std::string("disconnected (") + (name ? name : std::strerror(err)) + ")";
    }
    const wl_interface* interface = nullptr;
    uint32_t id = 0;
    const uint32_t code = wl_display_get_protocol_error(display, &interface, &id);
    // The object may already be gone on our side (e.g. a wl_buffer we
    // destroyed): libwayland then reports no interface.
    const std::string object = interface ? interface->name : "a destroyed object";
    const char* name = interface ? error_name(object, code) : nullptr;
    const std::string what = name ? name : "error " + std::to_string(code);
    return what + " on " + object;
}

bool is_protocol_error(const std::string& error) {
    return !error.empty() && error.rfind("disconnected", 0) != 0;
}

namespace {
thread_local std::string last_client_log;

void keep_client_log(const char* format, va_list args) {
    char line[512];
    std::vsnprintf(line, sizeof line, format, args);
    last_client_log = line;
    while (!last_client_log.empty() && last_client_log.back() == '\n') last_client_log.pop_back();
}
} // namespace

void capture_client_log() { wl_log_set_handler_client(keep_client_log); }

std::string take_client_log() { return std::exchange(last_client_log, std::string()); }

} // namespace stress
