// Middle-click paste: zwp_primary_selection_device_manager_v1 (version 1,
// primary-selection-unstable-v1.xml) and its device, source and offer, one
// file each. The primary selection is a second selection beside the
// clipboard, on the same code (Selection, seat/selection.hpp): set only by
// the client with keyboard focus (with any serial: GTK 3 sends 0 or an old
// one; a refused source is left alone, not cancelled), its sources capped in
// MIME types alike, offered to each client that gets the keyboard focus.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "primary-selection-unstable-v1-server-protocol.h"
#include "seat/selection.hpp"

namespace shoji {

class Seat;

class PrimarySelectionManager {
public:
    static constexpr uint32_t kVersion = 1;
    PrimarySelectionManager(wl_display* display, Seat& seat);
    ~PrimarySelectionManager();
    PrimarySelectionManager(const PrimarySelectionManager&) = delete;
    PrimarySelectionManager& operator=(const PrimarySelectionManager&) = delete;

    Selection& selection() { return selection_; }

private:
    Selection selection_;
    wl_global* global_;
};

// The request tables of the other interfaces (their files).
extern const struct zwp_primary_selection_device_v1_interface primary_selection_device_impl;
extern const struct zwp_primary_selection_source_v1_interface primary_selection_source_impl;
extern const struct zwp_primary_selection_offer_v1_interface primary_selection_offer_impl;

} // namespace shoji
