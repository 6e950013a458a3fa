// shm-client: a whole wl_shm client, to read in one sitting (docs/learn-shm.md).
//
// It maps one xdg_toplevel and shows FRAMES solid frames (default 3): blue
// (#3366cc) for every frame but the last, orange (#cc6633) for the last, so a
// screenshot tells which frame is on screen. Two buffers share one memfd pool;
// a buffer is drawn into only once the compositor released it (double
// buffering driven by wl_buffer.release), and the next frame waits for the
// previous one to be shown (wl_surface.frame). Each mistake flag breaks one
// rule on purpose; docs/learn-shm.md says what Shoji answers and why.
//
// Exit status: 0 all frames shown; 2 bad usage or no compositor; 3 the
// compositor sent a protocol error (printed) and closed the connection;
// 4 a protocol error but the connection stayed open, or the connection broke.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wayland-client.h>
#include "xdg-shell-client-protocol.h"

enum { W = 128, H = 96, STRIDE = W * 4 }; // XRGB8888: 4 bytes a pixel
static const uint32_t kBlue = 0xff3366cc, kOrange = 0xffcc6633;

static struct {
    int frames;
    bool seal, stride_in_pixels, truncate, destroy_while_shown, seal_and_grow,
        write_before_release, uint32_damage, int32_damage;
} opt = {.frames = 3};

struct buffer { struct wl_buffer *wl; uint32_t *pixels; bool busy; };
static struct buffer buffers[2];
static struct wl_display *display;
static struct wl_compositor *compositor;
static struct wl_shm *shm;
static struct xdg_wm_base *wm_base;
static bool configured, frame_shown;

// --- events -----------------------------------------------------------------
static void on_global(void *data, struct wl_registry *r, uint32_t name, const char *iface, uint32_t version) {
    if (strcmp(iface, wl_compositor_interface.name) == 0 && version >= 4) // 4: damage_buffer
        compositor = wl_registry_bind(r, name, &wl_compositor_interface, 4);
    else if (strcmp(iface, wl_shm_interface.name) == 0)
        shm = wl_registry_bind(r, name, &wl_shm_interface, 1);
    else if (strcmp(iface, xdg_wm_base_interface.name) == 0)
        wm_base = wl_registry_bind(r, name, &xdg_wm_base_interface, 1);
}
static void on_global_remove(void *data, struct wl_registry *r, uint32_t name) {}
static const struct wl_registry_listener registry_listener = {on_global, on_global_remove};

static void on_ping(void *data, struct xdg_wm_base *b, uint32_t serial) { xdg_wm_base_pong(b, serial); }
static const struct xdg_wm_base_listener wm_base_listener = {on_ping};

// xdg_surface.configure ends a configure sequence: ack it, and only then may
// a buffer be attached (before the first ack that is unconfigured_buffer).
static void on_configure(void *data, struct xdg_surface *s, uint32_t serial) {
    xdg_surface_ack_configure(s, serial);
    configured = true;
}
static const struct xdg_surface_listener xdg_surface_listener = {on_configure};
// Size 0×0 means "pick your own"; we always draw W×H.
static void on_toplevel_configure(void *d, struct xdg_toplevel *t, int32_t w, int32_t h, struct wl_array *s) {}
static void on_close(void *data, struct xdg_toplevel *t) {}
static const struct xdg_toplevel_listener toplevel_listener = {.configure = on_toplevel_configure, .close = on_close};

// wl_buffer.release: the compositor will not read this buffer again until it
// is committed again, so we may draw into it.
static void on_release(void *data, struct wl_buffer *b) { ((struct buffer *)data)->busy = false; }
static const struct wl_buffer_listener buffer_listener = {on_release};

// wl_callback.done: the frame that showed our commit was presented.
static void on_frame_done(void *data, struct wl_callback *cb, uint32_t time_ms) {
    wl_callback_destroy(cb);
    frame_shown = true;
}
static const struct wl_callback_listener frame_listener = {on_frame_done};

