// The output verbs of the Controller (`shoji ctl output ...`): the same
// Server calls the output manager (zwlr_output_manager_v1) makes.
#include "control/outputs.hpp"

#include "control/controller.hpp"
#include "output/output_spec.hpp"
#include "server.hpp"

namespace shoji {

std::vector<OutputInfo> describe_outputs(const Server& server) {
    std::vector<OutputInfo> out;
    for (const auto& o : server.outputs()) {
        const Box box = o->layout_box();
        OutputInfo info;
        info.name = o->wlr()->name ? o->wlr()->name : "";
        info.x = box.x;
        info.y = box.y;
        info.width = box.width;
        info.height = box.height;
        info.pixel_width = o->wlr()->width;
        info.pixel_height = o->wlr()->height;
        info.refresh_hz = o->wlr()->refresh > 0 ? int32_t((o->wlr()->refresh + 500) / 1000) : o->config().refresh_hz;
        info.scale120 = o->scale120();
        out.push_back(info);
    }
    return out;
}

std::vector<OutputInfo> Controller::outputs() const { return describe_outputs(server_); }

Controller::Status Controller::output_add(const std::string& spec, std::string* name) {
    std::string error;
    const std::optional<OutputConfig> config = parse_output_spec(spec, &error);
    if (!config) return Status::fail("invalid output spec '" + spec + "': " + error);
    Output* added = server_.add_output(*config, &error);
    if (!added) return Status::fail(error);
    *name = added->wlr()->name;
    flush();
    return {};
}

Controller::Status Controller::output_remove(const std::string& name) {
    Output* output = server_.find_output(name);
    if (!output) return Status::fail("no output '" + name + "'");
    std::string error;
    if (!server_.remove_output(*output, &error)) return Status::fail(error);
    flush();
    return {};
}

Controller::Status Controller::output_set(const std::string& name, const OutputSettings& settings) {
    Output* output = server_.find_output(name);
    if (!output) return Status::fail("no output '" + name + "'");
    Server::OutputChange change;
    change.width = settings.width;
    change.height = settings.height;
    change.scale120 = settings.scale120;
    change.refresh_hz = settings.refresh_hz;
    change.x = settings.x;
    change.y = settings.y;
    std::string error;
    if (!server_.configure_output(*output, change, &error)) return Status::fail(error);
    flush();
    return {};
}

} // namespace shoji
