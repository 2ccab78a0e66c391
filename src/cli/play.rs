//! `jigsaw play`: play a scenario in the terminal, then read the debrief.
//!
//! Answers come from `--inputs` first, then from standard input, whether or not it is a
//! terminal, so `printf '1\n2\n' | jigsaw play ...` works. Bad input at the prompt asks
//! again; the end of input leaves the scenario cleanly with a debrief of what was done.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::USAGE;
use crate::debrief::Debrief;
use crate::engine::{Input, Scripted, Session, parse_script};
use crate::explore::Bounds;
use crate::rubric::Rubric;
use crate::scenario::{Scenario, format_clock};
use crate::store::write_atomically;

/// Arguments of `jigsaw play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The scenario file to play.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Seed for random events; the same seed and inputs replay the same session.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Steps to play before asking, e.g. `2,look:hallway,1`: numbers pick the choices as
    /// numbered on screen, `look:<id>` makes an observation.
    #[arg(long, value_name = "STEPS")]
    pub inputs: Option<String>,
    /// Rubric file to score against instead of the scenario folder's `rubric.ron`.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// Save progress to this file after every step, and resume from it if it exists.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Print the debrief as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `jigsaw play`.
pub fn run(args: &PlayArgs) -> ExitCode {
    let script = match args.inputs.as_deref().map(parse_script).transpose() {
        Ok(script) => script.unwrap_or_default(),
        Err(message) => {
            eprintln!("jigsaw play: --inputs: {message}");
            return ExitCode::from(USAGE);
        }
    };
    let loaded = match super::load_playable("play", &args.scenario, args.rubric.as_ref()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (checked, rubric) = (&loaded.checked, &loaded.rubric);
    let Some(scenario) = checked.playable() else {
        return ExitCode::from(1);
    };

    let mut session = match resume_or_start(args, scenario) {
        Ok(session) => session,
        Err(message) => {
            eprintln!("jigsaw play: {message}");
            return ExitCode::from(1);
        }
    };

    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let game = Game {
        scenario,
        rubric,
        bounds: checked.bounds(),
        save: args.save.as_ref(),
        json: args.json,
    };
    match game.play(&mut session, script, &mut input, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(PlayError::Script(message)) => {
            let _ = out.flush();
            eprintln!("jigsaw play: --inputs: {message}");
            ExitCode::from(1)
        }
        Err(PlayError::Io(error)) => {
            eprintln!("jigsaw play: {error}");
            ExitCode::from(1)
        }
    }
}

fn resume_or_start(args: &PlayArgs, scenario: &Scenario) -> Result<Session, String> {
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64 % 1_000_000)
            .unwrap_or(1)
    });
    if let Some(path) = &args.save
        && path.is_file()
    {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read saved progress `{}`: {e}", path.display()))?;
        let saved: Session = serde_json::from_str(&text).map_err(|e| {
            format!(
                "saved progress `{}` is damaged ({e}); move it away to start again",
                path.display()
            )
        })?;
        if saved.scenario_id != scenario.id.value {
            return Err(format!(
                "saved progress `{}` belongs to scenario `{}`, not `{}`",
                path.display(),
                saved.scenario_id,
                scenario.id.value
            ));
        }
        // Replay rather than trust the file: the scenario may have changed since.
        return Session::replay(scenario, saved.seed, &saved.inputs).map_err(|e| {
            format!(
                "saved progress `{}` no longer fits this scenario ({e}); move it away to start again",
                path.display()
            )
        });
    }
    Session::start(scenario, seed).map_err(|e| e.to_string())
}

/// Why play stopped early.
enum PlayError {
    /// A scripted step could not be played.
    Script(String),
    /// Writing to the terminal or the save file failed.
    Io(std::io::Error),
}

impl From<std::io::Error> for PlayError {
    fn from(error: std::io::Error) -> Self {
        PlayError::Io(error)
    }
}

/// What the learner typed at the prompt.
enum Command {
    Step(Scripted),
    Notes,
    Help,
    Leave,
}

/// Everything a terminal session needs besides the session itself.
struct Game<'a> {
    scenario: &'a Scenario,
    rubric: &'a Rubric,
    bounds: Option<&'a Bounds>,
    save: Option<&'a PathBuf>,
    json: bool,
}

const WIDTH: usize = 78;

