#include "observe/event_log.hpp"

#include <cstring>
#include <optional>
#include <set>
#include <unordered_set>
#include <vector>

#include <wayland-server-protocol.h>

#include "output/frame_watch.hpp"
#include "server.hpp"
#include "shell/ext_session_lock_manager_v1.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shm/shm_formats.hpp"
#include "surface/wl_surface.hpp"
#include "util/region.hpp"
#include "ext-session-lock-v1-server-protocol.h"
#include "xdg-shell-server-protocol.h"

namespace shoji {

struct EventLog::ClientInfo {
    uint64_t id = 0;
    pid_t pid = 0;
    Listener destroy;
    // The wl_display.error this client was sent (the disconnect's reason).
    std::optional<nlohmann::ordered_json> error;
    // xdg_toplevel.configure comes just before its xdg_surface.configure.
    std::optional<nlohmann::ordered_json> toplevel_configure;
    // By object id (ids are reused after a destroy, which erases them).
    std::unordered_map<uint32_t, uint32_t> last_serial;   // xdg_surface → latest configure serial
    std::unordered_set<uint32_t> geometry_set;            // xdg_surfaces that sent set_window_geometry
    std::unordered_map<uint32_t, uint32_t> pending_attach; // wl_surface → wl_buffer (0: null) since its commit
    std::unordered_set<uint32_t> frame_requested;          // wl_surfaces with a frame request since their commit
    std::unordered_set<uint32_t> busy_buffers;             // committed, not released yet
    struct Busy {
        uint64_t frame = 0; // EventLog::frame_count_ at the last buffer commit
        int count = 0;      // such commits in a row with no frame shown between them
    };
    std::unordered_map<uint32_t, Busy> busy; // wl_surface → its commit rhythm
    std::set<std::string> warned;            // kinds already explained to this client
};

namespace {
bool is(const wl_protocol_logger_message& m, const wl_interface& iface, const char* message) {
    return std::strcmp(wl_resource_get_class(m.resource), iface.name) == 0 &&
           std::strcmp(m.message->name, message) == 0;
}

// libwayland passes an object argument as the wl_object at the start of its
// wl_resource.
wl_resource* object_arg(const wl_argument& a) { return reinterpret_cast<wl_resource*>(a.o); }
uint32_t object_id(const wl_argument& a) { return a.o ? wl_resource_get_id(object_arg(a)) : 0; }

const char* state_name(uint32_t s) {
    switch (s) {
    case XDG_TOPLEVEL_STATE_MAXIMIZED: return "maximized";
    case XDG_TOPLEVEL_STATE_FULLSCREEN: return "fullscreen";
    case XDG_TOPLEVEL_STATE_RESIZING: return "resizing";
    case XDG_TOPLEVEL_STATE_ACTIVATED: return "activated";
    case XDG_TOPLEVEL_STATE_TILED_LEFT: return "tiled_left";
    case XDG_TOPLEVEL_STATE_TILED_RIGHT: return "tiled_right";
    case XDG_TOPLEVEL_STATE_TILED_TOP: return "tiled_top";
    case XDG_TOPLEVEL_STATE_TILED_BOTTOM: return "tiled_bottom";
    default: return nullptr;
    }
}

// The toplevel a wl_surface is the window of (null if none).
XdgToplevel* toplevel_of(wl_resource* surface_resource) {
    Surface* surface = surface_resource ? Surface::from(surface_resource) : nullptr;
    auto* xdg = surface ? dynamic_cast<XdgSurface*>(surface->role()) : nullptr;
    return xdg ? dynamic_cast<XdgToplevel*>(xdg->role()) : nullptr;
}
} // namespace

EventLog::EventLog(Server& server, std::FILE* out)
    : server_(server), out_(out), start_(std::chrono::steady_clock::now()) {
    logger_ = wl_display_add_protocol_logger(server.display(), &EventLog::log_message, this);
    client_created_.set_callback([this](void* data) { client_created(static_cast<wl_client*>(data)); });
    client_created_.connect_client_created(server.display());
    server.xdg_shell().add_toplevel_listener(this);
    frames_ = std::make_unique<FrameWatch>(server.outputs(), [this](const Box&) { ++frame_count_; });
    lock_changed_.set_callback([this](void* data) {
        const auto* change = static_cast<SessionLockManager::Change*>(data);
        lock_changed(change->locked, change->client);
    });
    lock_changed_.connect(server.session_lock().locked_changed());
}

void EventLog::lock_changed(bool locked, wl_client* client) {
    // "lock": from now on only lock surfaces are shown and get input;
    // "unlock": by the locker's unlock_and_destroy (its client) or by
    // `shoji ctl unlock` (no client). "locked" (every output shows a lock
    // surface) is the ext_session_lock_v1.locked event (EventLog::event).
    ClientInfo* c = client ? info(client) : nullptr;
    auto j = c ? client_line("session_lock", *c) : line("session_lock");
    j["change"] = locked ? "lock" : "unlock";
    if (!locked) j["by"] = c ? "client" : "ctl";
    write(j);
}

EventLog::~EventLog() {
    // Clients still connected when the session ends.
    std::vector<wl_client*> left;
    for (auto& [client, c] : clients_) left.push_back(client);
    for (wl_client* client : left) client_destroyed(client, /*session_end=*/true);
    server_.xdg_shell().remove_toplevel_listener(this);
    wl_protocol_logger_destroy(logger_);
}

nlohmann::ordered_json EventLog::line(const char* event) {
    nlohmann::ordered_json j;
    j["t"] = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_).count();
    j["event"] = event;
    return j;
}

