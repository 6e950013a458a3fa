#include "observe/damage_frames.hpp"

#include <cstdio>
#include <vector>

#include "observe/frame_areas.hpp"
#include "output/output.hpp"
#include "server.hpp"
#include "util/png.hpp"

namespace shoji {

namespace {
// Per-pixel class while the picture is made: which colour, or none.
enum : uint8_t { kNone, kDS, kDO, kDB, kAS, kAO, kAB };
constexpr uint32_t kClassColour[] = {0,
                                     DamageFrames::kDamageSrc, DamageFrames::kDamageOver,
                                     DamageFrames::kDamageBackground, DamageFrames::kAgeSrc,
                                     DamageFrames::kAgeOver, DamageFrames::kAgeBackground};

void mark(std::vector<uint8_t>& classes, int width, int height, Region region, const Region& within,
          uint8_t cls) {
    region.intersect(within);
    region.intersect(Box{0, 0, width, height});
    for (const Box& b : region.boxes())
        for (int y = b.y; y < b.y + b.height; ++y)
            for (int x = b.x; x < b.x + b.width; ++x) classes[size_t(y) * size_t(width) + size_t(x)] = cls;
}

uint32_t tint(uint32_t pixel, uint32_t colour) {
    uint32_t out = 0;
    for (int shift = 0; shift < 24; shift += 8) {
        const uint32_t p = (pixel >> shift) & 0xff, c = (colour >> shift) & 0xff;
        out |= ((p + 3 * c) / 4) << shift;
    }
    return 0xff000000u | out;
}
} // namespace

DamageFrames::DamageFrames(Server& server, std::string dir) : server_(server), dir_(std::move(dir)) {
    for (const auto& output : server_.outputs()) output->add_frame_observer(this);
}

DamageFrames::~DamageFrames() {
    for (const auto& output : server_.outputs()) output->remove_frame_observer(this);
}

void DamageFrames::frame_drawn(Output& output, const FrameReport& report) {
    if (!report.committed || !error_.empty()) return;
    PixmanImage image = output.read_pixels();
    if (!image) return;
    const int width = pixman_image_get_width(image.get()), height = pixman_image_get_height(image.get());
    const FrameAreas a = frame_areas(report);
    std::vector<uint8_t> classes(size_t(width) * size_t(height), kNone);
    mark(classes, width, height, a.src, a.damage, kDS);
    mark(classes, width, height, a.over, a.damage, kDO);
    mark(classes, width, height, a.background, a.damage, kDB);
    mark(classes, width, height, a.src, a.age, kAS);
    mark(classes, width, height, a.over, a.age, kAO);
    mark(classes, width, height, a.background, a.age, kAB);

    auto* data = reinterpret_cast<uint8_t*>(pixman_image_get_data(image.get()));
    const size_t stride = size_t(pixman_image_get_stride(image.get()));
    for (int y = 0; y < height; ++y) {
        auto* row = reinterpret_cast<uint32_t*>(data + size_t(y) * stride);
        for (int x = 0; x < width; ++x) row[x] = tint(row[x], kClassColour[classes[size_t(y) * size_t(width) + size_t(x)]]);
    }
    for (const Box& b : a.occluded) {
        Region outline(b);
        if (b.width > 2 && b.height > 2) outline.subtract(Region(Box{b.x + 1, b.y + 1, b.width - 2, b.height - 2}));
        outline.intersect(Box{0, 0, width, height});
        for (const Box& o : outline.boxes())
            for (int y = o.y; y < o.y + o.height; ++y) {
                auto* row = reinterpret_cast<uint32_t*>(data + size_t(y) * stride);
                for (int x = o.x; x < o.x + o.width; ++x) row[x] = 0xff000000u | kOccludedOutline;
            }
    }

    char name[32];
    std::snprintf(name, sizeof name, "/frame-%05llu.png", (unsigned long long)(written_ + 1));
    if (!write_png(dir_ + name, std::move(image), &error_)) {
        std::fprintf(stderr, "shoji: --damage-frames: %s\n", error_.c_str());
        return;
    }
    ++written_;
}

} // namespace shoji
