// fuzz-make-seeds: writes the server fuzzer's seed corpus, valid Wayland
// sessions in the fuzz input format (fuzz_input.hpp), and checks that each
// behaves as intended against the real server.
//
// Nothing is guessed: the global names and versions are read from a real
// server run (run_session, the fuzzer's own session runner, on a fresh
// server). Serials are never written as numbers: xdg_surface.ack_configure
// and the like are kRequests naming "the latest serial", so a seed means the
// same in the fuzzer's long-lived server. The req-* seeds are written with
// kRequest only and reach every global (Structured below).
//
//   fuzz-make-seeds DIR          write the seeds into DIR
//   fuzz-make-seeds --check DIR  fail unless DIR holds exactly these seeds
//                                (the meson test 'fuzz-seeds-current': it
//                                fails when a server change, e.g. a new
//                                global, turns the committed seeds into
//                                sessions that no longer get far)
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wayland-client-protocol.h>

#include "fuzz_input.hpp"
#include "fuzz_session.hpp"
#include "fractional-scale-v1-client-protocol.h"
#include "idle-inhibit-unstable-v1-client-protocol.h"
#include "input-method-unstable-v2-client-protocol.h"
#include "ext-session-lock-v1-client-protocol.h"
#include "keyboard-shortcuts-inhibit-unstable-v1-client-protocol.h"
#include "pointer-constraints-unstable-v1-client-protocol.h"
#include "pointer-gestures-unstable-v1-client-protocol.h"
#include "presentation-time-client-protocol.h"
#include "primary-selection-unstable-v1-client-protocol.h"
#include "relative-pointer-unstable-v1-client-protocol.h"
#include "seat/keymap.hpp"
#include "server-decoration-client-protocol.h"
#include "single-pixel-buffer-v1-client-protocol.h"
#include "text-input-unstable-v3-client-protocol.h"
#include "viewporter-client-protocol.h"
#include "virtual-keyboard-unstable-v1-client-protocol.h"
#include "wlr-data-control-unstable-v1-client-protocol.h"
#include "wlr-foreign-toplevel-management-unstable-v1-client-protocol.h"
// The generated header names an argument `namespace`, a C++ keyword.
#define namespace name_space
#include "wlr-layer-shell-unstable-v1-client-protocol.h"
#include "wlr-output-management-unstable-v1-client-protocol.h"
#undef namespace
#include "wlr-virtual-pointer-unstable-v1-client-protocol.h"
#include "xdg-shell-unstable-v6-client-protocol.h"
#include "xdg-activation-v1-client-protocol.h"
#include "xdg-decoration-unstable-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"

namespace fs = std::filesystem;
using namespace shoji::fuzz;

namespace {

// Event opcodes (wayland.xml, xdg-shell.xml): the client headers name only
// request opcodes.
constexpr uint16_t kDisplayError = 0, kRegistryGlobal = 0, kCallbackDone = 0,
                   kXdgSurfaceConfigure = 0;

struct Event {
    uint32_t object;
    uint16_t opcode;
    std::vector<uint8_t> args;
    uint32_t arg(size_t i) const {
        uint32_t v = 0;
        if (args.size() >= 4 * (i + 1)) std::memcpy(&v, args.data() + 4 * i, 4);
        return v;
    }
    // A string argument at word i: its text.
    std::string str(size_t i) const {
        const uint32_t len = arg(i);
        if (len == 0 || args.size() < 4 * (i + 1) + len) return {};
        return std::string(reinterpret_cast<const char*>(args.data() + 4 * (i + 1)), len - 1);
    }
};

std::vector<Event> parse_events(const std::vector<uint8_t>& bytes) {
    std::vector<Event> events;
    size_t at = 0;
    while (bytes.size() - at >= 8) {
        uint32_t header[2];
        std::memcpy(header, bytes.data() + at, 8);
        const size_t size = header[1] >> 16;
        if (size < 8 || at + size > bytes.size()) break;
        events.push_back({header[0], uint16_t(header[1] & 0xffff),
                          std::vector<uint8_t>(bytes.begin() + long(at) + 8, bytes.begin() + long(at + size))});
        at += size;
    }
    return events;
}

SessionReport run(const InputWriter& w) {
    SessionReport report;
    run_session(w.bytes().data(), w.bytes().size(), &report);
    return report;
}

struct Global {
    uint32_t name = 0, version = 0;
};

// Object ids, as a client allocates them: 1 is wl_display, then in order
// (libwayland refuses a new_id that is not the next free one).
enum Id : uint32_t {
    kDisplay = 1, kRegistry, kCompositor, kShm, kWmBase, kOutput,
    kSurface, kXdgSurface, kToplevel, kPool, kBuffer, kFrameCallback,
    kNext, // the first id free for a seed's own objects after show_buffer
};

struct World {
    std::map<std::string, Global> globals;
    uint32_t first_configure_serial = 0;
};

void bind(InputWriter& w, const World& world, const char* iface, uint32_t version, uint32_t id) {
    const Global& g = world.globals.at(iface);
    w.message(kRegistry, WL_REGISTRY_BIND, Args().u(g.name).str(iface).u(version).u(id));
}

// get_registry; bind wl_compositor v5, wl_shm v1, xdg_wm_base v5, wl_output.
void bind_globals(InputWriter& w, const World& world) {
    w.message(kDisplay, WL_DISPLAY_GET_REGISTRY, Args().u(kRegistry));
    bind(w, world, "wl_compositor", 5, kCompositor);
    bind(w, world, "wl_shm", 1, kShm);
    bind(w, world, "xdg_wm_base", 5, kWmBase);
    bind(w, world, "wl_output", world.globals.at("wl_output").version, kOutput);
}

// ...then a toplevel, committed without a buffer so it gets its first configure.
void make_toplevel(InputWriter& w, const World& world) {
    bind_globals(w, world);
    w.message(kCompositor, WL_COMPOSITOR_CREATE_SURFACE, Args().u(kSurface));
    w.message(kWmBase, XDG_WM_BASE_GET_XDG_SURFACE, Args().u(kXdgSurface).u(kSurface));
    w.message(kXdgSurface, XDG_SURFACE_GET_TOPLEVEL, Args().u(kToplevel));
    w.message(kToplevel, XDG_TOPLEVEL_SET_TITLE, Args().str("shoji fuzz seed"));
    w.message(kSurface, WL_SURFACE_COMMIT, Args());
    w.dispatch(0);
}

// xdg_surface.ack_configure of the latest serial (the configure of the
// commit before): a kRequest, so the session acks that configure in a server
// that has run other sessions before (and sent other serials) too. Object
// index kXdgSurface - 1: every object so far is alive, in id order.
void ack_configure(InputWriter& w) {
    w.request(kXdgSurface - 1, XDG_SURFACE_ACK_CONFIGURE, RequestArgs().serial(0));
}

constexpr int32_t kW = 64, kH = 64, kStride = kW * 4, kPoolSize = kStride * kH;

// ...then acked, a filled 64×64 ARGB8888 buffer attached and damaged, a frame
// callback, commit, and a frame of the output.
void show_buffer(InputWriter& w, const World& world, uint8_t fd_flags = kFdFill, int32_t pool_size = kPoolSize) {
    make_toplevel(w, world);
    ack_configure(w);
    w.fd(kPoolSize, fd_flags, 0x80);
    w.message(kShm, WL_SHM_CREATE_POOL, Args().u(kPool).i(pool_size)); // the fd travels with it
    w.message(kPool, WL_SHM_POOL_CREATE_BUFFER,
              Args().u(kBuffer).i(pool_size - kPoolSize).i(kW).i(kH).i(kStride).u(WL_SHM_FORMAT_ARGB8888));
    w.message(kSurface, WL_SURFACE_ATTACH, Args().u(kBuffer).i(0).i(0));
    w.message(kSurface, WL_SURFACE_DAMAGE_BUFFER, Args().i(0).i(0).i(kW).i(kH));
    w.message(kSurface, WL_SURFACE_FRAME, Args().u(kFrameCallback));
    w.message(kSurface, WL_SURFACE_COMMIT, Args());
    w.dispatch(0);
    w.frame();
    w.dispatch(1);
}

void sync(InputWriter& w, uint32_t callback) {
    w.message(kDisplay, WL_DISPLAY_SYNC, Args().u(callback));
    w.dispatch(0);
}

// Seeds written with kRequest only (fuzz_input.hpp): objects by their index
// among the session's live objects, globals by their index in kGlobals,
// serials relative to the latest. They mean the same in a server that has
// run other sessions before, as the fuzzer's does.
//
// Opcodes of the protocols without client headers here (wlroots' own XML):
// zxdg_output_manager_v1.get_xdg_output 1; zwlr_screencopy_manager_v1
// capture_output 0, capture_output_region 1; zwlr_screencopy_frame_v1 copy 0,
// destroy 1, copy_with_damage 2.
constexpr uint8_t kXdgOutputGet = 1, kScreencopyCapture = 0, kScreencopyCaptureRegion = 1, kScreencopyCopy = 0,
                  kScreencopyFrameDestroy = 1, kScreencopyCopyWithDamage = 2;

class Structured {
public:
    explicit Structured(const World& world) : world_(world) {}
    InputWriter w;

