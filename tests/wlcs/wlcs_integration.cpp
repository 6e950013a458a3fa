// The WLCS integration module: lets the Wayland Conformance Suite (WLCS, the
// GoogleTest suite Mir and Smithay run) drive the real compositor library,
// in-process, on the headless backend. Built as a shared module that exports
// only `wlcs_server_integration`; the runner dlopen()s it:
//   $(pkg-config --variable=test_runner wlcs) shoji-wlcs.so [gtest flags]
//
// Threading (WlcsDisplayServer version 3, start_on_this_thread only): WLCS
// creates a thread for the compositor and hands it its own event loop, through
// which every hook (create_client_socket, position_window_absolute, pointer
// input, stop) is proxied. We add that loop's fd to the compositor's loop, so
// every call into the compositor happens on the compositor's thread, between
// two dispatches, and the test's client thread only talks Wayland to it.
//
// Each test creates a whole Server in start_on_this_thread and destroys it
// when the loop ends (stop), on the same thread: nothing outlives a test.
//
// One known wlcs 1.5.0 quirk: its helpers for xdg windows commit a buffer
// without ever acking the first configure (create_xdg_shell_stable_surface),
// or even in the initial commit (the surface builder of the input-region and
// subsurface tests); fixed in later wlcs. Shoji's default is strict
// (xdg_surface.unconfigured_buffer); this module turns on the tolerant mode
// for that one rule (ServerConfig::strict_unconfigured_buffer = false). See
// docs/conformance.md.
//
// The pointer (create_pointer) is a shoji::PointerInput, the same injected
// input a zwlr_virtual_pointer_v1 drives: each WLCS call is one event and one
// frame.
//
// Each touch (create_touch) is one touch point with an id of its own, driven
// through the seat's touch entry points (Seat::touch_down/motion/up), the
// same the control verbs use. A second wlcs 1.5.0 quirk: WlcsTouch's
// touch_down and touch_move take wl_fixed_t, but wlcs passes whole pixels
// (wlcs::Touch::down_at(int x, int y) hands x on unconverted, where the
// pointer's move_to converts with wl_fixed_from_int); the module takes them
// as the pixels they are (touch_position below).
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <wayland-client-core.h>
#include <wayland-server-core.h>

#include <wlcs/display_server.h>
#include <wlcs/pointer.h>
#include <wlcs/touch.h>

#include "seat/data_device.hpp"
#include "seat/zwp_input_method_manager_v2.hpp"
#include "seat/zwp_primary_selection_device_manager_v1.hpp"
#include "seat/zwp_text_input_manager_v3.hpp"
#include "seat/pointer_input.hpp"
#include "seat/wl_seat.hpp"
#include "seat/zwlr_virtual_pointer_manager_v1.hpp"
#include "seat/zwp_pointer_constraints_v1.hpp"
#include "seat/zwp_relative_pointer_manager_v1.hpp"
#include "seat/zwp_virtual_keyboard_manager_v1.hpp"
#include "server.hpp"
#include "shell/xdg_popup.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/wl_shell.hpp"
#include "shell/xdg_wm_base.hpp"
#include "shell/zxdg_shell_v6.hpp"
#include "shell/zwlr_foreign_toplevel_manager_v1.hpp"
#include "shell/zwlr_layer_shell_v1.hpp"
#include "shell/zwlr_layer_surface_v1.hpp"
#include "surface/wl_compositor.hpp"
#include "surface/wl_subcompositor.hpp"
#include "surface/wl_subsurface.hpp"
#include "surface/wl_surface.hpp"
#include "wlr.hpp"

#define WLCS_EXPORT __attribute__((visibility("default")))

