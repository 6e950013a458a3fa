// input-log-client: a small xdg-shell client of the test suite's own that
// shows one window of a solid colour and logs, one line each on stdout
// (flushed), the input it receives, in surface-local coordinates:
//
//   pointer enter 10.00 20.00          pointer motion 10.00 20.00
//   pointer button left pressed 10.00 20.00
//   pointer axis vertical 15.00        pointer axis frame (the frame that ends axes)
//   pointer leave
//   keyboard enter                     keyboard leave
//   key a pressed ctrl+shift           key Return released
//   close
//
// Keys are logged as the keysym the client's own xkb state gives for the
// key (from the keymap and modifiers the compositor sent), with the held
// modifiers. Options:
//   --app-id ID  --title TEXT  --size WxH (200x150)  --colour RRGGBB (3366cc)
//   --until PREFIX [--until-count N]   exit 0 after the Nth line starting
//                                       with PREFIX (scripts wait for the pid)
//   --copy TEXT  at its first keyboard enter, copy TEXT to the clipboard
//                (wl_data_device.set_selection with the enter's serial, as
//                text/plain;charset=utf-8 and text/plain), log "copied" and
//                set its title to "copied" (a script waits for that with
//                `shoji ctl wait window --title copied`); each paste is
//                written and logged "sent MIME"
// xdg_toplevel.close makes it log "close" and exit 0.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/input-event-codes.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <wayland-client.h>
#include <xkbcommon/xkbcommon.h>

#include "xdg-shell-client-protocol.h"

namespace {

struct App {
    wl_display* display = nullptr;
    wl_compositor* compositor = nullptr;
    wl_shm* shm = nullptr;
    xdg_wm_base* wm_base = nullptr;
    wl_seat* seat = nullptr;
    wl_pointer* pointer = nullptr;
    wl_keyboard* keyboard = nullptr;
    wl_surface* surface = nullptr;
    xdg_surface* xdg = nullptr;
    xdg_toplevel* toplevel = nullptr;
    wl_buffer* buffer = nullptr;
    int width = 200, height = 150;
    uint32_t colour = 0xff3366cc;
    bool configured = false;
    std::string until;
    int until_count = 1, until_seen = 0;
    double px = 0, py = 0;
    bool axis_in_frame = false;
    wl_data_device_manager* data_device_manager = nullptr;
    wl_data_device* data_device = nullptr;
    wl_data_source* copied = nullptr;
    std::string copy; // --copy's text (empty: none)
    xkb_context* xkb = nullptr;
    xkb_keymap* keymap = nullptr;
    xkb_state* state = nullptr;
};
App app;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "input-log-client: %s\n", what);
    std::exit(1);
}

[[gnu::format(printf, 1, 2)]] void log_line(const char* fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    std::printf("%s\n", line);
    std::fflush(stdout);
    if (!app.until.empty() && std::strncmp(line, app.until.c_str(), app.until.size()) == 0 &&
        ++app.until_seen >= app.until_count)
        std::exit(0);
}

wl_buffer* make_buffer() {
    const int stride = app.width * 4;
    const size_t size = size_t(stride) * size_t(app.height);
    const int fd = memfd_create("input-log-client", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, off_t(size)) != 0) die("cannot make a buffer");
    auto* pixels = static_cast<uint32_t*>(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    if (pixels == MAP_FAILED) die("cannot map the buffer");
    for (size_t i = 0; i < size / 4; ++i) pixels[i] = app.colour;
    munmap(pixels, size);
    wl_shm_pool* pool = wl_shm_create_pool(app.shm, fd, int32_t(size));
    wl_buffer* b = wl_shm_pool_create_buffer(pool, 0, app.width, app.height, stride, WL_SHM_FORMAT_XRGB8888);
    wl_shm_pool_destroy(pool);
    close(fd);
    return b;
}

