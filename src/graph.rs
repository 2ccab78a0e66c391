//! A scenario's shape as a graph: scenes and endings as nodes, choices as arrows.
//!
//! [`Graph::of`] builds a plain model (the app can draw it as it likes); [`Graph::to_dot`]
//! and [`Graph::to_mermaid`] write it for Graphviz and for Mermaid (which GitHub, GitLab
//! and many wikis draw). Endings are coloured and labelled by kind, choices that let a
//! warning sign pass are red and thick, choices offered only under a condition are dashed
//! and say the condition, and a random pick goes through a diamond whose arrows give each
//! outcome's chance. Scenes that no path reaches are greyed when the path walk is given.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::scenario::{Condition, EndingKind, Scenario};

/// What a node stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A scene.
    Scene {
        /// Whether the story starts here.
        start: bool,
        /// How many observations it has.
        observations: usize,
        /// Whether it has a discussion question.
        discuss: bool,
        /// False when the path walk found no path that shows it.
        reached: bool,
    },
    /// An ending, by kind.
    Ending(EndingKind),
    /// The random pick of one choice.
    Random,
}

/// One node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// A short id safe in both formats (`s3`, `e1`, `r0`).
    pub key: String,
    /// The scene or ending id (empty for a random pick).
    pub id: String,
    /// A second line: the speaker, or the ending's title.
    pub detail: String,
    /// What it is.
    pub kind: NodeKind,
}

/// One arrow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Index of the node it leaves.
    pub from: usize,
    /// Index of the node it enters.
    pub to: usize,
    /// The choice's number in its scene (1-based, as written) and its text, shortened;
    /// for a random outcome, its chance ("3 in 4").
    pub label: String,
    /// The condition under which the choice is offered, in words.
    pub condition: Option<String>,
    /// The warning sign the choice lets pass.
    pub lets_pass: Option<String>,
    /// Whether this is one outcome of a random pick.
    pub random: bool,
}

/// A scenario's graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// The scenario's title.
    pub title: String,
    /// Scenes, then endings, then random picks.
    pub nodes: Vec<Node>,
    /// Choices and random outcomes.
    pub edges: Vec<Edge>,
}

/// The longest choice text shown on an arrow, in characters.
const LABEL_CHARS: usize = 48;

/// `text` cut to `max` characters with `…`.
fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        text
    } else {
        let mut cut: String = text.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

/// A condition in words: `flag asked and engagement ≥ 5`.
pub fn describe(condition: &Condition) -> String {
    fn inner(c: &Condition, nested: bool) -> String {
        match c {
            Condition::Flag(f) => format!("flag {f}"),
            Condition::NotFlag(f) => format!("not flag {f}"),
            Condition::Found(p) => format!("found {p}"),
            Condition::NotFound(p) => format!("not found {p}"),
            Condition::AtLeast(m, v) => format!("{m} ≥ {v}"),
            Condition::Below(m, v) => format!("{m} < {v}"),
            Condition::Visited(s) => format!("visited {s}"),
            Condition::NotVisited(s) => format!("not visited {s}"),
            Condition::All(all) | Condition::Any(all) => {
                let word = if matches!(c, Condition::All(_)) {
                    " and "
                } else {
                    " or "
                };
                let joined = all
                    .iter()
                    .map(|c| inner(c, true))
                    .collect::<Vec<_>>()
                    .join(word);
                if nested && all.len() > 1 {
                    format!("({joined})")
                } else {
                    joined
                }
            }
            Condition::Not(c) => format!("not ({})", inner(c, false)),
        }
    }
    inner(condition, false)
}

/// The scenes as drawn, ignoring conditions: where each scene's choices (and its time
/// limit) can lead. The checker asks it what the start reaches and what can reach an
/// ending; `jigsaw graph` and the scene map draw the same edges with their labels.
pub struct SceneGraph<'a> {
    /// Each scene's successors (scenes and endings), in file order, repeats allowed.
    next: HashMap<&'a str, Vec<&'a str>>,
    /// The endings' ids.
    endings: Vec<&'a str>,
}