nlohmann::ordered_json EventLog::client_line(const char* event, const ClientInfo& c) {
    auto j = line(event);
    j["client"] = c.id;
    j["pid"] = c.pid;
    return j;
}

void EventLog::write(const nlohmann::ordered_json& j) {
    // Titles and messages are the client's bytes: invalid UTF-8 is replaced.
    const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fputs(text.c_str(), out_);
    std::fputc('\n', out_);
    std::fflush(out_);
    ++lines_;
}

void EventLog::warn(ClientInfo& c, const char* kind, const std::string& message) {
    if (!c.warned.insert(kind).second) return; // once per client and kind
    auto j = client_line("warning", c);
    j["kind"] = kind;
    j["message"] = message;
    write(j);
}

void EventLog::client_created(wl_client* client) {
    auto c = std::make_unique<ClientInfo>();
    c->id = next_client_++;
    wl_client_get_credentials(client, &c->pid, nullptr, nullptr);
    c->destroy.set_callback([this, client](void*) { client_destroyed(client); });
    c->destroy.connect_client_destroy(client);
    write(client_line("client_connect", *c));
    clients_[client] = std::move(c);
}

void EventLog::client_destroyed(wl_client* client, bool session_end) {
    auto it = clients_.find(client);
    if (it == clients_.end()) return;
    ClientInfo& c = *it->second;
    // libwayland tells us before it destroys the client's objects, when this
    // client is no longer ours to follow: its windows leave now.
    for (XdgToplevel* toplevel : server_.xdg_shell().toplevels())
        if (toplevel->resource() && toplevel->mapped() && wl_resource_get_client(toplevel->resource()) == client)
            toplevel_unmapped(toplevel, c);
    auto j = client_line("client_disconnect", c);
    j["reason"] = c.error ? "protocol_error" : session_end ? "session_end" : "closed";
    if (c.error) j["error"] = *c.error;
    write(j);
    clients_.erase(it); // the Listener is unlinked already (destroy signals unlink first)
}

EventLog::ClientInfo* EventLog::info(wl_client* client) {
    auto it = clients_.find(client);
    return it == clients_.end() ? nullptr : it->second.get();
}

void EventLog::log_message(void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* m) {
    auto* self = static_cast<EventLog*>(data);
    ClientInfo* c = self->info(wl_resource_get_client(m->resource));
    if (!c) return;
    if (type == WL_PROTOCOL_LOGGER_REQUEST) self->request(*c, *m);
    else self->event(*c, *m);
}

