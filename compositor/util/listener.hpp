// Listener: a wl_listener that calls a member's callback and cannot outlive
// its registration.
//
// Not copyable or movable: the signal holds a pointer to the embedded
// wl_listener, so the object must stay where it was linked. The link is
// initialised in the constructor (so disconnecting an unconnected listener is
// safe) and removed in the destructor. A callback may destroy its own Listener
// (e.g. erase the object that owns it) as its last action: libwayland unlinks a
// listener before notifying it on destroy signals.
#pragma once

#include <functional>
#include <utility>

#include <wayland-server-core.h>

namespace shoji {

class Listener {
public:
    using Callback = std::function<void(void* data)>;

    Listener() : listener_(this) { wl_list_init(&listener_.link); }
    explicit Listener(Callback cb) : Listener() { callback_ = std::move(cb); }
    ~Listener() { disconnect(); }

    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    void set_callback(Callback cb) { callback_ = std::move(cb); }

    // Connects to `signal`, first dropping any previous connection.
    void connect(wl_signal* signal) {
        disconnect();
        wl_signal_add(signal, &listener_);
    }
    // Connects to a resource's destroy signal.
    void connect_destroy(wl_resource* resource) {
        disconnect();
        wl_resource_add_destroy_listener(resource, &listener_);
    }
    // Connects to a client's destroy signal.
    void connect_client_destroy(wl_client* client) {
        disconnect();
        wl_client_add_destroy_listener(client, &listener_);
    }
    // Connects to a display's client-created signal (data: the new client).
    void connect_client_created(wl_display* display) {
        disconnect();
        wl_display_add_client_created_listener(display, &listener_);
    }
    // Connects to a client's resource-created signal (data: the new resource).
    void connect_resource_created(wl_client* client) {
        disconnect();
        wl_client_add_resource_created_listener(client, &listener_);
    }
    void disconnect() {
        wl_list_remove(&listener_.link);
        wl_list_init(&listener_.link);
    }
    bool connected() const { return !wl_list_empty(&listener_.link); }

private:
    // wl_listener first, so libwayland's pointer to it is a pointer to Raw.
    struct Raw : wl_listener {
        explicit Raw(Listener* o) : wl_listener{}, owner(o) { notify = &Raw::dispatch; }
        static void dispatch(wl_listener* l, void* data) {
            Listener* self = static_cast<Raw*>(l)->owner;
            if (self->callback_) self->callback_(data);
        }
        Listener* owner;
    };
    Raw listener_;
    Callback callback_;
};

} // namespace shoji
