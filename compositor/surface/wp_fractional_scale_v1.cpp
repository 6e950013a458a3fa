#include "surface/wp_fractional_scale_v1.hpp"

#include "fractional-scale-v1-server-protocol.h"
#include "surface/wp_fractional_scale_manager_v1.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
FractionalScale* scale_of(wl_resource* r) { return static_cast<FractionalScale*>(wl_resource_get_user_data(r)); }

const struct wp_fractional_scale_v1_interface scale_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void destroy_resource(wl_resource* r) { delete scale_of(r); }
} // namespace

FractionalScale* FractionalScale::create(wl_resource* manager_resource, uint32_t id, FractionalScaleManager& manager,
                                         wl_resource* surface) {
    wl_resource* r = create_resource(manager_resource, &wp_fractional_scale_v1_interface,
                                     uint32_t(wl_resource_get_version(manager_resource)), id, &scale_impl, nullptr,
                                     destroy_resource);
    if (!r) return nullptr;
    auto* scale = new FractionalScale(r, manager, surface);
    wl_resource_set_user_data(r, scale);
    return scale;
}

FractionalScale::FractionalScale(wl_resource* resource, FractionalScaleManager& manager, wl_resource* surface)
    : resource_(resource), manager_(&manager), surface_(surface) {
    surface_destroyed_.connect_destroy(surface);
}

FractionalScale::~FractionalScale() {
    // fractional-scale-v1.xml, destroy: "When this object is destroyed,
    // preferred_scale events will no longer be sent."
    if (manager_) manager_->forget(this);
}

void FractionalScale::send(int32_t scale120) {
    if (!surface_ || scale120 == sent_ || scale120 <= 0) return;
    sent_ = scale120;
    wp_fractional_scale_v1_send_preferred_scale(resource_, uint32_t(scale120));
}

} // namespace shoji
