#include "fuzz_session.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <linux/input-event-codes.h>
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>

#include "fuzz_input.hpp"
#include "seat/gesture_event.hpp"
#include "seat/keymap.hpp"
#include "seat/wl_seat.hpp"
#include "shell/ext_session_lock_manager_v1.hpp"
#include "shell/xdg_wm_base.hpp"
#include "wlr.hpp"

// wlr_output_send_frame is the backend side of wlroots' output interface:
// what a backend calls when it is time to draw. C-only, like every wlroots
// header (docs/design.md, “wlroots 0.15 quirks”).
extern "C" {
#define static
#include <wlr/interfaces/wlr_output.h>
#undef static
}

// LeakSanitizer, for every program that runs sessions: one leak that is not
// ours (tests/lsan.supp names it too). wlroots 0.15.1's wlr_global_destroy_safe
// (how an output's wl_output global goes) hides the global and destroys it
// from a 5 s timer; if the display is destroyed first, the timer's event
// source and its 16-byte data leak (later wlroots also listen for the
// display's destroy). Every Server that lives under 5 s leaks them once. Only
// that allocation site is named; the event source is reachable from it alone,
// so it goes with it. These hooks are unused without ASan.
extern "C" const char* __lsan_default_suppressions() { return "leak:wlr_global_destroy_safe\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }

namespace shoji::fuzz {

// Every global Shoji serves, wlroots' helpers included. Append new ones.
const char* const kGlobals[] = {
    "wl_compositor",
    "wl_subcompositor",
    "wl_shm",
    "xdg_wm_base",
    "wl_seat",
    "wl_data_device_manager",
    "zwlr_virtual_pointer_manager_v1",
    "zwp_virtual_keyboard_manager_v1",
    "zwlr_foreign_toplevel_manager_v1",
    "zxdg_output_manager_v1",
    "zwlr_screencopy_manager_v1",
    "wl_output",
    "zwp_pointer_constraints_v1",
    "zwp_relative_pointer_manager_v1",
    "zwlr_layer_shell_v1",
    "zxdg_decoration_manager_v1",
    "org_kde_kwin_server_decoration_manager",
    "xdg_activation_v1",
    "zwp_idle_inhibit_manager_v1",
    "zwp_keyboard_shortcuts_inhibit_manager_v1",
    "zwp_pointer_gestures_v1",
    "zwp_primary_selection_device_manager_v1",
    "zwp_text_input_manager_v3",
    "zwp_input_method_manager_v2",
    "wp_viewporter",
    "wp_single_pixel_buffer_manager_v1",
    "wp_presentation",
    "ext_session_lock_manager_v1",
    "zwlr_data_control_manager_v1",
    "zwlr_output_manager_v1",
    "zxdg_shell_v6",
    "wl_shell",
    "wp_fractional_scale_manager_v1",
};
const size_t kGlobalCount = sizeof kGlobals / sizeof kGlobals[0];

namespace {

// Blocking dispatches (kDispatch with a timeout) per input, in milliseconds.
// None: a wait is time the fuzzer does not run inputs, and kFrame runs the
// output's frame path without waiting for the 1000 Hz timer.
constexpr int kTimedDispatchBudgetMs = 0;
// Dispatches the server gets to notice that the client hung up.
constexpr int kHangupDispatches = 50;
// Extra dispatches one kDispatch gives the server to read what the session
// wrote (4 KiB each at least: 64 is past what a session writes between two).
constexpr int kReadDispatches = 64;
// Live objects a session follows; past it new ones are not followed (the
// session can still name them in kMessage).
constexpr size_t kMaxObjects = 4096;
// Touch ids kInput uses (of SeatTouch::kMaxTouchPoints): enough for
// multi-touch, few enough that ups and motions name a point that is down.
constexpr int kTouchIds = 4;

// The interface of each global the server advertised, by name (filled as
// clients list the globals; the tables are static data of the libraries, the
// same in every server).
std::map<std::string, const wl_interface*>& interfaces() {
    static std::map<std::string, const wl_interface*> map;
    return map;
}

bool global_filter(const wl_client*, const wl_global* global, void*) {
    const wl_interface* iface = wl_global_get_interface(global);
    if (!std::any_of(kGlobals, kGlobals + kGlobalCount,
                     [iface](const char* name) { return std::strcmp(name, iface->name) == 0; })) {
        std::fprintf(stderr,
                     "fuzz: the server advertises %s, which tests/fuzz/fuzz_session.cpp's kGlobals lacks: "
                     "append it there\n",
                     iface->name);
        std::abort();
    }
    interfaces()[iface->name] = iface;
    return true;
}

// SHOJI_FUZZ_TRACE=1: each kRequest (with the live objects' ids) and each
// wl_display.delete_id on stderr, for writing seeds.
bool tracing() {
    static const bool on = std::getenv("SHOJI_FUZZ_TRACE") != nullptr;
    return on;
}

void quiet_logs() {
    static const bool once = [] {
        wlr_log_init(WLR_SILENT, nullptr);
        // Protocol errors are what the fuzzer does all day; do not print them.
        wl_log_set_handler_server([](const char*, va_list) {});
        return true;
    }();
    (void)once;
}

// One argument of a wl_message signature ("2?os": since 2, a nullable object,
// a string).
struct ArgType {
    char type;
    bool nullable;
};

int since(const wl_message& m) {
    int v = 0;
    for (const char* s = m.signature; *s >= '0' && *s <= '9'; ++s) v = v * 10 + (*s - '0');
    return v ? v : 1;
}

std::vector<ArgType> arg_types(const wl_message& m) {
    std::vector<ArgType> out;
    bool nullable = false;
    for (const char* s = m.signature; *s; ++s) {
        if (*s == '?') nullable = true;
        else if (*s < '0' || *s > '9') {
            out.push_back({*s, nullable});
            nullable = false;
        }
    }
    return out;
}

uint32_t word(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// Walks the argument bytes of one message against its signature: calls
// on_new_id(interface or null, id, interface name, version) for each new_id
// (an untyped one, wl_registry.bind's, takes the name and version from the
// string and uint before it). Stops where the bytes end.
template <class F>
void walk_args(const wl_message& m, const uint8_t* p, size_t len, F&& on_new_id, std::string* strings = nullptr) {
    size_t at = 0;
    std::string last_string;
    uint32_t last_uint = 0;
    const std::vector<ArgType> types = arg_types(m);
    for (size_t i = 0; i < types.size(); ++i) {
        const char t = types[i].type;
        if (t == 'h') continue; // no bytes: the fd travels beside them
        if (len - at < 4) return;
        const uint32_t v = word(p + at);
        at += 4;
        if (t == 's' || t == 'a') {
            const size_t padded = (size_t(v) + 3) & ~size_t(3);
            if (len - at < padded) return;
            if (t == 's' && v > 0) {
                last_string.assign(reinterpret_cast<const char*>(p + at), strnlen(reinterpret_cast<const char*>(p + at), v));
                if (strings) *strings = last_string;
            }
            at += padded;
        } else if (t == 'u') {
            last_uint = v;
        } else if (t == 'n') {
            const wl_interface* iface = m.types ? m.types[i] : nullptr;
            on_new_id(iface, v, iface ? std::string(iface->name) : last_string, last_uint);
        }
    }
}

} // namespace

// Reads an input; a field cut short by the end of the input reads as zeros.
class Reader {
public:
    Reader(const uint8_t* data, size_t size) : p_(data), left_(size) {}
    bool done() const { return left_ == 0; }
    uint8_t u8() { return uint8_t(take(1)); }
    uint16_t u16() { return uint16_t(take(2)); }
    uint32_t u32() { return uint32_t(take(4)); }
    // Up to n bytes, fewer at the end of the input.
    const uint8_t* bytes(size_t n, size_t* got) {
        *got = n < left_ ? n : left_;
        const uint8_t* at = p_;
        p_ += *got;
        left_ -= *got;
        return at;
    }

private:
    uint64_t take(size_t n) {
        uint64_t v = 0;
        for (size_t i = 0; i < n && left_; ++i, ++p_, --left_) v |= uint64_t(*p_) << (8 * i);
        return v;
    }
    const uint8_t* p_;
    size_t left_;
};

namespace {
[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "fuzz: %s: %s\n", what, std::strerror(errno));
    std::abort();
}
} // namespace

ServerConfig fuzz_config() {
    ServerConfig c;
    c.backend = Backend::Headless;
    c.output.width = 64;
    c.output.height = 64;
    c.output.refresh_hz = 1000;
    return c;
}

std::unique_ptr<Server> make_fuzz_server() {
    quiet_logs();
    auto server = std::make_unique<Server>(fuzz_config());
    wl_display_set_global_filter(server->display(), global_filter, nullptr);
    return server;
}

void check_reset(Server& server, const char* who) {
    server.dispatch(0); // idle callbacks (the reaper's) run now
    // A locker that died without unlocking leaves the session locked, as the
    // spec asks; in a real session the user's `shoji ctl unlock` ends it, and
    // so does the reset (a live lock cannot be left: no client is).
    server.session_lock().unlock_abandoned();
    const char* left = nullptr;
    wl_list* clients = wl_display_get_client_list(server.display());
    const ServerConfig config = fuzz_config();
    // What a client (zwlr_output_manager_v1) or a control peer (`output
    // add/remove/set`) may change and no client owns: the outputs go back to
    // one of the fuzz configuration (a no-op if unchanged).
    std::string unplug_error;
    while (wl_list_empty(clients) && server.outputs().size() > 1 &&
           server.remove_output(*server.outputs().back(), &unplug_error)) {
    }
    if (wl_list_empty(clients) && server.outputs().size() == 1) {
        Server::OutputChange back;
        back.width = config.output.width;
        back.height = config.output.height;
        back.scale120 = config.output.scale120;
        back.refresh_hz = config.output.refresh_hz;
        back.x = 0;
        back.y = 0;
        std::string error;
        if (!server.configure_output(*server.output(), back, &error)) left = "an output that cannot be restored";
    }
    if (left) {
    } else if (!wl_list_empty(clients)) left = "a client";
    else if (!server.xdg_shell().toplevels().empty()) left = "a toplevel";
    else if (!server.scene().views().empty()) left = "a view in the scene";
    else if (server.seat().pointer_focus()) left = "the pointer focus";
    else if (server.seat().keyboard_focus()) left = "the keyboard focus";
    else if (&server.seat().current_keymap() != &server.seat().own_keymap()) left = "a client's keymap";
    else if (server.session_lock().locked()) left = "a session lock";
    else if (server.outputs().size() != 1) left = "another output, or none";
    else if (server.output()->wlr()->width != config.output.width ||
             server.output()->wlr()->height != config.output.height || server.output()->wlr()->scale != 1.0f)
        left = "a changed output";
    for (int id = 0; id < kTouchIds && !left; ++id)
        if (server.seat().touch_is_down(id)) left = "a touch point";
    if (left) {
        std::fprintf(stderr, "%s: %s is left once every client has gone\n", who, left);
        std::abort();
    }
    // What a client may move and no client owns: the pointer goes back to
    // where a fresh seat has it.
    server.seat().pointer_warp(0, 0, 0);
}

Session::Session(Server& server, SessionReport* report)
    : server_(server), report_(report), budget_ms_(kTimedDispatchBudgetMs) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) die("socketpair");
    sock_ = fds[1];
    client_ = wl_client_create(server_.display(), fds[0]); // owns fds[0] from here
    if (!client_) die("wl_client_create");
    client_gone_.set_callback([this](void*) {
        resource_created_.disconnect(); // the signal goes with the client
        client_ = nullptr;
    });
    client_gone_.connect_client_destroy(client_);
    resource_created_.set_callback([this](void* data) {
        const uint32_t id = wl_resource_get_id(static_cast<wl_resource*>(data));
        if (id < 0xff000000) created_.insert(std::upper_bound(created_.begin(), created_.end(), id), id);
    });
    resource_created_.connect_resource_created(client_);
    objects_.push_back({1, &wl_display_interface, 1});
}