// --- errors -------------------------------------------------------------------
// Prints the protocol error (libwayland-client has already logged its message,
// which names the values) and checks that the compositor hung up on us.
static int report_error(void) {
    const struct wl_interface *iface = NULL;
    uint32_t id = 0;
    if (wl_display_get_error(display) != EPROTO) {
        fprintf(stderr, "shm-client: connection broken: %s\n", strerror(wl_display_get_error(display)));
        return 4;
    }
    uint32_t code = wl_display_get_protocol_error(display, &iface, &id);
    // wl_shm's error codes are posted on wl_shm, wl_shm_pool and wl_buffer objects.
    static const char *shm_errors[] = {"invalid_format", "invalid_stride", "invalid_fd"};
    bool shm = iface && (!strncmp(iface->name, "wl_shm", 6) || iface == &wl_buffer_interface) && code < 3;
    if (iface) fprintf(stderr, "shm-client: protocol error on %s@%u: code %u%s%s\n", iface->name, id, code,
                       shm ? " wl_shm.error." : "", shm ? shm_errors[code] : "");
    else fprintf(stderr, "shm-client: protocol error %u on an object we had already destroyed\n", code);
    // Read until end of file: a compositor disconnects a client it sent an error.
    struct pollfd p = {wl_display_get_fd(display), POLLIN, 0};
    char junk[4096];
    while (poll(&p, 1, 5000) == 1) {
        ssize_t n = recv(p.fd, junk, sizeof junk, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
            fprintf(stderr, "shm-client: the compositor closed the connection\n");
            return 3;
        }
    }
    fprintf(stderr, "shm-client: still connected 5 s after the error\n");
    return 4;
}
#define DISPATCH() do { if (wl_display_dispatch(display) < 0) exit(report_error()); } while (0)

// --- drawing ----------------------------------------------------------------
static void fill(struct buffer *b, uint32_t colour) {
    for (int i = 0; i < STRIDE / 4 * H; i++) b->pixels[i] = colour;
}

// One frame: attach, damage, ask for a frame callback, commit; then wait until
// the compositor shows it.
static void show(struct wl_surface *surface, struct buffer *b, int frame) {
    if (b) wl_surface_attach(surface, b->wl, 0, 0);
    if (opt.uint32_damage) // "everything"? UINT32_MAX travels as the int32 -1
        wl_surface_damage_buffer(surface, 0, 0, UINT32_MAX, UINT32_MAX);
    else if (opt.int32_damage) // the right way to say "everything": clipped to the buffer
        wl_surface_damage_buffer(surface, 0, 0, INT32_MAX, INT32_MAX);
    else if (opt.write_before_release && frame > 0) // claims only the left half changed
        wl_surface_damage_buffer(surface, 0, 0, W / 2, H);
    else
        wl_surface_damage_buffer(surface, 0, 0, W, H);
    wl_callback_add_listener(wl_surface_frame(surface), &frame_listener, NULL);
    frame_shown = false;
    wl_surface_commit(surface);
    if (b) b->busy = true;
    while (!frame_shown) DISPATCH();
}

