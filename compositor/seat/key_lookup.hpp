// KeyLookup: which keys to press, in a keymap, to produce a keysym.
//
// Scripted input (`shoji ctl type` and `key`) names what it wants (a
// character, a keysym such as Return, modifiers such as ctrl); the seat takes
// evdev key codes, which its keymap turns back into keysyms for clients. This
// inverts the keymap: for a keysym, the key and shift level that produce it
// in the first layout, and the modifier keys that select that level.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xkbcommon/xkbcommon.h>

namespace shoji {

// Keys to press in order (modifiers first) and release in reverse order.
struct KeyStroke {
    std::vector<uint32_t> modifier_keys; // evdev codes, held around `key`
    uint32_t key = 0;                    // evdev code
};

class KeyLookup {
public:
    // Reads the keymap (which must outlive this object) once.
    explicit KeyLookup(xkb_keymap* keymap);

    // The key with the fewest modifiers that produces `sym` (lowest key code
    // on a tie), or nullopt if none does.
    std::optional<KeyStroke> find(xkb_keysym_t sym) const;
    // The key that sets a modifier while held ("Shift", "Control", "Mod1",
    // ... as xkb_keymap_mod_get_index names them), or nullopt.
    std::optional<uint32_t> modifier_key(const char* xkb_mod_name) const;
    // Layout 0's name, for messages ("English (US)").
    std::string layout_name() const;

private:
    xkb_keymap* keymap_;
    // For each modifier index, the evdev key that sets it alone while held
    // (0: none, e.g. a lock-only modifier such as Lock).
    std::vector<uint32_t> modifier_keys_;
};

} // namespace shoji