Session::~Session() {
    if (client_) finish();
    client_gone_.disconnect();
    resource_created_.disconnect();
    if (sock_ >= 0) close(sock_);
    for (int fd : memfds_) close(fd);
    for (int fd : other_fds_) close(fd);
}

void Session::feed(const uint8_t* data, size_t size) {
    Reader in(data, size);
    while (!in.done() && client_) {
        switch (in.u8() % kOpCount) {
        case kRaw: {
            size_t n = 0;
            const uint8_t* p = in.bytes(in.u16(), &n);
            send_bytes(p, n);
            break;
        }
        case kMessage: {
            const uint32_t object = in.u32();
            const uint16_t opcode = in.u16();
            size_t n = 0;
            const uint8_t* args = in.bytes(in.u16(), &n);
            // The size field is 16 bits: a longer message cannot be said.
            if (n > 0xffff - 8) n = 0xffff - 8;
            std::vector<uint8_t> msg(8 + n);
            const uint32_t header[2] = {object, uint32_t(8 + n) << 16 | opcode};
            std::memcpy(msg.data(), header, 8);
            if (n) std::memcpy(msg.data() + 8, args, n);
            send_bytes(msg.data(), msg.size());
            break;
        }
        case kFd: {
            const uint8_t flags = in.u8();
            const uint32_t fd_size = in.u32() % (kMaxFdSize + 1);
            const uint8_t fill = in.u8();
            make_fd(flags, fd_size, fill);
            break;
        }
        case kTruncate: {
            const uint8_t index = in.u8();
            const uint32_t new_size = in.u32() % (kMaxFdSize + 1);
            // Fails on a sealed memfd, as it would for a real client.
            if (!memfds_.empty()) (void)!ftruncate(memfds_[index % memfds_.size()], off_t(new_size));
            break;
        }
        case kDispatch: {
            int ms = in.u8() % 3;
            if (ms > budget_ms_) ms = 0;
            budget_ms_ -= ms;
            dispatch(ms);
            break;
        }
        case kFrame:
            dispatch(0); // read what was written, so the frame sees it
            if (!client_) break;
            for (const auto& output : server_.outputs()) wlr_output_send_frame(output->wlr());
            dispatch(0);
            break;
        case kRequest:
            request(in);
            break;
        case kInput:
            input(in);
            break;
        }
    }
    if (report_) report_->dropped = client_ == nullptr;
}