namespace {

using shoji::Server;

// Exactly the globals Shoji serves, with the versions it advertises (as
// wayland-info shows them for the shoji executable). WLCS skips the tests of
// any protocol not listed here instead of failing them.
const WlcsExtensionDescriptor kExtensions[] = {
    {"wl_compositor", shoji::WlCompositor::kVersion},
    {"wl_subcompositor", shoji::WlSubcompositor::kVersion},
    {"wl_shm", 1}, // libwayland's
    {"wl_seat", shoji::Seat::kVersion},
    {"xdg_wm_base", shoji::XdgShell::kVersion},
    // The deprecated shells, served through the xdg-shell code.
    {"zxdg_shell_v6", shoji::XdgShellV6::kVersion},
    {"wl_shell", shoji::WlShell::kVersion},
    {"wl_data_device_manager", shoji::DataDeviceManager::kVersion},
    {"zwp_primary_selection_device_manager_v1", shoji::PrimarySelectionManager::kVersion},
    {"zwp_text_input_manager_v3", shoji::TextInputManager::kVersion},
    {"zwp_input_method_manager_v2", shoji::InputMethodManager::kVersion},
    {"zwlr_virtual_pointer_manager_v1", shoji::VirtualPointerManager::kVersion},
    {"zwp_virtual_keyboard_manager_v1", shoji::VirtualKeyboardManager::kVersion},
    {"zwlr_foreign_toplevel_manager_v1", shoji::ForeignToplevelManager::kVersion},
    {"zwp_pointer_constraints_v1", shoji::PointerConstraints::kVersion},
    {"zwp_relative_pointer_manager_v1", shoji::RelativePointerManager::kVersion},
    {"zwlr_layer_shell_v1", shoji::LayerShell::kVersion},
    // wlroots 0.15's: wl_output, xdg-output, screencopy.
    {"wl_output", 4},
    {"zxdg_output_manager_v1", 3},
    {"zwlr_screencopy_manager_v1", 3},
};

const WlcsIntegrationDescriptor kDescriptor = {
    1, sizeof kExtensions / sizeof kExtensions[0], kExtensions,
};

uint32_t now_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint32_t(uint64_t(ts.tv_sec) * 1000 + uint64_t(ts.tv_nsec) / 1000000);
}

struct ShojiDisplayServer;
struct ShojiPointer;
struct ShojiTouch;

// A server-side client made by create_client_socket, keyed by the fd WLCS got
// (the client's wl_display_get_fd). The entry goes when the client does.
struct ClientEntry {
    wl_listener destroyed;
    ShojiDisplayServer* owner;
    int client_fd;
    wl_client* client;
};

struct ShojiDisplayServer : WlcsDisplayServer {
    std::unique_ptr<Server> server;
    bool running = false;
    std::unordered_map<int, ClientEntry*> clients;
    std::vector<ShojiPointer*> pointers; // live; their input goes with the Server
    std::vector<ShojiTouch*> touches;    // live
    int32_t next_touch_id = 0;

    ShojiDisplayServer();
    ~ShojiDisplayServer();

    void run(wl_event_loop* wlcs_loop);
    int make_client_socket();
    void position_window(wl_display* display, wl_surface* surface, int x, int y);
    void drop_pointer_inputs();

    void forget_clients() {
        for (auto& [fd, entry] : clients) {
            wl_list_remove(&entry->destroyed.link);
            delete entry;
        }
        clients.clear();
    }
};

ShojiDisplayServer* self(WlcsDisplayServer* s) { return static_cast<ShojiDisplayServer*>(s); }

// --- the event loops ------------------------------------------------------------

int dispatch_wlcs(int, uint32_t, void* data) {
    // WLCS's requests (its ThreadProxy's socket) are ready: run them here, on
    // the compositor's thread. One of them may be stop().
    wl_event_loop_dispatch(static_cast<wl_event_loop*>(data), 0);
    return 0;
}

void ShojiDisplayServer::run(wl_event_loop* wlcs_loop) {
    shoji::ServerConfig config;
    config.backend = shoji::Backend::Headless;
    // Big enough for every window position WLCS uses; a fast refresh so that
    // frame callbacks (which WLCS waits for) come quickly.
    config.output.width = 1920;
    config.output.height = 1080;
    config.output.refresh_hz = 1000;
    // The wlcs 1.5.0 quirk (see the top of this file and docs/conformance.md).
    config.strict_unconfigured_buffer = false;
    server = std::make_unique<Server>(config);

    wl_event_source* wlcs_source = wl_event_loop_add_fd(
        server->event_loop(), wl_event_loop_get_fd(wlcs_loop), WL_EVENT_READABLE, dispatch_wlcs, wlcs_loop);
    running = true;
    while (running) server->dispatch(-1);
    wl_event_source_remove(wlcs_source);

    forget_clients();
    drop_pointer_inputs();
    server.reset(); // disconnects every client
}

// --- hooks ------------------------------------------------------------------------

int ShojiDisplayServer::make_client_socket() {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) return -1;
    wl_client* client = wl_client_create(server->display(), fds[0]); // owns fds[0] from now on
    if (!client) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    // A stale entry under the same fd number is a client whose socket WLCS
    // already closed (the number was reused) but that we have not reaped yet.
    if (auto it = clients.find(fds[1]); it != clients.end()) {
        wl_list_remove(&it->second->destroyed.link);
        delete it->second;
        clients.erase(it);
    }
    auto* entry = new ClientEntry{{}, this, fds[1], client};
    entry->destroyed.notify = [](wl_listener* l, void*) {
        ClientEntry* e = wl_container_of(l, e, destroyed);
        wl_list_remove(&e->destroyed.link);
        e->owner->clients.erase(e->client_fd);
        delete e;
    };
    wl_client_add_destroy_listener(client, &entry->destroyed);
    clients[fds[1]] = entry;
    return fds[1];
}

