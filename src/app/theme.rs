//! How the app looks: a calm, high-legibility theme and a high-contrast one.
//!
//! Text is set in Atkinson Hyperlegible (Braille Institute, SIL Open Font License, in
//! `assets/fonts/`), a typeface designed to stay distinct for readers with low vision, at
//! sizes meant to be read from the back of a training room. The text-size setting is
//! egui's zoom factor, so it scales the whole interface, spacing included.

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPreUpdateSet, EguiPrimaryContextPass};
use egui::{
    Color32, CornerRadius, FontData, FontDefinitions, FontFamily, FontId, Stroke, TextStyle,
    Visuals,
};

use super::UiSet;
use super::settings::Settings;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ThemeReady>()
        .add_systems(
            PreUpdate,
            install_theme
                .after(EguiPreUpdateSet::InitContexts)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(EguiPrimaryContextPass, apply.in_set(UiSet::Theme));
}

/// The regular face.
const REGULAR: &[u8] = include_bytes!("../../assets/fonts/AtkinsonHyperlegible-Regular.ttf");
/// The bold face, used for headings.
const BOLD: &[u8] = include_bytes!("../../assets/fonts/AtkinsonHyperlegible-Bold.ttf");

fn bold_family() -> FontFamily {
    FontFamily::Name("bold".into())
}

/// The font family for headings and emphasis: the bold face once the theme's fonts are
/// installed, the regular one before (egui panics on a family it does not know).
pub fn bold(ctx: &egui::Context) -> FontFamily {
    let family = bold_family();
    if ctx.fonts(|f| f.definitions().families.contains_key(&family)) {
        family
    } else {
        FontFamily::Proportional
    }
}

/// The text style for scene text: larger than body text, since it is what the learner reads.
/// Body text where the theme is not installed.
pub fn lead(style: &egui::Style) -> TextStyle {
    named_or(style, "lead", TextStyle::Body)
}

/// The text style for section headings within a screen (headings where the theme is not
/// installed).
pub fn subheading(style: &egui::Style) -> TextStyle {
    named_or(style, "subheading", TextStyle::Heading)
}

fn named_or(style: &egui::Style, name: &str, otherwise: TextStyle) -> TextStyle {
    let named = TextStyle::Name(name.into());
    if style.text_styles.contains_key(&named) {
        named
    } else {
        otherwise
    }
}

/// The colours of one theme. Screens read it from the context with [`palette`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Whether this is the high-contrast theme.
    pub high_contrast: bool,
    /// Window background.
    pub background: Color32,
    /// Side panels.
    pub panel: Color32,
    /// Cards and choice buttons.
    pub card: Color32,
    /// Card outlines.
    pub card_stroke: Stroke,
    /// Body text.
    pub text: Color32,
    /// Secondary text.
    pub weak: Color32,
    /// Main buttons and highlights.
    pub accent: Color32,
    /// Text on the accent colour.
    pub on_accent: Color32,
    /// A light tint of the accent, for hovered cards.
    pub accent_soft: Color32,
    /// The outline of the focused or highlighted choice.
    pub focus: Stroke,
    /// Background of the content note and other notes.
    pub note: Color32,
    /// Outline of notes.
    pub note_stroke: Stroke,
    /// Background of error boxes.
    pub error_bg: Color32,
    /// Text and outline of error boxes.
    pub error: Color32,
    /// Pieces found, good outcomes: blue, which no common colour-vision deficiency
    /// confuses with `missed` (checked in the tests; the screens also say it in words).
    pub good: Color32,
    /// Pieces missed, warning signs let pass: orange.
    pub missed: Color32,
    /// Scroll handles.
    pub handle: Color32,
}

impl Palette {
    /// The standard theme: dark slate on warm paper, teal accents.
    pub fn calm() -> Palette {
        Palette {
            high_contrast: false,
            background: Color32::from_rgb(0xF6, 0xF4, 0xEF),
            panel: Color32::from_rgb(0xEC, 0xE8, 0xDF),
            card: Color32::WHITE,
            card_stroke: Stroke::new(1.0, Color32::from_rgb(0xD6, 0xD0, 0xC4)),
            text: Color32::from_rgb(0x1E, 0x2A, 0x32),
            weak: Color32::from_rgb(0x4F, 0x5B, 0x63),
            accent: Color32::from_rgb(0x1D, 0x6A, 0x64),
            on_accent: Color32::WHITE,
            accent_soft: Color32::from_rgb(0xE4, 0xF0, 0xEE),
            focus: Stroke::new(3.0, Color32::from_rgb(0x1D, 0x6A, 0x64)),
            note: Color32::from_rgb(0xFF, 0xF6, 0xE0),
            note_stroke: Stroke::new(1.0, Color32::from_rgb(0xE2, 0xC2, 0x7A)),
            error_bg: Color32::from_rgb(0xFC, 0xEC, 0xEC),
            error: Color32::from_rgb(0x9B, 0x1C, 0x24),
            good: Color32::from_rgb(0x00, 0x5A, 0x9C),
            missed: Color32::from_rgb(0xA6, 0x3C, 0x00),
            handle: Color32::from_rgb(0xC4, 0xBD, 0xB0),
        }
    }