bool Session::pump() {
    if (client_) dispatch(0);
    return client_ != nullptr;
}

void Session::finish() {
    if (sock_ < 0) return;
    // Let the server read what is still in the socket: on a hang-up
    // libwayland destroys the client without reading it.
    if (client_) dispatch(0);
    drain();
    shutdown(sock_, SHUT_RDWR);
    close(sock_);
    sock_ = -1;
    for (int i = 0; i < kHangupDispatches && client_; ++i) server_.dispatch(0);
    if (client_) {
        std::fprintf(stderr, "fuzz: the server did not notice the client hang up after %d dispatches\n",
                     kHangupDispatches);
        std::abort();
    }
    release_input();
}

// kInput: see fuzz_input.hpp. Each event is 1 ms after the one before. The
// server reads what the client wrote first, so that the event follows the
// requests before it (as a grab asked for before a key gets the key).
void Session::input(Reader& in) {
    dispatch(0);
    if (!client_) return;
    Seat& seat = server_.seat();
    const uint32_t t = ++input_time_ms_;
    auto hold = [](std::vector<uint32_t>& held, uint32_t code, bool pressed) {
        const auto it = std::find(held.begin(), held.end(), code);
        if (pressed && it == held.end()) held.push_back(code);
        if (!pressed && it != held.end()) held.erase(it);
    };
    const uint8_t kind = in.u8() % kInputKindCount;
    switch (kind) {
    case kInputMotion: {
        const int16_t x = int16_t(in.u16()), y = int16_t(in.u16());
        seat.pointer_warp(x, y, t);
        break;
    }
    case kInputButton: {
        const uint32_t button = BTN_LEFT + in.u8() % 3;
        const bool pressed = in.u8() & 1;
        hold(buttons_held_, button, pressed);
        seat.pointer_button(button, pressed, t);
        break;
    }
    case kInputAxis: {
        const auto axis = wl_pointer_axis(in.u8() & 1);
        seat.pointer_axis(axis, int8_t(in.u8()), t);
        break;
    }
    case kInputKey: {
        const uint32_t key = in.u8();
        const bool pressed = in.u8() & 1;
        hold(keys_held_, key, pressed);
        seat.keyboard_key(key, pressed, t);
        break;
    }
    case kInputTouchDown:
    case kInputTouchMotion: {
        const int32_t id = in.u8() % kTouchIds;
        const int16_t x = int16_t(in.u16()), y = int16_t(in.u16());
        if (kind == kInputTouchDown) seat.touch_down(id, x, y, t);
        else seat.touch_motion(id, x, y, t);
        break;
    }
    case kInputTouchUp:
        seat.touch_up(in.u8() % kTouchIds, t);
        break;
    case kInputTouchCancel:
        seat.touch_cancel();
        break;
    case kInputGesture: {
        const uint8_t g = in.u8();
        GestureEvent e;
        e.kind = GestureEvent::Kind((g & 0x7f) % 3);
        e.phase = GestureEvent::Phase((g & 0x7f) / 3 % 3);
        e.cancelled = g & 0x80;
        e.time_ms = t;
        e.fingers = in.u8() % 5;
        e.dx = int8_t(in.u8());
        e.dy = int8_t(in.u8());
        e.scale = in.u8() / 16.0;
        e.rotation = int8_t(in.u8());
        seat.pointer_gesture(e);
        break;
    }
    }
    dispatch(0);
}

