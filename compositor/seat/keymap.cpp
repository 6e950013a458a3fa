#include "seat/keymap.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "wlr.hpp"

namespace shoji {

// A compiled keymap and its context, before the Keymap holding them exists.
struct Keymap::Compiled {
    std::unique_ptr<xkb_context, ContextUnref> context;
    std::unique_ptr<xkb_keymap, KeymapUnref> keymap;
};

namespace {
// evdev key codes are xkb key codes minus 8 (the X11 offset).
constexpr uint32_t kEvdevToXkb = 8;
// No client may change the keymap others read: not its bytes, not its size,
// not the seals.
constexpr int kKeymapSeals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL;

// A memfd holding `text`, sealed, at offset 0; empty (errno set) on failure.
Fd sealed_memfd(const std::string& text) {
    Fd fd(memfd_create("shoji-keymap", MFD_CLOEXEC | MFD_ALLOW_SEALING));
    if (!fd) return fd;
    for (size_t done = 0; done < text.size();) {
        const ssize_t n = write(fd.get(), text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return Fd();
        done += size_t(n);
    }
    if (fcntl(fd.get(), F_ADD_SEALS, kKeymapSeals) != 0 || lseek(fd.get(), 0, SEEK_SET) != 0) return Fd();
    return fd;
}

// Of xkbcommon's complaints about a client's keymap, this much of the first
// is kept for the protocol error; the rest is dropped (a client must not be
// able to fill our log by sending bad keymaps).
constexpr size_t kMaxCompileMessage = 160;

std::atomic<uint64_t> next_keymap_id{1};

std::unique_ptr<xkb_context, Keymap::ContextUnref> new_context() {
    std::unique_ptr<xkb_context, Keymap::ContextUnref> c(xkb_context_new(XKB_CONTEXT_NO_FLAGS));
    if (!c) throw std::runtime_error("cannot create an xkb context");
    return c;
}

void keep_first_message(xkb_context* context, xkb_log_level, const char* format, va_list args) {
    auto* first = static_cast<std::string*>(xkb_context_get_user_data(context));
    if (!first || !first->empty()) return;
    char line[kMaxCompileMessage + 1];
    std::vsnprintf(line, sizeof line, format, args);
    *first = line;
    while (!first->empty() && (first->back() == '\n' || first->back() == ' ')) first->pop_back();
}

// xkbcommon's rules (its build default, "evdev" on Debian as upstream),
// when no XKB_DEFAULT_* variable names others.
constexpr const char* kDefaultRules = "evdev";
constexpr const char* kXkbVariables[] = {"XKB_DEFAULT_RULES", "XKB_DEFAULT_MODEL", "XKB_DEFAULT_LAYOUT",
                                         "XKB_DEFAULT_VARIANT", "XKB_DEFAULT_OPTIONS"};

bool names_from_environment() {
    for (const char* name : kXkbVariables)
        if (const char* v = std::getenv(name); v && *v) return true;
    return false;
}

// Whether one of the context's include paths has the default rules file:
// a few stat()s, where compiling takes milliseconds. Without it (xkb-data
// is not installed) Shoji fails at once, as it did when the keymap was
// always compiled at start-up.
bool has_default_rules(xkb_context* context) {
    const std::string rules = std::string("/rules/") + kDefaultRules;
    for (unsigned i = 0; i < xkb_context_num_include_paths(context); ++i)
        if (access((std::string(xkb_context_include_path_get(context, i)) + rules).c_str(), R_OK) == 0) return true;
    return false;
}
} // namespace

Keymap::Keymap() : context_(new_context()), id_(next_keymap_id++) {
    // Names from the environment (a layout, options) may be wrong, which
    // only compiling tells: then at once, so that a bad XKB_DEFAULT_LAYOUT
    // fails the start as before. The default names need only their files.
    if (names_from_environment() && !ready())
        throw std::runtime_error("cannot compile the xkb keymap named by XKB_DEFAULT_* (is xkb-data installed?)");
    else if (!has_default_rules(context_.get()))
        throw std::runtime_error("cannot compile the xkb keymap: no xkb rules found (is xkb-data installed?)");
}

bool Keymap::ready() const {
    if (keymap_) return true;
    // Compiled at its first use, which may fail where start-up would not
    // have: out of fds (a client that filled Shoji's fd table: xkbcommon
    // cannot open the xkeyboard-config files) or out of memory. Then this use
    // has no keymap (its caller answers as for no memory, or with an error)
    // and the next one tries again; nothing is thrown into a request handler.
    std::unique_ptr<xkb_keymap, KeymapUnref> keymap(
        // Null names: xkbcommon takes XKB_DEFAULT_RULES/MODEL/LAYOUT/... from
        // the environment, else its built-in default (evdev, pc105, us).
        xkb_keymap_new_from_names(context_.get(), nullptr, XKB_KEYMAP_COMPILE_NO_FLAGS));
    if (keymap && adopt(Compiled{std::unique_ptr<xkb_context, ContextUnref>(xkb_context_ref(context_.get())),
                                 std::move(keymap)}))
        return true;
    if (!failure_logged_) // once: a client could ask again and again
        wlr_log(WLR_ERROR, "cannot compile the xkb keymap now (out of file descriptors or memory?); "
                           "keyboards get none until it can be");
    failure_logged_ = true;
    return false;
}

uint32_t Keymap::size() const { return ready() ? size_ : 0; }

xkb_keymap* Keymap::xkb() const { return ready() ? keymap_.get() : nullptr; }

std::unique_ptr<Keymap> Keymap::from_text(std::string_view text, std::string* error) {
    // The sender's size usually counts a terminating NUL; xkbcommon wants
    // the text without it, and stops at an embedded one.
    while (!text.empty() && text.back() == '\0') text.remove_suffix(1);
    try {
        Compiled compiled{new_context(), nullptr};
        std::string first_message;
        xkb_context_set_user_data(compiled.context.get(), &first_message);
        xkb_context_set_log_fn(compiled.context.get(), keep_first_message);
        const std::string copy(text);
        compiled.keymap.reset(xkb_keymap_new_from_string(compiled.context.get(), copy.c_str(),
                                                         XKB_KEYMAP_FORMAT_TEXT_V1, XKB_KEYMAP_COMPILE_NO_FLAGS));
        xkb_context_set_user_data(compiled.context.get(), nullptr);
        if (!compiled.keymap) {
            if (error) *error = first_message.empty() ? "xkbcommon cannot compile it" : "xkbcommon: " + first_message;
            return nullptr;
        }
        return std::unique_ptr<Keymap>(new Keymap(std::move(compiled)));
    } catch (const std::runtime_error& e) {
        if (error) *error = e.what();
        return nullptr;
    }
}

Keymap::Keymap(Compiled&& compiled) : id_(next_keymap_id++) {
    if (!adopt(std::move(compiled))) throw std::runtime_error("cannot make an xkb state and text for the keymap");
}

bool Keymap::adopt(Compiled&& compiled) const {
    // All or nothing: nothing is taken unless the state and the text are made.
    std::unique_ptr<xkb_state, StateUnref> state(xkb_state_new(compiled.keymap.get()));
    if (!state) return false;
    std::unique_ptr<char, decltype(&std::free)> text(
        xkb_keymap_get_as_string(compiled.keymap.get(), XKB_KEYMAP_FORMAT_TEXT_V1), &std::free);
    if (!text) return false;
    context_ = std::move(compiled.context);
    keymap_ = std::move(compiled.keymap);
    state_ = std::move(state);
    size_ = uint32_t(std::strlen(text.get()) + 1);
    text_.assign(text.get(), size_); // the NUL too: wl_keyboard.keymap's size counts it
    // Out of fds: no shared memfd now; each client then gets a copy of its
    // own (open_for_client), which may fail in turn and is that client's
    // no_memory (Seat::send_keymap), not our exit.
    fd_ = sealed_memfd(text_);
    return true;
}

Fd Keymap::open_for_client() const {
    if (!ready()) {
        errno = ENOMEM;
        return Fd();
    }
    if (!fd_) return sealed_memfd(text_);
    // Opening the memfd again through /proc makes a new open file
    // description: its own file offset, and read-only (the fd_ itself was
    // opened read-write to be written). The seals belong to the file, so the
    // new description has them too. It costs one open(): no copy.
    char path[40];
    std::snprintf(path, sizeof path, "/proc/self/fd/%d", fd_.get());
    Fd fd(open(path, O_RDONLY | O_CLOEXEC));
    if (fd || errno == EMFILE || errno == ENFILE) return fd;
    // No /proc mounted: a sealed copy of its own (a memfd_create and a write
    // of the keymap, about 60 KiB for "us").
    return sealed_memfd(text_);
}

bool Keymap::update_key(uint32_t evdev_key, bool pressed) {
    if (!ready()) return false;
    const auto changed = xkb_state_update_key(state_.get(), evdev_key + kEvdevToXkb,
                                              pressed ? XKB_KEY_DOWN : XKB_KEY_UP);
    return changed & (XKB_STATE_MODS_DEPRESSED | XKB_STATE_MODS_LATCHED | XKB_STATE_MODS_LOCKED |
                      XKB_STATE_LAYOUT_EFFECTIVE);
}

bool Keymap::set_modifiers(const Modifiers& m) {
    if (!ready()) return false;
    const auto changed = xkb_state_update_mask(state_.get(), m.depressed, m.latched, m.locked, 0, 0, m.group);
    return changed != 0;
}

bool Keymap::has_key(uint32_t evdev_key) const {
    if (!ready()) return false;
    // Checked in 64 bits: a client's key code plus the offset must not wrap.
    const uint64_t code = uint64_t(evdev_key) + kEvdevToXkb;
    return code >= xkb_keymap_min_keycode(keymap_.get()) && code <= xkb_keymap_max_keycode(keymap_.get()) &&
           xkb_keymap_key_get_name(keymap_.get(), xkb_keycode_t(code)) != nullptr;
}

Keymap::Modifiers Keymap::modifiers() const {
    if (!ready()) return {};
    return {xkb_state_serialize_mods(state_.get(), XKB_STATE_MODS_DEPRESSED),
            xkb_state_serialize_mods(state_.get(), XKB_STATE_MODS_LATCHED),
            xkb_state_serialize_mods(state_.get(), XKB_STATE_MODS_LOCKED),
            xkb_state_serialize_layout(state_.get(), XKB_STATE_LAYOUT_EFFECTIVE)};
}

} // namespace shoji
