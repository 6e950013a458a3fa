// wl_compositor: the global that makes surfaces and regions (version 5).
#pragma once

#include <wayland-server-core.h>

namespace shoji {

class WlCompositor {
public:
    static constexpr uint32_t kVersion = 5;

    explicit WlCompositor(wl_display* display);
    ~WlCompositor();
    WlCompositor(const WlCompositor&) = delete;
    WlCompositor& operator=(const WlCompositor&) = delete;

    void handle_create_surface(wl_resource* resource, uint32_t id);

private:
    wl_global* global_;
};

} // namespace shoji
