//! The slowdown for bad tokens: an address that keeps sending unknown tokens waits longer
//! and longer for each refusal. Only refusals wait; a good token is never held back.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Bad tokens an address may send in a window before it is slowed.
pub const FREE_FAILURES: u32 = 10;
/// Failures older than this are forgotten.
pub const WINDOW: Duration = Duration::from_secs(10 * 60);
/// The first delay, doubled at each further failure up to [`MAX_DELAY`].
pub const FIRST_DELAY: Duration = Duration::from_millis(50);
pub const MAX_DELAY: Duration = Duration::from_secs(3);
/// Addresses tracked at most; past it the oldest are forgotten.
const MAX_TRACKED: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<IpAddr, Failures>>,
}

/// What one refusal costs the address that sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Penalty {
    /// Failures in the window, this one included.
    pub failures: u32,
    pub delay: Duration,
}

impl Throttle {
    /// Notes one more bad token from `addr` at `now`.
    pub fn fail(&self, addr: IpAddr, now: Instant) -> Penalty {
        let key = key(addr);
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_TRACKED && !map.contains_key(&key) {
            map.retain(|_, f| now.duration_since(f.last) <= WINDOW);
            if map.len() >= MAX_TRACKED {
                // A flood from that many addresses is not slowed by per-address delays
                // anyway; memory must stay bounded.
                map.clear();
            }
        }
        let entry = map.entry(key).or_insert(Failures {
            count: 0,
            last: now,
        });
        if now.duration_since(entry.last) > WINDOW {
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
        Penalty {
            failures: entry.count,
            delay: delay_after(entry.count),
        }
    }
}

impl Throttle {
    /// What every refusal of a bad token goes through, the API's and the host sign-in's
    /// alike: notes the failure of `client` (unknown: counted as one unknown address) and
    /// waits as long as its failures call for.
    pub async fn refuse(&self, client: Option<IpAddr>) {
        let addr = client.unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        let penalty = self.fail(addr, Instant::now());
        if !penalty.delay.is_zero() {
            tracing::warn!(
                client = %addr,
                failures = penalty.failures,
                delay_ms = penalty.delay.as_millis() as u64,
                "unknown tokens keep coming from one address; answering it slower"
            );
            tokio::time::sleep(penalty.delay).await;
        }
    }
}

/// No delay for the first [`FREE_FAILURES`], then 50 ms, 100 ms, 200 ms … up to 3 s.
pub fn delay_after(failures: u32) -> Duration {
    let Some(over) = failures.checked_sub(FREE_FAILURES + 1) else {
        return Duration::ZERO;
    };
    FIRST_DELAY
        .saturating_mul(1u32 << over.min(16))
        .min(MAX_DELAY)
}

/// An IPv6 client usually holds a whole /64: it counts as one address.
fn key(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !(u128::MAX >> 64)))
        }
        IpAddr::V6(v6) => IpAddr::V4(v6.to_ipv4_mapped().expect("checked")),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_starts_after_the_free_failures_and_doubles_up_to_a_cap() {
        assert_eq!(delay_after(1), Duration::ZERO);
        assert_eq!(delay_after(FREE_FAILURES), Duration::ZERO);
        assert_eq!(delay_after(FREE_FAILURES + 1), FIRST_DELAY);
        assert_eq!(delay_after(FREE_FAILURES + 2), FIRST_DELAY * 2);
        assert_eq!(delay_after(FREE_FAILURES + 3), FIRST_DELAY * 4);
        assert_eq!(delay_after(FREE_FAILURES + 40), MAX_DELAY);
        assert_eq!(delay_after(u32::MAX), MAX_DELAY);
    }

    #[test]
    fn failures_count_per_address_and_are_forgotten_after_the_window() {
        let throttle = Throttle::default();
        let a: IpAddr = "203.0.113.1".parse().unwrap();
        let b: IpAddr = "203.0.113.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.fail(a, t0).delay, Duration::ZERO);
        }
        assert_eq!(throttle.fail(a, t0).delay, FIRST_DELAY);
        assert_eq!(throttle.fail(b, t0).failures, 1, "another address is apart");
        let later = t0 + WINDOW + Duration::from_secs(1);
        assert_eq!(throttle.fail(a, later).failures, 1, "the window has passed");
    }

    #[test]
    fn an_ipv6_client_counts_as_its_64_bit_prefix() {
        let throttle = Throttle::default();
        let now = Instant::now();
        throttle.fail("2001:db8:1:2::1".parse().unwrap(), now);
        let second = throttle.fail("2001:db8:1:2:ffff::9".parse().unwrap(), now);
        assert_eq!(second.failures, 2);
        let other = throttle.fail("2001:db8:1:3::1".parse().unwrap(), now);
        assert_eq!(other.failures, 1);
    }
}