impl Game<'_> {
    fn play(
        &self,
        session: &mut Session,
        script: Vec<Scripted>,
        input: &mut dyn BufRead,
        out: &mut dyn Write,
    ) -> Result<(), PlayError> {
        let s = self.scenario;
        writeln!(out, "{}", s.title)?;
        writeln!(out, "{}", "=".repeat(s.title.chars().count()))?;
        writeln!(out, "You are: {}", s.role)?;
        writeln!(out, "\nContent note: {}", wrap(&s.content_note))?;
        writeln!(
            out,
            "\nThis is a fictional simulation: mistakes are how we learn. Type `q` to leave at any time.\nSeed {} (replay this session with --seed {}).",
            session.seed, session.seed
        )?;
        let mut script = script.into_iter();
        let mut scripted_steps = 0;
        let mut shown_scene: Option<usize> = None;
        while !session.is_finished() {
            if session.current_scene(s).is_none() {
                writeln!(
                    out,
                    "\nThe scenario has lost its place (scene `{}`).",
                    session.state.scene
                )?;
                break;
            }
            // Show the scene once per arrival; after an observation, show only the menu.
            let arrival = session.transcript.len()
                - session
                    .transcript
                    .iter()
                    .rev()
                    .take_while(|s| matches!(s, crate::engine::Step::Observed { .. }))
                    .count();
            if shown_scene != Some(arrival) {
                shown_scene = Some(arrival);
                self.show_scene(session, out)?;
            }
            self.show_menu(session, out)?;
            let choices = session.offered_choices(s);
            if choices.is_empty() && session.offered_observations(s).is_empty() {
                writeln!(
                    out,
                    "\nThere is no way on from here (a problem in the scenario file)."
                )?;
                break;
            }
            let from_script = script.len() > 0;
            let command = match script.next() {
                Some(step) => {
                    scripted_steps += 1;
                    writeln!(out, "> {}", describe(&step))?;
                    Command::Step(step)
                }
                None => {
                    write!(out, "> ")?;
                    out.flush()?;
                    let mut line = String::new();
                    if input.read_line(&mut line)? == 0 {
                        writeln!(out, "\n(End of input: leaving the scenario.)")?;
                        break;
                    }
                    match parse_command(line.trim(), session, s) {
                        Ok(command) => command,
                        Err(message) => {
                            writeln!(out, "{message}")?;
                            continue;
                        }
                    }
                }
            };
            match command {
                Command::Leave => {
                    writeln!(
                        out,
                        "Leaving the scenario. Your debrief covers what you did so far."
                    )?;
                    break;
                }
                Command::Notes => self.show_notes(session, out)?,
                Command::Help => writeln!(out, "{HELP}")?,
                Command::Step(step) => {
                    let result = session
                        .resolve(s, &step)
                        .and_then(|input| session.apply(s, &input).map(|()| input));
                    match result {
                        Ok(input) => {
                            self.show_outcome(session, &input, out)?;
                            self.save(session)?;
                        }
                        Err(error) if from_script => {
                            return Err(PlayError::Script(format!(
                                "step {scripted_steps} (`{}`): {error}",
                                describe(&step)
                            )));
                        }
                        Err(error) => writeln!(out, "{error}. Type `?` for help.")?,
                    }
                }
            }
        }
        let debrief = Debrief::new(s, self.rubric, session, self.bounds);
        if self.json {
            let json = serde_json::to_string_pretty(&debrief).map_err(std::io::Error::other)?;
            writeln!(out, "{json}")?;
        } else {
            writeln!(out, "\n{}", debrief.to_text())?;
        }
        Ok(())
    }

    fn show_scene(&self, session: &Session, out: &mut dyn Write) -> std::io::Result<()> {
        let Some(scene) = session.current_scene(self.scenario) else {
            return Ok(());
        };
        let who = if scene.speaker.is_empty() {
            String::new()
        } else {
            format!(" · {}", scene.speaker)
        };
        let header = format!("── {}{who} ", format_clock(session.state.clock));
        let pad = WIDTH.saturating_sub(header.chars().count());
        writeln!(out, "\n{header}{}", "─".repeat(pad))?;
        writeln!(out, "{}", wrap(&scene.text))?;
        for (meter, value) in session.state.shown_meters(self.scenario) {
            writeln!(out, "[{}: {value} of {}]", meter.name(), meter.max)?;
        }
        if let Some(discuss) = &scene.discuss {
            writeln!(out, "\nFor discussion: {}", wrap(discuss))?;
        }
        Ok(())
    }

    fn show_menu(&self, session: &Session, out: &mut dyn Write) -> std::io::Result<()> {
        let observations = session.offered_observations(self.scenario);
        if !observations.is_empty() {
            writeln!(out, "\nLook around:")?;
            for (n, o) in observations.iter().enumerate() {
                let time = if o.minutes > 0 {
                    format!(" ({} min)", o.minutes)
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "  {}) {}{time}   [look:{}]",
                    letter(n),
                    o.label,
                    o.id.value
                )?;
            }
        }
        let choices = session.offered_choices(self.scenario);
        if !choices.is_empty() {
            writeln!(out, "\nWhat do you do?")?;
            for (n, (_, c)) in choices.iter().enumerate() {
                writeln!(out, "  {}) {}", n + 1, wrap_indented(&c.text, 5))?;
            }
        }
        Ok(())
    }

    fn show_outcome(
        &self,
        session: &Session,
        input: &Input,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let s = self.scenario;
        if let (Input::Observe(id), Some(scene)) = (input, session.current_scene(s))
            && let Some(o) = scene.observation(id)
        {
            writeln!(out, "\n{}", wrap(&o.text))?;
        }
        if let Some(step) = session.transcript.iter().rev().find_map(|step| match step {
            crate::engine::Step::Chose { effects, .. }
            | crate::engine::Step::Observed { effects, .. } => Some(effects),
            _ => None,
        }) {
            for id in &step.revealed {
                if let Some(piece) = s.piece(id) {
                    writeln!(
                        out,
                        "\n  ◆ Piece of the jigsaw: {} ({})",
                        piece.title, piece.source
                    )?;
                    if !piece.tells.is_empty() {
                        writeln!(out, "    {}", wrap_indented(&piece.tells, 4))?;
                    }
                }
            }
        }
        if let (Input::Choose(_), Some(reply)) = (input, session.reply(s)) {
            writeln!(out, "\n{}", wrap(reply))?;
        }
        if let Some(ending) = session.state.ending.as_deref().and_then(|id| s.ending(id)) {
            writeln!(out, "\n══ {} ══\n{}", ending.title, wrap(&ending.text))?;
        }
        Ok(())
    }

    fn show_notes(&self, session: &Session, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "\nCase notes · {}", format_clock(session.state.clock))?;
        if session.state.found.is_empty() {
            writeln!(out, "  No pieces of the jigsaw gathered yet.")?;
        }
        for piece in &self.scenario.pieces {
            if session.state.found.contains(&piece.id.value) {
                writeln!(
                    out,
                    "  ◆ {} ({}): {}",
                    piece.title, piece.source, piece.tells
                )?;
            }
        }
        Ok(())
    }

    fn save(&self, session: &Session) -> Result<(), PlayError> {
        if let Some(path) = self.save {
            let json = serde_json::to_vec_pretty(session).map_err(std::io::Error::other)?;
            write_atomically(path, &json)?;
        }
        Ok(())
    }
}

