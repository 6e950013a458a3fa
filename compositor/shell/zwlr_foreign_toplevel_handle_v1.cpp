#include "shell/zwlr_foreign_toplevel_handle_v1.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>

#include "shell/xdg_toplevel.hpp"
#include "shell/zwlr_foreign_toplevel_manager_v1.hpp"
#include "surface/stage.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "wlr-foreign-toplevel-management-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
ForeignToplevelHandle* handle_of(wl_resource* r) {
    return static_cast<ForeignToplevelHandle*>(wl_resource_get_user_data(r));
}

const struct zwlr_foreign_toplevel_handle_v1_interface handle_impl = {
    /* set_maximized */ [](wl_client*, wl_resource* r) { handle_of(r)->handle_set_maximized(true); },
    /* unset_maximized */ [](wl_client*, wl_resource* r) { handle_of(r)->handle_set_maximized(false); },
    /* set_minimized */ [](wl_client*, wl_resource* r) { handle_of(r)->handle_set_minimized(true); },
    /* unset_minimized */ [](wl_client*, wl_resource* r) { handle_of(r)->handle_set_minimized(false); },
    // Shoji has one seat: whichever wl_seat is named, it is that one.
    /* activate */ [](wl_client*, wl_resource* r, wl_resource*) { handle_of(r)->handle_activate(); },
    /* close */ [](wl_client*, wl_resource* r) { handle_of(r)->handle_close(); },
    /* set_rectangle */ /* set_rectangle */
    [](wl_client*, wl_resource* r, wl_resource*, int32_t x, int32_t y, int32_t w, int32_t h) {
        handle_of(r)->handle_set_rectangle(x, y, w, h);
    },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    // The output is a hint; Shoji makes windows fullscreen on its first output.
    /* set_fullscreen */ [](wl_client*, wl_resource* r, wl_resource*) { handle_of(r)->handle_set_fullscreen(true); },
    /* unset_fullscreen */ [](wl_client*, wl_resource* r) { handle_of(r)->handle_set_fullscreen(false); },
};

void handle_resource_destroy(wl_resource* r) { delete handle_of(r); }

std::atomic<uint64_t> next_serial{1};

bool intersects(const Box& a, const Box& b) {
    if (a.empty() || b.empty()) return false;
    return int64_t(a.x) < int64_t(b.x) + b.width && int64_t(b.x) < int64_t(a.x) + a.width &&
           int64_t(a.y) < int64_t(b.y) + b.height && int64_t(b.y) < int64_t(a.y) + a.height;
}
} // namespace

ForeignToplevelHandle::ForeignToplevelHandle(ForeignToplevelManager& owner, wl_resource* resource, uint64_t binding,
                                             XdgToplevel& toplevel)
    : owner_(&owner), resource_(resource), binding_(binding), serial_(next_serial++), toplevel_(&toplevel) {}

ForeignToplevelHandle* ForeignToplevelHandle::create(ForeignToplevelManager& owner, wl_resource* manager,
                                                     uint64_t binding, XdgToplevel& toplevel) {
    wl_resource* r = create_resource(manager, &zwlr_foreign_toplevel_handle_v1_interface,
                                     uint32_t(wl_resource_get_version(manager)), 0, &handle_impl, nullptr,
                                     handle_resource_destroy);
    if (!r) return nullptr;
    auto* handle = new ForeignToplevelHandle(owner, r, binding, toplevel);
    wl_resource_set_user_data(r, handle);
    zwlr_foreign_toplevel_manager_v1_send_toplevel(manager, r);
    return handle;
}

ForeignToplevelHandle::~ForeignToplevelHandle() {
    if (owner_) owner_->handle_destroyed(this);
}

ForeignToplevelHandle* ForeignToplevelHandle::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &zwlr_foreign_toplevel_handle_v1_interface, &handle_impl));
    return handle_of(resource);
}

std::vector<wl_resource*> ForeignToplevelHandle::wanted_outputs(wlr_output* gone) const {
    std::vector<wl_resource*> wanted;
    if (!owner_ || !toplevel_ || !toplevel_->mapped() || toplevel_->hidden()) return wanted;
    const Box bounds = toplevel_->bounds();
    for (const OutputArea& output : owner_->scene().outputs()) {
        if (output.wlr == gone || !intersects(bounds, output.box)) continue;
        wl_resource* r;
        wl_resource_for_each(r, &output.wlr->resources)
            if (wl_resource_get_client(r) == client()) wanted.push_back(r);
    }
    return wanted;
}

