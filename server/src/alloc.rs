//! The server's allocator: mimalloc, except that a block of 256 KiB or more comes straight
//! from the system (`mmap`) and goes straight back (`munmap`), as glibc's malloc does it.
//! Such a block is zero when it comes and its pages take memory only once written: sled
//! asks for about 20 MiB of zeroed counters at its start (`sled::metrics`, histograms it
//! writes only when built with its metrics), which mimalloc would clear byte by byte and so
//! keep resident for as long as the server runs (docs/perf.md, "The server at rest").

use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};

/// Blocks at least this big are the system's own.
const BIG: usize = 256 * 1024;
/// `mmap` gives page-aligned memory; a block asking for more alignment stays with mimalloc.
const PAGE: usize = 4096;

pub struct Alloc;

/// Whether a block of this layout is mapped on its own. A pure function of the layout, so
/// `dealloc` (which gets the layout `alloc` got) always finds a block where it came from.
fn mapped(layout: &Layout) -> bool {
    layout.size() >= BIG && layout.align() <= PAGE
}

unsafe fn map(size: usize) -> *mut u8 {
    // SAFETY: an anonymous private mapping of `size` bytes, no file, no fixed address.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        std::ptr::null_mut()
    } else {
        p.cast()
    }
}

unsafe impl GlobalAlloc for Alloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if mapped(&layout) {
            // SAFETY: `size` is the layout's, non-zero.
            unsafe { map(layout.size()) }
        } else {
            // SAFETY: forwarded as given.
            unsafe { MiMalloc.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if mapped(&layout) {
            // An anonymous mapping is zero already.
            // SAFETY: as in `alloc`.
            unsafe { map(layout.size()) }
        } else {
            // SAFETY: forwarded as given.
            unsafe { MiMalloc.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if mapped(&layout) {
            // SAFETY: `ptr` was mapped by `map` with this very size (see `mapped`).
            unsafe { libc::munmap(ptr.cast(), layout.size()) };
        } else {
            // SAFETY: `ptr` came from mimalloc with this layout.
            unsafe { MiMalloc.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller promises `new_size` with `layout.align()` is a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if !mapped(&layout) && !mapped(&new) {
            // SAFETY: forwarded as given.
            return unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        }
        // SAFETY: a new block by the new layout's rule, the bytes both hold copied, the old
        // block given back by its own rule.
        unsafe {
            let moved = self.alloc(new);
            if !moved.is_null() {
                std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            moved
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident_kib() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap()
    }

    #[test]
    fn big_zeroed_blocks_are_zero_and_take_no_memory_until_written() {
        // As sled's start asks: forty 512 KiB blocks of zeroed counters.
        let layout = Layout::from_size_align(512 << 10, 8).unwrap();
        let before = resident_kib();
        // SAFETY: a valid non-zero layout; each block is freed with it.
        unsafe {
            let blocks: Vec<*mut u8> = (0..40).map(|_| Alloc.alloc_zeroed(layout)).collect();
            assert!(blocks.iter().all(|p| !p.is_null()));
            let grew = resident_kib().saturating_sub(before);
            assert!(grew < 4 << 10, "20 MiB zeroed made {grew} KiB resident");
            for &p in &blocks {
                let block = std::slice::from_raw_parts(p, layout.size());
                assert!(block.iter().step_by(512).all(|&b| b == 0));
                Alloc.dealloc(p, layout);
            }
        }
    }

    #[test]
    fn a_block_keeps_its_bytes_as_it_grows_past_the_threshold_and_shrinks_back() {
        let small = Layout::from_size_align(1000, 8).unwrap();
        // SAFETY: each pointer is used within its size and freed with its last layout.
        unsafe {
            let p = Alloc.alloc(small);
            for i in 0..1000 {
                *p.add(i) = (i % 251) as u8;
            }
            let big = Alloc.realloc(p, small, BIG * 3);
            assert!(!big.is_null());
            *big.add(BIG * 3 - 1) = 7;
            let bigger = Alloc.realloc(big, Layout::from_size_align(BIG * 3, 8).unwrap(), BIG * 5);
            assert_eq!(*bigger.add(BIG * 3 - 1), 7);
            let back = Alloc.realloc(bigger, Layout::from_size_align(BIG * 5, 8).unwrap(), 500);
            for i in 0..500 {
                assert_eq!(*back.add(i), (i % 251) as u8);
            }
            Alloc.dealloc(back, Layout::from_size_align(500, 8).unwrap());
        }
    }

    #[test]
    fn a_block_aligned_beyond_a_page_stays_with_mimalloc() {
        let layout = Layout::from_size_align(BIG, 2 * PAGE).unwrap();
        assert!(!mapped(&layout));
        // SAFETY: a valid layout, freed with it.
        unsafe {
            let p = Alloc.alloc(layout);
            assert_eq!(p as usize % (2 * PAGE), 0);
            Alloc.dealloc(p, layout);
        }
    }
}
