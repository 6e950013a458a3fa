// bench-client: an end-to-end benchmark client for any Wayland compositor.
//
// A plain libwayland-client program (no Shoji code) that maps one xdg
// toplevel (by default fullscreen, 1920×1080 XRGB8888), then commits a new
// frame as fast as the compositor lets it: it waits for the previous frame's
// wl_callback.done and for a free buffer (double-buffered: two buffers, one
// may be held by the compositor until wl_buffer.release), repaints the damaged
// area, attaches, damages (the whole buffer, or a 64×64 square with
// --damage 64), requests a frame callback and commits. After a warm-up it
// counts committed frames for --seconds and prints one line of key=value
// results. With --cpu-pid it also samples the compositor's CPU time (user +
// sys of all its threads) at the start and end of the timed phase and
// reports compositor CPU ms per committed frame.
//
// With --static it commits one frame, waits for its frame callback and the
// warm-up, then commits nothing for --seconds and reports what the
// compositor spent meanwhile: CPU ms and wake-ups (times it was scheduled
// onto a CPU, from /proc/PID/task/*/schedstat), per second, and its
// resident memory at the end (/proc/PID/status), with its proportional
// share (Pss: a page shared by N processes counts 1/N) and its split by
// mapping (/proc/PID/smaps): the compositor's own shared memory, this
// client's pool as the compositor maps it, and file pages (libraries), of
// which those in files this client maps too.
//
// Usage: bench-client [--seconds S] [--warmup S] [--damage N] [--size WxH]
//                     [--window] [--no-paint] [--format xrgb|argb] [--cpu-pid PID|parent]
//                     [--static]
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <wayland-client.h>

#include "xdg-shell-client-protocol.h"

namespace {

struct Options {
    double seconds = 5;
    double warmup = 1;
    int damage = 0; // 0: full damage; N: an N×N square
    int width = 1920, height = 1080;
    bool fullscreen = true;
    bool paint = true;
    uint32_t format = WL_SHM_FORMAT_XRGB8888;
    pid_t cpu_pid = 0;
    bool still = false; // --static
};

[[noreturn]] void die(const char* fmt, const char* arg = "") {
    std::fprintf(stderr, "bench-client: ");
    std::fprintf(stderr, fmt, arg);
    std::fprintf(stderr, "\n");
    std::exit(2);
}

const char* const kUsage =
    "Usage: bench-client [options]\n"
    "  --seconds S        timed phase (default 5)\n"
    "  --warmup S         untimed frames first (default 1)\n"
    "  --damage N         damage an N×N square per frame instead of the whole buffer\n"
    "  --size WxH         buffer size (default 1920x1080)\n"
    "  --window           do not ask for fullscreen\n"
    "  --no-paint         do not repaint the damaged area (diagnostic: the compositor then\n"
    "                     reads memory no other core has just written)\n"
    "  --format xrgb|argb buffer format (default xrgb: XRGB8888)\n"
    "  --cpu-pid PID      report this process's CPU ms per frame ('parent': our parent)\n"
    "  --static           one frame, then nothing for --seconds: the compositor's idle\n"
    "                     CPU ms and wake-ups (needs --cpu-pid)\n";

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) die("%s needs a value", a.c_str());
            return argv[++i];
        };
        if (a == "--seconds") o.seconds = std::atof(value().c_str());
        else if (a == "--warmup") o.warmup = std::atof(value().c_str());
        else if (a == "--damage") o.damage = std::atoi(value().c_str());
        else if (a == "--size") {
            const std::string v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width <= 0 || o.height <= 0)
                die("bad --size '%s' (expected WxH)", v.c_str());
        } else if (a == "--window") o.fullscreen = false;
        else if (a == "--no-paint") o.paint = false;
        else if (a == "--format") {
            const std::string v = value();
            if (v == "xrgb") o.format = WL_SHM_FORMAT_XRGB8888;
            else if (v == "argb") o.format = WL_SHM_FORMAT_ARGB8888;
            else die("bad --format '%s' (xrgb or argb)", v.c_str());
        } else if (a == "--cpu-pid") {
            const std::string v = value();
            o.cpu_pid = v == "parent" ? getppid() : pid_t(std::atoi(v.c_str()));
        } else if (a == "--static") {
            o.still = true;
        } else if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else die("unknown option '%s' (see --help)", a.c_str());
    }
    if (o.damage < 0 || o.damage > std::min(o.width, o.height)) die("--damage must fit in the buffer");
    return o;
}

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU time (user + sys) of a whole process, in ms. Preferably the sum of its
// threads' schedstat run time (ns resolution); else utime + stime from
// /proc/PID/stat (clock ticks, usually 10 ms).
double process_cpu_ms(pid_t pid) {
    const std::string base = "/proc/" + std::to_string(pid);
    if (DIR* d = opendir((base + "/task").c_str())) {
        double ns = 0;
        bool any = false;
        while (dirent* e = readdir(d)) {
            if (e->d_name[0] == '.') continue;
            std::ifstream f(base + "/task/" + e->d_name + "/schedstat");
            double run = 0;
            if (f >> run) ns += run, any = true;
        }
        closedir(d);
        if (any) return ns / 1e6;
    }
    std::ifstream f(base + "/stat");
    std::string line;
    if (!std::getline(f, line)) return -1;
    // Fields after the command name "(...)": state is field 3; utime, stime
    // are fields 14 and 15.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int n = 3; rest >> field; ++n) {
        if (n == 14) utime = std::stoull(field);
        if (n == 15) { stime = std::stoull(field); break; }
    }
    return double(utime + stime) * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// How many times the process's threads were scheduled onto a CPU (the
