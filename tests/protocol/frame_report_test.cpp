// FrameReport (what `--trace` and `--damage-frames` read from each output
// frame) on the in-process server: buffer age and the area it adds, SRC and
// OVER per view, an occluded view, the frame callbacks answered; and the
// pictures of DamageFrames, whose colour counts are the report's areas.
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/fixture.hpp"
#include "observe/damage_frames.hpp"
#include "observe/frame_areas.hpp"
#include "output/output.hpp"
#include "util/png.hpp"

namespace shoji::test {
namespace {

// Keeps a copy of every report, and the surfaces answered after each.
struct Recorder : FrameObserver {
    std::vector<FrameReport> reports;
    std::vector<int> answered;
    void frame_drawn(Output&, const FrameReport& r) override { reports.push_back(r); }
    void frame_done(Output&, const FrameReport&, int n) override { answered.push_back(n); }
};

class FrameReportTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        server->output()->add_frame_observer(&recorder);
    }
    void TearDown() override {
        server->output()->remove_frame_observer(&recorder);
        ShojiTest::TearDown();
    }
    const FrameReport& last() const { return recorder.reports.back(); }
    Recorder recorder;
};

const ViewReport* view_of(const FrameReport& r, const Surface* s) {
    for (const ViewReport& v : r.render.views)
        if (v.surface == s) return &v;
    return nullptr;
}

TEST_F(FrameReportTest, nothing_is_reported_without_an_observer) {
    server->output()->remove_frame_observer(&recorder);
    TestClient& c = connect();
    map_window(c, 64, 48, kRed);
    EXPECT_TRUE(recorder.reports.empty());
    server->output()->add_frame_observer(&recorder); // TearDown removes it
}

TEST_F(FrameReportTest, buffer_age_is_1_on_headless_so_only_the_frames_damage_is_repainted) {
    TestClient& c = connect();
    Window w = map_window(c, 64, 48, kRed);
    const int32_t area = 64 * 48;
    // Draw it three more times, whole: the output draws into the one buffer
    // it showed last (it keeps no lock on it, so the swapchain hands it back).
    for (int i = 0; i < 3; ++i) {
        w.buffer->fill(i % 2 ? kRed : kBlue);
        c.commit_buffer(w.surface(), *w.buffer);
        ASSERT_TRUE(c.commit_and_wait_frame(w.surface()));
    }
    ASSERT_GE(recorder.reports.size(), 4u);
    const int64_t whole = int64_t(320) * 240;
    for (const FrameReport& r : recorder.reports) {
        // Either a buffer never shown (all of it repainted) or the one shown
        // by the previous frame: nothing to add to this frame's damage.
        if (r.buffer_age == 0) {
            EXPECT_EQ(r.damage.area() + r.age_damage.area(), whole) << "frame " << r.frame;
        } else {
            EXPECT_EQ(r.buffer_age, 1) << "frame " << r.frame;
            EXPECT_TRUE(r.age_damage.empty()) << "frame " << r.frame;
        }
        Region overlap = r.damage;
        overlap.intersect(r.age_damage);
        EXPECT_TRUE(overlap.empty()) << "damage and the age area overlap in frame " << r.frame;
    }
    EXPECT_EQ(recorder.reports.front().buffer_age, 0) << "the first frame's buffer is new";
    const FrameReport& r = last();
    EXPECT_EQ(r.buffer_age, 1);
    EXPECT_EQ(r.damage.area(), area);
    EXPECT_EQ(r.age_damage.area(), 0);
    const ViewReport* v = view_of(r, c.server_surface(w.surface()));
    ASSERT_NE(v, nullptr);
    EXPECT_FALSE(v->occluded);
    EXPECT_EQ(v->src.area(), area) << "an opaque format is copied with SRC";
    EXPECT_EQ(v->over.area(), 0);
    EXPECT_EQ(recorder.answered.back(), 1) << "one surface had a frame callback";
    EXPECT_EQ(r.stats.pixels_drawn, area);
}

