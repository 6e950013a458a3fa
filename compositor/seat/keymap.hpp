// Keymap: the xkb keymap Shoji's seat uses, its state, and the sealed memfd
// that carries it to clients (wl_keyboard.keymap, format xkb_v1), opened
// afresh for each client.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <xkbcommon/xkbcommon.h>

#include "util/fd.hpp"

namespace shoji {

class Keymap {
public:
    // The default keymap (XKB_DEFAULT_LAYOUT etc. from the environment, else
    // "us"). Throws std::runtime_error if xkbcommon cannot compile it.
    Keymap();

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

    // Feeds a key (evdev code) to the xkb state; true if the modifiers changed.
    bool update_key(uint32_t evdev_key, bool pressed);
    struct Modifiers {
        uint32_t depressed, latched, locked, group;
    };
    Modifiers modifiers() const;

private:
    struct ContextUnref { void operator()(xkb_context* c) const { xkb_context_unref(c); } };
    struct KeymapUnref { void operator()(xkb_keymap* k) const { xkb_keymap_unref(k); } };
    struct StateUnref { void operator()(xkb_state* s) const { xkb_state_unref(s); } };
    std::unique_ptr<xkb_context, ContextUnref> context_;
    std::unique_ptr<xkb_keymap, KeymapUnref> keymap_;
    std::unique_ptr<xkb_state, StateUnref> state_;
    std::string text_; // with its NUL, for a copy when /proc is not mounted
    Fd fd_;            // the sealed memfd clients' fds are reopened from
    uint32_t size_ = 0;
};

} // namespace shoji
