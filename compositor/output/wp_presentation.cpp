#include "output/wp_presentation.hpp"

#include <ctime>

#include "presentation-time-server-protocol.h"
#include "scene/scene.hpp"
#include "surface/view.hpp"
#include "surface/wl_surface.hpp"
#include "util/resource.hpp"
#include "wlr.hpp"

namespace shoji {

namespace {
Presentation* presentation_of(wl_resource* r) { return static_cast<Presentation*>(wl_resource_get_user_data(r)); }

const struct wp_presentation_interface presentation_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* feedback */
    [](wl_client*, wl_resource* r, wl_resource* surface, uint32_t id) {
        presentation_of(r)->handle_feedback(r, surface, id);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    wl_resource* r = create_resource(client, &wp_presentation_interface, version, id, &presentation_impl, data, nullptr);
    // presentation-time.xml: clock_id "is sent when the client binds".
    if (r) wp_presentation_send_clock_id(r, CLOCK_MONOTONIC);
}

// Whether some of a surface's layout box lies on an output's.
bool overlaps(const Box& a, const Box& b) {
    Region r(a);
    r.intersect(b);
    return !r.empty();
}

// A feedback sits in a wl_list of its surface's (pending, cached or waiting)
// through its link; one the client's disconnection destroys must leave it.
void feedback_resource_destroy(wl_resource* resource) { wl_list_remove(wl_resource_get_link(resource)); }
} // namespace

Presentation::Presentation(wl_display* display, Scene& scene)
    : display_(display), scene_(scene),
      global_(wl_global_create(display, &wp_presentation_interface, kVersion, this, bind)) {
    for (const OutputArea& a : scene_.outputs()) follow(a.wlr);
}

Presentation::~Presentation() {
    if (check_) wl_event_source_remove(check_);
    wl_global_destroy(global_);
}

void Presentation::follow(wlr_output* output) {
    auto f = std::make_unique<Followed>();
    Followed* raw = f.get();
    f->output = output;
    f->commit.set_callback([this, raw](void* event) { output_committed(*raw, event); });
    f->commit.connect(&output->events.commit);
    f->destroy.set_callback([this, raw](void*) {
        for (auto it = followed_.begin(); it != followed_.end(); ++it)
            if (it->get() == raw) {
                followed_.erase(it); // (destroys this Listener, as its last action)
                return;
            }
    });
    f->destroy.connect(&output->events.destroy);
    followed_.push_back(std::move(f));
}

uint64_t Presentation::sequence(const wlr_output* output) const {
    for (const auto& f : followed_)
        if (f->output == output) return f->msc;
    return 0;
}

void Presentation::handle_feedback(wl_resource* presentation, wl_resource* surface_resource, uint32_t id) {
    // No limit of our own: a feedback is a resource and a list link, and each
    // commit settles all of them (presented or discarded).
    wl_resource* fb = create_resource(presentation, &wp_presentation_feedback_interface, 1, id, nullptr, nullptr,
                                      feedback_resource_destroy);
    if (!fb) return;
    Surface* surface = Surface::from(surface_resource);
    surface->add_pending_feedback(fb);
    watch(*surface);
}

void Presentation::watch(Surface& surface) {
    for (const auto& w : watched_)
        if (w->surface == &surface) return;
    auto w = std::make_unique<Watched>();
    Watched* raw = w.get();
    w->surface = &surface;
    w->applied.set_callback([this](void*) { schedule_check(); });
    w->applied.connect(surface.state_applied_signal());
    w->destroy.set_callback([this, raw](void*) {
        for (auto it = watched_.begin(); it != watched_.end(); ++it)
            if (it->get() == raw) {
                watched_.erase(it);
                return;
            }
    });
    w->destroy.connect_destroy(surface.resource());
    watched_.push_back(std::move(w));
}

void Presentation::schedule_check() {
    // After this dispatch: the role has placed (or unmapped) the surface by then.
    if (!check_) check_ = wl_event_loop_add_idle(wl_display_get_event_loop(display_), &Presentation::check_waiting, this);
}

void Presentation::check_waiting(void* data) {
    auto* self = static_cast<Presentation*>(data);
    self->check_ = nullptr;
    const std::vector<View> views = self->scene_.views();
    const std::vector<OutputArea> outputs = self->scene_.outputs();
    for (const auto& w : self->watched_) {
        Surface& s = *w->surface;
        if (!s.has_feedback()) continue;
        Box shown; // the surface's box in the layout, if some output shows part of it
        for (const View& v : views) {
            if (v.surface != &s) continue;
            const Box b{v.x, v.y, s.width(), s.height()};
            for (const OutputArea& o : outputs)
                if (overlaps(b, o.box)) shown = b;
        }
        // Shown: a frame will present it (the damage makes sure one comes).
        // "If the surface is not visible on any output": discarded now.
        if (!shown.empty()) self->scene_.add_damage(shown);
        else s.discard_feedback();
    }
}

void Presentation::output_committed(Followed& f, void* data) {
    const auto* event = static_cast<const wlr_output_event_commit*>(data);
    if (!(event->committed & WLR_OUTPUT_STATE_BUFFER)) return; // no new frame shown
    ++f.msc;
    timespec when;
    if (event->when) when = *event->when;
    else clock_gettime(CLOCK_MONOTONIC, &when);
    // wl_output.mode's refresh is in mHz; the event wants ns (0: unknown).
    const uint32_t refresh_ns = f.output->refresh > 0 ? uint32_t(1'000'000'000'000LL / f.output->refresh) : 0;
    const uint32_t flags = wlr_output_is_headless(f.output)
                               ? WP_PRESENTATION_FEEDBACK_KIND_VSYNC | WP_PRESENTATION_FEEDBACK_KIND_HW_CLOCK |
                                     WP_PRESENTATION_FEEDBACK_KIND_HW_COMPLETION
                               : 0;
    Box box;
    for (const OutputArea& a : scene_.outputs())
        if (a.wlr == f.output) box = a.box;
    const uint64_t sec = uint64_t(when.tv_sec);
    for (const View& v : scene_.views()) {
        Surface& s = *v.surface;
        if (!s.has_feedback() || !overlaps(Box{v.x, v.y, s.width(), s.height()}, box)) continue;
        s.present_feedback([&](wl_resource* fb) {
            wl_client* client = wl_resource_get_client(fb);
            wl_resource* out;
            wl_resource_for_each(out, &f.output->resources) {
                if (wl_resource_get_client(out) == client) wp_presentation_feedback_send_sync_output(fb, out);
            }
            wp_presentation_feedback_send_presented(fb, uint32_t(sec >> 32), uint32_t(sec), uint32_t(when.tv_nsec),
                                                    refresh_ns, uint32_t(f.msc >> 32), uint32_t(f.msc), flags);
        });
    }
}

} // namespace shoji