// The user's devices are idle between inputs: what the session pressed is
// released (with no client left, nobody is told).
void Session::release_input() {
    Seat& seat = server_.seat();
    for (uint32_t key : keys_held_) seat.keyboard_key(key, false, ++input_time_ms_);
    for (uint32_t button : buttons_held_) seat.pointer_button(button, false, ++input_time_ms_);
    keys_held_.clear();
    buttons_held_.clear();
    for (int id = 0; id < kTouchIds; ++id)
        if (seat.touch_is_down(id)) seat.touch_cancel();
}

void Session::dispatch(int timeout_ms) {
    server_.dispatch(timeout_ms);
    drain();
    // libwayland reads at most its 4 KiB buffer per wake-up: the server gets
    // more turns until it has read all we wrote, so that a dispatch means
    // "the server has read everything before it" (as a recording assumes).
    for (int i = 0; i < kReadDispatches && client_ && unread_by_server() > 0; ++i) {
        server_.dispatch(0);
        drain();
    }
    forget_destroyed();
}

size_t Session::unread_by_server() const {
    int n = 0;
    if (!client_ || ioctl(wl_client_get_fd(client_), FIONREAD, &n) != 0 || n < 0) return 0;
    return size_t(n);
}

// An object of ours that the server has destroyed is gone from the live
// objects at once, not when its wl_display.delete_id arrives: libwayland
// queues delete_id without flushing it, so it may come much later, and a
// recording (Recorder) could not tell when. The server is in this process:
// ask it.
void Session::forget_destroyed() {
    if (!client_) return;

    objects_.erase(std::remove_if(objects_.begin() + 1, objects_.end(),
                                  [this](const Object& o) {
                                      // The server's ids get no delete_id either: they stay until reused.
                                      return o.id < 0xff000000 &&
                                             std::binary_search(created_.begin(), created_.end(), o.id) &&
                                             !wl_client_get_object(client_, o.id);
                                  }),
                   objects_.end());
}

// Reads (and keeps, for the report) what the server sent, so its writes
// never fail for a full socket; closes any fds that came with it.
void Session::drain() {
    if (sock_ < 0) return;
    for (;;) {
        uint8_t buf[4096];
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 253)];
        iovec iov{buf, sizeof buf};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t n = recvmsg(sock_, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < count; ++i) {
                int fd;
                std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                close(fd);
            }
        }
        if (report_) report_->events.insert(report_->events.end(), buf, buf + n);
        in_partial_.insert(in_partial_.end(), buf, buf + n);
        track_events();
    }
}

// Writes bytes to the server, the pending fds with the first of them.
void Session::send_bytes(const uint8_t* p, size_t n) {
    track_outgoing(p, n);
    int stalls = 0;
    while (n > 0 && client_) {
        iovec iov{const_cast<uint8_t*>(p), n};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)];
        if (!pending_.empty()) {
            const size_t len = sizeof(int) * pending_.size();
            msg.msg_control = control;
            msg.msg_controllen = CMSG_SPACE(len);
            cmsghdr* c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(len);
            std::memcpy(CMSG_DATA(c), pending_.data(), len);
        }
        const ssize_t sent = sendmsg(sock_, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            // The server reads only when dispatched: let it, then retry.
            if (errno == EAGAIN && ++stalls < 100) {
                dispatch(0);
                continue;
            }
            return; // EPIPE etc.: the server has let go of us
        }
        pending_.clear(); // the kernel passed copies; ours stay for kTruncate
        p += sent;
        n -= size_t(sent);
    }
}

