#include "seat/keymap.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace shoji {

namespace {
// evdev key codes are xkb key codes minus 8 (the X11 offset).
constexpr uint32_t kEvdevToXkb = 8;
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
    fd_.reset(memfd_create("shoji-keymap", MFD_CLOEXEC | MFD_ALLOW_SEALING));
    if (!fd_ || write(fd_.get(), text.get(), size_) != ssize_t(size_) ||
        fcntl(fd_.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
        throw std::runtime_error("cannot write the keymap to a memfd");
    // Clients share this open file (and its offset): leave it at the start
    // for one that read()s instead of mapping it.
    lseek(fd_.get(), 0, SEEK_SET);
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
