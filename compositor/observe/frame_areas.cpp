#include "observe/frame_areas.hpp"

namespace shoji {

FrameAreas frame_areas(const FrameReport& report) {
    FrameAreas a;
    a.damage = report.damage;
    a.age = report.age_damage;
    a.background = report.render.background;
    // Bottom to top: what a view paints is its class now, whatever was under.
    for (const ViewReport& v : report.render.views) {
        if (v.occluded) {
            a.occluded.push_back(v.box);
            continue;
        }
        a.src.subtract(v.over);
        a.src.add(v.src);
        a.over.subtract(v.src);
        a.over.add(v.over);
        a.background.subtract(v.src);
        a.background.subtract(v.over);
    }
    return a;
}

} // namespace shoji
