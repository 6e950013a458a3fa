// zwlr_output_manager_v1 (wlr-output-management-unstable-v1.xml, version 2):
// the outputs for tools that read and change the layout (wlr-randr, kanshi).
// Each bound manager gets a zwlr_output_head_v1 per output (OutputHead),
// kept up to date whenever the server says the outputs changed, then a done
// event with the new serial. Configurations (OutputConfiguration) are
// applied through Server::configure_output, the path `shoji ctl output set`
// takes.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

namespace shoji {

class OutputHead;
class Server;
class Output;

class OutputManager {
public:
    static constexpr uint32_t kVersion = 2;
    // Managers one client may have bound at once; past it a bind is
    // answered with finished at once and lists nothing. Each holds a head
    // per output (at most kMaxOutputs); wlr-randr and kanshi bind one.
    static constexpr size_t kMaxPerClient = 4;

    OutputManager(wl_display* display, Server& server);
    ~OutputManager();
    OutputManager(const OutputManager&) = delete;
    OutputManager& operator=(const OutputManager&) = delete;

    Server& server() const { return server_; }
    // The serial of the state last sent (manager.done).
    uint32_t serial() const { return serial_; }

    // Outputs came, went or changed: heads are finished, made or updated
    // on every bound manager, then a done event with a new serial.
    void outputs_changed();

    // The heads a bound manager has (live ones; finished heads are gone).
    const std::vector<OutputHead*>& heads_of(wl_resource* manager) const;

    // Called by the resources.
    void bind(wl_client* client, uint32_t version, uint32_t id);
    void handle_stop(wl_resource* manager);
    void manager_destroyed(wl_resource* manager);
    void head_destroyed(OutputHead* head);

private:
    struct Binding {
        wl_resource* manager;
        std::vector<OutputHead*> heads;
    };
    Binding* find(wl_resource* manager);
    // Heads for outputs `b` lacks, finished heads for outputs gone, and
    // every head's state; then done.
    void sync(Binding& b);

    Server& server_;
    wl_global* global_;
    std::vector<Binding> bindings_;
    uint32_t serial_ = 1;
};

} // namespace shoji
