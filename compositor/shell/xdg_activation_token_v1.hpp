// xdg_activation_token_v1: a token being made. set_serial / set_app_id /
// set_surface gather what it is for, commit asks for the token (answered
// with done). Owned by its resource; after commit every request but destroy
// is an already_used error.
#pragma once

#include <cstdint>
#include <optional>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class XdgActivation;

class XdgActivationToken {
public:
    static XdgActivationToken* create(XdgActivation& activation, wl_resource* parent, uint32_t id);
    static XdgActivationToken* from(wl_resource* resource);

    // Requests.
    void handle_set_serial(uint32_t serial, wl_resource* seat);
    void handle_set_app_id(const char* app_id);
    void handle_set_surface(wl_resource* surface);
    void handle_commit();

private:
    XdgActivationToken(XdgActivation& activation, wl_resource* resource) : activation_(activation), resource_(resource) {}
    // Posts already_used if the token was committed; true if it was.
    bool used(const char* request);

    XdgActivation& activation_;
    wl_resource* resource_;
    bool committed_ = false;
    std::optional<uint32_t> serial_; // with a wl_seat (Shoji has one)
};

} // namespace shoji
