#include "surface/wp_fractional_scale_manager_v1.hpp"

#include <algorithm>
#include <utility>

#include "fractional-scale-v1-server-protocol.h"
#include "surface/wp_fractional_scale_v1.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
FractionalScaleManager* manager_of(wl_resource* r) {
    return static_cast<FractionalScaleManager*>(wl_resource_get_user_data(r));
}

const struct wp_fractional_scale_manager_v1_interface manager_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* get_fractional_scale */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface) {
        manager_of(r)->handle_get_fractional_scale(r, id, surface);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &wp_fractional_scale_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

FractionalScaleManager::FractionalScaleManager(wl_display* display,
                                               std::function<int32_t(wl_resource* surface)> preferred)
    : global_(wl_global_create(display, &wp_fractional_scale_manager_v1_interface, kVersion, this, bind)),
      preferred_(std::move(preferred)) {}

FractionalScaleManager::~FractionalScaleManager() {
    // Objects outlive the global only if clients do (the Server destroys
    // the clients first): they become inert.
    for (FractionalScale* s : scales_) s->manager_gone();
    wl_global_destroy(global_);
}

void FractionalScaleManager::handle_get_fractional_scale(wl_resource* manager, uint32_t id, wl_resource* surface) {
    // fractional-scale-v1.xml, get_fractional_scale: "If the given
    // wl_surface already has a wp_fractional_scale_v1 object associated, the
    // fractional_scale_exists protocol error is raised."
    for (const FractionalScale* s : scales_)
        if (s->surface() == surface) {
            post_protocol_error(manager, WP_FRACTIONAL_SCALE_MANAGER_V1_ERROR_FRACTIONAL_SCALE_EXISTS,
                                "wl_surface@%u already has a wp_fractional_scale_v1 (wp_fractional_scale_v1@%u)",
                                wl_resource_get_id(surface), wl_resource_get_id(s->resource()));
            return;
        }
    FractionalScale* made = FractionalScale::create(manager, id, *this, surface);
    if (!made) return;
    scales_.push_back(made);
    made->send(preferred_(surface)); // at once: what to draw the first buffer at
}

void FractionalScaleManager::update() {
    // A copy: sending never destroys one, but stay safe against re-entry.
    const std::vector<FractionalScale*> scales = scales_;
    for (FractionalScale* s : scales)
        if (s->surface()) s->send(preferred_(s->surface()));
}

void FractionalScaleManager::forget(FractionalScale* scale) {
    scales_.erase(std::remove(scales_.begin(), scales_.end(), scale), scales_.end());
}

} // namespace shoji
