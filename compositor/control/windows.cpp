#include "control/windows.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "seat/wl_seat.hpp"
#include "server.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"

namespace shoji {

namespace {
int64_t overlap(const Box& a, const Box& b) {
    const int64_t w = std::min<int64_t>(int64_t(a.x) + a.width, int64_t(b.x) + b.width) - std::max(a.x, b.x);
    const int64_t h = std::min<int64_t>(int64_t(a.y) + a.height, int64_t(b.y) + b.height) - std::max(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
}

// "3 (app-id=foot, title="~")": how a candidate is named in an ambiguity error.
std::string candidate(const XdgToplevel& t) {
    return std::to_string(t.id()) + " (app-id=" + t.app_id() + ", title=\"" + t.title() + "\"" +
           (t.mapped() ? "" : ", not mapped") + ")";
}
} // namespace

WindowInfo describe_window(Server& server, const XdgToplevel& t) {
    WindowInfo w;
    w.id = t.id();
    w.app_id = t.app_id();
    w.title = t.title();
    w.mapped = t.mapped();
    w.x = t.x();
    w.y = t.y();
    if (const XdgSurface* xdg = t.xdg_surface()) {
        const Box g = xdg->geometry();
        w.width = g.width;
        w.height = g.height;
    }
    w.activated = w.mapped && server.scene().focused() == &t;
    const Surface* main = t.main_surface();
    w.focused = main && server.seat().keyboard_focus() == main;
    if (w.mapped) {
        int64_t best = 0;
        for (const auto& output : server.outputs()) {
            const int64_t area = overlap(Box{w.x, w.y, w.width, w.height}, output->layout_box());
            if (area > best) best = area, w.output = output->wlr()->name;
        }
    }
    if (wl_resource* r = t.resource()) {
        pid_t pid = 0;
        wl_client_get_credentials(wl_resource_get_client(r), &pid, nullptr, nullptr);
        w.pid = int32_t(pid);
    }
    return w;
}

std::optional<WindowSelector> WindowSelector::parse(const std::string& spec, std::string* error) {
    WindowSelector s;
    auto has_prefix = [&](const char* p) { return spec.rfind(p, 0) == 0; };
    if (has_prefix("app-id=")) {
        s.kind = Kind::AppId;
        s.text = spec.substr(7);
        return s;
    }
    if (has_prefix("title=")) {
        s.kind = Kind::Title;
        s.text = spec.substr(6);
        return s;
    }
    errno = 0;
    char* end = nullptr;
    const unsigned long long id = spec.empty() || spec[0] < '0' || spec[0] > '9'
                                      ? 0
                                      : std::strtoull(spec.c_str(), &end, 10);
    if (id == 0 || errno || *end) {
        *error = "bad window '" + spec + "': expected an id from 'windows', app-id=ID or title=TEXT";
        return std::nullopt;
    }
    s.id = id;
    return s;
}

bool WindowSelector::matches(const XdgToplevel& t) const {
    switch (kind) {
    case Kind::Id: return t.id() == id;
    case Kind::AppId: return t.app_id() == text;
    case Kind::Title: return t.title() == text;
    }
    return false;
}

std::string WindowSelector::to_string() const {
    switch (kind) {
    case Kind::Id: return std::to_string(id);
    case Kind::AppId: return "app-id=" + text;
    case Kind::Title: return "title=" + text;
    }
    return "";
}

XdgToplevel* find_window(Server& server, const WindowSelector& selector, std::string* error) {
    std::vector<XdgToplevel*> found;
    for (XdgToplevel* t : server.xdg_shell().toplevels())
        if (selector.matches(*t)) found.push_back(t);
    if (found.size() > 1) {
        // Several toplevels, one shown: that is the one a person would mean.
        std::vector<XdgToplevel*> mapped;
        for (XdgToplevel* t : found)
            if (t->mapped()) mapped.push_back(t);
        if (mapped.size() == 1) found = mapped;
    }
    if (found.size() == 1) return found.front();
    if (found.empty()) {
        *error = "no window " + selector.to_string();
    } else {
        *error = "window " + selector.to_string() + " is ambiguous: it matches";
        for (size_t i = 0; i < found.size(); ++i) *error += (i ? ", " : " ") + candidate(*found[i]);
    }
    return nullptr;
}

} // namespace shoji
