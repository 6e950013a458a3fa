#include "output/zwlr_output_configuration_v1.hpp"

#include <algorithm>

#include "output/output_spec.hpp"
#include "output/zwlr_output_configuration_head_v1.hpp"
#include "output/zwlr_output_head_v1.hpp"
#include "output/zwlr_output_manager_v1.hpp"
#include "server.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "wlr-output-management-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
OutputConfiguration* self(wl_resource* r) { return OutputConfiguration::from(r); }

const struct zwlr_output_configuration_v1_interface config_impl = {
    /* enable_head */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* head) { self(r)->handle_enable_head(id, head); },
    /* disable_head */ [](wl_client*, wl_resource* r, wl_resource* head) { self(r)->handle_disable_head(head); },
    /* apply */ [](wl_client*, wl_resource* r) { self(r)->handle_apply(false); },
    /* test */ [](wl_client*, wl_resource* r) { self(r)->handle_apply(true); },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void destroy_resource(wl_resource* r) { delete OutputConfiguration::from(r); }
} // namespace

OutputConfiguration* OutputConfiguration::create(OutputManager* owner, wl_resource* manager, uint32_t id,
                                                 uint32_t serial) {
    wl_resource* r = create_resource(manager, &zwlr_output_configuration_v1_interface, wl_resource_get_version(manager),
                                     id, &config_impl, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* c = new OutputConfiguration(owner, r, manager, serial);
    wl_resource_set_user_data(r, c);
    return c;
}

OutputConfiguration* OutputConfiguration::from(wl_resource* resource) {
    return static_cast<OutputConfiguration*>(wl_resource_get_user_data(resource));
}

OutputConfiguration::~OutputConfiguration() {
    for (Named& n : named_)
        if (n.settings) n.settings->config_gone();
}

void OutputConfiguration::config_head_destroyed(OutputConfigurationHead* head) {
    for (Named& n : named_)
        if (n.settings == head) n.settings = nullptr;
}

OutputHead* OutputConfiguration::Named::head() const {
    return head_resource ? OutputHead::from(head_resource) : nullptr;
}

bool OutputConfiguration::named_twice(wl_resource* head) {
    const bool twice = std::any_of(named_.begin(), named_.end(), [head](const Named& n) { return n.head_resource == head; });
    if (twice)
        post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_V1_ERROR_ALREADY_CONFIGURED_HEAD,
                            "zwlr_output_head_v1@%u is already enabled or disabled in this configuration",
                            wl_resource_get_id(head));
    return twice;
}

void OutputConfiguration::name(wl_resource* head_resource, OutputConfigurationHead* settings) {
    named_.push_back(Named{head_resource, settings, std::make_unique<Listener>()});
    Named& added = named_.back();
    added.head_gone->set_callback([this, head_resource](void*) {
        for (Named& n : named_)
            if (n.head_resource == head_resource) n.head_resource = nullptr;
    });
    added.head_gone->connect_destroy(head_resource);
}

void OutputConfiguration::handle_enable_head(uint32_t id, wl_resource* head_resource) {
    if (used_) {
        post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_V1_ERROR_ALREADY_USED,
                            "enable_head after this configuration was applied or tested");
        return;
    }
    if (named_twice(head_resource)) return;
    OutputHead* head = OutputHead::from(head_resource);
    // A finished head: the configuration is cancelled when applied. Its new
    // object is still made (the id is the client's), inert.
    if (!head) {
        if (create_resource(resource_, &zwlr_output_configuration_head_v1_interface, wl_resource_get_version(resource_),
                            id, nullptr, nullptr, nullptr))
            name(head_resource, nullptr);
        return;
    }
    if (OutputConfigurationHead* settings = OutputConfigurationHead::create(*this, resource_, id, *head))
        name(head_resource, settings);
}

void OutputConfiguration::handle_disable_head(wl_resource* head_resource) {
    if (used_) {
        post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_V1_ERROR_ALREADY_USED,
                            "disable_head after this configuration was applied or tested");
        return;
    }
    if (named_twice(head_resource)) return;
    name(head_resource, nullptr);
}