// The layout position of a surface's reference point: a window's geometry
// origin for xdg surfaces, the surface's (0, 0) otherwise (a subsurface).
bool reference_point(Server& server, shoji::Surface& surface, int32_t& x, int32_t& y) {
    if (auto* xdg = dynamic_cast<shoji::XdgSurface*>(surface.role()); xdg && xdg->role()) {
        if (!xdg->role()->mapped()) return false;
        std::tie(x, y) = xdg->role()->geometry_origin();
        return true;
    }
    for (const shoji::View& v : server.scene().views()) {
        if (v.surface == &surface) {
            x = v.x, y = v.y;
            return true;
        }
    }
    return false;
}

// The xdg_toplevel at the root of a surface's tree: up through subsurface
// parents and popup parents.
shoji::XdgToplevel* root_toplevel(shoji::Surface* surface) {
    for (int depth = 0; surface && depth < 1000; ++depth) {
        if (auto* sub = dynamic_cast<shoji::Subsurface*>(surface->role())) {
            surface = sub->parent();
            continue;
        }
        auto* xdg = dynamic_cast<shoji::XdgSurface*>(surface->role());
        if (!xdg || !xdg->role()) return nullptr;
        if (auto* toplevel = dynamic_cast<shoji::XdgToplevel*>(xdg->role())) return toplevel;
        auto* popup = dynamic_cast<shoji::XdgPopup*>(xdg->role());
        surface = popup && popup->parent() ? popup->parent()->surface() : nullptr;
    }
    return nullptr;
}

void ShojiDisplayServer::position_window(wl_display* display, wl_surface* client_surface, int x, int y) {
    auto it = clients.find(wl_display_get_fd(display));
    if (it == clients.end()) return;
    wl_resource* resource =
        wl_client_get_object(it->second->client, wl_proxy_get_id(reinterpret_cast<wl_proxy*>(client_surface)));
    if (!resource || std::strcmp(wl_resource_get_class(resource), "wl_surface") != 0) return;
    shoji::Surface* surface = shoji::Surface::from(resource);
    // A layer surface (the layer-shell tests stack them with toplevels at
    // one spot): it stays where it is moved until it is unmapped.
    if (auto* layer = dynamic_cast<shoji::LayerSurface*>(surface->role())) {
        layer->move_to(x, y);
        return;
    }
    shoji::XdgToplevel* toplevel = root_toplevel(surface);
    if (!toplevel) return;
    // A toplevel: its window-geometry origin goes to (x, y). A popup or a
    // subsurface moves with its toplevel: shift the toplevel so that this
    // surface's reference point lands on (x, y) (if it is not shown, the
    // toplevel's origin does).
    int32_t rx = toplevel->x(), ry = toplevel->y();
    if (toplevel->main_surface() != surface) reference_point(*server, *surface, rx, ry);
    toplevel->move_to(toplevel->x() + (x - rx), toplevel->y() + (y - ry));
}

// --- the pointer --------------------------------------------------------------------

// One WLCS pointer: a PointerInput on the running Server's seat (null once
// that Server is gone: WLCS may destroy a pointer after stop).
struct ShojiPointer : WlcsPointer {
    ShojiDisplayServer* owner;
    std::unique_ptr<shoji::PointerInput> input;
};

ShojiPointer* pointer_of(WlcsPointer* p) { return static_cast<ShojiPointer*>(p); }

// Runs one event on the pointer's input and delivers it as a frame.
template <class F>
void inject(WlcsPointer* p, F&& event) {
    shoji::PointerInput* input = pointer_of(p)->input.get();
    if (!input) return;
    event(*input);
    input->frame();
}

WlcsPointer* create_pointer(WlcsDisplayServer* s) {
    auto* p = new ShojiPointer{};
    p->version = 1;
    p->owner = self(s);
    if (p->owner->server) p->input = std::make_unique<shoji::PointerInput>(p->owner->server->seat());
    p->owner->pointers.push_back(p);
    p->move_absolute = [](WlcsPointer* p, wl_fixed_t x, wl_fixed_t y) {
        inject(p, [&](shoji::PointerInput& in) { in.warp(wl_fixed_to_double(x), wl_fixed_to_double(y), now_ms()); });
    };
    p->move_relative = [](WlcsPointer* p, wl_fixed_t dx, wl_fixed_t dy) {
        inject(p, [&](shoji::PointerInput& in) { in.motion(wl_fixed_to_double(dx), wl_fixed_to_double(dy), now_ms()); });
    };
    p->button_down = [](WlcsPointer* p, int button) {
        inject(p, [&](shoji::PointerInput& in) { in.button(uint32_t(button), true, now_ms()); });
    };
    p->button_up = [](WlcsPointer* p, int button) {
        inject(p, [&](shoji::PointerInput& in) { in.button(uint32_t(button), false, now_ms()); });
    };
    p->destroy = [](WlcsPointer* p) {
        if (ShojiDisplayServer* owner = pointer_of(p)->owner) {
            auto& live = owner->pointers;
            live.erase(std::remove(live.begin(), live.end(), pointer_of(p)), live.end());
        }
        delete pointer_of(p); // its input releases the buttons it holds
    };
    return p;
}

