#include "server.hpp"

#include <algorithm>
#include <cstdlib>

#include "client_reaper.hpp"
#include "listening_socket.hpp"
#include "render/scene_renderer.hpp"
#include "seat/data_device.hpp"
#include "seat/input_devices.hpp"
#include "seat/zwp_keyboard_shortcuts_inhibit_manager_v1.hpp"
#include "seat/zwp_pointer_gestures_v1.hpp"
#include "seat/wl_seat.hpp"
#include "seat/zwp_input_method_manager_v2.hpp"
#include "seat/zwp_primary_selection_device_manager_v1.hpp"
#include "seat/zwlr_data_control_manager_v1.hpp"
#include "seat/zwp_text_input_manager_v3.hpp"
#include "seat/zwlr_virtual_pointer_manager_v1.hpp"
#include "seat/zwp_pointer_constraints_v1.hpp"
#include "seat/zwp_relative_pointer_manager_v1.hpp"
#include "seat/zwp_virtual_keyboard_manager_v1.hpp"
#include "shell/org_kde_kwin_server_decoration_manager.hpp"
#include "shell/xdg_activation_v1.hpp"
#include "shell/wl_shell.hpp"
#include "shell/xdg_wm_base.hpp"
#include "shell/zxdg_shell_v6.hpp"
#include "shell/zxdg_decoration_manager_v1.hpp"
#include "shell/zwlr_foreign_toplevel_manager_v1.hpp"
#include "shell/ext_session_lock_manager_v1.hpp"
#include "shell/zwlr_layer_shell_v1.hpp"
#include "shm/buffer_copies.hpp"
#include "shm/shm_formats.hpp"
#include "shm/shm_request_checks.hpp"
#include "surface/wl_compositor.hpp"
#include "surface/wl_subcompositor.hpp"
#include "surface/wl_surface.hpp"
#include "output/wp_presentation.hpp"
#include "output/zwlr_output_manager_v1.hpp"
#include "surface/wp_single_pixel_buffer_manager_v1.hpp"
#include "surface/wp_fractional_scale_manager_v1.hpp"
#include "surface/wp_viewporter.hpp"
#include "surface/zwp_idle_inhibit_manager_v1.hpp"

