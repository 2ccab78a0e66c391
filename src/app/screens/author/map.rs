//! The scene map: the scenario's graph (from [`crate::graph`]) drawn in layers by distance
//! from the start ([`crate::author::layers`]), with the current scene and the scenes on the
//! path so far highlighted. Random picks are small diamonds with dashed arrows, choices that
//! let a warning sign pass are red, endings are coloured by kind. Clicking a scene asks to
//! jump there.

use egui::{Color32, FontId, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, pos2, vec2};

use super::path_so_far;
use crate::app::widgets::colours;
use crate::author::layers;
use crate::engine::Session;
use crate::graph::{Graph, NodeKind};
use crate::scenario::{EndingKind, Scenario};

/// What a box on the map stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapKind {
    /// A scene (clickable).
    Scene,
    /// An ending, by kind.
    Ending(EndingKind),
    /// A random pick.
    Random,
}

/// One box.
#[derive(Clone, Debug, PartialEq)]
pub struct MapNode {
    /// The scene or ending id (empty for a random pick).
    pub id: String,
    /// A second line for the hover text: the speaker or the ending's title.
    pub detail: String,
    /// Its row, counted from the start scene.
    pub layer: usize,
    /// What it is.
    pub kind: MapKind,
    /// The session is here.
    pub current: bool,
    /// The session has been here.
    pub on_path: bool,
}

/// One arrow.
#[derive(Clone, Debug, PartialEq)]
pub struct MapEdge {
    /// The box it leaves.
    pub from: usize,
    /// The box it enters.
    pub to: usize,
    /// One outcome of a random pick.
    pub random: bool,
    /// The choice lets a warning sign pass.
    pub lets_pass: bool,
    /// Both ends are on the path so far.
    pub taken: bool,
}

/// The map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapView {
    /// Scenes, endings and random picks.
    pub nodes: Vec<MapNode>,
    /// Choices and random outcomes.
    pub edges: Vec<MapEdge>,
    /// The scenes and endings of a scenario too big to draw here (past [`MAX_MAP_BOXES`]);
    /// the map then says so instead.
    pub too_many: Option<usize>,
}

/// The most scenes and endings the map draws. A bigger map is unreadable in a side panel,
/// and laying it out every frame would slow the app; `jigsaw graph` draws it whole.
pub const MAX_MAP_BOXES: usize = 300;

impl MapView {
    /// The map of `scenario` with `session`'s place and path.
    pub fn of(scenario: &Scenario, session: &Session) -> MapView {
        let boxes = scenario.scenes.len() + scenario.endings.len();
        if boxes > MAX_MAP_BOXES {
            return MapView {
                too_many: Some(boxes),
                ..MapView::default()
            };
        }
        let graph = Graph::of(scenario, None);
        let layer = layers(&graph);
        let path = path_so_far(session);
        let mut nodes: Vec<MapNode> = graph
            .nodes
            .iter()
            .zip(&layer)
            .map(|(node, layer)| {
                let kind = match node.kind {
                    NodeKind::Scene { .. } => MapKind::Scene,
                    NodeKind::Ending(kind) => MapKind::Ending(kind),
                    NodeKind::Random => MapKind::Random,
                };
                let here = !node.id.is_empty() && node.id == session.state.scene;
                MapNode {
                    id: node.id.clone(),
                    detail: node.detail.clone(),
                    layer: *layer,
                    kind,
                    current: here,
                    on_path: here || (kind == MapKind::Scene && path.contains(&node.id)),
                }
            })
            .collect();
        // A random pick is on the path when the path went through it.
        for (i, node) in graph.nodes.iter().enumerate() {
            if node.kind == NodeKind::Random {
                let into = graph
                    .edges
                    .iter()
                    .any(|e| e.to == i && nodes[e.from].on_path);
                let out = graph
                    .edges
                    .iter()
                    .any(|e| e.from == i && nodes[e.to].on_path);
                nodes[i].on_path = into && out;
            }
        }
        let edges = graph
            .edges
            .iter()
            .map(|e| MapEdge {
                from: e.from,
                to: e.to,
                random: e.random,
                lets_pass: e.lets_pass.is_some(),
                taken: nodes[e.from].on_path && nodes[e.to].on_path,
            })
            .collect();
        MapView {
            nodes,
            edges,
            too_many: None,
        }
    }
}

