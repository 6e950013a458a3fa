// org_kde_kwin_server_decoration_manager (protocol/server-decoration.xml,
// version 1): KDE's older way to ask who decorates a surface, still used by
// Qt 5, SDL and others. It answers the same mode as zxdg_decoration_manager_v1
// (`--decorations`): default_mode on bind, and every decoration object's mode
// event, whatever the client requests.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "shell/decoration_mode.hpp"

namespace shoji {

class KdeServerDecorationManager {
public:
    static constexpr uint32_t kVersion = 1;

    KdeServerDecorationManager(wl_display* display, DecorationMode mode);
    ~KdeServerDecorationManager();
    KdeServerDecorationManager(const KdeServerDecorationManager&) = delete;
    KdeServerDecorationManager& operator=(const KdeServerDecorationManager&) = delete;

    // The mode as the protocol's enum value.
    uint32_t mode() const;

    void handle_create(wl_resource* manager, uint32_t id, wl_resource* surface);

private:
    DecorationMode mode_;
    wl_global* global_;
};

} // namespace shoji
