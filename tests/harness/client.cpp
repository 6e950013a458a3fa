#include "harness/client.hpp"

#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
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

const wl_seat_listener seat_listener = {
    [](void* data, wl_seat*, uint32_t capabilities) {
        auto* client = static_cast<TestClient*>(data);
        client->seat_capabilities = capabilities;
        ++client->seat_capability_events;
    },
    [](void* data, wl_seat*, const char* name) { static_cast<TestClient*>(data)->seat_name = name; },
};

void record(void* data, PointerEvent e) { static_cast<Pointer*>(data)->events.push_back(e); }

const wl_pointer_listener pointer_listener = {
    /* enter */
    [](void* data, wl_pointer*, uint32_t serial, wl_surface* surface, wl_fixed_t x, wl_fixed_t y) {
        auto* p = static_cast<Pointer*>(data);
        p->focus = surface;
        p->enter_serial = serial;
        PointerEvent e;
        e.type = PointerEvent::Enter, e.serial = serial, e.surface = surface;
        e.x = wl_fixed_to_double(x), e.y = wl_fixed_to_double(y);
        record(data, e);
    },
    /* leave */
    [](void* data, wl_pointer*, uint32_t serial, wl_surface* surface) {
        static_cast<Pointer*>(data)->focus = nullptr;
        PointerEvent e;
        e.type = PointerEvent::Leave, e.serial = serial, e.surface = surface;
        record(data, e);
    },
    /* motion */
    [](void* data, wl_pointer*, uint32_t time, wl_fixed_t x, wl_fixed_t y) {
        PointerEvent e;
        e.type = PointerEvent::Motion, e.time = time;
        e.x = wl_fixed_to_double(x), e.y = wl_fixed_to_double(y);
        record(data, e);
    },
    /* button */
    [](void* data, wl_pointer*, uint32_t serial, uint32_t time, uint32_t button, uint32_t state) {
        PointerEvent e;
        e.type = PointerEvent::Button, e.serial = serial, e.time = time, e.button = button, e.state = state;
        record(data, e);
    },
    /* axis */
    [](void* data, wl_pointer*, uint32_t time, uint32_t axis, wl_fixed_t value) {
        PointerEvent e;
        e.type = PointerEvent::Axis, e.time = time, e.axis = axis, e.value = wl_fixed_to_double(value);
        record(data, e);
    },
    /* frame */ [](void* data, wl_pointer*) { record(data, PointerEvent{PointerEvent::Frame}); },
    /* axis_source */
    [](void* data, wl_pointer*, uint32_t source) {
        PointerEvent e;
        e.type = PointerEvent::AxisSource, e.source = source;
        record(data, e);
    },
    /* axis_stop */
    [](void* data, wl_pointer*, uint32_t time, uint32_t axis) {
        PointerEvent e;
        e.type = PointerEvent::AxisStop, e.time = time, e.axis = axis;
        record(data, e);
    },
    /* axis_discrete */
    [](void* data, wl_pointer*, uint32_t axis, int32_t discrete) {
        PointerEvent e;
        e.type = PointerEvent::AxisDiscrete, e.axis = axis, e.discrete = discrete;
        record(data, e);
    },
    /* axis_value120 */
    [](void* data, wl_pointer*, uint32_t axis, int32_t value120) {
        PointerEvent e;
        e.type = PointerEvent::AxisValue120, e.axis = axis, e.discrete = value120;
        record(data, e);
    },
};

const wl_keyboard_listener keyboard_listener = {
    /* keymap */
    [](void* data, wl_keyboard*, uint32_t format, int32_t fd, uint32_t size) {
        auto* k = static_cast<Keyboard*>(data);
        if (k->keymap_fd >= 0) close(k->keymap_fd);
        k->keymap_fd = fd;
        k->keymap_format = format;
        k->keymap_size = size;
        ++k->keymaps;
    },
    /* enter */
    [](void* data, wl_keyboard*, uint32_t serial, wl_surface* surface, wl_array* keys) {
        auto* k = static_cast<Keyboard*>(data);
        k->focus = surface;
        k->enter_serial = serial;
        ++k->enters;
        k->enter_keys.assign(static_cast<uint32_t*>(keys->data),
                             static_cast<uint32_t*>(keys->data) + keys->size / sizeof(uint32_t));
    },
    /* leave */
    [](void* data, wl_keyboard*, uint32_t, wl_surface*) {
        auto* k = static_cast<Keyboard*>(data);
        k->focus = nullptr;
        ++k->leaves;
    },
    /* key */
    [](void* data, wl_keyboard*, uint32_t serial, uint32_t time, uint32_t key, uint32_t state) {
        static_cast<Keyboard*>(data)->keys.push_back({serial, time, key, state});
    },
    /* modifiers */
    [](void* data, wl_keyboard*, uint32_t, uint32_t depressed, uint32_t latched, uint32_t locked,
       uint32_t group) {
        auto* k = static_cast<Keyboard*>(data);
        k->mods_depressed = depressed, k->mods_latched = latched, k->mods_locked = locked, k->group = group;
        ++k->modifier_events;
    },
    /* repeat_info */
    [](void* data, wl_keyboard*, int32_t rate, int32_t delay) {
        auto* k = static_cast<Keyboard*>(data);
        k->repeat_rate = rate, k->repeat_delay = delay;
    },
};