// second field after the run and wait times of schedstat): its wake-ups.
long long process_wakeups(pid_t pid) {
    const std::string base = "/proc/" + std::to_string(pid);
    DIR* d = opendir((base + "/task").c_str());
    if (!d) return -1;
    long long slices = 0;
    while (dirent* e = readdir(d)) {
        if (e->d_name[0] == '.') continue;
        std::ifstream f(base + "/task/" + e->d_name + "/schedstat");
        double run = 0, wait = 0;
        long long n = 0;
        if (f >> run >> wait >> n) slices += n;
    }
    closedir(d);
    return slices;
}

// The process's resident memory from /proc/PID/status, in KiB: all of it
// (VmRSS) and its parts: anonymous (heap, stacks), file-backed (libraries)
// and shared memory (memfds: output buffers, the keymap, and the pages of
// clients' pools it has touched).
struct Rss {
    long total = -1, anon = -1, file = -1, shmem = -1;
};
Rss process_rss(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    Rss r;
    std::string line;
    while (std::getline(f, line)) {
        std::istringstream fields(line);
        std::string key;
        long kb = -1;
        if (!(fields >> key >> kb)) continue; // e.g. "Name:\tshoji"
        if (key == "VmRSS:") r.total = kb;
        else if (key == "RssAnon:") r.anon = kb;
        else if (key == "RssFile:") r.file = kb;
        else if (key == "RssShmem:") r.shmem = kb;
    }
    return r;
}

