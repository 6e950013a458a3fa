// ConfigureQueue: the configures a surface was sent and not yet acked, for
// the two protocols that configure with serials and acks (xdg_surface,
// zwlr_layer_surface_v1).
//
// Acking a configure acks every older one too (xdg-shell.xml,
// ack_configure; wlr-layer-shell-unstable-v1.xml likewise). The queue holds
// at most `limit` entries: past it the oldest is dropped, and an ack naming
// a dropped serial is accepted with no state (it was sent, so it is legal).
// `Entry` has `uint32_t serial` and `bool stale` (sent for a mapping that is
// over: acking it applies nothing).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>

#include <wayland-server-core.h>

#include "util/protocol_error.hpp"

namespace shoji {

template <class Entry>
class ConfigureQueue {
public:
    explicit ConfigureQueue(size_t limit) : limit_(limit) {}

    void push(const Entry& entry) {
        if (entries_.size() == limit_) {
            newest_dropped_ = entries_.front().serial;
            entries_.pop_front();
        }
        entries_.push_back(entry);
    }

    // The configures still awaiting an ack, oldest first.
    std::deque<Entry>& entries() { return entries_; }
    const std::deque<Entry>& entries() const { return entries_; }
    void mark_stale() {
        for (Entry& e : entries_) e.stale = true;
    }

    // An ack_configure(serial): the entry it acks, removed from the queue
    // with every older one. Null if it acks none: a dropped configure
    // (accepted, nothing kept), or a serial that no configure awaiting an ack
    // has, which is posted on `resource` as the protocol error `code`.
    std::optional<Entry> ack(uint32_t serial, wl_resource* resource, uint32_t code) {
        auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.serial == serial; });
        if (it != entries_.end()) {
            const Entry acked = *it;
            entries_.erase(entries_.begin(), it + 1);
            return acked;
        }
        // Older than every configure still queued, but not older than one
        // dropped from a full queue.
        const bool dropped = newest_dropped_ && !entries_.empty() && int32_t(*newest_dropped_ - serial) >= 0 &&
                             int32_t(entries_.front().serial - serial) > 0;
        if (dropped) return std::nullopt;
        if (entries_.empty())
            post_protocol_error(resource, code, "ack_configure(%u): no configure awaits an ack", serial);
        else
            post_protocol_error(resource, code,
                                "ack_configure(%u): no configure with that serial awaits an ack "
                                "(%zu do, serials %u to %u)",
                                serial, entries_.size(), entries_.front().serial, entries_.back().serial);
        return std::nullopt;
    }

private:
    size_t limit_;
    std::deque<Entry> entries_; // oldest first
    std::optional<uint32_t> newest_dropped_;
};

} // namespace shoji