impl<'a> SceneGraph<'a> {
    /// The drawn graph of `scenario`.
    pub fn of(scenario: &'a Scenario) -> SceneGraph<'a> {
        let next = scenario
            .scenes
            .iter()
            .map(|scene| {
                let mut targets: Vec<&str> = scene
                    .choices
                    .iter()
                    .flat_map(|c| c.targets_with_weight())
                    .collect();
                // A time limit's `then` is where any choice under it may lead.
                if !scene.choices.is_empty() {
                    targets.extend(scenario.time_out_targets(scene));
                }
                (scene.id.value.as_str(), targets)
            })
            .collect();
        let endings = scenario
            .endings
            .iter()
            .map(|e| e.id.value.as_str())
            .collect();
        SceneGraph { next, endings }
    }

    /// Where `scene` can lead.
    pub fn next(&self, scene: &str) -> &[&'a str] {
        self.next.get(scene).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every scene and ending reachable from `start` (itself included).
    pub fn reached_from(&self, start: &'a str) -> BTreeSet<&'a str> {
        let mut reached = BTreeSet::from([start]);
        let mut queue = vec![start];
        while let Some(at) = queue.pop() {
            for next in self.next(at) {
                if reached.insert(next) {
                    queue.push(next);
                }
            }
        }
        reached
    }

    /// Every scene (and ending) from which some drawn path leads to an ending: grown
    /// backwards from the endings, once per edge.
    pub fn reaching_an_ending(&self) -> BTreeSet<&'a str> {
        let mut before: HashMap<&str, Vec<&str>> = HashMap::new();
        for (scene, targets) in &self.next {
            for target in targets {
                before.entry(target).or_default().push(scene);
            }
        }
        let mut finishing: BTreeSet<&str> = self.endings.iter().copied().collect();
        let mut queue: Vec<&str> = finishing.iter().copied().collect();
        while let Some(at) = queue.pop() {
            for scene in before.get(at).into_iter().flatten() {
                if finishing.insert(scene) {
                    queue.push(scene);
                }
            }
        }
        finishing
    }
}

impl Graph {
    /// The graph of `scenario`. `reached`, the scenes some path shows (from the path walk),
    /// greys out the others; `None` draws every scene as reached.
    pub fn of(scenario: &Scenario, reached: Option<&BTreeSet<String>>) -> Graph {
        let mut nodes = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let start = scenario.start_scene().map(|s| s.id.value.as_str());
        for scene in &scenario.scenes {
            let id = scene.id.value.as_str();
            if index.contains_key(id) {
                continue;
            }
            index.insert(id, nodes.len());
            nodes.push(Node {
                key: format!("s{}", nodes.len()),
                id: id.to_string(),
                detail: shorten(&scene.speaker, 32),
                kind: NodeKind::Scene {
                    start: start == Some(id),
                    observations: scene.observations.len(),
                    discuss: scene.discuss.is_some(),
                    reached: reached.is_none_or(|r| r.contains(id)),
                },
            });
        }
        for (n, ending) in scenario.endings.iter().enumerate() {
            let id = ending.id.value.as_str();
            if index.contains_key(id) {
                continue;
            }
            index.insert(id, nodes.len());
            nodes.push(Node {
                key: format!("e{n}"),
                id: id.to_string(),
                detail: shorten(&ending.title, 32),
                kind: NodeKind::Ending(ending.kind),
            });
        }
        let mut edges = Vec::new();
        let mut randoms = 0;
        for scene in &scenario.scenes {
            let Some(&from) = index.get(scene.id.value.as_str()) else {
                continue;
            };
            for (n, choice) in scene.choices.iter().enumerate() {
                let label = format!("{}. {}", n + 1, shorten(&choice.text, LABEL_CHARS));
                let condition = choice.when.as_ref().map(|w| describe(w));
                let lets_pass = choice.lets_pass.clone();
                if let Some(next) = &choice.next {
                    if let Some(&to) = index.get(next.value.as_str()) {
                        edges.push(Edge {
                            from,
                            to,
                            label,
                            condition,
                            lets_pass,
                            random: false,
                        });
                    }
                } else if let Some(random) = &choice.random {
                    let pick = nodes.len();
                    nodes.push(Node {
                        key: format!("r{randoms}"),
                        id: String::new(),
                        detail: String::new(),
                        kind: NodeKind::Random,
                    });
                    randoms += 1;
                    edges.push(Edge {
                        from,
                        to: pick,
                        label,
                        condition,
                        lets_pass,
                        random: false,
                    });
                    let total: u32 = random.value.iter().map(|(_, w)| *w).sum();
                    for (target, weight) in &random.value {
                        if let Some(&to) = index.get(target.value.as_str()) {
                            edges.push(Edge {
                                from: pick,
                                to,
                                label: format!("{weight} in {total}"),
                                condition: None,
                                lets_pass: None,
                                random: true,
                            });
                        }
                    }
                }
            }
        }
        Graph {
            title: scenario.title.clone(),
            nodes,
            edges,
        }
    }

    /// The graph in Graphviz's DOT language, with a key.
    pub fn to_dot(&self) -> String {
        fn quote(text: &str) -> String {
            let mut out = String::from("\"");
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    c if c.is_control() => {}
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        let mut out = String::new();
        let _ = writeln!(out, "digraph scenario {{");
        let _ = writeln!(out, "  label={};", quote(&self.title));
        let _ = writeln!(out, "  labelloc=t; fontname=\"Helvetica\"; rankdir=TB;");
        let _ = writeln!(
            out,
            "  node [fontname=\"Helvetica\", fontsize=11]; edge [fontname=\"Helvetica\", fontsize=9];"
        );
        for node in &self.nodes {
            let attributes = match &node.kind {
                NodeKind::Scene {
                    start,
                    observations,
                    discuss,
                    reached,
                } => {
                    let label = scene_label(node, *observations, *discuss, *reached);
                    format!(
                        "shape=box, style=\"rounded,filled{}\", fillcolor={}, color={}, penwidth={}, label={}",
                        if *reached { "" } else { ",dashed" },
                        if *reached {
                            "\"#eef3fb\""
                        } else {
                            "\"#eeeeee\""
                        },
                        if *reached {
                            "\"#3b5b92\""
                        } else {
                            "\"#9e9e9e\""
                        },
                        if *start { 3 } else { 1 },
                        quote(&label)
                    )
                }
                NodeKind::Ending(kind) => {
                    let (word, fill, line) = ending_style(*kind);
                    format!(
                        "shape=box, style=\"filled,bold\", peripheries=2, fillcolor=\"{fill}\", color=\"{line}\", label={}",
                        quote(&format!("{word} ending\n{}\n({})", node.detail, node.id))
                    )
                }
                NodeKind::Random => {
                    "shape=diamond, style=filled, fillcolor=\"#fff8c4\", label=\"random\""
                        .to_string()
                }
            };
            let _ = writeln!(out, "  {} [{attributes}];", node.key);
        }
        if let Some(start) = self
            .nodes
            .iter()
            .find(|n| matches!(n.kind, NodeKind::Scene { start: true, .. }))
        {
            let _ = writeln!(
                out,
                "  start [shape=circle, style=filled, fillcolor=\"#3b5b92\", fontcolor=white, label=\"start\"];"
            );
            let _ = writeln!(out, "  start -> {};", start.key);
        }
        for edge in &self.edges {
            let mut label = edge.label.clone();
            let mut attributes = Vec::new();
            if let Some(condition) = &edge.condition {
                label.push_str(&format!("\n[if {}]", shorten(condition, 60)));
                attributes.push("style=dashed".to_string());
            }
            if let Some(sign) = &edge.lets_pass {
                label.push_str(&format!("\nlets pass: {}", shorten(sign, 40)));
                attributes
                    .push("color=\"#c62828\", fontcolor=\"#c62828\", penwidth=2.5".to_string());
            }
            if edge.random {
                attributes
                    .push("color=\"#8d6e00\", fontcolor=\"#8d6e00\", style=dotted".to_string());
            }
            attributes.push(format!("label={}", quote(&label)));
            let _ = writeln!(
                out,
                "  {} -> {} [{}];",
                self.nodes[edge.from].key,
                self.nodes[edge.to].key,
                attributes.join(", ")
            );
        }
        // The key: one example of each kind of node and arrow.
        let _ = writeln!(out, "  subgraph cluster_key {{");
        let _ = writeln!(
            out,
            "    label=\"Key\"; style=dashed; color=\"#9e9e9e\"; fontsize=10;"
        );
        let _ = writeln!(
            out,
            "    key_scene [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#3b5b92\", label=\"scene\"];"
        );
        for kind in [EndingKind::Good, EndingKind::Mixed, EndingKind::Poor] {
            let (word, fill, line) = ending_style(kind);
            let _ = writeln!(
                out,
                "    key_{} [shape=box, style=\"filled,bold\", peripheries=2, fillcolor=\"{fill}\", color=\"{line}\", label=\"{word} ending\"];",
                word.to_lowercase()
            );
        }
        let _ = writeln!(
            out,
            "    key_random [shape=diamond, style=filled, fillcolor=\"#fff8c4\", label=\"random\"];"
        );
        let _ = writeln!(out, "    key_scene -> key_good [label=\"choice\"];");
        let _ = writeln!(
            out,
            "    key_scene -> key_mixed [style=dashed, label=\"offered only if…\"];"
        );
        let _ = writeln!(
            out,
            "    key_scene -> key_poor [color=\"#c62828\", fontcolor=\"#c62828\", penwidth=2.5, label=\"lets a sign pass\"];"
        );
        let _ = writeln!(out, "    key_scene -> key_random [label=\"random pick\"];");
        let _ = writeln!(out, "  }}");
        let _ = writeln!(out, "}}");
        out
    }

    /// The graph as a Mermaid flowchart, with a key.
    pub fn to_mermaid(&self) -> String {
        /// Text inside a quoted Mermaid label: quotes and angle brackets as entities.
        fn text(raw: &str) -> String {
            let mut out = String::new();
            for c in raw.chars() {
                match c {
                    '"' => out.push_str("#quot;"),
                    '<' => out.push_str("#lt;"),
                    '>' => out.push_str("#gt;"),
                    '#' => out.push_str("#35;"),
                    '\n' => out.push_str("<br/>"),
                    c if c.is_control() => {}
                    c => out.push(c),
                }
            }
            out
        }
        let mut out = String::new();
        let title: String = self.title.chars().filter(|c| !c.is_control()).collect();
        let _ = writeln!(out, "---\ntitle: '{}'\n---", title.replace('\'', "''"));
        let _ = writeln!(out, "flowchart TD");
        let mut classes: Vec<(String, &str)> = Vec::new();
        for node in &self.nodes {
            match &node.kind {
                NodeKind::Scene {
                    observations,
                    discuss,
                    reached,
                    start,
                } => {
                    let label = scene_label(node, *observations, *discuss, *reached);
                    let _ = writeln!(out, "    {}(\"{}\")", node.key, text(&label));
                    let class = if !reached {
                        "unreached"
                    } else if *start {
                        "start"
                    } else {
                        "scene"
                    };
                    classes.push((node.key.clone(), class));
                }
                NodeKind::Ending(kind) => {
                    let (word, _, _) = ending_style(*kind);
                    let label = format!("{word} ending\n{}\n({})", node.detail, node.id);
                    let _ = writeln!(out, "    {}[[\"{}\"]]", node.key, text(&label));
                    classes.push((node.key.clone(), ending_class(*kind)));
                }
                NodeKind::Random => {
                    let _ = writeln!(out, "    {}{{\"random\"}}", node.key);
                    classes.push((node.key.clone(), "random"));
                }
            }
        }
        let mut link = 0usize;
        let mut red = Vec::new();
        let mut chance = Vec::new();
        if let Some(start) = self
            .nodes
            .iter()
            .find(|n| matches!(n.kind, NodeKind::Scene { start: true, .. }))
        {
            let _ = writeln!(out, "    story_start((\"start\")) --> {}", start.key);
            classes.push(("story_start".to_string(), "begin"));
            link += 1;
        }
        for edge in &self.edges {
            let mut label = edge.label.clone();
            if let Some(condition) = &edge.condition {
                label.push_str(&format!("\n[if {}]", shorten(condition, 60)));
            }
            if let Some(sign) = &edge.lets_pass {
                label.push_str(&format!("\nlets pass: {}", shorten(sign, 40)));
            }
            let arrow = if edge.lets_pass.is_some() {
                "==>"
            } else if edge.condition.is_some() || edge.random {
                "-.->"
            } else {
                "-->"
            };
            let _ = writeln!(
                out,
                "    {} {arrow}|\"{}\"| {}",
                self.nodes[edge.from].key,
                text(&label),
                self.nodes[edge.to].key
            );
            if edge.lets_pass.is_some() {
                red.push(link);
            }
            if edge.random {
                chance.push(link);
            }
            link += 1;
        }
        // The key.
        let _ = writeln!(out, "    subgraph key [\"Key\"]");
        let _ = writeln!(out, "        key_scene(\"scene\")");
        for kind in [EndingKind::Good, EndingKind::Mixed, EndingKind::Poor] {
            let (word, _, _) = ending_style(kind);
            let _ = writeln!(
                out,
                "        key_{}[[\"{word} ending\"]]",
                word.to_lowercase()
            );
            classes.push((format!("key_{}", word.to_lowercase()), ending_class(kind)));
        }
        let _ = writeln!(out, "        key_random{{\"random\"}}");
        let _ = writeln!(out, "        key_scene -->|\"choice\"| key_good");
        let _ = writeln!(
            out,
            "        key_scene -.->|\"offered only if…\"| key_mixed"
        );
        let _ = writeln!(out, "        key_scene ==>|\"lets a sign pass\"| key_poor");
        let _ = writeln!(out, "        key_scene -->|\"random pick\"| key_random");
        let _ = writeln!(out, "    end");
        classes.push(("key_scene".to_string(), "scene"));
        classes.push(("key_random".to_string(), "random"));
        red.push(link + 2);
        let _ = writeln!(out, "    classDef scene fill:#eef3fb,stroke:#3b5b92");
        let _ = writeln!(
            out,
            "    classDef start fill:#eef3fb,stroke:#3b5b92,stroke-width:3px"
        );
        let _ = writeln!(
            out,
            "    classDef unreached fill:#eeeeee,stroke:#9e9e9e,stroke-dasharray:4 3,color:#757575"
        );
        let _ = writeln!(
            out,
            "    classDef good fill:#c8e6c9,stroke:#2e7d32,stroke-width:2px"
        );
        let _ = writeln!(
            out,
            "    classDef mixed fill:#ffe0b2,stroke:#ef6c00,stroke-width:2px"
        );
        let _ = writeln!(
            out,
            "    classDef poor fill:#ffcdd2,stroke:#c62828,stroke-width:2px"
        );
        let _ = writeln!(out, "    classDef random fill:#fff8c4,stroke:#8d6e00");
        let _ = writeln!(out, "    classDef begin fill:#3b5b92,color:#ffffff");
        for (key, class) in &classes {
            let _ = writeln!(out, "    class {key} {class}");
        }
        if !red.is_empty() {
            let list: Vec<String> = red.iter().map(|n| n.to_string()).collect();
            let _ = writeln!(
                out,
                "    linkStyle {} stroke:#c62828,color:#c62828",
                list.join(",")
            );
        }
        if !chance.is_empty() {
            let list: Vec<String> = chance.iter().map(|n| n.to_string()).collect();
            let _ = writeln!(out, "    linkStyle {} stroke:#8d6e00", list.join(","));
        }
        out
    }
}

/// A kind's word, fill and line colours.
fn ending_style(kind: EndingKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        EndingKind::Good => ("Good", "#c8e6c9", "#2e7d32"),
        EndingKind::Mixed => ("Mixed", "#ffe0b2", "#ef6c00"),
        EndingKind::Poor => ("Poor", "#ffcdd2", "#c62828"),
    }
}

fn ending_class(kind: EndingKind) -> &'static str {
    match kind {
        EndingKind::Good => "good",
        EndingKind::Mixed => "mixed",
        EndingKind::Poor => "poor",
    }
}

/// A scene's label in either format: its id, its speaker or first words, how many
/// observations it has, whether it asks a discussion question, and a warning when no path
/// reaches it.
fn scene_label(node: &Node, observations: usize, discuss: bool, reached: bool) -> String {
    let mut label = node.id.clone();
    if !node.detail.is_empty() {
        label.push('\n');
        label.push_str(&node.detail);
    }
    let mut extras = Vec::new();
    if observations > 0 {
        extras.push(format!(
            "{observations} observation{}",
            if observations == 1 { "" } else { "s" }
        ));
    }
    if discuss {
        extras.push("discuss".to_string());
    }
    if !extras.is_empty() {
        label.push('\n');
        label.push_str(&extras.join(", "));
    }
    if !reached {
        label.push_str("\nno path reaches this");
    }
    label
}
