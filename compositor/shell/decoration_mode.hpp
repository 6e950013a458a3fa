// Who draws a window's title bar and borders: the mode Shoji answers in
// zxdg_toplevel_decoration_v1.configure and org_kde_kwin_server_decoration
// (both protocols serve the same choice, `--decorations client|server`).
#pragma once

namespace shoji {

enum class DecorationMode {
    Client, // the client draws its own (the default: what clients do anyway)
    Server, // Shoji draws them; the client draws none
};

} // namespace shoji