// The compositor's mappings, summed (/proc/PID/smaps; KiB). Its shared
// memory is the client's pool where the mapping is of the pool's memfd
// (same inode), else its own (output buffers, the keymap, other clients').
// File pages are those of mappings of real files (libraries, the
// executable, locale data); `file_shared_with_client` those of files this
// process maps too (libc, libwayland...).
struct Mappings {
    long pss = 0, shared = 0, priv = 0;
    long shm_own = 0, shm_client_pool = 0;
    long file = 0, file_pss = 0, file_shared_with_client = 0;
};
struct MappingHeader {
    bool ok = false;
    std::string inode, path;
};
MappingHeader parse_mapping_header(const std::string& line) {
    // "start-end perms offset dev inode [path]"
    std::istringstream in(line);
    std::string range, perms, offset, dev;
    MappingHeader h;
    if (!(in >> range >> perms >> offset >> dev >> h.inode) || range.find('-') == std::string::npos ||
        range.back() == ':')
        return h;
    std::getline(in, h.path);
    h.path.erase(0, h.path.find_first_not_of(' '));
    h.ok = true;
    return h;
}
bool is_shmem_path(const std::string& path) {
    return path.rfind("/memfd:", 0) == 0 || path.rfind("/dev/shm/", 0) == 0 || path.rfind("/SYSV", 0) == 0 ||
           path.rfind("/dev/zero", 0) == 0;
}
Mappings compositor_mappings(pid_t pid, const std::string& pool_inode) {
    // The inodes of the files this process maps.
    std::vector<std::string> own_files;
    {
        std::ifstream maps("/proc/self/maps");
        std::string line;
        while (std::getline(maps, line)) {
            const MappingHeader h = parse_mapping_header(line);
            if (h.ok && h.inode != "0" && !is_shmem_path(h.path)) own_files.push_back(h.inode);
        }
    }
    std::ifstream f("/proc/" + std::to_string(pid) + "/smaps");
    Mappings m;
    MappingHeader current;
    std::string line;
    while (std::getline(f, line)) {
        const MappingHeader h = parse_mapping_header(line);
        if (h.ok) {
            current = h;
            continue;
        }
        std::istringstream fields(line);
        std::string key;
        long kb = 0;
        if (!(fields >> key >> kb)) continue;
        const bool shmem = is_shmem_path(current.path);
        const bool file = !shmem && current.inode != "0";
        if (key == "Pss:") {
            m.pss += kb;
            if (file) m.file_pss += kb;
        } else if (key == "Shared_Clean:" || key == "Shared_Dirty:") {
            m.shared += kb;
        } else if (key == "Private_Clean:" || key == "Private_Dirty:") {
            m.priv += kb;
        } else if (key == "Rss:") {
            if (shmem && current.inode == pool_inode) m.shm_client_pool += kb;
            else if (shmem) m.shm_own += kb;
            else if (file) {
                m.file += kb;
                if (std::find(own_files.begin(), own_files.end(), current.inode) != own_files.end())
                    m.file_shared_with_client += kb;
            }
        }
    }
    return m;
}

double own_cpu_ms() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

struct Buffer {
    wl_buffer* buffer = nullptr;
    uint32_t* pixels = nullptr;
    bool busy = false; // attached and committed, not yet released
};

struct App {
    Options opt;
    wl_display* display = nullptr;
    wl_compositor* compositor = nullptr;
    wl_shm* shm = nullptr;
    xdg_wm_base* wm_base = nullptr;
    wl_surface* surface = nullptr;
    xdg_surface* xsurface = nullptr;
    xdg_toplevel* toplevel = nullptr;
    uint32_t configure_serial = 0, acked_serial = 0;
    bool configured = false, closed = false;
    int32_t configured_w = 0, configured_h = 0;
    Buffer buffers[2];
    std::string pool_inode; // of the buffers' memfd, as /proc/PID/smaps names it
    bool frame_pending = false;
    int stride = 0;
};

void on_global(void* data, wl_registry* reg, uint32_t name, const char* iface, uint32_t version) {
    auto* app = static_cast<App*>(data);
    if (!std::strcmp(iface, wl_compositor_interface.name))
        app->compositor = static_cast<wl_compositor*>(wl_registry_bind(reg, name, &wl_compositor_interface, std::min(version, 4u)));
    else if (!std::strcmp(iface, wl_shm_interface.name))
        app->shm = static_cast<wl_shm*>(wl_registry_bind(reg, name, &wl_shm_interface, 1));
    else if (!std::strcmp(iface, xdg_wm_base_interface.name))
        app->wm_base = static_cast<xdg_wm_base*>(wl_registry_bind(reg, name, &xdg_wm_base_interface, 1));
}
const wl_registry_listener registry_listener = {on_global, [](void*, wl_registry*, uint32_t) {}};

