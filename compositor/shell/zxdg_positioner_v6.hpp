// zxdg_positioner_v6: the popup placement rules of xdg-shell v6
// (xdg-shell-unstable-v6.xml). Its anchor and gravity are bitfields of edges
// where xdg_positioner has an enum of the nine points; each is translated on
// arrival, and the rules (a PositionerRules, owned by the resource) are the
// stable ones from then on.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

// Creates the zxdg_positioner_v6 made by `shell`'s create_positioner; null
// after posting no_memory.
wl_resource* create_zxdg_positioner_v6(wl_resource* shell, uint32_t id);
bool is_zxdg_positioner_v6(wl_resource* resource);

} // namespace shoji
