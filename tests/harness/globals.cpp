#include "harness/globals.hpp"

#include <algorithm>
#include <cstring>

#include "harness/client.hpp"

namespace shoji::test {

namespace {
struct Wanted {
    const wl_interface* interface;
    uint32_t name = 0, version = 0;
};

const wl_registry_listener listener = {
    [](void* data, wl_registry*, uint32_t name, const char* interface, uint32_t version) {
        auto* w = static_cast<Wanted*>(data);
        if (w->name == 0 && std::strcmp(interface, w->interface->name) == 0) w->name = name, w->version = version;
    },
    [](void*, wl_registry*, uint32_t) {},
};
} // namespace

void* bind_global(TestClient& client, const wl_interface* interface, uint32_t version) {
    Wanted wanted{interface};
    wl_registry* registry = wl_display_get_registry(client.display());
    wl_registry_add_listener(registry, &listener, &wanted);
    void* bound = nullptr;
    if (client.roundtrip() && wanted.name != 0)
        bound = wl_registry_bind(registry, wanted.name, interface, std::min(version, wanted.version));
    wl_registry_destroy(registry);
    return bound;
}

} // namespace shoji::test
