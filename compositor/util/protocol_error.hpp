// The one place protocol errors are posted.
//
// Every error Shoji sends goes through post_protocol_error(), which logs it
// (with the client's pid) and posts it on the resource. Messages name the
// offending values and, where it helps, the likely mistake, e.g.
// "stride 256 is smaller than width 256 × 4 bytes (ARGB8888): is the stride in
// pixels?". The client is disconnected soon after (see ClientReaper).
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

[[gnu::format(printf, 3, 4)]]
void post_protocol_error(wl_resource* resource, uint32_t code, const char* fmt, ...);

} // namespace shoji