// "ctrl+shift" for the modifiers held now, "" for none.
std::string held_modifiers() {
    std::string out;
    if (!app.state) return out;
    const struct {
        const char* xkb;
        const char* name;
    } mods[] = {{XKB_MOD_NAME_CTRL, "ctrl"}, {XKB_MOD_NAME_SHIFT, "shift"}, {XKB_MOD_NAME_ALT, "alt"},
                {XKB_MOD_NAME_LOGO, "super"}, {"Mod5", "altgr"}};
    for (const auto& m : mods)
        if (xkb_state_mod_name_is_active(app.state, m.xkb, XKB_STATE_MODS_DEPRESSED) > 0)
            out += std::string(out.empty() ? "" : "+") + m.name;
    return out;
}

const char* button_name(uint32_t button) {
    switch (button) {
    case BTN_LEFT: return "left";
    case BTN_RIGHT: return "right";
    case BTN_MIDDLE: return "middle";
    default: return "other";
    }
}

// --- pointer ----------------------------------------------------------------------

void pointer_enter(void*, wl_pointer*, uint32_t, wl_surface*, wl_fixed_t x, wl_fixed_t y) {
    app.px = wl_fixed_to_double(x), app.py = wl_fixed_to_double(y);
    log_line("pointer enter %.2f %.2f", app.px, app.py);
}
void pointer_leave(void*, wl_pointer*, uint32_t, wl_surface*) { log_line("pointer leave"); }
void pointer_motion(void*, wl_pointer*, uint32_t, wl_fixed_t x, wl_fixed_t y) {
    app.px = wl_fixed_to_double(x), app.py = wl_fixed_to_double(y);
    log_line("pointer motion %.2f %.2f", app.px, app.py);
}
void pointer_button(void*, wl_pointer*, uint32_t, uint32_t, uint32_t button, uint32_t state) {
    log_line("pointer button %s %s %.2f %.2f", button_name(button),
             state == WL_POINTER_BUTTON_STATE_PRESSED ? "pressed" : "released", app.px, app.py);
}
void pointer_axis(void*, wl_pointer*, uint32_t, uint32_t axis, wl_fixed_t value) {
    app.axis_in_frame = true;
    log_line("pointer axis %s %.2f", axis == WL_POINTER_AXIS_VERTICAL_SCROLL ? "vertical" : "horizontal",
             wl_fixed_to_double(value));
}
void pointer_frame(void*, wl_pointer*) {
    if (app.axis_in_frame) log_line("pointer axis frame");
    app.axis_in_frame = false;
}
void pointer_axis_source(void*, wl_pointer*, uint32_t) {}
void pointer_axis_stop(void*, wl_pointer*, uint32_t, uint32_t) {}
void pointer_axis_discrete(void*, wl_pointer*, uint32_t, int32_t) {}
const wl_pointer_listener pointer_listener = {pointer_enter,       pointer_leave,     pointer_motion,
                                              pointer_button,      pointer_axis,      pointer_frame,
                                              pointer_axis_source, pointer_axis_stop, pointer_axis_discrete};

// --- keyboard ---------------------------------------------------------------------

void keyboard_keymap(void*, wl_keyboard*, uint32_t format, int fd, uint32_t size) {
    if (format != WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1) die("keymap not in xkb_v1 format");
    void* text = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (text == MAP_FAILED) die("cannot map the keymap");
    if (app.state) xkb_state_unref(app.state);
    if (app.keymap) xkb_keymap_unref(app.keymap);
    app.keymap = xkb_keymap_new_from_string(app.xkb, static_cast<const char*>(text), XKB_KEYMAP_FORMAT_TEXT_V1,
                                            XKB_KEYMAP_COMPILE_NO_FLAGS);
    munmap(text, size);
    if (!app.keymap) die("cannot compile the keymap");
    app.state = xkb_state_new(app.keymap);
}
// --copy: the clipboard's source, serving each paste.
void source_target(void*, wl_data_source*, const char*) {}
void source_send(void*, wl_data_source*, const char* mime, int32_t fd) {
    const char* p = app.copy.data();
    size_t left = app.copy.size();
    while (left > 0) {
        const ssize_t n = write(fd, p, left);
        if (n <= 0) break;
        p += n, left -= size_t(n);
    }
    close(fd);
    log_line("sent %s", mime);
}
void source_cancelled(void*, wl_data_source* source) {
    log_line("copy cancelled");
    wl_data_source_destroy(source);
    app.copied = nullptr;
}
void source_dnd(void*, wl_data_source*) {}
void source_action(void*, wl_data_source*, uint32_t) {}
const wl_data_source_listener source_listener = {source_target, source_send, source_cancelled,
                                                 source_dnd,    source_dnd,  source_action};

