//! Classroom mode in the app: the projector view (egui_kittest) and the flow through the
//! headless Bevy app: discussion gating, typed and phone tallies, ties, overrides, and the
//! tallies carried into the debrief and a resumed session.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jigsaw::app::classroom::{Room, RoomAction};
use jigsaw::app::screens::classroom::{ClassroomView, classroom_ui};
use jigsaw::app::session::{Action, Sitting};
use jigsaw::classroom::Decided;
use jigsaw::engine::Session;

use super::folder_with;
use super::headless::{app_for, file, playing, send, settle};

fn gated_view() -> ClassroomView {
    ClassroomView {
        group: "Team B".to_string(),
        scene_number: 1,
        speaker: "Case notes".to_string(),
        text: "Jamie was not brought to clinic.".to_string(),
        discuss: Some("What might two missed appointments mean?".to_string()),
        notes: Some("Ask who sees Jamie.".to_string()),
        choices: vec![
            (0, "Ring Jamie's mum.".to_string()),
            (1, "Send a letter.".to_string()),
            (2, "Ask the GP.".to_string()),
        ],
        hands: vec![0, 0, 0],
        counts: vec![0, 0, 0],
        ..ClassroomView::default()
    }
}

fn harness(view: ClassroomView) -> Harness<'static, ClassroomView> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(classroom_ui, view)
}

#[test]
fn the_options_stay_hidden_until_the_facilitator_shows_them() {
    let mut harness = harness(gated_view());
    harness.get_by_label("What might two missed appointments mean?");
    assert!(harness.query_by_label("Ring Jamie's mum.").is_none());
    // Notes are closed on the projector until asked for.
    assert!(harness.query_by_label("Ask who sees Jamie.").is_none());
    // A number key does nothing before the options are shown.
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(harness.state().room_action, None);
    harness
        .get_by_role_and_label(Role::Button, "Show the options (O)")
        .click();
    harness.run();
    assert_eq!(harness.state().room_action, Some(RoomAction::ShowOptions));

    let mut harness = self::harness(gated_view());
    harness.key_press(Key::O);
    harness.run();
    assert_eq!(harness.state().room_action, Some(RoomAction::ShowOptions));
}

#[test]
fn number_keys_and_buttons_count_hands() {
    let mut view = gated_view();
    view.shown = true;
    let mut harness = harness(view);
    harness.get_by_label("Ring Jamie's mum.");
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(harness.state().room_action, Some(RoomAction::Add(1)));
    harness.state_mut().room_action = None;
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Num3);
    harness.run();
    assert_eq!(harness.state().room_action, Some(RoomAction::Remove(2)));
    harness.state_mut().room_action = None;
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().room_action, Some(RoomAction::Take(None)));
    harness.state_mut().room_action = None;
    harness.key_press(Key::F);
    harness.run();
    assert_eq!(harness.state().room_action, Some(RoomAction::ToggleNotes));
}

#[test]
fn phone_votes_show_a_count_not_the_split_until_revealed() {
    let mut view = gated_view();
    view.shown = true;
    view.counts = vec![7, 2, 0];
    view.phones = Some(jigsaw::app::screens::classroom::PhonesView {
        url: "http://192.0.2.1:8765/#ABCD".to_string(),
        code: "ABCD".to_string(),
        voters: 9,
        devices: 11,
        open: true,
        qr: jigsaw::app::classroom::qr_modules("http://192.0.2.1:8765/#ABCD"),
    });
    let harness = harness(view.clone());
    harness.get_by_label("9 phones have voted");
    harness.get_by_label("ABCD");
    harness.get_by_label("QR code of the vote page's address");
    assert!(harness.query_by_label("7 votes").is_none());
    assert!(harness.query_by_label("7 of 9").is_none());

    view.revealed = true;
    let mut harness = self::harness(view);
    harness.get_by_label("7 votes");
    // Beside each option that is not the majority's: take it instead (an override).
    harness
        .get_all_by_role_and_label(Role::Button, "Take this instead")
        .next()
        .expect("an override button")
        .click();
    harness.run();
    assert_eq!(harness.state().room_action, Some(RoomAction::Take(Some(1))));
}

#[test]
fn a_tie_asks_the_facilitator_to_pick() {
    let mut view = gated_view();
    view.shown = true;
    view.revealed = true;
    view.counts = vec![4, 4, 1];
    view.hands = vec![4, 4, 1];
    view.tied = Some(vec![0, 1]);
    let mut harness = harness(view);
    harness.get_by_label("A tie between options 1 and 2: pick the one the group takes.");
    let picks: Vec<_> = harness
        .get_all_by_role_and_label(Role::Button, "Take this one")
        .collect();
    assert_eq!(picks.len(), 2);
    picks[1].click();
    harness.run();
    assert_eq!(harness.state().room_action, Some(RoomAction::Take(Some(1))));
}

fn room(app: &bevy::app::App) -> &Room {
    app.world().resource::<Room>()
}

fn act(app: &mut bevy::app::App, action: RoomAction) {
    app.world_mut().write_message(action);
    app.update();
    app.update();
}

