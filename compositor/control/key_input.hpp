// Keyboard input by name, for `shoji ctl key` and `type`: key combos such as
// "ctrl+shift+a", "Return", "shift+Tab" (xkb keysym names, modifiers joined
// with '+') and UTF-8 text, turned into KeyStrokes through the seat's keymap.
// Anything the keymap cannot produce is an error that names it; nothing is
// typed unless everything can be.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "seat/key_lookup.hpp"

namespace shoji {

// Modifier names in combos (case-insensitive): ctrl or control, shift,
// alt, super (or logo, win), altgr.
std::optional<KeyStroke> parse_key_combo(const KeyLookup& keys, const std::string& combo, std::string* error);

// One KeyStroke per character. "\n" is Return, "\t" Tab; invalid UTF-8 is
// an error naming the byte offset.
std::optional<std::vector<KeyStroke>> text_to_key_strokes(const KeyLookup& keys, const std::string& utf8,
                                                          std::string* error);

// Decodes UTF-8 strictly (no overlong forms, surrogates or values past
// U+10FFFF). nullopt and the offset of the first bad byte if invalid.
std::optional<std::vector<uint32_t>> decode_utf8(const std::string& text, size_t* bad_offset);

} // namespace shoji
