#include "util/protocol_error.hpp"

#include <cstdarg>
#include <cstdio>

#include "wlr.hpp"

namespace shoji {

void post_protocol_error(wl_resource* resource, uint32_t code, const char* fmt, ...) {
    char message[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(message, sizeof message, fmt, args);
    va_end(args);

    pid_t pid = 0;
    wl_client_get_credentials(wl_resource_get_client(resource), &pid, nullptr, nullptr);
    wlr_log(WLR_INFO, "protocol error for client pid %d: %s@%u code %u: %s", int(pid),
            wl_resource_get_class(resource), wl_resource_get_id(resource), code, message);
    wl_resource_post_error(resource, code, "%s", message);
}

} // namespace shoji
