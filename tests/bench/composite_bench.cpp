// composite-bench: what one 1920×1080 frame costs Shoji, as ratios to
// baselines measured in the same process, in the same run (docs/design.md, “How we test”).
//
// Baselines, measured once at start-up (median of 300 single iterations):
//   pixman_src  pixman_image_composite32(SRC) of a 1920×1080 x8r8g8b8 frame
//               between two images of our own: moving the pixels once
//               (repeated on the same two 8 MiB images, so cache-warm);
//   pixman_src_cold  the same copy, rotating over 4 sources and 4
//               destinations (64 MiB, twice the 32 MiB L3 of the
//               machine in docs/performance.md), so every byte
//               comes from and goes to DRAM: the memory-bandwidth limit. A real
//               frame is closer to this than to the warm copy: a
//               double-buffered client and a double-buffered output already
//               touch 32 MiB per two frames;
//   memcpy      memcpy of the same 8 294 400 bytes;
//   full_frame  Shoji compositing the whole frame of the opaque XRGB scene,
//               the reference for the damage-proportionality ratios.
//
// Every benchmark times each iteration, takes the median, and reports it as
// counters: x_pixman_src, x_pixman_src_cold and x_memcpy (ratios to the
// baselines), x_full where it matters, x_same_boxes (ratio to a pixman SRC of
// exactly the damaged boxes between two plain images, also measured in this
// run), the RenderStats of the last iteration, and for output frames
// repaint_x_damage (pixels repainted per pixel damaged). A check that fails (e.g. an occluded surface was read)
// is reported with SkipWithError and makes the program exit with status 1.
//
// The scenes are real: an in-process Shoji server with a 1920×1080 headless
// output, and a libwayland client (tests/harness/client.hpp) over a socketpair
// that maps xdg toplevels with wl_shm buffers. Compositing reads the client's
// memfd pages through the same ShmAccess guard as a real frame. "composite/*"
// calls composite_views() into an offscreen image; "output_frame/*" drives
// the output's real frame path (wlr_output_damage, attach_render with buffer
// age, composite into the output buffer, commit, frame callbacks) by emitting
// the wlr_output frame signal.
#include <benchmark/benchmark.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/client.hpp"
#include "render/scene_renderer.hpp"
#include "server.hpp"
#include "shell/xdg_toplevel.hpp"
#include "surface/wl_surface.hpp"
#include "wlr.hpp"

// wlr_output_send_frame: the backend's "time to draw" signal. wlroots headers
// are C-only (see compositor/wlr.hpp for why the #define).
extern "C" {
#define static
#include <wlr/interfaces/wlr_output.h>
#undef static
}

