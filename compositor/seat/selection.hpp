// Selection: the rules the clipboard (wl_data_device, wayland.xml) and the
// primary selection (zwp_primary_selection_device_v1,
// primary-selection-unstable-v1.xml) share. Both protocols have the same
// shape: a source offers MIME types, a device sets it as the selection with
// "the serial of the event that triggered this request", and the client
// with keyboard focus gets an offer for it whose receive requests are passed
// to the source's client as send events with the same fd (the data flows
// between the two clients, never through us). Each protocol's file supplies
// its interfaces and event senders (Selection::Protocol); this file owns
// the state and the rules.
//
// Who may set the selection: Shoji honours set_selection only from the
// client with keyboard focus; for the clipboard also only with a serial Seat
// sent that client as input during this focus (Seat::is_focused_input_serial),
// and not older than the serial of the selection now set. Any other request
// is ignored (neither spec defines an error) and its source is cancelled. So
// a client without a window, or one that lost the focus, cannot replace
// either selection. The primary selection differs in two ways. It checks
// the focus only: it is the text selected, which clients set without an
// input event of their own (GTK 3 passes the serial of its latest button
// press, 0 before the first). And a refused source is not cancelled: GTK 3
// sets it as its window appears, before it has the focus, and when the
// source is cancelled its text entry drops the selection, so that Ctrl+C
// has nothing to copy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class Seat;
class Selection;

// A source's offered MIME types (the user data of a wl_data_source, a
// zwp_primary_selection_source_v1 or a zwlr_data_control_source_v1 resource).
struct SelectionSource {
    // What one source may offer. They bound what each offer of it costs the
    // client it is sent to: at most 128 offer events carrying 4 KiB of
    // text, 6,168 bytes with the data_offer and selection events (24 + 16
    // per type + the text), written in two sendmsg calls; a client that is
    // busy elsewhere holds about 180 KB in its socket before libwayland 1.21
    // gives up on it (docs/security.md). Neither protocol defines an error
    // for offer, so a type past a cap is not added, without an error: the
    // source keeps the types it has, and the refusal is logged once per
    // source. Honest clients offer a few dozen types and 2 KiB at most, the
    // longest type (LibreOffice's, with parameters) a few hundred bytes.
    static constexpr size_t kMaxMimeTypes = 128;
    static constexpr size_t kMaxMimeTypeLength = 1024; // bytes, without the NUL
    static constexpr size_t kMaxMimeTypeBytes = 4096;  // all its types' lengths together

    Selection* selection;                // null once its manager is gone
    std::vector<std::string> mime_types; // a set: a type offered twice is kept once
    size_t mime_bytes = 0;               // their lengths together
    bool refused = false;                // a type went past a cap (logged)
    bool used = false;                   // given to a data-control set request (it may be once)
    // Its own interface's events: a data-control source may be either
    // selection, so the Selection asks the source, not its Protocol.
    void (*send_send)(wl_resource* source, const char* mime, int32_t fd) = nullptr;
    void (*send_cancelled)(wl_resource* source) = nullptr;

    static SelectionSource* from(wl_resource* source) {
        return static_cast<SelectionSource*>(wl_resource_get_user_data(source));
    }
    // The offer request: adds `mime` within the caps (`source` names the
    // resource in the log).
    void handle_offer(wl_resource* source, const char* mime);
};

class Selection {
public:
    // One protocol's interfaces and events.
    struct Protocol {
        const wl_interface* source_interface;
        const void* source_implementation;
        const wl_interface* device_interface;
        const void* device_implementation;
        const wl_interface* offer_interface;
        const void* offer_implementation;
        void (*send_cancelled)(wl_resource* source); // of the sources create_source makes
        void (*send_send)(wl_resource* source, const char* mime, int32_t fd);
        void (*send_data_offer)(wl_resource* device, wl_resource* offer);
        void (*send_offer)(wl_resource* offer, const char* mime);
        void (*send_selection)(wl_resource* device, wl_resource* offer); // offer null: none
        // Whether set_selection needs an input serial of the current focus
        // and a refused source is cancelled (true), or set_selection needs
        // only the keyboard focus and a refused source is left alone (false).
        bool serial_checked;
    };

    // `seat` (which outlives it) says which serials are input serials and
    // whose keyboard focus gets the selection.
    Selection(Seat& seat, const Protocol& protocol);
    ~Selection();
    Selection(const Selection&) = delete;
    Selection& operator=(const Selection&) = delete;

    // The Selection of a device resource (null once the manager is gone).
    static Selection* from_device(wl_resource* device) {
        return static_cast<Selection*>(wl_resource_get_user_data(device));
    }

    // The manager's create_source and get_device requests.
    void create_source(wl_resource* manager, uint32_t id);
    void create_device(wl_resource* manager, uint32_t id);

    // The device's set_selection request (source may be null: no selection).
    void handle_set_selection(wl_resource* device, wl_resource* source, uint32_t serial);
    // The offer's receive request: the fd goes to the source's client.
    static void handle_receive(wl_resource* offer, const char* mime, int32_t fd);

    // The client with keyboard focus (null: none) gets the selection.
    void set_focus_client(wl_client* client);
    // The source set as the selection (null: none).
    wl_resource* current() const { return selection_; }

    // For the data-control protocol, whose manager makes its own sources
    // (a SelectionSource with no Selection yet and its own send events;
    // destroy_source is their destroy callback). set_from_control makes
    // `source` (null: none) the selection on behalf of `device`'s client,
    // without the focus and serial rules; the caller has checked that the
    // source was not used before. The selection's serial becomes a new
    // display serial, so a wl_data_device request with a serial of input
    // from before it cannot undo it (rule 3).
    static void destroy_source(wl_resource* source) { source_resource_destroy(source); }
    void set_from_control(wl_resource* device, wl_resource* source);
    // A new offer of the current selection, made by an event of `device`
    // (any interface: `offer_interface`, `offer_implementation`); receive
    // on it goes through handle_receive. Null when there is no selection
    // or no memory (posted). The caller sends its introduction and types.
    wl_resource* make_offer(wl_resource* device, const wl_interface* offer_interface,
                            const void* offer_implementation);
    // Emitted after the selection changed to another source or to none
    // (data: null).
    wl_signal* changed() { return &changed_; }

private:
    // An offer resource's user data: the source it reads from, cleared when
    // that source goes away.
    struct Offer {
        Selection* selection;
        wl_resource* source;
    };
    static void source_resource_destroy(wl_resource* source);
    static void device_resource_destroy(wl_resource* device);
    static void offer_resource_destroy(wl_resource* offer);
    void source_destroyed(wl_resource* source);
    void send_selection(wl_client* client);
    void replace(wl_resource* source); // the selection becomes `source`

    const Seat& seat_;
    const Protocol& protocol_;
    std::vector<wl_resource*> devices_;
    std::vector<wl_resource*> sources_; // every live source, selected or not
    std::vector<Offer*> offers_;
    wl_resource* selection_ = nullptr; // a source
    bool has_selection_serial_ = false;
    uint32_t selection_serial_ = 0; // of the latest set_selection honoured
    wl_client* focus_ = nullptr;
    Listener focus_destroy_{[this](void*) { focus_ = nullptr; focus_destroy_.disconnect(); }};
    Listener keyboard_focus_; // the seat's keyboard focus changed
    wl_signal changed_;
};

} // namespace shoji
