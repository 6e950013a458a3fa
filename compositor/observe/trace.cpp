#include "observe/trace.hpp"

#include <fcntl.h>

#include <cstdarg>
#include <cstring>
#include <string>

#include <wayland-server-protocol.h>

#include "output/frame_watch.hpp"
#include "server.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shm/shm_formats.hpp"
#include "util/region.hpp"

namespace shoji {

struct Trace::ClientInfo {
    uint64_t id = 0;
    pid_t pid = 0;
    Listener destroy;
    std::unordered_map<uint32_t, int64_t> pool_size; // wl_shm_pool id → bytes
    struct Pending {
        uint32_t buffer = 0; // attach (0: null)
        bool attached = false;
        int damage = 0;      // damage/damage_buffer requests
        int frames = 0;      // frame requests
    };
    std::unordered_map<uint32_t, Pending> pending; // wl_surface id → since its commit
};

namespace {
bool is(const wl_protocol_logger_message& m, const wl_interface& iface, const char* message) {
    return std::strcmp(wl_resource_get_class(m.resource), iface.name) == 0 &&
           std::strcmp(m.message->name, message) == 0;
}
uint32_t object_id(const wl_argument& a) {
    return a.o ? wl_resource_get_id(reinterpret_cast<wl_resource*>(a.o)) : 0;
}
std::string seals(int fd) {
    const int s = fcntl(fd, F_GET_SEALS);
    if (s < 0) return "not sealable (not a memfd)";
    if (s == 0) return "no seals (the client may shrink it: reads are guarded by libwayland's SIGBUS handler)";
    std::string out;
    auto add = [&](int bit, const char* name) {
        if (s & bit) out += std::string(out.empty() ? "" : "|") + name;
    };
    add(F_SEAL_SEAL, "SEAL");
    add(F_SEAL_SHRINK, "SHRINK");
    add(F_SEAL_GROW, "GROW");
    add(F_SEAL_WRITE, "WRITE");
    if (s & F_SEAL_SHRINK) out += " (cannot shrink: Shoji's checks track it, shm/shm_request_checks.cpp)";
    return out;
}
} // namespace

Trace::Trace(Server& server, std::FILE* out) : server_(server), out_(out), start_(std::chrono::steady_clock::now()) {
    logger_ = wl_display_add_protocol_logger(server.display(), &Trace::log_message, this);
    client_created_.set_callback([this](void* data) {
        auto* client = static_cast<wl_client*>(data);
        auto c = std::make_unique<ClientInfo>();
        c->id = next_client_++;
        wl_client_get_credentials(client, &c->pid, nullptr, nullptr);
        c->destroy.set_callback([this, client](void*) {
            auto it = clients_.find(client);
            if (it == clients_.end()) return;
            say("client %llu (pid %d): disconnected", (unsigned long long)it->second->id, int(it->second->pid));
            clients_.erase(it);
        });
        c->destroy.connect_client_destroy(client);
        say("client %llu (pid %d): connected", (unsigned long long)c->id, int(c->pid));
        clients_[client] = std::move(c);
    });
    client_created_.connect_client_created(server.display());
    server.xdg_shell().add_toplevel_listener(this);
    frames_ = std::make_unique<FrameWatch>(server.outputs(), [this](const Box&) { frame(); });
}

Trace::~Trace() {
    clients_.clear();
    server_.xdg_shell().remove_toplevel_listener(this);
    wl_protocol_logger_destroy(logger_);
}

void Trace::say(const char* fmt, ...) {
    const auto ms = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(out_, "[%4lld.%03lld] ", (long long)(ms / 1000), (long long)(ms % 1000));
    va_list args;
    va_start(args, fmt);
    std::vfprintf(out_, fmt, args);
    va_end(args);
    std::fputc('\n', out_);
    std::fflush(out_);
}

void Trace::log_message(void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* m) {
    auto* self = static_cast<Trace*>(data);
    auto it = self->clients_.find(wl_resource_get_client(m->resource));
    if (it == self->clients_.end()) return;
    if (type == WL_PROTOCOL_LOGGER_REQUEST) self->request(*it->second, *m);
    else self->event(*it->second, *m);
}

void Trace::request(ClientInfo& c, const wl_protocol_logger_message& m) {
    const wl_argument* a = m.arguments;
    const uint32_t self = wl_resource_get_id(m.resource);
    const unsigned long long cid = c.id;
    if (is(m, wl_shm_interface, "create_pool")) {
        c.pool_size[a[0].n] = a[2].i;
        say("client %llu: wl_shm.create_pool(new wl_shm_pool@%u, fd %d server-side, size %d): seals %s; "
            "libwayland maps %d bytes (libwayland wl_shm, after shm/shm_request_checks.cpp:ShmRequestChecks)",
            cid, a[0].n, a[1].h, a[2].i, seals(a[1].h).c_str(), a[2].i);
    } else if (is(m, wl_shm_pool_interface, "resize")) {
        c.pool_size[self] = a[0].i;
        say("client %llu: wl_shm_pool@%u.resize(%d): libwayland remaps the pool", cid, self, a[0].i);
    } else if (is(m, wl_shm_pool_interface, "create_buffer")) {
        const int32_t offset = a[1].i, w = a[2].i, h = a[3].i, stride = a[4].i;
        const ShmFormat* f = find_shm_format(a[5].u);
        const int64_t bytes = int64_t(stride) * h, end = int64_t(offset) + bytes;
        auto size = c.pool_size.find(self);
        say("client %llu: wl_shm_pool@%u.create_buffer(new wl_buffer@%u, offset %d, %dx%d, stride %d, format 0x%x): "
            "a row of pixels is %lld bytes; the buffer spans bytes %d..%lld of a pool of %lld "
            "(shm/shm_request_checks.cpp:ShmRequestChecks, then libwayland)",
            cid, self, a[0].n, offset, w, h, stride, a[5].u, f ? (long long)w * f->bytes_per_pixel : -1LL, offset, (long long)end,
            size == c.pool_size.end() ? -1LL : (long long)size->second);
    } else if (is(m, wl_shm_pool_interface, "destroy")) {
        c.pool_size.erase(self);
        say("client %llu: wl_shm_pool@%u.destroy: its buffers keep libwayland's mapping", cid, self);
    } else if (is(m, wl_surface_interface, "attach")) {
        auto& p = c.pending[self];
        p.buffer = object_id(a[0]);
        p.attached = true;
    } else if (is(m, wl_surface_interface, "damage") || is(m, wl_surface_interface, "damage_buffer")) {
        ++c.pending[self].damage;
    } else if (is(m, wl_surface_interface, "frame")) {
        ++c.pending[self].frames;
    } else if (is(m, wl_surface_interface, "commit")) {
        const ClientInfo::Pending p = c.pending[self];
        c.pending.erase(self);
        std::string what = p.attached ? (p.buffer ? "wl_buffer@" + std::to_string(p.buffer) : "a null buffer")
                                      : "no new buffer";
        say("client %llu: wl_surface@%u.commit: pending %s, %d damage request(s), %d frame request(s) "
            "(surface/wl_surface.cpp:Surface::handle_commit validates, then applies)",
            cid, self, what.c_str(), p.damage, p.frames);
    } else if (is(m, wl_surface_interface, "destroy")) {
        c.pending.erase(self);
    }
}

void Trace::event(ClientInfo& c, const wl_protocol_logger_message& m) {
    const unsigned long long cid = c.id;
    const uint32_t self = wl_resource_get_id(m.resource);
    if (is(m, wl_buffer_interface, "release")) {
        say("client %llu: -> wl_buffer@%u.release: no surface shows it any more, the client may draw into it "
            "(shm/attached_buffer.cpp:AttachedBuffer::release)", cid, self);
    } else if (is(m, wl_callback_interface, "done")) {
        say("client %llu: -> wl_callback@%u.done: frame callback sent (output/output.cpp:Output::send_frame_done)",
            cid, self);
    } else if (is(m, wl_display_interface, "error")) {
        const wl_argument* a = m.arguments;
        auto* object = reinterpret_cast<wl_resource*>(a[0].o);
        say("client %llu: -> wl_display.error(%s@%u, code %u, \"%s\"): the client is disconnected "
            "(client_reaper.cpp:ClientReaper)",
            cid, object ? wl_resource_get_class(object) : "?", object_id(a[0]), a[1].u, a[2].s ? a[2].s : "");
    }
}

void Trace::toplevel_committed(XdgToplevel& toplevel, const Region& damage) {
    auto it = clients_.find(wl_resource_get_client(toplevel.resource()));
    if (it == clients_.end()) return;
    const Box e = damage.extents();
    say("client %llu: commit applied to window %llu: damage %lld px in %zu rect(s), extents %dx%d at (%d, %d) "
        "(shell/xdg_toplevel.cpp:XdgToplevel::committed -> Scene::add_damage)",
        (unsigned long long)it->second->id, (unsigned long long)toplevel.id(), (long long)damage.area(),
        damage.rect_count(), e.width, e.height, e.x, e.y);
}

void Trace::frame() {
    ++frame_;
    for (const auto& output : server_.outputs()) {
        const RenderStats& r = output->last_render();
        say("frame %llu on %s: %d surface(s) read, %lld px drawn from surfaces, %lld px of background "
            "(output/output.cpp:Output::handle_frame, render/scene_renderer.cpp:composite_views)",
            (unsigned long long)frame_, output->wlr()->name, r.surfaces_drawn, (long long)r.pixels_drawn,
            (long long)r.pixels_cleared);
    }
}

} // namespace shoji