void Session::make_fd(uint8_t flags, uint32_t size, uint8_t fill) {
    if (memfds_.size() + other_fds_.size() >= kMaxFds) return;
    if (flags & kFdPipe) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) die("pipe2");
        other_fds_.push_back(p[0]);
        other_fds_.push_back(p[1]);
        pending_.push_back(p[0]);
        return;
    }
    const int fd = memfd_create("shoji-fuzz", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) die("memfd_create");
    memfds_.push_back(fd);
    if (flags & kFdKeymap) {
        const Keymap& keymap = server_.seat().own_keymap();
        const Fd text = keymap.open_for_client();
        std::vector<char> buf(keymap.size());
        if (!text || pread(text.get(), buf.data(), buf.size(), 0) != ssize_t(buf.size())) die("reading the keymap");
        if (write(fd, buf.data(), buf.size()) != ssize_t(buf.size())) die("writing the keymap");
        flags &= uint8_t(~kFdFill);
    } else if (ftruncate(fd, off_t(size)) != 0) {
        die("ftruncate");
    }
    if ((flags & kFdFill) && size > 0) {
        const size_t n = size < kMaxFill ? size : kMaxFill;
        void* map = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED) die("mmap");
        std::memset(map, fill, n);
        munmap(map, n);
    }
    int seals = 0;
    if (flags & kFdSealShrink) seals |= F_SEAL_SHRINK;
    if (flags & kFdSealGrow) seals |= F_SEAL_GROW;
    if (flags & kFdSealWrite) seals |= F_SEAL_WRITE;
    if (seals && fcntl(fd, F_ADD_SEALS, seals) != 0) die("F_ADD_SEALS");
    pending_.push_back(fd);
}

// kRequest: see fuzz_input.hpp.
void Session::request(Reader& in) {
    const uint8_t object_index = in.u8();
    const uint8_t opcode_index = in.u8();
    const Object target = objects_[object_index % objects_.size()];
    if (!target.iface) return;
    std::vector<int> opcodes; // the requests the object's version has
    for (int i = 0; i < target.iface->method_count; ++i)
        if (uint32_t(since(target.iface->methods[i])) <= target.version) opcodes.push_back(i);
    if (opcodes.empty()) return;
    const int opcode = opcodes[opcode_index % opcodes.size()];
    const wl_message& m = target.iface->methods[opcode];
    if (tracing()) {
        std::fprintf(stderr, "fuzz: kRequest %s@%u.%s (live:", target.iface->name, target.id, m.name);
        for (const Object& o : objects_) std::fprintf(stderr, " %s", o.iface ? o.iface->name : "?");
        std::fprintf(stderr, ")\n");
    }

    Args args;
    if (target.iface == &wl_registry_interface && opcode == WL_REGISTRY_BIND) {
        const char* want = kGlobals[in.u8() % kGlobalCount];
        const uint8_t version = in.u8();
        const auto g = std::find_if(globals_.begin(), globals_.end(),
                                    [want](const Advertised& a) { return a.iface == want; });
        const uint32_t name = g != globals_.end() ? g->name : 0;
        const uint32_t max = g != globals_.end() && g->version ? g->version : 1;
        args.u(name).str(want).u(version % max + 1).u(next_id_);
    } else {
        const std::vector<ArgType> types = arg_types(m);
        for (size_t i = 0; i < types.size(); ++i) {
            const wl_interface* type = m.types ? m.types[i] : nullptr;
            switch (types[i].type) {
            case 'i':
            case 'u':
            case 'f': {
                const bool fixed = types[i].type == 'f';
                uint32_t v = 0;
                switch (in.u8() % 4) {
                case kIntRaw: v = in.u32(); break;
                case kIntSerial: v = wl_display_get_serial(server_.display()) - in.u8() % 16; break;
                case kIntSmall: v = uint32_t(int32_t(int8_t(in.u8())) * (fixed ? 256 : 1)); break;
                case kIntU16: v = uint32_t(in.u16()) * (fixed ? 256 : 1); break;
                }
                args.u(v);
                break;
            }
            case 's': {
                const uint8_t len = in.u8();
                if (len == kStringNull && types[i].nullable) {
                    args.u(0);
                    break;
                }
                if (len == kStringLatest) {
                    args.str(latest_string_);
                    break;
                }
                size_t n = 0;
                const uint8_t* p = in.bytes(len, &n);
                args.str(std::string(reinterpret_cast<const char*>(p), n));
                break;
            }
            case 'a': {
                size_t n = 0;
                const uint8_t* p = in.bytes(in.u8(), &n);
                args.array(p, n);
                break;
            }
            case 'o': {
                const uint8_t index = in.u8();
                std::vector<uint32_t> ids;
                for (const Object& o : objects_)
                    if (!type || o.iface == type) ids.push_back(o.id);
                args.u(index == 255 || ids.empty() ? 0 : ids[index % ids.size()]);
                break;
            }
            case 'n':
                args.u(next_id_);
                break;
            case 'h': {
                const uint8_t flags = in.u8();
                const uint32_t size = in.u32() % (kMaxFdSize + 1);
                const uint8_t fill = in.u8();
                make_fd(flags, size, fill);
                break;
            }
            }
        }
    }
    const std::vector<uint8_t>& a = args;
    if (a.size() > 0xffff - 8) return;
    std::vector<uint8_t> msg(8 + a.size());
    const uint32_t header[2] = {target.id, uint32_t(8 + a.size()) << 16 | uint32_t(opcode)};
    std::memcpy(msg.data(), header, 8);
    if (!a.empty()) std::memcpy(msg.data() + 8, a.data(), a.size());
    send_bytes(msg.data(), msg.size());
}

