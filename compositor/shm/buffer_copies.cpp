#include "shm/buffer_copies.hpp"

#include <sys/mman.h>

#include <algorithm>

#include "wlr.hpp"

namespace shoji {

namespace {
int64_t area(const Box& b) { return b.empty() ? 0 : int64_t(b.width) * b.height; }
} // namespace

KeptPixels::~KeptPixels() {
    image.reset();
    if (mapping) munmap(mapping, size_t(bytes));
    if (budget) budget->held -= bytes;
}

BufferCopies::BufferCopies(wl_display* display, ShownParts shown_parts)
    : loop_(wl_display_get_event_loop(display)), shown_parts_(std::move(shown_parts)) {
    hook_.notify = &BufferCopies::display_destroyed;
    hook_.owner = this;
    wl_display_add_destroy_listener(display, &hook_);
    // Accounts are made when clients connect, never later: see Account.
    wl_client* client;
    wl_client_for_each(client, wl_display_get_client_list(display)) client_created(client);
    client_created_.connect_client_created(display);
}

BufferCopies::~BufferCopies() {
    wl_list_remove(&hook_.link);
    if (idle_) wl_event_source_remove(idle_);
}

BufferCopies* BufferCopies::of(wl_display* display) {
    wl_listener* l = wl_display_get_destroy_listener(display, &BufferCopies::display_destroyed);
    return l ? static_cast<Hook*>(l)->owner : nullptr;
}

void BufferCopies::next_turn(void* data) {
    auto* self = static_cast<BufferCopies*>(data);
    self->idle_ = nullptr; // idle sources are removed once they have run
    ++self->turn_;
}

void BufferCopies::client_created(wl_client* client) {
    auto account = std::make_unique<Account>();
    account->gone.set_callback([this, client](void*) { accounts_.erase(client); });
    account->gone.connect_client_destroy(client);
    accounts_[client] = std::move(account);
}

int64_t BufferCopies::held_bytes(wl_client* client) const {
    auto it = accounts_.find(client);
    return it == accounts_.end() ? 0 : it->second->budget->held;
}

std::vector<BufferCopies::Kept> BufferCopies::keep(wl_resource* buffer, const ShmBufferInfo& info,
                                                   const std::vector<const Surface*>& surfaces) {
    std::vector<Kept> kept(surfaces.size());
    if (!info.format || surfaces.empty()) return kept;
    // A client being destroyed: its surfaces go next, nobody will see a copy.
    auto account = accounts_.find(wl_resource_get_client(buffer));
    if (account == accounts_.end()) return kept;

    // In buffer pixels, and the pieces to copy: one for every surface if the
    // parts overlap enough (the common case: same scale and transform), else
    // one per surface.
    std::vector<ShownPart> parts = shown_parts_ ? shown_parts_(surfaces) : std::vector<ShownPart>();
    parts.resize(surfaces.size());
    Box all;
    int64_t sum = 0;
    for (size_t i = 0; i < surfaces.size(); ++i) {
        all = bounding(all, parts[i].in_buffer);
        sum += area(parts[i].in_buffer);
    }
    if (sum == 0) return kept;
    const bool one_piece = area(all) <= sum;

    ShmAccess access(buffer);
    pixman_image_t* src = access.image();
    if (!src) return kept;

    // pixman cannot write YUV; those formats are opaque, so x8r8g8b8 keeps them.
    const pixman_format_code_t format = pixman_format_supported_destination(info.format->pixman)
                                            ? info.format->pixman
                                            : PIXMAN_x8r8g8b8;
    const std::shared_ptr<CopyBudget>& shared = account->second->budget;
    CopyBudget& budget = *shared;
    if (budget.turn != turn_) {
        budget.turn = turn_;
        budget.copied_this_turn = 0;
    }
    auto copy = [&](const Box& box) -> std::shared_ptr<const KeptPixels> {
        // pixman's own stride for an image it allocates: whole 32-bit words.
        const int64_t stride = (int64_t(box.width) * PIXMAN_FORMAT_BPP(format) + 31) / 32 * 4;
        const int64_t bytes = stride * box.height;
        if (budget.held + bytes > kBudgetBytesPerClient ||
            budget.copied_this_turn + bytes > kBudgetBytesPerClient) {
            pid_t pid = 0;
            wl_client_get_credentials(wl_resource_get_client(buffer), &pid, nullptr, nullptr);
            wlr_log(WLR_INFO,
                    "client pid %d destroyed a shown buffer: not keeping %lld bytes of it, over its "
                    "copy budget (%lld held, %lld copied this turn, limit %lld); that surface shows "
                    "what is below it", int(pid), (long long)bytes, (long long)budget.held,
                    (long long)budget.copied_this_turn, (long long)kBudgetBytesPerClient);
            return nullptr;
        }
        auto pixels = std::make_shared<KeptPixels>();
        void* mapping = mmap(nullptr, size_t(bytes), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapping == MAP_FAILED) return nullptr;
        pixels->mapping = mapping;
        pixels->bytes = bytes; // from here on the destructor unmaps it
        pixels->image.reset(pixman_image_create_bits_no_clear(format, box.width, box.height,
                                                              static_cast<uint32_t*>(mapping), int(stride)));
        if (!pixels->image) return nullptr;
        pixman_image_composite32(PIXMAN_OP_SRC, src, nullptr, pixels->image.get(), box.x, box.y, 0, 0,
                                 0, 0, box.width, box.height);
        pixels->box = box;
        pixels->budget = shared;
        budget.held += bytes;
        budget.copied_this_turn += bytes;
        if (!idle_) idle_ = wl_event_loop_add_idle(loop_, &BufferCopies::next_turn, this);
        return pixels;
    };

    std::shared_ptr<const KeptPixels> common = one_piece ? copy(all) : nullptr;
    for (size_t i = 0; i < surfaces.size(); ++i) {
        if (parts[i].in_buffer.empty()) continue;
        kept[i].pixels = one_piece ? common : copy(parts[i].in_buffer);
        if (kept[i].pixels) kept[i].area = parts[i].on_surface;
    }
    return kept;
}

} // namespace shoji