void keyboard_enter(void*, wl_keyboard*, uint32_t serial, wl_surface*, wl_array*) {
    log_line("keyboard enter");
    if (app.copy.empty() || app.copied || !app.data_device) return;
    app.copied = wl_data_device_manager_create_data_source(app.data_device_manager);
    wl_data_source_add_listener(app.copied, &source_listener, nullptr);
    wl_data_source_offer(app.copied, "text/plain;charset=utf-8");
    wl_data_source_offer(app.copied, "text/plain");
    wl_data_device_set_selection(app.data_device, app.copied, serial);
    // After the set_selection request, in order: once the title shows, the
    // copy was made.
    xdg_toplevel_set_title(app.toplevel, "copied");
    wl_surface_commit(app.surface);
    log_line("copied");
}
void keyboard_leave(void*, wl_keyboard*, uint32_t, wl_surface*) { log_line("keyboard leave"); }
void keyboard_key(void*, wl_keyboard*, uint32_t, uint32_t, uint32_t key, uint32_t state) {
    char name[64] = "?";
    if (app.state) xkb_keysym_get_name(xkb_state_key_get_one_sym(app.state, key + 8), name, sizeof name);
    const std::string mods = held_modifiers();
    log_line("key %s %s%s%s", name, state == WL_KEYBOARD_KEY_STATE_PRESSED ? "pressed" : "released",
             mods.empty() ? "" : " ", mods.c_str());
}
void keyboard_modifiers(void*, wl_keyboard*, uint32_t, uint32_t depressed, uint32_t latched, uint32_t locked,
                        uint32_t group) {
    if (app.state) xkb_state_update_mask(app.state, depressed, latched, locked, 0, 0, group);
}
void keyboard_repeat_info(void*, wl_keyboard*, int32_t, int32_t) {}
const wl_keyboard_listener keyboard_listener = {keyboard_keymap, keyboard_enter,     keyboard_leave,
                                                keyboard_key,    keyboard_modifiers, keyboard_repeat_info};

// --- globals and the window ----------------------------------------------------------

void seat_capabilities(void*, wl_seat* seat, uint32_t caps) {
    if ((caps & WL_SEAT_CAPABILITY_POINTER) && !app.pointer) {
        app.pointer = wl_seat_get_pointer(seat);
        wl_pointer_add_listener(app.pointer, &pointer_listener, nullptr);
    }
    if ((caps & WL_SEAT_CAPABILITY_KEYBOARD) && !app.keyboard) {
        app.keyboard = wl_seat_get_keyboard(seat);
        wl_keyboard_add_listener(app.keyboard, &keyboard_listener, nullptr);
    }
}
void seat_name(void*, wl_seat*, const char*) {}
const wl_seat_listener seat_listener = {seat_capabilities, seat_name};

void wm_base_ping(void*, xdg_wm_base* base, uint32_t serial) { xdg_wm_base_pong(base, serial); }
const xdg_wm_base_listener wm_base_listener = {wm_base_ping};

