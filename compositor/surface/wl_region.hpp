// wl_region: a client-built region, used by set_opaque_region and
// set_input_region (wayland.xml, version 1).
#pragma once

#include <wayland-server-core.h>

#include "util/region.hpp"

namespace shoji {

// Creates the wl_region resource; it owns its Region.
void create_wl_region(wl_client* client, uint32_t version, uint32_t id);

// The region of a wl_region resource (asserts it is one).
const Region& wl_region_get(wl_resource* resource);

} // namespace shoji
