// Keymap: the xkb keymap Shoji's seat uses, its state, and the sealed memfd
// that carries it to clients (wl_keyboard.keymap, format xkb_v1), opened
// afresh for each client.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <xkbcommon/xkbcommon.h>

#include "util/fd.hpp"

namespace shoji {

class Keymap {
public:
    struct ContextUnref { void operator()(xkb_context* c) const { xkb_context_unref(c); } };
    struct KeymapUnref { void operator()(xkb_keymap* k) const { xkb_keymap_unref(k); } };
    struct StateUnref { void operator()(xkb_state* s) const { xkb_state_unref(s); } };

    // The default keymap (XKB_DEFAULT_LAYOUT etc. from the environment, else
    // "us"). Throws std::runtime_error if xkbcommon cannot compile it.
    Keymap();
    // A keymap a client sent (zwp_virtual_keyboard_v1.keymap), as xkb text
    // (format xkb_v1). Null, with the reason in *error, if xkbcommon cannot
    // compile it. Clients get it re-serialized by xkbcommon into our own
    // sealed memfd, never the sender's file.
    static std::unique_ptr<Keymap> from_text(std::string_view text, std::string* error);

    // An fd for one wl_keyboard.keymap event: the keymap text and its NUL,
    // `size()` bytes, in a memfd sealed against writing, shrinking and
    // growing, opened read-only at offset 0. Every call returns a new open
    // file description, so that a client which moves its file offset
    // (lseek, read) moves no other client's; the memory behind it is shared
    // (wayland.xml: "the fd must be mapped with MAP_PRIVATE by the
    // recipient" from version 7; the seals make sharing it safe). An empty
    // Fd (errno set) if the process is out of file descriptors.
    Fd open_for_client() const;
    uint32_t size() const { return size_; }
    // Unique among the keymaps made in this process (tells which one a
    // client was last sent, where an address could be reused).
    uint64_t id() const { return id_; }

    // Feeds a key (evdev code) to the xkb state; true if the modifiers changed.
    bool update_key(uint32_t evdev_key, bool pressed);
    struct Modifiers {
        uint32_t depressed, latched, locked, group;
    };
    Modifiers modifiers() const;
    // Sets the modifier masks and group as given (a virtual keyboard's
    // modifiers request); true if the state changed.
    bool set_modifiers(const Modifiers& m);
    // Whether the keymap has this key (evdev code).
    bool has_key(uint32_t evdev_key) const;
    // The compiled keymap, read-only (e.g. for KeyLookup).
    xkb_keymap* xkb() const { return keymap_.get(); }

private:
    struct Compiled;
    static Compiled compile_default();
    explicit Keymap(Compiled&& compiled);

    std::unique_ptr<xkb_context, ContextUnref> context_;
    std::unique_ptr<xkb_keymap, KeymapUnref> keymap_;
    std::unique_ptr<xkb_state, StateUnref> state_;
    std::string text_; // with its NUL, for a copy when /proc is not mounted
    Fd fd_;            // the sealed memfd clients' fds are reopened from
    uint32_t size_ = 0;
    uint64_t id_;
};

} // namespace shoji