    // The live object called `name` (as the harness numbers them).
    uint8_t at(const std::string& name) const {
        const auto it = std::find(objects_.begin(), objects_.end(), name);
        if (it == objects_.end()) {
            std::fprintf(stderr, "fuzz-make-seeds: no object %s\n", name.c_str());
            std::exit(1);
        }
        return uint8_t(it - objects_.begin());
    }
    // A request on `object`; `made` names the object its new_id makes.
    void req(const std::string& object, uint8_t opcode, const RequestArgs& args = RequestArgs(),
             const char* made = nullptr) {
        w.request(at(object), opcode, args);
        if (made) objects_.push_back(made);
    }
    // An object the server made (a new_id in an event), once dispatched.
    void server_made(const char* name) { objects_.push_back(name); }
    // A destroyed object of ours, once the session has read the server's
    // wl_display.delete_id: the objects after it move down one. libwayland
    // queues delete_id without flushing it, so a wl_display.sync follows:
    // its done event is flushed with it (and with the callback's own
    // delete_id). Objects the server made get no delete_id: the session
    // keeps them.
    void gone(const std::string& name) {
        req("display", WL_DISPLAY_SYNC, RequestArgs().new_id());
        w.dispatch(0);
        objects_.erase(objects_.begin() + at(name));
    }
    void registry() {
        req("display", WL_DISPLAY_GET_REGISTRY, RequestArgs().new_id(), "registry");
        w.dispatch(0); // the globals are advertised
    }
    // Binds `iface` at the version the server has; the object is named iface.
    void bind(const char* iface) {
        const auto g = std::find_if(kGlobals, kGlobals + kGlobalCount,
                                    [iface](const char* n) { return std::strcmp(n, iface) == 0; });
        const uint32_t version = world_.globals.at(iface).version;
        req("registry", WL_REGISTRY_BIND, RequestArgs().bind(uint8_t(g - kGlobals), uint8_t(version - 1)), iface);
    }
    // A 64×64 ARGB8888 buffer in a new filled pool: objects pool and buffer.
    void buffer(const char* pool, const char* buffer, uint8_t fill, uint32_t format = WL_SHM_FORMAT_ARGB8888) {
        req("wl_shm", WL_SHM_CREATE_POOL, RequestArgs().new_id().fd(kPoolSize, kFdFill, fill).i(kPoolSize), pool);
        req(pool, WL_SHM_POOL_CREATE_BUFFER,
            RequestArgs().new_id().small(0).u16(kW).u16(kH).u16(kStride).u(format), buffer);
    }
    // wl_compositor, wl_shm, xdg_wm_base and wl_seat (with a pointer and a
    // keyboard), and a mapped toplevel "fuzz" showing a buffer.
    void toplevel() {
        registry();
        bind("wl_compositor");
        bind("wl_shm");
        bind("xdg_wm_base");
        bind("wl_seat");
        req("wl_seat", WL_SEAT_GET_POINTER, RequestArgs().new_id(), "pointer");
        req("wl_seat", WL_SEAT_GET_KEYBOARD, RequestArgs().new_id(), "keyboard");
        req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "surface");
        req("xdg_wm_base", XDG_WM_BASE_GET_XDG_SURFACE, RequestArgs().new_id().obj(0), "xdg_surface");
        req("xdg_surface", XDG_SURFACE_GET_TOPLEVEL, RequestArgs().new_id(), "toplevel");
        req("toplevel", XDG_TOPLEVEL_SET_TITLE, RequestArgs().str("fuzz"));
        req("toplevel", XDG_TOPLEVEL_SET_APP_ID, RequestArgs().str("fuzz"));
        req("surface", WL_SURFACE_COMMIT);
        w.dispatch(0);
        req("xdg_surface", XDG_SURFACE_ACK_CONFIGURE, RequestArgs().serial(0));
        buffer("pool", "buffer", 0x80);
        req("surface", WL_SURFACE_ATTACH, RequestArgs().obj(0).small(0).small(0));
        req("surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).u16(kW).u16(kH));
        req("surface", WL_SURFACE_COMMIT);
        w.frame();
    }

private:
    const World& world_;
    std::vector<std::string> objects_{"display"};
};

// The structured seeds: each global's requests, from a session that gets far.
std::vector<std::pair<std::string, InputWriter>> structured_seeds(const World& world) {
    std::vector<std::pair<std::string, InputWriter>> seeds;
    auto add = [&](const char* name, auto&& build) {
        Structured s(world);
        build(s);
        seeds.emplace_back(name, std::move(s.w));
    };

    add("req-toplevel", [](Structured& s) { s.toplevel(); });

    // Pointer and keys from a virtual pointer and a virtual keyboard (with
    // the seat's own keymap) into the toplevel.
    add("req-virtual-input", [](Structured& s) {
        s.toplevel();
        s.bind("zwlr_virtual_pointer_manager_v1");
        s.req("zwlr_virtual_pointer_manager_v1", ZWLR_VIRTUAL_POINTER_MANAGER_V1_CREATE_VIRTUAL_POINTER,
              RequestArgs().obj(0).new_id(), "vpointer");
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_MOTION_ABSOLUTE,
              RequestArgs().small(1).small(32).small(32).small(64).small(64));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_FRAME);
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_BUTTON, RequestArgs().small(2).u16(0x110).small(1));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_FRAME);
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_BUTTON, RequestArgs().small(3).u16(0x110).small(0));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_AXIS_SOURCE, RequestArgs().small(0));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_AXIS, RequestArgs().small(4).small(0).small(10));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_AXIS_DISCRETE, RequestArgs().small(4).small(1).small(10).small(1));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_AXIS_STOP, RequestArgs().small(5).small(0));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_MOTION, RequestArgs().small(6).small(-3).small(4));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_FRAME);
        s.w.dispatch(0);
        s.bind("zwp_virtual_keyboard_manager_v1");
        s.req("zwp_virtual_keyboard_manager_v1", ZWP_VIRTUAL_KEYBOARD_MANAGER_V1_CREATE_VIRTUAL_KEYBOARD,
              RequestArgs().obj(0).new_id(), "vkeyboard");
        s.req("vkeyboard", ZWP_VIRTUAL_KEYBOARD_V1_KEYMAP,
              RequestArgs().u(WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1).fd(0, kFdKeymap).u(shoji::Keymap().size()));
        s.req("vkeyboard", ZWP_VIRTUAL_KEYBOARD_V1_KEY, RequestArgs().small(7).small(30).small(1));
        s.req("vkeyboard", ZWP_VIRTUAL_KEYBOARD_V1_MODIFIERS, RequestArgs().small(1).small(0).small(0).small(0));
        s.req("vkeyboard", ZWP_VIRTUAL_KEYBOARD_V1_KEY, RequestArgs().small(8).small(30).small(0));
        s.w.dispatch(0);
        s.w.frame();
    });

    // A selection set with the latest input serial, then offered back.
    add("req-data-device", [](Structured& s) {
        s.toplevel();
        s.bind("wl_data_device_manager");
        s.req("wl_data_device_manager", WL_DATA_DEVICE_MANAGER_CREATE_DATA_SOURCE, RequestArgs().new_id(), "source");
        s.req("source", WL_DATA_SOURCE_OFFER, RequestArgs().str("text/plain;charset=utf-8"));
        s.req("source", WL_DATA_SOURCE_OFFER, RequestArgs().str("text/plain"));
        s.req("source", WL_DATA_SOURCE_SET_ACTIONS, RequestArgs().small(1));
        s.req("wl_data_device_manager", WL_DATA_DEVICE_MANAGER_GET_DATA_DEVICE, RequestArgs().new_id().obj(0),
              "device");
        s.w.dispatch(0);
        s.req("device", WL_DATA_DEVICE_SET_SELECTION, RequestArgs().obj(0).serial(0));
        s.req("device", WL_DATA_DEVICE_SET_SELECTION, RequestArgs().obj(0).serial(1));
        s.w.dispatch(0);
        s.w.frame();
    });

    // The window list: the toplevel's handle, and every request on it.
    add("req-foreign-toplevel", [](Structured& s) {
        s.toplevel();
        s.bind("zwlr_foreign_toplevel_manager_v1");
        s.w.dispatch(0);
        s.server_made("handle"); // zwlr_foreign_toplevel_manager_v1.toplevel
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_SET_MAXIMIZED);
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_UNSET_MAXIMIZED);
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_SET_MINIMIZED);
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_UNSET_MINIMIZED);
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_ACTIVATE, RequestArgs().obj(0));
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_SET_RECTANGLE,
              RequestArgs().obj(0).small(0).small(0).small(10).small(10));
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_SET_FULLSCREEN, RequestArgs().obj(255));
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_UNSET_FULLSCREEN);
        s.w.dispatch(0);
        s.w.frame();
        s.req("handle", ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_CLOSE);
        s.req("zwlr_foreign_toplevel_manager_v1", ZWLR_FOREIGN_TOPLEVEL_MANAGER_V1_STOP);
        s.w.dispatch(0);
    });

    // A bar in the top layer (anchors, margins, an exclusive zone, on-demand
    // keyboard), mapped, moved to the overlay, then unmapped by a null buffer.
    add("req-layer-shell", [](Structured& s) {
        s.toplevel();
        s.bind("zwlr_layer_shell_v1");
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "bar_surface");
        s.req("zwlr_layer_shell_v1", ZWLR_LAYER_SHELL_V1_GET_LAYER_SURFACE,
              RequestArgs().new_id().obj(1).obj(255).small(ZWLR_LAYER_SHELL_V1_LAYER_TOP).str("fuzz"), "bar");
        s.req("bar", ZWLR_LAYER_SURFACE_V1_SET_SIZE, RequestArgs().small(0).u16(kH));
        s.req("bar", ZWLR_LAYER_SURFACE_V1_SET_ANCHOR,
              RequestArgs().small(ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP | ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT |
                                  ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT));
        s.req("bar", ZWLR_LAYER_SURFACE_V1_SET_EXCLUSIVE_ZONE, RequestArgs().small(20));
        s.req("bar", ZWLR_LAYER_SURFACE_V1_SET_MARGIN, RequestArgs().small(1).small(2).small(3).small(4));
        s.req("bar", ZWLR_LAYER_SURFACE_V1_SET_KEYBOARD_INTERACTIVITY, RequestArgs().small(2));
        s.req("bar_surface", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.req("bar", ZWLR_LAYER_SURFACE_V1_ACK_CONFIGURE, RequestArgs().serial(0));
        s.buffer("bar_pool", "bar_buffer", 0x40);
        s.req("bar_surface", WL_SURFACE_ATTACH, RequestArgs().obj(1).small(0).small(0));
        s.req("bar_surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).u16(kW).u16(kH));
        s.req("bar_surface", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.w.frame();
        s.req("bar", ZWLR_LAYER_SURFACE_V1_SET_LAYER, RequestArgs().small(ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY));
        s.req("bar_surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.req("bar_surface", WL_SURFACE_ATTACH, RequestArgs().obj(255).small(0).small(0));
        s.req("bar_surface", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
    });

    // The output, its xdg_output, and a screencopy of it into a buffer.
    add("req-outputs", [](Structured& s) {
        s.toplevel();
        s.bind("wl_output");
        s.bind("zxdg_output_manager_v1");
        s.bind("zwlr_screencopy_manager_v1");
        s.req("zxdg_output_manager_v1", kXdgOutputGet, RequestArgs().new_id().obj(0), "xdg_output");
        s.req("zwlr_screencopy_manager_v1", kScreencopyCapture, RequestArgs().new_id().small(1).obj(0), "frame");
        s.w.dispatch(0);
        s.buffer("pool2", "buffer2", 0, WL_SHM_FORMAT_XRGB8888); // as its buffer event says
        s.req("frame", kScreencopyCopy, RequestArgs().obj(1));
        s.w.frame();
        s.w.dispatch(0);
        s.req("zwlr_screencopy_manager_v1", kScreencopyCaptureRegion,
              RequestArgs().new_id().small(0).obj(0).small(0).small(0).small(64).small(64), "frame2");
        s.w.dispatch(0);
        s.req("frame2", kScreencopyCopyWithDamage, RequestArgs().obj(1));
        s.w.frame();
        s.req("frame2", kScreencopyFrameDestroy);
        s.w.dispatch(0);
    });

    // The primary selection: a source with two MIME types set by the
    // focused client, offered back to it, received into a pipe, then
    // cleared.
    add("req-primary-selection", [](Structured& s) {
        s.toplevel();
        s.bind("zwp_primary_selection_device_manager_v1");
        const char* manager = "zwp_primary_selection_device_manager_v1";
        s.req(manager, ZWP_PRIMARY_SELECTION_DEVICE_MANAGER_V1_CREATE_SOURCE, RequestArgs().new_id(), "psource");
        s.req("psource", ZWP_PRIMARY_SELECTION_SOURCE_V1_OFFER, RequestArgs().str("text/plain;charset=utf-8"));
        s.req("psource", ZWP_PRIMARY_SELECTION_SOURCE_V1_OFFER, RequestArgs().str("UTF8_STRING"));
        s.req(manager, ZWP_PRIMARY_SELECTION_DEVICE_MANAGER_V1_GET_DEVICE, RequestArgs().new_id().obj(0), "pdevice");
        s.w.dispatch(0);
        s.req("pdevice", ZWP_PRIMARY_SELECTION_DEVICE_V1_SET_SELECTION, RequestArgs().obj(0).serial(0));
        s.w.dispatch(0);
        s.server_made("poffer"); // zwp_primary_selection_device_v1.data_offer
        s.req("poffer", ZWP_PRIMARY_SELECTION_OFFER_V1_RECEIVE, RequestArgs().latest_str().fd(0, kFdPipe));
        s.w.dispatch(0);
        s.req("poffer", ZWP_PRIMARY_SELECTION_OFFER_V1_DESTROY);
        s.req("pdevice", ZWP_PRIMARY_SELECTION_DEVICE_V1_SET_SELECTION, RequestArgs().obj(255).serial(0));
        s.req("psource", ZWP_PRIMARY_SELECTION_SOURCE_V1_DESTROY);
        s.gone("psource");
        s.req("pdevice", ZWP_PRIMARY_SELECTION_DEVICE_V1_DESTROY);
        s.gone("pdevice");
        s.req(manager, ZWP_PRIMARY_SELECTION_DEVICE_MANAGER_V1_DESTROY);
        s.w.dispatch(0);
    });

    // An input method and a text input of the focused window: enabled with
    // its state, preedit and commit strings back, a popup by the cursor, a
    // keyboard grab that gets the user's keys, then disabled.
    add("req-input-method", [](Structured& s) {
        s.toplevel();
        s.bind("zwp_input_method_manager_v2");
        s.req("zwp_input_method_manager_v2", ZWP_INPUT_METHOD_MANAGER_V2_GET_INPUT_METHOD,
              RequestArgs().obj(0).new_id(), "im");
        s.bind("zwp_text_input_manager_v3");
        s.req("zwp_text_input_manager_v3", ZWP_TEXT_INPUT_MANAGER_V3_GET_TEXT_INPUT, RequestArgs().new_id().obj(0),
              "ti");
        s.w.dispatch(0); // enter: the window has the focus
        s.req("ti", ZWP_TEXT_INPUT_V3_ENABLE);
        s.req("ti", ZWP_TEXT_INPUT_V3_SET_SURROUNDING_TEXT, RequestArgs().str("hello world").small(5).small(3));
        s.req("ti", ZWP_TEXT_INPUT_V3_SET_TEXT_CHANGE_CAUSE, RequestArgs().small(1));
        s.req("ti", ZWP_TEXT_INPUT_V3_SET_CONTENT_TYPE, RequestArgs().small(1).small(2));
        s.req("ti", ZWP_TEXT_INPUT_V3_SET_CURSOR_RECTANGLE, RequestArgs().small(4).small(4).small(2).small(10));
        s.req("ti", ZWP_TEXT_INPUT_V3_COMMIT);
        s.w.dispatch(0); // the input method: activate, the state, done
        s.req("im", ZWP_INPUT_METHOD_V2_SET_PREEDIT_STRING, RequestArgs().str("wor").small(0).small(3));
        s.req("im", ZWP_INPUT_METHOD_V2_COMMIT_STRING, RequestArgs().str("world"));
        s.req("im", ZWP_INPUT_METHOD_V2_DELETE_SURROUNDING_TEXT, RequestArgs().small(1).small(0));
        s.req("im", ZWP_INPUT_METHOD_V2_COMMIT, RequestArgs().small(1)); // the number of done events
        s.w.dispatch(0);
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "im_surface");
        s.req("im", ZWP_INPUT_METHOD_V2_GET_INPUT_POPUP_SURFACE, RequestArgs().new_id().obj(1), "im_popup");
        s.buffer("im_pool", "im_buffer", 0x20);
        s.req("im_surface", WL_SURFACE_ATTACH, RequestArgs().obj(1).small(0).small(0));
        s.req("im_surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).small(16).small(16));
        s.req("im_surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.req("ti", ZWP_TEXT_INPUT_V3_SET_CURSOR_RECTANGLE, RequestArgs().small(8).small(8).small(2).small(10));
        s.req("ti", ZWP_TEXT_INPUT_V3_COMMIT);
        s.w.dispatch(0);
        s.req("im", ZWP_INPUT_METHOD_V2_GRAB_KEYBOARD, RequestArgs().new_id(), "grab");
        s.w.key(30, true); // KEY_A, from the seat's own keyboard: to the grab
        s.w.key(42, true); // KEY_LEFTSHIFT: a modifier
        s.w.key(42, false);
        s.w.key(30, false);
        s.req("grab", ZWP_INPUT_METHOD_KEYBOARD_GRAB_V2_RELEASE);
        s.gone("grab");
        s.w.key(31, true); // KEY_S, to the window again
        s.w.key(31, false);
        s.req("im_popup", ZWP_INPUT_POPUP_SURFACE_V2_DESTROY);
        s.gone("im_popup");
        s.req("ti", ZWP_TEXT_INPUT_V3_DISABLE);
        s.req("ti", ZWP_TEXT_INPUT_V3_COMMIT);
        s.w.dispatch(0);
        s.req("im", ZWP_INPUT_METHOD_V2_DESTROY);
        s.gone("im");
        s.req("ti", ZWP_TEXT_INPUT_V3_DESTROY);
        s.gone("ti");
        s.req("zwp_input_method_manager_v2", ZWP_INPUT_METHOD_MANAGER_V2_DESTROY);
        s.req("zwp_text_input_manager_v3", ZWP_TEXT_INPUT_MANAGER_V3_DESTROY);
        s.w.dispatch(0);
    });

    // An idle inhibitor and a shortcuts inhibitor on the focused window,
    // with the user's keys while it inhibits; both destroyed.
    add("req-inhibitors", [](Structured& s) {
        s.toplevel();
        s.bind("zwp_idle_inhibit_manager_v1");
        s.req("zwp_idle_inhibit_manager_v1", ZWP_IDLE_INHIBIT_MANAGER_V1_CREATE_INHIBITOR,
              RequestArgs().new_id().obj(0), "idle");
        s.bind("zwp_keyboard_shortcuts_inhibit_manager_v1");
        s.req("zwp_keyboard_shortcuts_inhibit_manager_v1",
              ZWP_KEYBOARD_SHORTCUTS_INHIBIT_MANAGER_V1_INHIBIT_SHORTCUTS, RequestArgs().new_id().obj(0).obj(0),
              "shortcuts");
        s.w.dispatch(0); // active: the window has the focus
        s.w.key(56, true); // KEY_LEFTALT + KEY_TAB
        s.w.key(15, true);
        s.w.key(15, false);
        s.w.key(56, false);
        s.w.frame();
        s.req("shortcuts", ZWP_KEYBOARD_SHORTCUTS_INHIBITOR_V1_DESTROY);
        s.gone("shortcuts");
        s.req("idle", ZWP_IDLE_INHIBITOR_V1_DESTROY);
        s.gone("idle");
        s.req("zwp_idle_inhibit_manager_v1", ZWP_IDLE_INHIBIT_MANAGER_V1_DESTROY);
        s.req("zwp_keyboard_shortcuts_inhibit_manager_v1", ZWP_KEYBOARD_SHORTCUTS_INHIBIT_MANAGER_V1_DESTROY);
        s.w.dispatch(0);
    });

    // The user's pointer, keys, touch and touchpad gestures on the window.
    add("req-touch-gestures", [](Structured& s) {
        s.toplevel();
        s.req("wl_seat", WL_SEAT_GET_TOUCH, RequestArgs().new_id(), "touch");
        s.bind("zwp_pointer_gestures_v1");
        s.req("zwp_pointer_gestures_v1", ZWP_POINTER_GESTURES_V1_GET_SWIPE_GESTURE, RequestArgs().new_id().obj(0),
              "swipe");
        s.req("zwp_pointer_gestures_v1", ZWP_POINTER_GESTURES_V1_GET_PINCH_GESTURE, RequestArgs().new_id().obj(0),
              "pinch");
        s.req("zwp_pointer_gestures_v1", ZWP_POINTER_GESTURES_V1_GET_HOLD_GESTURE, RequestArgs().new_id().obj(0),
              "hold");
        s.w.pointer_to(20, 20);
        s.w.button(0, true);
        s.w.button(0, false);
        s.w.input(kInputAxis, {0, 5});
        s.w.key(30, true);
        s.w.key(30, false);
        // Gestures: byte 1 is kind + 3 × phase (swipe 0, pinch 1, hold 2;
        // begin 0, update 1, end 2), 0x80 cancelled.
        s.w.input(kInputGesture, {0, 3, 0, 0, 16, 0});
        s.w.input(kInputGesture, {3, 3, 4, 0xfc, 16, 0});
        s.w.input(kInputGesture, {6, 3, 0, 0, 16, 0});
        s.w.input(kInputGesture, {1, 2, 0, 0, 16, 0});
        s.w.input(kInputGesture, {4, 2, 1, 1, 24, 10});
        s.w.input(kInputGesture, {7 | 0x80, 2, 0, 0, 16, 0});
        s.w.input(kInputGesture, {2, 4, 0, 0, 16, 0});
        s.w.input(kInputGesture, {8, 4, 0, 0, 16, 0});
        s.w.touch(kInputTouchDown, 0, 10, 10);
        s.w.touch(kInputTouchDown, 1, 30, 30);
        s.w.touch(kInputTouchMotion, 0, 12, 14);
        s.w.touch(kInputTouchUp, 0);
        s.w.touch(kInputTouchMotion, 1, 40, 40);
        s.w.touch(kInputTouchCancel, 0);
        s.w.touch(kInputTouchDown, 2, 5, 5);
        s.w.frame();
        s.req("hold", ZWP_POINTER_GESTURE_HOLD_V1_DESTROY);
        s.gone("hold");
        s.req("zwp_pointer_gestures_v1", ZWP_POINTER_GESTURES_V1_RELEASE);
        s.gone("zwp_pointer_gestures_v1");
        s.req("touch", WL_TOUCH_RELEASE);
        s.gone("touch");
        s.w.dispatch(0);
    });

    // A pointer lock (with a hint and a region), then a confinement, moved
    // by a virtual pointer with relative motion reported.
    add("req-pointer-constraints", [](Structured& s) {
        s.toplevel();
        s.bind("zwp_pointer_constraints_v1");
        s.bind("zwp_relative_pointer_manager_v1");
        s.bind("zwlr_virtual_pointer_manager_v1");
        s.req("zwp_relative_pointer_manager_v1", ZWP_RELATIVE_POINTER_MANAGER_V1_GET_RELATIVE_POINTER,
              RequestArgs().new_id().obj(0), "relative");
        s.req("zwlr_virtual_pointer_manager_v1", ZWLR_VIRTUAL_POINTER_MANAGER_V1_CREATE_VIRTUAL_POINTER,
              RequestArgs().obj(0).new_id(), "vpointer");
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_REGION, RequestArgs().new_id(), "region");
        s.req("region", WL_REGION_ADD, RequestArgs().small(8).small(8).small(32).small(32));
        s.w.pointer_to(20, 20);
        s.req("zwp_pointer_constraints_v1", ZWP_POINTER_CONSTRAINTS_V1_LOCK_POINTER,
              RequestArgs().new_id().obj(0).obj(0).obj(255).small(ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT),
              "lock");
        s.req("surface", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.req("lock", ZWP_LOCKED_POINTER_V1_SET_CURSOR_POSITION_HINT, RequestArgs().small(10).small(12));
        s.req("lock", ZWP_LOCKED_POINTER_V1_SET_REGION, RequestArgs().obj(0));
        s.req("surface", WL_SURFACE_COMMIT);
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_MOTION, RequestArgs().small(1).small(5).small(5));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_FRAME);
        s.w.dispatch(0);
        s.req("lock", ZWP_LOCKED_POINTER_V1_DESTROY);
        s.gone("lock");
        s.req("zwp_pointer_constraints_v1", ZWP_POINTER_CONSTRAINTS_V1_CONFINE_POINTER,
              RequestArgs().new_id().obj(0).obj(0).obj(0).small(ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT),
              "confine");
        s.req("surface", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_MOTION, RequestArgs().small(2).small(60).small(60));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_FRAME);
        s.req("confine", ZWP_CONFINED_POINTER_V1_SET_REGION, RequestArgs().obj(255));
        s.req("surface", WL_SURFACE_COMMIT);
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_MOTION, RequestArgs().small(3).small(-90).small(-90));
        s.req("vpointer", ZWLR_VIRTUAL_POINTER_V1_FRAME);
        s.w.dispatch(0);
        s.req("confine", ZWP_CONFINED_POINTER_V1_DESTROY);
        s.gone("confine");
        s.req("relative", ZWP_RELATIVE_POINTER_V1_DESTROY);
        s.gone("relative");
        s.req("zwp_pointer_constraints_v1", ZWP_POINTER_CONSTRAINTS_V1_DESTROY);
        s.req("zwp_relative_pointer_manager_v1", ZWP_RELATIVE_POINTER_MANAGER_V1_DESTROY);
        s.w.dispatch(0);
    });

    // Activation: a token with the latest input serial, the seat, an app id
    // and the surface, used to activate the window (the token's text comes
    // from its done event); then a token without a serial.
    add("req-activation", [](Structured& s) {
        s.toplevel();
        s.bind("xdg_activation_v1");
        s.req("xdg_activation_v1", XDG_ACTIVATION_V1_GET_ACTIVATION_TOKEN, RequestArgs().new_id(), "token");
        s.req("token", XDG_ACTIVATION_TOKEN_V1_SET_SERIAL, RequestArgs().serial(0).obj(0));
        s.req("token", XDG_ACTIVATION_TOKEN_V1_SET_APP_ID, RequestArgs().str("fuzz"));
        s.req("token", XDG_ACTIVATION_TOKEN_V1_SET_SURFACE, RequestArgs().obj(0));
        s.req("token", XDG_ACTIVATION_TOKEN_V1_COMMIT);
        s.w.dispatch(0); // done: the token's text
        s.req("xdg_activation_v1", XDG_ACTIVATION_V1_ACTIVATE, RequestArgs().latest_str().obj(0));
        s.req("token", XDG_ACTIVATION_TOKEN_V1_DESTROY);
        s.gone("token");
        s.req("xdg_activation_v1", XDG_ACTIVATION_V1_GET_ACTIVATION_TOKEN, RequestArgs().new_id(), "token2");
        s.req("token2", XDG_ACTIVATION_TOKEN_V1_COMMIT);
        s.w.dispatch(0);
        s.req("xdg_activation_v1", XDG_ACTIVATION_V1_ACTIVATE, RequestArgs().latest_str().obj(0));
        s.req("xdg_activation_v1", XDG_ACTIVATION_V1_ACTIVATE, RequestArgs().str("shoji-none").obj(0));
        s.req("token2", XDG_ACTIVATION_TOKEN_V1_DESTROY);
        s.gone("token2");
        s.req("xdg_activation_v1", XDG_ACTIVATION_V1_DESTROY);
        s.w.dispatch(0);
    });

    // Decorations, both protocols, on a second window made for them (an
    // xdg decoration must come before the toplevel's first buffer).
    add("req-decorations", [](Structured& s) {
        s.toplevel();
        s.bind("zxdg_decoration_manager_v1");
        s.bind("org_kde_kwin_server_decoration_manager");
        s.w.dispatch(0); // the KDE manager's default_mode
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "surface2");
        s.req("xdg_wm_base", XDG_WM_BASE_GET_XDG_SURFACE, RequestArgs().new_id().obj(1), "xdg_surface2");
        s.req("xdg_surface2", XDG_SURFACE_GET_TOPLEVEL, RequestArgs().new_id(), "toplevel2");
        s.req("zxdg_decoration_manager_v1", ZXDG_DECORATION_MANAGER_V1_GET_TOPLEVEL_DECORATION,
              RequestArgs().new_id().obj(1), "deco");
        s.req("deco", ZXDG_TOPLEVEL_DECORATION_V1_SET_MODE, RequestArgs().small(ZXDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE));
        s.req("surface2", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.req("xdg_surface2", XDG_SURFACE_ACK_CONFIGURE, RequestArgs().serial(0));
        s.req("deco", ZXDG_TOPLEVEL_DECORATION_V1_SET_MODE, RequestArgs().small(ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE));
        s.req("deco", ZXDG_TOPLEVEL_DECORATION_V1_UNSET_MODE);
        s.req("surface2", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.req("org_kde_kwin_server_decoration_manager", ORG_KDE_KWIN_SERVER_DECORATION_MANAGER_CREATE,
              RequestArgs().new_id().obj(0), "kde");
        s.req("kde", ORG_KDE_KWIN_SERVER_DECORATION_REQUEST_MODE,
              RequestArgs().small(ORG_KDE_KWIN_SERVER_DECORATION_MODE_SERVER));
        s.req("kde", ORG_KDE_KWIN_SERVER_DECORATION_REQUEST_MODE,
              RequestArgs().small(ORG_KDE_KWIN_SERVER_DECORATION_MODE_CLIENT));
        s.w.dispatch(0);
        s.req("kde", ORG_KDE_KWIN_SERVER_DECORATION_RELEASE);
        s.gone("kde");
        s.req("deco", ZXDG_TOPLEVEL_DECORATION_V1_DESTROY);
        s.gone("deco");
        s.req("zxdg_decoration_manager_v1", ZXDG_DECORATION_MANAGER_V1_DESTROY);
        s.w.dispatch(0);
    });

    // A popup grabbed with the serial of the user's button press, from a
    // complete positioner, mapped with a buffer, repositioned, dismissed.
    add("req-popup", [](Structured& s) {
        s.toplevel();
        s.req("xdg_wm_base", XDG_WM_BASE_CREATE_POSITIONER, RequestArgs().new_id(), "positioner");
        s.req("positioner", XDG_POSITIONER_SET_SIZE, RequestArgs().small(20).small(10));
        s.req("positioner", XDG_POSITIONER_SET_ANCHOR_RECT, RequestArgs().small(10).small(10).small(4).small(4));
        s.req("positioner", XDG_POSITIONER_SET_ANCHOR, RequestArgs().small(XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT));
        s.req("positioner", XDG_POSITIONER_SET_GRAVITY, RequestArgs().small(XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT));
        s.req("positioner", XDG_POSITIONER_SET_CONSTRAINT_ADJUSTMENT, RequestArgs().small(63));
        s.req("positioner", XDG_POSITIONER_SET_OFFSET, RequestArgs().small(2).small(-2));
        s.req("positioner", XDG_POSITIONER_SET_REACTIVE);
        s.req("positioner", XDG_POSITIONER_SET_PARENT_SIZE, RequestArgs().small(64).small(64));
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "popup_surface");
        s.req("xdg_wm_base", XDG_WM_BASE_GET_XDG_SURFACE, RequestArgs().new_id().obj(1), "popup_xdg");
        s.w.pointer_to(12, 12);
        s.w.button(0, true);
        s.req("popup_xdg", XDG_SURFACE_GET_POPUP, RequestArgs().new_id().obj(0).obj(0), "popup");
        s.req("popup", XDG_POPUP_GRAB, RequestArgs().obj(0).serial(0));
        s.req("popup_surface", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.req("popup_xdg", XDG_SURFACE_ACK_CONFIGURE, RequestArgs().serial(0));
        s.buffer("popup_pool", "popup_buffer", 0x60);
        s.req("popup_surface", WL_SURFACE_ATTACH, RequestArgs().obj(1).small(0).small(0));
        s.req("popup_surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).small(20).small(10));
        s.req("popup_surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.button(0, false);
        s.w.pointer_to(40, 40);
        s.req("positioner", XDG_POSITIONER_SET_SIZE, RequestArgs().small(60).small(60));
        s.req("popup", XDG_POPUP_REPOSITION, RequestArgs().obj(0).small(7));
        s.w.dispatch(0);
        s.req("popup_xdg", XDG_SURFACE_ACK_CONFIGURE, RequestArgs().serial(0));
        s.req("popup_surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.button(1, true); // outside the popup? on the toplevel: the grab dismisses it
        s.w.button(1, false);
        s.req("popup", XDG_POPUP_DESTROY);
        s.gone("popup");
        s.req("popup_xdg", XDG_SURFACE_DESTROY);
        s.gone("popup_xdg");
        s.req("positioner", XDG_POSITIONER_DESTROY);
        s.gone("positioner");
        s.w.dispatch(0);
    });

    // A subsurface with its own buffer, restacked and moved; regions.
    add("req-subsurface-regions", [](Structured& s) {
        s.toplevel();
        s.bind("wl_subcompositor");
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "child");
        s.req("wl_subcompositor", WL_SUBCOMPOSITOR_GET_SUBSURFACE, RequestArgs().new_id().obj(1).obj(0), "sub");
        s.req("sub", WL_SUBSURFACE_SET_POSITION, RequestArgs().small(5).small(-5));
        s.req("sub", WL_SUBSURFACE_PLACE_BELOW, RequestArgs().obj(0));
        s.req("sub", WL_SUBSURFACE_PLACE_ABOVE, RequestArgs().obj(0));
        s.req("sub", WL_SUBSURFACE_SET_DESYNC);
        s.buffer("pool2", "buffer2", 0x40);
        s.req("child", WL_SURFACE_ATTACH, RequestArgs().obj(1).small(0).small(0));
        s.req("child", WL_SURFACE_DAMAGE, RequestArgs().small(0).small(0).small(64).small(64));
        s.req("child", WL_SURFACE_SET_BUFFER_SCALE, RequestArgs().small(2));
        s.req("child", WL_SURFACE_COMMIT);
        s.req("sub", WL_SUBSURFACE_SET_SYNC);
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_REGION, RequestArgs().new_id(), "region");
        s.req("region", WL_REGION_ADD, RequestArgs().small(0).small(0).small(40).small(40));
        s.req("region", WL_REGION_SUBTRACT, RequestArgs().small(10).small(10).small(5).small(5));
        s.req("surface", WL_SURFACE_SET_INPUT_REGION, RequestArgs().obj(0));
        s.req("surface", WL_SURFACE_SET_OPAQUE_REGION, RequestArgs().obj(0));
        s.req("surface", WL_SURFACE_SET_BUFFER_TRANSFORM, RequestArgs().small(1));
        s.req("surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.dispatch(0);
    });
    // A viewport cropping and scaling the shm buffer, then a single-pixel
    // buffer stretched over the same destination, then presentation feedback
    // (last: the server destroys the feedback object when it answers it).
    add("req-viewport-presentation", [](Structured& s) {
        s.toplevel();
        s.bind("wp_viewporter");
        s.req("wp_viewporter", WP_VIEWPORTER_GET_VIEWPORT, RequestArgs().new_id().obj(0), "viewport");
        s.req("viewport", WP_VIEWPORT_SET_SOURCE,
              RequestArgs().i(wl_fixed_from_int(8)).i(wl_fixed_from_int(8)).i(wl_fixed_from_int(32)).i(wl_fixed_from_double(16.5)));
        s.req("viewport", WP_VIEWPORT_SET_DESTINATION, RequestArgs().small(100).small(50));
        s.req("surface", WL_SURFACE_ATTACH, RequestArgs().obj(0).small(0).small(0));
        s.req("surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).u16(kW).u16(kH));
        s.req("surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.dispatch(0);
        s.bind("wp_single_pixel_buffer_manager_v1");
        s.req("wp_single_pixel_buffer_manager_v1", WP_SINGLE_PIXEL_BUFFER_MANAGER_V1_CREATE_U32_RGBA_BUFFER,
              RequestArgs().new_id().u(0x80000000u).u(0).u(0).u(0x80000000u), "pixel");
        const int32_t unset = wl_fixed_from_int(-1);
        s.req("viewport", WP_VIEWPORT_SET_SOURCE, RequestArgs().i(unset).i(unset).i(unset).i(unset));
        s.req("surface", WL_SURFACE_ATTACH, RequestArgs().obj(1).small(0).small(0));
        s.req("surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).small(1).small(1));
        s.req("surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.dispatch(0);
        s.bind("wp_presentation");
        s.req("wp_presentation", WP_PRESENTATION_FEEDBACK, RequestArgs().obj(0).new_id(), "feedback");
        s.req("surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).small(1).small(1));
        s.req("surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.dispatch(0);
    });
    // A screen locker's whole dance: lock, a lock surface on the output,
    // its configure acked, a buffer of the configured size (the fuzz output
    // is 64x64, as the buffer), `locked`, then unlock_and_destroy. Mutants
    // that drop the unlock leave the session locked by a dead client; the
    // fuzzer's reset unlocks it as `shoji ctl unlock` would.
    add("req-session-lock", [](Structured& s) {
        s.toplevel();
        s.bind("wl_output");
        s.bind("ext_session_lock_manager_v1");
        s.req("ext_session_lock_manager_v1", EXT_SESSION_LOCK_MANAGER_V1_LOCK, RequestArgs().new_id(), "lock");
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "lock_surface_surface");
        s.req("lock", EXT_SESSION_LOCK_V1_GET_LOCK_SURFACE, RequestArgs().new_id().obj(1).obj(0), "lock_surface");
        s.w.dispatch(0);
        s.req("lock_surface", EXT_SESSION_LOCK_SURFACE_V1_ACK_CONFIGURE, RequestArgs().serial(0));
        s.buffer("lock_pool", "lock_buffer", 0xc0, WL_SHM_FORMAT_XRGB8888);
        s.req("lock_surface_surface", WL_SURFACE_ATTACH, RequestArgs().obj(1).small(0).small(0));
        s.req("lock_surface_surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).u16(kW).u16(kH));
        s.req("lock_surface_surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.dispatch(0);
        s.req("lock", EXT_SESSION_LOCK_V1_UNLOCK_AND_DESTROY);
        s.w.frame();
        s.w.dispatch(0);
    });

    // Data control, as wl-copy and wl-paste use it: a source of two types
    // set as the clipboard, its offer received into a pipe, a second source
    // set as the primary selection, the clipboard cleared, then every
    // object destroyed.
    add("req-data-control", [](Structured& s) {
        s.toplevel();
        s.bind("zwlr_data_control_manager_v1");
        const char* manager = "zwlr_data_control_manager_v1";
        s.req(manager, ZWLR_DATA_CONTROL_MANAGER_V1_CREATE_DATA_SOURCE, RequestArgs().new_id(), "csource");
        s.req("csource", ZWLR_DATA_CONTROL_SOURCE_V1_OFFER, RequestArgs().str("text/plain;charset=utf-8"));
        s.req("csource", ZWLR_DATA_CONTROL_SOURCE_V1_OFFER, RequestArgs().str("TEXT"));
        s.req(manager, ZWLR_DATA_CONTROL_MANAGER_V1_GET_DATA_DEVICE, RequestArgs().new_id().obj(0), "cdevice");
        s.w.dispatch(0);
        s.req("cdevice", ZWLR_DATA_CONTROL_DEVICE_V1_SET_SELECTION, RequestArgs().obj(0));
        s.w.dispatch(0);
        s.server_made("coffer"); // zwlr_data_control_device_v1.data_offer
        s.req("coffer", ZWLR_DATA_CONTROL_OFFER_V1_RECEIVE, RequestArgs().latest_str().fd(0, kFdPipe));
        s.w.dispatch(0);
        s.req(manager, ZWLR_DATA_CONTROL_MANAGER_V1_CREATE_DATA_SOURCE, RequestArgs().new_id(), "csource2");
        s.req("csource2", ZWLR_DATA_CONTROL_SOURCE_V1_OFFER, RequestArgs().str("UTF8_STRING"));
        s.req("cdevice", ZWLR_DATA_CONTROL_DEVICE_V1_SET_PRIMARY_SELECTION, RequestArgs().obj(1));
        s.w.dispatch(0);
        s.server_made("coffer2"); // the primary selection's data_offer
        s.req("coffer", ZWLR_DATA_CONTROL_OFFER_V1_DESTROY);
        s.req("coffer2", ZWLR_DATA_CONTROL_OFFER_V1_DESTROY);
        s.req("cdevice", ZWLR_DATA_CONTROL_DEVICE_V1_SET_SELECTION, RequestArgs().obj(255));
        s.req("csource", ZWLR_DATA_CONTROL_SOURCE_V1_DESTROY);
        s.gone("csource");
        s.req("cdevice", ZWLR_DATA_CONTROL_DEVICE_V1_DESTROY);
        s.gone("cdevice");
        s.req(manager, ZWLR_DATA_CONTROL_MANAGER_V1_DESTROY);
        s.w.dispatch(0);
    });
    // The output manager: the output's head and mode, a configuration of it
    // (mode by object, then custom; position, transform, scale), tested,
    // then one applied; then stop.
    add("req-output-manager", [](Structured& s) {
        s.toplevel();
        s.bind("zwlr_output_manager_v1");
        s.w.dispatch(0);
        s.server_made("head"); // zwlr_output_manager_v1.head
        s.server_made("mode"); // zwlr_output_head_v1.mode
        s.req("zwlr_output_manager_v1", ZWLR_OUTPUT_MANAGER_V1_CREATE_CONFIGURATION, RequestArgs().new_id().u(1),
              "config");
        s.req("config", ZWLR_OUTPUT_CONFIGURATION_V1_ENABLE_HEAD, RequestArgs().new_id().obj(0), "config_head");
        s.req("config_head", ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_SET_MODE, RequestArgs().obj(0));
        s.req("config_head", ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_SET_POSITION, RequestArgs().small(10).small(0));
        s.req("config_head", ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_SET_TRANSFORM, RequestArgs().small(0));
        s.req("config_head", ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_SET_SCALE, RequestArgs().i(wl_fixed_from_int(2)));
        s.req("config", ZWLR_OUTPUT_CONFIGURATION_V1_TEST);
        s.w.dispatch(0);
        s.req("config", ZWLR_OUTPUT_CONFIGURATION_V1_DESTROY);
        s.gone("config");
        s.req("zwlr_output_manager_v1", ZWLR_OUTPUT_MANAGER_V1_CREATE_CONFIGURATION, RequestArgs().new_id().u(1),
              "config2");
        s.req("config2", ZWLR_OUTPUT_CONFIGURATION_V1_ENABLE_HEAD, RequestArgs().new_id().obj(0), "config_head2");
        s.req("config_head2", ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_SET_CUSTOM_MODE,
              RequestArgs().small(64).small(48).small(0));
        s.req("config2", ZWLR_OUTPUT_CONFIGURATION_V1_APPLY);
        s.w.dispatch(0);
        s.w.frame();
        s.req("zwlr_output_manager_v1", ZWLR_OUTPUT_MANAGER_V1_STOP);
        s.w.dispatch(0);
    });
    // The deprecated shells: a zxdg_shell_v6 toplevel (every request) with a
    // grabbing popup from a v6 positioner, then wl_shell surfaces of every
    // kind (toplevel, maximized, fullscreen, transient, popup) with a buffer.
    add("req-old-shells", [](Structured& s) {
        s.toplevel();
        s.bind("zxdg_shell_v6");
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "v6_surface");
        s.req("zxdg_shell_v6", ZXDG_SHELL_V6_GET_XDG_SURFACE, RequestArgs().new_id().obj(1), "v6_xdg");
        s.req("v6_xdg", ZXDG_SURFACE_V6_GET_TOPLEVEL, RequestArgs().new_id(), "v6_toplevel");
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SET_TITLE, RequestArgs().str("v6"));
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SET_APP_ID, RequestArgs().str("v6"));
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SET_MIN_SIZE, RequestArgs().small(8).small(8));
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SET_MAX_SIZE, RequestArgs().u16(1000).u16(1000));
        s.req("v6_xdg", ZXDG_SURFACE_V6_SET_WINDOW_GEOMETRY, RequestArgs().small(0).small(0).u16(kW).u16(kH));
        s.req("v6_surface", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.req("v6_xdg", ZXDG_SURFACE_V6_ACK_CONFIGURE, RequestArgs().serial(0));
        s.buffer("v6_pool", "v6_buffer", 0x40);
        s.req("v6_surface", WL_SURFACE_ATTACH, RequestArgs().obj(1).small(0).small(0));
        s.req("v6_surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).u16(kW).u16(kH));
        s.req("v6_surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.req("zxdg_shell_v6", ZXDG_SHELL_V6_CREATE_POSITIONER, RequestArgs().new_id(), "v6_positioner");
        s.req("v6_positioner", ZXDG_POSITIONER_V6_SET_SIZE, RequestArgs().small(20).small(10));
        s.req("v6_positioner", ZXDG_POSITIONER_V6_SET_ANCHOR_RECT, RequestArgs().small(4).small(4).small(8).small(8));
        s.req("v6_positioner", ZXDG_POSITIONER_V6_SET_ANCHOR,
              RequestArgs().small(ZXDG_POSITIONER_V6_ANCHOR_BOTTOM | ZXDG_POSITIONER_V6_ANCHOR_RIGHT));
        s.req("v6_positioner", ZXDG_POSITIONER_V6_SET_GRAVITY,
              RequestArgs().small(ZXDG_POSITIONER_V6_GRAVITY_BOTTOM | ZXDG_POSITIONER_V6_GRAVITY_RIGHT));
        s.req("v6_positioner", ZXDG_POSITIONER_V6_SET_CONSTRAINT_ADJUSTMENT, RequestArgs().small(63));
        s.req("v6_positioner", ZXDG_POSITIONER_V6_SET_OFFSET, RequestArgs().small(1).small(-1));
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "v6_popup_surface");
        s.req("zxdg_shell_v6", ZXDG_SHELL_V6_GET_XDG_SURFACE, RequestArgs().new_id().obj(2), "v6_popup_xdg");
        s.w.pointer_to(12, 12);
        s.w.button(0, true);
        s.req("v6_popup_xdg", ZXDG_SURFACE_V6_GET_POPUP, RequestArgs().new_id().obj(0).obj(0), "v6_popup");
        s.req("v6_popup", ZXDG_POPUP_V6_GRAB, RequestArgs().obj(0).serial(0));
        s.req("v6_popup_surface", WL_SURFACE_COMMIT);
        s.w.dispatch(0);
        s.req("v6_popup_xdg", ZXDG_SURFACE_V6_ACK_CONFIGURE, RequestArgs().serial(0));
        s.req("v6_popup_surface", WL_SURFACE_ATTACH, RequestArgs().obj(1).small(0).small(0));
        s.req("v6_popup_surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.button(0, false);
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SHOW_WINDOW_MENU, RequestArgs().obj(0).serial(0).small(1).small(1));
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_MOVE, RequestArgs().obj(0).serial(0));
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_RESIZE,
              RequestArgs().obj(0).serial(0).small(ZXDG_TOPLEVEL_V6_RESIZE_EDGE_BOTTOM_RIGHT));
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SET_MAXIMIZED);
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_UNSET_MAXIMIZED);
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SET_FULLSCREEN, RequestArgs().obj(255));
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_UNSET_FULLSCREEN);
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SET_PARENT, RequestArgs().obj(255));
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_SET_MINIMIZED);
        s.req("zxdg_shell_v6", ZXDG_SHELL_V6_PONG, RequestArgs().serial(0));
        s.w.dispatch(0);
        s.req("v6_popup", ZXDG_POPUP_V6_DESTROY);
        s.gone("v6_popup");
        s.req("v6_popup_xdg", ZXDG_SURFACE_V6_DESTROY);
        s.gone("v6_popup_xdg");
        s.req("v6_positioner", ZXDG_POSITIONER_V6_DESTROY);
        s.gone("v6_positioner");
        s.req("v6_toplevel", ZXDG_TOPLEVEL_V6_DESTROY);
        s.gone("v6_toplevel");

        s.bind("wl_shell");
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "shell_surface_a");
        s.req("wl_shell", WL_SHELL_GET_SHELL_SURFACE, RequestArgs().new_id().obj(3), "shell_a");
        s.req("shell_a", WL_SHELL_SURFACE_SET_TITLE, RequestArgs().str("wl_shell"));
        s.req("shell_a", WL_SHELL_SURFACE_SET_CLASS, RequestArgs().str("wl_shell"));
        s.req("shell_a", WL_SHELL_SURFACE_SET_TOPLEVEL);
        s.buffer("shell_pool", "shell_buffer", 0x20);
        s.req("shell_surface_a", WL_SURFACE_ATTACH, RequestArgs().obj(2).small(0).small(0));
        s.req("shell_surface_a", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).u16(kW).u16(kH));
        s.req("shell_surface_a", WL_SURFACE_COMMIT);
        s.w.frame();
        s.req("shell_a", WL_SHELL_SURFACE_SET_MAXIMIZED, RequestArgs().obj(255));
        s.req("shell_surface_a", WL_SURFACE_COMMIT);
        s.req("shell_a", WL_SHELL_SURFACE_SET_FULLSCREEN, RequestArgs().small(0).small(0).obj(255));
        s.req("shell_surface_a", WL_SURFACE_COMMIT);
        s.req("shell_a", WL_SHELL_SURFACE_SET_TOPLEVEL);
        s.req("shell_surface_a", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.pointer_to(20, 20);
        s.w.button(0, true);
        s.req("shell_a", WL_SHELL_SURFACE_MOVE, RequestArgs().obj(0).serial(0));
        s.w.pointer_to(30, 30);
        s.w.button(0, false);
        s.req("shell_a", WL_SHELL_SURFACE_RESIZE, RequestArgs().obj(0).serial(0).small(10));
        s.req("shell_a", WL_SHELL_SURFACE_PONG, RequestArgs().serial(0));
        s.req("wl_compositor", WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id(), "shell_surface_b");
        s.req("wl_shell", WL_SHELL_GET_SHELL_SURFACE, RequestArgs().new_id().obj(4), "shell_b");
        s.req("shell_b", WL_SHELL_SURFACE_SET_TRANSIENT, RequestArgs().obj(3).small(10).small(10).small(0));
        s.req("shell_surface_b", WL_SURFACE_ATTACH, RequestArgs().obj(2).small(0).small(0));
        s.req("shell_surface_b", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.pointer_to(40, 40);
        s.w.button(0, true);
        s.req("shell_b", WL_SHELL_SURFACE_SET_POPUP,
              RequestArgs().obj(0).serial(0).obj(3).small(5).small(5).small(0));
        s.req("shell_surface_b", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.button(0, false);
        s.w.pointer_to(2, 2);
        s.w.button(1, true); // off the popup: the grab ends, popup_done
        s.w.button(1, false);
        s.w.dispatch(0);
    });
    // Fractional scale: the surface's wp_fractional_scale_v1 (preferred_scale
    // at once), a viewport-sized buffer drawn 1:1, the output rescaled to
    // 1.25 through the output manager (preferred_scale again), the object
    // destroyed, a new one, then the surface destroyed under it (inert).
    add("req-fractional-scale", [](Structured& s) {
        s.toplevel();
        s.bind("wp_fractional_scale_manager_v1");
        s.req("wp_fractional_scale_manager_v1", WP_FRACTIONAL_SCALE_MANAGER_V1_GET_FRACTIONAL_SCALE,
              RequestArgs().new_id().obj(0), "fractional");
        s.bind("wp_viewporter");
        s.req("wp_viewporter", WP_VIEWPORTER_GET_VIEWPORT, RequestArgs().new_id().obj(0), "viewport");
        s.req("viewport", WP_VIEWPORT_SET_DESTINATION, RequestArgs().small(32).small(32));
        s.req("surface", WL_SURFACE_ATTACH, RequestArgs().obj(0).small(0).small(0));
        s.req("surface", WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).u16(kW).u16(kH));
        s.req("surface", WL_SURFACE_COMMIT);
        s.w.frame();
        s.w.dispatch(0);
        s.bind("zwlr_output_manager_v1");
        s.w.dispatch(0);
        s.server_made("head");
        s.server_made("mode");
        s.req("zwlr_output_manager_v1", ZWLR_OUTPUT_MANAGER_V1_CREATE_CONFIGURATION, RequestArgs().new_id().u(1),
              "config");
        s.req("config", ZWLR_OUTPUT_CONFIGURATION_V1_ENABLE_HEAD, RequestArgs().new_id().obj(0), "config_head");
        s.req("config_head", ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_SET_SCALE, RequestArgs().i(wl_fixed_from_double(1.25)));
        s.req("config", ZWLR_OUTPUT_CONFIGURATION_V1_APPLY);
        s.w.dispatch(0);
        s.w.frame();
        s.w.dispatch(0);
        s.req("fractional", WP_FRACTIONAL_SCALE_V1_DESTROY);
        s.gone("fractional");
        s.req("wp_fractional_scale_manager_v1", WP_FRACTIONAL_SCALE_MANAGER_V1_GET_FRACTIONAL_SCALE,
              RequestArgs().new_id().obj(0), "fractional2");
        s.w.dispatch(0);
    });
    return seeds;
}

