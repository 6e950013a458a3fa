#include "seat/wl_touch.hpp"

#include <algorithm>

#include <wayland-server-protocol.h>

#include "seat/wl_seat.hpp"
#include "surface/stage.hpp"
#include "surface/wl_surface.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
SeatTouch* touch_of(wl_resource* r) { return static_cast<SeatTouch*>(wl_resource_get_user_data(r)); }

const struct wl_touch_interface touch_impl = {
    /* release */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void touch_resource_destroy(wl_resource* r) {
    if (SeatTouch* touch = touch_of(r)) touch->remove_resource(r);
}

wl_fixed_t fixed(double v) { return wl_fixed_from_double(v); }
} // namespace

SeatTouch::SeatTouch(Seat& seat, wl_display* display) : seat_(seat), display_(display) {}

SeatTouch::~SeatTouch() {
    // Resources that outlive us (display teardown) must not call back.
    for (wl_resource* r : touches_) wl_resource_set_user_data(r, nullptr);
}

void SeatTouch::add_resource(wl_resource* seat_resource, uint32_t id) {
    wl_resource* r =
        create_resource(seat_resource, &wl_touch_interface, uint32_t(wl_resource_get_version(seat_resource)), id,
                        &touch_impl, this, touch_resource_destroy);
    if (r) touches_.push_back(r);
}

void SeatTouch::remove_resource(wl_resource* touch) {
    touches_.erase(std::remove(touches_.begin(), touches_.end(), touch), touches_.end());
}

template <class F>
void SeatTouch::for_each(wl_client* client, F&& f) {
    const std::vector<wl_resource*> copy = touches_;
    for (wl_resource* r : copy)
        if (wl_resource_get_client(r) == client) f(r);
}

SeatTouch::Point* SeatTouch::find(int32_t id) const {
    for (const auto& p : points_)
        if (p->id == id) return p.get();
    return nullptr;
}

bool SeatTouch::is_down(int32_t id) const { return find(id) != nullptr; }

void SeatTouch::erase(Point* p) {
    points_.erase(std::remove_if(points_.begin(), points_.end(), [p](const auto& q) { return q.get() == p; }),
                  points_.end());
}

bool SeatTouch::surface_origin(const Surface* surface, int32_t& x, int32_t& y) const {
    for (const View& v : seat_.scene().views()) {
        if (v.surface == surface) {
            x = v.x, y = v.y;
            return true;
        }
    }
    return false;
}

void SeatTouch::send_frame(wl_client* client) {
    // wayland.xml, wl_touch.frame: "marks the end of a set of events that
    // logically belong together"; each of our events is a set of its own.
    for_each(client, [](wl_resource* t) { wl_touch_send_frame(t); });
}

bool SeatTouch::down(int32_t id, double x, double y, uint32_t time_ms) {
    if (find(id) || points_.size() >= kMaxTouchPoints) return false;
    last_time_ms_ = time_ms;
    Stage& scene = seat_.scene();
    auto hit = scene.hit_test(x, y);
    auto point = std::make_unique<Point>();
    point->id = id;
    point->surface = nullptr;
    point->client = nullptr;
    point->origin_x = point->origin_y = 0;
    // A touch is a press: it closes popups elsewhere (and then goes no
    // further, as a click does), or focuses and raises its window.
    if (scene.pointer_pressed(hit ? hit->node : nullptr)) hit.reset();
    else if (hit && scene.is_mapped(hit->node)) scene.activate(hit->node);
    if (hit) {
        Point& p = *point;
        p.surface = hit->surface;
        p.client = wl_resource_get_client(hit->surface->resource());
        p.origin_x = int32_t(x - hit->sx), p.origin_y = int32_t(y - hit->sy);
        surface_origin(p.surface, p.origin_x, p.origin_y);
        Point* raw = point.get();
        // The surface goes with the point still down: its client gets up,
        // so that the id can come down again.
        p.surface_gone.set_callback([this, raw](void*) {
            raw->surface_gone.disconnect();
            raw->client_gone.disconnect();
            send_up(*raw, last_time_ms_);
            erase(raw);
        });
        p.surface_gone.connect_destroy(hit->surface->resource());
        // The client goes: nothing to tell it.
        p.client_gone.set_callback([this, raw](void*) {
            raw->surface_gone.disconnect();
            raw->client_gone.disconnect();
            erase(raw);
        });
        p.client_gone.connect_client_destroy(p.client);
    }
    points_.push_back(std::move(point));
    Point& p = *points_.back();
    if (!p.surface) return true;
    const uint32_t serial = wl_display_next_serial(display_);
    bool sent = false;
    for_each(p.client, [&](wl_resource* t) {
        wl_touch_send_down(t, serial, time_ms, p.surface->resource(), id, fixed(hit->sx), fixed(hit->sy));
        sent = true;
    });
    send_frame(p.client);
    if (sent) seat_.record_input_serial(p.client, serial);
    return true;
}

bool SeatTouch::motion(int32_t id, double x, double y, uint32_t time_ms) {
    Point* p = find(id);
    if (!p) return false;
    last_time_ms_ = time_ms;
    if (!p->surface) return true;
    // Relative to where the surface is now (it may have moved since the
    // point came down); if it is not shown, where it was last.
    surface_origin(p->surface, p->origin_x, p->origin_y);
    const double sx = x - p->origin_x, sy = y - p->origin_y;
    for_each(p->client, [&](wl_resource* t) { wl_touch_send_motion(t, time_ms, id, fixed(sx), fixed(sy)); });
    send_frame(p->client);
    return true;
}

void SeatTouch::send_up(Point& p, uint32_t time_ms) {
    if (!p.surface) return;
    const uint32_t serial = wl_display_next_serial(display_);
    bool sent = false;
    for_each(p.client, [&](wl_resource* t) {
        wl_touch_send_up(t, serial, time_ms, p.id);
        sent = true;
    });
    send_frame(p.client);
    if (sent) seat_.record_input_serial(p.client, serial);
}

bool SeatTouch::up(int32_t id, uint32_t time_ms) {
    Point* p = find(id);
    if (!p) return false;
    last_time_ms_ = time_ms;
    send_up(*p, time_ms);
    erase(p);
    return true;
}

void SeatTouch::cancel() {
    // wayland.xml, wl_touch.cancel: "the compositor has taken over the touch
    // points ... the client should not expect further events for them"; one
    // cancel per client that had any.
    std::vector<wl_client*> told;
    for (const auto& p : points_) {
        if (!p->surface || std::find(told.begin(), told.end(), p->client) != told.end()) continue;
        told.push_back(p->client);
        for_each(p->client, [](wl_resource* t) { wl_touch_send_cancel(t); });
    }
    points_.clear();
}

} // namespace shoji