namespace {

using shoji::Box;
using shoji::PixmanImage;
using shoji::Region;
using shoji::RenderStats;
using shoji::RenderTarget;
using shoji::Server;
using shoji::View;
namespace test = shoji::test;

constexpr int32_t kWidth = 1920, kHeight = 1080;
constexpr uint32_t kBackground = 0xff202020;

bool g_failed = false;

double now_ns() {
    return double(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

// Median time of one call of f, in ns: a few warm-up calls, then `n` timed
// one by one (robust to the odd preemption on a shared machine).
template <class F>
double median_ns(F&& f, int n = 300) {
    for (int i = 0; i < 10; ++i) f();
    std::vector<double> t;
    t.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        const double t0 = now_ns();
        f();
        t.push_back(now_ns() - t0);
    }
    return median(std::move(t));
}

// ---------------------------------------------------------------------------
// Scenes: an in-process server and one client with some toplevels.

struct BenchScene {
    std::unique_ptr<Server> server;
    std::unique_ptr<test::TestClient> client;
    std::vector<std::unique_ptr<test::Buffer>> buffers;
    std::vector<std::unique_ptr<test::Toplevel>> toplevels;

    BenchScene() {
        shoji::ServerConfig c;
        c.backend = shoji::Backend::Headless;
        c.output.width = kWidth;
        c.output.height = kHeight;
        c.output.refresh_hz = 60; // irrelevant: the event loop is not run while timing
        c.output.background = kBackground;
        server = std::make_unique<Server>(c);
        client = std::make_unique<test::TestClient>(*server);
    }
    ~BenchScene() {
        toplevels.clear();
        buffers.clear();
        client.reset();
        server.reset();
    }

    // Maps a toplevel showing a w×h buffer of `format` filled with `pixel`.
    // fullscreen: asks for it and acks the configure before the first buffer.
    // opaque_region: declares the whole surface opaque with a wl_region.
    test::Toplevel& add_window(int32_t w, int32_t h, uint32_t format, uint32_t pixel,
                               bool fullscreen, bool opaque_region = false) {
        auto t = client->make_toplevel();
        if (fullscreen) {
            const int before = t->configures;
            xdg_toplevel_set_fullscreen(t->toplevel, nullptr);
            test::Toplevel* raw = t.get();
            client->dispatch_until([raw, before] { return raw->configures > before; });
            client->ack(*t);
            if (t->configured_width != w || t->configured_height != h) {
                std::fprintf(stderr, "composite-bench: fullscreen configure is %d×%d, not %d×%d\n",
                             t->configured_width, t->configured_height, w, h);
                g_failed = true;
            }
        }
        auto b = client->make_buffer(w, h, format);
        b->fill(pixel);
        if (opaque_region) {
            wl_region* r = wl_compositor_create_region(client->compositor);
            wl_region_add(r, 0, 0, w, h);
            wl_surface_set_opaque_region(t->surface, r);
            wl_region_destroy(r);
        }
        client->commit_buffer(t->surface, *b);
        client->roundtrip();
        buffers.push_back(std::move(b));
        toplevels.push_back(std::move(t));
        return *toplevels.back();
    }

    std::vector<View> views() const { return server->scene().views(); }
    shoji::Output& output() const { return *server->output(); }
};

// The scenes, built once in main() before any benchmark runs.
struct Scenes {
    BenchScene xrgb;            // one fullscreen XRGB8888 toplevel
    BenchScene argb;            // one fullscreen ARGB8888 toplevel, translucent, no opaque region
    BenchScene window;          // one 1000×700 XRGB toplevel, placed by Shoji
    BenchScene windows64;       // 64 XRGB toplevels of 240×135 tiling the output
    BenchScene stacked;         // 8 fullscreen ARGB toplevels, each with a full opaque region
    BenchScene stacked_blended; // the same 8 without opaque regions (for comparison)
};
std::unique_ptr<Scenes> g_scenes;

constexpr int32_t kTileW = kWidth / 8, kTileH = kHeight / 8;

void build_scenes() {
    g_scenes = std::make_unique<Scenes>();
    Scenes& s = *g_scenes;
    s.xrgb.add_window(kWidth, kHeight, WL_SHM_FORMAT_XRGB8888, 0xff3366cc, true);
    // Half-transparent premultiplied pixels: pixman's OVER fast paths skip
    // runs of fully opaque or fully transparent pixels; this is the real work.
    s.argb.add_window(kWidth, kHeight, WL_SHM_FORMAT_ARGB8888, 0x80402010, true);
    s.window.add_window(1000, 700, WL_SHM_FORMAT_XRGB8888, 0xff336699, false);
    for (int i = 0; i < 64; ++i) {
        test::Toplevel& t = s.windows64.add_window(kTileW, kTileH, WL_SHM_FORMAT_XRGB8888,
                                                   0xff000000u | uint32_t(i * 0x030507), false);
        s.windows64.client->server_toplevel(t)->move_to((i % 8) * kTileW, (i / 8) * kTileH);
    }
    for (int i = 0; i < 8; ++i) {
        s.stacked.add_window(kWidth, kHeight, WL_SHM_FORMAT_ARGB8888, 0xff000000u | uint32_t(0x101010 * (i + 1)),
                             true, true);
        s.stacked_blended.add_window(kWidth, kHeight, WL_SHM_FORMAT_ARGB8888, 0x20081018, true, false);
    }
    auto expect_views = [](const BenchScene& sc, size_t n, const char* name) {
        if (sc.views().size() != n) {
            std::fprintf(stderr, "composite-bench: scene %s has %zu views, expected %zu\n", name,
                         sc.views().size(), n);
            g_failed = true;
        }
    };
    expect_views(s.xrgb, 1, "xrgb");
    expect_views(s.argb, 1, "argb");
    expect_views(s.window, 1, "window");
    expect_views(s.windows64, 64, "windows64");
    expect_views(s.stacked, 8, "stacked");
    expect_views(s.stacked_blended, 8, "stacked_blended");
}

// ---------------------------------------------------------------------------
// Baselines.

// A 1080p x8r8g8b8 image with every page written: pixman's zero-filled images
// come from calloc, whose untouched pages all map the kernel's one zero page,
// and a copy from those would be served from L1.
PixmanImage filled_image(uint8_t byte) {
    PixmanImage image = shoji::make_image(PIXMAN_x8r8g8b8, kWidth, kHeight);
    std::memset(pixman_image_get_data(image.get()), byte, size_t(kWidth) * kHeight * 4);
    return image;
}

struct Baselines {
    double pixman_src_ns = 0;
    double memcpy_ns = 0;
    double full_frame_ns = 0; // composite_views, full damage, opaque XRGB scene
    // pixman SRC of a 1080p frame, copy i from source i%4 to destination
    // i%4: 64 MiB of buffers, so nothing is served from a warm cache.
    double pixman_src_cold_ns = 0;
};
Baselines g_base;

PixmanImage g_target; // offscreen 1920×1080 x8r8g8b8: the composite/* destination

RenderStats composite(const BenchScene& s, const Region& damage) {
    RenderTarget target{g_target.get(), 0, 0, shoji::kScaleUnit};
    return shoji::composite_views(target, damage, s.views(), kBackground);
}

const Region& full_damage() {
    static const Region r(Box{0, 0, kWidth, kHeight});
    return r;
}

// pixman SRC of `boxes` from one plain 1920×1080 image to another: the cost of
// moving exactly these pixels once.
double pixman_boxes_ns(const Region& damage) {
    static PixmanImage src = filled_image(0x33);
    static PixmanImage dst = filled_image(0x44);
    const std::vector<Box> boxes = damage.boxes();
    return median_ns([&] {
        for (const Box& b : boxes)
            pixman_image_composite32(PIXMAN_OP_SRC, src.get(), nullptr, dst.get(), b.x, b.y, 0, 0,
                                     b.x, b.y, b.width, b.height);
    });
}

void measure_baselines() {
    g_target = filled_image(0x00);
    PixmanImage src = filled_image(0x55);
    PixmanImage dst = filled_image(0x66);
    g_base.pixman_src_ns = median_ns([&] {
        pixman_image_composite32(PIXMAN_OP_SRC, src.get(), nullptr, dst.get(), 0, 0, 0, 0, 0, 0,
                                 kWidth, kHeight);
    });
    {
        std::vector<PixmanImage> srcs, dsts;
        for (int i = 0; i < 4; ++i) {
            srcs.push_back(filled_image(uint8_t(0x11 * (i + 1))));
            dsts.push_back(filled_image(0x22));
        }
        int i = 0;
        g_base.pixman_src_cold_ns = median_ns([&] {
            pixman_image_composite32(PIXMAN_OP_SRC, srcs[i % 4].get(), nullptr, dsts[i % 4].get(), 0, 0,
                                     0, 0, 0, 0, kWidth, kHeight);
            ++i;
        });
    }
    const size_t bytes = size_t(kWidth) * kHeight * 4;
    void* from = pixman_image_get_data(src.get());
    void* to = pixman_image_get_data(dst.get());
    g_base.memcpy_ns = median_ns([&] {
        std::memcpy(to, from, bytes);
        benchmark::ClobberMemory();
    });
    g_base.full_frame_ns = median_ns([&] { composite(g_scenes->xrgb, full_damage()); });
    std::fprintf(stderr,
                 "composite-bench: baselines (median of 300): pixman SRC 1080p %.3f ms (cold %.3f ms), "
                 "memcpy %.3f ms, Shoji full frame %.3f ms\n",
                 g_base.pixman_src_ns / 1e6, g_base.pixman_src_cold_ns / 1e6, g_base.memcpy_ns / 1e6,
                 g_base.full_frame_ns / 1e6);
}

// ---------------------------------------------------------------------------
// Reporting.

// Runs the timed loop, timing each iteration; returns the median in ns.
template <class F>
double run_timed(benchmark::State& state, F&& body) {
    std::vector<double> t;
    t.reserve(4096);
    for (auto _ : state) {
        const double t0 = now_ns();
        body();
        t.push_back(now_ns() - t0);
    }
    return median(std::move(t));
}

void report(benchmark::State& state, double median_ns_, const RenderStats* stats = nullptr) {
    state.counters["median_ms"] = median_ns_ / 1e6;
    state.counters["x_pixman_src"] = median_ns_ / g_base.pixman_src_ns;
    state.counters["x_memcpy"] = median_ns_ / g_base.memcpy_ns;
    state.counters["x_pixman_src_cold"] = median_ns_ / g_base.pixman_src_cold_ns;
    if (stats) {
        state.counters["surfaces_drawn"] = stats->surfaces_drawn;
        state.counters["pixels_drawn"] = double(stats->pixels_drawn);
        state.counters["pixels_cleared"] = double(stats->pixels_cleared);
    }
}

void fail(benchmark::State& state, const std::string& why) {
    g_failed = true;
    state.SkipWithError(why.c_str());
}

// A centred box covering `percent` of the frame (both sides scaled by √p).
Box damage_box(double percent) {
    const double f = std::sqrt(percent / 100.0);
    const int32_t w = int32_t(std::lround(kWidth * f)), h = int32_t(std::lround(kHeight * f));
    return {(kWidth - w) / 2, (kHeight - h) / 2, w, h};
}

// ---------------------------------------------------------------------------
// Benchmarks.

void BM_baseline_pixman_src(benchmark::State& state) {
    PixmanImage src = filled_image(0x55);
    PixmanImage dst = filled_image(0x66);
    const double t = run_timed(state, [&] {
        pixman_image_composite32(PIXMAN_OP_SRC, src.get(), nullptr, dst.get(), 0, 0, 0, 0, 0, 0,
                                 kWidth, kHeight);
    });
    report(state, t);
    state.SetBytesProcessed(int64_t(state.iterations()) * kWidth * kHeight * 4);
}
BENCHMARK(BM_baseline_pixman_src)->Name("baseline/pixman_src_1080p")->Unit(benchmark::kMillisecond);

void BM_baseline_memcpy(benchmark::State& state) {
    const size_t bytes = size_t(kWidth) * kHeight * 4;
    std::vector<uint8_t> from(bytes, 1), to(bytes, 0);
    const double t = run_timed(state, [&] {
        std::memcpy(to.data(), from.data(), bytes);
        benchmark::ClobberMemory();
    });
    report(state, t);
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}
BENCHMARK(BM_baseline_memcpy)->Name("baseline/memcpy_1080p")->Unit(benchmark::kMillisecond);

// The pixman SRC again, but reading from a MAP_SHARED memfd mapping as a
// client's wl_shm pool is, not from pixman's own (private, maybe huge-page)
// memory: the part of Shoji's ratio that is the kind of memory, not Shoji.
void BM_baseline_pixman_src_memfd(benchmark::State& state) {
    const size_t bytes = size_t(kWidth) * kHeight * 4;
    const int fd = memfd_create("composite-bench", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, off_t(bytes)) != 0) return fail(state, "memfd");
    void* map = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return fail(state, "mmap");
    std::memset(map, 0x33, bytes);
    PixmanImage src(pixman_image_create_bits_no_clear(PIXMAN_x8r8g8b8, kWidth, kHeight,
                                                      static_cast<uint32_t*>(map), kWidth * 4));
    PixmanImage dst = filled_image(0x66);
    const double t = run_timed(state, [&] {
        pixman_image_composite32(PIXMAN_OP_SRC, src.get(), nullptr, dst.get(), 0, 0, 0, 0, 0, 0,
                                 kWidth, kHeight);
    });
    report(state, t);
    src.reset();
    munmap(map, bytes);
}
BENCHMARK(BM_baseline_pixman_src_memfd)->Name("baseline/pixman_src_1080p_from_memfd")->Unit(benchmark::kMillisecond);

// One full frame from a fullscreen opaque XRGB surface: one SRC of the whole
// frame, nothing cleared.
void BM_composite_xrgb_full(benchmark::State& state) {
    RenderStats stats;
    const double t = run_timed(state, [&] { stats = composite(g_scenes->xrgb, full_damage()); });
    report(state, t, &stats);
    state.counters["x_full"] = t / g_base.full_frame_ns;
    if (stats.surfaces_drawn != 1 || stats.pixels_drawn != int64_t(kWidth) * kHeight || stats.pixels_cleared != 0)
        fail(state, "opaque fullscreen surface: expected 1 surface, every pixel drawn, none cleared");
}
BENCHMARK(BM_composite_xrgb_full)->Name("composite/xrgb_full_SRC")->Unit(benchmark::kMillisecond);

// The same from a translucent ARGB surface: the background is filled, then
// the surface blended over it (OVER).
void BM_composite_argb_full(benchmark::State& state) {
    RenderStats stats;
    const double t = run_timed(state, [&] { stats = composite(g_scenes->argb, full_damage()); });
    report(state, t, &stats);
    state.counters["x_full"] = t / g_base.full_frame_ns;
    if (stats.surfaces_drawn != 1) fail(state, "ARGB surface was not drawn");
}
BENCHMARK(BM_composite_argb_full)->Name("composite/argb_full_OVER")->Unit(benchmark::kMillisecond);

// Damage proportionality: a centred box of 1%, 10% or 100% of the frame.
void BM_composite_damage(benchmark::State& state) {
    const double percent = double(state.range(0));
    const Region damage(damage_box(percent));
    const double same_boxes = pixman_boxes_ns(damage);
    RenderStats stats;
    const double t = run_timed(state, [&] { stats = composite(g_scenes->xrgb, damage); });
    report(state, t, &stats);
    state.counters["x_full"] = t / g_base.full_frame_ns;
    state.counters["x_same_boxes"] = t / same_boxes;
    if (stats.pixels_drawn != damage.area() || stats.pixels_cleared != 0)
        fail(state, "damage: drew " + std::to_string(stats.pixels_drawn) + " pixels for a damage of " +
                        std::to_string(damage.area()));
}
BENCHMARK(BM_composite_damage)->Name("composite/damage_percent")->Arg(1)->Arg(10)->Arg(100)
    ->Unit(benchmark::kMillisecond);

// A 1000×700 window redrawing all of itself (the third peer case of docs/performance.md):
// its box is the damage.
void BM_composite_window(benchmark::State& state) {
    const View v = g_scenes->window.views().front();
    const Region damage(Box{v.x, v.y, 1000, 700});
    const double same_boxes = pixman_boxes_ns(damage);
    RenderStats stats;
    const double t = run_timed(state, [&] { stats = composite(g_scenes->window, damage); });
    report(state, t, &stats);
    state.counters["x_full"] = t / g_base.full_frame_ns;
    state.counters["x_same_boxes"] = t / same_boxes;
    if (stats.pixels_drawn != 700000 || stats.pixels_cleared != 0)
        fail(state, "window: expected its 700000 pixels drawn and nothing cleared");
}
BENCHMARK(BM_composite_window)->Name("composite/window_1000x700")->Unit(benchmark::kMillisecond);

// 64 windows (240×135, tiling the output), each with a 32×32 damaged square:
// 65 536 pixels (3.2% of the frame) in 64 boxes across 64 surfaces.
Region squares64() {
    Region r;
    for (int i = 0; i < 64; ++i)
        r.add(Box{(i % 8) * kTileW + (kTileW - 32) / 2, (i / 8) * kTileH + (kTileH - 32) / 2, 32, 32});
    return r;
}

void BM_composite_windows64(benchmark::State& state) {
    const Region damage = squares64();
    const double same_boxes = pixman_boxes_ns(damage);
    RenderStats stats;
    const double t = run_timed(state, [&] { stats = composite(g_scenes->windows64, damage); });
    report(state, t, &stats);
    state.counters["x_full"] = t / g_base.full_frame_ns;
    state.counters["x_same_boxes"] = t / same_boxes;
    if (stats.surfaces_drawn != 64 || stats.pixels_drawn != 64 * 32 * 32 || stats.pixels_cleared != 0)
        fail(state, "64 windows: expected 64 surfaces and 65536 pixels drawn, got " +
                        std::to_string(stats.surfaces_drawn) + " and " + std::to_string(stats.pixels_drawn));
}
BENCHMARK(BM_composite_windows64)->Name("composite/windows64_32x32")->Unit(benchmark::kMillisecond);

// Occlusion: 8 stacked fullscreen surfaces with full opaque regions; only the
// top one may be read.
void BM_composite_occluded8(benchmark::State& state) {
    RenderStats stats;
    const double t = run_timed(state, [&] { stats = composite(g_scenes->stacked, full_damage()); });
    report(state, t, &stats);
    state.counters["x_full"] = t / g_base.full_frame_ns;
    // The top surface's colour (8th, 0x808080) must be what is shown.
    const uint32_t top = *static_cast<uint32_t*>(pixman_image_get_data(g_target.get())) | 0xff000000u;
    if (stats.surfaces_drawn != 1)
        fail(state, "occlusion: " + std::to_string(stats.surfaces_drawn) + " surfaces read, expected only the top one");
    else if (top != 0xff808080u)
        fail(state, "occlusion: the output does not show the top surface");
}
BENCHMARK(BM_composite_occluded8)->Name("composite/stacked8_opaque")->Unit(benchmark::kMillisecond);

// For comparison: the same stack without opaque regions (8 blends).
void BM_composite_blended8(benchmark::State& state) {
    RenderStats stats;
    const double t = run_timed(state, [&] { stats = composite(g_scenes->stacked_blended, full_damage()); });
    report(state, t, &stats);
    state.counters["x_full"] = t / g_base.full_frame_ns;
    if (stats.surfaces_drawn != 8) fail(state, "translucent stack: expected 8 surfaces drawn");
}
BENCHMARK(BM_composite_blended8)->Name("composite/stacked8_translucent")->Unit(benchmark::kMillisecond);

// The real frame path of the output: damage, then the backend's frame signal.
// The headless output's swapchain hands back the one buffer it showed last
// (age 1), so a small damage stays small (wlr_output_damage). `direct`: what
// the scene must get, direct scanout (the fullscreen opaque scene: the frame
// commits the client's buffer, no copy) or compositing (with `direct` false
// the output's direct scanout is turned off for the run, so the same scene
// measures the composited frame).
void output_frame(benchmark::State& state, const char* name, BenchScene& s, const Region* damage,
                  bool direct = false) {
    shoji::Output& out = s.output();
    out.set_direct_scanout(direct);
    struct Restore {
        shoji::Output& out;
        ~Restore() { out.set_direct_scanout(true); }
    } restore{out};
    const uint64_t direct_before = out.frames_direct();
    auto frame = [&] {
        if (damage) out.add_layout_damage(*damage);
        wlr_output_send_frame(out.wlr());
    };
    for (int i = 0; i < 8; ++i) frame(); // buffer ages settle
    const uint64_t before = out.frames_rendered();
    const double t = run_timed(state, frame);
    const uint64_t rendered = out.frames_rendered() - before;
    report(state, t, damage ? &out.last_render() : nullptr);
    state.counters["x_full"] = t / g_base.full_frame_ns;
    state.counters["frames_rendered"] = double(rendered);
    if (damage && rendered != uint64_t(state.iterations())) fail(state, "a damaged frame was not rendered");
    if (!damage && rendered != 0) fail(state, "an idle frame rendered");
    const uint64_t direct_frames = out.frames_direct() - direct_before;
    state.counters["frames_direct"] = double(direct_frames);
    if (damage && direct && direct_frames < rendered) fail(state, "a frame of the fullscreen scene was composited");
    if (!direct && direct_frames != 0) fail(state, "a frame was direct with direct scanout off");
    if (damage && !direct) {
        // What the frame repainted, against what was damaged. The same damage
        // every frame, so buffer age adds nothing: 1.0 is exact. More is work
        // that does not follow the damage (reported, not a failure: see
        // docs/performance.md).
        const RenderStats& r = out.last_render();
        const double repainted = double(r.pixels_drawn + r.pixels_cleared);
        state.counters["repaint_x_damage"] = repainted / double(damage->area());
        static std::set<std::string> warned;
        if (repainted > 1.5 * double(damage->area()) && warned.insert(name).second)
            std::fprintf(stderr,
                         "composite-bench: %s: each frame repaints %.0f pixels for a damage of %lld "
                         "(%.1f×)\n",
                         name, repainted, static_cast<long long>(damage->area()),
                         repainted / double(damage->area()));
    }
}

// The fullscreen opaque window: direct scanout (x_pixman_src is then its
// ratio to the pixman copy of the frame it does not make; target ≤ 0.3).
void BM_output_frame_full(benchmark::State& state) {
    output_frame(state, "output_frame/xrgb_full", g_scenes->xrgb, &full_damage(), true);
}
BENCHMARK(BM_output_frame_full)->Name("output_frame/xrgb_full")->Unit(benchmark::kMillisecond);

// The same frames composited (direct scanout off): one SRC of the frame into
// the output's buffer, which stays hot (age 1).
void BM_output_frame_full_composited(benchmark::State& state) {
    output_frame(state, "output_frame/xrgb_full_composited", g_scenes->xrgb, &full_damage(), false);
}
BENCHMARK(BM_output_frame_full_composited)->Name("output_frame/xrgb_full_composited")->Unit(benchmark::kMillisecond);

void BM_output_frame_1pct(benchmark::State& state) {
    const Region damage(damage_box(1));
    output_frame(state, "output_frame/xrgb_damage_1percent", g_scenes->xrgb, &damage);
}
BENCHMARK(BM_output_frame_1pct)->Name("output_frame/xrgb_damage_1percent")->Unit(benchmark::kMillisecond);

void BM_output_frame_windows64(benchmark::State& state) {
    const Region damage = squares64();
    output_frame(state, "output_frame/windows64_32x32", g_scenes->windows64, &damage);
}
BENCHMARK(BM_output_frame_windows64)->Name("output_frame/windows64_32x32")->Unit(benchmark::kMillisecond);

void BM_output_frame_idle(benchmark::State& state) {
    output_frame(state, "output_frame/idle", g_scenes->xrgb, nullptr);
}
BENCHMARK(BM_output_frame_idle)->Name("output_frame/idle")->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
    wlr_log_init(WLR_ERROR, nullptr);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    build_scenes();
    measure_baselines();
    benchmark::AddCustomContext("baseline_pixman_src_ms", std::to_string(g_base.pixman_src_ns / 1e6));
    benchmark::AddCustomContext("baseline_pixman_src_cold_ms", std::to_string(g_base.pixman_src_cold_ns / 1e6));
    benchmark::AddCustomContext("baseline_memcpy_ms", std::to_string(g_base.memcpy_ns / 1e6));
    benchmark::AddCustomContext("baseline_full_frame_ms", std::to_string(g_base.full_frame_ns / 1e6));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    g_target.reset();
    g_scenes.reset();
    if (g_failed) std::fprintf(stderr, "composite-bench: FAILED (see the errors above)\n");
    return g_failed ? 1 : 0;
}