void EventLog::request(ClientInfo& c, const wl_protocol_logger_message& m) {
    const wl_argument* a = m.arguments;
    const uint32_t self_id = wl_resource_get_id(m.resource);
    if (is(m, wl_surface_interface, "attach")) {
        const uint32_t buffer = object_id(a[0]);
        if (buffer && c.busy_buffers.count(buffer))
            warn(c, "buffer_reattached",
                 "wl_surface@" + std::to_string(self_id) + ".attach(wl_buffer@" + std::to_string(buffer) +
                     ") before that buffer's wl_buffer.release: Shoji may still read it, so drawing into it "
                     "now can tear; draw into another buffer (keep two or three) and reuse this one once "
                     "released");
        c.pending_attach[self_id] = buffer;
    } else if (is(m, wl_surface_interface, "damage") || is(m, wl_surface_interface, "damage_buffer")) {
        const int32_t w = a[2].i, h = a[3].i;
        const std::string req = "wl_surface@" + std::to_string(self_id) + "." + m.message->name + "(" +
                                std::to_string(a[0].i) + ", " + std::to_string(a[1].i) + ", " +
                                std::to_string(w) + ", " + std::to_string(h) + ")";
        if (w >= Region::kLimit || h >= Region::kLimit)
            warn(c, "damage_everything",
                 req + ": a box this large works but means \"everything\": the whole surface is repainted at "
                       "every commit; damage only what changed (or the buffer's size, " +
                     std::string("if that is really everything)"));
        else if (w < 0 || h < 0)
            warn(c, "damage_negative",
                 req + ": a negative width or height (UINT32_MAX sent as int32 is -1) damages nothing, so "
                       "this change may never be shown; give the box's real width and height");
    } else if (is(m, wl_surface_interface, "frame")) {
        c.frame_requested.insert(self_id);
    } else if (is(m, wl_surface_interface, "commit")) {
        auto at = c.pending_attach.find(self_id);
        const bool new_buffer = at != c.pending_attach.end() && at->second;
        if (new_buffer) {
            c.busy_buffers.insert(at->second);
            const bool asked_frame = c.frame_requested.count(self_id) > 0;
            auto [b, first] = c.busy.try_emplace(self_id);
            ClientInfo::Busy& busy = b->second;
            busy.count = !first && !asked_frame && busy.frame == frame_count_ ? busy.count + 1 : 0;
            busy.frame = frame_count_;
            if (busy.count + 1 >= kBusyCommitsWarn)
                warn(c, "commits_faster_than_frames",
                     "wl_surface@" + std::to_string(self_id) + ": " + std::to_string(busy.count + 1) +
                         " commits of a new buffer in a row, none with a frame callback, each before the "
                         "previous one was shown: the frames in between are drawn for nothing; request "
                         "wl_surface.frame and draw the next frame when its done event comes");
        }
        if (at != c.pending_attach.end()) c.pending_attach.erase(at);
        c.frame_requested.erase(self_id);
    } else if (is(m, wl_surface_interface, "destroy")) {
        c.pending_attach.erase(self_id);
        c.frame_requested.erase(self_id);
        c.busy.erase(self_id);
    } else if (is(m, wl_buffer_interface, "destroy")) {
        c.busy_buffers.erase(self_id);
    } else if (is(m, wl_shm_pool_interface, "create_buffer")) {
        const int32_t width = a[2].i, stride = a[4].i;
        const ShmFormat* format = find_shm_format(a[5].u);
        const int64_t row = format && width > 0 ? int64_t(width) * format->bytes_per_pixel : 0;
        if (row > 0 && stride > row)
            warn(c, "stride_padding",
                 "wl_shm_pool@" + std::to_string(self_id) + ".create_buffer: stride " + std::to_string(stride) +
                     " for width " + std::to_string(width) + " at " + std::to_string(format->bytes_per_pixel) +
                     " bytes per pixel leaves " + std::to_string(stride - row) +
                     " unused bytes per row, which every frame still maps and the pool must hold; use "
                     "stride = width x bytes per pixel = " + std::to_string(row));
    } else if (is(m, xdg_surface_interface, "set_window_geometry")) {
        c.geometry_set.insert(self_id);
    } else if (is(m, xdg_surface_interface, "ack_configure")) {
        const uint32_t serial = a[0].u;
        auto j = client_line("ack_configure", c);
        j["xdg_surface"] = self_id;
        j["serial"] = serial;
        write(j);
        auto last = c.last_serial.find(self_id);
        if (last != c.last_serial.end() && serial != last->second)
            warn(c, "old_ack",
                 "xdg_surface@" + std::to_string(self_id) + ".ack_configure(" + std::to_string(serial) +
                     ") but the latest configure sent is serial " + std::to_string(last->second) +
                     ": the states of the older one are already superseded; ack the latest serial "
                     "you received before committing");
    } else if (is(m, xdg_surface_interface, "destroy")) {
        c.last_serial.erase(self_id);
        c.geometry_set.erase(self_id);
    }
}

