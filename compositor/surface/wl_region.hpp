// wl_region: a client-built region, used by set_opaque_region and
// set_input_region (wayland.xml, version 1).
//
// add and subtract are queued and applied in batches (apply_ops,
// util/region.hpp), so a region of n rectangles costs about n log n, not n^2.
// A region may hold at most kMaxRegionRects rectangles.
#pragma once

#include <cstddef>
#include <memory>

#include <wayland-server-core.h>

#include "util/region.hpp"

namespace shoji {

// Rectangles one wl_region may hold (in pixman's banded form, at every step
// of building it). A shaped window's mask takes one or two rectangles per
// pixel row, so this covers shapes 8,000 pixels tall; real clients send a
// handful. It bounds what one region costs: 256 KiB, and each region
// operation on it (every commit that sets it, the opaque region each frame).
// Past it the client gets wl_display.no_memory, naming the limit (wl_region
// defines no error; see wl_region.cpp).
constexpr size_t kMaxRegionRects = 16384;
// add/subtract requests queued before they are applied: bounds the memory a
// client's stream of requests can pin between two uses of the region.
constexpr size_t kRegionOpsBatch = 4096;

// Creates the wl_region resource made by `compositor`'s create_region; it owns
// its WlRegion. Null after posting no_memory.
wl_resource* create_wl_region(wl_resource* compositor, uint32_t id);

// The region of a wl_region resource (asserts it is one), with every request
// so far applied. Shared, never changed again: later requests on the
// wl_region build a new one, as wayland.xml wants (set_opaque_region: "the
// wl_region object can be destroyed immediately"; the region was copied).
// Null if the region went past kMaxRegionRects: the client was sent the
// error and is being disconnected.
std::shared_ptr<const Region> wl_region_get(wl_resource* resource);

} // namespace shoji
