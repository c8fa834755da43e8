//! Fault injection per operation, for users' retry and timeout tests:
//! throttle, fail with HTTP 500 or drop the connection for the next N
//! calls, and delay every call.

use std::sync::Arc;
use std::time::Duration;

use super::Shared;

/// What is planned for an operation's next calls.
#[derive(Debug, Default, Clone)]
pub(crate) struct FaultPlan {
    throttle: u32,
    fail: u32,
    drop: u32,
    delay: Option<Duration>,
}

/// What happens to one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    Delay(Duration),
    Drop,
    Fail,
    Throttle,
}

/// Takes the fault for the next call of `op`. Counted faults are used up in
/// the order drop, 500, throttle; a delay applies to every call (and to
/// none of the counted ones, which answer at once).
pub(crate) fn take(shared: &Shared, op: &str) -> Fault {
    let mut faults = shared.faults();
    let Some(plan) = faults.get_mut(op) else {
        return Fault::None;
    };
    for (n, fault) in [(&mut plan.drop, Fault::Drop), (&mut plan.fail, Fault::Fail), (&mut plan.throttle, Fault::Throttle)] {
        if *n > 0 {
            *n -= 1;
            return fault;
        }
    }
    plan.delay.map_or(Fault::None, Fault::Delay)
}

/// The faults of one operation of a running fake.
pub struct OperationFaults {
    shared: Arc<Shared>,
    op: &'static str,
}

impl OperationFaults {
    pub(crate) fn new(shared: Arc<Shared>, op: &'static str) -> Self {
        Self { shared, op }
    }

    fn edit(&self, f: impl FnOnce(&mut FaultPlan)) -> &Self {
        f(self.shared.faults().entry(self.op).or_default());
        self
    }

    /// The next `n` calls answer with the service's throttling error.
    pub fn throttle_next(&self, n: u32) -> &Self {
        self.edit(|p| p.throttle = n)
    }

    /// The next `n` calls answer HTTP 500 `InternalFailure`.
    pub fn fail_next(&self, n: u32) -> &Self {
        self.edit(|p| p.fail = n)
    }

    /// The next `n` calls get no answer: the connection is closed.
    pub fn drop_next(&self, n: u32) -> &Self {
        self.edit(|p| p.drop = n)
    }

    /// Every call waits `delay` before its handler runs (`None` stops it).
    pub fn delay(&self, delay: Option<Duration>) -> &Self {
        self.edit(|p| p.delay = delay)
    }

    /// Removes every fault of the operation.
    pub fn clear(&self) -> &Self {
        self.edit(|p| *p = FaultPlan::default())
    }
}
