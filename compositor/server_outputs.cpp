// Server: outputs added, removed and changed at run time (`shoji ctl
// output`, zwlr_output_manager_v1), and screenshots of the layout.
#include "server.hpp"

#include <algorithm>

#include "output/output_spec.hpp"
#include "shell/zwlr_foreign_toplevel_manager_v1.hpp"
#include "surface/wp_fractional_scale_manager_v1.hpp"

namespace shoji {

Output* Server::find_output(const std::string& name) const {
    for (const auto& o : outputs_)
        if (o->wlr()->name && name == o->wlr()->name) return o.get();
    return nullptr;
}

Output* Server::add_output(const OutputConfig& config, std::string* error) {
    if (!wlr_backend_is_headless(backend_.get())) {
        *error = "outputs can be added on the headless backend only";
        return nullptr;
    }
    if (outputs_.size() >= kMaxOutputs) {
        *error = "there are " + std::to_string(outputs_.size()) + " outputs already: at most " +
                 std::to_string(kMaxOutputs);
        return nullptr;
    }
    if (!config.name.empty() && find_output(config.name)) {
        *error = "there is an output named '" + config.name + "' already";
        return nullptr;
    }
    if (!check_size_and_scale(config.width, config.height, config.scale120, error)) return nullptr;
    const size_t before = outputs_.size();
    adding_ = &config;
    wlr_headless_add_output(backend_.get(), unsigned(config.width), unsigned(config.height));
    adding_ = nullptr;
    if (outputs_.size() == before) {
        *error = "cannot start an output of " + std::to_string(config.width) + "x" + std::to_string(config.height);
        return nullptr;
    }
    Output* added = outputs_.back().get();
    outputs_changed();
    return added;
}

bool Server::remove_output(Output& output, std::string* error) {
    if (outputs_.size() <= 1) {
        *error = std::string("cannot remove ") + output.wlr()->name + ": it is the last output";
        return false;
    }
    // Surfaces leave it while its wl_output objects still work (wlroots
    // makes them inert before the destroy signal). That signal runs
    // Output::on_destroy (server.cpp): it leaves the list, windows move.
    output.leave_all();
    wlr_output_destroy(output.wlr());
    return true;
}

bool Server::configure_output(Output& output, const OutputChange& change, std::string* error) {
    const std::string name = output.wlr()->name;
    const int32_t width = change.width.value_or(output.wlr()->width);
    const int32_t height = change.height.value_or(output.wlr()->height);
    const int32_t scale = change.scale120.value_or(output.scale120());
    const int32_t refresh = change.refresh_hz.value_or(output.config().refresh_hz);
    if (!check_size_and_scale(width, height, scale, error)) {
        *error = name + ": " + *error;
        return false;
    }
    if (refresh < 1 || refresh > kMaxOutputRefreshHz) {
        *error = name + ": refresh " + std::to_string(refresh) + " Hz is not from 1 to " +
                 std::to_string(kMaxOutputRefreshHz);
        return false;
    }
    const Box before = output.layout_box();
    const bool moves = change.x && change.y && (*change.x != before.x || *change.y != before.y);
    const bool resizes = width != output.wlr()->width || height != output.wlr()->height || scale != output.scale120() ||
                         refresh != output.config().refresh_hz;
    if (!moves && !resizes) return true; // nothing to tell anyone
    if (resizes) {
        if (!output.reconfigure(width, height, scale, refresh)) {
            *error = name + ": the backend refused " + std::to_string(width) + "x" + std::to_string(height) +
                     " at scale " + format_scale(scale);
            return false;
        }
    }
    if (moves) wlr_output_layout_add(layout_.get(), output.wlr(), *change.x, *change.y);
    // What it showed may now be on no output, or another one.
    scene_.add_damage(before);
    outputs_changed();
    return true;
}

void Server::outputs_changed() {
    if (!backend_) return; // ~Server: the outputs go with the backend
    for (const auto& o : outputs_) o->damage_whole();
    scene_.output_resized(); // maximized windows resize, lost ones move
    if (foreign_toplevels_) foreign_toplevels_->outputs_changed();
    if (fractional_scales_) fractional_scales_->update(); // a surface's outputs may be gone
    if (on_outputs_changed) on_outputs_changed();
}

LayoutSnapshot Server::capture(const Output* only) const {
    std::vector<const Output*> which;
    if (only) which.push_back(only);
    else
        for (const auto& o : outputs_) which.push_back(o.get());
    return snapshot_outputs(which, scene_.views());
}

} // namespace shoji
