#include "seat/zwp_virtual_keyboard_v1.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>

#include "seat/zwp_virtual_keyboard_manager_v1.hpp"
#include "util/fd.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "virtual-keyboard-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
VirtualKeyboard* keyboard_of(wl_resource* r) { return static_cast<VirtualKeyboard*>(wl_resource_get_user_data(r)); }

const struct zwp_virtual_keyboard_v1_interface keyboard_impl = {
    /* keymap */ [](wl_client*, wl_resource* r, uint32_t format, int32_t fd, uint32_t size) {
        keyboard_of(r)->handle_keymap(format, fd, size);
    },
    /* key */ [](wl_client*, wl_resource* r, uint32_t time, uint32_t key, uint32_t state) {
        keyboard_of(r)->handle_key(time, key, state);
    },
    /* modifiers */ /* modifiers */
    [](wl_client*, wl_resource* r, uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group) {
        keyboard_of(r)->handle_modifiers(depressed, latched, locked, group);
    },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void keyboard_resource_destroy(wl_resource* r) { delete keyboard_of(r); }
} // namespace

bool read_keymap_file(int fd, uint32_t size, std::string* text, std::string* error) {
    if (size == 0) {
        *error = "the size is 0";
        return false;
    }
    if (size > VirtualKeyboard::kMaxKeymapBytes) {
        *error = "the size " + std::to_string(size) + " is larger than the " +
                 std::to_string(VirtualKeyboard::kMaxKeymapBytes) + " bytes a keymap may have";
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *error = std::string("cannot stat the file: ") + std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = "the fd is not a regular file (a memfd or a file)";
        return false;
    }
    if (st.st_size < off_t(size)) {
        *error = "the file has " + std::to_string(st.st_size) + " bytes, fewer than the size " + std::to_string(size);
        return false;
    }
    text->assign(size, '\0');
    size_t done = 0;
    while (done < size) {
        const ssize_t n = pread(fd, text->data() + done, size - done, off_t(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            *error = std::string("cannot read the file: ") + std::strerror(errno);
            return false;
        }
        if (n == 0) {
            *error = "the file ended after " + std::to_string(done) + " of " + std::to_string(size) + " bytes";
            return false;
        }
        done += size_t(n);
    }
    return true;
}

VirtualKeyboard* VirtualKeyboard::create(VirtualKeyboardManager& manager, wl_resource* manager_resource,
                                         uint32_t id) {
    wl_resource* r = create_resource(manager_resource, &zwp_virtual_keyboard_v1_interface,
                                     uint32_t(wl_resource_get_version(manager_resource)), id, &keyboard_impl, nullptr,
                                     keyboard_resource_destroy);
    if (!r) return nullptr;
    auto* keyboard = new VirtualKeyboard(manager, r);
    wl_resource_set_user_data(r, keyboard);
    return keyboard;
}

VirtualKeyboard::VirtualKeyboard(VirtualKeyboardManager& manager, wl_resource* resource)
    : manager_(&manager), seat_(manager.seat()), resource_(resource) {
    source_.client = wl_resource_get_client(resource);
}

VirtualKeyboard::~VirtualKeyboard() {
    // Its held keys are released and the seat's own keymap comes back.
    if (source_.keymap) seat_.remove_keyboard_source(source_);
    if (manager_) manager_->keyboard_destroyed(this);
}

VirtualKeyboard* VirtualKeyboard::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &zwp_virtual_keyboard_v1_interface, &keyboard_impl));
    return keyboard_of(resource);
}

void VirtualKeyboard::handle_keymap(uint32_t format, int32_t raw_fd, uint32_t size) {
    const Fd fd(raw_fd); // ours to close, whatever happens
    // The spec names one error, no_keymap; a keymap that cannot be used
    // leaves the keyboard without one, so that is the error, with the reason.
    if (format != WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1) {
        post_protocol_error(resource_, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP,
                            "keymap: format %u is not xkb_v1 (%u)", format, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1);
        return;
    }
    std::string text, error;
    if (!read_keymap_file(fd.get(), size, &text, &error)) {
        post_protocol_error(resource_, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP, "keymap of %u bytes: %s", size,
                            error.c_str());
        return;
    }
    std::unique_ptr<Keymap> keymap = Keymap::from_text(text, &error);
    if (!keymap) {
        post_protocol_error(resource_, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP, "keymap of %u bytes: %s", size,
                            error.c_str());
        return;
    }
    // The keys held so far stay held (their releases will come); the new
    // keymap's xkb state starts with no modifiers.
    const bool had_keymap = source_.keymap != nullptr;
    source_.keymap = std::move(keymap);
    if (had_keymap) seat_.keymap_changed(source_);
}

void VirtualKeyboard::handle_key(uint32_t time, uint32_t key, uint32_t state) {
    if (!source_.keymap) {
        post_protocol_error(resource_, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP,
                            "key %u before any keymap: send keymap first", key);
        return;
    }
    // wl_keyboard.key_state has two values here and the spec defines no
    // error for others: they are ignored.
    if (state != WL_KEYBOARD_KEY_STATE_PRESSED && state != WL_KEYBOARD_KEY_STATE_RELEASED) return;
    seat_.keyboard_key(source_, key, state == WL_KEYBOARD_KEY_STATE_PRESSED, time);
}

void VirtualKeyboard::handle_modifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group) {
    if (!source_.keymap) {
        post_protocol_error(resource_, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP,
                            "modifiers before any keymap: send keymap first");
        return;
    }
    seat_.keyboard_modifiers(source_, {depressed, latched, locked, group});
}

} // namespace shoji
