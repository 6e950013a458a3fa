// Server: one Shoji compositor, from wl_display to outputs.
//
// Owns the display, the wl_shm global (libwayland's), the protocol globals
// Shoji implements, and the wlroots backend, renderer, allocator and outputs.
// Tests create many Servers in one process; nothing here is global state.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <functional>
#include <vector>

#include "output/idle_watch.hpp"
#include "output/layout_snapshot.hpp"
#include "output/output.hpp"
#include "scene/scene.hpp"
#include "shell/decoration_mode.hpp"
#include "util/listener.hpp"
#include "util/pixman_image.hpp"
#include "util/unique_c.hpp"
#include "wlr.hpp"

namespace shoji {

class BufferCopies;
class ClientReaper;
class DataDeviceManager;
class PrimarySelectionManager;
class DataControlManager;
class InputMethodManager;
class TextInputManager;
class ForeignToplevelManager;
class IdleInhibitManager;
class KdeServerDecorationManager;
class PointerGestures;
class Viewporter;
class FractionalScaleManager;
class Presentation;
class SinglePixelBufferManager;
class ShortcutsInhibitManager;
class InputDevices;
class LayerShell;
class SessionLockManager;
class ListeningSocket;
class OutputManager;
class PointerConstraints;
class RelativePointerManager;
class Seat;
class ShmRequestChecks;
class VirtualKeyboardManager;
class VirtualPointerManager;
class WlCompositor;
class WlSubcompositor;
class XdgActivation;
class XdgDecorationManager;
class XdgShell;
class XdgShellV6;
class WlShell;

enum class Backend { Headless, Wayland, X11, Auto };

struct ServerConfig {
    Backend backend = Backend::Headless;
    OutputConfig output;
    // --output specs, first to last (headless only); empty: one output as
    // `output` says.
    std::vector<OutputConfig> outputs;
    // xdg-shell: a buffer committed before the first ack_configure is an
    // unconfigured_buffer error. Only the WLCS integration turns this off:
    // wlcs 1.5.0's xdg helpers commit a buffer before acking, or even in the
    // initial commit (fixed in later wlcs); off, such a buffer just maps.
    bool strict_unconfigured_buffer = true;
    // Who draws window decorations (`--decorations`), as both decoration
    // protocols answer.
    DecorationMode decorations = DecorationMode::Client;
    // zwlr_data_control_manager_v1 is served (`--no-data-control` turns it
    // off): any client may read and set both selections through it
    // (docs/testing-clients.md, "Data control").
    bool data_control = true;
};

class Server {
public:
    // Throws std::runtime_error if the backend or renderer cannot start.
    explicit Server(const ServerConfig& config);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    wl_display* display() const { return display_.get(); }
    wl_event_loop* event_loop() const { return wl_display_get_event_loop(display_.get()); }
    Scene& scene() { return scene_; }
    XdgShell& xdg_shell() { return *xdg_shell_; }
    LayerShell& layer_shell() { return *layer_shell_; }
    SessionLockManager& session_lock() { return *session_lock_; }
    Seat& seat() { return *seat_; }
    XdgActivation& activation() { return *activation_; }
    const IdleInhibitManager& idle_inhibitors() const { return *idle_inhibitors_; }
    DataDeviceManager& data_devices() { return *data_devices_; }
    const ClientReaper& reaper() const { return *reaper_; }
    // "No surface has committed for MS and every commit has been shown".
    IdleWatch& idle() { return *idle_; }
    const ShmRequestChecks& shm_checks() const { return *shm_checks_; }
    const BufferCopies& buffer_copies() const { return *buffer_copies_; }

    const std::vector<std::unique_ptr<Output>>& outputs() const { return outputs_; }
    Output* output(size_t i = 0) const { return i < outputs_.size() ? outputs_[i].get() : nullptr; }

    // Listens on a socket in $XDG_RUNTIME_DIR: `name`, or the first free
    // wayland-N if empty. Returns the name; throws if it cannot. Shoji
    // accepts connections itself (ListeningSocket).
    std::string add_socket(const std::string& name);
    const std::vector<std::unique_ptr<ListeningSocket>>& sockets() const { return sockets_; }

    // One turn of the event loop: flush clients, then wait up to timeout_ms
    // (-1: forever) for events and dispatch them.
    void dispatch(int timeout_ms);

    // The scene composited offscreen, full frame, at the first output's size:
    // the same pixels the output shows once all damage is repainted.
    PixmanImage render_scene() const;
    // What the outputs show now (each its last frame if nothing changed
    // since, else the scene as it will be shown): the whole layout, or only
    // `only`. See snapshot_outputs.
    LayoutSnapshot capture(const Output* only = nullptr) const;
    PixmanImage snapshot() const { return capture().image; }

