// Copy and paste: wl_data_device_manager (version 3), wl_data_device,
// wl_data_source and wl_data_offer (wayland.xml), for the selection.
//
// The selection is one wl_data_source; the client with keyboard focus gets a
// wl_data_offer for it, and its receive requests are passed to the source's
// client as send events with the same fd (the data flows between the two
// clients, never through us). Drag and drop is not served: start_drag
// cancels the source at once.
//
// Who may set the selection: wayland.xml gives set_selection "the serial of
// the event that triggered this request". Shoji honours it only from the
// client with keyboard focus, with a serial Seat sent that client as input
// during this focus (Seat::is_focused_input_serial), and not older than the
// serial of the selection now set; any other request is ignored (the spec
// defines no error) and its source is cancelled. So a client without a
// window, or one that lost the focus, cannot replace the clipboard.
#pragma once

#include <string>
#include <vector>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class Seat;

class DataDeviceManager {
public:
    static constexpr uint32_t kVersion = 3;
    // `seat` (which outlives it) says which serials are input serials.
    DataDeviceManager(wl_display* display, const Seat& seat);
    ~DataDeviceManager();
    DataDeviceManager(const DataDeviceManager&) = delete;
    DataDeviceManager& operator=(const DataDeviceManager&) = delete;

    // The client with keyboard focus (null: none) gets the selection.
    void set_focus_client(wl_client* client);

    // Request handlers (called from the interface tables).
    void add_device(wl_resource* device);
    void remove_device(wl_resource* device);
    void set_selection(wl_resource* device, wl_resource* source, uint32_t serial);
    void source_destroyed(wl_resource* source);

    // A wl_data_offer (its resource's user data): the source it reads from,
    // cleared when that source goes away.
    struct Offer {
        DataDeviceManager* manager;
        wl_resource* source;
    };
    void offer_destroyed(Offer* offer);

private:
    void send_selection(wl_client* client);

    wl_display* display_;
    const Seat& seat_;
    wl_global* global_;
    std::vector<wl_resource*> devices_;
    std::vector<Offer*> offers_;
    wl_resource* selection_ = nullptr; // a wl_data_source
    bool has_selection_serial_ = false;
    uint32_t selection_serial_ = 0; // of the latest set_selection honoured
    wl_client* focus_ = nullptr;
    Listener focus_destroy_{[this](void*) { focus_ = nullptr; focus_destroy_.disconnect(); }};
};

// A wl_data_source's offered MIME types (the resource's user data).
struct DataSource {
    // What one source may offer. They bound what each offer of it costs the
    // client it is sent to: at most 128 wl_data_offer.offer events carrying
    // 4 KiB of text, 6,168 bytes with the data_offer and selection events
    // (24 + 16 per type + the text), written in two sendmsg calls; a client
    // that is busy elsewhere holds about 180 KB in its socket before
    // libwayland 1.21 gives up on it (docs/security.md). wayland.xml defines
    // no error for wl_data_source.offer, so a type past a cap is not added,
    // without an error: the source keeps the types it has, and the refusal
    // is logged once per source. Honest clients offer a few dozen types and
    // 2 KiB at most, the longest type (LibreOffice's, with parameters) a
    // few hundred bytes.
    static constexpr size_t kMaxMimeTypes = 128;
    static constexpr size_t kMaxMimeTypeLength = 1024; // bytes, without the NUL
    static constexpr size_t kMaxMimeTypeBytes = 4096;  // all its types' lengths together

    DataDeviceManager* manager;
    std::vector<std::string> mime_types; // a set: a type offered twice is kept once
    size_t mime_bytes = 0;               // their lengths together
    bool refused = false;                // a type went past a cap (logged)
};

} // namespace shoji
