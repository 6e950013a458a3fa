// zwlr_output_configuration_head_v1: what changes on one enabled head of a
// configuration. Each property may be set once (already_set); the values
// the spec forbids are its errors (invalid_mode, invalid_custom_mode,
// invalid_transform, invalid_scale), naming them. What is allowed but Shoji
// cannot do (a scale above 8 or below 1, a rotated transform) fails the
// configuration when applied, not the client.
#pragma once

#include <cstdint>
#include <optional>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class OutputConfiguration;
class OutputHead;

class OutputConfigurationHead {
public:
    static OutputConfigurationHead* create(OutputConfiguration& config, wl_resource* config_resource, uint32_t id,
                                           OutputHead& head);
    static OutputConfigurationHead* from(wl_resource* resource);
    ~OutputConfigurationHead();

    void handle_set_mode(wl_resource* mode);
    void handle_set_custom_mode(int32_t width, int32_t height, int32_t refresh);
    void handle_set_position(int32_t x, int32_t y);
    void handle_set_transform(int32_t transform);
    void handle_set_scale(wl_fixed_t scale);

    void config_gone() { config_ = nullptr; }

    // What was set (nothing: unchanged).
    std::optional<int32_t> width, height; // mode, in pixels
    std::optional<int32_t> refresh_mhz;   // a custom mode's, if not 0
    std::optional<int32_t> x, y;
    std::optional<int32_t> transform;
    std::optional<wl_fixed_t> scale;
    // Named a finished mode: the configuration is cancelled.
    bool stale = false;

private:
    OutputConfigurationHead(OutputConfiguration& config, wl_resource* resource, OutputHead& head);
    // The already_set error if `set`, naming the property.
    bool already_set(bool set, const char* what);

    OutputConfiguration* config_;
    wl_resource* resource_;
    // The head (for set_mode's check), through its resource: null once the
    // head is finished or the resource gone.
    OutputHead* head() const;
    wl_resource* head_resource_;
    Listener head_gone_{[this](void*) { head_resource_ = nullptr; }};
};

} // namespace shoji
