//! `jigsaw play`: play a scenario in the terminal, then read the debrief.
//!
//! Answers come from `--inputs` first, then from standard input, whether or not it is a
//! terminal, so `printf '1\n2\n' | jigsaw play ...` works. Bad input at the prompt asks
//! again; the end of input leaves the scenario cleanly with a debrief of what was done.

mod classroom;

use crate::cli::Exit;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::Args;

use crate::debrief::Debrief;
use crate::engine::{Input, Scripted, Session, parse_script};
use crate::explore::Bounds;
use crate::rubric::Rubric;
use crate::scenario::limits::is_unprintable;
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
    /// Play a scenario with too many paths to check whole, with approximate scores.
    #[arg(long)]
    pub approximate: bool,
    /// Write the session's transcript here when it ends (for `jigsaw report`).
    #[arg(long, value_name = "FILE")]
    pub transcript: Option<PathBuf>,
    /// The learner's name (or e-mail address) for the transcript; default: `learner` in
    /// reports.ron, else anonymous.
    #[arg(long, value_name = "NAME")]
    pub learner: Option<String>,
    /// The classroom group for the transcript.
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// Run with a group (classroom mode): at each decision, type the room's votes for each
    /// option, e.g. `3,12,5`; the majority is taken, a tie asks you to pick, and the
    /// tallies go into the debrief, the saved progress and the transcript.
    #[arg(long)]
    pub classroom: bool,
}