    /// The high-contrast theme: white on black, yellow highlights, heavier outlines.
    pub fn high_contrast() -> Palette {
        Palette {
            high_contrast: true,
            background: Color32::BLACK,
            panel: Color32::from_rgb(0x0C, 0x0C, 0x0C),
            card: Color32::BLACK,
            card_stroke: Stroke::new(2.0, Color32::WHITE),
            text: Color32::WHITE,
            weak: Color32::from_rgb(0xE6, 0xE6, 0xE6),
            accent: Color32::from_rgb(0xFF, 0xD6, 0x00),
            on_accent: Color32::BLACK,
            accent_soft: Color32::from_rgb(0x2A, 0x26, 0x00),
            focus: Stroke::new(4.0, Color32::from_rgb(0xFF, 0xD6, 0x00)),
            note: Color32::BLACK,
            note_stroke: Stroke::new(2.0, Color32::from_rgb(0xFF, 0xD6, 0x00)),
            error_bg: Color32::BLACK,
            error: Color32::from_rgb(0xFF, 0x9E, 0x9E),
            good: Color32::from_rgb(0x7C, 0xC4, 0xFF),
            missed: Color32::from_rgb(0xFF, 0xB0, 0x00),
            handle: Color32::from_rgb(0xB0, 0xB0, 0xB0),
        }
    }

    /// Every pair of text colour and background the screens draw, named: each must reach
    /// WCAG's 4.5:1 contrast ([`contrast_ratio`]), which a test checks for both themes.
    pub fn text_pairs(&self) -> Vec<(String, Color32, Color32)> {
        let mut pairs = Vec::new();
        for (bg_name, bg) in [
            ("background", self.background),
            ("panel", self.panel),
            ("card", self.card),
            ("note", self.note),
        ] {
            for (fg_name, fg) in [
                ("text", self.text),
                ("weak", self.weak),
                ("accent", self.accent),
                ("good", self.good),
                ("missed", self.missed),
                ("error", self.error),
            ] {
                pairs.push((format!("{fg_name} on {bg_name}"), fg, bg));
            }
        }
        pairs.extend(
            [
                ("text on accent_soft", self.text, self.accent_soft),
                ("on_accent on accent", self.on_accent, self.accent),
                ("text on error_bg", self.text, self.error_bg),
                ("error on error_bg", self.error, self.error_bg),
            ]
            .map(|(name, fg, bg)| (name.to_string(), fg, bg)),
        );
        pairs
    }

    /// Outlines and marks that must stand out from what is around them (WCAG's 3:1 for
    /// non-text contrast): the focus ring, the filled part of a score bar.
    pub fn outline_pairs(&self) -> Vec<(&'static str, Color32, Color32)> {
        vec![
            ("focus on background", self.focus.color, self.background),
            ("focus on panel", self.focus.color, self.panel),
            ("focus on card", self.focus.color, self.card),
            ("accent on panel", self.accent, self.panel),
        ]
    }

    /// The palette for these settings.
    pub fn for_settings(settings: &Settings) -> Palette {
        if settings.high_contrast {
            Palette::high_contrast()
        } else {
            Palette::calm()
        }
    }
}

/// WCAG 2.2's contrast ratio between two colours, from 1 (none) to 21 (black on white).
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn palette_id() -> egui::Id {
    egui::Id::new("jigsaw-palette")
}

/// The palette in use (the calm one where none was set, e.g. in tests).
pub fn palette(ctx: &egui::Context) -> Palette {
    ctx.data(|d| d.get_temp::<Palette>(palette_id()))
        .unwrap_or_else(Palette::calm)
}

/// Installs the fonts, text sizes, spacing and colours for `settings` on a context.
/// Call it between passes: fonts take effect when the next pass begins.
pub fn install(ctx: &egui::Context, settings: &Settings) {
    ctx.set_fonts(fonts());
    restyle(ctx, settings, bold_family());
}

