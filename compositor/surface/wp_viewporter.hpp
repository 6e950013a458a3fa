// wp_viewporter (viewporter.xml, stable, version 1): the global that gives a
// wl_surface its wp_viewport (surface/wp_viewport.hpp), one per surface.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class Viewporter {
public:
    static constexpr uint32_t kVersion = 1;

    explicit Viewporter(wl_display* display);
    ~Viewporter();
    Viewporter(const Viewporter&) = delete;
    Viewporter& operator=(const Viewporter&) = delete;

    void handle_get_viewport(wl_resource* viewporter, uint32_t id, wl_resource* surface);

private:
    wl_global* global_;
};

} // namespace shoji