/// Runs `jigsaw play`.
pub fn run(args: &PlayArgs) -> Exit {
    let script = match args.inputs.as_deref().map(parse_script).transpose() {
        Ok(script) => script.unwrap_or_default(),
        Err(message) => {
            eprintln!("jigsaw play: --inputs: {message}");
            return Exit::Usage;
        }
    };
    let loaded = match super::load_playable(
        "play",
        &args.scenario,
        args.rubric.as_ref(),
        args.approximate,
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let (checked, rubric) = (&loaded.checked, &loaded.rubric);
    let Some(scenario) = checked.playable() else {
        return Exit::Problems;
    };

    // A save file that cannot be written is found now, not after the first step.
    if let Some(path) = &args.save
        && let Err(message) = check_save(path)
    {
        eprintln!("jigsaw play: {message}");
        return Exit::Problems;
    }
    let mut session = match resume_or_start(args, scenario) {
        Ok(session) => session,
        Err(message) => {
            eprintln!("jigsaw play: {message}");
            return Exit::Problems;
        }
    };

    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    // Nothing from the scenario or the learner reaches the terminal unfiltered. With
    // `--json`, the session is shown on standard error so standard output is the JSON alone.
    let mut out = Terminal(std::io::stdout().lock());
    let mut shown = Terminal(std::io::stderr().lock());
    let game = TerminalPlay {
        scenario,
        rubric,
        bounds: checked.bounds(),
        save: args.save.as_ref(),
        json: args.json,
        width: terminal_width(if args.json { 2 } else { 1 }),
        clock: std::cell::RefCell::new(crate::report::transcript::StepClock::starting_now()),
    };
    game.clock.borrow_mut().stamp(&session);
    if args.classroom && session.classroom.is_none() {
        let group = match args.group.as_deref().map(str::trim) {
            Some(group) if !group.is_empty() => group.to_string(),
            _ => match game.ask_group(&mut input, if args.json { &mut shown } else { &mut out }) {
                Ok(group) => group,
                Err(_) => "Group".to_string(),
            },
        };
        session.run_with_group(&group);
    }
    let result = if args.json {
        game.play(&mut session, script, &mut input, &mut shown, Some(&mut out))
    } else {
        game.play(&mut session, script, &mut input, &mut out, None)
    };
    if let (Ok(()), Some(path)) = (&result, &args.transcript) {
        let identity = super::report::identity(args.learner.as_deref(), args.group.as_deref());
        let clock = game.clock.borrow();
        let saved = super::report::save_transcript(
            path,
            &session,
            checked,
            args.rubric.as_ref(),
            &identity,
            &clock,
        );
        if let Err(message) = saved {
            eprintln!("jigsaw play: {message}");
            return Exit::Problems;
        }
    }
    match result {
        Ok(()) => Exit::Success,
        Err(PlayError::Script(message)) => {
            let _ = out.flush();
            eprintln!("jigsaw play: --inputs: {message}");
            Exit::Problems
        }
        Err(PlayError::Io(error)) => {
            eprintln!("jigsaw play: {error}");
            Exit::Problems
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
        // A saved session is a few KB; the limit only stops a wrong path from filling memory.
        let text = crate::store::read_text(path, 16 * 1024 * 1024).map_err(|e| {
            format!(
                "cannot read saved progress `{}`: {e}",
                crate::diagnostic::shown(path)
            )
        })?;
        let saved: Session = serde_json::from_str(&text).map_err(|e| {
            format!(
                "saved progress `{}` is damaged ({e}); move it away to start again",
                crate::diagnostic::shown(path)
            )
        })?;
        if saved.scenario_id != scenario.id.value {
            return Err(format!(
                "saved progress `{}` belongs to scenario `{}`, not `{}`",
                crate::diagnostic::shown(path),
                saved.scenario_id,
                scenario.id.value
            ));
        }
        // Replay rather than trust the file: the scenario may have changed since, and the
        // session carries on only if the scene it was in still exists.
        return Session::resume(scenario, &saved).map_err(|e| {
            format!(
                "saved progress `{}` no longer fits this scenario ({e}); move it away to start again",
                crate::diagnostic::shown(path)
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
struct TerminalPlay<'a> {
    scenario: &'a Scenario,
    rubric: &'a Rubric,
    bounds: Option<&'a Bounds>,
    save: Option<&'a PathBuf>,
    json: bool,
    /// Columns to wrap text to.
    width: usize,
    /// When each step happened, for the transcript.
    clock: std::cell::RefCell<crate::report::transcript::StepClock>,
}

/// The narrowest and widest the text is wrapped to, whatever the terminal's width: prose
/// wider than about 100 columns is hard to read.
const WIDTH_RANGE: (usize, usize) = (40, 100);

/// The most of an answer that is read; the rest of a longer line is skipped.
const MAX_ANSWER_BYTES: usize = 200;

/// Standard output or error with every unprintable character (escape sequences, carriage
/// returns, backspaces, bidirectional overrides) removed, whatever its source: scenario
/// text, the learner's answers echoed back, or the debrief.
struct Terminal<W: Write>(W);

impl<W: Write> Write for Terminal<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        if text.chars().any(is_unprintable) {
            let clean: String = text.chars().filter(|c| !is_unprintable(*c)).collect();
            self.0.write_all(clean.as_bytes())?;
        } else {
            self.0.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The width to wrap to: `COLUMNS` if set, else the terminal's width (of standard output,
/// `fd` 1, or standard error, 2), else 80; kept within [`WIDTH_RANGE`].
fn terminal_width(fd: i32) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .or_else(|| window_columns(fd))
        .unwrap_or(80);
    // One column spare: some terminals wrap a line that fills the last column.
    columns
        .saturating_sub(1)
        .clamp(WIDTH_RANGE.0, WIDTH_RANGE.1)
}

#[cfg(unix)]
fn window_columns(fd: i32) -> Option<usize> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes a `winsize` into the struct we pass, and nothing else.
    let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn window_columns(_fd: i32) -> Option<usize> {
    None
}

/// Checks before play that progress can be saved at `path`: not a folder, and a file can
/// be written beside it. The message names the save file.
fn check_save(path: &std::path::Path) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "cannot save progress to `{}`: it is a folder; give a file name, e.g. `{}`",
            crate::diagnostic::shown(path),
            crate::diagnostic::shown(&path.join("progress.json"))
        ));
    }
    crate::store::check_writable(path).map_err(|e| {
        format!(
            "cannot save progress to `{}`: {e}; choose a file in a folder you can write to",
            crate::diagnostic::shown(path)
        )
    })
}

/// One answer typed at the prompt.
enum Answer {
    /// A line of text, at most [`MAX_ANSWER_BYTES`] long.
    Text(String),
    /// A line longer than that (skipped whole).
    TooLong,
    /// A line that is not UTF-8 text.
    NotText,
}

/// Reads one line of input, keeping at most [`MAX_ANSWER_BYTES`] of it; `None` at the end
/// of input.
fn read_answer(input: &mut dyn BufRead) -> std::io::Result<Option<Answer>> {
    let mut kept = Vec::new();
    let mut long = false;
    let mut any = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            break;
        }
        any = true;
        let (line, done) = match buffer.iter().position(|b| *b == b'\n') {
            Some(i) => (&buffer[..i], i + 1),
            None => (buffer, buffer.len()),
        };
        let room = MAX_ANSWER_BYTES.saturating_sub(kept.len());
        long |= line.len() > room;
        kept.extend_from_slice(&line[..line.len().min(room)]);
        let newline = done > line.len();
        input.consume(done);
        if newline {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if long {
        return Ok(Some(Answer::TooLong));
    }
    Ok(Some(match String::from_utf8(kept) {
        Ok(text) => Answer::Text(text),
        Err(_) => Answer::NotText,
    }))
}

impl TerminalPlay<'_> {
    /// Plays the session, showing it on `out`; the debrief goes to `debrief_out` (the same
    /// terminal, or standard output alone with `--json`).
    fn play<'a>(
        &self,
        session: &mut Session,
        script: Vec<Scripted>,
        input: &mut dyn BufRead,
        out: &'a mut dyn Write,
        debrief_out: Option<&'a mut dyn Write>,
    ) -> Result<(), PlayError> {
        let s = self.scenario;
        writeln!(out, "{}", self.wrap(&s.title))?;
        writeln!(
            out,
            "{}",
            "=".repeat(s.title.chars().count().min(self.width))
        )?;
        writeln!(out, "{}", self.wrap(&format!("You are: {}", s.role)))?;
        writeln!(
            out,
            "\n{}",
            self.wrap(&format!("Content note: {}", s.content_note.trim()))
        )?;
        let contract = "This is a fictional simulation: mistakes are how we learn. Type `q` to leave at any time.";
        writeln!(out, "\n{}", self.wrap(contract))?;
        writeln!(
            out,
            "{}",
            self.wrap(&format!(
                "Seed {} (replay this session with --seed {}).",
                session.seed, session.seed
            ))
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
            let arrival = session.visit_number();
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
                    let line = match read_answer(input)? {
                        None => {
                            writeln!(out, "\n(End of input: leaving the scenario.)")?;
                            break;
                        }
                        Some(Answer::Text(line)) => line,
                        Some(Answer::TooLong) => {
                            writeln!(
                                out,
                                "That answer is too long. Type a number to choose, or `?` for help."
                            )?;
                            continue;
                        }
                        Some(Answer::NotText) => {
                            writeln!(
                                out,
                                "That answer could not be read as text. Type a number to choose, or `?` for help."
                            )?;
                            continue;
                        }
                    };
                    if session.classroom.is_some() && classroom::looks_like_counts(line.trim()) {
                        if let Some(input_taken) = self.vote(session, line.trim(), input, out)? {
                            self.show_outcome(session, &input_taken, out)?;
                            self.save(session)?;
                        }
                        continue;
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
                        Err(error) => writeln!(
                            out,
                            "{}",
                            self.wrap(&format!("{error}. Type `?` for help."))
                        )?,
                    }
                }
            }
        }
        let debrief = Debrief::new(s, self.rubric, session, self.bounds);
        let debrief_out: &mut dyn Write = match debrief_out {
            Some(other) => other,
            None => out,
        };
        if self.json {
            let json = serde_json::to_string_pretty(&debrief).map_err(std::io::Error::other)?;
            writeln!(debrief_out, "{json}")?;
        } else {
            writeln!(
                debrief_out,
                "\n{}",
                fill_lines(&crate::report::text::debrief(&debrief), self.width)
            )?;
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
        let pad = self.width.saturating_sub(header.chars().count());
        writeln!(out, "\n{}{}", self.wrap(&header), "─".repeat(pad))?;
        writeln!(out, "{}", self.wrap(&scene.text))?;
        for (meter, value) in session.state.shown_meters(self.scenario) {
            writeln!(
                out,
                "{}",
                self.wrap(&format!("[{}: {value} of {}]", meter.name(), meter.max))
            )?;
        }
        if let Some(left) = session.time_left(self.scenario) {
            let words = crate::debrief::time_left_words(left);
            writeln!(out, "{}", self.wrap(&format!("[Time: {words}]")))?;
        }
        if let Some(discuss) = &scene.discuss {
            writeln!(
                out,
                "\n{}",
                self.wrap(&format!("For discussion: {}", discuss.trim()))
            )?;
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
                let item = format!("{}{time}   [look:{}]", o.label.trim(), o.id.value);
                writeln!(out, "  {}) {}", letter(n), self.wrap_indented(&item, 5))?;
            }
        }
        let choices = session.offered_choices(self.scenario);
        if !choices.is_empty() {
            let ask = if session.classroom.is_some() {
                "What does the group do?"
            } else {
                "What do you do?"
            };
            writeln!(out, "\n{ask}")?;
            for (n, (_, c)) in choices.iter().enumerate() {
                writeln!(out, "  {}) {}", n + 1, self.wrap_indented(&c.text, 5))?;
            }
            if session.classroom.is_some() {
                writeln!(out, "{}", self.wrap(classroom::VOTE_HINT))?;
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
            writeln!(out, "\n{}", self.wrap(&o.text))?;
        }
        if let Some(step) = session.last_effects() {
            for id in &step.revealed {
                if let Some(piece) = s.piece(id) {
                    let line = format!("Piece of the jigsaw: {} ({})", piece.title, piece.source);
                    writeln!(out, "\n  ◆ {}", self.wrap_indented(&line, 4))?;
                    if !piece.tells.is_empty() {
                        writeln!(out, "    {}", self.wrap_indented(&piece.tells, 4))?;
                    }
                }
            }
        }
        if let (Input::Choose(_), Some(reply)) = (input, session.reply(s)) {
            writeln!(out, "\n{}", self.wrap(reply))?;
        }
        if let Some(ending) = session.state.ending.as_deref().and_then(|id| s.ending(id)) {
            let title = self.wrap(&format!("══ {} ══", ending.title));
            writeln!(out, "\n{title}\n{}", self.wrap(&ending.text))?;
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
                let line = format!("{} ({}): {}", piece.title, piece.source, piece.tells);
                writeln!(out, "  ◆ {}", self.wrap_indented(&line, 4))?;
            }
        }
        Ok(())
    }

    fn save(&self, session: &Session) -> Result<(), PlayError> {
        self.clock.borrow_mut().stamp(session);
        if let Some(path) = self.save {
            let json = serde_json::to_vec_pretty(session).map_err(std::io::Error::other)?;
            write_atomically(path, &json).map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot save progress to `{}`: {e}",
                        crate::diagnostic::shown(path)
                    ),
                )
            })?;
        }
        Ok(())
    }

    /// `text` wrapped to the terminal.
    fn wrap(&self, text: &str) -> String {
        textwrap::fill(text.trim(), self.width)
    }

    /// `text` wrapped to the terminal after an `indent`-column marker, its later lines
    /// indented to match.
    fn wrap_indented(&self, text: &str, indent: usize) -> String {
        let options = textwrap::Options::new(self.width.saturating_sub(indent).max(20));
        textwrap::wrap(text.trim(), options).join(&format!("\n{}", " ".repeat(indent)))
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
        return Ok(Command::Step(Scripted::Look(cut(id.trim(), 80))));
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
                "There is nothing marked `{}` to look at. Type `?` for help.",
                cut(&lower, 40)
            )),
        };
    }
    Err(format!(
        "`{}` is not something I understand. Type `?` for help.",
        cut(text, 40)
    ))
}

/// At most `chars` characters of `text`, with `…` when cut: an echo never repeats a
/// whole long answer.
fn cut(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(chars).collect();
        short.push('…');
        short
    }
}

/// Wraps each line of `text` to `width`, continuing a long line under its own indent (and
/// under the text after a list marker such as `- ` or ` 3. `).
fn fill_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.chars().count() <= width {
            out.push_str(line);
        } else {
            let body = line.trim_start();
            let indent = line.len() - body.len();
            let marker = body
                .split_once(' ')
                .filter(|(m, _)| {
                    *m == "-"
                        || (m.ends_with('.')
                            && m[..m.len() - 1].chars().all(|c| c.is_ascii_digit()))
                })
                .map_or(0, |(m, _)| m.len() + 1);
            let hang = " ".repeat((indent + marker).min(width / 2));
            let options = textwrap::Options::new(width)
                .initial_indent(&line[..indent])
                .subsequent_indent(&hang);
            out.push_str(&textwrap::fill(body, options));
        }
        out.push('\n');
    }
    out
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