/// Applies the text size and colours for `settings`.
pub fn style(ctx: &egui::Context, settings: &Settings) {
    restyle(ctx, settings, bold(ctx));
}

fn restyle(ctx: &egui::Context, settings: &Settings, heading: FontFamily) {
    let palette = Palette::for_settings(settings);
    ctx.data_mut(|d| d.insert_temp(palette_id(), palette));
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    ctx.set_zoom_factor(settings.zoom());
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(15.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(19.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(19.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(15.0, FontFamily::Monospace),
            ),
            (TextStyle::Heading, FontId::new(30.0, heading.clone())),
            (
                TextStyle::Name("lead".into()),
                FontId::new(22.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Name("subheading".into()),
                FontId::new(22.0, heading.clone()),
            ),
        ]
        .into();
        let spacing = &mut style.spacing;
        spacing.item_spacing = egui::vec2(10.0, 10.0);
        spacing.button_padding = egui::vec2(16.0, 9.0);
        spacing.interact_size = egui::vec2(40.0, 40.0);
        spacing.scroll.bar_width = 12.0;
        spacing.scroll.floating = false;
        // Handles in the widget fill colours, not in the text colour: calmer.
        spacing.scroll.foreground_color = false;
        // No motion anywhere: sections open, scroll and fade at once (WCAG 2.3.3).
        style.animation_time = 0.0;
        style.scroll_animation = egui::style::ScrollAnimation::none();
        style.visuals = visuals(&palette);
    });
}

fn visuals(p: &Palette) -> Visuals {
    let mut v = if p.high_contrast {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    v.override_text_color = Some(p.text);
    v.panel_fill = p.background;
    v.window_fill = p.card;
    v.window_stroke = p.card_stroke;
    v.extreme_bg_color = p.card;
    v.faint_bg_color = p.panel;
    v.hyperlink_color = p.accent;
    v.selection.bg_fill = p.accent_soft;
    v.selection.stroke = p.focus;
    v.window_corner_radius = CornerRadius::same(12);
    let radius = CornerRadius::same(8);
    let w = &mut v.widgets;
    for state in [
        &mut w.noninteractive,
        &mut w.inactive,
        &mut w.hovered,
        &mut w.active,
        &mut w.open,
    ] {
        state.corner_radius = radius;
        state.fg_stroke = Stroke::new(1.5, p.text);
    }
    w.noninteractive.bg_stroke = p.card_stroke;
    // `bg_fill` colours scroll handles; `weak_bg_fill` colours buttons.
    w.inactive.bg_fill = p.handle;
    w.inactive.weak_bg_fill = p.card;
    w.inactive.bg_stroke = p.card_stroke;
    w.hovered.bg_fill = p.weak;
    w.hovered.weak_bg_fill = p.accent_soft;
    w.hovered.bg_stroke = Stroke::new(p.card_stroke.width.max(1.5), p.accent);
    w.active.bg_fill = p.accent;
    w.active.weak_bg_fill = p.accent_soft;
    w.active.bg_stroke = p.focus;
    v
}

fn fonts() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts
        .font_data
        .insert("atkinson".into(), Arc::new(FontData::from_static(REGULAR)));
    fonts.font_data.insert(
        "atkinson-bold".into(),
        Arc::new(FontData::from_static(BOLD)),
    );
    // Keep egui's own fonts behind ours for symbols and emoji.
    let fallback = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    fonts
        .families
        .entry(FontFamily::Proportional)
        .or_default()
        .insert(0, "atkinson".into());
    let mut bold_faces = vec!["atkinson-bold".to_string()];
    bold_faces.extend(fallback);
    fonts.families.insert(bold_family(), bold_faces);
    fonts
}

/// Whether the theme's fonts are in place, so the screens may draw.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThemeReady(pub bool);

/// Installs fonts and style before the first egui pass that can use them.
fn install_theme(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut ready: ResMut<ThemeReady>,
    mut clear: ResMut<ClearColor>,
) {
    if ready.0 {
        return;
    }
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    install(ctx, &settings);
    clear.0 = clear_colour(&settings);
    ready.0 = true;
}

/// Restyles when the settings change.
fn apply(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    ready: Res<ThemeReady>,
    mut clear: ResMut<ClearColor>,
) -> Result {
    if !ready.0 || !settings.is_changed() {
        return Ok(());
    }
    style(contexts.ctx_mut()?, &settings);
    clear.0 = clear_colour(&settings);
    Ok(())
}

fn clear_colour(settings: &Settings) -> Color {
    let [r, g, b, _] = Palette::for_settings(settings).background.to_array();
    Color::srgb_u8(r, g, b)
}