TEST_F(FrameReportTest, a_view_under_an_opaque_one_is_occluded_and_alpha_is_blended) {
    TestClient& c = connect();
    // Below: ARGB8888 without an opaque region, so blended with OVER.
    Window below;
    below.toplevel = c.make_toplevel();
    below.buffer = c.make_buffer(64, 48, WL_SHM_FORMAT_ARGB8888);
    below.buffer->fill(0x80800000);
    c.commit_buffer(below.surface(), *below.buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(below.surface()));
    std::tie(below.x, below.y) = surface_origin(c, below.surface());
    {
        const ViewReport* v = view_of(last(), c.server_surface(below.surface()));
        ASSERT_NE(v, nullptr);
        EXPECT_EQ(v->src.area(), 0);
        EXPECT_EQ(v->over.area(), 64 * 48);
    }
    // Above, opaque, cascaded 32 px right and down: it covers a corner.
    Window above = map_window(c, 64, 48, kBlue);
    ASSERT_EQ(above.x, below.x + 32) << "the cascade moved";
    // Only the top window commits: where its damage meets the lower one, the
    // top hides it, so the lower one is not read at all.
    c.commit_buffer(above.surface(), *above.buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(above.surface()));
    const FrameReport& r = last();
    const ViewReport* hidden = view_of(r, c.server_surface(below.surface()));
    ASSERT_NE(hidden, nullptr) << "the lower window meets the damage: it must be reported";
    EXPECT_TRUE(hidden->occluded);
    EXPECT_EQ(hidden->box.x, below.x);
    EXPECT_EQ(hidden->box.width, 64);
    EXPECT_TRUE(hidden->src.empty() && hidden->over.empty());
    const ViewReport* top = view_of(r, c.server_surface(above.surface()));
    ASSERT_NE(top, nullptr);
    EXPECT_EQ(top->src.area(), 64 * 48);
    EXPECT_EQ(r.stats.surfaces_drawn, 1) << "the occluded view was read";
}

// Counts the pixels of `image` in `region` whose every channel is within 64
// of `colour`'s (x8r8g8b8).
int64_t count(pixman_image_t* image, const Region& region, uint32_t colour) {
    int64_t n = 0;
    for (const Box& b : region.boxes())
        for (int y = b.y; y < b.y + b.height; ++y)
            for (int x = b.x; x < b.x + b.width; ++x) {
                const uint32_t p = pixel_at(image, x, y);
                bool same = true;
                for (int s = 0; s < 24; s += 8)
                    same = same && std::abs(int((p >> s) & 0xff) - int((colour >> s) & 0xff)) <= 64;
                n += same;
            }
    return n;
}

class DamageFramesTest : public FrameReportTest {
protected:
    void SetUp() override {
        FrameReportTest::SetUp();
        char tmpl[] = "/tmp/shoji-damage-frames-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir = tmpl;
        frames = std::make_unique<DamageFrames>(*server, dir);
    }
    void TearDown() override {
        frames.reset();
        std::filesystem::remove_all(dir);
        FrameReportTest::TearDown();
    }
    PixmanImage picture(uint64_t n) {
        char name[32];
        std::snprintf(name, sizeof name, "/frame-%05llu.png", (unsigned long long)n);
        std::string error;
        PixmanImage image = read_png(dir + name, &error);
        EXPECT_TRUE(image) << error;
        return image;
    }
    // Every picture's colours are its report's areas: each class counted
    // over the whole output, less what the occluded views' outlines cover.
    void expect_pictures_match_reports() {
        ASSERT_EQ(frames->written(), recorder.reports.size());
        const Region all(Box{0, 0, 320, 240});
        for (size_t i = 0; i < recorder.reports.size(); ++i) {
            const FrameReport& r = recorder.reports[i];
            PixmanImage image = picture(i + 1);
            ASSERT_TRUE(image);
            const FrameAreas a = frame_areas(r);
            Region outline;
            for (const Box& b : a.occluded) {
                Region o(b);
                o.subtract(Region(Box{b.x + 1, b.y + 1, b.width - 2, b.height - 2}));
                outline.add(o);
            }
            outline.intersect(Box{0, 0, 320, 240});
            auto expected = [&](const Region& cls, const Region& part) {
                Region x = cls;
                x.intersect(part);
                x.subtract(outline);
                return x.area();
            };
            const std::string at = "picture " + std::to_string(i + 1);
            EXPECT_EQ(count(image.get(), all, DamageFrames::kDamageSrc), expected(a.src, a.damage)) << at;
            EXPECT_EQ(count(image.get(), all, DamageFrames::kDamageOver), expected(a.over, a.damage)) << at;
            EXPECT_EQ(count(image.get(), all, DamageFrames::kDamageBackground), expected(a.background, a.damage)) << at;
            EXPECT_EQ(count(image.get(), all, DamageFrames::kAgeSrc), expected(a.src, a.age)) << at;
            EXPECT_EQ(count(image.get(), all, DamageFrames::kAgeOver), expected(a.over, a.age)) << at;
            EXPECT_EQ(count(image.get(), all, DamageFrames::kAgeBackground), expected(a.background, a.age)) << at;
            EXPECT_EQ(count(image.get(), all, DamageFrames::kOccludedOutline), outline.area()) << at;
            // The classes tile the repaint region: the counters agree.
            EXPECT_EQ(a.src.area() + a.over.area() + a.background.area(), r.damage.area() + r.age_damage.area())
                << at;
        }
    }
    std::string dir;
    std::unique_ptr<DamageFrames> frames;
};

