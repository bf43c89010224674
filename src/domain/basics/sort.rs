//! Stable sorting through one shared sort routine.
//!
//! `slice::sort_by` is generic: every call site with its own closure gets its own copy of the
//! standard library's sort (≈ 4 KB of wasm each; there were 50). These functions sort *positions*
//! with one non-generic routine and then move the elements into place, so the app carries the
//! sort code once. They are stable, like `slice::sort_by`.

use std::cmp::Ordering;

/// Positions `0..n` ordered by `cmp` (stable). The only instantiation of the standard sort.
#[inline(never)]
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Moves `v[order[k]]` to position `k` for every `k`, in place (swaps along cycles).
fn apply<T>(v: &mut [T], order: Vec<usize>) {
    // dest[i]: where the element now at `i` must go.
    let mut dest = vec![0; order.len()];
    for (k, &from) in order.iter().enumerate() {
        dest[from] = k;
    }
    for i in 0..v.len() {
        while dest[i] != i {
            let d = dest[i];
            v.swap(i, d);
            dest.swap(i, d);
        }
    }
}

/// Like `v.sort_by(cmp)`.
pub fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let o = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    apply(v, o);
}

/// Like `v.sort_by_key(key)`.
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Like `v.sort_by_cached_key(key)`: each key computed once.
pub fn by_cached_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let o = order(v.len(), &|a, b| keys[a].cmp(&keys[b]));
    apply(v, o);
}

/// Like `v.sort()`.
pub fn natural<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}