namespace shoji {

namespace {
wlr_backend* create_backend(wl_display* display, Backend which) {
    if (which == Backend::Auto) {
        // A nested window if there is a host session, else headless. (We do
        // not use wlr_backend_autocreate: it would try DRM and a seat session.)
        const char* wl = std::getenv("WAYLAND_DISPLAY");
        const char* x = std::getenv("DISPLAY");
        which = (wl && *wl) ? Backend::Wayland : (x && *x) ? Backend::X11 : Backend::Headless;
    }
    switch (which) {
    case Backend::Wayland: return wlr_wl_backend_create(display, nullptr);
    case Backend::X11: return wlr_x11_backend_create(display, nullptr);
    default: return wlr_headless_backend_create(display);
    }
}
} // namespace

Server::Server(const ServerConfig& config) : config_(config) {
    // A hostile client's first target is the fd table: make all of it ours.
    raise_fd_limit();
    display_.reset(wl_display_create());
    if (!display_) throw std::runtime_error("cannot create a Wayland display");

    // wl_shm is libwayland's: ARGB8888 and XRGB8888 are always advertised,
    // the rest of our table is added (docs/design.md, “libwayland 1.21's wl_shm”). Never call
    // wlr_renderer_init_wl_display: it would create a second wl_shm global.
    if (wl_display_init_shm(display_.get()) != 0) throw std::runtime_error("cannot create wl_shm");
    for (const ShmFormat& f : shm_formats())
        if (f.wl_format != WL_SHM_FORMAT_ARGB8888 && f.wl_format != WL_SHM_FORMAT_XRGB8888)
            wl_display_add_shm_format(display_.get(), f.wl_format);
    shm_checks_ = std::make_unique<ShmRequestChecks>(display_.get());
    buffer_copies_ =
        std::make_unique<BufferCopies>(display_.get(), [this](const std::vector<const Surface*>& surfaces) {
            return scene_.parts_on_outputs(surfaces);
        });
    reaper_ = std::make_unique<ClientReaper>(display_.get());
    idle_ = std::make_unique<IdleWatch>(display_.get(), outputs_);

    compositor_ = std::make_unique<WlCompositor>(display_.get());
    subcompositor_ = std::make_unique<WlSubcompositor>(display_.get());
    xdg_shell_ = std::make_unique<XdgShell>(display_.get(), scene_);
    xdg_shell_->set_strict_unconfigured_buffer(config_.strict_unconfigured_buffer);
    // The deprecated shells' windows are XdgShell's (for WLCS and old clients).
    xdg_shell_v6_ = std::make_unique<XdgShellV6>(display_.get(), *xdg_shell_);
    wl_shell_ = std::make_unique<WlShell>(display_.get(), *xdg_shell_);
    // Panels, wallpapers, notifications and launchers (waybar, swaybg, mako).
    layer_shell_ = std::make_unique<LayerShell>(display_.get(), scene_, *xdg_shell_);
    seat_ = std::make_unique<Seat>(display_.get(), scene_);
    data_devices_ = std::make_unique<DataDeviceManager>(display_.get(), *seat_);
    // Input from clients (wtype, wlrctl) into the same seat, and the window
    // list for tools that read it (lswt, wlrctl, taskbars).
    virtual_pointers_ = std::make_unique<VirtualPointerManager>(display_.get(), *seat_);
    virtual_keyboards_ = std::make_unique<VirtualKeyboardManager>(display_.get(), *seat_);
    foreign_toplevels_ = std::make_unique<ForeignToplevelManager>(display_.get(), *xdg_shell_);
    // Pointer locks and confinement, and relative motion (games, 3D views).
    pointer_constraints_ = std::make_unique<PointerConstraints>(display_.get(), *seat_);
    relative_pointers_ = std::make_unique<RelativePointerManager>(display_.get(), *seat_);
    // What toolkits bind on desktops (issue 14): decorations first.
    xdg_decorations_ = std::make_unique<XdgDecorationManager>(display_.get(), config_.decorations);
    kde_decorations_ = std::make_unique<KdeServerDecorationManager>(display_.get(), config_.decorations);
    activation_ = std::make_unique<XdgActivation>(display_.get(), *seat_, *xdg_shell_);
    idle_inhibitors_ = std::make_unique<IdleInhibitManager>(display_.get());
    shortcuts_inhibitors_ = std::make_unique<ShortcutsInhibitManager>(display_.get(), *seat_);
    pointer_gestures_ = std::make_unique<PointerGestures>(display_.get(), *seat_);
    scene_.on_focus = [this](SceneNode* node) {
        Surface* surface = node ? node->main_surface() : nullptr;
        seat_->set_keyboard_focus(surface);
        shortcuts_inhibitors_->keyboard_focus_changed(seat_->keyboard_focus());
    };
    scene_.on_layout_change = [this] { seat_->refresh_pointer_focus(); };
    scene_.on_pointer_press = [this](SceneNode* node) { return xdg_shell_->pointer_pressed(node); };
    // The outputs are listed here only: the scene's damage and frame requests
    // go to each of them, and the scene's users see them through it.
    scene_.on_damage = [this] {
        const Region damage = scene_.take_damage();
        for (const auto& output : outputs_) output->add_layout_damage(damage);
    };
    scene_.on_frame_request = [this] {
        for (const auto& output : outputs_) output->schedule_frame_callbacks();
    };
    scene_.list_outputs = [this] {
        std::vector<OutputArea> areas;
        areas.reserve(outputs_.size());
        for (const auto& output : outputs_) areas.push_back({output->wlr(), output->layout_box()});
        return areas;
    };

    backend_.reset(create_backend(display_.get(), config_.backend));
    if (!backend_) throw std::runtime_error("cannot create the wlroots backend");
    renderer_.reset(wlr_pixman_renderer_create());
    if (!renderer_) throw std::runtime_error("cannot create the pixman renderer");
    allocator_.reset(wlr_allocator_autocreate(backend_.get(), renderer_.get()));
    if (!allocator_) throw std::runtime_error("cannot create a buffer allocator");
    layout_.reset(wlr_output_layout_create());
    // wlroots helpers that need no wlr_surface: output names and positions
    // for clients (zxdg_output_manager_v1) and output capture for tools such
    // as grim (zwlr_screencopy_manager_v1; it reads the client's shm buffer
    // inside wl_shm_buffer_begin/end_access). Both die with the display.
    wlr_xdg_output_manager_v1_create(display_.get(), layout_.get());
    wlr_screencopy_manager_v1_create(display_.get());

    new_output_.connect(&backend_->events.new_output);
    input_devices_ = std::make_unique<InputDevices>(backend_.get(), *seat_, scene_);
    if (!wlr_backend_start(backend_.get())) throw std::runtime_error("cannot start the wlroots backend");
    // Headless outputs are added once the backend runs, so that each one's
    // new_output comes at once, in order, with its spec. Nested backends open
    // a window per output we ask for.
    if (wlr_backend_is_headless(backend_.get())) {
        std::vector<OutputConfig> specs = config_.outputs;
        if (specs.empty()) specs.push_back(config_.output);
        for (const OutputConfig& spec : specs) {
            std::string error;
            if (!add_output(spec, &error)) throw std::runtime_error(error);
        }
    } else if (!config_.outputs.empty()) {
        throw std::runtime_error("--output makes headless outputs: the " +
                                 std::string(wlr_backend_is_wl(backend_.get()) ? "wayland" : "x11") +
                                 " backend has one window, of --size");
    } else if (wlr_backend_is_wl(backend_.get())) wlr_wl_output_create(backend_.get());
    else if (wlr_backend_is_x11(backend_.get())) wlr_x11_output_create(backend_.get());
    if (outputs_.empty()) throw std::runtime_error("the backend created no output");

    // Globals made after the first output keep the names of the others as
    // they were (the fuzz corpus's recorded sessions bind them by name).
    primary_selection_ = std::make_unique<PrimarySelectionManager>(display_.get(), *seat_);
    // Input methods compose text into the focused application's text field.
    input_methods_ = std::make_unique<InputMethodManager>(display_.get(), *seat_);
    text_inputs_ = std::make_unique<TextInputManager>(display_.get(), *seat_, *input_methods_);
    // Crop and scale of surfaces (video players, toolkits' fractional scaling).
    viewporter_ = std::make_unique<Viewporter>(display_.get());
    // One-colour buffers, scaled with a viewport (backgrounds, letterboxing).
    single_pixel_buffers_ = std::make_unique<SinglePixelBufferManager>(display_.get());
    // When content reached the screen (video players, frame pacing).
    presentation_ = std::make_unique<Presentation>(display_.get(), scene_);
    // Screen lockers (swaylock): while locked only lock surfaces are shown.
    session_lock_ = std::make_unique<SessionLockManager>(display_.get(), scene_);
    // Locking ends what would carry input past the lock screen (grabs,
    // touches: Seat::set_session_locked) and dismisses grabbing popups.
    lock_changed_.set_callback([this](void* data) {
        const bool locked = static_cast<SessionLockManager::Change*>(data)->locked;
        seat_->set_session_locked(locked);
        if (locked) xdg_shell_->dismiss_popup_grabs();
    });
    lock_changed_.connect(session_lock_->locked_changed());
    // Clipboard managers and wl-clipboard, with no window: both selections.
    if (config_.data_control)
        data_control_ = std::make_unique<DataControlManager>(display_.get(), data_devices_->selection(),
                                                             primary_selection_->selection());
    // Tools that read and change the outputs (wlr-randr, kanshi).
    output_manager_ = std::make_unique<OutputManager>(display_.get(), *this);
    on_outputs_changed = [this] { output_manager_->outputs_changed(); };
    // The scale toolkits draw at on fractional outputs (GTK 4.12+, Qt 6.5+,
    // Chromium, foot): told per surface, with a viewport for the size.
    fractional_scales_ = std::make_unique<FractionalScaleManager>(
        display_.get(), [this](wl_resource* surface) { return preferred_scale120(surface); });
}

int32_t Server::preferred_scale120(wl_resource* surface) const {
    // The highest scale of the outputs it is on; on none, the first
    // output's (new windows are placed there).
    int32_t best = 0;
    for (const auto& o : outputs_)
        if (o->shows(surface)) best = std::max(best, o->scale120());
    if (best == 0) best = outputs_.empty() ? kScaleUnit : outputs_.front()->scale120();
    return best;
}

Server::~Server() {
    if (!display_) return;
    sockets_.clear();
    wl_display_destroy_clients(display_.get());
    new_output_.disconnect();
    // Outputs go with the backend (their destroy signals delete them).
    scene_.on_focus = nullptr;
    scene_.on_layout_change = nullptr;
    scene_.on_pointer_press = nullptr;
    // Our listeners leave the backend's signals while it still exists.
    input_devices_.reset();
    on_outputs_changed = nullptr;
    backend_.reset();
    outputs_.clear();
    scene_.on_damage = nullptr;
    scene_.on_frame_request = nullptr;
    scene_.list_outputs = nullptr;
    layout_.reset();
    allocator_.reset();
    renderer_.reset();
    output_manager_.reset();
    fractional_scales_.reset();
    presentation_.reset();
    single_pixel_buffers_.reset();
    viewporter_.reset();
    relative_pointers_.reset();
    pointer_constraints_.reset();
    pointer_gestures_.reset();
    shortcuts_inhibitors_.reset();
    idle_inhibitors_.reset();
    activation_.reset();
    kde_decorations_.reset();
    xdg_decorations_.reset();
    foreign_toplevels_.reset();
    virtual_keyboards_.reset();
    virtual_pointers_.reset();
    lock_changed_.disconnect();
    session_lock_.reset();
    data_control_.reset();
    text_inputs_.reset();
    input_methods_.reset();
    primary_selection_.reset();
    data_devices_.reset();
    seat_.reset();
    layer_shell_.reset();
    wl_shell_.reset();
    xdg_shell_v6_.reset();
    xdg_shell_.reset();
    subcompositor_.reset();
    compositor_.reset();
    idle_.reset();
    reaper_.reset();
    buffer_copies_.reset();
    shm_checks_.reset();
    display_.reset();
}

void Server::handle_new_output(wlr_output* wlr_output) {
    if (!wlr_output_init_render(wlr_output, allocator_.get(), renderer_.get())) {
        wlr_log(WLR_ERROR, "cannot render on output %s", wlr_output->name);
        return;
    }
    OutputConfig config = adding_ ? *adding_ : config_.output;
    if (!config.name.empty()) wlr_output_set_name(wlr_output, config.name.c_str()); // before its global
    if (adding_ && !config.positioned) {
        // At the origin, or to the right of the previous output, top edges
        // aligned. (Fixed positions all: wlroots would move an automatic one
        // right of every fixed one.)
        const Box last = outputs_.empty() ? Box{} : outputs_.back()->layout_box();
        config.positioned = true;
        config.x = last.x + last.width;
        config.y = last.y;
    }
    auto output = std::make_unique<Output>(wlr_output, layout_.get(), scene_, config);
    output->on_destroy = [this](Output* gone) {
        gone->leave_all();
        foreign_toplevels_->outputs_changed(gone->wlr());
        layer_shell_->output_removed(gone->wlr()); // its layer surfaces are closed
        // (This closure goes with the Output the erase destroys.)
        Server* self = this;
        SessionLockManager* lock = session_lock_.get();
        outputs_.erase(std::remove_if(outputs_.begin(), outputs_.end(),
                                      [gone](const auto& o) { return o.get() == gone; }),
                       outputs_.end());
        if (lock) lock->outputs_changed(); // `locked` may be due now
        self->outputs_changed();
    };
    // Surfaces entering or leaving it, or its scale changing, may change
    // their preferred fractional scale.
    output->on_surfaces_changed = [this] {
        if (fractional_scales_) fractional_scales_->update();
    };
    outputs_.push_back(std::move(output));
    foreign_toplevels_->outputs_changed(); // windows may be on it
    if (presentation_) presentation_->follow(wlr_output);
    if (session_lock_) session_lock_->outputs_changed(); // it shows the background colour until covered
}

std::string Server::add_socket(const std::string& name) {
    sockets_.push_back(std::make_unique<ListeningSocket>(display_.get(), name, *shm_checks_));
    return sockets_.back()->name();
}

void Server::dispatch(int timeout_ms) {
    wl_display_flush_clients(display_.get());
    wl_event_loop_dispatch(event_loop(), timeout_ms);
    wl_display_flush_clients(display_.get());
}

PixmanImage Server::render_scene() const {
    const Output* out = output();
    if (!out) return nullptr;
    const Box box = out->layout_box();
    PixmanImage image = make_image(PIXMAN_x8r8g8b8, out->wlr()->width, out->wlr()->height);
    RenderTarget target{image.get(), box.x, box.y, out->scale120()};
    Region all(Box{0, 0, out->wlr()->width, out->wlr()->height});
    composite_views(target, all, scene_.views(), out->background());
    return image;
}

} // namespace shoji
