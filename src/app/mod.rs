//! The desktop app: the same scenario files, played through the same core as the command
//! line, in a calm window made for classrooms and projectors.
//!
//! [`run`] builds a Bevy app with one window and an egui interface. Scenario files are Bevy
//! assets whose loader calls the core's validator ([`scenario_asset`]), so an error reads
//! the same here as in `jigsaw check`, and saving a file reloads it while the app runs
//! ([`scenarios`]). The learner's [`session`] lives in a resource; the screens (in
//! [`screens`], one file each) draw from view-models and send [`session::Action`]s, which
//! systems apply through the core's engine. The app draws nothing while nothing changes
//! ([`idle`]), so it costs almost no CPU on an idle classroom laptop.
//!
//! [`headless`] adds everything that needs no window, which is how the tests drive the app
//! with `MinimalPlugins`.

pub mod a11y;
mod autoplay;
pub mod classroom;
mod idle;
pub mod launch;
pub mod reports;
pub mod scenario_asset;
pub mod scenarios;
pub mod screens;
mod screenshot;
pub mod self_paced;
pub mod session;
pub mod settings;
pub mod theme;
pub mod wake;
pub mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::window::WindowResolution;

pub use launch::Launch;

/// How the app was asked to start, from the command line.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// Folders of scenario files to list in the library.
    pub scenario_dirs: Vec<PathBuf>,
    /// A rubric file to use instead of the first folder's `rubric.ron`.
    pub rubric: Option<PathBuf>,
    /// A scenario id or file path to open straight into its pre-brief.
    pub open: Option<String>,
    /// Steps to play automatically, in the command line's `--inputs` syntax (`2,look:hall,1`).
    pub autoplay: Option<String>,
    /// Where to save a screenshot once the app has settled (after autoplay), then quit.
    pub screenshot: Option<PathBuf>,
    /// Seed for random next-scenes; a new one each session when not given.
    pub seed: Option<u64>,
    /// The settings file to use instead of the one in the user's configuration folder.
    pub settings: Option<PathBuf>,
    /// The window's starting size in pixels (width, height).
    pub window_size: Option<(u32, u32)>,
    /// Where transcripts, saved reports and the statement queue go, instead of Jigsaw's
    /// data folder.
    pub data_dir: Option<PathBuf>,
    /// Start in author mode (`--author`).
    pub author: bool,
    /// With `open`: carry on where the learner left off (`--carry-on`).
    pub carry_on: bool,
    /// Open "My progress" at start (`--progress`).
    pub progress: bool,
    /// Write the session in play as JSON here once the app has settled (`--print-session`).
    pub print_session: Option<PathBuf>,
    /// Classroom mode (`--classroom`): the group's name (`--group`), or empty to ask for it
    /// on the pre-brief.
    pub classroom: Option<String>,
    /// Start phone voting as soon as a classroom session begins (`--phones`).
    pub phones: bool,
    /// Show each decision's options straight away (`--show-options`; for demonstrations).
    pub show_options: bool,
}

/// The window's title.
pub const TITLE: &str = "Jigsaw: safeguarding practice simulator";

/// Opens the desktop app and runs it until the window is closed. Returns a failure code when
/// autoplay or the screenshot failed, so scripts can rely on it.
pub fn run(options: AppOptions) -> ExitCode {
    if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none() {
        eprintln!(
            "jigsaw: no display to open a window on (DISPLAY is not set).\n\
             Play in the terminal instead: jigsaw play scenarios/second-chance-contact.ron"
        );
        return ExitCode::from(2);
    }
    keep_heap_small();
    let launch = Launch::new(&options);
    let mut app = App::new();
    // Sources must exist before the asset plugin builds them.
    launch.register_sources(&mut app);
    let (width, height) = options.window_size.unwrap_or(DEFAULT_WINDOW_SIZE);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: TITLE.to_string(),
                    name: Some("jigsaw".to_string()),
                    resolution: WindowResolution::new(width, height),
                    resize_constraints: WindowResizeConstraints {
                        min_width: 800.0,
                        min_height: 500.0,
                        ..default()
                    },
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: launch.asset_root(),
                watch_for_changes_override: Some(true),
                meta_check: AssetMetaCheck::Never,
                ..default()
            }),
    );
    app.add_plugins(bevy_egui::EguiPlugin::default());
    app.insert_resource(launch);
    app.add_plugins((headless, window_plugins));
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Which screen is showing.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Every scenario, with its summary or its errors.
    #[default]
    Library,
    /// The content note, the fiction contract and the outcomes, before starting.
    Prebrief,
    /// Playing a scenario.
    Play,
    /// Scores, the care/authority grid, the pieces and the path.
    Debrief,
    /// The learner's attempts over time, their profile and reflections.
    Progress,
}

/// The order the egui systems draw in each frame.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiSet {
    /// Applies text size and colours.
    Theme,
    /// Draws the top bar and records the area left below it.
    TopBar,
    /// Draws the current screen into that area.
    Screen,
}

/// The systems that apply actions; autoplay runs before them.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionSet;

/// The screens draw once the theme's fonts are installed.
pub(crate) fn theme_ready(ready: Option<Res<theme::ThemeReady>>) -> bool {
    ready.is_some_and(|r| r.0)
}

/// Everything that needs no window: scenario assets and hot reload, the library, the
/// session, the screen state, settings and autoplay. The screens' drawing systems are added
/// too but only run where egui runs. Insert a [`Launch`] (and register its sources before
/// the asset plugin) first.
pub fn headless(app: &mut App) {
    app.init_state::<Screen>()
        .configure_sets(
            bevy_egui::EguiPrimaryContextPass,
            (UiSet::Theme, UiSet::TopBar, UiSet::Screen).chain(),
        )
        .configure_sets(
            bevy_egui::EguiPrimaryContextPass,
            (UiSet::TopBar, UiSet::Screen).run_if(theme_ready),
        );
    app.add_plugins((
        scenario_asset::plugin,
        scenarios::plugin,
        session::plugin,
        screens::plugin,
        settings::plugin,
        autoplay::plugin,
        reports::plugin,
        classroom::plugin,
        self_paced::plugin,
    ));
}

/// The parts that need a real window: theme, idle redraw control, screenshots, and the
/// link between egui's accessibility tree and the platform's screen readers.
fn window_plugins(app: &mut App) {
    app.add_plugins((
        theme::plugin,
        idle::plugin,
        screenshot::plugin,
        a11y::plugin,
    ))
    .add_systems(Startup, spawn_camera);
}

/// egui draws through the first camera; it only clears the window. No multisampling: egui
/// smooths its own edges, and Bevy's default 4× multisampled textures cost about 30 MB on a
/// software renderer for a picture that looks the same (docs/performance.md).
fn spawn_camera(mut commands: Commands) {
    commands.spawn((Camera2d, Msaa::Off));
}

/// Tunes glibc's allocator for an app whose threads (Bevy's task pools, the renderer's,
/// the file watcher's) each allocate a little: at most two heaps instead of eight per core,
/// and large blocks always given back to the system when freed instead of the threshold
/// rising after the first one. Together about 10 MB less at peak (docs/performance.md).
/// Must run before the first thread starts.
fn keep_heap_small() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's parameters; it is called before any of
    // the app's threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// The window's starting size when `--window-size` is not given.
pub const DEFAULT_WINDOW_SIZE: (u32, u32) = (1280, 800);
