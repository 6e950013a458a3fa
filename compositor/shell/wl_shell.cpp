#include "shell/wl_shell.hpp"

#include <string_view>

#include <wayland-server-protocol.h>

#include "shell/wl_shell_surface.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
WlShell* shell_of(wl_resource* r) { return static_cast<WlShell*>(wl_resource_get_user_data(r)); }

const struct wl_shell_interface shell_impl = {
    /* get_shell_surface */ [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface) {
        shell_of(r)->handle_get_shell_surface(r, id, surface);
    },
};

void shell_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    // A bound wl_shell has no state of its own (and no destructor request):
    // its user data is the global's WlShell.
    create_resource(client, &wl_shell_interface, version, id, &shell_impl, data, nullptr);
}
} // namespace

WlShell::WlShell(wl_display* display, XdgShell& shell)
    : shell_(shell), global_(wl_global_create(display, &wl_shell_interface, kVersion, this, shell_bind)) {}

WlShell::~WlShell() { wl_global_destroy(global_); }

void WlShell::handle_get_shell_surface(wl_resource* resource, uint32_t id, wl_resource* surface_resource) {
    Surface* surface = Surface::from(surface_resource);
    // wayland.xml, get_shell_surface: "If the wl_surface already has another
    // role, it raises a protocol error" (wl_shell.role). Having been a
    // wl_shell_surface before is no other role.
    const char* role = surface->role_name();
    if (surface->role() || (role && std::string_view(role) != WlShellSurface::kRole)) {
        post_protocol_error(resource, WL_SHELL_ERROR_ROLE, "wl_surface@%u already has the role %s",
                            wl_resource_get_id(surface_resource), role ? role : "of another surface kind");
        return;
    }
    WlShellSurface::create(*this, resource, *surface, id);
}

} // namespace shoji