const wl_data_offer_listener data_offer_listener = {
    /* offer */
    [](void* data, wl_data_offer*, const char* mime) { static_cast<DataOffer*>(data)->mime_types.emplace_back(mime); },
    /* source_actions */ [](void*, wl_data_offer*, uint32_t) {},
    /* action */ [](void*, wl_data_offer*, uint32_t) {},
};

DataOffer* find_offer(DataDevice* d, wl_data_offer* offer) {
    for (auto& o : d->offers)
        if (o->offer == offer) return o.get();
    return nullptr;
}

const wl_data_device_listener data_device_listener = {
    /* data_offer */
    [](void* data, wl_data_device*, wl_data_offer* offer) {
        auto* d = static_cast<DataDevice*>(data);
        auto o = std::make_unique<DataOffer>();
        o->offer = offer;
        wl_data_offer_add_listener(offer, &data_offer_listener, o.get());
        d->offers.push_back(std::move(o));
    },
    /* enter */ [](void*, wl_data_device*, uint32_t, wl_surface*, wl_fixed_t, wl_fixed_t, wl_data_offer*) {},
    /* leave */ [](void*, wl_data_device*) {},
    /* motion */ [](void*, wl_data_device*, uint32_t, wl_fixed_t, wl_fixed_t) {},
    /* drop */ [](void*, wl_data_device*) {},
    /* selection */
    [](void* data, wl_data_device*, wl_data_offer* offer) {
        auto* d = static_cast<DataDevice*>(data);
        d->selection = offer ? find_offer(d, offer) : nullptr;
        ++d->selection_events;
    },
};

const wl_data_source_listener data_source_listener = {
    /* target */ [](void*, wl_data_source*, const char*) {},
    /* send */
    [](void* data, wl_data_source*, const char* mime, int32_t fd) {
        static_cast<DataSource*>(data)->sends.push_back({mime, fd});
    },
    /* cancelled */ [](void* data, wl_data_source*) { static_cast<DataSource*>(data)->cancelled = true; },
    /* dnd_drop_performed */ [](void*, wl_data_source*) {},
    /* dnd_finished */ [](void*, wl_data_source*) {},
    /* action */ [](void*, wl_data_source*, uint32_t) {},
};
} // namespace

Pointer::~Pointer() {
    if (!pointer) return;
    if (wl_pointer_get_version(pointer) >= WL_POINTER_RELEASE_SINCE_VERSION) wl_pointer_release(pointer);
    else wl_pointer_destroy(pointer);
}

size_t Pointer::count(PointerEvent::Type type) const {
    return size_t(std::count_if(events.begin(), events.end(), [&](const PointerEvent& e) { return e.type == type; }));
}

const PointerEvent* Pointer::last(PointerEvent::Type type) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->type == type) return &*it;
    return nullptr;
}

Keyboard::~Keyboard() {
    if (keymap_fd >= 0) close(keymap_fd);
    if (!keyboard) return;
    if (wl_keyboard_get_version(keyboard) >= WL_KEYBOARD_RELEASE_SINCE_VERSION) wl_keyboard_release(keyboard);
    else wl_keyboard_destroy(keyboard);
}

DataOffer::~DataOffer() {
    if (offer) wl_data_offer_destroy(offer);
}

DataDevice::~DataDevice() {
    offers.clear();
    if (!device) return;
    if (wl_data_device_get_version(device) >= WL_DATA_DEVICE_RELEASE_SINCE_VERSION) wl_data_device_release(device);
    else wl_data_device_destroy(device);
}

DataSource::~DataSource() {
    for (Send& s : sends)
        if (s.fd >= 0) close(s.fd);
    if (source) wl_data_source_destroy(source);
}

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

void Buffer::fill_with(const std::function<uint32_t(int32_t, int32_t)>& pixel) {
    for (int32_t y = 0; y < height; ++y) {
        auto* p = reinterpret_cast<uint32_t*>(row(y));
        for (int32_t x = 0; x < width; ++x) p[x] = pixel(x, y);
    }
}

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
    start();
}

