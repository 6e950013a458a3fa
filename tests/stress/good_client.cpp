#include "good_client.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "xdg-shell-client-protocol.h"

namespace stress {

namespace {
constexpr int32_t kSize = 64;        // window and buffer size, in pixels
constexpr int32_t kStride = kSize * 4;
constexpr int32_t kSquare = 16;      // the part redrawn and damaged each frame
constexpr uint32_t kBackground = 0xff203040;
} // namespace

// One connection, driven entirely by events so that a single thread can run
// dozens of them: nothing here ever blocks on the compositor.
class GoodClient {
public:
    GoodClient(const std::string& socket, int index);
    ~GoodClient();
    GoodClient(const GoodClient&) = delete;
    GoodClient& operator=(const GoodClient&) = delete;

    // The poll loop's two halves (libwayland's prepare_read protocol, so that
    // events are only read after poll() said so). prepare() returns false
    // once the connection is dead: leave it out of poll().
    bool prepare(pollfd* pfd);
    void process(const pollfd& pfd);

    GoodStats finish();

private:
    struct Slot {
        std::unique_ptr<ShmFile> file;
        wl_buffer* buffer = nullptr;
        bool busy = false; // attached and not yet released
    };

    void fail(const char* why = nullptr);
    void create_window();
    void draw_and_commit();
    Slot* free_slot();

    void on_global(wl_registry* registry, uint32_t name, const char* interface, uint32_t version);
    void on_configure(uint32_t serial);
    void on_frame_done(wl_callback* callback);
    void on_release(wl_buffer* buffer);

    static const wl_registry_listener kRegistryListener;
    static const wl_callback_listener kGlobalsDoneListener;
    static const xdg_wm_base_listener kWmBaseListener;
    static const xdg_surface_listener kXdgSurfaceListener;
    static const xdg_toplevel_listener kToplevelListener;
    static const wl_callback_listener kFrameListener;
    static const wl_buffer_listener kBufferListener;

    int index_;
    wl_display* display_ = nullptr;
    wl_registry* registry_ = nullptr;
    wl_compositor* compositor_ = nullptr;
    wl_shm* shm_ = nullptr;
    xdg_wm_base* wm_base_ = nullptr;
    wl_surface* surface_ = nullptr;
    xdg_surface* xdg_surface_ = nullptr;
    xdg_toplevel* toplevel_ = nullptr;
    wl_callback* frame_ = nullptr;
    Slot slots_[2];