void Session::track_outgoing(const uint8_t* p, size_t n) {
    out_partial_.insert(out_partial_.end(), p, p + n);
    size_t at = 0;
    while (out_partial_.size() - at >= 8) {
        const uint32_t object = word(out_partial_.data() + at);
        const uint32_t size = word(out_partial_.data() + at + 4) >> 16;
        const uint16_t opcode = uint16_t(word(out_partial_.data() + at + 4));
        if (size < 8) { // the server stops reading here (and posts an error)
            at = out_partial_.size();
            break;
        }
        if (out_partial_.size() - at < size) break;
        track_request(object, opcode, out_partial_.data() + at + 8, size - 8);
        at += size;
    }
    out_partial_.erase(out_partial_.begin(), out_partial_.begin() + long(at));
}

void Session::track_request(uint32_t object, uint16_t opcode, const uint8_t* args, size_t len) {
    const Object* o = find(object);
    if (!o || !o->iface || opcode >= o->iface->method_count) return;
    const uint32_t version = o->version;
    walk_args(o->iface->methods[opcode], args, len,
              [&](const wl_interface* iface, uint32_t id, const std::string& name, uint32_t bind_version) {
                  if (iface) {
                      add_object(id, iface, version);
                  } else { // wl_registry.bind
                      const auto known = interfaces().find(name);
                      add_object(id, known != interfaces().end() ? known->second : nullptr, bind_version);
                  }
              });
}

void Session::track_events() {
    size_t at = 0;
    while (in_partial_.size() - at >= 8) {
        const uint32_t object = word(in_partial_.data() + at);
        const uint32_t size = word(in_partial_.data() + at + 4) >> 16;
        const uint16_t opcode = uint16_t(word(in_partial_.data() + at + 4));
        if (size < 8) {
            at = in_partial_.size();
            break;
        }
        if (in_partial_.size() - at < size) break;
        const uint8_t* args = in_partial_.data() + at + 8;
        const size_t len = size - 8;
        const Object* o = find(object);
        if (object == 1 && opcode == WL_DISPLAY_DELETE_ID && len >= 4) {
            if (tracing()) std::fprintf(stderr, "fuzz: delete_id %u\n", word(args));
            remove_object(word(args));
        } else if (o && o->iface == &wl_registry_interface) {
            if (opcode == WL_REGISTRY_GLOBAL) {
                // uint name, string interface, uint version
                if (len >= 8) {
                    const uint32_t name = word(args), slen = word(args + 4);
                    const size_t padded = (size_t(slen) + 3) & ~size_t(3);
                    if (slen > 0 && len >= 8 + padded + 4)
                        globals_.push_back({name,
                                            std::string(reinterpret_cast<const char*>(args + 8),
                                                        strnlen(reinterpret_cast<const char*>(args + 8), slen)),
                                            word(args + 8 + padded)});
                }
            } else if (opcode == WL_REGISTRY_GLOBAL_REMOVE && len >= 4) {
                const uint32_t name = word(args);
                globals_.erase(std::remove_if(globals_.begin(), globals_.end(),
                                              [name](const Advertised& a) { return a.name == name; }),
                               globals_.end());
            }
        } else if (o && o->iface && opcode < o->iface->event_count) {
            const uint32_t version = o->version;
            walk_args(
                o->iface->events[opcode], args, len,
                [&](const wl_interface* iface, uint32_t id, const std::string&, uint32_t) {
                    add_object(id, iface, version);
                },
                &latest_string_);
        }
        at += size;
    }
    in_partial_.erase(in_partial_.begin(), in_partial_.begin() + long(at));
}

void Session::add_object(uint32_t id, const wl_interface* iface, uint32_t version) {
    if (id == 0) return;
    if (id < 0xff000000 && id >= next_id_) next_id_ = id + 1;
    remove_object(id); // a reused id (the server's, or the client's after delete_id)
    if (objects_.size() >= kMaxObjects) return;
    objects_.push_back({id, iface, version ? version : 1});
}

void Session::remove_object(uint32_t id) {
    if (id == 1) return;
    objects_.erase(std::remove_if(objects_.begin(), objects_.end(), [id](const Object& o) { return o.id == id; }),
                   objects_.end());
}

const Session::Object* Session::find(uint32_t id) const {
    for (const Object& o : objects_)
        if (o.id == id) return &o;
    return nullptr;
}

void run_session(const uint8_t* data, size_t size, SessionReport* report) {
    std::unique_ptr<Server> server = make_fuzz_server();
    {
        Session session(*server, report);
        session.feed(data, size);
        session.finish();
    }
    check_reset(*server, "fuzz");
}

Server& PersistentServer::server() {
    if (!server_) server_ = make_fuzz_server();
    return *server_;
}

void PersistentServer::run(const uint8_t* data, size_t size) {
    if (server_ && runs_ % kRestartEvery == 0) server_.reset(); // the old one goes first
    ++runs_;
    Server& s = server();
    {
        Session session(s);
        session.feed(data, size);
        session.finish();
    }
    check_reset(s, "fuzz");
}

