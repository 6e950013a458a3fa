#include "harness/client.hpp"

#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

#include "server.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shm/shm_formats.hpp"
#include "surface/wl_surface.hpp"

namespace shoji::test {

namespace {
int bytes_per_pixel(uint32_t format) {
    const ShmFormat* f = find_shm_format(format);
    return f ? f->bytes_per_pixel : 4;
}

const wl_shm_listener shm_listener = {
    [](void* data, wl_shm*, uint32_t format) {
        auto* client = static_cast<TestClient*>(data);
        client->shm_formats.insert(format);
        ++client->shm_format_events;
    },
};

const xdg_wm_base_listener wm_base_listener = {
    [](void* data, xdg_wm_base* base, uint32_t serial) {
        xdg_wm_base_pong(base, serial);
        ++static_cast<TestClient*>(data)->pings_answered;
    },
};

const wl_buffer_listener buffer_listener = {
    [](void* data, wl_buffer*) { static_cast<Buffer*>(data)->released = true; },
};

const xdg_surface_listener xdg_surface_listener_impl = {
    [](void* data, xdg_surface*, uint32_t serial) {
        auto* t = static_cast<Toplevel*>(data);
        t->last_serial = serial;
        ++t->configures;
    },
};

const xdg_toplevel_listener toplevel_listener = {
    [](void* data, xdg_toplevel*, int32_t w, int32_t h, wl_array* states) {
        auto* t = static_cast<Toplevel*>(data);
        t->configured_width = w;
        t->configured_height = h;
        t->states.assign(static_cast<uint32_t*>(states->data),
                         static_cast<uint32_t*>(states->data) + states->size / sizeof(uint32_t));
    },
    [](void* data, xdg_toplevel*) { static_cast<Toplevel*>(data)->closed = true; },
    [](void*, xdg_toplevel*, int32_t, int32_t) {},  // configure_bounds
    [](void*, xdg_toplevel*, wl_array*) {},         // wm_capabilities
};
} // namespace

Pool::~Pool() {
    if (pool) wl_shm_pool_destroy(pool);
    if (data) munmap(data, size);
    if (fd >= 0) close(fd);
}

void Pool::resize(size_t new_size) {
    if (ftruncate(fd, off_t(new_size)) != 0) throw std::runtime_error("ftruncate");
    munmap(data, size);
    data = static_cast<uint8_t*>(mmap(nullptr, new_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    size = new_size;
    wl_shm_pool_resize(pool, int32_t(new_size));
}

Buffer::~Buffer() {
    if (buffer) wl_buffer_destroy(buffer);
}

void Buffer::fill(uint32_t pixel) { fill_rect(0, 0, width, height, pixel); }

void Buffer::fill_rect(int32_t x, int32_t y, int32_t w, int32_t h, uint32_t pixel) {
    for (int32_t j = y; j < y + h; ++j) {
        auto* p = reinterpret_cast<uint32_t*>(row(j));
        for (int32_t i = x; i < x + w; ++i) p[i] = pixel;
    }
}

Toplevel::~Toplevel() {
    if (toplevel) xdg_toplevel_destroy(toplevel);
    if (xdg) xdg_surface_destroy(xdg);
    if (surface) wl_surface_destroy(surface);
}

TestClient::TestClient(Server& server) : server_(server) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) throw std::runtime_error("socketpair");
    server_client_ = wl_client_create(server.display(), fds[0]);
    if (!server_client_) throw std::runtime_error("wl_client_create");
    client_destroy_.set_callback([this](void*) { server_client_ = nullptr; });
    client_destroy_.connect_client_destroy(server_client_);
    display_ = wl_display_connect_to_fd(fds[1]);
    if (!display_) throw std::runtime_error("wl_display_connect_to_fd");

    registry_ = wl_display_get_registry(display_);
    static const wl_registry_listener registry_listener = {handle_global, [](void*, wl_registry*, uint32_t) {}};
    wl_registry_add_listener(registry_, &registry_listener, this);
    roundtrip();
    roundtrip(); // shm formats
}

TestClient::~TestClient() {
    client_destroy_.disconnect();
    if (wm_base) xdg_wm_base_destroy(wm_base);
    if (shm) wl_shm_destroy(shm);
    if (subcompositor) wl_subcompositor_destroy(subcompositor);
    if (compositor) wl_compositor_destroy(compositor);
    if (registry_) wl_registry_destroy(registry_);
    wl_display_flush(display_);
    wl_display_disconnect(display_);
    // Let the server notice the hang-up.
    for (int i = 0; i < 3; ++i) server_.dispatch(0);
}

void TestClient::handle_global(void* data, wl_registry* registry, uint32_t name,
                               const char* interface, uint32_t version) {
    auto* self = static_cast<TestClient*>(data);
    self->globals[interface] = version;
    const std::string iface = interface;
    if (iface == "wl_compositor") {
        self->compositor = static_cast<wl_compositor*>(wl_registry_bind(registry, name, &wl_compositor_interface, version));
    } else if (iface == "wl_shm") {
        ++self->shm_global_count;
        if (self->shm) return;
        self->shm = static_cast<wl_shm*>(wl_registry_bind(registry, name, &wl_shm_interface, 1));
        wl_shm_add_listener(self->shm, &shm_listener, self);
    } else if (iface == "wl_subcompositor") {
        self->subcompositor = static_cast<wl_subcompositor*>(wl_registry_bind(registry, name, &wl_subcompositor_interface, 1));
    } else if (iface == "xdg_wm_base") {
        self->wm_base = static_cast<xdg_wm_base*>(wl_registry_bind(registry, name, &xdg_wm_base_interface, version));
        xdg_wm_base_add_listener(self->wm_base, &wm_base_listener, self);
    }
}

bool TestClient::iterate(int timeout_ms) {
    wl_display_flush(display_);
    server_.dispatch(timeout_ms);
    while (wl_display_prepare_read(display_) != 0) wl_display_dispatch_pending(display_);
    pollfd pfd{wl_display_get_fd(display_), POLLIN, 0};
    if (poll(&pfd, 1, 0) > 0) wl_display_read_events(display_);
    else wl_display_cancel_read(display_);
    wl_display_dispatch_pending(display_);
    return !has_error();
}

bool TestClient::dispatch_until(const std::function<bool()>& pred, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!pred()) {
        if (!iterate() || std::chrono::steady_clock::now() > deadline) return pred();
    }
    return true;
}