// What a seed must do against the real server.
struct Expect {
    std::optional<std::pair<uint32_t, uint32_t>> error; // object id, code; none: no error
    std::vector<uint32_t> callbacks_done;               // wl_callback ids that must fire
};

struct Seed {
    std::string name;
    InputWriter input;
    Expect expect;
};

std::vector<Seed> make_seeds(const World& world) {
    std::vector<Seed> seeds;
    auto add = [&](const char* name, Expect expect, auto&& build) {
        Seed s{name, {}, std::move(expect)};
        build(s.input);
        seeds.push_back(std::move(s));
    };

    add("registry", {{}, {kRegistry + 1}}, [&](InputWriter& w) {
        w.message(kDisplay, WL_DISPLAY_GET_REGISTRY, Args().u(kRegistry));
        sync(w, kRegistry + 1);
    });

    add("toplevel-frame", {{}, {kFrameCallback, kNext, kNext + 1}}, [&](InputWriter& w) {
        show_buffer(w, world);
        // A second, partial update.
        w.message(kSurface, WL_SURFACE_ATTACH, Args().u(kBuffer).i(0).i(0));
        w.message(kSurface, WL_SURFACE_DAMAGE, Args().i(8).i(8).i(16).i(16));
        w.message(kSurface, WL_SURFACE_FRAME, Args().u(kNext));
        w.message(kSurface, WL_SURFACE_COMMIT, Args());
        w.frame();
        sync(w, kNext + 1);
    });

    // docs/design.md, “Hole 4: a truncated pool”: the pool's file cut short after create_buffer.
    add("truncated-pool", {std::pair{uint32_t(kBuffer), uint32_t(WL_SHM_ERROR_INVALID_FD)}, {kFrameCallback}},
        [&](InputWriter& w) {
            show_buffer(w, world);
            w.truncate(0, 0);
            w.message(kSurface, WL_SURFACE_DAMAGE_BUFFER, Args().i(0).i(0).i(kW).i(kH));
            w.message(kSurface, WL_SURFACE_COMMIT, Args());
            w.dispatch(0);
            w.frame();
            sync(w, kNext);
        });

    // docs/design.md, “Hole 3: a sealed pool grown past its file”: an F_SEAL_SHRINK pool resized past its file, with a
    // buffer in the part the file does not back.
    add("sealed-pool-grown", {std::pair{uint32_t(kPool), uint32_t(WL_SHM_ERROR_INVALID_FD)}, {}},
        [&](InputWriter& w) {
            make_toplevel(w, world);
            ack_configure(w);
            w.fd(kPoolSize, kFdFill | kFdSealShrink, 0x40);
            w.message(kShm, WL_SHM_CREATE_POOL, Args().u(kPool).i(kPoolSize));
            w.message(kPool, WL_SHM_POOL_RESIZE, Args().i(2 * kPoolSize));
            w.message(kPool, WL_SHM_POOL_CREATE_BUFFER,
                      Args().u(kBuffer).i(kPoolSize).i(kW).i(kH).i(kStride).u(WL_SHM_FORMAT_XRGB8888));
            w.message(kSurface, WL_SURFACE_ATTACH, Args().u(kBuffer).i(0).i(0));
            w.message(kSurface, WL_SURFACE_DAMAGE_BUFFER, Args().i(0).i(0).i(kW).i(kH));
            w.message(kSurface, WL_SURFACE_COMMIT, Args());
            w.dispatch(0);
            w.frame();
            sync(w, kFrameCallback);
        });

    // docs/design.md, “Hole 2: a buffer destroyed while it is shown”: the wl_buffer destroyed while it is on screen.
    add("buffer-destroyed-while-shown", {{}, {kFrameCallback, kNext, kNext + 1}}, [&](InputWriter& w) {
        show_buffer(w, world);
        w.message(kBuffer, WL_BUFFER_DESTROY, Args());
        w.message(kPool, WL_SHM_POOL_DESTROY, Args());
        w.message(kSurface, WL_SURFACE_DAMAGE, Args().i(0).i(0).i(kW).i(kH));
        w.message(kSurface, WL_SURFACE_FRAME, Args().u(kNext));
        w.message(kSurface, WL_SURFACE_COMMIT, Args());
        w.frame();
        sync(w, kNext + 1);
    });

    // docs/design.md, “Hole 1: a stride in pixels”.
    add("stride-in-pixels", {std::pair{uint32_t(kOutput + 1), uint32_t(WL_SHM_ERROR_INVALID_STRIDE)}, {}},
        [&](InputWriter& w) {
            const uint32_t pool = kOutput + 1, buffer = kOutput + 2;
            bind_globals(w, world);
            w.fd(kPoolSize, kFdFill, 0xff);
            w.message(kShm, WL_SHM_CREATE_POOL, Args().u(pool).i(kPoolSize));
            w.message(pool, WL_SHM_POOL_CREATE_BUFFER,
                      Args().u(buffer).i(0).i(kW).i(kH).i(kW).u(WL_SHM_FORMAT_ARGB8888));
            sync(w, buffer + 1);
        });

    // Regions, scale and transform, huge damage, and most xdg_toplevel
    // requests, all valid.
    add("regions-scale-transform", {{}, {kFrameCallback, kNext + 1, kNext + 2}}, [&](InputWriter& w) {
        show_buffer(w, world);
        const uint32_t region = kNext, frame = kNext + 1;
        w.message(kCompositor, WL_COMPOSITOR_CREATE_REGION, Args().u(region));
        w.message(region, WL_REGION_ADD, Args().i(-1000).i(-1000).i(0x7fffffff).i(0x7fffffff));
        w.message(region, WL_REGION_SUBTRACT, Args().i(4).i(4).i(8).i(8));
        w.message(kSurface, WL_SURFACE_SET_OPAQUE_REGION, Args().u(region));
        w.message(kSurface, WL_SURFACE_SET_INPUT_REGION, Args().u(0));
        w.message(region, WL_REGION_DESTROY, Args());
        w.message(kSurface, WL_SURFACE_SET_BUFFER_SCALE, Args().i(2));
        w.message(kSurface, WL_SURFACE_SET_BUFFER_TRANSFORM, Args().i(WL_OUTPUT_TRANSFORM_FLIPPED_90));
        w.message(kSurface, WL_SURFACE_ATTACH, Args().u(kBuffer).i(0).i(0));
        w.message(kSurface, WL_SURFACE_DAMAGE, Args().i(-0x7fffffff).i(-0x7fffffff).i(0x7fffffff).i(0x7fffffff));
        w.message(kSurface, WL_SURFACE_DAMAGE_BUFFER, Args().i(0x7ffffff0).i(3).i(0x7fffffff).i(1));
        w.message(kSurface, WL_SURFACE_FRAME, Args().u(frame));
        w.message(kToplevel, XDG_TOPLEVEL_SET_APP_ID, Args().str("dev.shoji.fuzz"));
        w.message(kToplevel, XDG_TOPLEVEL_SET_MIN_SIZE, Args().i(16).i(16));
        w.message(kToplevel, XDG_TOPLEVEL_SET_MAX_SIZE, Args().i(640).i(480));
        w.message(kXdgSurface, XDG_SURFACE_SET_WINDOW_GEOMETRY, Args().i(1).i(1).i(30).i(30));
        w.message(kToplevel, XDG_TOPLEVEL_SET_MAXIMIZED, Args());
        w.message(kToplevel, XDG_TOPLEVEL_SET_FULLSCREEN, Args().u(kOutput));
        w.message(kToplevel, XDG_TOPLEVEL_UNSET_FULLSCREEN, Args());
        w.message(kToplevel, XDG_TOPLEVEL_UNSET_MAXIMIZED, Args());
        w.message(kSurface, WL_SURFACE_COMMIT, Args());
        w.dispatch(0);
        w.frame();
        w.dispatch(2);
        // Last: a minimized window is hidden and gets no frame callbacks.
        w.message(kToplevel, XDG_TOPLEVEL_SET_MINIMIZED, Args());
        sync(w, kNext + 2);
    });

    // Tear-down in the order a polite client uses, while shown.
    add("destroy-everything", {{}, {kFrameCallback, kNext}}, [&](InputWriter& w) {
        show_buffer(w, world);
        w.message(kToplevel, XDG_TOPLEVEL_DESTROY, Args());
        w.message(kXdgSurface, XDG_SURFACE_DESTROY, Args());
        w.message(kSurface, WL_SURFACE_DESTROY, Args());
        w.message(kBuffer, WL_BUFFER_DESTROY, Args());
        w.message(kPool, WL_SHM_POOL_DESTROY, Args());
        w.message(kWmBase, XDG_WM_BASE_DESTROY, Args());
        w.message(kOutput, WL_OUTPUT_RELEASE, Args());
        w.frame();
        sync(w, kNext);
    });
    // A buffer in each family of formats (1, 2, 3 and 4 bytes per pixel,
    // 10-bit channels, YUV) from one pool, each shown for a frame.
    add("formats", {{}, {kBuffer + 7, kBuffer + 8}}, [&](InputWriter& w) {
        make_toplevel(w, world);
        ack_configure(w);
        w.fd(kPoolSize, kFdFill, 0x5a);
        w.message(kShm, WL_SHM_CREATE_POOL, Args().u(kPool).i(kPoolSize));
        const std::pair<uint32_t, int32_t> formats[] = {
            {WL_SHM_FORMAT_XRGB8888, 4}, {WL_SHM_FORMAT_RGB565, 2},      {WL_SHM_FORMAT_RGB888, 3},
            {WL_SHM_FORMAT_ARGB2101010, 4}, {WL_SHM_FORMAT_RGB332, 1}, {WL_SHM_FORMAT_YUYV, 2},
            {WL_SHM_FORMAT_ABGR4444, 2}};
        uint32_t id = kBuffer; // kBuffer .. kBuffer + 6
        for (const auto& [format, bpp] : formats) {
            const int32_t stride = (kW * bpp + 3) & ~3;
            w.message(kPool, WL_SHM_POOL_CREATE_BUFFER, Args().u(id).i(0).i(kW).i(kH).i(stride).u(format));
            w.message(kSurface, WL_SURFACE_ATTACH, Args().u(id).i(0).i(0));
            w.message(kSurface, WL_SURFACE_DAMAGE_BUFFER, Args().i(0).i(0).i(kW).i(kH));
            w.message(kSurface, WL_SURFACE_COMMIT, Args());
            w.frame();
            ++id;
        }
        w.message(kSurface, WL_SURFACE_FRAME, Args().u(kBuffer + 7));
        w.message(kSurface, WL_SURFACE_COMMIT, Args());
        w.frame();
        sync(w, kBuffer + 8);
    });

    // A pool that grows with its file, and a buffer in the new part.
    add("pool-grows", {{}, {kFrameCallback, kNext}}, [&](InputWriter& w) {
        make_toplevel(w, world);
        ack_configure(w);
        w.fd(kPoolSize, kFdFill, 0x33);
        w.message(kShm, WL_SHM_CREATE_POOL, Args().u(kPool).i(kPoolSize));
        w.truncate(0, 4 * kPoolSize);
        w.message(kPool, WL_SHM_POOL_RESIZE, Args().i(4 * kPoolSize));
        w.message(kPool, WL_SHM_POOL_CREATE_BUFFER,
                  Args().u(kBuffer).i(3 * kPoolSize).i(kW).i(kH).i(kStride).u(WL_SHM_FORMAT_XRGB8888));
        w.message(kSurface, WL_SURFACE_ATTACH, Args().u(kBuffer).i(0).i(0));
        w.message(kSurface, WL_SURFACE_DAMAGE_BUFFER, Args().i(0).i(0).i(kW).i(kH));
        w.message(kSurface, WL_SURFACE_FRAME, Args().u(kFrameCallback));
        w.message(kSurface, WL_SURFACE_COMMIT, Args());
        w.frame();
        sync(w, kNext);
    });

    // Every xdg_positioner request, with valid values.
    add("positioner", {{}, {kOutput + 2}}, [&](InputWriter& w) {
        bind_globals(w, world);
        const uint32_t pos = kOutput + 1;
        w.message(kWmBase, XDG_WM_BASE_CREATE_POSITIONER, Args().u(pos));
        w.message(pos, XDG_POSITIONER_SET_SIZE, Args().i(10).i(10));
        w.message(pos, XDG_POSITIONER_SET_ANCHOR_RECT, Args().i(0).i(0).i(5).i(5));
        w.message(pos, XDG_POSITIONER_SET_ANCHOR, Args().u(XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT));
        w.message(pos, XDG_POSITIONER_SET_GRAVITY, Args().u(XDG_POSITIONER_GRAVITY_TOP));
        w.message(pos, XDG_POSITIONER_SET_CONSTRAINT_ADJUSTMENT,
                  Args().u(XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X | XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y));
        w.message(pos, XDG_POSITIONER_SET_OFFSET, Args().i(3).i(-3));
        w.message(pos, XDG_POSITIONER_SET_REACTIVE, Args());
        w.message(pos, XDG_POSITIONER_SET_PARENT_SIZE, Args().i(64).i(64));
        w.message(pos, XDG_POSITIONER_SET_PARENT_CONFIGURE, Args().u(1));
        w.message(pos, XDG_POSITIONER_DESTROY, Args());
        sync(w, pos + 1);
    });

    // A second toplevel, parented to the first, which then goes away.
    add("toplevel-parent", {{}, {kFrameCallback, kNext + 3}}, [&](InputWriter& w) {
        show_buffer(w, world);
        const uint32_t surface2 = kNext, xdg2 = kNext + 1, top2 = kNext + 2;
        w.message(kCompositor, WL_COMPOSITOR_CREATE_SURFACE, Args().u(surface2));
        w.message(kWmBase, XDG_WM_BASE_GET_XDG_SURFACE, Args().u(xdg2).u(surface2));
        w.message(xdg2, XDG_SURFACE_GET_TOPLEVEL, Args().u(top2));
        w.message(top2, XDG_TOPLEVEL_SET_PARENT, Args().u(kToplevel));
        w.message(surface2, WL_SURFACE_COMMIT, Args());
        w.dispatch(0);
        w.message(top2, XDG_TOPLEVEL_SET_PARENT, Args().u(0));
        w.message(top2, XDG_TOPLEVEL_SET_PARENT, Args().u(kToplevel));
        w.message(kToplevel, XDG_TOPLEVEL_DESTROY, Args());
        w.message(top2, XDG_TOPLEVEL_SET_TITLE, Args().str("orphan"));
        w.frame();
        sync(w, kNext + 3);
    });

    // xdg_popup on the toplevel, from a complete positioner.
    add("popup", {{}, {}},
        [&](InputWriter& w) {
            make_toplevel(w, world);
            ack_configure(w);
            const uint32_t pos = kToplevel + 1, surface2 = pos + 1, xdg2 = pos + 2, popup = pos + 3;
            w.message(kWmBase, XDG_WM_BASE_CREATE_POSITIONER, Args().u(pos));
            w.message(pos, XDG_POSITIONER_SET_SIZE, Args().i(10).i(10));
            w.message(pos, XDG_POSITIONER_SET_ANCHOR_RECT, Args().i(0).i(0).i(5).i(5));
            w.message(kCompositor, WL_COMPOSITOR_CREATE_SURFACE, Args().u(surface2));
            w.message(kWmBase, XDG_WM_BASE_GET_XDG_SURFACE, Args().u(xdg2).u(surface2));
            w.message(xdg2, XDG_SURFACE_GET_POPUP, Args().u(popup).u(kXdgSurface).u(pos));
            sync(w, popup + 1);
        });

    // Subsurfaces, if this server has them: a child with a buffer of its own.
    if (world.globals.count("wl_subcompositor")) {
        add("subsurfaces", {{}, {kFrameCallback, kNext + 6}}, [&](InputWriter& w) {
            show_buffer(w, world);
            const uint32_t subcompositor = kNext, child = kNext + 1, sub = kNext + 2, grandchild = kNext + 3,
                           subsub = kNext + 4, buffer = kNext + 5;
            bind(w, world, "wl_subcompositor", 1, subcompositor);
            w.message(kCompositor, WL_COMPOSITOR_CREATE_SURFACE, Args().u(child));
            w.message(subcompositor, WL_SUBCOMPOSITOR_GET_SUBSURFACE, Args().u(sub).u(child).u(kSurface));
            w.message(kCompositor, WL_COMPOSITOR_CREATE_SURFACE, Args().u(grandchild));
            w.message(subcompositor, WL_SUBCOMPOSITOR_GET_SUBSURFACE, Args().u(subsub).u(grandchild).u(child));
            w.message(kPool, WL_SHM_POOL_CREATE_BUFFER,
                      Args().u(buffer).i(0).i(kW / 2).i(kH / 2).i(kStride).u(WL_SHM_FORMAT_ARGB8888));
            for (uint32_t s : {grandchild, child}) {
                w.message(s, WL_SURFACE_ATTACH, Args().u(buffer).i(0).i(0));
                w.message(s, WL_SURFACE_DAMAGE, Args().i(0).i(0).i(kW).i(kH));
                w.message(s, WL_SURFACE_COMMIT, Args());
            }
            w.message(sub, WL_SUBSURFACE_SET_POSITION, Args().i(40).i(-8));
            w.message(subsub, WL_SUBSURFACE_SET_POSITION, Args().i(-4).i(4));
            w.message(sub, WL_SUBSURFACE_PLACE_BELOW, Args().u(kSurface));
            w.message(sub, WL_SUBSURFACE_PLACE_ABOVE, Args().u(kSurface));
            w.message(subsub, WL_SUBSURFACE_SET_DESYNC, Args());
            w.message(kSurface, WL_SURFACE_FRAME, Args().u(buffer + 1));
            w.message(kSurface, WL_SURFACE_COMMIT, Args());
            w.frame();
            w.message(subsub, WL_SUBSURFACE_DESTROY, Args());
            w.message(child, WL_SURFACE_DESTROY, Args());
            w.message(kSurface, WL_SURFACE_COMMIT, Args());
            w.frame();
            sync(w, buffer + 2);
        });
    }
    for (auto& [name, input] : structured_seeds(world)) seeds.push_back({name, std::move(input), {}});
    return seeds;
}

