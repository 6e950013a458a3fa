#include "scene/scene.hpp"

#include <algorithm>

#include <cmath>

#include <unordered_map>

#include "surface/buffer_geometry.hpp"
#include "surface/wl_surface.hpp"

namespace shoji {

std::vector<SceneNode*>::iterator Scene::top_of(SceneLayer layer) {
    return std::find_if(nodes_.begin(), nodes_.end(), [layer](const SceneNode* n) { return n->layer() > layer; });
}

void Scene::map(SceneNode* node, bool focus_it) {
    if (is_mapped(node)) return;
    nodes_.insert(top_of(node->layer()), node);
    if (focus_it) focus(node);
    update_keyboard();
    layout_changed();
}

void Scene::unmap(SceneNode* node) {
    auto it = std::find(nodes_.begin(), nodes_.end(), node);
    if (it == nodes_.end()) return;
    // A node unmapped by a commit of a null buffer still shows its old
    // buffer here (SurfaceRole::shows_old_buffer_while_told).
    Surface* main = node->main_surface();
    if (before_unmap && main && main->buffer()) before_unmap();
    nodes_.erase(it);
    unfocus(node);
    update_keyboard();
    layout_changed();
}

void Scene::unfocus(SceneNode* node) {
    if (focused_ != node) return;
    // (A node that left the scene is not told: it is no longer shown.)
    if (is_mapped(node)) focused_->set_activated(false);
    focused_ = nullptr;
    for (auto n = nodes_.rbegin(); n != nodes_.rend() && !focused_; ++n)
        if (*n != node && (*n)->takes_focus()) focus(*n);
    update_keyboard();
}

void Scene::raise(SceneNode* node) {
    auto it = std::find(nodes_.begin(), nodes_.end(), node);
    if (it == nodes_.end()) return;
    nodes_.erase(it);
    nodes_.insert(top_of(node->layer()), node);
    add_damage(node->bounds()); // what was covered now shows
    layout_changed();
}

void Scene::activate(SceneNode* node) {
    if (!node->takes_focus()) return;
    raise(node);
    focus(node);
}

bool Scene::is_mapped(const SceneNode* node) const {
    return std::find(nodes_.begin(), nodes_.end(), node) != nodes_.end();
}

void Scene::focus(SceneNode* node) {
    if (focused_ == node) return;
    if (focused_) focused_->set_activated(false);
    focused_ = node;
    if (focused_) focused_->set_activated(true);
    update_keyboard();
}

void Scene::update_keyboard() {
    // xdg-shell.xml, xdg_popup.grab: "the top most grabbing popup will
    // always have keyboard focus"; otherwise the focused node has it.
    SceneNode* target = focused_ && shown(focused_) ? focused_ : nullptr;
    for (auto n = nodes_.rbegin(); n != nodes_.rend(); ++n)
        if (shown(*n) && (*n)->grabs_keyboard()) {
            target = *n;
            break;
        }
    // Locked: the topmost lock surface has the keyboard.
    for (auto n = nodes_.rbegin(); !target && locked_ && n != nodes_.rend(); ++n)
        if (shown(*n)) target = *n;
    if (target == keyboard_) return;
    keyboard_ = target;
    if (on_focus) on_focus(target);
}

std::vector<View> Scene::views() const {
    std::vector<View> out;
    for (const SceneNode* node : nodes_)
        if (shown(node)) node->collect_views(out);
    if (cursor_ && cursor_->buffer()) out.push_back({cursor_, cursor_x_, cursor_y_});
    return out;
}

std::optional<Scene::Hit> Scene::hit_test(double x, double y) const {
    std::vector<View> views;
    for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it) {
        if (!shown(*it)) continue;
        views.clear();
        (*it)->collect_views(views);
        for (auto v = views.rbegin(); v != views.rend(); ++v) {
            const double sx = x - v->x, sy = y - v->y;
            if (v->surface->accepts_input(int32_t(std::floor(sx)), int32_t(std::floor(sy))))
                return Hit{*it, v->surface, sx, sy};
        }
    }
    return std::nullopt;
}

