//! Waking the app from outside its frame loop.
//!
//! The app sleeps until something needs drawing ([`idle`](super::idle)). Some things happen
//! on other threads: the file watcher sees a saved scenario, the asset loader finishes
//! checking it. They call [`Waker::stay_awake_for`], which wakes the window's event loop
//! and keeps frames coming for a short while, long enough for Bevy to pick up the result.
//! Without a window (in tests) waking does nothing and frames run anyway.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;

type WakeFn = Box<dyn Fn() + Send + Sync>;

/// A handle other threads use to wake the app. Cloning shares it.
#[derive(Resource, Clone, Default)]
pub struct Waker {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    wake: Mutex<Option<WakeFn>>,
    busy_until: Mutex<Option<Instant>>,
}

impl Waker {
    /// Sets how to wake the event loop (done once the window exists).
    pub fn set(&self, wake: impl Fn() + Send + Sync + 'static) {
        if let Ok(mut slot) = self.inner.wake.lock() {
            *slot = Some(Box::new(wake));
        }
    }

    /// Wakes the event loop for one frame.
    pub fn wake(&self) {
        if let Ok(slot) = self.inner.wake.lock()
            && let Some(wake) = slot.as_ref()
        {
            wake();
        }
    }

    /// Wakes the event loop and keeps frames coming for `duration`: a file change takes a
    /// few frames to travel from the watcher through the loader into the library.
    pub fn stay_awake_for(&self, duration: Duration) {
        let until = Instant::now() + duration;
        if let Ok(mut busy) = self.inner.busy_until.lock() {
            *busy = Some(busy.map_or(until, |b| b.max(until)));
        }
        self.wake();
    }

    /// Whether frames should keep coming.
    pub fn busy(&self) -> bool {
        self.inner
            .busy_until
            .lock()
            .ok()
            .and_then(|b| *b)
            .is_some_and(|until| Instant::now() < until)
    }
}

/// Reasons to keep drawing frames even though nothing visible changes (autoplay stepping,
/// a screenshot in flight, files still loading). Each module holds and releases its own.
#[derive(Resource, Default, Debug)]
pub struct StayAwake {
    reasons: std::collections::BTreeSet<&'static str>,
}

impl StayAwake {
    /// Keeps frames coming until [`release`](Self::release)d.
    pub fn hold(&mut self, reason: &'static str) {
        self.reasons.insert(reason);
    }

    /// Lets the app sleep again, as far as `reason` is concerned.
    pub fn release(&mut self, reason: &'static str) {
        self.reasons.remove(reason);
    }

    /// Whether any reason holds.
    pub fn any(&self) -> bool {
        !self.reasons.is_empty()
    }
}
