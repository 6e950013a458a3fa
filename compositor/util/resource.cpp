#include "util/resource.hpp"

namespace shoji {

wl_resource* create_resource(wl_client* client, const wl_interface* interface, uint32_t version, uint32_t id,
                             const void* implementation, void* data, wl_resource_destroy_func_t destroy) {
    wl_resource* r = wl_resource_create(client, interface, int(version), id);
    if (!r) {
        wl_client_post_no_memory(client);
        return nullptr;
    }
    wl_resource_set_implementation(r, implementation, data, destroy);
    return r;
}

wl_resource* create_resource(wl_resource* parent, const wl_interface* interface, uint32_t version, uint32_t id,
                             const void* implementation, void* data, wl_resource_destroy_func_t destroy) {
    wl_resource* r = wl_resource_create(wl_resource_get_client(parent), interface, int(version), id);
    if (!r) {
        wl_resource_post_no_memory(parent);
        return nullptr;
    }
    wl_resource_set_implementation(r, implementation, data, destroy);
    return r;
}

} // namespace shoji
