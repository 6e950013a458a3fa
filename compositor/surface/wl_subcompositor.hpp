// wl_subcompositor: the global that makes subsurfaces (version 1).
#pragma once

#include <wayland-server-core.h>

namespace shoji {

// Limits on one surface tree (a surface that is not a subsurface, and every
// subsurface below it). The protocol has none; weston and wlroots set none.
// Every walk over a tree is iterative, so neither limit guards the stack:
// they bound the work one request can cause. A root commit applies and
// reports each synchronized descendant, every frame collects every mapped
// one, and get_subsurface measures the trees it joins; with these limits each
// costs at most a few thousand steps. Real clients stay far below them (GTK,
// Firefox and Chromium nest at most three deep and use a handful of
// subsurfaces per window). get_subsurface past either limit is
// wl_subcompositor.bad_surface, naming the values (see wl_subcompositor.cpp).
//
// Depth: wl_subsurface links from the root down to the deepest surface.
constexpr int kMaxSubsurfaceDepth = 64;
// Surfaces in one tree, the root included.
constexpr int kMaxSurfacesPerTree = 1024;

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
