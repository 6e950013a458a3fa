// BufferCopies: what Shoji keeps of buffers destroyed while shown (docs/design.md,
// “Hole 2: a buffer destroyed while it is shown”), and what each client may
// spend on it.
//
// The wl_shm_buffer dies with its resource, so the last content of a surface
// must be copied, inside the guard, from the wl_buffer's destroy listener.
// Copying the whole buffer would let a client turn one request into
// gigabytes and seconds (a 16000×16000 buffer is 1 GiB, read inside one
// dispatch while every other client waits). So only what can be seen is
// copied:
//  - for each surface showing the buffer, the part of the surface that lies
//    on an output (the surface's box in the layout ∩ the outputs' boxes),
//    mapped to buffer pixels through the surface's scale and transform: at
//    most the output area per window;
//  - once for a buffer shown on several surfaces, when the bounding box of
//    their parts is no larger than the parts together (else once per surface);
//  - within a per-client budget (kBudgetBytesPerClient) that bounds both the
//    bytes the client's copies hold and the bytes copied for it in one turn
//    of the event loop. A copy past the budget is not made: that surface
//    shows what is below it (other windows or the background), as does the
//    part of a window that was off the outputs when its buffer was destroyed.
//
// The parts come from the scene, which the Server hands in as ShownParts.
// One per Server; AttachedBuffer finds it from the wl_display (of()).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include <wayland-server-core.h>

#include "shm/shm_access.hpp"
#include "util/listener.hpp"
#include "util/pixman_image.hpp"
#include "util/region.hpp"

namespace shoji {

class Surface; // only a key here: shm/ knows nothing of surfaces

// The part of a surface that lies on an output: in surface coordinates, and
// in the pixels of the buffer it shows (through the surface's scale and
// transform).
struct ShownPart {
    Box on_surface;
    Box in_buffer;
};

// A client's spending on copies; shared with its copies, which give their
// bytes back when they go (possibly after the client).
struct CopyBudget {
    int64_t held = 0;            // bytes of live copies
    int64_t copied_this_turn = 0; // bytes copied since `turn` began
    uint64_t turn = 0;
};

// Pixels kept from a destroyed buffer: `image` holds the buffer pixels of
// `box` (its (0, 0) is buffer pixel (box.x, box.y)). The pixels are a private
// anonymous mapping of their own, so that their memory goes back to the
// system when they go (malloc would keep megabytes of freed copies cached).
struct KeptPixels {
    PixmanImage image;
    Box box;
    int64_t bytes = 0;
    std::shared_ptr<CopyBudget> budget;
    void* mapping = nullptr;
    KeptPixels() = default;
    KeptPixels(const KeptPixels&) = delete;
    KeptPixels& operator=(const KeptPixels&) = delete;
    ~KeptPixels();
};

class BufferCopies {
public:
    // Per client: at most this many bytes held in copies, and at most this
    // many copied in one turn of the event loop. Two full 2560×1600 windows,
    // or one 3840×2160 window, at 4 bytes a pixel; copying it costs a few
    // milliseconds, under one 60 Hz frame, so no copy stalls other clients
    // for longer than that. Past it: no copy, the surface shows what is below.
    static constexpr int64_t kBudgetBytesPerClient = int64_t(32) << 20;

    // For each surface, the part of it that lies on an output, empty if none
    // (the scene knows: Scene::parts_on_outputs).
    using ShownParts = std::function<std::vector<ShownPart>(const std::vector<const Surface*>& surfaces)>;

    BufferCopies(wl_display* display, ShownParts shown_parts);
    ~BufferCopies();
    BufferCopies(const BufferCopies&) = delete;
    BufferCopies& operator=(const BufferCopies&) = delete;

    // The BufferCopies of a display, or null.
    static BufferCopies* of(wl_display* display);

    // For one surface showing the buffer: what was kept, and the part of the
    // surface (surface coordinates) it covers. Null copy: nothing kept.
    struct Kept {
        std::shared_ptr<const KeptPixels> pixels;
        Box area;
    };
    // Called from the wl_buffer's destroy listener, while `buffer` can still
    // be read; one result per surface, in order.
    std::vector<Kept> keep(wl_resource* buffer, const ShmBufferInfo& info,
                           const std::vector<const Surface*>& surfaces);

    // Bytes held in copies for a client (0 for unknown clients).
    int64_t held_bytes(wl_client* client) const;
    // Clients with an account (every connected client, no other).
    size_t accounts() const { return accounts_.size(); }

private:
    // One per client, from its creation to its destroy signal: a client
    // without one is being destroyed (its resources go after that signal),
    // and nothing it shows is kept any more.
    struct Account {
        std::shared_ptr<CopyBudget> budget = std::make_shared<CopyBudget>();
        Listener gone;
    };
    void client_created(wl_client* client);
    static void next_turn(void* data);
    static void display_destroyed(wl_listener*, void*) {}

    wl_event_loop* loop_;
    ShownParts shown_parts_;
    struct Hook : wl_listener {
        BufferCopies* owner;
    } hook_;
    Listener client_created_{[this](void* client) { client_created(static_cast<wl_client*>(client)); }};
    wl_event_source* idle_ = nullptr;
    uint64_t turn_ = 0;
    std::unordered_map<wl_client*, std::unique_ptr<Account>> accounts_;
};

} // namespace shoji
