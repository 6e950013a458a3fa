#include "observe/trace.hpp"

#include <fcntl.h>

#include <cstdarg>
#include <cstring>
#include <string>

#include <wayland-server-protocol.h>

#include "observe/frame_areas.hpp"
#include "output/output.hpp"
#include "server.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shm/shm_formats.hpp"
#include "surface/wl_surface.hpp"
#include "util/region.hpp"

namespace shoji {

struct Trace::ClientInfo {
    uint64_t id = 0;
    pid_t pid = 0;
    Listener destroy;
    bool error_sent = false; // a wl_display.error went to it
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
    if (s == 0) return "none (the client may shrink it: reads are guarded by libwayland's SIGBUS handler)";
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
            say("client %llu (pid %d): disconnected: %s", (unsigned long long)it->second->id, int(it->second->pid),
                it->second->error_sent
                    ? "Shoji closed the connection after the protocol error above: a client that was sent an error "
                      "cannot go on (client_reaper.cpp:ClientReaper)"
                    : "the client closed its connection (or the session ended)");
            clients_.erase(it);
        });
        c->destroy.connect_client_destroy(client);
        say("client %llu (pid %d): connected", (unsigned long long)c->id, int(c->pid));
        clients_[client] = std::move(c);
    });
    client_created_.connect_client_created(server.display());
    server.xdg_shell().add_toplevel_listener(this);
    for (const auto& output : server.outputs()) output->add_frame_observer(this);
}

Trace::~Trace() {
    for (const auto& output : server_.outputs()) output->remove_frame_observer(this);
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
        say("client %llu: wl_shm.create_pool(new wl_shm_pool@%u, fd %d server-side, size %d): seals: %s; "
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
        ++releases_;
        say("client %llu: -> wl_buffer@%u.release: no surface shows it any more, the client may draw into it "
            "(shm/attached_buffer.cpp:AttachedBuffer::release)", cid, self);
    } else if (is(m, wl_callback_interface, "done")) {
        say("client %llu: -> wl_callback@%u.done: frame callback sent (output/output.cpp:Output::send_frame_done)",
            cid, self);
    } else if (is(m, wl_display_interface, "error")) {
        const wl_argument* a = m.arguments;
        auto* object = reinterpret_cast<wl_resource*>(a[0].o);
        const char* iface = object ? wl_resource_get_class(object) : "?";
        const char* message = a[2].s ? a[2].s : "";
        c.error_sent = true;
        // libwayland's own words for a read that faulted: its SIGBUS handler
        // caught it inside wl_shm_buffer_begin/end_access and posts this at
        // end_access.
        const bool fault = std::strcmp(iface, wl_buffer_interface.name) == 0 && a[1].u == WL_SHM_ERROR_INVALID_FD &&
                           std::strcmp(message, "error accessing SHM buffer") == 0;
        if (fault) {
            say("client %llu: -> wl_display.error(%s@%u, code %u, \"%s\"): the client is disconnected. Reading "
                "this buffer's pixels faulted (SIGBUS): the client made its pool's file smaller than the pool "
                "after create_pool (an F_SEAL_SHRINK memfd cannot shrink). libwayland's SIGBUS handler mapped "
                "zeroes over the rest of the read and posted wl_shm.error.invalid_fd when the read ended "
                "(shm/shm_access.cpp:ShmAccess, libwayland wl_shm_buffer_end_access)",
                cid, iface, object_id(a[0]), a[1].u, message);
        } else {
            say("client %llu: -> wl_display.error(%s@%u, code %u, \"%s\"): the client is disconnected "
                "(client_reaper.cpp:ClientReaper)",
                cid, iface, object_id(a[0]), a[1].u, message);
        }
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

std::string Trace::surface_name(const Surface* surface) const {
    wl_resource* r = surface ? surface->resource() : nullptr;
    if (!r) return "a destroyed surface";
    auto it = clients_.find(wl_resource_get_client(r));
    std::string name = "wl_surface@" + std::to_string(wl_resource_get_id(r));
    return it == clients_.end() ? name : name + " of client " + std::to_string(it->second->id);
}

void Trace::frame_drawn(Output& output, const FrameReport& report) {
    const unsigned long long n = report.frame;
    const char* name = output.wlr()->name;
    const int64_t repaint = report.damage.area() + report.age_damage.area();
    if (report.direct) {
        say("frame %llu on %s: direct scanout of %s: its buffer is the output's content, nothing composited; "
            "%lld px of this frame's damage in %zu rect(s) (output/output.cpp:Output::present_direct)%s",
            n, name, report.render.views.empty() ? "a client buffer" : surface_name(report.render.views.front().surface).c_str(),
            (long long)report.damage.area(), report.damage.rect_count(), report.committed ? "" : "; the commit failed, nothing shown");
        return;
    }
    std::string age;
    if (report.buffer_age == 0)
        age = "buffer age 0 (a buffer not shown before, or too long ago: all of it is repainted)";
    else if (report.buffer_age == 1)
        age = "buffer age 1 (the buffer the previous frame showed: only this frame's damage is repainted)";
    else
        age = "buffer age " + std::to_string(report.buffer_age) + " (this buffer was shown " +
              std::to_string(report.buffer_age) + " frame(s) ago: it lacks the damage of the frames since)";
    say("frame %llu on %s: %s; repaint %lld px = %lld px of this frame's damage in %zu rect(s) + %lld px that "
        "buffer age adds (output/output.cpp:Output::handle_frame, wlr_output_damage_attach_render)%s",
        n, name, age.c_str(), (long long)repaint, (long long)report.damage.area(), report.damage.rect_count(),
        (long long)report.age_damage.area(), report.committed ? "" : "; the commit failed, nothing shown");
    for (const ViewReport& v : report.render.views) {
        if (v.occluded) {
            say("frame %llu:   %s, %dx%d at (%d, %d): occluded, not read (opaque views above cover all of its "
                "damaged part; render/scene_renderer.cpp:composite_views)",
                n, surface_name(v.surface).c_str(), v.box.width, v.box.height, v.box.x, v.box.y);
            continue;
        }
        say("frame %llu:   %s, %dx%d at (%d, %d): read %lld px with SRC (opaque: copied), %lld px with OVER "
            "(blended) (render/scene_renderer.cpp:composite_views)",
            n, surface_name(v.surface).c_str(), v.box.width, v.box.height, v.box.x, v.box.y,
            (long long)v.src.area(), (long long)v.over.area());
    }
    const FrameAreas a = frame_areas(report);
    say("frame %llu:   shown: %lld px SRC, %lld px OVER, %lld px background (the top layer of each repainted "
        "pixel, as --damage-frames colours it)",
        n, (long long)a.src.area(), (long long)a.over.area(), (long long)a.background.area());
}

void Trace::frame_done(Output&, const FrameReport& report, int surfaces_answered) {
    say("frame %llu: done: frame callbacks answered for %d surface(s); %llu buffer(s) released since the last "
        "frame (output/output.cpp:Output::send_frame_done)",
        (unsigned long long)report.frame, surfaces_answered, (unsigned long long)releases_);
    releases_ = 0;
}

} // namespace shoji
