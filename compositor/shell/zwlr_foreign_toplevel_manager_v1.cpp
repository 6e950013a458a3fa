#include "shell/zwlr_foreign_toplevel_manager_v1.hpp"

#include <algorithm>

#include "shell/xdg_toplevel.hpp"
#include "shell/zwlr_foreign_toplevel_handle_v1.hpp"
#include "surface/stage.hpp"
#include "util/resource.hpp"
#include "wlr-foreign-toplevel-management-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
ForeignToplevelManager* owner_of(wl_resource* r) {
    return static_cast<ForeignToplevelManager*>(wl_resource_get_user_data(r));
}

const struct zwlr_foreign_toplevel_manager_v1_interface manager_impl = {
    /* stop */ [](wl_client*, wl_resource* r) {
        if (ForeignToplevelManager* owner = owner_of(r)) owner->handle_stop(r);
    },
};

void manager_resource_destroy(wl_resource* r) {
    if (ForeignToplevelManager* owner = owner_of(r)) owner->manager_destroyed(r);
}

void manager_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    static_cast<ForeignToplevelManager*>(data)->bind(client, version, id);
}
} // namespace

ForeignToplevelManager::ForeignToplevelManager(wl_display* display, XdgShell& shell)
    : shell_(shell),
      global_(wl_global_create(display, &zwlr_foreign_toplevel_manager_v1_interface, kVersion, this, manager_bind)) {
    shell_.add_toplevel_listener(this);
}

ForeignToplevelManager::~ForeignToplevelManager() {
    shell_.remove_toplevel_listener(this);
    wl_global_destroy(global_);
    // Resources that outlive us (display teardown) must not call back.
    for (const Manager& m : managers_) wl_resource_set_user_data(m.resource, nullptr);
    for (const auto& entry : entries_)
        for (ForeignToplevelHandle* h : entry->handles) h->owner_gone();
}

void ForeignToplevelManager::bind(wl_client* client, uint32_t version, uint32_t id) {
    // No user data until it is counted: past the cap it is finished at once.
    wl_resource* r =
        create_resource(client, &zwlr_foreign_toplevel_manager_v1_interface, version, id, &manager_impl, nullptr, nullptr);
    if (!r) return;
    const auto mine = std::count_if(managers_.begin(), managers_.end(),
                                    [client](const Manager& m) { return wl_resource_get_client(m.resource) == client; });
    if (size_t(mine) >= kMaxPerClient) {
        // Past the cap: a manager that is finished at once (the spec's way
        // for the compositor to be done with one), listing nothing.
        zwlr_foreign_toplevel_manager_v1_send_finished(r);
        wl_resource_destroy(r);
        return;
    }
    wl_resource_set_user_data(r, this);
    wl_resource_set_destructor(r, manager_resource_destroy);
    managers_.push_back({r, next_binding_++});
    watch_outputs();
    // Every window open now, parents before their children where possible
    // (a handle's parent event can only name a handle the client has): all
    // handles first, then their details.
    for (const auto& entry : entries_) announce(*entry, managers_.back());
    for (const auto& entry : entries_)
        if (ForeignToplevelHandle* h = handle_for(entry->toplevel, managers_.back().binding)) h->refresh();
}

void ForeignToplevelManager::announce(Entry& entry, const Manager& manager) {
    if (ForeignToplevelHandle* h = ForeignToplevelHandle::create(*this, manager.resource, manager.binding, *entry.toplevel))
        entry.handles.push_back(h);
}

void ForeignToplevelManager::handle_stop(wl_resource* manager) {
    // The spec: the compositor sends finished and destroys the object right
    // after. The handles made so far stay, and keep being updated.
    zwlr_foreign_toplevel_manager_v1_send_finished(manager);
    wl_resource_destroy(manager);
}

void ForeignToplevelManager::manager_destroyed(wl_resource* manager) {
    managers_.erase(std::remove_if(managers_.begin(), managers_.end(),
                                   [manager](const Manager& m) { return m.resource == manager; }),
                    managers_.end());
}

