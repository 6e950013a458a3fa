// wp_fractional_scale_manager_v1 (fractional-scale-v1.xml, staging, version
// 1): the global that gives a wl_surface its wp_fractional_scale_v1
// (surface/wp_fractional_scale_v1.hpp), one per surface, through which the
// surface is told the scale to draw at.
//
// The preferred scale of a surface (what `preferred` answers, in 120ths):
// the highest scale of the outputs it is on (wl_surface.enter), so it is
// sharp on each of them; on none yet, the first output's scale (where new
// windows are placed). Whenever it changes (the surface entered or left an
// output, an output's scale changed, an output went), update() sends it to
// each object whose value changed.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include <wayland-server-core.h>

namespace shoji {

class FractionalScale;

class FractionalScaleManager {
public:
    static constexpr uint32_t kVersion = 1;

    // `preferred(surface)`: the preferred scale of a wl_surface resource, in
    // 120ths (Server::preferred_scale120).
    FractionalScaleManager(wl_display* display, std::function<int32_t(wl_resource* surface)> preferred);
    ~FractionalScaleManager();
    FractionalScaleManager(const FractionalScaleManager&) = delete;
    FractionalScaleManager& operator=(const FractionalScaleManager&) = delete;

    void handle_get_fractional_scale(wl_resource* manager, uint32_t id, wl_resource* surface);

    // Sends preferred_scale to every object whose surface's preferred scale
    // is no longer the one it was last told.
    void update();

    int32_t preferred(wl_resource* surface) const { return preferred_(surface); }
    // Called by a FractionalScale as it goes.
    void forget(FractionalScale* scale);

private:
    wl_global* global_;
    std::function<int32_t(wl_resource*)> preferred_;
    // Every live object, one per surface at most (fractional_scale_exists):
    // as many as the clients' surfaces, which the clients' own limits bound.
    std::vector<FractionalScale*> scales_;
};

} // namespace shoji
