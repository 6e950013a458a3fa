// The one way to make a protocol resource.
//
// wl_resource_create fails only when the server is out of memory. Every
// protocol object is made through create_resource: it creates the resource,
// sets its implementation, and on failure posts wl_display.no_memory and
// returns null, so a caller only has to stop. Objects the resource owns have a
// `static T* create(...)` built on it that returns null the same way; the
// object is made only once its resource exists, and is deleted by the
// resource's destroy callback (never by the code that made it).
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

// For a global's bind: the error goes to the client (wl_client_post_no_memory),
// as there is no object of its yet.
wl_resource* create_resource(wl_client* client, const wl_interface* interface, uint32_t version, uint32_t id,
                             const void* implementation, void* data, wl_resource_destroy_func_t destroy);

// For an object made by a request or an event of `parent` (same client): the
// error names the parent (wl_resource_post_no_memory).
wl_resource* create_resource(wl_resource* parent, const wl_interface* interface, uint32_t version, uint32_t id,
                             const void* implementation, void* data, wl_resource_destroy_func_t destroy);

} // namespace shoji