void ForeignToplevelManager::handle_destroyed(ForeignToplevelHandle* handle) {
    for (const auto& entry : entries_) {
        auto& hs = entry->handles;
        hs.erase(std::remove(hs.begin(), hs.end(), handle), hs.end());
    }
}

ForeignToplevelManager::Entry* ForeignToplevelManager::find(const XdgToplevel* toplevel) {
    for (const auto& entry : entries_)
        if (entry->toplevel == toplevel) return entry.get();
    return nullptr;
}

ForeignToplevelHandle* ForeignToplevelManager::handle_for(const XdgToplevel* toplevel, uint64_t binding) const {
    for (const auto& entry : entries_) {
        if (entry->toplevel != toplevel) continue;
        for (ForeignToplevelHandle* h : entry->handles)
            if (h->binding() == binding) return h;
    }
    return nullptr;
}

void ForeignToplevelManager::refresh(Entry& entry, wlr_output* gone) {
    const std::vector<ForeignToplevelHandle*> handles = entry.handles;
    for (ForeignToplevelHandle* h : handles) h->refresh(gone);
}

void ForeignToplevelManager::toplevel_mapped(XdgToplevel& toplevel) {
    if (find(&toplevel)) return;
    entries_.push_back(std::make_unique<Entry>(Entry{&toplevel, {}}));
    Entry& entry = *entries_.back();
    watch_outputs();
    for (const Manager& m : std::vector<Manager>(managers_)) announce(entry, m);
    refresh(entry);
    // Its children listed before it can now name it as their parent.
    for (const auto& other : entries_)
        if (other->toplevel->parent() == &toplevel) refresh(*other);
}

void ForeignToplevelManager::toplevel_changed(XdgToplevel& toplevel) {
    if (Entry* entry = find(&toplevel)) refresh(*entry);
}

void ForeignToplevelManager::toplevel_unmapped(XdgToplevel& toplevel) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e->toplevel == &toplevel; });
    if (it == entries_.end()) return;
    const std::unique_ptr<Entry> entry = std::move(*it);
    entries_.erase(it);
    for (ForeignToplevelHandle* h : entry->handles) h->close();
    // Its children's parent is now none (the spec sends nothing only when the
    // client itself destroys the parent's handle).
    for (const auto& other : entries_)
        if (other->toplevel->parent() == &toplevel) refresh(*other);
}

void ForeignToplevelManager::outputs_changed(wlr_output* gone) {
    watch_outputs(gone);
    for (const auto& entry : entries_) refresh(*entry, gone);
}

void ForeignToplevelManager::refresh_client(wl_client* client) {
    for (const auto& entry : entries_)
        for (ForeignToplevelHandle* h : std::vector<ForeignToplevelHandle*>(entry->handles))
            if (h->client() == client) h->refresh();
}

void ForeignToplevelManager::watch_outputs(wlr_output* gone) {
    for (const OutputArea& output : scene().outputs()) {
        wlr_output* wlr = output.wlr;
        if (wlr == gone || std::any_of(watches_.begin(), watches_.end(), [wlr](const auto& w) { return w->output == wlr; }))
            continue;
        auto watch = std::make_unique<OutputWatch>();
        watch->output = wlr;
        // wlroots emits bind once the new wl_output resource is set up.
        watch->bind.set_callback([this](void* data) {
            auto* event = static_cast<wlr_output_event_bind*>(data);
            refresh_client(wl_resource_get_client(event->resource));
        });
        watch->bind.connect(&wlr->events.bind);
        watch->mode.set_callback([this](void*) { outputs_changed(); });
        watch->mode.connect(&wlr->events.mode);
        OutputWatch* raw = watch.get();
        watch->destroy.set_callback([this, raw](void*) {
            outputs_changed(raw->output); // windows leave it
            // Last: this erases the listener running now.
            watches_.erase(std::remove_if(watches_.begin(), watches_.end(),
                                          [raw](const auto& w) { return w.get() == raw; }),
                           watches_.end());
        });
        watch->destroy.connect(&wlr->events.destroy);
        watches_.push_back(std::move(watch));
    }
}

} // namespace shoji
