// Clipboard managers and wl-clipboard without a window:
// zwlr_data_control_manager_v1 (version 2, protocol/wlr-data-control-
// unstable-v1.xml) and its device, source and offer, one file each.
//
// A data-control device follows both of the seat's selections, the
// clipboard (DataDeviceManager's Selection) and the primary selection
// (PrimarySelectionManager's), whatever has the keyboard focus, and sets
// either. It is the same state, not a copy: a wl_data_device copy is offered
// to every data-control device, and a data-control copy is the selection the
// focused wl_data_device client is offered.
//
// Who may use it: any client. Shoji is a test compositor whose clients are
// the tester's own, and the protocol exists for clients with no window (a
// clipboard manager, wl-copy and wl-paste in a test script), which the focus
// and serial rules of the other two protocols would shut out
// (docs/testing-clients.md, "Data control"; docs/security.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

#include "seat/selection.hpp"
#include "util/listener.hpp"
#include "wlr-data-control-unstable-v1-server-protocol.h"

namespace shoji {

class DataControlDevice;

class DataControlManager {
public:
    static constexpr uint32_t kVersion = 2;
    // Devices one client may have at once. Every device is sent an offer
    // (with all the source's types, at most 6,168 bytes) at each change of
    // either selection, whoever has the focus, so this bounds what one
    // client makes Shoji build per change; wl-paste --watch and clipboard
    // managers need one. A further get_data_device is answered with
    // finished at once and the device stays inert (the spec's way to say a
    // device is no longer valid).
    static constexpr size_t kMaxDevicesPerClient = 8;

    // `clipboard` and `primary` (which outlive it) are the seat's selections.
    DataControlManager(wl_display* display, Selection& clipboard, Selection& primary);
    ~DataControlManager();
    DataControlManager(const DataControlManager&) = delete;
    DataControlManager& operator=(const DataControlManager&) = delete;

    Selection& clipboard() { return clipboard_; }
    Selection& primary() { return primary_; }

    // The manager's requests (zwlr_data_control_manager_v1.cpp).
    void handle_create_data_source(wl_resource* manager, uint32_t id);
    void handle_get_data_device(wl_resource* manager, uint32_t id);
    // A device's resource went away.
    void device_destroyed(DataControlDevice* device);

private:
    Selection& clipboard_;
    Selection& primary_;
    std::vector<DataControlDevice*> devices_;
    Listener clipboard_changed_;
    Listener primary_changed_;
    wl_global* global_;
};

// zwlr_data_control_device_v1 (its file): owned by its resource.
class DataControlDevice {
public:
    // Null when out of memory (posted). `manager` null: an inert device
    // (past the cap), sent finished at once.
    static DataControlDevice* create(DataControlManager* manager, wl_resource* manager_resource, uint32_t id);
    static DataControlDevice* from(wl_resource* device);

    wl_resource* resource() const { return resource_; }
    // Sends the selection (`primary` false) or the primary selection as it
    // is now: data_offer, its types, then selection / primary_selection.
    void send_selection(bool primary);
    // The manager is gone (server teardown): the device becomes inert.
    void manager_gone() { manager_ = nullptr; }

    // set_selection (primary false) and set_primary_selection.
    void handle_set(wl_resource* source, bool primary);

private:
    DataControlDevice(wl_resource* resource, DataControlManager* manager) : resource_(resource), manager_(manager) {}
    static void resource_destroy(wl_resource* device);

    wl_resource* resource_;
    DataControlManager* manager_; // null: inert
};

// zwlr_data_control_source_v1 (its file): a SelectionSource with the
// data-control events; `invalid_offer` once it was set.
wl_resource* create_data_control_source(wl_resource* manager_resource, uint32_t id);

// The offer's request table (its file).
extern const struct zwlr_data_control_offer_v1_interface data_control_offer_impl;

} // namespace shoji
