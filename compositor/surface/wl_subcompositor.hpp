// wl_subcompositor: the global that makes subsurfaces (version 1).
#pragma once

#include <wayland-server-core.h>

namespace shoji {

class WlSubcompositor {
public:
    static constexpr uint32_t kVersion = 1;
    explicit WlSubcompositor(wl_display* display);
    ~WlSubcompositor();
    WlSubcompositor(const WlSubcompositor&) = delete;
    WlSubcompositor& operator=(const WlSubcompositor&) = delete;

private:
    wl_global* global_;
};

} // namespace shoji
