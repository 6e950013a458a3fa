#include "output/zwlr_output_manager_v1.hpp"

#include <algorithm>

#include "output/zwlr_output_configuration_v1.hpp"
#include "output/zwlr_output_head_v1.hpp"
#include "server.hpp"
#include "util/resource.hpp"
#include "wlr-output-management-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
OutputManager* owner_of(wl_resource* r) { return static_cast<OutputManager*>(wl_resource_get_user_data(r)); }

const struct zwlr_output_manager_v1_interface manager_impl = {
    /* create_configuration */
    [](wl_client*, wl_resource* r, uint32_t id, uint32_t serial) {
        // A finished manager's configurations still work: they fail (or
        // are cancelled) when applied.
        OutputConfiguration::create(owner_of(r), r, id, serial);
    },
    /* stop */
    [](wl_client*, wl_resource* r) {
        if (OutputManager* owner = owner_of(r)) owner->handle_stop(r);
    },
};

void manager_resource_destroy(wl_resource* r) {
    if (OutputManager* owner = owner_of(r)) owner->manager_destroyed(r);
}

void manager_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    static_cast<OutputManager*>(data)->bind(client, version, id);
}

const std::vector<OutputHead*> kNoHeads;
} // namespace

OutputManager::OutputManager(wl_display* display, Server& server)
    : server_(server),
      global_(wl_global_create(display, &zwlr_output_manager_v1_interface, kVersion, this, manager_bind)) {}

OutputManager::~OutputManager() {
    wl_global_destroy(global_);
    // Resources that outlive us (display teardown) must not call back.
    for (Binding& b : bindings_) {
        wl_resource_set_user_data(b.manager, nullptr);
        for (OutputHead* h : b.heads) h->owner_gone();
    }
}

void OutputManager::bind(wl_client* client, uint32_t version, uint32_t id) {
    wl_resource* r =
        create_resource(client, &zwlr_output_manager_v1_interface, version, id, &manager_impl, nullptr, nullptr);
    if (!r) return;
    const auto mine = std::count_if(bindings_.begin(), bindings_.end(),
                                    [client](const Binding& b) { return wl_resource_get_client(b.manager) == client; });
    if (size_t(mine) >= kMaxPerClient) {
        // Past the cap: finished at once, listing nothing.
        zwlr_output_manager_v1_send_finished(r);
        wl_resource_destroy(r);
        return;
    }
    wl_resource_set_user_data(r, this);
    wl_resource_set_destructor(r, manager_resource_destroy);
    bindings_.push_back({r, {}});
    sync(bindings_.back());
}

void OutputManager::handle_stop(wl_resource* manager) {
    // The spec: the compositor answers with finished; the object is then
    // inert, so it goes now (its heads stay until their outputs do).
    zwlr_output_manager_v1_send_finished(manager);
    wl_resource_destroy(manager);
}

void OutputManager::manager_destroyed(wl_resource* manager) {
    Binding* b = find(manager);
    if (!b) return;
    // Its heads get no more updates; they go with their outputs or client.
    for (OutputHead* h : b->heads) h->owner_gone();
    bindings_.erase(std::remove_if(bindings_.begin(), bindings_.end(),
                                   [manager](const Binding& x) { return x.manager == manager; }),
                    bindings_.end());
}

void OutputManager::head_destroyed(OutputHead* head) {
    for (Binding& b : bindings_) b.heads.erase(std::remove(b.heads.begin(), b.heads.end(), head), b.heads.end());
}

OutputManager::Binding* OutputManager::find(wl_resource* manager) {
    for (Binding& b : bindings_)
        if (b.manager == manager) return &b;
    return nullptr;
}

const std::vector<OutputHead*>& OutputManager::heads_of(wl_resource* manager) const {
    for (const Binding& b : bindings_)
        if (b.manager == manager) return b.heads;
    return kNoHeads;
}

void OutputManager::outputs_changed() {
    ++serial_;
    for (size_t i = 0; i < bindings_.size(); ++i) sync(bindings_[i]);
}

void OutputManager::sync(Binding& b) {
    const auto& outputs = server_.outputs();
    auto listed = [&](wlr_output* o) {
        return std::any_of(outputs.begin(), outputs.end(), [o](const auto& out) { return out->wlr() == o; });
    };
    // Heads of outputs that are gone: finished (each removes itself from
    // b.heads as its resource goes).
    const std::vector<OutputHead*> heads = b.heads;
    for (OutputHead* h : heads)
        if (!listed(h->output())) h->finish();
    for (const auto& out : outputs) {
        const bool has = std::any_of(b.heads.begin(), b.heads.end(),
                                     [&](const OutputHead* h) { return h->output() == out->wlr(); });
        if (has) continue;
        if (OutputHead* h = OutputHead::create(*this, b.manager, out->wlr())) b.heads.push_back(h);
    }
    for (OutputHead* h : b.heads) h->send_state();
    zwlr_output_manager_v1_send_done(b.manager, serial_);
}

} // namespace shoji