TestClient::TestClient(Server& server, const std::string& socket_name) : server_(server) {
    // The server accepts when it dispatches; note the client it creates then.
    struct Created : wl_listener {
        wl_client* client = nullptr;
    } created;
    created.notify = [](wl_listener* l, void* data) {
        auto* self = static_cast<Created*>(l);
        if (!self->client) self->client = static_cast<wl_client*>(data);
    };
    wl_display_add_client_created_listener(server.display(), &created);
    display_ = wl_display_connect(socket_name.c_str());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (display_ && !created.client && std::chrono::steady_clock::now() < deadline) server.dispatch(1);
    wl_list_remove(&created.link);
    if (!display_) throw std::runtime_error("wl_display_connect " + socket_name);
    if (!created.client) {
        wl_display_disconnect(display_);
        throw std::runtime_error("the server did not accept the connection");
    }
    server_client_ = created.client;
    client_destroy_.set_callback([this](void*) { server_client_ = nullptr; });
    client_destroy_.connect_client_destroy(server_client_);
    start();
}

void TestClient::start() {
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
    if (data_device_manager) wl_data_device_manager_destroy(data_device_manager);
    if (seat) {
        if (wl_seat_get_version(seat) >= WL_SEAT_RELEASE_SINCE_VERSION) wl_seat_release(seat);
        else wl_seat_destroy(seat);
    }
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
    } else if (iface == "wl_seat" && !self->seat) {
        self->seat = static_cast<wl_seat*>(wl_registry_bind(registry, name, &wl_seat_interface, std::min(version, 8u)));
        wl_seat_add_listener(self->seat, &seat_listener, self);
    } else if (iface == "wl_data_device_manager") {
        self->data_device_manager = static_cast<wl_data_device_manager*>(
            wl_registry_bind(registry, name, &wl_data_device_manager_interface, std::min(version, 3u)));
    }
}

std::unique_ptr<Pointer> TestClient::get_pointer() {
    auto p = std::make_unique<Pointer>();
    p->pointer = wl_seat_get_pointer(seat);
    wl_pointer_add_listener(p->pointer, &pointer_listener, p.get());
    return p;
}

std::unique_ptr<Keyboard> TestClient::get_keyboard() {
    auto k = std::make_unique<Keyboard>();
    k->keyboard = wl_seat_get_keyboard(seat);
    wl_keyboard_add_listener(k->keyboard, &keyboard_listener, k.get());
    return k;
}

std::unique_ptr<DataDevice> TestClient::get_data_device() {
    auto d = std::make_unique<DataDevice>();
    d->device = wl_data_device_manager_get_data_device(data_device_manager, seat);
    wl_data_device_add_listener(d->device, &data_device_listener, d.get());
    return d;
}

std::unique_ptr<DataSource> TestClient::make_data_source(const std::vector<std::string>& mime_types) {
    auto s = std::make_unique<DataSource>();
    s->source = wl_data_device_manager_create_data_source(data_device_manager);
    wl_data_source_add_listener(s->source, &data_source_listener, s.get());
    for (const std::string& m : mime_types) wl_data_source_offer(s->source, m.c_str());
    return s;
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

std::unique_ptr<Toplevel> TestClient::new_toplevel() {
    auto t = std::make_unique<Toplevel>();
    t->surface = wl_compositor_create_surface(compositor);
    t->xdg = xdg_wm_base_get_xdg_surface(wm_base, t->surface);
    xdg_surface_add_listener(t->xdg, &xdg_surface_listener_impl, t.get());
    t->toplevel = xdg_surface_get_toplevel(t->xdg);
    xdg_toplevel_add_listener(t->toplevel, &toplevel_listener, t.get());
    return t;
}

std::unique_ptr<Toplevel> TestClient::make_toplevel() {
    auto t = new_toplevel();
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

bool dispatch_until(std::initializer_list<TestClient*> clients, const std::function<bool()>& pred,
                    int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!pred()) {
        for (TestClient* c : clients)
            if (!c->iterate(1)) return pred();
        if (std::chrono::steady_clock::now() > deadline) return pred();
    }
    return true;
}

namespace {
const xdg_popup_listener popup_listener = {
    /* configure */ [](void* d, xdg_popup*, int32_t x, int32_t y, int32_t w, int32_t h) {
        auto* e = static_cast<PopupEvents*>(d);
        e->x = x, e->y = y, e->width = w, e->height = h;
    },
    /* popup_done */ [](void* d, xdg_popup*) { static_cast<PopupEvents*>(d)->done = true; },
    /* repositioned */ [](void* d, xdg_popup*, uint32_t token) { static_cast<PopupEvents*>(d)->repositioned = token; },
};
const xdg_surface_listener popup_surface_listener = {
    /* configure */ [](void* d, xdg_surface*, uint32_t serial) {
        auto* e = static_cast<PopupEvents*>(d);
        e->serial = serial;
        ++e->configures;
    },
};
} // namespace

void listen_to_popup(xdg_surface* xdg, xdg_popup* popup, PopupEvents* events) {
    xdg_surface_add_listener(xdg, &popup_surface_listener, events);
    xdg_popup_add_listener(popup, &popup_listener, events);
}

} // namespace shoji::test