/// The widest and narrowest a box gets; boxes shrink to fit the panel before it scrolls.
const BOX_WIDTHS: (f32, f32) = (96.0, 132.0);
const BOX_HEIGHT: f32 = 30.0;
const GAP: egui::Vec2 = vec2(14.0, 30.0);
const DIAMOND: f32 = 8.0;

/// Where each box goes: rows by layer, each row centred.
fn positions(view: &MapView, width: f32, box_width: f32) -> Vec<Rect> {
    let size = vec2(box_width, BOX_HEIGHT);
    let rows = view
        .nodes
        .iter()
        .map(|n| n.layer)
        .max()
        .map_or(0, |l| l + 1);
    let mut rects = vec![Rect::NOTHING; view.nodes.len()];
    for row in 0..rows {
        let members: Vec<usize> = (0..view.nodes.len())
            .filter(|i| view.nodes[*i].layer == row)
            .collect();
        let row_width = members.len() as f32 * (size.x + GAP.x) - GAP.x;
        let mut x = ((width - row_width) / 2.0).max(0.0);
        let y = row as f32 * (size.y + GAP.y);
        for i in members {
            rects[i] = if view.nodes[i].kind == MapKind::Random {
                Rect::from_center_size(
                    pos2(x + size.x / 2.0, y + size.y / 2.0),
                    vec2(DIAMOND * 2.0, DIAMOND * 2.0),
                )
            } else {
                Rect::from_min_size(pos2(x, y), size)
            };
            x += size.x + GAP.x;
        }
    }
    rects
}

fn ending_colour(kind: EndingKind) -> Color32 {
    match kind {
        EndingKind::Good => Color32::from_rgb(46, 125, 50),
        EndingKind::Mixed => Color32::from_rgb(191, 128, 0),
        EndingKind::Poor => Color32::from_rgb(183, 28, 28),
    }
}

