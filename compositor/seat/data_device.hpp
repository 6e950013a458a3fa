// Copy and paste: wl_data_device_manager (version 3), wl_data_device,
// wl_data_source and wl_data_offer (wayland.xml), for the selection.
//
// The selection and its rules (who may set it, with which serial, the
// caps on a source's MIME types) are Selection's (seat/selection.hpp), which
// the primary selection shares. Drag and drop is not served: start_drag
// cancels the source at once.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "seat/selection.hpp"

namespace shoji {

class Seat;

class DataDeviceManager {
public:
    static constexpr uint32_t kVersion = 3;
    // `seat` (which outlives it) says which serials are input serials and
    // whose keyboard focus gets the selection.
    DataDeviceManager(wl_display* display, Seat& seat);
    ~DataDeviceManager();
    DataDeviceManager(const DataDeviceManager&) = delete;
    DataDeviceManager& operator=(const DataDeviceManager&) = delete;

    Selection& selection() { return selection_; }

private:
    Selection selection_;
    wl_global* global_;
};

} // namespace shoji
