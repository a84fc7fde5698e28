//! The word-start automaton: a byte trie of distinct strings, walked anchored.
//!
//! The linter looks entries up only where a word starts (see `index.rs`), so it needs no
//! failure links: an anchored walk from a word start follows the text's bytes down the trie
//! and reports every entry that ends on the way. An Aho-Corasick automaton builds failure links
//! and copies matches along them for every state, which was most of the cost of building it
//! (two thirds of the start-up of a 100,000-phrase user pack, a fifth of a pre-send process)
//! and bought nothing here.
//!
//! Layout: one array of edges. Each edge carries what the walk needs of the node it leads to
//! (the entry that ends there, where that node's own edges are and how many), so a step of the
//! walk reads one edge and the node's children lie side by side, sorted by byte. The root's
//! children are also indexed by a table of 256 entries.

/// No entry / no edge.
const NONE: u32 = u32::MAX;

/// Children lists longer than this are binary-searched (they are sorted by byte), shorter
/// ones scanned.
const SCAN_MAX: usize = 12;

/// One edge, with the node it leads to.
#[derive(Debug, Clone, Copy)]
struct Edge {
    /// Index in `edges` of the target node's first child edge.
    first: u32,
    /// The entry that is exactly the bytes walked to the target node, or [`NONE`].
    pattern: u32,
    /// How many child edges the target node has.
    len: u16,
    /// The byte this edge is taken on.
    label: u8,
}

/// A trie of distinct byte strings, walked anchored (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    /// For each first byte, the root's edge taken on it, or [`NONE`].
    root: Box<[u32; 256]>,
    edges: Vec<Edge>,
}

impl Trie {
    /// The trie of `texts`; entry `i` is `texts[i]`. Texts must be distinct and non-empty
    /// (an empty text is left out; of repeated ones, the first is the entry).
    pub(crate) fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Trie {
        let texts: Vec<&[u8]> = texts.into_iter().map(str::as_bytes).collect();
        let mut order: Vec<u32> = (0..texts.len() as u32).filter(|&i| !texts[i as usize].is_empty()).collect();
        order.sort_unstable_by(|&a, &b| texts[a as usize].cmp(texts[b as usize]).then(a.cmp(&b)));
        order.dedup_by(|a, b| texts[*a as usize] == texts[*b as usize]);
        let key = |k: usize| texts[order[k] as usize];
        // Breadth first over the sorted texts: a node is a range of texts sharing a prefix of
        // `depth` bytes; the text that is exactly that prefix sorts first in its range. Each
        // node's child edges are pushed together, so they are contiguous and sorted.
        let mut edges: Vec<Edge> = Vec::with_capacity(texts.len());
        // (edge leading to the node or NONE for the root, first text, end, depth); the root
        // comes first, so its child edges are `edges[..root_len]`.
        let mut queue = std::collections::VecDeque::from([(NONE, 0usize, order.len(), 0usize)]);
        let mut root_len = 0;
        while let Some((into, lo, hi, depth)) = queue.pop_front() {
            let mut k = lo;
            if into != NONE && key(k).len() == depth {
                edges[into as usize].pattern = order[k];
                k += 1;
            }
            let first = edges.len();
            while k < hi {
                let b = key(k)[depth];
                // Texts from k on are longer than `depth` and sorted: the run with byte b ends
                // at the first one with a larger byte there.
                let (mut l, mut r) = (k + 1, hi);
                while l < r {
                    let m = l + (r - l) / 2;
                    if key(m)[depth] <= b {
                        l = m + 1;
                    } else {
                        r = m;
                    }
                }
                let end = l;
                queue.push_back((edges.len() as u32, k, end, depth + 1));
                edges.push(Edge { first: 0, pattern: NONE, len: 0, label: b });
                k = end;
            }
            if into == NONE {
                root_len = edges.len();
            } else {
                let len = (edges.len() - first) as u16;
                let e = &mut edges[into as usize];
                e.first = first as u32;
                e.len = len;
            }
        }
        let mut root = Box::new([NONE; 256]);
        for (i, e) in edges[..root_len].iter().enumerate() {
            root[e.label as usize] = i as u32;
        }
        Trie { root, edges }
    }

    /// Calls `found(entry, end)` for every entry that occurs at `at` of `hay` (starts there),
    /// shortest first; `end` is the byte after it.
    #[inline]
    pub(crate) fn walk(&self, hay: &[u8], at: usize, mut found: impl FnMut(usize, usize)) {
        let Some(&b) = hay.get(at) else {
            return;
        };
        let mut e = self.root[b as usize];
        let mut i = at;
        while e != NONE {
            let edge = self.edges[e as usize];
            i += 1;
            if edge.pattern != NONE {
                found(edge.pattern as usize, i);
            }
            let Some(&b) = hay.get(i) else {
                return;
            };
            let kids = &self.edges[edge.first as usize..edge.first as usize + edge.len as usize];
            let k = if kids.len() <= SCAN_MAX {
                kids.iter().position(|k| k.label == b)
            } else {
                kids.binary_search_by_key(&b, |k| k.label).ok()
            };
            e = k.map_or(NONE, |k| edge.first + k as u32);
        }
    }
}