const xdg_wm_base_listener wm_base_listener = {
    [](void*, xdg_wm_base* base, uint32_t serial) { xdg_wm_base_pong(base, serial); }};

const xdg_surface_listener xsurface_listener = {[](void* data, xdg_surface*, uint32_t serial) {
    auto* app = static_cast<App*>(data);
    app->configure_serial = serial;
    app->configured = true;
}};

const xdg_toplevel_listener toplevel_listener = {
    [](void* data, xdg_toplevel*, int32_t w, int32_t h, wl_array*) {
        auto* app = static_cast<App*>(data);
        app->configured_w = w;
        app->configured_h = h;
    },
    [](void* data, xdg_toplevel*) { static_cast<App*>(data)->closed = true; },
};

const wl_buffer_listener buffer_listener = {
    [](void* data, wl_buffer*) { static_cast<Buffer*>(data)->busy = false; }};

const wl_callback_listener frame_listener = {[](void* data, wl_callback* cb, uint32_t) {
    static_cast<App*>(data)->frame_pending = false;
    wl_callback_destroy(cb);
}};

// Reads and dispatches events for up to timeout_ms. False on a fatal error.
bool dispatch(wl_display* display, int timeout_ms) {
    while (wl_display_prepare_read(display) != 0) {
        if (wl_display_dispatch_pending(display) < 0) return false;
    }
    if (wl_display_flush(display) < 0 && errno != EAGAIN) {
        wl_display_cancel_read(display);
        return false;
    }
    pollfd pfd{wl_display_get_fd(display), POLLIN, 0};
    const int n = poll(&pfd, 1, timeout_ms);
    if (n > 0) {
        if (wl_display_read_events(display) < 0) return false;
    } else {
        wl_display_cancel_read(display);
        if (n < 0 && errno != EINTR) return false;
    }
    return wl_display_dispatch_pending(display) >= 0;
}

void make_buffers(App& app) {
    const int w = app.opt.width, h = app.opt.height;
    app.stride = w * 4;
    const size_t frame = size_t(app.stride) * size_t(h);
    const int fd = memfd_create("bench-client", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, off_t(2 * frame)) != 0) die("cannot create a memfd of %s bytes", std::to_string(2 * frame).c_str());
    auto* data = static_cast<uint8_t*>(mmap(nullptr, 2 * frame, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    if (data == MAP_FAILED) die("mmap failed");
    struct stat st{};
    if (fstat(fd, &st) == 0) app.pool_inode = std::to_string(st.st_ino);
    wl_shm_pool* pool = wl_shm_create_pool(app.shm, fd, int32_t(2 * frame));
    for (int i = 0; i < 2; ++i) {
        Buffer& b = app.buffers[i];
        b.buffer = wl_shm_pool_create_buffer(pool, int32_t(i * frame), w, h, app.stride, app.opt.format);
        wl_buffer_add_listener(b.buffer, &buffer_listener, &b);
        b.pixels = reinterpret_cast<uint32_t*>(data + i * frame);
        // Opaque for XRGB; half-transparent premultiplied for ARGB.
        const uint32_t fill = app.opt.format == WL_SHM_FORMAT_ARGB8888 ? 0x80204060u : 0xff204060u;
        std::fill_n(b.pixels, size_t(w) * size_t(h), fill);
    }
    wl_shm_pool_destroy(pool);
    close(fd);
}

// Paints the damaged area of `b` for frame n and commits it.
void commit_frame(App& app, Buffer& b, uint64_t n) {
    const int w = app.opt.width, h = app.opt.height;
    const int d = app.opt.damage;
    const int x0 = d ? (w - d) / 2 : 0, y0 = d ? (h - d) / 2 : 0;
    const int dw = d ? d : w, dh = d ? d : h;
    const uint32_t alpha = app.opt.format == WL_SHM_FORMAT_ARGB8888 ? 0x80000000u : 0xff000000u;
    const uint32_t colour = alpha | uint32_t((n * 0x010203u) & 0x7f7f7f);
    if (app.opt.paint)
        for (int y = y0; y < y0 + dh; ++y) std::fill_n(b.pixels + size_t(y) * size_t(w) + x0, dw, colour);

    // A later configure (e.g. activation) is acked with the next frame; the
    // buffer size stays what we chose.
    if (app.configure_serial != app.acked_serial) {
        xdg_surface_ack_configure(app.xsurface, app.configure_serial);
        app.acked_serial = app.configure_serial;
    }
    wl_surface_attach(app.surface, b.buffer, 0, 0);
    wl_surface_damage_buffer(app.surface, x0, y0, dw, dh);
    wl_callback* cb = wl_surface_frame(app.surface);
    wl_callback_add_listener(cb, &frame_listener, &app);
    app.frame_pending = true;
    b.busy = true;
    wl_surface_commit(app.surface);
}

} // namespace