const HELP: &str = "Type the number of a choice, the letter of something to look at (or `look:<id>`),\n`n` for your case notes, `q` to leave, `?` for this help.";

fn parse_command(text: &str, session: &Session, scenario: &Scenario) -> Result<Command, String> {
    let lower = text.to_lowercase();
    match lower.as_str() {
        "" => return Err("Type a number to choose, or `?` for help.".into()),
        "q" | "quit" | "leave" | "exit" => return Ok(Command::Leave),
        "n" | "notes" => return Ok(Command::Notes),
        "?" | "h" | "help" => return Ok(Command::Help),
        _ => {}
    }
    if let Ok(n) = lower.parse::<usize>() {
        let offered = session.offered_choices(scenario).len();
        return if (1..=offered).contains(&n) {
            Ok(Command::Step(Scripted::Pick(n)))
        } else {
            Err(format!("There is no choice {n}: pick 1 to {offered}."))
        };
    }
    if let Some(id) = lower.strip_prefix("look:") {
        return Ok(Command::Step(Scripted::Look(id.trim().to_string())));
    }
    let observations = session.offered_observations(scenario);
    if lower.chars().count() == 1
        && let Some(index) = lower
            .chars()
            .next()
            .and_then(|c| (c as usize).checked_sub('a' as usize))
    {
        return match observations.get(index) {
            Some(o) => Ok(Command::Step(Scripted::Look(o.id.value.clone()))),
            None => Err(format!(
                "There is nothing marked `{lower}` to look at. Type `?` for help."
            )),
        };
    }
    Err(format!(
        "`{text}` is not something I understand. Type `?` for help."
    ))
}

fn describe(step: &Scripted) -> String {
    match step {
        Scripted::Pick(n) => n.to_string(),
        Scripted::Look(id) => format!("look:{id}"),
    }
}

fn letter(n: usize) -> char {
    (b'a' + (n % 26) as u8) as char
}

fn wrap(text: &str) -> String {
    textwrap::fill(text.trim(), WIDTH)
}

fn wrap_indented(text: &str, indent: usize) -> String {
    let options = textwrap::Options::new(WIDTH - indent).subsequent_indent("");
    textwrap::wrap(text.trim(), options).join(&format!("\n{}", " ".repeat(indent)))
}