/// A box's text, cut to fit `width` in 11-point monospace.
fn fit(id: &str, width: f32) -> String {
    let max = (((width - 8.0) / 6.7).floor() as usize).max(4);
    if id.chars().count() <= max {
        id.to_string()
    } else {
        let mut cut: String = id.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

/// Draws the map. Returns the scene the author clicked, to jump to.
pub fn map_ui(ui: &mut Ui, view: &MapView) -> Option<String> {
    let p = colours(ui);
    ui.label(RichText::new("Scene map").strong());
    if let Some(boxes) = view.too_many {
        ui.label(format!(
            "This scenario has {boxes} scenes and endings, too many to draw here (the map \
             shows up to {MAX_MAP_BOXES}). `jigsaw graph <file> | dot -Tsvg -o map.svg` \
             draws it whole."
        ));
        return None;
    }
    let width = {
        let rows = view
            .nodes
            .iter()
            .map(|n| n.layer)
            .max()
            .map_or(0, |l| l + 1);
        let widest = (0..rows)
            .map(|row| view.nodes.iter().filter(|n| n.layer == row).count())
            .max()
            .unwrap_or(0);
        let room = ui.available_width() - 16.0;
        let widest = widest.max(1) as f32;
        let box_width =
            ((room - (widest - 1.0) * GAP.x) / widest).clamp(BOX_WIDTHS.0, BOX_WIDTHS.1);
        ((widest * (box_width + GAP.x)).max(room), box_width)
    };
    let (width, box_width) = width;
    let rects = positions(view, width, box_width);
    let height = rects.iter().map(|r| r.bottom()).fold(0.0_f32, f32::max) + 8.0;
    let mut clicked = None;
    egui::ScrollArea::both()
        .id_salt("scene-map")
        .max_height(460.0)
        .show(ui, |ui| {
            let (area, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
            let offset = area.min.to_vec2();
            let rects: Vec<Rect> = rects.iter().map(|r| r.translate(offset)).collect();
            let painter = ui.painter_at(area.expand(4.0));
            for edge in &view.edges {
                let (from, to) = (rects[edge.from], rects[edge.to]);
                let (start, end) = if to.top() > from.bottom() {
                    (from.center_bottom(), to.center_top())
                } else {
                    // Back to an earlier row: leave and enter from the side.
                    (from.right_center(), to.right_center())
                };
                let colour = if edge.lets_pass {
                    p.error
                } else if edge.taken {
                    p.accent
                } else {
                    p.weak.gamma_multiply(0.6)
                };
                let width = if edge.taken || edge.lets_pass {
                    2.5
                } else {
                    1.0
                };
                let stroke = Stroke::new(width, colour);
                if edge.random {
                    painter.extend(Shape::dashed_line(&[start, end], stroke, 5.0, 4.0));
                } else {
                    painter.line_segment([start, end], stroke);
                }
                arrow_head(&painter, start, end, stroke);
            }
            for (i, node) in view.nodes.iter().enumerate() {
                let rect = rects[i];
                if node.kind == MapKind::Random {
                    let c = rect.center();
                    let points = vec![
                        c + vec2(0.0, -DIAMOND),
                        c + vec2(DIAMOND, 0.0),
                        c + vec2(0.0, DIAMOND),
                        c + vec2(-DIAMOND, 0.0),
                    ];
                    let fill = if node.on_path { p.accent } else { p.card };
                    painter.add(Shape::convex_polygon(
                        points,
                        fill,
                        Stroke::new(1.0, p.weak),
                    ));
                    continue;
                }
                let (fill, text, stroke) = match node.kind {
                    _ if node.current => (p.accent, p.on_accent, Stroke::new(2.5, p.text)),
                    MapKind::Ending(kind) => (
                        ending_colour(kind).gamma_multiply(0.25),
                        p.text,
                        Stroke::new(2.0, ending_colour(kind)),
                    ),
                    _ if node.on_path => (p.accent_soft, p.text, Stroke::new(2.0, p.accent)),
                    _ => (p.card, p.text, Stroke::new(1.0, p.weak)),
                };
                painter.rect(
                    rect,
                    if matches!(node.kind, MapKind::Ending(_)) {
                        14.0
                    } else {
                        4.0
                    },
                    fill,
                    stroke,
                    egui::StrokeKind::Inside,
                );
                painter.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    fit(&node.id, box_width),
                    FontId::monospace(11.0),
                    text,
                );
                let id = ui.id().with(("map-node", &node.id));
                let sense = if node.kind == MapKind::Scene {
                    Sense::click()
                } else {
                    Sense::hover()
                };
                let response = ui.interact(rect, id, sense);
                let label = node.id.clone();
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::Button, true, label.clone())
                });
                // What the fill and the red arrows show, in words for a screen reader.
                let mut about = vec![node.detail.clone()];
                if node.current {
                    about.push("where you are".to_string());
                } else if node.on_path {
                    about.push("on your path so far".to_string());
                }
                let passing = view
                    .edges
                    .iter()
                    .filter(|e| e.from == i && e.lets_pass)
                    .count();
                if passing > 0 {
                    about.push(format!("choices that let a warning sign pass: {passing}"));
                }
                crate::app::a11y::describe(ui, &response, about.join("; "));
                let hover = match node.kind {
                    MapKind::Scene => format!("{} · {}\nClick to jump here", node.id, node.detail),
                    _ => format!("{} · {}", node.id, node.detail),
                };
                if response.on_hover_text(hover).clicked() {
                    clicked = Some(node.id.clone());
                }
            }
        });
    ui.label(
        RichText::new(
            "Click a scene to jump there. Filled: where you are; outlined: the path so far; \
             dashed: random pick; red: lets a warning sign pass.",
        )
        .small()
        .color(p.weak),
    );
    clicked
}

fn arrow_head(painter: &egui::Painter, start: Pos2, end: Pos2, stroke: Stroke) {
    let direction = (end - start).normalized();
    if !direction.is_finite() {
        return;
    }
    let side = vec2(-direction.y, direction.x);
    let back = end - direction * 7.0;
    painter.add(Shape::convex_polygon(
        vec![end, back + side * 4.0, back - side * 4.0],
        stroke.color,
        Stroke::NONE,
    ));
}