void EventLog::event(ClientInfo& c, const wl_protocol_logger_message& m) {
    const wl_argument* a = m.arguments;
    if (is(m, wl_display_interface, "error")) {
        nlohmann::ordered_json e;
        wl_resource* object = object_arg(a[0]);
        e["interface"] = object ? wl_resource_get_class(object) : "";
        e["object"] = object_id(a[0]);
        e["code"] = a[1].u;
        e["message"] = a[2].s ? a[2].s : "";
        auto j = client_line("protocol_error", c);
        for (auto& [k, v] : e.items()) j[k] = v;
        write(j);
        if (!c.error) c.error = std::move(e);
    } else if (is(m, xdg_toplevel_interface, "configure")) {
        nlohmann::ordered_json t;
        t["width"] = a[0].i;
        t["height"] = a[1].i;
        auto states = nlohmann::ordered_json::array();
        if (const wl_array* arr = a[2].a) {
            const auto* s = static_cast<const uint32_t*>(arr->data);
            for (size_t i = 0; i < arr->size / sizeof(uint32_t); ++i) {
                const char* name = state_name(s[i]);
                states.push_back(name ? nlohmann::ordered_json(name) : nlohmann::ordered_json(s[i]));
            }
        }
        t["states"] = std::move(states);
        c.toplevel_configure = std::move(t);
    } else if (is(m, xdg_surface_interface, "configure")) {
        const uint32_t id = wl_resource_get_id(m.resource);
        auto j = client_line("configure", c);
        j["xdg_surface"] = id;
        j["serial"] = a[0].u;
        if (c.toplevel_configure) {
            for (auto& [k, v] : c.toplevel_configure->items()) j[k] = v;
            c.toplevel_configure.reset();
        }
        write(j);
        c.last_serial[id] = a[0].u;
    } else if (is(m, wl_buffer_interface, "release")) {
        c.busy_buffers.erase(wl_resource_get_id(m.resource));
    } else if (is(m, ext_session_lock_v1_interface, "locked")) {
        auto j = client_line("session_lock", c);
        j["change"] = "locked";
        write(j);
    } else if (is(m, wl_keyboard_interface, "enter") || is(m, wl_keyboard_interface, "leave")) {
        auto j = client_line("keyboard_focus", c);
        const bool enter = m.message->name[0] == 'e';
        j["change"] = enter ? "enter" : "leave";
        j["surface"] = object_id(a[1]);
        XdgToplevel* toplevel = toplevel_of(object_arg(a[1]));
        j["toplevel"] = toplevel ? nlohmann::ordered_json(toplevel->id()) : nlohmann::ordered_json();
        write(j);
    }
}

void EventLog::toplevel_mapped(XdgToplevel& toplevel) {
    ClientInfo* c = info(wl_resource_get_client(toplevel.resource()));
    if (!c) return;
    XdgSurface* xdg = toplevel.xdg_surface();
    const Box g = xdg ? xdg->geometry() : Box{};
    auto j = client_line("toplevel_map", *c);
    j["toplevel"] = toplevel.id();
    j["app_id"] = toplevel.app_id();
    j["title"] = toplevel.title();
    j["x"] = toplevel.x();
    j["y"] = toplevel.y();
    j["width"] = g.width;
    j["height"] = g.height;
    write(j);
    if (xdg && !c->geometry_set.count(wl_resource_get_id(xdg->resource())))
        warn(*c, "no_window_geometry",
             "xdg_toplevel@" + std::to_string(wl_resource_get_id(toplevel.resource())) +
                 " was mapped without xdg_surface.set_window_geometry: Shoji takes the surface's bounds (" +
                 std::to_string(g.width) + "x" + std::to_string(g.height) +
                 ") as the window, shadows and all; call set_window_geometry with the part that is the "
                 "window before the commit that maps it");
}

void EventLog::toplevel_unmapped(XdgToplevel& toplevel) {
    if (ClientInfo* c = info(wl_resource_get_client(toplevel.resource()))) toplevel_unmapped(&toplevel, *c);
}

void EventLog::toplevel_unmapped(XdgToplevel* t, ClientInfo& c) {
    XdgToplevel& toplevel = *t;
    auto j = client_line("toplevel_unmap", c);
    j["toplevel"] = toplevel.id();
    j["app_id"] = toplevel.app_id();
    j["title"] = toplevel.title();
    write(j);
}

void EventLog::toplevel_committed(XdgToplevel& toplevel, const Region& damage) {
    ClientInfo* c = info(wl_resource_get_client(toplevel.resource()));
    if (!c) return;
    auto j = client_line("commit", *c);
    j["toplevel"] = toplevel.id();
    j["damage_px"] = damage.area();
    j["damage_rects"] = damage.rect_count();
    write(j);
}

void EventLog::screenshot(const std::string& path, int32_t width, int32_t height) {
    auto j = line("screenshot");
    j["path"] = path;
    j["width"] = width;
    j["height"] = height;
    write(j);
}

} // namespace shoji