void registry_global(void*, wl_registry* registry, uint32_t name, const char* interface, uint32_t version) {
    auto bind = [&](const wl_interface* iface, uint32_t max) {
        return wl_registry_bind(registry, name, iface, version < max ? version : max);
    };
    if (std::strcmp(interface, wl_compositor_interface.name) == 0) {
        app.compositor = static_cast<wl_compositor*>(bind(&wl_compositor_interface, 4));
    } else if (std::strcmp(interface, wl_shm_interface.name) == 0) {
        app.shm = static_cast<wl_shm*>(bind(&wl_shm_interface, 1));
    } else if (std::strcmp(interface, xdg_wm_base_interface.name) == 0) {
        app.wm_base = static_cast<xdg_wm_base*>(bind(&xdg_wm_base_interface, 1));
        xdg_wm_base_add_listener(app.wm_base, &wm_base_listener, nullptr);
    } else if (std::strcmp(interface, wl_seat_interface.name) == 0 && !app.seat) {
        app.seat = static_cast<wl_seat*>(bind(&wl_seat_interface, 5));
        wl_seat_add_listener(app.seat, &seat_listener, nullptr);
    } else if (std::strcmp(interface, wl_data_device_manager_interface.name) == 0) {
        app.data_device_manager = static_cast<wl_data_device_manager*>(bind(&wl_data_device_manager_interface, 3));
    }
}
void registry_global_remove(void*, wl_registry*, uint32_t) {}
const wl_registry_listener registry_listener = {registry_global, registry_global_remove};

void xdg_surface_configure(void*, xdg_surface* xdg, uint32_t serial) {
    xdg_surface_ack_configure(xdg, serial);
    if (!app.configured) {
        app.configured = true;
        app.buffer = make_buffer();
        wl_surface_attach(app.surface, app.buffer, 0, 0);
        wl_surface_damage(app.surface, 0, 0, app.width, app.height);
    }
    wl_surface_commit(app.surface);
}
const xdg_surface_listener xdg_surface_listener_impl = {xdg_surface_configure};

void toplevel_configure(void*, xdg_toplevel*, int32_t, int32_t, wl_array*) {}
void toplevel_close(void*, xdg_toplevel*) {
    log_line("close");
    std::exit(0);
}
void toplevel_configure_bounds(void*, xdg_toplevel*, int32_t, int32_t) {}
void toplevel_wm_capabilities(void*, xdg_toplevel*, wl_array*) {}
const xdg_toplevel_listener toplevel_listener = {toplevel_configure, toplevel_close, toplevel_configure_bounds,
                                                 toplevel_wm_capabilities};

} // namespace

int main(int argc, char** argv) {
    std::string app_id = "shoji.test.input", title = "input log";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) die(("option " + a + " needs a value").c_str());
            return argv[++i];
        };
        if (a == "--app-id") app_id = value();
        else if (a == "--title") title = value();
        else if (a == "--until") app.until = value();
        else if (a == "--copy") app.copy = value();
        else if (a == "--until-count") app.until_count = std::atoi(value().c_str());
        else if (a == "--colour") app.colour = 0xff000000u | uint32_t(std::strtoul(value().c_str(), nullptr, 16));
        else if (a == "--size") {
            const std::string v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &app.width, &app.height) != 2 || app.width <= 0 || app.height <= 0)
                die("bad --size");
        } else die(("unknown option " + a).c_str());
    }
    app.xkb = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
    app.display = wl_display_connect(nullptr);
    if (!app.display) die("cannot connect to the Wayland display");
    wl_registry* registry = wl_display_get_registry(app.display);
    wl_registry_add_listener(registry, &registry_listener, nullptr);
    wl_display_roundtrip(app.display);
    if (!app.compositor || !app.shm || !app.wm_base || !app.seat) die("missing globals");
    if (!app.copy.empty()) {
        if (!app.data_device_manager) die("--copy: no wl_data_device_manager");
        app.data_device = wl_data_device_manager_get_data_device(app.data_device_manager, app.seat);
    }

    app.surface = wl_compositor_create_surface(app.compositor);
    app.xdg = xdg_wm_base_get_xdg_surface(app.wm_base, app.surface);
    xdg_surface_add_listener(app.xdg, &xdg_surface_listener_impl, nullptr);
    app.toplevel = xdg_surface_get_toplevel(app.xdg);
    xdg_toplevel_add_listener(app.toplevel, &toplevel_listener, nullptr);
    xdg_toplevel_set_app_id(app.toplevel, app_id.c_str());
    xdg_toplevel_set_title(app.toplevel, title.c_str());
    wl_surface_commit(app.surface);

    while (wl_display_dispatch(app.display) >= 0) {
    }
    die("the connection to the compositor ended");
}