namespace {

// The requests whose argument is a serial the server sent ("the serial of
// the event that triggered this request"): a recording says them relative
// to the latest serial, so they mean the same in a server that has sent
// other serials before. Interface, opcode, argument index.
struct SerialArg {
    const char* iface;
    int opcode;
    int arg;
};
constexpr SerialArg kSerialArgs[] = {
    {"xdg_surface", 4, 0},                 // ack_configure
    {"xdg_toplevel", 4, 1},                // show_window_menu
    {"xdg_toplevel", 5, 1},                // move
    {"xdg_toplevel", 6, 1},                // resize
    {"xdg_popup", 1, 1},                   // grab
    {"wl_pointer", 0, 0},                  // set_cursor
    {"wl_data_offer", 0, 0},               // accept
    {"wl_data_device", 0, 3},              // start_drag
    {"wl_data_device", 1, 1},              // set_selection
    {"zwp_primary_selection_device_v1", 0, 1}, // set_selection
    {"zwlr_layer_surface_v1", 6, 0},       // ack_configure
    {"xdg_activation_token_v1", 0, 0},     // set_serial
    {"ext_session_lock_surface_v1", 1, 0}, // ack_configure
};

bool is_serial_arg(const wl_interface* iface, int opcode, int arg) {
    return std::any_of(std::begin(kSerialArgs), std::end(kSerialArgs), [&](const SerialArg& s) {
        return s.opcode == opcode && s.arg == arg && std::strcmp(s.iface, iface->name) == 0;
    });
}

// kFd's fields for an fd a client sent: its size, seals and first byte;
// a pipe or socket is kFdPipe, an xkb keymap kFdKeymap.
void describe_fd(int fd, RequestArgs& args) {
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        args.fd(0, kFdPipe);
        return;
    }
    char head[16] = {};
    const ssize_t n = pread(fd, head, sizeof head, 0);
    if (n > 10 && std::strncmp(head, "xkb_keymap", 10) == 0) {
        args.fd(0, kFdKeymap);
        return;
    }
    uint8_t flags = 0;
    const int seals = fcntl(fd, F_GET_SEALS);
    if (seals > 0) {
        if (seals & F_SEAL_SHRINK) flags |= kFdSealShrink;
        if (seals & F_SEAL_GROW) flags |= kFdSealGrow;
        if (seals & F_SEAL_WRITE) flags |= kFdSealWrite;
    }
    if (n > 0) flags |= kFdFill;
    const uint64_t size = uint64_t(st.st_size) < kMaxFdSize ? uint64_t(st.st_size) : kMaxFdSize;
    args.fd(uint32_t(size), flags, n > 0 ? uint8_t(head[0]) : 0);
}

} // namespace

Recorder::Recorder(Server& server) : server_(server) {
    objects_.push_back({1, &wl_display_interface, 1});
    logger_ = wl_display_add_protocol_logger(
        server.display(),
        [](void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* m) {
            log(data, int(type), m);
        },
        this);
    for (const auto& output : server.outputs()) frames_ += output->frame_events();
}

Recorder::~Recorder() {
    if (logger_) wl_protocol_logger_destroy(logger_);
}

void Recorder::log(void* data, int type, const wl_protocol_logger_message* m) {
    auto* self = static_cast<Recorder*>(data);
    wl_client* client = wl_resource_get_client(m->resource);
    if (!self->client_ && type == WL_PROTOCOL_LOGGER_REQUEST) self->client_ = client;
    if (client != self->client_) return;
    if (type == WL_PROTOCOL_LOGGER_REQUEST) self->request(*m);
    else self->event(*m);
}

