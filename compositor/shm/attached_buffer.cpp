#include "shm/attached_buffer.hpp"

#include <algorithm>
#include <vector>

#include <wayland-server-protocol.h>

namespace shoji {

// The surfaces that show one wl_buffer, and the one listener on its destroy
// signal. Found from the resource through that listener's notify function,
// so no table is needed. Deletes itself when its last surface leaves or the
// buffer is destroyed.
struct ShownBuffer : wl_listener {
    wl_resource* resource;
    std::vector<AttachedBuffer*> users;
    // Direct scanout's holds (ReleaseHold): while any is left, a release the
    // last user owes waits.
    std::vector<ReleaseHold*> holds;
    bool release_owed = false;

    explicit ShownBuffer(wl_resource* buffer) : wl_listener{}, resource(buffer) {
        notify = &ShownBuffer::notify_destroy;
        wl_resource_add_destroy_listener(buffer, this);
    }
    ~ShownBuffer() { wl_list_remove(&link); }

    static ShownBuffer* join(wl_resource* buffer, AttachedBuffer* user) {
        wl_listener* l = wl_resource_get_destroy_listener(buffer, &ShownBuffer::notify_destroy);
        ShownBuffer* shown = l ? static_cast<ShownBuffer*>(l) : new ShownBuffer(buffer);
        shown->users.push_back(user);
        // Shown again: the release waits for this user now.
        shown->release_owed = false;
        return shown;
    }

    // `user` no longer shows the buffer; the last one to leave sends
    // wl_buffer.release if asked to, or leaves it owed while the output
    // still shows the buffer itself (holds).
    void leave(AttachedBuffer* user, bool send_release) {
        users.erase(std::remove(users.begin(), users.end(), user), users.end());
        if (!users.empty()) return;
        if (!holds.empty()) {
            release_owed = release_owed || send_release;
            return;
        }
        if (send_release) wl_buffer_send_release(resource);
        delete this;
    }

    void unhold(ReleaseHold* hold) {
        holds.erase(std::remove(holds.begin(), holds.end(), hold), holds.end());
        if (!holds.empty() || !users.empty()) return;
        if (release_owed) wl_buffer_send_release(resource);
        delete this;
    }

    static void notify_destroy(wl_listener* listener, void*) {
        auto* self = static_cast<ShownBuffer*>(listener);
        // libwayland has unlinked us; keep the link valid for the destructor.
        wl_list_init(&self->link);
        for (ReleaseHold* hold : self->holds) hold->resource_ = nullptr, hold->shown_ = nullptr;
        if (self->users.empty()) { // only held: nothing shows it but the output, which lets it go
            delete self;
            return;
        }
        // A single-pixel buffer's colour is ours already: nothing to keep.
        if (self->users.front()->solid_) {
            for (AttachedBuffer* user : self->users) user->resource_ = nullptr, user->shown_ = nullptr;
            delete self;
            return;
        }
        // Still shown: keep what can be seen, once for all these surfaces.
        std::vector<const Surface*> surfaces;
        surfaces.reserve(self->users.size());
        for (const AttachedBuffer* user : self->users) surfaces.push_back(user->surface_);
        std::vector<BufferCopies::Kept> kept;
        if (BufferCopies* copies = BufferCopies::of(wl_client_get_display(wl_resource_get_client(self->resource))))
            kept = copies->keep(self->resource, self->users.front()->info_, surfaces);
        for (size_t i = 0; i < self->users.size(); ++i) {
            AttachedBuffer* user = self->users[i];
            if (i < kept.size() && kept[i].pixels) {
                user->kept_ = std::move(kept[i].pixels);
                user->kept_area_ = kept[i].area;
            }
            user->resource_ = nullptr;
            user->shown_ = nullptr;
        }
        delete self;
    }
};

AttachedBuffer::AttachedBuffer(wl_resource* buffer, const ShmBufferInfo& info, const Surface& surface)
    : resource_(buffer), info_(info), surface_(&surface) {
    shown_ = ShownBuffer::join(buffer, this);
}

AttachedBuffer::AttachedBuffer(wl_resource* buffer, const SolidColour& c, const Surface& surface)
    : resource_(buffer), surface_(&surface), solid_opaque_(c.a == UINT32_MAX) {
    info_.width = info_.height = 1;
    // pixman colours are premultiplied, 16 bits a channel: the top 16 of 32.
    const pixman_color_t colour = {uint16_t(c.r >> 16), uint16_t(c.g >> 16), uint16_t(c.b >> 16),
                                   uint16_t(c.a >> 16)};
    solid_.reset(pixman_image_create_solid_fill(&colour));
    shown_ = ShownBuffer::join(buffer, this);
}

AttachedBuffer::~AttachedBuffer() {
    if (shown_) shown_->leave(this, false);
}

ReleaseHold::ReleaseHold(wl_resource* buffer) : resource_(buffer) {
    wl_listener* l = wl_resource_get_destroy_listener(buffer, &ShownBuffer::notify_destroy);
    if (!l) { // not shown by any surface: nothing to hold back
        resource_ = nullptr;
        return;
    }
    shown_ = static_cast<ShownBuffer*>(l);
    shown_->holds.push_back(this);
}

ReleaseHold::~ReleaseHold() {
    if (shown_) shown_->unhold(this);
}

void AttachedBuffer::release() {
    if (!shown_) return;
    shown_->leave(this, true);
    shown_ = nullptr;
    resource_ = nullptr;
}

} // namespace shoji
