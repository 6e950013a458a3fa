// ime-client: an input method (zwp_input_method_v2) for the tests of how a
// real application handles composed text.
//
//   ime-client PREEDIT TEXT
//
// It becomes the seat's input method and waits until a text field of the
// focused application enables it (activate, then done). It then sends
// PREEDIT as the text being composed, and TEXT as the composed text that
// replaces it, each with a commit naming the number of done events seen,
// makes sure the compositor has both (a roundtrip) and exits 0.
//
// Bad usage, no compositor, no input method global or an unavailable input
// method (the seat has one already): a line on stderr, exit 2.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <wayland-client.h>

#include "input-method-unstable-v2-client-protocol.h"

namespace {

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "ime-client: %s\n", what);
    std::exit(2);
}

struct Ime {
    wl_seat* seat = nullptr;
    zwp_input_method_manager_v2* manager = nullptr;
    bool active_pending = false, active = false, unavailable = false;
    uint32_t dones = 0;
};

const wl_registry_listener registry_listener = {
    [](void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t) {
        auto* ime = static_cast<Ime*>(data);
        if (std::strcmp(interface, wl_seat_interface.name) == 0 && !ime->seat)
            ime->seat = static_cast<wl_seat*>(wl_registry_bind(registry, name, &wl_seat_interface, 1));
        else if (std::strcmp(interface, zwp_input_method_manager_v2_interface.name) == 0)
            ime->manager = static_cast<zwp_input_method_manager_v2*>(
                wl_registry_bind(registry, name, &zwp_input_method_manager_v2_interface, 1));
    },
    [](void*, wl_registry*, uint32_t) {},
};

const zwp_input_method_v2_listener im_listener = {
    /* activate */ [](void* d, zwp_input_method_v2*) { static_cast<Ime*>(d)->active_pending = true; },
    /* deactivate */ [](void* d, zwp_input_method_v2*) { static_cast<Ime*>(d)->active_pending = false; },
    /* surrounding_text */ [](void*, zwp_input_method_v2*, const char*, uint32_t, uint32_t) {},
    /* text_change_cause */ [](void*, zwp_input_method_v2*, uint32_t) {},
    /* content_type */ [](void*, zwp_input_method_v2*, uint32_t, uint32_t) {},
    /* done */
    [](void* d, zwp_input_method_v2*) {
        auto* ime = static_cast<Ime*>(d);
        ++ime->dones;
        ime->active = ime->active_pending; // the state takes effect at done
    },
    /* unavailable */ [](void* d, zwp_input_method_v2*) { static_cast<Ime*>(d)->unavailable = true; },
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) die("usage: ime-client PREEDIT TEXT");
    wl_display* display = wl_display_connect(nullptr);
    if (!display) die("cannot connect to the compositor (WAYLAND_DISPLAY)");
    Ime ime;
    wl_registry* registry = wl_display_get_registry(display);
    wl_registry_add_listener(registry, &registry_listener, &ime);
    if (wl_display_roundtrip(display) < 0) die("the connection failed");
    if (!ime.seat || !ime.manager) die("the compositor has no wl_seat or zwp_input_method_manager_v2");

    zwp_input_method_v2* im = zwp_input_method_manager_v2_get_input_method(ime.manager, ime.seat);
    zwp_input_method_v2_add_listener(im, &im_listener, &ime);
    // Events, not time: block until a field enables us.
    while (!ime.active) {
        if (ime.unavailable) die("the input method is unavailable (the seat has one already)");
        if (wl_display_dispatch(display) < 0) die("the connection failed");
    }
    zwp_input_method_v2_set_preedit_string(im, argv[1], int32_t(std::strlen(argv[1])), int32_t(std::strlen(argv[1])));
    zwp_input_method_v2_commit(im, ime.dones);
    zwp_input_method_v2_commit_string(im, argv[2]);
    zwp_input_method_v2_commit(im, ime.dones);
    if (wl_display_roundtrip(display) < 0) die("the connection failed");
    std::printf("ime-client: committed after %u done events\n", ime.dones);
    zwp_input_method_v2_destroy(im);
    wl_display_roundtrip(display);
    wl_display_disconnect(display);
    return 0;
}