    bool dead_ = false;
    bool reading_ = false;         // between prepare_read and read/cancel
    bool drawing_ = false;         // first configure acked: animation running
    bool waiting_for_buffer_ = false;
    Clock::time_point last_progress_; // mapping request or last frame callback
    GoodStats stats_;
};

GoodClient::GoodClient(const std::string& socket, int index) : index_(index) {
    display_ = wl_display_connect(socket.c_str());
    if (!display_) {
        stats_.error = std::string("cannot connect: ") + std::strerror(errno);
        dead_ = true;
        return;
    }
    registry_ = wl_display_get_registry(display_);
    wl_registry_add_listener(registry_, &kRegistryListener, this);
    // The sync's reply comes after every global has been announced.
    wl_callback_add_listener(wl_display_sync(display_), &kGlobalsDoneListener, this);
}

GoodClient::~GoodClient() {
    if (!display_) return;
    if (frame_) wl_callback_destroy(frame_);
    for (Slot& slot : slots_)
        if (slot.buffer) wl_buffer_destroy(slot.buffer);
    if (toplevel_) xdg_toplevel_destroy(toplevel_);
    if (xdg_surface_) xdg_surface_destroy(xdg_surface_);
    if (surface_) wl_surface_destroy(surface_);
    if (wm_base_) xdg_wm_base_destroy(wm_base_);
    if (shm_) wl_shm_destroy(shm_);
    if (compositor_) wl_compositor_destroy(compositor_);
    if (registry_) wl_registry_destroy(registry_);
    if (reading_) wl_display_cancel_read(display_);
    wl_display_disconnect(display_);
}

void GoodClient::fail(const char* why) {
    if (dead_) return;
    dead_ = true;
    stats_.error = why ? why : connection_error(display_);
    if (stats_.error.empty()) stats_.error = "connection failed";
    stats_.message = take_client_log();
}

bool GoodClient::prepare(pollfd* pfd) {
    if (dead_) return false;
    while (wl_display_prepare_read(display_) != 0) {
        if (wl_display_dispatch_pending(display_) < 0) {
            fail();
            return false;
        }
    }
    reading_ = true;
    const int flushed = wl_display_flush(display_);
    const int flush_errno = errno;
    // EPIPE: the compositor hung up; what it sent before (a protocol error?)
    // is still to be read, so poll on and let the read report it.
    if (flushed < 0 && flush_errno != EAGAIN && flush_errno != EPIPE) {
        wl_display_cancel_read(display_);
        reading_ = false;
        fail();
        return false;
    }
    pfd->fd = wl_display_get_fd(display_);
    // EAGAIN: the socket is full; poll for room to send the rest.
    pfd->events = POLLIN | (flushed < 0 && flush_errno == EAGAIN ? POLLOUT : 0);
    pfd->revents = 0;
    return true;
}

void GoodClient::process(const pollfd& pfd) {
    if (!reading_) return;
    reading_ = false;
    if (pfd.revents & (POLLIN | POLLERR | POLLHUP)) {
        if (wl_display_read_events(display_) < 0) {
            fail();
            return;
        }
    } else {
        wl_display_cancel_read(display_);
    }
    if (wl_display_dispatch_pending(display_) < 0) fail();
}

GoodStats GoodClient::finish() {
    // A client still waiting for its first (or next) callback counts too.
    if (!dead_ && (drawing_ || surface_))
        stats_.longest_gap_ms = std::max(stats_.longest_gap_ms, ms_between(last_progress_, Clock::now()));
    return stats_;
}

void GoodClient::on_global(wl_registry* registry, uint32_t name, const char* interface,
                           uint32_t version) {
    const std::string iface = interface;
    // wl_compositor 4 has damage_buffer; nothing newer is needed.
    if (iface == wl_compositor_interface.name) {
        compositor_ = static_cast<wl_compositor*>(
            wl_registry_bind(registry, name, &wl_compositor_interface, std::min(version, 4u)));
    } else if (iface == wl_shm_interface.name) {
        shm_ = static_cast<wl_shm*>(wl_registry_bind(registry, name, &wl_shm_interface, 1));
    } else if (iface == xdg_wm_base_interface.name) {
        wm_base_ = static_cast<xdg_wm_base*>(wl_registry_bind(registry, name, &xdg_wm_base_interface, 1));
        xdg_wm_base_add_listener(wm_base_, &kWmBaseListener, this);
    }
}

void GoodClient::create_window() {
    if (!compositor_ || !shm_ || !wm_base_) return fail("wl_compositor, wl_shm or xdg_wm_base missing");
    for (Slot& slot : slots_) {
        slot.file = std::make_unique<ShmFile>(size_t(kStride) * kSize);
        if (!slot.file->ok()) return fail("cannot make a memfd");
        fill_rect(slot.file->data(), kStride, 0, 0, kSize, kSize, kBackground);
        wl_shm_pool* pool = wl_shm_create_pool(shm_, slot.file->fd(), int32_t(slot.file->size()));
        slot.buffer = wl_shm_pool_create_buffer(pool, 0, kSize, kSize, kStride, WL_SHM_FORMAT_XRGB8888);
        // The buffer keeps the pool's memory alive (wayland.xml wl_shm_pool.destroy).
        wl_shm_pool_destroy(pool);
        wl_buffer_add_listener(slot.buffer, &kBufferListener, this);
    }
    surface_ = wl_compositor_create_surface(compositor_);
    xdg_surface_ = xdg_wm_base_get_xdg_surface(wm_base_, surface_);
    xdg_surface_add_listener(xdg_surface_, &kXdgSurfaceListener, this);
    toplevel_ = xdg_surface_get_toplevel(xdg_surface_);
    xdg_toplevel_add_listener(toplevel_, &kToplevelListener, this);
    xdg_toplevel_set_title(toplevel_, ("stress good " + std::to_string(index_)).c_str());
    // xdg-shell.xml: the initial commit, without a buffer, asks for a configure.
    wl_surface_commit(surface_);
    last_progress_ = Clock::now();
}

void GoodClient::on_configure(uint32_t serial) {
    xdg_surface_ack_configure(xdg_surface_, serial);
    if (drawing_) return; // the next frame's commit applies the ack
    drawing_ = true;
    draw_and_commit();
}

GoodClient::Slot* GoodClient::free_slot() {
    for (Slot& slot : slots_)
        if (!slot.busy) return &slot;
    return nullptr;
}

void GoodClient::draw_and_commit() {
    Slot* slot = free_slot();
    if (!slot) {
        // Both buffers are still the compositor's: wait for a release
        // rather than write into memory it may be reading.
        waiting_for_buffer_ = true;
        return;
    }
    waiting_for_buffer_ = false;
    const auto n = int32_t(stats_.frames);
    const int32_t x = (n * 3) % (kSize - kSquare), y = (n * 7) % (kSize - kSquare);
    fill_rect(slot->file->data(), kStride, x, y, kSquare, kSquare, 0xff000000u | uint32_t(n * 0x010305));

    wl_surface_attach(surface_, slot->buffer, 0, 0);
    wl_surface_damage_buffer(surface_, x, y, kSquare, kSquare);
    frame_ = wl_surface_frame(surface_);
    wl_callback_add_listener(frame_, &kFrameListener, this);
    wl_surface_commit(surface_);
    slot->busy = true;
}

void GoodClient::on_frame_done(wl_callback* callback) {
    wl_callback_destroy(callback);
    frame_ = nullptr;
    const auto now = Clock::now();
    stats_.longest_gap_ms = std::max(stats_.longest_gap_ms, ms_between(last_progress_, now));
    last_progress_ = now;
    ++stats_.frames;
    draw_and_commit();
}

void GoodClient::on_release(wl_buffer* buffer) {
    for (Slot& slot : slots_)
        if (slot.buffer == buffer) slot.busy = false;
    if (waiting_for_buffer_) draw_and_commit();
}

const wl_registry_listener GoodClient::kRegistryListener = {
    [](void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t version) {
        static_cast<GoodClient*>(data)->on_global(registry, name, interface, version);
    },
    [](void*, wl_registry*, uint32_t) {},
};

const wl_callback_listener GoodClient::kGlobalsDoneListener = {
    [](void* data, wl_callback* callback, uint32_t) {
        wl_callback_destroy(callback);
        static_cast<GoodClient*>(data)->create_window();
    },
};

const xdg_wm_base_listener GoodClient::kWmBaseListener = {
    [](void*, xdg_wm_base* base, uint32_t serial) { xdg_wm_base_pong(base, serial); },
};

const xdg_surface_listener GoodClient::kXdgSurfaceListener = {
    [](void* data, xdg_surface*, uint32_t serial) { static_cast<GoodClient*>(data)->on_configure(serial); },
};

const xdg_toplevel_listener GoodClient::kToplevelListener = {
    [](void*, xdg_toplevel*, int32_t, int32_t, wl_array*) {}, // we keep our own size
    [](void*, xdg_toplevel*) {},                              // close: we were not asked to
    [](void*, xdg_toplevel*, int32_t, int32_t) {},            // configure_bounds (v4)
    [](void*, xdg_toplevel*, wl_array*) {},                   // wm_capabilities (v5)
};

const wl_callback_listener GoodClient::kFrameListener = {
    [](void* data, wl_callback* callback, uint32_t) {
        static_cast<GoodClient*>(data)->on_frame_done(callback);
    },
};

const wl_buffer_listener GoodClient::kBufferListener = {
    [](void* data, wl_buffer* buffer) { static_cast<GoodClient*>(data)->on_release(buffer); },
};

GoodClientGroup::GoodClientGroup(const std::string& socket, int count)
    : socket_(socket), count_(count), thread_([this] { run(); }) {}

GoodClientGroup::~GoodClientGroup() { stop(); }

std::vector<GoodStats> GoodClientGroup::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    return results_;
}

void GoodClientGroup::run() {
    for (int i = 0; i < count_; ++i) clients_.push_back(std::make_unique<GoodClient>(socket_, i));

    std::vector<pollfd> fds(clients_.size());
    std::vector<GoodClient*> polled(clients_.size());
    while (!stopping_) {
        size_t n = 0;
        for (auto& client : clients_)
            if (client->prepare(&fds[n])) polled[n++] = client.get();
        if (n == 0) break; // every client died: nothing left to measure
        // A short timeout only so that stop() is noticed.
        poll(fds.data(), nfds_t(n), 100);
        for (size_t i = 0; i < n; ++i) polled[i]->process(fds[i]);
    }

    for (auto& client : clients_) results_.push_back(client->finish());
    clients_.clear(); // disconnects
}

} // namespace stress