void Recorder::request(const wl_protocol_logger_message& m) {
    if (full_) return;
    ++requests_;
    if (events_since_) {
        // The replaying session reads those events before it writes this.
        uint64_t frames = 0;
        for (const auto& output : server_.outputs()) frames += output->frame_events();
        if (frames != frames_) out_.frame();
        else out_.dispatch(0);
        frames_ = frames;
        events_since_ = false;
        // The session forgets the objects the server destroyed at that
        // dispatch (Session::forget_destroyed).
        for (uint32_t gone : deleted_) remove_object(gone);
        deleted_.clear();
    }
    const uint32_t id = wl_resource_get_id(m.resource);
    const int target = index_of(id, nullptr);
    const Object* o = target >= 0 ? &objects_[size_t(target)] : nullptr;
    if (!o || !o->iface || target > 255 || std::strcmp(o->iface->name, wl_resource_get_class(m.resource)) != 0) {
        if (tracing())
            std::fprintf(stderr, "fuzz-record: not recorded: %s@%u.%s (%s)\n", wl_resource_get_class(m.resource), id,
                         m.message->name, !o ? "not followed" : !o->iface ? "interface unknown" : target > 255 ? "index past 255" : "another interface");
        ++skipped_;
        return;
    }
    std::vector<int> opcodes; // as Session::request numbers them
    for (int i = 0; i < o->iface->method_count; ++i)
        if (uint32_t(since(o->iface->methods[i])) <= o->version) opcodes.push_back(i);
    const auto at = std::find(opcodes.begin(), opcodes.end(), m.message_opcode);
    if (at == opcodes.end()) {
        ++skipped_;
        return;
    }
    if (tracing()) {
        std::fprintf(stderr, "fuzz-record: %s@%u.%s (live:", o->iface->name, id, m.message->name);
        for (const Object& l : objects_) std::fprintf(stderr, " %s", l.iface ? l.iface->name : "?");
        std::fprintf(stderr, ")\n");
    }
    RequestArgs args;
    std::vector<std::pair<uint32_t, std::pair<const wl_interface*, uint32_t>>> made;
    const std::vector<ArgType> types = arg_types(*m.message);
    const bool bind = o->iface == &wl_registry_interface && m.message_opcode == WL_REGISTRY_BIND;
    if (bind && m.arguments_count >= 4) {
        const char* name = m.arguments[1].s ? m.arguments[1].s : "";
        const auto g = std::find_if(kGlobals, kGlobals + kGlobalCount,
                                    [name](const char* n) { return std::strcmp(n, name) == 0; });
        const auto known = interfaces().find(name);
        if (g == kGlobals + kGlobalCount || known == interfaces().end() || m.arguments[2].u == 0) {
            ++skipped_;
            return;
        }
        args.bind(uint8_t(g - kGlobals), uint8_t(m.arguments[2].u - 1));
        made.push_back({m.arguments[3].n, {known->second, m.arguments[2].u}});
    } else {
        for (size_t i = 0; i < types.size() && int(i) < m.arguments_count; ++i) {
            const wl_argument& a = m.arguments[i];
            const wl_interface* type = m.message->types ? m.message->types[i] : nullptr;
            switch (types[i].type) {
            case 'i':
            case 'u':
            case 'f': {
                const uint32_t serial = wl_display_get_serial(server_.display());
                if (is_serial_arg(o->iface, m.message_opcode, int(i)) && serial - a.u < 16)
                    args.serial(uint8_t(serial - a.u));
                else
                    args.u(a.u);
                break;
            }
            case 's': {
                if (!a.s) {
                    args.null_str();
                } else if (*a.s && latest_string_ == a.s) {
                    args.latest_str();
                } else {
                    std::string text(a.s);
                    if (text.size() >= kStringLatest) text.resize(kStringLatest - 1);
                    args.str(text);
                }
                break;
            }
            case 'a': {
                std::vector<uint8_t> bytes;
                if (a.a && a.a->size) {
                    const auto* p = static_cast<const uint8_t*>(a.a->data);
                    bytes.assign(p, p + std::min<size_t>(a.a->size, 255));
                }
                args.array(bytes);
                break;
            }
            case 'o': {
                const int index =
                    a.o ? index_of(wl_resource_get_id(reinterpret_cast<wl_resource*>(a.o)), type) : -1;
                args.obj(index >= 0 && index < 255 ? uint8_t(index) : 255);
                break;
            }
            case 'n':
                args.new_id();
                made.push_back({a.n, {type, o->version}});
                break;
            case 'h':
                describe_fd(a.h, args);
                break;
            }
        }
    }
    const std::vector<uint8_t>& arg_bytes = args;
    if (out_.bytes().size() + 3 + arg_bytes.size() > limit_) {
        full_ = true;
        return;
    }
    out_.request(uint8_t(target), uint8_t(at - opcodes.begin()), args);
    for (const auto& [new_id, what] : made) {
        // The client reuses an id only once it has read its delete_id: so
        // has the session, with every delete_id before it.
        const auto pending = std::find(deleted_.begin(), deleted_.end(), new_id);
        if (pending != deleted_.end()) {
            for (auto d = deleted_.begin(); d != pending + 1; ++d) remove_object(*d);
            deleted_.erase(deleted_.begin(), pending + 1);
        }
        add_object(new_id, what.first, what.second);
    }
}

void Recorder::event(const wl_protocol_logger_message& m) {
    events_since_ = true;
    const uint32_t id = wl_resource_get_id(m.resource);
    if (id == 1 && m.message_opcode == WL_DISPLAY_DELETE_ID && m.arguments_count >= 1) {
        deleted_.push_back(m.arguments[0].u);
        return;
    }
    const int index = index_of(id, nullptr);
    if (index < 0) return;
    const Object o = objects_[size_t(index)];
    if (!o.iface || o.iface == &wl_registry_interface) return;
    const std::vector<ArgType> types = arg_types(*m.message);
    for (size_t i = 0; i < types.size() && int(i) < m.arguments_count; ++i) {
        if (types[i].type == 's' && m.arguments[i].s) latest_string_ = m.arguments[i].s;
        if (types[i].type == 'n')
            add_object(m.arguments[i].n, m.message->types ? m.message->types[i] : nullptr, o.version);
    }
}

// As Session::add_object and remove_object.
void Recorder::add_object(uint32_t id, const wl_interface* iface, uint32_t version) {
    if (id == 0) return;
    remove_object(id);
    if (objects_.size() >= kMaxObjects) return;
    objects_.push_back({id, iface, version ? version : 1});
}

void Recorder::remove_object(uint32_t id) {
    if (id == 1) return;
    objects_.erase(std::remove_if(objects_.begin(), objects_.end(), [id](const Object& o) { return o.id == id; }),
                   objects_.end());
}

int Recorder::index_of(uint32_t id, const wl_interface* iface) const {
    int n = 0;
    for (const Object& o : objects_) {
        if (iface && o.iface != iface) continue;
        if (o.id == id) return n;
        ++n;
    }
    return -1;
}

} // namespace shoji::fuzz