void Scene::set_locked(bool locked) {
    if (locked == locked_) return;
    locked_ = locked;
    // Everything shown changes at once.
    for (const OutputArea& o : outputs()) add_damage(o.box);
    update_keyboard();
    layout_changed(); // the pointer leaves what is hidden now, or finds it again
}

void Scene::set_cursor(Surface* surface, int32_t x, int32_t y) {
    if (surface == cursor_ && x == cursor_x_ && y == cursor_y_) return;
    cursor_ = surface;
    cursor_x_ = x;
    cursor_y_ = y;
    cursor_changed();
}

void Scene::cursor_changed() {
    add_damage(cursor_box_);
    cursor_box_ = cursor_ ? Box{cursor_x_, cursor_y_, cursor_->width(), cursor_->height()} : Box{};
    add_damage(cursor_box_);
}

void Scene::add_damage(const Region& layout_damage) {
    if (layout_damage.empty()) return;
    damage_.add(layout_damage);
    if (on_damage) on_damage();
}

void Scene::schedule_frame() {
    if (on_frame_request) on_frame_request();
}

std::vector<OutputArea> Scene::outputs() const {
    return list_outputs ? list_outputs() : std::vector<OutputArea>();
}

void Scene::output_resized() {
    const std::vector<SceneNode*> nodes = nodes_;
    for (SceneNode* node : nodes) node->output_resized();
    layout_changed();
}

Box Scene::placement_area() const {
    const std::vector<OutputArea> all = outputs();
    if (all.empty()) return {0, 0, 1280, 720};
    Box area = all.front().box;
    for (const Insets& i : insets_)
        if (i.output == all.front().wlr) {
            area.x += i.left;
            area.y += i.top;
            area.width = std::max(0, area.width - i.left - i.right);
            area.height = std::max(0, area.height - i.top - i.bottom);
        }
    return area;
}

void Scene::set_usable_area(const OutputArea& output, const Box& usable) {
    const Box& full = output.box;
    const Insets insets{output.wlr, usable.x - full.x, usable.y - full.y,
                        (full.x + full.width) - (usable.x + usable.width),
                        (full.y + full.height) - (usable.y + usable.height)};
    auto it = std::find_if(insets_.begin(), insets_.end(), [&](const Insets& i) { return i.output == output.wlr; });
    if (it != insets_.end() && it->left == insets.left && it->top == insets.top && it->right == insets.right &&
        it->bottom == insets.bottom)
        return;
    if (it == insets_.end()) insets_.push_back(insets);
    else *it = insets;
    // Maximized and fullscreen windows take the new area (XdgToplevel::output_resized).
    output_resized();
}

std::vector<ShownPart> Scene::parts_on_outputs(const std::vector<const Surface*>& surfaces) const {
    // The part of each surface that lies on an output, in surface
    // coordinates.
    std::unordered_map<const Surface*, size_t> index;
    for (size_t i = 0; i < surfaces.size(); ++i) index.emplace(surfaces[i], i);
    std::vector<Box> seen(surfaces.size());
    const std::vector<OutputArea> all_outputs = outputs();
    for (const View& v : views()) {
        auto it = index.find(v.surface);
        if (it == index.end()) continue;
        const Box on_layout{v.x, v.y, v.surface->width(), v.surface->height()};
        for (const OutputArea& output : all_outputs) {
            Box part = intersect(on_layout, output.box);
            if (part.empty()) continue;
            part.x -= v.x;
            part.y -= v.y;
            seen[it->second] = bounding(seen[it->second], part);
        }
    }
    // In buffer pixels.
    std::vector<ShownPart> parts(surfaces.size());
    for (size_t i = 0; i < surfaces.size(); ++i)
        if (!seen[i].empty()) parts[i] = {seen[i], surface_to_buffer(seen[i], surfaces[i]->geometry())};
    return parts;
}

} // namespace shoji
