// XdgRole: what an xdg_surface's role object (xdg_toplevel or xdg_popup)
// answers. XdgSurface owns the configure handshake and window geometry and
// passes everything else to its role through this interface.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

#include <wayland-server-core.h>

#include "util/region.hpp"

namespace shoji {

struct SurfaceState;

// The configures a role sent and the client has not acked yet, each with
// the state it asked for. xdg-shell.xml: acking a serial acks every older
// configure too.
template <class State>
class PendingConfigures {
public:
    void sent(uint32_t serial, const State& state) { queue_.emplace_back(serial, state); }
    // The state sent with `serial`; it and every older entry are dropped.
    std::optional<State> ack(uint32_t serial) {
        while (!queue_.empty()) {
            auto [s, state] = queue_.front();
            queue_.pop_front();
            if (s == serial) return state;
        }
        return std::nullopt;
    }
    bool empty() const { return queue_.empty(); }
    void clear() { queue_.clear(); }

private:
    std::deque<std::pair<uint32_t, State>> queue_; // oldest first
};

class XdgRole {
public:
    virtual ~XdgRole() = default;
    virtual wl_resource* resource() const = 0;

    // The first commit after the role was given: answer with a configure.
    virtual void initial_commit() = 0;
    virtual bool validate_commit(const SurfaceState& pending) = 0;
    virtual void committed(const Region& damage) = 0;
    virtual void acked(uint32_t serial) = 0;
    virtual void unmap() = 0;
    virtual void xdg_surface_destroyed() = 0;

    // A subsurface changed pixels (in root-surface coordinates) or shape.
    virtual void tree_damage(const Region& damage) = 0;
    virtual void tree_changed() = 0;

    // Where the window geometry's top-left is in the layout, if mapped.
    virtual bool mapped() const = 0;
    virtual std::pair<int32_t, int32_t> geometry_origin() const = 0;
};

} // namespace shoji