void ForeignToplevelHandle::refresh(wlr_output* gone) {
    if (!toplevel_) return;
    const int version = wl_resource_get_version(resource_);
    bool sent = false;

    // The title and app_id: sent once set, and whenever they change.
    if (title_sent_ ? toplevel_->title() != title_ : !toplevel_->title().empty()) {
        title_ = toplevel_->title();
        title_sent_ = true;
        zwlr_foreign_toplevel_handle_v1_send_title(resource_, title_.c_str());
        sent = true;
    }
    if (app_id_sent_ ? toplevel_->app_id() != app_id_ : !toplevel_->app_id().empty()) {
        app_id_ = toplevel_->app_id();
        app_id_sent_ = true;
        zwlr_foreign_toplevel_handle_v1_send_app_id(resource_, app_id_.c_str());
        sent = true;
    }

    // Outputs: leave those it is no longer on, enter the new ones.
    const std::vector<wl_resource*> wanted = wanted_outputs(gone);
    for (auto it = outputs_.begin(); it != outputs_.end();) {
        if (std::find(wanted.begin(), wanted.end(), (*it)->output) != wanted.end()) {
            ++it;
            continue;
        }
        zwlr_foreign_toplevel_handle_v1_send_output_leave(resource_, (*it)->output);
        it = outputs_.erase(it);
        sent = true;
    }
    for (wl_resource* output : wanted) {
        if (std::any_of(outputs_.begin(), outputs_.end(), [output](const auto& e) { return e->output == output; }))
            continue;
        auto entered = std::make_unique<EnteredOutput>();
        entered->output = output;
        EnteredOutput* raw = entered.get();
        entered->destroy.set_callback([this, raw](void*) {
            outputs_.erase(std::remove_if(outputs_.begin(), outputs_.end(),
                                          [raw](const auto& e) { return e.get() == raw; }),
                           outputs_.end());
        });
        entered->destroy.connect_destroy(output);
        outputs_.push_back(std::move(entered));
        zwlr_foreign_toplevel_handle_v1_send_output_enter(resource_, output);
        sent = true;
    }

    // States: the ones last configured (what the window is asked to be).
    std::vector<uint32_t> state;
    const auto& requested = toplevel_->requested();
    if (requested.maximized) state.push_back(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MAXIMIZED);
    if (toplevel_->minimized()) state.push_back(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MINIMIZED);
    if (requested.activated && !toplevel_->minimized()) state.push_back(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED);
    if (requested.fullscreen && version >= ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_FULLSCREEN_SINCE_VERSION)
        state.push_back(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_FULLSCREEN);
    if (!state_sent_ || state != state_) {
        state_ = state;
        state_sent_ = true;
        wl_array array;
        wl_array_init(&array);
        for (uint32_t s : state_) *static_cast<uint32_t*>(wl_array_add(&array, sizeof s)) = s;
        zwlr_foreign_toplevel_handle_v1_send_state(resource_, &array);
        wl_array_release(&array);
        sent = true;
    }

    // The parent, as this client's handle for it (version 3).
    if (version >= ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_PARENT_SINCE_VERSION && owner_) {
        ForeignToplevelHandle* parent = toplevel_->parent() ? owner_->handle_for(toplevel_->parent(), binding_) : nullptr;
        const uint64_t serial = parent ? parent->serial_ : 0;
        if (serial != parent_ && (parent_sent_ || parent)) {
            parent_ = serial;
            parent_sent_ = true;
            zwlr_foreign_toplevel_handle_v1_send_parent(resource_, parent ? parent->resource_ : nullptr);
            sent = true;
        }
    }

    if (sent) zwlr_foreign_toplevel_handle_v1_send_done(resource_);
}

void ForeignToplevelHandle::close() {
    if (!toplevel_) return;
    toplevel_ = nullptr;
    outputs_.clear();
    zwlr_foreign_toplevel_handle_v1_send_closed(resource_);
}

// Requests: ignored once closed (the spec: the handle "becomes inert so any
// requests will be ignored except the destroy request").

void ForeignToplevelHandle::handle_set_maximized(bool maximized) {
    if (toplevel_) toplevel_->handle_set_maximized(maximized);
}

void ForeignToplevelHandle::handle_set_minimized(bool minimized) {
    if (toplevel_) toplevel_->set_minimized(minimized);
}

void ForeignToplevelHandle::handle_activate() {
    if (toplevel_) toplevel_->activate();
}

void ForeignToplevelHandle::handle_close() {
    if (toplevel_) toplevel_->close();
}

void ForeignToplevelHandle::handle_set_rectangle(int32_t x, int32_t y, int32_t width, int32_t height) {
    if (!toplevel_) return;
    if (width < 0 || height < 0) {
        post_protocol_error(resource_, ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_ERROR_INVALID_RECTANGLE,
                            "set_rectangle: %d×%d at (%d, %d) has a negative size", width, height, x, y);
        return;
    }
    // A hint for minimize animations; Shoji has none, so it is not kept.
}

void ForeignToplevelHandle::handle_set_fullscreen(bool fullscreen) {
    if (toplevel_) toplevel_->handle_set_fullscreen(fullscreen);
}

} // namespace shoji
