#include "surface/wl_region.hpp"

#include <cassert>
#include <vector>

#include <wayland-server-protocol.h>

#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
class WlRegion {
public:
    explicit WlRegion(wl_resource* resource) : resource_(resource) {}

    // wayland.xml defines no error for wl_region.add/subtract: any int32
    // rectangle is accepted and clamped, never overflowing.
    void handle_op(int32_t x, int32_t y, int32_t w, int32_t h, bool subtract) {
        if (failed_) return;
        const Box b = Region::clamped_box(x, y, w, h);
        if (b.empty()) return; // adds or removes nothing
        pending_.push_back({b, subtract});
        ++requests_;
        if (pending_.size() >= kRegionOpsBatch) build();
    }

    std::shared_ptr<const Region> region() { return build() ? built_ : nullptr; }

private:
    bool build() {
        if (failed_) return false;
        if (pending_.empty()) return true;
        Region r = *built_; // built_ may be shared with surfaces: never changed
        if (!apply_ops(r, pending_, kMaxRegionRects)) {
            failed_ = true;
            pending_ = {};
            built_.reset();
            // wl_region has no error enum, so the error goes on wl_display.
            // no_memory, because that is what the limit protects: Shoji will
            // not spend more memory (or time) on this region.
            // wl_display.implementation would say the compositor is broken.
            wl_client* client = wl_resource_get_client(resource_);
            post_protocol_error(wl_client_get_object(client, 1), WL_DISPLAY_ERROR_NO_MEMORY,
                                "wl_region@%u: %zu add/subtract requests make more than %zu rectangles, "
                                "Shoji's limit per region",
                                wl_resource_get_id(resource_), requests_, kMaxRegionRects);
            return false;
        }
        pending_.clear();
        built_ = std::make_shared<const Region>(std::move(r));
        return true;
    }

    wl_resource* resource_;
    std::vector<RegionOp> pending_;    // requests not applied yet, in order
    std::shared_ptr<const Region> built_ = std::make_shared<const Region>();
    size_t requests_ = 0;              // non-empty add/subtract so far
    bool failed_ = false;
};

WlRegion& region_from(wl_resource* resource) {
    return *static_cast<WlRegion*>(wl_resource_get_user_data(resource));
}

void handle_destroy(wl_client*, wl_resource* resource) { wl_resource_destroy(resource); }

void handle_add(wl_client*, wl_resource* resource, int32_t x, int32_t y, int32_t w, int32_t h) {
    region_from(resource).handle_op(x, y, w, h, false);
}
void handle_subtract(wl_client*, wl_resource* resource, int32_t x, int32_t y, int32_t w, int32_t h) {
    region_from(resource).handle_op(x, y, w, h, true);
}

const struct wl_region_interface region_impl = {
    /* destroy */ handle_destroy,
    /* add */ handle_add,
    /* subtract */ handle_subtract,
};

void handle_resource_destroy(wl_resource* resource) { delete &region_from(resource); }
} // namespace

wl_resource* create_wl_region(wl_resource* compositor, uint32_t id) {
    // wl_region has one version: 1 whatever the wl_compositor's.
    wl_resource* resource = create_resource(compositor, &wl_region_interface, 1, id, &region_impl, nullptr,
                                            handle_resource_destroy);
    if (resource) wl_resource_set_user_data(resource, new WlRegion(resource));
    return resource;
}

std::shared_ptr<const Region> wl_region_get(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &wl_region_interface, &region_impl));
    return region_from(resource).region();
}

} // namespace shoji
