// TestClient: a real libwayland client talking to an in-process Shoji over a
// socketpair, in the test's own thread.
//
// There is one thread: every wait pumps the server (Server::dispatch) and
// then reads what the server sent. Helpers make shm pools and buffers,
// surfaces and toplevels, wait for configures and frame callbacks, and
// report protocol errors as the client saw them.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <wayland-client.h>

#include "util/listener.hpp"
#include "xdg-shell-client-protocol.h"

namespace shoji {
class Server;
class Surface;
class XdgToplevel;
}

namespace shoji::test {

// A memfd-backed wl_shm_pool the client can write into.
struct Pool {
    wl_shm_pool* pool = nullptr;
    int fd = -1;
    uint8_t* data = nullptr;
    size_t size = 0;
    ~Pool();
    void resize(size_t new_size); // grows file, mapping and wl_shm_pool
};

struct Buffer {
    wl_buffer* buffer = nullptr;
    uint8_t* data = nullptr; // the first pixel row
    int32_t width = 0, height = 0, stride = 0;
    uint32_t format = 0;
    bool released = false;
    std::unique_ptr<Pool> pool; // owned if the buffer made its own pool

    ~Buffer();
    uint8_t* row(int32_t y) const { return data + size_t(y) * size_t(stride); }
    // Fills every pixel with one 32-bit value (formats of 4 bytes per pixel).
    void fill(uint32_t pixel);
    // Every pixel (x, y) set to pixel(x, y): a pattern a test can check.
    void fill_with(const std::function<uint32_t(int32_t x, int32_t y)>& pixel);
    void fill_rect(int32_t x, int32_t y, int32_t w, int32_t h, uint32_t pixel);
};

// wl_pointer events as the client saw them, in order.
struct PointerEvent {
    enum Type { Enter, Leave, Motion, Button, Axis, Frame, AxisSource, AxisStop, AxisDiscrete, AxisValue120, Other }
        type = Other;
    uint32_t serial = 0, time = 0;
    wl_surface* surface = nullptr; // enter, leave
    double x = 0, y = 0;           // enter, motion: surface-local
    uint32_t button = 0, state = 0; // button
    uint32_t axis = 0;              // axis, axis_stop, axis_discrete, axis_value120
    double value = 0;               // axis
    int32_t discrete = 0;           // axis_discrete; axis_value120 (its value120)
    uint32_t source = 0;            // axis_source
};

struct Pointer {
    wl_pointer* pointer = nullptr;
    std::vector<PointerEvent> events;
    wl_surface* focus = nullptr; // from enter, cleared by leave
    uint32_t enter_serial = 0;   // of the latest enter
    ~Pointer();
    size_t count(PointerEvent::Type type) const;
    // The latest event of a type, or null.
    const PointerEvent* last(PointerEvent::Type type) const;
};

struct KeyEvent {
    uint32_t serial, time, key, state;
};

struct Keyboard {
    wl_keyboard* keyboard = nullptr;
    int keymaps = 0;
    uint32_t keymap_format = 0, keymap_size = 0;
    int keymap_fd = -1; // owned, closed by the destructor
    int32_t repeat_rate = -1, repeat_delay = -1;
    wl_surface* focus = nullptr; // from enter, cleared by leave
    int enters = 0, leaves = 0;
    uint32_t enter_serial = 0;
    std::vector<uint32_t> enter_keys;
    std::vector<KeyEvent> keys;
    int modifier_events = 0;
    uint32_t mods_depressed = 0, mods_latched = 0, mods_locked = 0, group = 0;
    ~Keyboard();
};

// A wl_data_offer the client was given, with the MIME types it announced.
struct DataOffer {
    wl_data_offer* offer = nullptr;
    std::vector<std::string> mime_types;
    ~DataOffer();
};

struct DataDevice {
    wl_data_device* device = nullptr;
    std::vector<std::unique_ptr<DataOffer>> offers; // every data_offer event
    DataOffer* selection = nullptr;                 // the latest selection (null: none)
    int selection_events = 0;
    ~DataDevice();
};

struct DataSource {
    wl_data_source* source = nullptr;
    struct Send {
        std::string mime_type;
        int fd; // owned until taken (set to -1)
    };
    std::vector<Send> sends;
    bool cancelled = false;
    ~DataSource();
};

// What a popup was told: xdg_popup.configure (x, y, width, height),
// popup_done, repositioned (its token), and the xdg_surface.configure serial
// (configures counts those).
struct PopupEvents {
    int32_t x = 0, y = 0, width = 0, height = 0;
    int configures = 0;
    bool done = false;
    uint32_t repositioned = 0;
    uint32_t serial = 0;
};
// Adds listeners to a popup's xdg_surface and xdg_popup that fill `events`.
void listen_to_popup(xdg_surface* xdg, xdg_popup* popup, PopupEvents* events);

struct Toplevel {
    wl_surface* surface = nullptr;
    xdg_surface* xdg = nullptr;
    xdg_toplevel* toplevel = nullptr;
    uint32_t last_serial = 0;
    uint32_t acked_serial = 0;
    int configures = 0;
    int32_t configured_width = 0, configured_height = 0;
    std::vector<uint32_t> states;
    bool closed = false;
    ~Toplevel();
};

class TestClient {
public:
    explicit TestClient(Server& server);
    // Connects through one of the server's sockets (Server::add_socket), as
    // a separate program would; throws if the server does not accept it.
    TestClient(Server& server, const std::string& socket_name);
    ~TestClient();
    TestClient(const TestClient&) = delete;
    TestClient& operator=(const TestClient&) = delete;

