#include "seat/key_lookup.hpp"

#include <memory>

namespace shoji {

namespace {
// evdev key codes are xkb key codes minus 8 (the X11 offset).
constexpr uint32_t kEvdevToXkb = 8;
// Masks a level can be reached with, per xkb_keymap_key_get_mods_for_level
// (a key type has a handful of entries; 16 is well past any real one).
constexpr size_t kMaxLevelMasks = 16;

struct StateUnref {
    void operator()(xkb_state* s) const { xkb_state_unref(s); }
};
} // namespace

KeyLookup::KeyLookup(xkb_keymap* keymap) : keymap_(keymap), modifier_keys_(xkb_keymap_num_mods(keymap), 0) {
    // Which modifier each key sets while held: press it alone in a fresh
    // state and see which depressed modifier appears. Keys that only lock
    // (Caps_Lock) set nothing depressed and are not used.
    const xkb_keycode_t min = xkb_keymap_min_keycode(keymap), max = xkb_keymap_max_keycode(keymap);
    for (xkb_keycode_t kc = min; kc <= max; ++kc) {
        if (kc < kEvdevToXkb) continue;
        std::unique_ptr<xkb_state, StateUnref> state(xkb_state_new(keymap));
        if (!state) return;
        xkb_state_update_key(state.get(), kc, XKB_KEY_DOWN);
        const xkb_mod_mask_t mods = xkb_state_serialize_mods(state.get(), XKB_STATE_MODS_DEPRESSED);
        if (mods == 0 || (mods & (mods - 1)) != 0) continue; // none, or several at once
        for (xkb_mod_index_t i = 0; i < modifier_keys_.size(); ++i)
            if (mods == (xkb_mod_mask_t(1) << i) && modifier_keys_[i] == 0) modifier_keys_[i] = kc - kEvdevToXkb;
    }
}

std::optional<KeyStroke> KeyLookup::find(xkb_keysym_t sym) const {
    std::optional<KeyStroke> best;
    const xkb_keycode_t min = xkb_keymap_min_keycode(keymap_), max = xkb_keymap_max_keycode(keymap_);
    for (xkb_keycode_t kc = min; kc <= max; ++kc) {
        if (kc < kEvdevToXkb) continue;
        const xkb_layout_index_t layout = 0;
        const xkb_level_index_t levels = xkb_keymap_num_levels_for_key(keymap_, kc, layout);
        for (xkb_level_index_t level = 0; level < levels; ++level) {
            const xkb_keysym_t* syms = nullptr;
            if (xkb_keymap_key_get_syms_by_level(keymap_, kc, layout, level, &syms) != 1 || syms[0] != sym) continue;
            xkb_mod_mask_t masks[kMaxLevelMasks];
            const size_t n = xkb_keymap_key_get_mods_for_level(keymap_, kc, layout, level, masks, kMaxLevelMasks);
            for (size_t m = 0; m < n; ++m) {
                // Every modifier of the mask must be one a held key sets.
                KeyStroke stroke;
                stroke.key = kc - kEvdevToXkb;
                bool reachable = true;
                for (xkb_mod_index_t i = 0; i < modifier_keys_.size() && reachable; ++i) {
                    if (!(masks[m] & (xkb_mod_mask_t(1) << i))) continue;
                    if (modifier_keys_[i] == 0) reachable = false;
                    else stroke.modifier_keys.push_back(modifier_keys_[i]);
                }
                if (reachable && (!best || stroke.modifier_keys.size() < best->modifier_keys.size()))
                    best = std::move(stroke);
            }
        }
    }
    return best;
}

std::optional<uint32_t> KeyLookup::modifier_key(const char* xkb_mod_name) const {
    const xkb_mod_index_t i = xkb_keymap_mod_get_index(keymap_, xkb_mod_name);
    if (i == XKB_MOD_INVALID || i >= modifier_keys_.size() || modifier_keys_[i] == 0) return std::nullopt;
    return modifier_keys_[i];
}

std::string KeyLookup::layout_name() const {
    const char* name = xkb_keymap_layout_get_name(keymap_, 0);
    return name ? name : "the first layout";
}

} // namespace shoji