int main(int argc, char** argv) {
    App app;
    app.opt = parse(argc, argv);
    app.display = wl_display_connect(nullptr);
    if (!app.display) die("cannot connect to the Wayland display (WAYLAND_DISPLAY=%s)", getenv("WAYLAND_DISPLAY") ? getenv("WAYLAND_DISPLAY") : "");
    wl_registry* registry = wl_display_get_registry(app.display);
    wl_registry_add_listener(registry, &registry_listener, &app);
    wl_display_roundtrip(app.display);
    if (!app.compositor || !app.shm || !app.wm_base) die("the compositor lacks wl_compositor, wl_shm or xdg_wm_base");
    xdg_wm_base_add_listener(app.wm_base, &wm_base_listener, &app);

    app.surface = wl_compositor_create_surface(app.compositor);
    app.xsurface = xdg_wm_base_get_xdg_surface(app.wm_base, app.surface);
    xdg_surface_add_listener(app.xsurface, &xsurface_listener, &app);
    app.toplevel = xdg_surface_get_toplevel(app.xsurface);
    xdg_toplevel_add_listener(app.toplevel, &toplevel_listener, &app);
    xdg_toplevel_set_title(app.toplevel, "shoji bench-client");
    xdg_toplevel_set_app_id(app.toplevel, "shoji-bench");
    if (app.opt.fullscreen) xdg_toplevel_set_fullscreen(app.toplevel, nullptr);
    wl_surface_commit(app.surface);
    // Some compositors send a second configure once the fullscreen state is
    // applied; take the latest one that arrives within the roundtrips.
    while (!app.configured) {
        if (wl_display_dispatch(app.display) < 0) die("connection lost before the first configure");
    }
    wl_display_roundtrip(app.display);
    xdg_surface_ack_configure(app.xsurface, app.configure_serial);
    app.acked_serial = app.configure_serial;

    make_buffers(app);

    if (app.opt.still) {
        if (!app.opt.cpu_pid) die("--static needs --cpu-pid");
        commit_frame(app, app.buffers[0], 0);
        const double shown_by = now_s() + 5;
        while (app.frame_pending) {
            if (!dispatch(app.display, 1000) || now_s() > shown_by) die("the first frame was not shown");
        }
        // Warm-up, then the quiet phase; we only answer pings meanwhile.
        for (int phase = 0; phase < 2; ++phase) {
            const double until = now_s() + (phase == 0 ? app.opt.warmup : app.opt.seconds);
            const double cpu0 = process_cpu_ms(app.opt.cpu_pid);
            const long long wake0 = process_wakeups(app.opt.cpu_pid);
            double t;
            while ((t = now_s()) < until)
                if (!dispatch(app.display, int((until - t) * 1000) + 1)) die("connection lost");
            if (phase == 1) {
                const double cpu = process_cpu_ms(app.opt.cpu_pid) - cpu0;
                const long long wakeups = process_wakeups(app.opt.cpu_pid) - wake0;
                const Rss rss = process_rss(app.opt.cpu_pid);
                const Mappings m = compositor_mappings(app.opt.cpu_pid, app.pool_inode);
                std::printf("static_seconds=%.3f compositor_cpu_ms=%.3f compositor_wakeups=%lld wakeups_per_s=%.2f "
                            "compositor_rss_kb=%ld rss_anon_kb=%ld rss_file_kb=%ld rss_shmem_kb=%ld "
                            "pss_kb=%ld rss_private_kb=%ld rss_shared_kb=%ld shm_own_kb=%ld shm_client_pool_kb=%ld "
                            "file_pss_kb=%ld file_shared_with_client_kb=%ld\n",
                            app.opt.seconds, cpu, wakeups, double(wakeups) / app.opt.seconds, rss.total, rss.anon,
                            rss.file, rss.shmem, m.pss, m.priv, m.shared, m.shm_own, m.shm_client_pool, m.file_pss,
                            m.file_shared_with_client);
            }
        }
        wl_display_disconnect(app.display);
        return 0;
    }

    const double start = now_s();
    const double timed_from = start + app.opt.warmup;
    const double timed_until = timed_from + app.opt.seconds;
    uint64_t n = 0, timed_frames = 0;
    double t0 = 0, t1 = 0, cpu0 = 0, cpu1 = 0, own0 = 0, own1 = 0;
    bool timing = false;
    double last_commit = start;
    for (;;) {
        const double now = now_s();
        // A frame is due when the previous one was shown and a buffer is free.
        Buffer* free_buffer = !app.buffers[0].busy ? &app.buffers[0] : !app.buffers[1].busy ? &app.buffers[1] : nullptr;
        if (!app.frame_pending && free_buffer) {
            if (!timing && now >= timed_from) {
                timing = true;
                t0 = now;
                cpu0 = app.opt.cpu_pid ? process_cpu_ms(app.opt.cpu_pid) : 0;
                own0 = own_cpu_ms();
            } else if (timing && now >= timed_until) {
                // The frame callback of the last counted commit has arrived:
                // the compositor's work for it is done.
                t1 = now;
                cpu1 = app.opt.cpu_pid ? process_cpu_ms(app.opt.cpu_pid) : 0;
                own1 = own_cpu_ms();
                break;
            }
            commit_frame(app, *free_buffer, n++);
            last_commit = now;
            if (timing) ++timed_frames;
            continue;
        }
        if (app.closed) die("the compositor closed the window");
        if (!dispatch(app.display, 1000))
            die("connection lost: %s", std::strerror(wl_display_get_error(app.display)));
        if (now_s() - last_commit > 5) die("no frame callback or buffer release for 5 s");
    }

    const double secs = t1 - t0;
    std::printf("frames=%llu seconds=%.3f fps=%.1f client_cpu_ms_per_frame=%.4f",
                static_cast<unsigned long long>(timed_frames), secs, double(timed_frames) / secs,
                (own1 - own0) / double(timed_frames));
    if (app.opt.cpu_pid)
        std::printf(" compositor_cpu_ms=%.1f compositor_cpu_ms_per_frame=%.4f", cpu1 - cpu0,
                    (cpu1 - cpu0) / double(timed_frames));
    std::printf(" configured=%dx%d\n", app.configured_w, app.configured_h);
    // Some compositors configure fullscreen only after the first buffer; by
    // now the size must be the one we commit, or the figures are not for it.
    if (app.opt.fullscreen && (app.configured_w != app.opt.width || app.configured_h != app.opt.height))
        std::fprintf(stderr, "bench-client: fullscreen configure is %dx%d, but we committed %dx%d\n",
                     app.configured_w, app.configured_h, app.opt.width, app.opt.height);

    xdg_toplevel_destroy(app.toplevel);
    xdg_surface_destroy(app.xsurface);
    wl_surface_destroy(app.surface);
    for (Buffer& b : app.buffers) wl_buffer_destroy(b.buffer);
    xdg_wm_base_destroy(app.wm_base);
    wl_shm_destroy(app.shm);
    wl_compositor_destroy(app.compositor);
    wl_registry_destroy(registry);
    wl_display_roundtrip(app.display);
    wl_display_disconnect(app.display);
    return 0;
}
