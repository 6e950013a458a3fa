// Binding a global the TestClient does not bind itself (the extension
// protocols' managers, wl_output), by interface, from a fresh registry.
#pragma once

#include <cstdint>

#include <wayland-client.h>

namespace shoji::test {

class TestClient;

// Binds the first global with this interface at min(version, advertised);
// null if there is none.
void* bind_global(TestClient& client, const wl_interface* interface, uint32_t version);

template <class T>
T* bind_global(TestClient& client, const wl_interface* interface, uint32_t version) {
    return static_cast<T*>(bind_global(client, interface, version));
}

} // namespace shoji::test