// Global names and the first configure serial, from real runs.
std::optional<World> discover() {
    World world;
    InputWriter w;
    w.message(kDisplay, WL_DISPLAY_GET_REGISTRY, Args().u(kRegistry));
    sync(w, kRegistry + 1);
    for (const Event& e : parse_events(run(w).events))
        if (e.object == kRegistry && e.opcode == kRegistryGlobal) {
            // wl_registry.global: uint name, string interface, uint version.
            const std::string iface = e.str(1);
            world.globals[iface] = {e.arg(0), e.arg(2 + (iface.size() + 1 + 3) / 4)};
        }
    // kGlobals must list every global the server makes (the fuzz server's
    // global filter aborts on one it lacks) and nothing else: an entry the
    // server does not advertise binds nothing (a stale or misspelt name).
    for (size_t i = 0; i < kGlobalCount; ++i)
        if (!world.globals.count(kGlobals[i])) {
            std::fprintf(stderr, "fuzz-make-seeds: kGlobals lists %s, which the server does not advertise\n",
                         kGlobals[i]);
            return std::nullopt;
        }
    std::printf("kGlobals: the %zu globals the server advertises\n", kGlobalCount);
    for (const char* need : {"wl_compositor", "wl_shm", "xdg_wm_base", "wl_output"}) {
        if (!world.globals.count(need)) {
            std::fprintf(stderr, "fuzz-make-seeds: the server advertises no %s\n", need);
            return std::nullopt;
        }
        std::printf("global %-14s name %u version %u\n", need, world.globals[need].name, world.globals[need].version);
    }

    InputWriter t;
    make_toplevel(t, world);
    for (const Event& e : parse_events(run(t).events))
        if (e.object == kXdgSurface && e.opcode == kXdgSurfaceConfigure) {
            world.first_configure_serial = e.arg(0);
            std::printf("first xdg_surface.configure serial %u\n", world.first_configure_serial);
            return world;
        }
    std::fprintf(stderr, "fuzz-make-seeds: the toplevel got no xdg_surface.configure\n");
    return std::nullopt;
}