    // Outputs at run time (`shoji ctl output`, zwlr_output_manager_v1); in
    // server_outputs.cpp. Each returns null/false and sets `error` (naming
    // the output and the value) if it cannot.
    Output* find_output(const std::string& name) const;
    // Headless only: a new output as the spec says (default position: right
    // of the last output), at most kMaxOutputs.
    Output* add_output(const OutputConfig& config, std::string* error);
    // wlr_output_destroy; never the last output. Windows it showed move to
    // a remaining one.
    bool remove_output(Output& output, std::string* error);
    struct OutputChange {
        std::optional<int32_t> width, height;
        std::optional<int32_t> scale120;   // in 120ths (util/scale.hpp)
        std::optional<int32_t> x, y;       // both or neither
        std::optional<int32_t> refresh_hz; // 1 to kMaxOutputRefreshHz (last: {w, h, scale, x, y} initialisers stay)
    };
    // Validate, then apply: mode, refresh and scale committed (the refresh
    // paces the output's frames from the next one), position in the layout;
    // what it covered and covers is repainted, windows follow.
    bool configure_output(Output& output, const OutputChange& change, std::string* error);
    // Told after any of those changed the outputs (the output manager sends
    // its heads' new state).
    std::function<void()> on_outputs_changed;

    // The scale wp_fractional_scale_v1 prefers for a wl_surface resource,
    // in 120ths: the highest scale of the outputs it is on, or the first
    // output's when it is on none.
    int32_t preferred_scale120(wl_resource* surface) const;

private:
    void handle_new_output(wlr_output* output);
    // After outputs were added, removed or changed: repaint, windows follow
    // (a window left on no output moves to the first one).
    void outputs_changed();

    ServerConfig config_;
    // Every member owns what it holds, so a constructor that throws half-way
    // frees what it made, in reverse order of these declarations: the order
    // is one in which each thing goes before what it uses. ~Server tears down
    // in its own order (clients first).
    UniqueC<wl_display, wl_display_destroy> display_;
    // The shm path's guards, and client bookkeeping.
    std::unique_ptr<ShmRequestChecks> shm_checks_;
    std::unique_ptr<ClientReaper> reaper_;
    std::unique_ptr<IdleWatch> idle_;
    Scene scene_;
    // The protocol globals, all beside the scene.
    std::unique_ptr<BufferCopies> buffer_copies_;
    std::unique_ptr<WlCompositor> compositor_;
    std::unique_ptr<WlSubcompositor> subcompositor_;
    std::unique_ptr<XdgShell> xdg_shell_;
    // The deprecated shells, served through XdgShell (conformance, old clients).
    std::unique_ptr<XdgShellV6> xdg_shell_v6_;
    std::unique_ptr<WlShell> wl_shell_;
    std::unique_ptr<LayerShell> layer_shell_;
    std::unique_ptr<Seat> seat_;
    std::unique_ptr<DataDeviceManager> data_devices_;
    std::unique_ptr<PrimarySelectionManager> primary_selection_;
    std::unique_ptr<InputMethodManager> input_methods_;
    std::unique_ptr<TextInputManager> text_inputs_;
    std::unique_ptr<SessionLockManager> session_lock_;
    std::unique_ptr<DataControlManager> data_control_;
    std::unique_ptr<VirtualPointerManager> virtual_pointers_;
    std::unique_ptr<VirtualKeyboardManager> virtual_keyboards_;
    std::unique_ptr<ForeignToplevelManager> foreign_toplevels_;
    std::unique_ptr<PointerConstraints> pointer_constraints_;
    std::unique_ptr<RelativePointerManager> relative_pointers_;

    // wlroots: outputs and input devices go before the backend, the backend
    // before what it renders with.
    UniqueC<wlr_renderer, wlr_renderer_destroy> renderer_;
    UniqueC<wlr_allocator, wlr_allocator_destroy> allocator_;
    UniqueC<wlr_output_layout, wlr_output_layout_destroy> layout_;
    std::vector<std::unique_ptr<Output>> outputs_;
    // The spec of the output wlr_headless_add_output is making (its
    // new_output comes at once); null: config_.output.
    const OutputConfig* adding_ = nullptr;
    UniqueC<wlr_backend, wlr_backend_destroy> backend_;
    std::unique_ptr<InputDevices> input_devices_;
    std::unique_ptr<XdgDecorationManager> xdg_decorations_;
    std::unique_ptr<KdeServerDecorationManager> kde_decorations_;
    std::unique_ptr<XdgActivation> activation_;
    std::unique_ptr<IdleInhibitManager> idle_inhibitors_;
    std::unique_ptr<ShortcutsInhibitManager> shortcuts_inhibitors_;
    std::unique_ptr<PointerGestures> pointer_gestures_;
    std::unique_ptr<Viewporter> viewporter_;
    std::unique_ptr<FractionalScaleManager> fractional_scales_;
    std::unique_ptr<Presentation> presentation_;
    std::unique_ptr<SinglePixelBufferManager> single_pixel_buffers_;
    std::unique_ptr<OutputManager> output_manager_;
    Listener new_output_{[this](void* data) { handle_new_output(static_cast<wlr_output*>(data)); }};
    Listener lock_changed_; // the session locked or unlocked: grabs end
    std::vector<std::unique_ptr<ListeningSocket>> sockets_;
};

} // namespace shoji
