// fuzz-make-seeds: writes the server fuzzer's seed corpus, valid Wayland
// sessions in the fuzz input format (fuzz_input.hpp), and checks that each
// behaves as intended against the real server.
//
// Nothing is guessed: the global names and the first xdg_surface.configure
// serial are read from a real server run (run_session, the fuzzer's own
// session runner, on a fresh server each time, so the same numbers come back
// when the fuzzer replays the seed).
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
