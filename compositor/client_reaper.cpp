#include "client_reaper.hpp"

#include <cstring>
#include <vector>

#include <wayland-server-protocol.h>

namespace shoji {

ClientReaper::ClientReaper(wl_display* display) : loop_(wl_display_get_event_loop(display)) {
    logger_ = wl_display_add_protocol_logger(display, &ClientReaper::log_message, this);
}

ClientReaper::~ClientReaper() {
    wl_protocol_logger_destroy(logger_);
    if (idle_) wl_event_source_remove(idle_);
}

void ClientReaper::log_message(void* data, wl_protocol_logger_type type,
                               const wl_protocol_logger_message* m) {
    if (type == WL_PROTOCOL_LOGGER_EVENT && m->message_opcode == WL_DISPLAY_ERROR &&
        std::strcmp(wl_resource_get_class(m->resource), wl_display_interface.name) == 0)
        static_cast<ClientReaper*>(data)->schedule(wl_resource_get_client(m->resource));
}

void ClientReaper::schedule(wl_client* client) {
    if (doomed_.count(client)) return;
    auto gone = std::make_unique<Listener>([this, client](void*) { doomed_.erase(client); });
    gone->connect_client_destroy(client);
    doomed_.emplace(client, std::move(gone));
    if (!idle_) idle_ = wl_event_loop_add_idle(loop_, &ClientReaper::reap, this);
}

void ClientReaper::reap(void* data) {
    auto* self = static_cast<ClientReaper*>(data);
    self->idle_ = nullptr; // idle sources are removed once they have run
    std::vector<wl_client*> clients;
    for (auto& [client, listener] : self->doomed_) clients.push_back(client);
    for (wl_client* client : clients) {
        // Destroying one client cannot destroy another, but stay safe: the
        // entry erases itself through its destroy listener.
        if (!self->doomed_.count(client)) continue;
        ++self->reaped_;
        wl_client_destroy(client);
    }
}

} // namespace shoji
