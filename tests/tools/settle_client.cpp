// settle-client: an xdg-shell window that animates, then settles, for the
// shell tests of capture at a settled moment (`shoji --until idle`).
//
//   settle-client [--frames N] [--exit STATUS]
//
// It maps a 200x150 XRGB8888 window and draws N frames (default 30), each
// after the frame callback of the one before, so they are paced by the
// compositor. Frames before the last are reddish with a grey bar that moves
// 5 px a frame; the last one is solid 3366cc with a white 40x40 square at
// (20, 20). Then it commits no more: it answers configures (ack, and commit
// the same buffer) and pings until it is killed or its window is closed
// (exit 0). With --exit it instead makes sure the compositor has the last
// commit (a roundtrip) and exits with STATUS.
//
// Bad usage or no compositor: a line on stderr, exit 2.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <wayland-client.h>

#include "xdg-shell-client-protocol.h"

namespace {

constexpr int kWidth = 200, kHeight = 150;
constexpr uint32_t kFinal = 0xff3366cc, kSquare = 0xffffffff;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "settle-client: %s\n", what);
    std::exit(2);
}

struct App {
    wl_display* display = nullptr;
    wl_compositor* compositor = nullptr;
    wl_shm* shm = nullptr;
    xdg_wm_base* wm_base = nullptr;
    wl_surface* surface = nullptr;
    xdg_surface* xdg = nullptr;
    xdg_toplevel* toplevel = nullptr;
    uint32_t configure_serial = 0;
    bool configured = false, closed = false, frame_done = false;
    wl_buffer* last = nullptr; // the buffer on screen
};

void fill(uint32_t* px, int frame, int frames) {
    const bool final = frame == frames - 1;
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x) {
            uint32_t c;
            if (final)
                c = (x >= 20 && x < 60 && y >= 20 && y < 60) ? kSquare : kFinal;
            else
                c = (x >= frame * 5 && x < frame * 5 + 20) ? 0xff808080u
                                                           : 0xff000000u | uint32_t(128 + frame % 128) << 16;
            px[y * kWidth + x] = c;
        }
}

wl_buffer* make_buffer(App& app, int frame, int frames) {
    const size_t size = size_t(kWidth) * kHeight * 4;
    const int fd = memfd_create("settle-client", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, off_t(size)) != 0) die("cannot make a memfd");
    void* map = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) die("cannot map the memfd");
    fill(static_cast<uint32_t*>(map), frame, frames);
    munmap(map, size);
    wl_shm_pool* pool = wl_shm_create_pool(app.shm, fd, int32_t(size));
    wl_buffer* buffer = wl_shm_pool_create_buffer(pool, 0, kWidth, kHeight, kWidth * 4, WL_SHM_FORMAT_XRGB8888);
    wl_shm_pool_destroy(pool);
    close(fd);
    return buffer;
}

const wl_callback_listener frame_listener = {
    [](void* data, wl_callback* callback, uint32_t) {
        static_cast<App*>(data)->frame_done = true;
        wl_callback_destroy(callback);
    },
};

const xdg_wm_base_listener wm_base_listener = {
    [](void*, xdg_wm_base* base, uint32_t serial) { xdg_wm_base_pong(base, serial); },
};

const xdg_surface_listener xdg_surface_listener_impl = {
    [](void* data, xdg_surface*, uint32_t serial) {
        auto* app = static_cast<App*>(data);
        app->configure_serial = serial;
        app->configured = true;
    },
};

const xdg_toplevel_listener toplevel_listener = {
    [](void*, xdg_toplevel*, int32_t, int32_t, wl_array*) {},
    [](void* data, xdg_toplevel*) { static_cast<App*>(data)->closed = true; },
};

const wl_registry_listener registry_listener = {
    [](void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t) {
        auto* app = static_cast<App*>(data);
        if (std::strcmp(interface, wl_compositor_interface.name) == 0)
            app->compositor = static_cast<wl_compositor*>(wl_registry_bind(registry, name, &wl_compositor_interface, 4));
        else if (std::strcmp(interface, wl_shm_interface.name) == 0)
            app->shm = static_cast<wl_shm*>(wl_registry_bind(registry, name, &wl_shm_interface, 1));
        else if (std::strcmp(interface, xdg_wm_base_interface.name) == 0)
            app->wm_base = static_cast<xdg_wm_base*>(wl_registry_bind(registry, name, &xdg_wm_base_interface, 1));
    },
    [](void*, wl_registry*, uint32_t) {},
};

void dispatch_until(App& app, const bool& flag) {
    while (!flag)
        if (wl_display_dispatch(app.display) < 0) die("lost the compositor");
}

// Acks a configure that arrived and commits (with the current buffer).
void ack_configure(App& app) {
    if (!app.configured) return;
    app.configured = false;
    xdg_surface_ack_configure(app.xdg, app.configure_serial);
    wl_surface_commit(app.surface);
}

int number(const char* text, int min, int max) {
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (!*text || *end || v < min || v > max) die("bad number (see the comment in settle_client.cpp)");
    return int(v);
}

} // namespace

int main(int argc, char** argv) {
    int frames = 30, exit_status = -1;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--frames" && i + 1 < argc) frames = number(argv[++i], 1, 1000);
        else if (arg == "--exit" && i + 1 < argc) exit_status = number(argv[++i], 0, 255);
        else die("usage: settle-client [--frames N] [--exit STATUS]");
    }

    App app;
    app.display = wl_display_connect(nullptr);
    if (!app.display) die("cannot connect to the compositor");
    wl_registry* registry = wl_display_get_registry(app.display);
    wl_registry_add_listener(registry, &registry_listener, &app);
    wl_display_roundtrip(app.display);
    if (!app.compositor || !app.shm || !app.wm_base) die("missing wl_compositor, wl_shm or xdg_wm_base");
    xdg_wm_base_add_listener(app.wm_base, &wm_base_listener, &app);

    app.surface = wl_compositor_create_surface(app.compositor);
    app.xdg = xdg_wm_base_get_xdg_surface(app.wm_base, app.surface);
    xdg_surface_add_listener(app.xdg, &xdg_surface_listener_impl, &app);
    app.toplevel = xdg_surface_get_toplevel(app.xdg);
    xdg_toplevel_add_listener(app.toplevel, &toplevel_listener, &app);
    xdg_toplevel_set_title(app.toplevel, "settle-client");
    wl_surface_commit(app.surface);
    dispatch_until(app, app.configured);
    app.configured = false;
    xdg_surface_ack_configure(app.xdg, app.configure_serial);

    for (int frame = 0; frame < frames; ++frame) {
        wl_buffer* previous = app.last;
        app.last = make_buffer(app, frame, frames);
        wl_surface_attach(app.surface, app.last, 0, 0);
        wl_surface_damage_buffer(app.surface, 0, 0, kWidth, kHeight);
        const bool last_frame = frame == frames - 1;
        if (!last_frame) {
            app.frame_done = false;
            wl_callback_add_listener(wl_surface_frame(app.surface), &frame_listener, &app);
        }
        wl_surface_commit(app.surface);
        // Replaced by this commit: nothing of it is needed any more.
        if (previous) wl_buffer_destroy(previous);
        if (last_frame) break;
        dispatch_until(app, app.frame_done);
        ack_configure(app);
    }

    if (exit_status >= 0) {
        wl_display_roundtrip(app.display);
        wl_display_disconnect(app.display);
        return exit_status;
    }
    while (!app.closed) {
        if (wl_display_dispatch(app.display) < 0) die("lost the compositor");
        ack_configure(app);
    }
    wl_display_disconnect(app.display);
    return 0;
}