// --- touch -----------------------------------------------------------------------------

// One WLCS touch: one touch point, with an id no other touch of this server
// has. Its calls reach the running Server's seat (none once it is gone).
struct ShojiTouch : WlcsTouch {
    ShojiDisplayServer* owner;
    int32_t id;
    bool down = false;
};

ShojiTouch* touch_of(WlcsTouch* t) { return static_cast<ShojiTouch*>(t); }

// The layout coordinate wlcs 1.5.0 means by a touch's "wl_fixed_t": a whole
// pixel (see the top of this file).
double touch_position(wl_fixed_t v) { return double(v); }

shoji::Seat* touch_seat(WlcsTouch* t) {
    ShojiDisplayServer* owner = touch_of(t)->owner;
    return owner && owner->server ? &owner->server->seat() : nullptr;
}

WlcsTouch* create_touch(WlcsDisplayServer* s) {
    auto* t = new ShojiTouch{};
    t->version = 1;
    t->owner = self(s);
    t->id = t->owner->next_touch_id++;
    t->owner->touches.push_back(t);
    t->touch_down = [](WlcsTouch* t, wl_fixed_t x, wl_fixed_t y) {
        shoji::Seat* seat = touch_seat(t);
        if (!seat) return;
        touch_of(t)->down = seat->touch_down(touch_of(t)->id, touch_position(x), touch_position(y), now_ms());
    };
    t->touch_move = [](WlcsTouch* t, wl_fixed_t x, wl_fixed_t y) {
        if (shoji::Seat* seat = touch_seat(t))
            seat->touch_motion(touch_of(t)->id, touch_position(x), touch_position(y), now_ms());
    };
    t->touch_up = [](WlcsTouch* t) {
        if (shoji::Seat* seat = touch_seat(t)) seat->touch_up(touch_of(t)->id, now_ms());
        touch_of(t)->down = false;
    };
    t->destroy = [](WlcsTouch* t) {
        ShojiTouch* touch = touch_of(t);
        // A point still down goes up with its device.
        if (shoji::Seat* seat = touch_seat(t); seat && touch->down) seat->touch_up(touch->id, now_ms());
        if (ShojiDisplayServer* owner = touch->owner) {
            auto& live = owner->touches;
            live.erase(std::remove(live.begin(), live.end(), touch), live.end());
        }
        delete touch;
    };
    return t;
}

void ShojiDisplayServer::drop_pointer_inputs() {
    for (ShojiPointer* p : pointers) p->input.reset();
}

ShojiDisplayServer::~ShojiDisplayServer() {
    forget_clients();
    for (ShojiPointer* p : pointers) p->owner = nullptr;
    for (ShojiTouch* t : touches) t->owner = nullptr;
}

ShojiDisplayServer::ShojiDisplayServer() : WlcsDisplayServer{} {
    version = 3;
    start = nullptr; // start_on_this_thread only: see the top of this file
    stop = [](WlcsDisplayServer* s) { self(s)->running = false; };
    WlcsDisplayServer::create_client_socket = [](WlcsDisplayServer* s) { return self(s)->make_client_socket(); };
    position_window_absolute = [](WlcsDisplayServer* s, wl_display* d, wl_surface* surface, int x, int y) {
        self(s)->position_window(d, surface, x, y);
    };
    WlcsDisplayServer::create_pointer = ::create_pointer;
    WlcsDisplayServer::create_touch = ::create_touch;
    get_descriptor = [](const WlcsDisplayServer*) { return &kDescriptor; };
    start_on_this_thread = [](WlcsDisplayServer* s, wl_event_loop* loop) { self(s)->run(loop); };
}

WlcsDisplayServer* create_server(int, const char**) {
    wlr_log_init(WLR_ERROR, nullptr);
    return new ShojiDisplayServer();
}

void destroy_server(WlcsDisplayServer* s) { delete self(s); }

} // namespace

extern "C" WLCS_EXPORT const WlcsServerIntegration wlcs_server_integration = {
    1, create_server, destroy_server,
};
