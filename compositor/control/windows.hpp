// Windows as the control verbs see them: what `shoji ctl windows` reports
// about each xdg_toplevel, and window selectors ("W" in `shoji ctl`):
//
//   12            the window with id 12 (ids come from XdgShell, never reused)
//   app-id=ID     the window whose app_id is exactly ID
//   title=TEXT    the window whose title is exactly TEXT
//
// A selector that matches several windows is an error listing them, unless
// exactly one of them is mapped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shoji {

class Server;
class XdgToplevel;

struct WindowInfo {
    uint64_t id = 0;
    std::string app_id, title;
    // The window geometry (xdg_surface.set_window_geometry, else the surface)
    // in output layout coordinates.
    int32_t x = 0, y = 0, width = 0, height = 0;
    bool mapped = false;
    bool activated = false; // the scene's focused window
    bool focused = false;   // its surface has the keyboard focus
    std::string output;     // the output showing most of it ("" if none)
    int32_t pid = 0;        // of the client (0 if unknown)
};

WindowInfo describe_window(Server& server, const XdgToplevel& toplevel);

struct WindowSelector {
    enum class Kind { Id, AppId, Title } kind = Kind::Id;
    uint64_t id = 0;
    std::string text;

    // nullopt and a one-line `error` if `spec` is none of the three forms.
    static std::optional<WindowSelector> parse(const std::string& spec, std::string* error);
    bool matches(const XdgToplevel& toplevel) const;
    std::string to_string() const; // as parsed: "12", "app-id=foot", ...
};

// The one toplevel the selector names, or null and a one-line `error`
// ("no window app-id=foo", or "window title=x is ambiguous: 3 (...), 5 (...)").
XdgToplevel* find_window(Server& server, const WindowSelector& selector, std::string* error);

} // namespace shoji