    wl_display* display() const { return display_; }
    wl_client* server_client() const { return server_client_; }
    wl_compositor* compositor = nullptr;
    wl_shm* shm = nullptr;
    xdg_wm_base* wm_base = nullptr;
    wl_subcompositor* subcompositor = nullptr;
    // Bound when advertised (wl_seat up to v8, wl_data_device_manager up to v3).
    wl_seat* seat = nullptr;
    wl_data_device_manager* data_device_manager = nullptr;
    uint32_t seat_capabilities = 0;
    int seat_capability_events = 0;
    std::string seat_name;
    std::map<std::string, uint32_t> globals; // interface → advertised version
    std::set<uint32_t> shm_formats;
    int shm_format_events = 0; // wl_shm.format events, duplicates included
    int shm_global_count = 0;
    int pings_answered = 0;

    // Pump server and client once; false once the client has an error.
    bool iterate(int timeout_ms = 2);
    // Pump until pred() is true (true), or error/timeout (false).
    bool dispatch_until(const std::function<bool()>& pred, int timeout_ms = 5000);
    bool roundtrip();

    // The protocol error this client received, if any.
    bool has_error() const { return wl_display_get_error(display_) != 0; }
    uint32_t error_code(const wl_interface** iface = nullptr, uint32_t* id = nullptr) const;
    // Whether the server has closed this client's connection.
    bool disconnected() const { return server_client_ == nullptr; }

    std::unique_ptr<Pool> make_pool(size_t size);
    std::unique_ptr<Buffer> make_buffer(int32_t width, int32_t height,
                                        uint32_t format = WL_SHM_FORMAT_ARGB8888, int32_t stride = 0);

    // A toplevel that has done its initial commit and acked the first
    // configure (ready for a buffer).
    std::unique_ptr<Toplevel> make_toplevel();
    // Its objects only: no commit yet, nothing acked.
    std::unique_ptr<Toplevel> new_toplevel();
    // Acks the latest configure, unless it was acked already (acking a serial
    // twice is an invalid_serial error).
    void ack(Toplevel& t) {
        if (t.acked_serial == t.last_serial) return;
        xdg_surface_ack_configure(t.xdg, t.last_serial);
        t.acked_serial = t.last_serial;
    }

    // Attaches `buffer`, damages all of it (buffer coordinates), commits.
    void commit_buffer(wl_surface* surface, Buffer& buffer);
    // Requests a frame callback, commits, and waits for it. False on timeout.
    bool commit_and_wait_frame(wl_surface* surface);
    // Registers a frame callback; `count` is incremented on done.
    wl_callback* request_frame(wl_surface* surface, int* count, uint32_t* time = nullptr);

    // Seat objects, recording their events.
    std::unique_ptr<Pointer> get_pointer();
    std::unique_ptr<Keyboard> get_keyboard();
    std::unique_ptr<DataDevice> get_data_device();
    std::unique_ptr<DataSource> make_data_source(const std::vector<std::string>& mime_types);

    // Server-side objects.
    Surface* server_surface(wl_surface* surface) const;
    XdgToplevel* server_toplevel(Toplevel& t) const;

private:
    void start(); // after connecting: bind the globals
    static void handle_global(void* data, wl_registry* registry, uint32_t name,
                              const char* interface, uint32_t version);
    Server& server_;
    wl_display* display_ = nullptr;
    wl_registry* registry_ = nullptr;
    wl_client* server_client_ = nullptr;
    Listener client_destroy_;
    struct FrameWait {
        int* count;
        uint32_t* time;
    };
    std::vector<std::unique_ptr<FrameWait>> frame_waits_;
};

// Pumps every client in turn (and the server) until pred() is true (true),
// or one of them has an error or the time is up (false).
bool dispatch_until(std::initializer_list<TestClient*> clients, const std::function<bool()>& pred,
                    int timeout_ms = 5000);

} // namespace shoji::test