static struct buffer *free_buffer(void) {
    if (opt.write_before_release) return &buffers[0]; // the mistake: ignore release
    for (;;) {
        for (int i = 0; i < 2; i++)
            if (!buffers[i].busy) return &buffers[i];
        DISPATCH(); // both are the compositor's: wait for a release
    }
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--frames") && i + 1 < argc && atoi(argv[i + 1]) > 0) opt.frames = atoi(argv[++i]);
        else if (!strcmp(a, "--seal")) opt.seal = true;
        else if (!strcmp(a, "--stride-in-pixels")) opt.stride_in_pixels = true;
        else if (!strcmp(a, "--truncate")) opt.truncate = true;
        else if (!strcmp(a, "--destroy-while-shown")) opt.destroy_while_shown = true;
        else if (!strcmp(a, "--seal-and-grow")) opt.seal = opt.seal_and_grow = true;
        else if (!strcmp(a, "--write-before-release")) opt.write_before_release = true;
        else if (!strcmp(a, "--uint32-damage")) opt.uint32_damage = true;
        else if (!strcmp(a, "--int32-damage")) opt.int32_damage = true;
        else {
            fprintf(stderr, "usage: shm-client [--frames N] [--seal] [--int32-damage] [--stride-in-pixels | --truncate |"
                            " --destroy-while-shown | --seal-and-grow | --write-before-release | --uint32-damage]\n");
            return 2;
        }
    }
    // The torn frame needs a few half-damaged frames first (see learn-shm.md).
    if (opt.write_before_release && opt.frames < 6) opt.frames = 6;

    display = wl_display_connect(NULL);
    if (!display) { fprintf(stderr, "shm-client: no compositor (WAYLAND_DISPLAY?)\n"); return 2; }
    wl_registry_add_listener(wl_display_get_registry(display), &registry_listener, NULL);
    wl_display_roundtrip(display);
    if (!compositor || !shm || !wm_base) { fprintf(stderr, "shm-client: missing globals\n"); return 2; }
    xdg_wm_base_add_listener(wm_base, &wm_base_listener, NULL);

    // 1. The window, and the initial commit: no buffer yet. It asks for a configure.
    struct wl_surface *surface = wl_compositor_create_surface(compositor);
    struct xdg_surface *xdg = xdg_wm_base_get_xdg_surface(wm_base, surface);
    xdg_surface_add_listener(xdg, &xdg_surface_listener, NULL);
    struct xdg_toplevel *toplevel = xdg_surface_get_toplevel(xdg);
    xdg_toplevel_add_listener(toplevel, &toplevel_listener, NULL);
    xdg_toplevel_set_title(toplevel, "shm-client");
    wl_surface_commit(surface);
    while (!configured) DISPATCH();

    // 2. The pool: a memfd, mapped here, whose fd travels to the compositor in
    //    the socket's ancillary data (SCM_RIGHTS); the compositor maps it too.
    const int32_t size = STRIDE * H * 2;
    int fd = memfd_create("shm-client", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0 || ftruncate(fd, size) < 0) { perror("shm-client: memfd"); return 2; }
    // F_SEAL_SHRINK: the file can never shrink, so reads inside it cannot fault.
    if (opt.seal && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) < 0) { perror("shm-client: seal"); return 2; }
    uint32_t *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) { perror("shm-client: mmap"); return 2; }
    struct wl_shm_pool *pool = wl_shm_create_pool(shm, fd, size);

    // 3. Two buffers in the pool. The stride is in BYTES.
    for (int i = 0; i < 2; i++) {
        buffers[i].pixels = map + i * (STRIDE / 4) * H;
        buffers[i].wl = wl_shm_pool_create_buffer(pool, i * STRIDE * H, W, H,
                                                  opt.stride_in_pixels ? W : STRIDE, WL_SHM_FORMAT_XRGB8888);
        wl_buffer_add_listener(buffers[i].wl, &buffer_listener, &buffers[i]);
    }
    // The buffers keep the compositor's mapping alive: the pool object is only
    // needed to make buffers or resize, so it may go right away.
    if (!opt.seal_and_grow) { wl_shm_pool_destroy(pool); pool = NULL; }

    // 4. Frames.
    for (int frame = 0; frame < opt.frames; frame++) {
        struct buffer *b = free_buffer();
        fill(b, frame == opt.frames - 1 ? kOrange : kBlue);
        show(surface, b, frame);
        if (frame > 0) continue;
        // The first frame is on screen: now the mistakes that need one.
        if (opt.truncate) { // cut the file under the shown buffer, then ask for a repaint
            if (ftruncate(fd, 0) < 0) return 2;
            show(surface, NULL, 1);
            break;
        } else if (opt.seal_and_grow) { // a bigger pool, but the sealed file stays small
            wl_shm_pool_resize(pool, size * 2);
            if (wl_display_roundtrip(display) < 0) return report_error();
            break;
        } else if (opt.destroy_while_shown) { // then reuse its memory and ask for a repaint
            wl_buffer_destroy(b->wl);
            wl_display_roundtrip(display); // the compositor has seen the destroy
            fill(b, kOrange);
            show(surface, NULL, 1);
            break;
        }
    }
    if (wl_display_roundtrip(display) < 0) return report_error();
    wl_display_disconnect(display);
    return 0;
}
