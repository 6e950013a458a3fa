// zwp_virtual_keyboard_v1: one virtual keyboard. Its client sends a keymap
// (read from the client's file with every check a hostile file needs, then
// compiled by xkbcommon), then keys and modifier states, which go to the
// Seat as a KeyboardSource of their own: while it is the keyboard in use,
// focused clients have its keymap. Owned by its resource.
#pragma once

#include <cstdint>
#include <string>

#include <wayland-server-core.h>

#include "seat/wl_seat.hpp"

namespace shoji {

class VirtualKeyboardManager;

class VirtualKeyboard {
public:
    // The largest keymap a client may send, in bytes; larger ones are a
    // no_keymap error. The default us keymap is about 60 KiB as text and
    // wtype's are a few KiB; this leaves room for many layouts while
    // bounding what one request makes us read and compile.
    static constexpr uint32_t kMaxKeymapBytes = 1u << 20;

    // Makes the object and its resource (made by `manager_resource`'s
    // create_virtual_keyboard); null (no-memory posted) on failure.
    static VirtualKeyboard* create(VirtualKeyboardManager& manager, wl_resource* manager_resource, uint32_t id);
    ~VirtualKeyboard();

    static VirtualKeyboard* from(wl_resource* resource);
    wl_client* client() const { return wl_resource_get_client(resource_); }
    const KeyboardSource& source() const { return source_; }
    void manager_gone() { manager_ = nullptr; }

    void handle_keymap(uint32_t format, int32_t fd, uint32_t size);
    void handle_key(uint32_t time, uint32_t key, uint32_t state);
    void handle_modifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group);

private:
    VirtualKeyboard(VirtualKeyboardManager& manager, wl_resource* resource);

    VirtualKeyboardManager* manager_; // null once the global is gone
    Seat& seat_;
    wl_resource* resource_;
    KeyboardSource source_;
};

// Reads a keymap of `size` bytes from a client's file (fd is not taken).
// The file is the client's: any kind, any size, changing while we read.
// False, with the reason in *error, unless it is a regular file (a pipe or
// socket could block the compositor) of at least `size` bytes, at most
// kMaxKeymapBytes, that gives all of them now. It is read with pread, not
// mapped: a file cut short while we read gives a short read, not a SIGBUS.
bool read_keymap_file(int fd, uint32_t size, std::string* text, std::string* error);

} // namespace shoji
