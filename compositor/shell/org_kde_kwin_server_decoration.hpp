// org_kde_kwin_server_decoration: one surface's decoration mode (KDE's
// server-decoration protocol). Holds only the mode Shoji answers: the
// protocol defines no errors, and no state outlives a request.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class KdeServerDecoration {
public:
    // Sends the mode event at once; null if the resource cannot be made.
    static KdeServerDecoration* create(wl_resource* parent, uint32_t id, uint32_t mode);

    static KdeServerDecoration* from(wl_resource* resource);

    // Requests.
    void handle_request_mode(uint32_t mode);

private:
    KdeServerDecoration(wl_resource* resource, uint32_t mode) : resource_(resource), mode_(mode) {}
    wl_resource* resource_;
    uint32_t mode_;
};

} // namespace shoji
