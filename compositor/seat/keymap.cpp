#include "seat/keymap.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace shoji {

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
} // namespace

Keymap::Keymap() : context_(xkb_context_new(XKB_CONTEXT_NO_FLAGS)) {
    if (!context_) throw std::runtime_error("cannot create an xkb context");
    // Null names: xkbcommon takes XKB_DEFAULT_RULES/MODEL/LAYOUT/... from the
    // environment, else its built-in default (evdev, pc105, us).
    keymap_.reset(xkb_keymap_new_from_names(context_.get(), nullptr, XKB_KEYMAP_COMPILE_NO_FLAGS));
    if (!keymap_) throw std::runtime_error("cannot compile the xkb keymap (is xkb-data installed?)");
    state_.reset(xkb_state_new(keymap_.get()));

    std::unique_ptr<char, decltype(&std::free)> text(
        xkb_keymap_get_as_string(keymap_.get(), XKB_KEYMAP_FORMAT_TEXT_V1), &std::free);
    if (!text) throw std::runtime_error("cannot serialize the xkb keymap");
    size_ = uint32_t(std::strlen(text.get()) + 1);
    text_.assign(text.get(), size_); // the NUL too: wl_keyboard.keymap's size counts it
    fd_ = sealed_memfd(text_);
    if (!fd_) throw std::runtime_error(std::string("cannot write the keymap to a memfd: ") + std::strerror(errno));
}

Fd Keymap::open_for_client() const {
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
    const auto changed = xkb_state_update_key(state_.get(), evdev_key + kEvdevToXkb,
                                              pressed ? XKB_KEY_DOWN : XKB_KEY_UP);
    return changed & (XKB_STATE_MODS_DEPRESSED | XKB_STATE_MODS_LATCHED | XKB_STATE_MODS_LOCKED |
                      XKB_STATE_LAYOUT_EFFECTIVE);
}

Keymap::Modifiers Keymap::modifiers() const {
    return {xkb_state_serialize_mods(state_.get(), XKB_STATE_MODS_DEPRESSED),
            xkb_state_serialize_mods(state_.get(), XKB_STATE_MODS_LATCHED),
            xkb_state_serialize_mods(state_.get(), XKB_STATE_MODS_LOCKED),
            xkb_state_serialize_layout(state_.get(), XKB_STATE_LAYOUT_EFFECTIVE)};
}

} // namespace shoji