std::string OutputConfiguration::problem() const {
    Server& server = owner_->server();
    for (const Named& n : named_) {
        const OutputHead* head = n.head();
        const std::string name = head && head->output() ? head->output()->name : "?";
        if (!n.settings) return "output " + name + " cannot be disabled (shoji ctl output remove unplugs it)";
        const OutputConfigurationHead& s = *n.settings;
        const Output* out = server.find_output(name);
        if (!out) return "output " + name + " is gone";
        if (s.transform && *s.transform != WL_OUTPUT_TRANSFORM_NORMAL)
            return "output " + name + ": transform " + std::to_string(*s.transform) + " is not supported (only normal)";
        int32_t scale = out->scale120();
        if (s.scale && !scale120_from_double(wl_fixed_to_double(*s.scale), &scale))
            return "output " + name + ": scale " + std::to_string(wl_fixed_to_double(*s.scale)) +
                   " is not from 1 to " + std::to_string(kMaxOutputScale);
        if (s.refresh_mhz && (*s.refresh_mhz < 500 || *s.refresh_mhz >= kMaxOutputRefreshHz * 1000 + 500))
            return "output " + name + ": refresh " + std::to_string(*s.refresh_mhz) + " mHz is not from 1 to " +
                   std::to_string(kMaxOutputRefreshHz) + " Hz";
        const int32_t w = s.width.value_or(out->wlr()->width), h = s.height.value_or(out->wlr()->height);
        if (w > kMaxOutputSide || h > kMaxOutputSide)
            return "output " + name + ": mode " + std::to_string(w) + "x" + std::to_string(h) + " is larger than " +
                   std::to_string(kMaxOutputSide) + " pixels a side";
        std::string error;
        if (!check_size_and_scale(w, h, scale, &error)) return "output " + name + ": " + error;
        if (s.x && (*s.x < -kMaxOutputPosition || *s.x > kMaxOutputPosition || *s.y < -kMaxOutputPosition ||
                    *s.y > kMaxOutputPosition))
            return "output " + name + ": position " + std::to_string(*s.x) + "," + std::to_string(*s.y) +
                   " is out of range";
    }
    return "";
}

void OutputConfiguration::apply() {
    Server& server = owner_->server();
    // Each change is applied as `shoji ctl output set` applies it; every one
    // was checked first, so none is refused half-way (the backend could
    // still refuse a mode: then the rest is not applied).
    std::vector<std::pair<Output*, Server::OutputChange>> changes;
    for (const Named& n : named_) {
        const OutputConfigurationHead& s = *n.settings;
        Server::OutputChange change;
        change.width = s.width;
        change.height = s.height;
        // Shoji's outputs run at whole Hz: the nearest one.
        if (s.refresh_mhz) change.refresh_hz = (*s.refresh_mhz + 500) / 1000;
        // As problem() checked it: to the nearest 1/120 (wlr-randr's 1.25
        // arrives as 320/256, exact; 1.2 as 307/256, which rounds back to 144/120).
        if (s.scale) {
            int32_t scale120 = kScaleUnit;
            scale120_from_double(wl_fixed_to_double(*s.scale), &scale120);
            change.scale120 = scale120;
        }
        change.x = s.x;
        change.y = s.y;
        changes.emplace_back(server.find_output(n.head()->output()->name), change);
    }
    // The heads' new state (and done) goes out as each change is made;
    // succeeded follows.
    for (auto& [output, change] : changes) {
        std::string error;
        if (!server.configure_output(*output, change, &error)) {
            wlr_log(WLR_INFO, "output configuration stopped: %s", error.c_str());
            zwlr_output_configuration_v1_send_failed(resource_);
            return;
        }
    }
    zwlr_output_configuration_v1_send_succeeded(resource_);
}

void OutputConfiguration::handle_apply(bool test) {
    if (used_) {
        post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_V1_ERROR_ALREADY_USED,
                            "%s after this configuration was already applied or tested", test ? "test" : "apply");
        return;
    }
    used_ = true;
    // A stopped manager, heads that changed since the serial, or a finished
    // head or mode named: cancelled.
    const bool stale = std::any_of(named_.begin(), named_.end(), [](const Named& n) {
        return !n.head() || (n.settings && n.settings->stale);
    });
    if (!owner_ || !manager_ || serial_ != owner_->serial() || stale) {
        zwlr_output_configuration_v1_send_cancelled(resource_);
        return;
    }
    // wlr-output-management: every head must be enabled or disabled, else
    // unconfigured_head.
    for (OutputHead* head : owner_->heads_of(manager_)) {
        const bool named =
            std::any_of(named_.begin(), named_.end(), [head](const Named& n) { return n.head() == head; });
        if (!named) {
            post_protocol_error(resource_, ZWLR_OUTPUT_CONFIGURATION_V1_ERROR_UNCONFIGURED_HEAD,
                                "zwlr_output_head_v1@%u (%s) is neither enabled nor disabled in this configuration",
                                wl_resource_get_id(head->resource()), head->output() ? head->output()->name : "?");
            return;
        }
    }
    const std::string why = problem();
    if (!why.empty()) {
        wlr_log(WLR_INFO, "output configuration refused: %s", why.c_str());
        zwlr_output_configuration_v1_send_failed(resource_);
        return;
    }
    if (test) {
        zwlr_output_configuration_v1_send_succeeded(resource_);
        return;
    }
    apply();
}

} // namespace shoji
