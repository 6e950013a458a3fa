// zwlr_output_configuration_v1: a new state for every head of one bound
// output manager, tested or applied whole. Validate, then apply: every head
// must be named once (enabled with its OutputConfigurationHead, or disabled),
// each change is checked (size a whole number of logical pixels at the
// scale, a scale from 1 to 8, fractional ones to the nearest 1/120, the
// normal transform), and only then is each output changed through
// Server::configure_output. Answers: succeeded, failed (nothing changed;
// also for what Shoji cannot do: disabling an output, a scale above 8,
// a transform), or cancelled (the heads changed since the serial).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class OutputHead;
class OutputManager;
class OutputConfigurationHead;

class OutputConfiguration {
public:
    // `owner` is null if the manager was stopped or is gone (then apply and
    // test answer cancelled).
    static OutputConfiguration* create(OutputManager* owner, wl_resource* manager, uint32_t id, uint32_t serial);
    static OutputConfiguration* from(wl_resource* resource);
    ~OutputConfiguration();

    void handle_enable_head(uint32_t id, wl_resource* head);
    void handle_disable_head(wl_resource* head);
    void handle_apply(bool test);

    void config_head_destroyed(OutputConfigurationHead* head);

private:
    OutputConfiguration(OutputManager* owner, wl_resource* resource, wl_resource* manager, uint32_t serial)
        : owner_(owner), resource_(resource), manager_(manager), serial_(serial) {
        manager_gone_.connect_destroy(manager);
    }
    // Whether `head` is named already; if so, the already_configured_head error.
    bool named_twice(wl_resource* head);
    // Empty if the configuration can be applied, else why not.
    std::string problem() const;
    void apply();

    struct Named {
        wl_resource* head_resource; // null once the resource is gone
        OutputConfigurationHead* settings; // null: disabled (or its object is gone)
        std::unique_ptr<Listener> head_gone;
        // The head, null once finished (or its resource gone).
        OutputHead* head() const;
    };
    // Names a head (once): `settings` null for disable_head.
    void name(wl_resource* head_resource, OutputConfigurationHead* settings);

    OutputManager* owner_;
    wl_resource* resource_;
    wl_resource* manager_;
    uint32_t serial_;
    bool used_ = false;
    std::vector<Named> named_;
    // A configuration outlives its manager object: then it is cancelled.
    Listener manager_gone_{[this](void*) { manager_ = nullptr; }};
};

} // namespace shoji