TEST_F(DamageFramesTest, each_frame_is_a_picture_whose_colours_count_the_report) {
    TestClient& c = connect();
    Window below;
    below.toplevel = c.make_toplevel();
    below.buffer = c.make_buffer(64, 48, WL_SHM_FORMAT_ARGB8888);
    below.buffer->fill(0x80800000);
    c.commit_buffer(below.surface(), *below.buffer);
    ASSERT_TRUE(c.commit_and_wait_frame(below.surface()));
    Window above = map_window(c, 64, 48, kBlue);
    for (int i = 0; i < 2; ++i) {
        c.commit_buffer(above.surface(), *above.buffer);
        ASSERT_TRUE(c.commit_and_wait_frame(above.surface()));
    }
    // A half-damaged commit of the lower one: OVER in the damage.
    wl_surface_attach(below.surface(), below.buffer->buffer, 0, 0);
    wl_surface_damage_buffer(below.surface(), 0, 0, 16, 16);
    ASSERT_TRUE(c.commit_and_wait_frame(below.surface()));
    ASSERT_GE(recorder.reports.size(), 5u);
    bool saw_occluded = false, saw_over = false;
    for (const FrameReport& r : recorder.reports) {
        const FrameAreas a = frame_areas(r);
        saw_occluded |= !a.occluded.empty();
        Region over = a.over;
        over.intersect(r.damage);
        saw_over |= !over.empty();
    }
    EXPECT_TRUE(saw_occluded && saw_over) << "the frames do not show every kind of area";
    expect_pictures_match_reports();
}

// Buffer age above 1 on headless: direct frames (output/direct_scanout_buffer.hpp)
// show a client's buffer without drawing into the output's own, which then
// lacks what they showed; the next composited frame repaints that as its age
// area.
TEST_F(DamageFramesTest, after_direct_frames_the_output_buffer_repaints_what_they_showed) {
    TestClient& c = connect();
    Window full;
    full.toplevel = c.make_toplevel();
    xdg_toplevel_set_fullscreen(full.toplevel->toplevel, nullptr);
    const int before = full.toplevel->configures;
    ASSERT_TRUE(c.dispatch_until([&] { return full.toplevel->configures > before; }));
    c.ack(*full.toplevel);
    full.buffer = c.make_buffer(320, 240, WL_SHM_FORMAT_XRGB8888);
    full.buffer->fill(kGrey);
    for (int i = 0; i < 3; ++i) {
        c.commit_buffer(full.surface(), *full.buffer);
        ASSERT_TRUE(c.commit_and_wait_frame(full.surface()));
    }
    const uint64_t direct = server->output()->frames_direct();
    ASSERT_GE(direct, 3u);
    EXPECT_TRUE(last().direct);
    EXPECT_EQ(last().damage.area(), 320 * 240);
    Window small = map_window(c, 40, 30, kBlue);
    const FrameReport& r = last();
    EXPECT_FALSE(r.direct);
    EXPECT_EQ(server->output()->frames_direct(), direct);
    EXPECT_EQ(r.buffer_age, int(direct) + 1) << "the output's buffer missed every direct frame";
    EXPECT_EQ(r.damage.area() + r.age_damage.area(), 320 * 240);
    EXPECT_EQ(r.damage.area(), 40 * 30);
    expect_pictures_match_reports();
    (void)small;
}

} // namespace
} // namespace shoji::test
