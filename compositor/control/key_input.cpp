#include "control/key_input.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace shoji {

namespace {
struct ModifierName {
    const char* name;
    const char* xkb_mod; // as xkb_keymap_mod_get_index names it
};
constexpr ModifierName kModifiers[] = {
    {"ctrl", XKB_MOD_NAME_CTRL}, {"control", XKB_MOD_NAME_CTRL}, {"shift", XKB_MOD_NAME_SHIFT},
    {"alt", XKB_MOD_NAME_ALT},   {"super", XKB_MOD_NAME_LOGO},   {"logo", XKB_MOD_NAME_LOGO},
    {"win", XKB_MOD_NAME_LOGO},  {"altgr", "Mod5"},
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// "U+00E9 'é'", or just "U+0007" for a control character.
std::string describe_char(uint32_t cp, const std::string& utf8) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", unsigned(cp));
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return code;
    return "'" + utf8 + "' (" + code + ")";
}

std::string encode_utf8(uint32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += char(cp);
    } else if (cp < 0x800) {
        s += char(0xc0 | (cp >> 6));
        s += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        s += char(0xe0 | (cp >> 12));
        s += char(0x80 | ((cp >> 6) & 0x3f));
        s += char(0x80 | (cp & 0x3f));
    } else {
        s += char(0xf0 | (cp >> 18));
        s += char(0x80 | ((cp >> 12) & 0x3f));
        s += char(0x80 | ((cp >> 6) & 0x3f));
        s += char(0x80 | (cp & 0x3f));
    }
    return s;
}

xkb_keysym_t keysym_for_char(uint32_t cp) {
    // xkbcommon maps U+000A to Linefeed, which keyboards do not have: a
    // typed newline is the Return key, as in a terminal.
    if (cp == '\n') return XKB_KEY_Return;
    return xkb_utf32_to_keysym(cp);
}

void add_unique(std::vector<uint32_t>& keys, uint32_t key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
}
} // namespace

std::optional<std::vector<uint32_t>> decode_utf8(const std::string& text, size_t* bad_offset) {
    std::vector<uint32_t> out;
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = s[i];
        size_t len = 0;
        uint32_t cp = 0, min = 0;
        if (c < 0x80) len = 1, cp = c;
        else if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f, min = 0x80;
        else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f, min = 0x800;
        else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07, min = 0x10000;
        else {
            *bad_offset = i;
            return std::nullopt;
        }
        if (i + len > n) {
            *bad_offset = i;
            return std::nullopt;
        }
        for (size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xc0) != 0x80) {
                *bad_offset = i + k;
                return std::nullopt;
            }
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            *bad_offset = i;
            return std::nullopt;
        }
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::optional<KeyStroke> parse_key_combo(const KeyLookup& keys, const std::string& combo, std::string* error) {
    // Split on '+'; a '+' that is the key itself ("+", "ctrl++") stays.
    std::vector<std::string> parts;
    std::string rest = combo;
    std::string key_name;
    if (rest == "+") {
        key_name = "+";
        rest.clear();
    } else if (rest.size() >= 2 && rest.compare(rest.size() - 2, 2, "++") == 0) {
        key_name = "+";
        rest.resize(rest.size() - 2);
    } else {
        const size_t last = rest.rfind('+');
        key_name = last == std::string::npos ? rest : rest.substr(last + 1);
        rest = last == std::string::npos ? "" : rest.substr(0, last);
    }
    for (size_t start = 0; !rest.empty() && start <= rest.size();) {
        const size_t plus = rest.find('+', start);
        parts.push_back(rest.substr(start, plus == std::string::npos ? std::string::npos : plus - start));
        if (plus == std::string::npos) break;
        start = plus + 1;
    }
    if (key_name.empty()) {
        *error = "bad key combo '" + combo + "': no key after the last '+'";
        return std::nullopt;
    }

    std::vector<uint32_t> modifier_keys;
    for (const std::string& part : parts) {
        const std::string name = lower(part);
        const ModifierName* m = std::find_if(std::begin(kModifiers), std::end(kModifiers),
                                             [&](const ModifierName& mod) { return name == mod.name; });
        if (m == std::end(kModifiers)) {
            *error = "bad key combo '" + combo + "': unknown modifier '" + part +
                     "' (expected ctrl, shift, alt, super or altgr)";
            return std::nullopt;
        }
        const std::optional<uint32_t> key = keys.modifier_key(m->xkb_mod);
        if (!key) {
            *error = "key combo '" + combo + "': the keymap (" + keys.layout_name() + ") has no key for " + part;
            return std::nullopt;
        }
        add_unique(modifier_keys, *key);
    }

    xkb_keysym_t sym = xkb_keysym_from_name(key_name.c_str(), XKB_KEYSYM_NO_FLAGS);
    if (sym == XKB_KEY_NoSymbol) sym = xkb_keysym_from_name(key_name.c_str(), XKB_KEYSYM_CASE_INSENSITIVE);
    if (sym == XKB_KEY_NoSymbol) {
        // One character that is not a keysym name ("!", "é").
        size_t bad = 0;
        const auto cps = decode_utf8(key_name, &bad);
        if (cps && cps->size() == 1) sym = keysym_for_char(cps->front());
    }
    if (sym == XKB_KEY_NoSymbol) {
        *error = "bad key combo '" + combo + "': '" + key_name + "' is not an xkb keysym name";
        return std::nullopt;
    }
    std::optional<KeyStroke> stroke = keys.find(sym);
    if (!stroke) {
        *error = "key combo '" + combo + "': the keymap (" + keys.layout_name() + ") has no key for " + key_name;
        return std::nullopt;
    }
    // The combo's modifiers first, then those the keysym's level needs.
    for (uint32_t k : stroke->modifier_keys) add_unique(modifier_keys, k);
    stroke->modifier_keys = modifier_keys;
    return stroke;
}

std::optional<std::vector<KeyStroke>> text_to_key_strokes(const KeyLookup& keys, const std::string& utf8,
                                                          std::string* error) {
    size_t bad = 0;
    const auto cps = decode_utf8(utf8, &bad);
    if (!cps) {
        *error = "the text is not valid UTF-8 (at byte " + std::to_string(bad) + ")";
        return std::nullopt;
    }
    std::vector<KeyStroke> strokes;
    for (uint32_t cp : *cps) {
        const xkb_keysym_t sym = keysym_for_char(cp);
        std::optional<KeyStroke> stroke = sym == XKB_KEY_NoSymbol ? std::nullopt : keys.find(sym);
        if (!stroke) {
            *error = "the keymap (" + keys.layout_name() + ") cannot type " + describe_char(cp, encode_utf8(cp));
            return std::nullopt;
        }
        strokes.push_back(std::move(*stroke));
    }
    return strokes;
}

} // namespace shoji
