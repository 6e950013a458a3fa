// zwp_relative_pointer_v1 (relative-pointer-unstable-v1.xml): one client's
// relative pointer; its only request is destroy. The manager keeps the
// resources and sends their relative_motion events
// (zwp_relative_pointer_manager_v1.hpp).
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class RelativePointerManager;

// Makes the resource and adds it to the manager.
// `parent` is the zwp_relative_pointer_manager_v1 the request came on.
void create_relative_pointer(RelativePointerManager& manager, wl_resource* parent, uint32_t id);

} // namespace shoji