fn http(port: u16, request: &str) -> String {
    let mut stream =
        TcpStream::connect(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)).expect("connects");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

fn post(port: u16, path: &str, body: &str) -> String {
    http(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[test]
fn a_group_session_discusses_votes_and_decides_through_the_app() {
    let folder = folder_with(&["classroom.ron"]);
    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    send(&mut app, Action::Open(file(folder.path(), "classroom.ron")));
    send(
        &mut app,
        Action::StartWithGroup("Team B, 3 March".to_string()),
    );
    assert_eq!(
        playing(&app).session.classroom.as_ref().unwrap().group,
        "Team B, 3 March"
    );
    // The first scene has a discussion question: its options wait.
    assert!(!room(&app).shown);
    act(&mut app, RoomAction::Add(0));
    assert_eq!(room(&app).hands, [1, 0, 0], "hands can be counted early");
    act(&mut app, RoomAction::ShowOptions);
    assert!(room(&app).shown);
    for position in [0, 0, 1, 0] {
        act(&mut app, RoomAction::Add(position));
    }
    act(&mut app, RoomAction::Remove(0));
    assert_eq!(room(&app).hands, [3, 1, 0]);
    act(&mut app, RoomAction::Take(None));
    assert_eq!(playing(&app).session.state.scene, "call");
    // A scene with no question shows its options at once, with fresh counts.
    assert!(room(&app).shown);
    assert_eq!(room(&app).hands, [0, 0]);

    // Phones: the real server, reached over HTTP.
    act(&mut app, RoomAction::StartPhones);
    let (port, code) = {
        let phones = room(&app).phones.as_ref().expect("phone voting started");
        (phones.server.port(), phones.code.clone())
    };
    app.update();
    let decision = room(&app)
        .phones
        .as_ref()
        .unwrap()
        .ballot
        .expect("a ballot is open");
    for option in [1, 0, 1] {
        let joined = post(port, "/api/join", &format!("{{\"code\":\"{code}\"}}"));
        let token = joined
            .split("\"token\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let voted = post(
            port,
            "/api/vote",
            &format!(
                "{{\"code\":\"{code}\",\"token\":\"{token}\",\"decision\":{decision},\"option\":{option}}}"
            ),
        );
        assert!(voted.starts_with("HTTP/1.1 200"), "{voted}");
    }
    app.update();
    act(&mut app, RoomAction::Add(0)); // one hand from someone without a phone
    assert_eq!(room(&app).counts(), [2, 2]);
    // A tie: nothing happens until the facilitator picks.
    act(&mut app, RoomAction::Take(None));
    assert_eq!(room(&app).tied, Some(vec![0, 1]));
    assert_eq!(playing(&app).session.state.scene, "call");
    act(&mut app, RoomAction::Take(Some(1)));
    assert!(playing(&app).session.is_finished());
    let decisions = &playing(&app).session.classroom.as_ref().unwrap().decisions;
    assert_eq!(decisions.len(), 2);
    assert_eq!(decisions[0].decided, Decided::Majority);
    assert_eq!(decisions[1].decided, Decided::Tie);
    assert_eq!(
        decisions[1]
            .votes
            .iter()
            .map(|t| t.votes)
            .collect::<Vec<_>>(),
        [2, 2]
    );

    // A saved copy of the session resumes with its tallies.
    let json = serde_json::to_string(&playing(&app).session).unwrap();
    let saved: Session = serde_json::from_str(&json).unwrap();
    let resumed = Session::resume(&playing(&app).playable.scenario, &saved).unwrap();
    assert_eq!(resumed.classroom, playing(&app).session.classroom);

    // The debrief shows the split; the server stops when the session ends.
    send(&mut app, Action::ShowDebrief);
    app.update();
    let sitting = app.world().resource::<Sitting>();
    let debrief = &sitting.finished.as_ref().expect("a debrief").debrief;
    assert_eq!(debrief.votes.len(), 2);
    assert!(
        debrief.votes[0].sentence.starts_with("3 of 4 chose"),
        "{}",
        debrief.votes[0].sentence
    );
    assert!(
        room(&app).phones.is_none(),
        "the server stopped with the session"
    );
    assert!(TcpStream::connect(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)).is_err());
}

#[test]
fn an_override_is_recorded_through_the_app() {
    let folder = folder_with(&["classroom.ron"]);
    let mut app = app_for(folder.path(), false, |_| {});
    settle(&mut app);
    send(&mut app, Action::Open(file(folder.path(), "classroom.ron")));
    send(&mut app, Action::StartWithGroup(String::new()));
    act(&mut app, RoomAction::ShowOptions);
    act(&mut app, RoomAction::Add(1));
    act(&mut app, RoomAction::Add(1));
    act(&mut app, RoomAction::Take(Some(2)));
    let session = &playing(&app).session;
    assert_eq!(session.state.scene, "call");
    let decision = &session.classroom.as_ref().unwrap().decisions[0];
    assert_eq!((decision.chosen, decision.decided), (2, Decided::Override));
}
