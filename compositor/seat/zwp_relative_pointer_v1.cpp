#include "seat/zwp_relative_pointer_v1.hpp"

#include "relative-pointer-unstable-v1-server-protocol.h"
#include "seat/zwp_relative_pointer_manager_v1.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
const struct zwp_relative_pointer_v1_interface relative_pointer_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void relative_pointer_destroy(wl_resource* r) {
    if (auto* manager = static_cast<RelativePointerManager*>(wl_resource_get_user_data(r))) manager->remove(r);
}
} // namespace

void create_relative_pointer(RelativePointerManager& manager, wl_resource* parent, uint32_t id) {
    wl_resource* r =
        create_resource(parent, &zwp_relative_pointer_v1_interface, uint32_t(wl_resource_get_version(parent)), id,
                        &relative_pointer_impl, &manager, relative_pointer_destroy);
    if (r) manager.add(r);
}

} // namespace shoji