bool TestClient::roundtrip() {
    bool done = false;
    wl_callback* cb = wl_display_sync(display_);
    static const wl_callback_listener listener = {
        [](void* data, wl_callback*, uint32_t) { *static_cast<bool*>(data) = true; }};
    wl_callback_add_listener(cb, &listener, &done);
    const bool ok = dispatch_until([&] { return done; });
    wl_callback_destroy(cb);
    return ok && !has_error();
}

uint32_t TestClient::error_code(const wl_interface** iface, uint32_t* id) const {
    const wl_interface* i = nullptr;
    uint32_t object = 0;
    const uint32_t code = wl_display_get_protocol_error(display_, &i, &object);
    if (iface) *iface = i;
    if (id) *id = object;
    return code;
}

std::unique_ptr<Pool> TestClient::make_pool(size_t size) {
    auto pool = std::make_unique<Pool>();
    pool->fd = memfd_create("shoji-test-pool", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (pool->fd < 0 || ftruncate(pool->fd, off_t(size)) != 0) throw std::runtime_error("memfd");
    pool->size = size;
    pool->data = static_cast<uint8_t*>(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, pool->fd, 0));
    if (pool->data == MAP_FAILED) throw std::runtime_error("mmap");
    pool->pool = wl_shm_create_pool(shm, pool->fd, int32_t(size));
    return pool;
}

std::unique_ptr<Buffer> TestClient::make_buffer(int32_t width, int32_t height, uint32_t format,
                                                int32_t stride) {
    if (stride == 0) stride = (width * bytes_per_pixel(format) + 3) & ~3;
    auto b = std::make_unique<Buffer>();
    b->pool = make_pool(size_t(stride) * size_t(height));
    b->buffer = wl_shm_pool_create_buffer(b->pool->pool, 0, width, height, stride, format);
    wl_buffer_add_listener(b->buffer, &buffer_listener, b.get());
    b->data = b->pool->data;
    b->width = width;
    b->height = height;
    b->stride = stride;
    b->format = format;
    return b;
}

std::unique_ptr<Toplevel> TestClient::make_toplevel() {
    auto t = std::make_unique<Toplevel>();
    t->surface = wl_compositor_create_surface(compositor);
    t->xdg = xdg_wm_base_get_xdg_surface(wm_base, t->surface);
    xdg_surface_add_listener(t->xdg, &xdg_surface_listener_impl, t.get());
    t->toplevel = xdg_surface_get_toplevel(t->xdg);
    xdg_toplevel_add_listener(t->toplevel, &toplevel_listener, t.get());
    wl_surface_commit(t->surface);
    Toplevel* raw = t.get();
    if (!dispatch_until([raw] { return raw->configures > 0; })) return t;
    ack(*t);
    return t;
}

void TestClient::commit_buffer(wl_surface* surface, Buffer& buffer) {
    buffer.released = false;
    wl_surface_attach(surface, buffer.buffer, 0, 0);
    wl_surface_damage_buffer(surface, 0, 0, buffer.width, buffer.height);
    wl_surface_commit(surface);
}

wl_callback* TestClient::request_frame(wl_surface* surface, int* count, uint32_t* time) {
    wl_callback* cb = wl_surface_frame(surface);
    static const wl_callback_listener listener = {[](void* data, wl_callback* cb, uint32_t t) {
        auto* wait = static_cast<FrameWait*>(data);
        ++*wait->count;
        if (wait->time) *wait->time = t;
        wl_callback_destroy(cb);
    }};
    frame_waits_.push_back(std::make_unique<FrameWait>(FrameWait{count, time}));
    wl_callback_add_listener(cb, &listener, frame_waits_.back().get());
    return cb;
}

bool TestClient::commit_and_wait_frame(wl_surface* surface) {
    int done = 0;
    request_frame(surface, &done);
    wl_surface_commit(surface);
    return dispatch_until([&] { return done > 0; });
}

Surface* TestClient::server_surface(wl_surface* surface) const {
    wl_resource* r = wl_client_get_object(server_client_, wl_proxy_get_id(reinterpret_cast<wl_proxy*>(surface)));
    return r ? Surface::from(r) : nullptr;
}

XdgToplevel* TestClient::server_toplevel(Toplevel& t) const {
    wl_resource* r = wl_client_get_object(server_client_, wl_proxy_get_id(reinterpret_cast<wl_proxy*>(t.toplevel)));
    return r ? XdgToplevel::from(r) : nullptr;
}

} // namespace shoji::test
