#include "scene.hpp"

#include <algorithm>

#include "output/output.hpp"

namespace shoji {

void Scene::map(SceneNode* node) {
    if (is_mapped(node)) return;
    nodes_.push_back(node);
    focus(node);
}

void Scene::unmap(SceneNode* node) {
    auto it = std::find(nodes_.begin(), nodes_.end(), node);
    if (it == nodes_.end()) return;
    if (before_unmap) before_unmap();
    nodes_.erase(it);
    if (focused_ == node) {
        focused_ = nullptr;
        if (!nodes_.empty()) focus(nodes_.back());
    }
}

void Scene::raise(SceneNode* node) {
    auto it = std::find(nodes_.begin(), nodes_.end(), node);
    if (it == nodes_.end()) return;
    nodes_.erase(it);
    nodes_.push_back(node);
}

bool Scene::is_mapped(const SceneNode* node) const {
    return std::find(nodes_.begin(), nodes_.end(), node) != nodes_.end();
}

void Scene::focus(SceneNode* node) {
    if (focused_ == node) return;
    if (focused_) focused_->set_activated(false);
    focused_ = node;
    if (focused_) focused_->set_activated(true);
}

std::vector<View> Scene::views() const {
    std::vector<View> out;
    for (const SceneNode* node : nodes_) node->collect_views(out);
    return out;
}

void Scene::add_damage(const Region& layout_damage) {
    if (layout_damage.empty()) return;
    for (Output* output : outputs_) output->add_layout_damage(layout_damage);
}

void Scene::schedule_frame() {
    for (Output* output : outputs_) output->schedule_frame_callbacks();
}

void Scene::add_output(Output* output) { outputs_.push_back(output); }

void Scene::remove_output(Output* output) {
    outputs_.erase(std::remove(outputs_.begin(), outputs_.end(), output), outputs_.end());
}

Box Scene::placement_area() const {
    if (outputs_.empty()) return {0, 0, 1280, 720};
    return outputs_.front()->layout_box();
}

} // namespace shoji
