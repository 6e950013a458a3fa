#include "output/zwlr_output_configuration_head_v1.hpp"

#include "output/zwlr_output_configuration_v1.hpp"
#include "output/zwlr_output_head_v1.hpp"
#include "output/zwlr_output_mode_v1.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "wlr-output-management-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
OutputConfigurationHead* self(wl_resource* r) { return OutputConfigurationHead::from(r); }

const struct zwlr_output_configuration_head_v1_interface config_head_impl = {
    /* set_mode */ [](wl_client*, wl_resource* r, wl_resource* mode) { self(r)->handle_set_mode(mode); },
    /* set_custom_mode */
    [](wl_client*, wl_resource* r, int32_t w, int32_t h, int32_t refresh) { self(r)->handle_set_custom_mode(w, h, refresh); },
    /* set_position */ [](wl_client*, wl_resource* r, int32_t x, int32_t y) { self(r)->handle_set_position(x, y); },
    /* set_transform */ [](wl_client*, wl_resource* r, int32_t t) { self(r)->handle_set_transform(t); },
    /* set_scale */ [](wl_client*, wl_resource* r, wl_fixed_t s) { self(r)->handle_set_scale(s); },
};

void destroy_resource(wl_resource* r) { delete OutputConfigurationHead::from(r); }
} // namespace

OutputConfigurationHead* OutputConfigurationHead::create(OutputConfiguration& config, wl_resource* config_resource,
                                                         uint32_t id, OutputHead& head) {
    wl_resource* r = create_resource(config_resource, &zwlr_output_configuration_head_v1_interface,
                                     wl_resource_get_version(config_resource), id, &config_head_impl, nullptr,
                                     destroy_resource);
    if (!r) return nullptr;
    auto* h = new OutputConfigurationHead(config, r, head);
    wl_resource_set_user_data(r, h);
    return h;
}

OutputConfigurationHead::OutputConfigurationHead(OutputConfiguration& config, wl_resource* resource, OutputHead& head)
    : config_(&config), resource_(resource), head_resource_(head.resource()) {
    head_gone_.connect_destroy(head_resource_);
}

OutputHead* OutputConfigurationHead::head() const {
    return head_resource_ ? OutputHead::from(head_resource_) : nullptr;
}

OutputConfigurationHead* OutputConfigurationHead::from(wl_resource* resource) {
    return static_cast<OutputConfigurationHead*>(wl_resource_get_user_data(resource));
}

OutputConfigurationHead::~OutputConfigurationHead() {
    if (config_) config_->config_head_destroyed(this);
}

bool OutputConfigurationHead::already_set(bool set, const char* what) {
    if (!set) return false;
    post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_ALREADY_SET,
                        "the %s of this head was already set in this configuration", what);
    return true;
}

void OutputConfigurationHead::handle_set_mode(wl_resource* mode_resource) {
    if (already_set(width.has_value(), "mode")) return;
    OutputMode* mode = OutputMode::from(mode_resource);
    // A mode finished since the client chose it (or its head gone): the
    // state changed under the client, so the configuration is cancelled.
    if (!mode || !head()) {
        stale = true;
        width = 0;
        height = 0;
        return;
    }
    // wlr-output-management: "mode doesn't belong to head" is invalid_mode.
    if (mode->head() != head()) {
        post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_INVALID_MODE,
                            "zwlr_output_mode_v1@%u is not a mode of this head", wl_resource_get_id(mode_resource));
        return;
    }
    width = mode->width();
    height = mode->height();
}

void OutputConfigurationHead::handle_set_custom_mode(int32_t w, int32_t h, int32_t refresh) {
    if (already_set(width.has_value(), "mode")) return;
    if (w <= 0 || h <= 0 || refresh < 0) {
        post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_INVALID_CUSTOM_MODE,
                            "custom mode %dx%d at %d mHz: the size must be positive and the refresh 0 or more", w, h,
                            refresh);
        return;
    }
    // wlr-output-management: "refresh ... zero means ... the compositor picks":
    // 0 keeps the output's rate; another is checked when applied.
    width = w;
    height = h;
    if (refresh > 0) refresh_mhz = refresh;
}

void OutputConfigurationHead::handle_set_position(int32_t px, int32_t py) {
    if (already_set(x.has_value(), "position")) return;
    x = px;
    y = py;
}

void OutputConfigurationHead::handle_set_transform(int32_t t) {
    if (already_set(transform.has_value(), "transform")) return;
    if (t < WL_OUTPUT_TRANSFORM_NORMAL || t > WL_OUTPUT_TRANSFORM_FLIPPED_270) {
        post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_INVALID_TRANSFORM,
                            "transform %d is not a wl_output.transform (0 to 7)", t);
        return;
    }
    transform = t;
}

void OutputConfigurationHead::handle_set_scale(wl_fixed_t s) {
    if (already_set(scale.has_value(), "scale")) return;
    if (s <= 0) {
        post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_INVALID_SCALE,
                            "scale %.4f is not positive", wl_fixed_to_double(s));
        return;
    }
    scale = s;
}

} // namespace shoji
