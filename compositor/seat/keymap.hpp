// Keymap: the xkb keymap Shoji's seat uses, its state, and the sealed memfd
// that carries it to clients (wl_keyboard.keymap, format xkb_v1), opened
// afresh for each client.
//
// The default keymap is compiled when it is first needed (the first
// wl_keyboard, key or `shoji ctl key`), not when the seat is made: compiling
// it reads and parses a dozen xkeyboard-config files, a large part of the
// start-up of a session that never has a keyboard client (`shoji -- true`).
// (Unless XKB_DEFAULT_* variables name the keymap: see Keymap().)
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
    // "us"). Throws std::runtime_error if xkbcommon cannot compile it. With
    // no XKB_DEFAULT_* variable set it is compiled at the first call that
    // needs it (only the rules file is looked for now: xkb-data missing
    // fails here); with them, now, so that bad names fail here too.
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
    uint32_t size() const;
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
    // The compiled keymap, read-only (e.g. for KeyLookup); null if the
    // default keymap cannot be compiled now (see ready()).
    xkb_keymap* xkb() const;
    // (A default keymap that cannot be compiled at its first use, out of fds
    // or memory: open_for_client gives an empty Fd (ENOMEM), size 0, no key
    // changes anything and has_key is false, until a later use compiles it.)
    // Whether the keymap is there: the default one is compiled now if it is
    // not yet (const: what it compiles to does not depend on when). False if
    // it cannot be now (out of fds or memory); every use then does nothing.
    bool ready() const;
    // Whether it has been compiled (one from a client's text always is; the
    // default one once needed). For tests.
    bool compiled() const { return keymap_ != nullptr; }

private:
    struct Compiled;
    explicit Keymap(Compiled&& compiled);
    bool adopt(Compiled&& compiled) const;

    // All set by adopt(), at construction or at the default keymap's first
    // use.
    mutable std::unique_ptr<xkb_context, ContextUnref> context_;
    mutable std::unique_ptr<xkb_keymap, KeymapUnref> keymap_;
    mutable std::unique_ptr<xkb_state, StateUnref> state_;
    mutable std::string text_; // with its NUL, for a copy when /proc is not mounted
    mutable Fd fd_;            // the sealed memfd clients' fds are reopened from
    mutable uint32_t size_ = 0;
    mutable bool failure_logged_ = false;
    uint64_t id_;
};

} // namespace shoji