// Runs the seed; prints and returns whether it did what it is for.
bool verify(const Seed& seed) {
    const SessionReport report = run(seed.input);
    std::optional<std::pair<uint32_t, uint32_t>> error;
    std::string message;
    std::vector<uint32_t> done;
    for (const Event& e : parse_events(report.events)) {
        if (e.object == kDisplay && e.opcode == kDisplayError && !error) {
            error = std::pair{e.arg(0), e.arg(1)};
            message = e.str(2);
        }
        if (e.opcode == kCallbackDone) done.push_back(e.object);
    }
    bool ok = error == seed.expect.error;
    for (uint32_t cb : seed.expect.callbacks_done)
        if (std::find(done.begin(), done.end(), cb) == done.end()) ok = false;
    std::printf("%-30s %4zu bytes  %s", seed.name.c_str(), seed.input.bytes().size(), ok ? "ok" : "UNEXPECTED");
    if (error) std::printf("  error on object %u code %u: %s", error->first, error->second, message.c_str());
    else std::printf("  no error%s", report.dropped ? " but disconnected" : "");
    if (!ok) {
        std::printf("\n    expected callbacks");
        for (uint32_t cb : seed.expect.callbacks_done) std::printf(" %u", cb);
        std::printf(", done:");
        for (uint32_t cb : done) std::printf(" %u", cb);
    }
    std::printf("\n");
    return ok && (error.has_value() || !report.dropped);
}

std::vector<uint8_t> read_file(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

} // namespace

int main(int argc, char** argv) {
    const bool check = argc == 3 && std::strcmp(argv[1], "--check") == 0;
    if (!(argc == 2 && argv[1][0] != '-') && !check) {
        std::fprintf(stderr, "usage: fuzz-make-seeds DIR | --check DIR\n");
        return 2;
    }
    const fs::path dir = argv[argc - 1];
    const std::optional<World> world = discover();
    if (!world) return 1;

    bool ok = true;
    for (const Seed& seed : make_seeds(*world)) {
        ok = verify(seed) && ok;
        const fs::path path = dir / ("seed-" + seed.name);
        if (check) {
            if (read_file(path) != seed.input.bytes()) {
                std::fprintf(stderr, "%s is missing or out of date: run fuzz-make-seeds %s\n", path.c_str(),
                             dir.c_str());
                ok = false;
            }
        } else {
            fs::create_directories(dir);
            std::ofstream(path, std::ios::binary)
                .write(reinterpret_cast<const char*>(seed.input.bytes().data()), long(seed.input.bytes().size()));
        }
    }
    return ok ? 0 : 1;
}
